package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestWithin writes the same Markdown, "see [x](/gone/)", in every form of
// TOML string and checks that the "[" is placed where it was written, for
// the decoded text's offset of it. "^" marks the place in the want column.
func TestWithin(t *testing.T) {
	tests := []struct {
		name, path, text, key string
		want                  string
	}{
		{"basic string", evPath, lines("[[event]]", `title = "X"`, `summary = "see [x](/gone/)"`), "event.0.summary", "3:16"},
		{"characters before, not bytes", evPath, lines("[[event]]", `summary = "é—é see [x](/gone/)"`), "event.0.summary", "2:20"},
		{"escapes before", evPath, lines("[[event]]", `summary = "a\"\u00e9\n\\ see [x](/gone/)"`), "event.0.summary", "2:30"},
		{"literal string", evPath, lines("[[event]]", `summary='see [x](/gone/)'`), "event.0.summary", "2:14"},
		{"multi-line basic, first newline dropped", evPath, lines("[[event]]", `summary = """`, `Text.`, `see [x](/gone/)"""`), "event.0.summary", "4:5"},
		{"multi-line basic, line-ending backslash", evPath, lines("[[event]]", `summary = """Text \`, `    and  see [x](/gone/)"""`), "event.0.summary", "3:14"},
		{"multi-line literal", evPath, lines("[[event]]", `summary = '''`, `a\n see [x](/gone/)'''`), "event.0.summary", "3:9"},
		{"second event, quoted key", evPath, lines("[[event]]", `title = "A"`, "[[event]]", `"summary" = "see [x](/gone/)"`), "event.1.summary", "4:18"},
		{"front matter of an article", mdPath, lines("+++", `title = "A"`, `summary = "see [x](/gone/)"`, "+++", "", "Body."), "summary", "3:16"},
		{"key gone since: its table", evPath, lines("[[event]]", `title = "X"`), "event.0.summary", "1:1"},
		{"not a string: the key", evPath, lines("[[event]]", `summary = 3`), "event.0.summary", "2:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.path: {Data: []byte(tt.text)}}
			at := strings.Index(decoded(t, tt.text, tt.path, tt.key), "[x]")
			got := NewLocator(fsys).Within(timeline.Pos{Path: tt.path, Key: tt.key}, max(at, 0))
			if want := tt.path + ":" + tt.want; got.String() != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

// decoded is the string at key as the TOML parser gives it, "" if none.
func decoded(t *testing.T, text, path, key string) string {
	t.Helper()
	if strings.HasSuffix(path, ".md") {
		fm, err := splitFrontMatter(text)
		if err != nil {
			t.Fatal(err.msg)
		}
		text = fm.meta
	}
	raw, _, ok := (&loader{}).decode(path, text, 0)
	if !ok {
		t.Fatalf("%s does not parse", path)
	}
	var v any = raw
	for part := range strings.SplitSeq(key, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []map[string]any:
			i := int(part[0] - '0')
			v = x[i]
		}
	}
	s, _ := v.(string)
	return s
}
