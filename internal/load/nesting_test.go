package load

import (
	"strconv"
	"strings"
	"testing"
)

// deep is a value of n arrays or inline tables, one inside the other.
func deep(n int, open, inner, close string) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

func TestTooDeep(t *testing.T) {
	limit := deep(MaxNesting, "[", "1", "]")
	tests := []struct {
		name string
		text string
		want int // offset of the refused bracket, -1 for none
	}{
		{"no brackets", "a = 1\nb = \"x\"\n", -1},
		{"nesting at the limit", "a = " + limit + "\n", -1},
		{"one level past the limit", "a = " + deep(MaxNesting+1, "[", "1", "]") + "\n", 4 + MaxNesting},
		{"inline tables past the limit", "x = " + deep(MaxNesting+1, "{a=", "1", "}"), 4 + 3*MaxNesting},
		{"arrays and tables mixed", "x = " + deep(MaxNesting/2+1, "[{a=", "1", "}]"), 4 + 4*(MaxNesting/2)},
		{"levels closed before more open", "a = " + limit + "\nb = " + limit + "\n", -1},
		{"array of tables headers open no level", "[[event]]\na = " + limit + "\n[[event.sources]]\nb = " + limit + "\n", -1},
		{"table header with brackets in a quoted key", "[\"]]\"]\na = " + limit + "\n", -1},
		{"a header inside a value is an array", "a = [\n" + deep(MaxNesting, "[", "1", "]") + "\n]\n", 6 + MaxNesting - 1},
		{"brackets in a basic string", "a = \"" + strings.Repeat("[", 100) + "\"\nb = " + limit, -1},
		{"brackets in a literal string", "a = '" + strings.Repeat("{", 100) + "'\nb = " + limit, -1},
		{"escaped quote does not end a basic string", `a = "\"[[[[" ` + "\nb = " + limit, -1},
		{"backslash ends nothing in a literal string", `a = '\' ` + "\nb = " + limit, -1},
		{"brackets in a multi-line basic string", "a = \"\"\"\n" + strings.Repeat("[", 100) + "\n\\\"\"\"[\n\"\"\"\nb = " + limit, -1},
		{"brackets in a multi-line literal string", "a = '''\n" + strings.Repeat("{", 100) + "\n'''\nb = " + limit, -1},
		{"quotes before the closing three belong to the string", "a = \"\"\"x\"\"\"\"\"\nb = " + limit, -1},
		{"brackets in a comment", "# " + strings.Repeat("[", 100) + "\nb = " + limit, -1},
		{"an unclosed string ends at its line", "a = \"[[[\nb = " + deep(MaxNesting+1, "[", "", "]"), 13 + MaxNesting},
		{"brackets after a string count", "a = [\"]\"," + deep(MaxNesting, "[", "", "]") + "]", 9 + MaxNesting - 1},
		{"stray closers do not lower the depth below zero", "]]]]\na = " + deep(MaxNesting+1, "[", "", "]"), 9 + MaxNesting},
		{"unclosed multi-line string hides the rest", "a = '''\n" + deep(MaxNesting+1, "[", "", "]"), -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tooDeep(tc.text)
			if got != tc.want {
				t.Fatalf("tooDeep = %d, want %d", got, tc.want)
			}
			if got >= 0 && tc.text[got] != '[' && tc.text[got] != '{' {
				t.Fatalf("tooDeep = %d, at %q rather than a bracket", got, tc.text[got])
			}
		})
	}
}

// TestDeepNestingInFiles loads files whose values nest far too deep, of
// sizes that used to take the parser or key scanner minutes or all memory:
// each gives one problem at the bracket past the limit.
func TestDeepNestingInFiles(t *testing.T) {
	arrays := deep(100_000, "[", "", "]")
	tables := deep(20_000, "{a=", "1", "}")
	pastArrays := len("tags = ") + MaxNesting + 1
	pastTables := len("x = ") + 3*MaxNesting + 1
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{"100,000 arrays in an event",
			map[string]string{evPath: event("tags = " + arrays)},
			[]want{{evPath + ":4:" + strconv.Itoa(pastArrays), "nesting deeper than 64 levels of [ ] and { }; flatten this value"}}},
		{"20,000 inline tables in an event",
			map[string]string{evPath: event("x = " + tables)},
			[]want{{evPath + ":4:" + strconv.Itoa(pastTables), "nesting deeper than 64 levels"}}},
		{"deep nesting in front matter keeps the line of the .md file",
			map[string]string{mdPath: article(`author = "é"`, "x = "+tables)},
			[]want{{mdPath + ":4:" + strconv.Itoa(pastTables), "nesting deeper than 64 levels"}}},
		{"deep nesting in site.toml",
			map[string]string{ConfigFile: baseSite + "x = " + arrays + "\n"},
			[]want{{"site.toml:6:" + strconv.Itoa(len("x = ")+MaxNesting+1), "nesting deeper than 64 levels"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := Load(siteFS(tc.files), Options{})
			checkProblems(t, probs, tc.want)
		})
	}
}
