package load

import (
	"strings"
	"testing"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, text      string
		meta, body      string
		metaLine, bodyL int
	}{
		{"plain", "+++\ntitle = \"A\"\n+++\nBody.\n", "title = \"A\"\n", "Body.\n", 2, 4},
		{"several lines and a blank line", "+++\na = 1\n\nb = 2\n+++\n\nBody.", "a = 1\n\nb = 2\n", "\nBody.", 2, 6},
		{"CRLF", "+++\r\ntitle = \"A\"\r\n+++\r\nBody.\r\n", "title = \"A\"\r\n", "Body.\r\n", 2, 4},
		{"blanks after the fences", "+++  \ntitle = \"A\"\n+++\t\nBody.", "title = \"A\"\n", "Body.", 2, 4},
		{"empty front matter", "+++\n+++\nBody.", "", "Body.", 2, 3},
		{"no body", "+++\ntitle = \"A\"\n+++", "title = \"A\"\n", "", 2, 4},
		{"+++ inside a line is not a fence", "+++\ntitle = \"a +++ b\"\n+++\nx +++\n+++\n", "title = \"a +++ b\"\n", "x +++\n+++\n", 2, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fm, err := splitFrontMatter(tc.text)
			if err != nil {
				t.Fatalf("error at line %d: %s", err.line, err.msg)
			}
			if fm.meta != tc.meta || fm.body != tc.body || fm.metaLine != tc.metaLine || fm.bodyLine != tc.bodyL {
				t.Errorf("got meta %q (line %d), body %q (line %d); want %q (line %d), %q (line %d)",
					fm.meta, fm.metaLine, fm.body, fm.bodyLine, tc.meta, tc.metaLine, tc.body, tc.bodyL)
			}
		})
	}
}

func TestSplitFrontMatterErrors(t *testing.T) {
	tests := []struct{ name, text, msg string }{
		{"empty", "", "empty article"},
		{"blank", " \n\t\n", "empty article"},
		{"no front matter", "# Title\n\nBody.\n", "an article must start with a line holding only +++"},
		{"front matter after a blank line", "\n+++\ntitle = \"A\"\n+++\n", "an article must start with a line holding only +++"},
		{"four plus signs", "++++\ntitle = \"A\"\n++++\n", "an article must start with a line holding only +++"},
		{"YAML", "---\ntitle: A\n---\nBody.\n", "not YAML between --- lines"},
		{"never closed", "+++\ntitle = \"A\"\n\nBody.\n", "never closed"},
		{"only the opening fence", "+++", "never closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := splitFrontMatter(tc.text)
			if err == nil {
				t.Fatal("no error")
			}
			if err.line != 1 || !strings.Contains(err.msg, tc.msg) {
				t.Errorf("got line %d %q, want line 1 …%s…", err.line, err.msg, tc.msg)
			}
		})
	}
}
