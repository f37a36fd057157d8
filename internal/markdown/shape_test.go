package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// What goldmark v1.8.7 (configured as New does) took on texts of a shape
// repeated n times, on a 2-core x86-64 machine that renders ordinary
// articles at 15 to 20 MB/s (one run each; the machine was shared, so
// figures vary by up to twice):
//
//	shape                       n=10,000   n=50,000   n=100,000
//	[a](                        0.69 s     18.8 s     -
//	[a](<                       0.50 s     11.1 s     -
//	[a](⏎ (one per line)        0.06 s      1.1 s      5.1 s
//	[a](b "⏎                    0.17 s      3.5 s     12.8 s
//	[a]: b⏎ (reference defs)    0.06 s      3.0 s     18.2 s
//	[a]:⏎                       0.03 s      1.3 s      6.7 s
//	"[" n times, "](" n times   0.20 s      0.86 s     2.9 s
//	**_a                        0.61 s     23.0 s     -
//	*_a, _*a, ~~_a, _a*, **a_   0.33 s     12-17 s    -
//	' or " (one run)            0.06 s      1.3 s      5.1 s
//	x[^n] … [^n]: (footnotes)   0.83 s     24.0 s     -
//	> (one line, nested)        0.04 s      1.2 s      4.3 s
//	"- " (one line, nested)     0.38 s      8.5 s     -
//	1. (one line, nested)       0.16 s      7.6 s     15.6 s
//	lists nested by indent      depth 100: 0.003 s, 500: 0.22 s, 1,000: 2.7 s
//
// Linear, at 100,000: [ ![ *a _a *_ **a ~~a < <a <!-- ` `a (backtick runs)
// [a] [a][ [^a] www. http:// &# \ 'a "a ( [a](b [a](b) *a* a** <http
// a@b. rule-of-3 emphasis (**a* a***b** …), tables, headings, setext
// headings, fences, indented code, reference definitions between blank
// lines, footnote definitions alone or references alone. The slowest of
// them, at MaxSize: setext headings 1.3 MB/s (1.6 s), ATX headings
// 1.9 MB/s, raw HTML attributes 2.6 MB/s, tables of short rows 3 MB/s;
// ordinary articles render at 15 MB/s (0.14 s). So a text of MaxSize
// takes goldmark under two seconds unless it has a shape above.

func TestCheckRefuses(t *testing.T) {
	rep := strings.Repeat
	var footnotes strings.Builder
	for i := range 8000 {
		fmt.Fprintf(&footnotes, "A claim.[^n%d]\n\n", i)
	}
	firstFootnote := footnotes.Len()
	for i := range 8000 {
		fmt.Fprintf(&footnotes, "[^n%d]: A source.\n\n", i)
	}
	var indented strings.Builder
	for i := range MaxNesting + 1 {
		indented.WriteString(rep("  ", i) + "- item\n")
	}
	tests := []struct {
		name string
		src  string
		at   int
		msg  string
	}{
		{"too big", rep("A line of text.\n", MaxSize/16+1), 0,
			"this Markdown text is 2.0 MiB, over the limit of 2 MiB for one text (more takes the renderer too long); shorten it or split it into several"},
		{"unclosed links on one line", "Intro.\n\n" + rep("[a](", 20_000), 8,
			`20000 links in one paragraph, many opened with '[a](' and never closed by ')'; goldmark would take several seconds on this text; close the links, or escape their brackets as \[ and \]`},
		{"unclosed <links> on one line", rep("[a](<", 20_000), 0,
			"20000 links in one paragraph, many opened with '[a](' and never closed"},
		{"unclosed links, one per line", "Intro.\n\n" + rep("[a](\n", 30_000), 8,
			`30000 brackets [ ] in one paragraph of 30000 lines; goldmark would take several seconds on this text; split the paragraph with blank lines, or escape the brackets as \[ and \]`},
		{"link reference definitions", rep("[a]: /b\n", 30_000), 0,
			"30000 brackets [ ] in one paragraph of 30000 lines"},
		{"unclosed titles, one per line", rep("[a](b \"\n", 30_000), 0,
			"30000 brackets [ ] in one paragraph"},
		{"emphasis of two kinds", "Intro.\n\n" + rep("**_a", 15_000), 8,
			`14999 emphasis marks (* _ ~) left open in one paragraph; goldmark would take several seconds on this text; close them, escape them as \* \_ \~, or split the paragraph with blank lines`},
		{"underscores and strikethrough", rep("~~_a", 15_000), 0, "emphasis marks (* _ ~) left open"},
		{"a run of quotes", "She said " + rep(`"`, 50_000), 9,
			"a run of 50000 quote marks; goldmark would take several seconds on this text; shorten the run, or put it in a code block"},
		{"thousands of footnotes", footnotes.String(), firstFootnote,
			"8000 references to 8000 footnotes; goldmark would take several seconds on this text; use fewer footnotes, or split the text"},
		{"block quotes nested on one line", "Intro.\n\n" + rep(">", 100) + " deep", 8 + MaxNesting,
			"lists and block quotes nested more than 64 levels deep; goldmark's time grows with the square of the depth on every line; flatten them"},
		{"lists nested on one line", rep("- ", 100) + "deep", 2 * MaxNesting, "nested more than 64 levels deep"},
		{"lists and quotes nested on one line", rep("- > ", 40) + "deep", 2 * MaxNesting, "nested more than 64 levels deep"},
		{"lists nested by indentation", indented.String(), indented.Len() - len("- item\n"), "nested more than 64 levels deep"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at, msg := Check(tc.src)
			if at != tc.at || !strings.Contains(msg, tc.msg) {
				t.Errorf("Check = %d, %q\nwant   %d, %q", at, msg, tc.at, tc.msg)
			}
		})
	}
}

func TestCheckAccepts(t *testing.T) {
	rep := strings.Repeat
	const ordinary = "A *line* of [text](https://example.com).\n\n"
	var links, footnotes, table, deep strings.Builder
	for i := range 500 {
		fmt.Fprintf(&links, "See [source %d](https://example.com/a/%d \"Source %d\") and ", i, i, i)
	}
	for i := range 300 {
		fmt.Fprintf(&footnotes, "A claim.[^%d] Another (see [^%d]).\n\n", i, i)
	}
	for i := range 300 {
		fmt.Fprintf(&footnotes, "[^%d]: A source, [linked](https://example.com/%d).\n", i, i)
	}
	table.WriteString("| Date | Source |\n|---|---|\n")
	for i := range 2000 {
		fmt.Fprintf(&table, "| 2025-09-%02d | [*Daily* %d](https://example.com/%d) |\n", i%30+1, i, i)
	}
	for i := range 10 {
		deep.WriteString(rep("  ", i) + "- " + rep("> ", 3) + "level\n")
	}
	tests := []struct{ name, src string }{
		{"empty", ""},
		{"500 links with titles in one paragraph", links.String()},
		{"500 links in a list", rep("- [A source](https://example.com/a_(b)) by *someone*\n", 500)},
		{"a long paragraph of dialogue and emphasis", rep(`He said, "it's *really* _fine_," and **left**; she didn't. `, 5000)},
		{"a transcript paragraph with bracketed notes", rep("SPEAKER: I was [inaudible] there, *yes*.\n", 3000)},
		{"a fenced code block of brackets and stars", "```go\n" + rep("a := [][]int{{1}, {*p}} // _x **y [a]( \"\"\"\n", 20_000) + "```\n"},
		{"a tilde fence in a quote", "> ~~~\n" + rep("> [a]( *_ **_a\n", 20_000) + "> ~~~\n"},
		{"an indented code block", "Code:\n\n" + rep("    x = [a]([b]( *_a **_a\n", 20_000)},
		{"300 footnotes", footnotes.String()},
		{"a table of 2000 rows", table.String()},
		{"lists and quotes nested 40 deep", deep.String()},
		{"a thematic break of many dashes", rep("- ", 200) + "\n\nText.\n"},
		{"MaxSize of ordinary text", rep(ordinary, MaxSize/len(ordinary))},
	}
	articles, _ := filepath.Glob("../../content/articles/*.md")
	if len(articles) == 0 {
		t.Fatal("no articles in ../../content/articles")
	}
	for _, p := range articles {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, src string }{"example " + filepath.Base(p), string(data)})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if at, msg := Check(tc.src); at != -1 || msg != "" {
				t.Errorf("Check = %d, %q; want it accepted", at, msg)
			}
		})
	}
}

// TestEstimates checks the cost Check reckons for shapes whose cost is
// known exactly: the sum of what each mark makes goldmark scan.
func TestEstimates(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want float64 // nanoseconds
	}{
		{"closed links cost their address", "[a](bcd) [e](fg)", nsPerBracketLine*2 + nsPerAddressByte*(3+2)},
		{"an address runs to the blank", "[a](bcd efg", nsPerBracketLine + nsPerAddressByte*3},
		{"an address runs over nested parentheses", "[a](b(c)d)", nsPerBracketLine + nsPerAddressByte*5},
		{"a <address> runs to '>'", "[a](<bc> x", nsPerBracketLine + nsPerAddressByte*3},
		{"a title runs to its closing quote", `[a](b "cd") x`, nsPerBracketLine + nsPerAddressByte + nsPerTitleByte*3 + nsPerQuoteStep*2},
		{"an unclosed title runs to the paragraph's end", "[a](b (cd\nef", nsPerBracketLine*2 + nsPerAddressByte + nsPerTitleByte*6},
		{"brackets cost the lines after them", "[a]\nb\nc\n\n[d]", nsPerBracketLine * (3 + 1)},
		{"escaped brackets cost nothing", `\[a\](b`, 0},
		{"matched emphasis costs nothing", "*a* _b_ **c** ~~d~~", 0},
		{"a closer walks over openers of other kinds", "_a *b _c d* e**", nsPerEmphasisStep * 1},
		{"a run of quotes", `"""`, nsPerQuoteStep * 6},
		{"footnotes", "a[^1] b[^2]\n\n[^1]: x\n[^2]: y\n", nsPerFootnoteStep*2*2 + nsPerBracketLine*2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, got := estimate(tc.src); got != time.Duration(tc.want) {
				t.Errorf("estimate(%q) = %v ns, want %v", tc.src, int64(got), tc.want)
			}
		})
	}
}

// TestAcceptedShapesRender renders each slow shape at the largest size
// Check accepts, to show that goldmark gets through it; the log has how
// long it took (go test -v -run TestAcceptedShapesRender).
func TestAcceptedShapesRender(t *testing.T) {
	if testing.Short() {
		t.Skip("renders texts that take goldmark a second or more")
	}
	shapes := []string{"[a](", "[a](<", "[a](\n", "[a]: /b\n", "[a](b \"\n", "**_a", "~~_a", `"`}
	r := New(false)
	for _, s := range shapes {
		n := 1
		for at, _ := Check(strings.Repeat(s, 2*n)); at < 0 && 2*n*len(s) <= MaxSize; at, _ = Check(strings.Repeat(s, 2*n)) {
			n *= 2
		}
		src := strings.Repeat(s, n)
		start := time.Now()
		if _, err := r.Render(src); err != nil {
			t.Fatal(err)
		}
		_, _, est := estimate(src)
		t.Logf("%q × %d: estimated %v, took %v", s, n, est.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	}
}

// FuzzCheck checks that Check returns on any text, with an offset inside
// it exactly when it refuses.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"", "# Title\n\nSome *text* with a [link](https://example.com \"t\").\n",
		"[a]([b](<c\n> [d]( \"e\n", "- a\n  - b\n    > c\n\n```\n[[\n```\n", "**_a**_a~~_", `''"""`,
		"x[^1]\n\n[^1]: y\n", "\\[a\\](b\\", "1. a\n2) b\n\n    code\n", "> ~~~\n> x\n~~~\n",
		strings.Repeat(">", MaxNesting+1), strings.Repeat("- ", MaxNesting+1) + "a", "a\r\n[b](\r\nc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		at, msg := Check(src)
		if (at < 0) != (msg == "") || at >= max(len(src), 1) {
			t.Fatalf("Check(%q) = %d, %q", src, at, msg)
		}
	})
}
