package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestLinkOffsets writes a link to a missing address in every kind of
// block and checks the line and column LinkOffsets and Position give it:
// "^" in the want column marks the place in the line shown.
func TestLinkOffsets(t *testing.T) {
	tests := []struct {
		name string
		src  string
		dest string
		want []string // line:col of each place
	}{
		{"paragraph, after other text", "Intro.\n\nSee [the arrival](/missing/) today.\n", "/missing/", []string{"3:5"}},
		{"characters, not bytes, before the link", "Café — voilà [x](/missing/)\n", "/missing/", []string{"1:14"}},
		{"tab counts as one character", "x\t[x](/missing/)\n", "/missing/", []string{"1:3"}},
		{"in an indented code block, found as text", "\t\tx [x](/missing/)\n", "/missing/", []string{"1:9"}},
		{"second line of a paragraph", "One\ntwo [x](/missing/)\n", "/missing/", []string{"2:5"}},
		{"list item", "- one\n- two\n  - nested [x](/missing/)\n", "/missing/", []string{"3:12"}},
		{"ordered list", "1. one\n2. see [x](/missing/)\n", "/missing/", []string{"2:8"}},
		{"block quote", "> quoted\n> > deeper [x](/missing/)\n", "/missing/", []string{"2:12"}},
		{"ATX heading", "# Title\n\n## See [x](/missing/)\n", "/missing/", []string{"3:8"}},
		{"setext heading", "See [x](/missing/)\n===\n", "/missing/", []string{"1:5"}},
		{"table cell", "| a | b |\n|---|---|\n| 1 | [x](/missing/) |\n", "/missing/", []string{"3:7"}},
		{"emphasis around the link", "*very [x](/missing/)*\n", "/missing/", []string{"1:7"}},
		{"image", "Look: ![a map](/missing.png)\n", "/missing.png", []string{"1:7"}},
		{"footnote text", "Text[^1].\n\n[^1]: See [x](/missing/).\n", "/missing/", []string{"3:11"}},
		{"two uses, two places", "[a](/missing/)\n\nand [b](/missing/)\n", "/missing/", []string{"1:1", "3:5"}},
		{"only the matching address", "[a](/fine/) [b](/missing/)\n", "/missing/", []string{"1:13"}},
		{"address as rendered: escaped", "[a](/caf%C3%A9/) [b](</café/>)\n", "/caf%C3%A9/", []string{"1:1", "1:18"}},
		{"full reference: at its definition", "See [x][ref] and [y][REF].\n\n[ref]: /missing/\n", "/missing/", []string{"3:1"}},
		{"collapsed and shortcut references", "[Ref][] and [ref].\n\n  [ref]:\n  /missing/\n", "/missing/", []string{"3:3"}},
		{"definition in a block quote", "> [x][r]\n>\n> [r]: /missing/\n", "/missing/", []string{"3:3"}},
		{"first of two definitions", "[x][r]\n\n[r]: /missing/\n[r]: /other/\n", "/missing/", []string{"3:1"}},
		{"autolink", "Go to <https://example.org/x> now\n", "https://example.org/x", []string{"1:7"}},
		{"bare autolink", "Go to https://example.org/x now\n", "https://example.org/x", []string{"1:7"}},
		{"raw HTML, found as text", "<p><a href=\"/missing/\">x</a></p>\n", "/missing/", []string{"1:13"}},
		{"not there", "[a](/fine/)\n", "/missing/", nil},
	}
	r := New(true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, at := range r.LinkOffsets(tt.src, tt.dest) {
				line, col := Position(tt.src, at)
				got = append(got, fmt.Sprintf("%d:%d", line, col))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("places of %q in\n%s\ngot %v, want %v", tt.dest, tt.src, got, tt.want)
			}
		})
	}
}

// TestLinkOffsetsMatchRender checks that the address LinkOffsets matches
// is the one Render writes: each link it places must be found in the HTML.
func TestLinkOffsetsMatchRender(t *testing.T) {
	src := "[a](/x y/) [b](</a b/>) [c](/a&amp;b/) [d](/%41/) [e](/\u00e9/)\n"
	r := New(false)
	html, err := r.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{"/a%20b/", "/a&b/", "/%41/", "/%C3%A9/"} {
		if len(r.LinkOffsets(src, dest)) != 1 {
			t.Errorf("%q: not placed once; HTML %s", dest, html)
		}
		if !strings.Contains(string(html), `"`+strings.ReplaceAll(dest, "&", "&amp;")+`"`) {
			t.Errorf("%q is not an address Render wrote: %s", dest, html)
		}
	}
}
