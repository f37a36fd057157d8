package load

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// fuzzNestingSeeds hold values at, just past and far past the limit, and
// brackets where they do not count: strings of the four kinds, comments,
// quoted keys and table headers.
var fuzzNestingSeeds = []string{
	"a = " + deep(MaxNesting, "[", "1", "]") + "\n",
	"a = " + deep(MaxNesting+1, "[", "1", "]") + "\n",
	"x = " + deep(MaxNesting, "{a=", "1", "}") + "\n",
	"x = " + deep(MaxNesting+1, "{a=", "1", "}") + "\n",
	"x = " + deep(MaxNesting/2, "[{a=", "1", "}]") + "\n",
	"tags = " + deep(100_000, "[", "", "]") + "\n",
	"x = " + deep(20_000, "{a=", "1", "}") + "\n",
	"[[event]]\ntitle = \"[[[[\"\nsummary = '{{{{'\n# [[[[ {{{{\nsources = [{ name = \"]]\", url = \"}}\" }]\n",
	"a = \"\"\"\n[[[[\n\\\"\"\"[[\n\"\"\"\nb = '''\n{{{{\n'''\n",
	"a = \"\"\"x\"\"\"\"\"\nb = [[1], [2]]\n",
	"[\"a]\".'b[']\nc = [ # [[[\n  1, # ]]]\n]\n",
	"[[a]]\n[[a.b]]\n[[a.b.c]]\nd = [[[]]]\n",
	"a = \"\\\\\"\nb = '\\'\nc = [\"\\\"[\"]\n",
	"a = [\n[\n[\n]\n]\n]\n",
	"]]}}\na = [{}]\n",
	"a = \"[\nb = [[1]]\n",
	"a = '''\n[[[[\n",
	// One level short of the limit, with two brackets inside that do not count.
	"a = " + deep(MaxNesting-1, "[", `"[["`, "]") + "\n",
	"a = " + deep(MaxNesting-1, "[", `"\"[["`, "]") + "\n",
	"a = " + deep(MaxNesting-1, "[", `'{{'`, "]") + "\n",
	"a = " + deep(MaxNesting-1, "[", "\"\"\"\n[[\\\"\"\"\"", "]") + "\n",
	"a = " + deep(MaxNesting-1, "[", "'''[[\n'''", "]") + "\n",
	"a = " + deep(MaxNesting-1, "[", "# [[\n", "]") + "\n",
}

// FuzzNestingGuard checks tooDeep against what BurntSushi/toml makes of
// the same text: whatever the text, tooDeep returns, and points at a
// bracket when it refuses. On valid TOML it refuses exactly enough: a
// document whose values nest at most MaxNesting levels (counting every
// array and table, which brackets can only add to) is accepted, and an
// accepted one holds no more than MaxNesting arrays one inside the other
// (every level of []any is an inline array, so a bracket the guard saw).
func FuzzNestingGuard(f *testing.F) {
	for _, s := range fuzzNestingSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		at := tooDeep(text)
		if at >= len(text) || at >= 0 && !strings.ContainsRune("[{", rune(text[at])) {
			t.Fatalf("tooDeep(%q) = %d, not at a bracket", text, at)
		}
		// The guard exists because the parser is slow on deep text: leave
		// it the texts it can decode quickly.
		if strings.Count(text, "[")+strings.Count(text, "{") > 4*MaxNesting {
			return
		}
		var doc any
		if _, err := toml.Decode(text, &doc); err != nil {
			return
		}
		// The document itself is the one table no bracket opens.
		if levels := fuzzDepth(doc) - 1; levels <= MaxNesting && at >= 0 {
			t.Fatalf("tooDeep refused %q at %d, but its values nest only %d levels", text, at, levels)
		}
		if arrays := fuzzArrayDepth(doc); arrays > MaxNesting && at < 0 {
			t.Fatalf("tooDeep accepted %q, which has %d arrays one inside the other", text, arrays)
		}
	})
}

// fuzzDepth counts the levels of arrays and tables in v, v's own included.
func fuzzDepth(v any) int {
	inner := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			inner = max(inner, fuzzDepth(e))
		}
	case []map[string]any:
		for _, e := range v {
			inner = max(inner, fuzzDepth(e))
		}
	case []any:
		for _, e := range v {
			inner = max(inner, fuzzDepth(e))
		}
	default:
		return 0
	}
	return 1 + inner
}

// fuzzArrayDepth counts the inline arrays ([]any) on the deepest path in
// v, tables on the way not counted: inline tables may have dotted keys,
// which nest without brackets.
func fuzzArrayDepth(v any) int {
	most := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			most = max(most, fuzzArrayDepth(e))
		}
	case []map[string]any:
		for _, e := range v {
			most = max(most, fuzzArrayDepth(e))
		}
	case []any:
		most = 1
		for _, e := range v {
			most = max(most, 1+fuzzArrayDepth(e))
		}
	}
	return most
}
