package markdown

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// render renders src with a renderer that does or does not let raw HTML through.
func render(t *testing.T, unsafe bool, src string) string {
	t.Helper()
	h, err := New(unsafe).Render(src)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return string(h)
}

// parse reads rendered HTML the way a browser would.
func parse(t *testing.T, out string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parsing output %q: %v", out, err)
	}
	return doc
}

func walk(n *html.Node, visit func(*html.Node)) {
	visit(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

// textOf is the text a reader sees, with runs of space collapsed.
func textOf(doc *html.Node) string {
	var b strings.Builder
	walk(doc, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// urlAttrs returns every href and src value in doc, as a browser decodes them.
func urlAttrs(doc *html.Node) []string {
	var out []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		for _, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" {
				out = append(out, a.Val)
			}
		}
	})
	return out
}

var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.\-]*):`)

// browserScheme is the scheme a browser would see in an attribute value,
// following the WHATWG URL parser: leading and trailing C0 controls and
// spaces are stripped and tabs and newlines anywhere are removed. It is
// written independently of SafeURL, which is under test.
func browserScheme(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
	if m := schemeRE.FindStringSubmatch(v); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// checkURLs fails unless every href and src of out is http(s) or relative.
func checkURLs(t *testing.T, unsafe bool, src, out string) {
	t.Helper()
	for _, v := range urlAttrs(parse(t, out)) {
		switch browserScheme(v) {
		case "", "http", "https":
		default:
			t.Errorf("New(%v) on %q: output has the URL %q\noutput: %s", unsafe, src, v, out)
		}
	}
}

func TestRawHTML(t *testing.T) {
	tests := []struct {
		name, src string
		tag       string // element that must not appear by default
		attr      string // attribute that must not appear by default
		text      string // text that must stay
	}{
		{"script", "<script>alert(1)</script>\n\nafter", "script", "", "after"},
		{"img onerror", "<img src=x onerror=alert(1)>\n\nafter", "img", "onerror", "after"},
		{"iframe", "<iframe src=\"https://evil.example/\"></iframe>\n\nafter", "iframe", "src", "after"},
		{"inline b onclick", "some <b onclick=alert(1)>bold</b> text", "b", "onclick", "some bold text"},
		{"inline script", "a <script>alert(1)</script> b", "script", "", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, false, tt.src)
			doc := parse(t, out)
			walk(doc, func(n *html.Node) {
				if n.Type != html.ElementNode {
					return
				}
				if n.Data == tt.tag {
					t.Errorf("default output has a <%s>: %s", tt.tag, out)
				}
				for _, a := range n.Attr {
					if tt.attr != "" && a.Key == tt.attr {
						t.Errorf("default output has a %s attribute: %s", tt.attr, out)
					}
				}
			})
			if strings.HasPrefix(tt.src, "<") && strings.Contains(out, "alert(1)") {
				t.Errorf("default output keeps the HTML block: %s", out)
			}
			if !strings.Contains(textOf(doc), tt.text) {
				t.Errorf("default output lost the text %q: %s", tt.text, out)
			}

			trusted := render(t, true, tt.src)
			raw := tt.src
			if i := strings.IndexByte(raw, '<'); i >= 0 {
				raw = raw[i:]
				raw = raw[:strings.IndexByte(raw, '>')+1]
			}
			if !strings.Contains(trusted, raw) {
				t.Errorf("New(true) output lacks the raw HTML %q: %s", raw, trusted)
			}
		})
	}
}

func TestUnsafeURLsNeverReachAttributes(t *testing.T) {
	tests := []struct {
		src  string
		text string // what the reader still sees
	}{
		{"[click](javascript:alert(1))", "click"},
		{"[click](JaVaScRiPt:alert(1))", "click"},
		{"[click](javascript&colon;alert(1))", "click"},
		{"[click](javascript&#58;alert(1))", "click"},
		{"[click](javascript\\:alert(1))", "click"},
		{"[click](&#106;avascript:alert(1))", "click"},
		{"[click](&#x6A;avascript:alert(1))", "click"},
		{"[click](java\nscript:alert(1))", "click"},
		{"[click](<java\nscript:alert(1)>)", "click"},
		{"[click](java&#9;script:alert(1))", "click"},
		{"[click](java&#10;script:alert(1))", "click"},
		{"[click]( javascript:alert(1))", "click"},
		{"[click](&#32;javascript:alert(1))", "click"},
		{"[click](<javascript:alert(1)>)", "click"},
		{"[click](javascript:alert(1) \"title\")", "click"},
		{"[click](data:text/html,<script>alert(1)</script>)", "click"},
		{"[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "click"},
		{"[click](vbscript:msgbox(1))", "click"},
		{"[click](mailto:x@y)", "click"},
		{"[click](MAILTO:x@y)", "click"},
		{"[click](mailto&colon;x@y)", "click"},
		{"[click](&#109;ailto:x@y)", "click"},
		{"[click](file:///etc/passwd)", "click"},
		{"[click][r]\n\n[r]: javascript:alert(1)", "click"},
		{"[click][r]\n\n[r]: &#106;avascript:alert(1)", "click"},
		{"[click]\n\n[click]: mailto:x@y", "click"},
		{"[*nested* text](javascript:alert(1))", "nested text"},
		{"![alt text](javascript:alert(1))", "alt text"},
		{"![alt text](JaVaScRiPt:alert(1))", "alt text"},
		{"![alt text](javascript&colon;alert(1))", "alt text"},
		{"![alt text](&#106;avascript:alert(1))", "alt text"},
		{"![alt text](data:text/html,<script>alert(1)</script>)", "alt text"},
		{"![alt text](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", "alt text"},
		{"![alt text](data:image/png;base64,iVBORw0KGgo=)", "alt text"},
		{"![alt text](vbscript:msgbox(1))", "alt text"},
		{"![alt text](mailto:x@y)", "alt text"},
		{"[![alt text](javascript:alert(1))](javascript:alert(2))", "alt text"},
		{"<javascript:alert(1)>", "javascript:alert(1)"},
		{"<JaVaScRiPt:alert(1)>", "JaVaScRiPt:alert(1)"},
		{"<vbscript:msgbox(1)>", "vbscript:msgbox(1)"},
		{"<data:text/html,x>", "data:text/html,x"},
		{"<mailto:x@y.z>", "mailto:x@y.z"},
		{"<x@y.z>", "x@y.z"},
		{"write to x@y.z today", "write to x@y.z today"},
		{"see mailto:x@y.z here", "see mailto:x@y.z here"},
	}
	for _, tt := range tests {
		for _, unsafe := range []bool{false, true} {
			out := render(t, unsafe, tt.src)
			checkURLs(t, unsafe, tt.src, out)
			if got := textOf(parse(t, out)); !strings.Contains(got, tt.text) {
				t.Errorf("New(%v) on %q: text %q lost; reader sees %q\noutput: %s", unsafe, tt.src, tt.text, got, out)
			}
		}
	}
}

func TestSafeURLsSurvive(t *testing.T) {
	tests := []struct {
		src  string
		attr string // attribute as it must appear in the output
	}{
		{"[a](https://example.com/x?y=1#z)", `href="https://example.com/x?y=1#z"`},
		{"[a](http://example.com)", `href="http://example.com"`},
		{"[a](HTTPS://example.com)", `href="HTTPS://example.com"`},
		{"[a](/events/x/)", `href="/events/x/"`},
		{"[a](../a)", `href="../a"`},
		{"[a](a/b:c)", `href="a/b:c"`},
		{"[a](#fn)", `href="#fn"`},
		{"[a](?q=1)", `href="?q=1"`},
		{"[a][r]\n\n[r]: /events/x/", `href="/events/x/"`},
		{"![a](/img/x.png)", `src="/img/x.png"`},
		{"![a](https://example.com/x.png)", `src="https://example.com/x.png"`},
		{"<https://example.com/x>", `href="https://example.com/x"`},
		{"see https://example.com/x now", `href="https://example.com/x"`},
		{"see www.example.com now", `href="http://www.example.com"`},
	}
	for _, tt := range tests {
		for _, unsafe := range []bool{false, true} {
			out := render(t, unsafe, tt.src)
			if !strings.Contains(out, tt.attr) {
				t.Errorf("New(%v) on %q: want %s in\n%s", unsafe, tt.src, tt.attr, out)
			}
			checkURLs(t, unsafe, tt.src, out)
		}
	}
}

func TestExtensions(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"footnote", "A claim.[^1]\n\n[^1]: The source.\n",
			[]string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`, `<li id="fn:1">`, "The source.", `href="#fnref:1"`}},
		{"table", "| Day | Place |\n|-----|-------|\n| 1 | Beijing |\n",
			[]string{"<table>", "<th>Day</th>", "<td>Beijing</td>"}},
		{"strikethrough", "~~gone~~ here", []string{"<del>gone</del> here"}},
		{"typographer double", `He said "quoted" once.`, []string{"He said &ldquo;quoted&rdquo; once."}},
		{"typographer single", `'single' and it's`, []string{"&lsquo;single&rsquo; and it&rsquo;s"}},
		{"typographer dashes", "a -- b --- c...", []string{"a &ndash; b &mdash; c&hellip;"}},
		{"heading id", "## Hello World\n", []string{`<h2 id="hello-world">Hello World</h2>`}},
		{"heading ids unique", "# Day\n\n# Day\n", []string{`<h1 id="day">Day</h1>`, `<h1 id="day-1">Day</h1>`}},
		{"task list", "- [x] done\n- [ ] todo\n", []string{`<input checked="" disabled="" type="checkbox"`, `<input disabled="" type="checkbox"`}},
		{"escaped text", "a < b & c", []string{"a &lt; b &amp; c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, false, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("want %s in\n%s", w, out)
				}
			}
			checkURLs(t, false, tt.src, out)
		})
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://example.com", true},
		{"http://example.com/a?b=c#d", true},
		{"HTTPS://EXAMPLE.COM", true},
		{"  https://example.com  ", true},
		{"https:", false},
		{"https:/path", false},
		{"https:///path", false},
		{"http://", false},
		{"//example.com/x", true}, // protocol-relative: http(s) on an http(s) page
		{"/events/x/", true},
		{"../a", true},
		{"a", true},
		{"a/b:c", true},
		{"#fn", true},
		{"#a:b", true},
		{"?q=1", true},
		{"?q=a:b", true},
		{"", true},
		{"a:b", false},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{" javascript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"javascript\x00:alert(1)", false},
		{"data:text/html,x", false},
		{"vbscript:msgbox(1)", false},
		{"mailto:x@y", false},
		{"file:///etc/passwd", false},
		{"ftp://example.com", false},
		{"tel:+1", false},
		{"%6Aavascript:alert(1)", false},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.in); got != tt.want {
			t.Errorf("SafeURL(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"A *short* summary.", "A <em>short</em> summary."},
		{"  padded  \n", "padded"},
		{"", ""},
		{"One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"},
		{"- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"},
		{"# Title", `<h1 id="title">Title</h1>`},
		{"Para.\n\n- item", "<p>Para.</p>\n<ul>\n<li>item</li>\n</ul>"},
	}
	r := New(false)
	for _, tt := range tests {
		got, err := r.Inline(tt.src)
		if err != nil {
			t.Fatalf("Inline(%q): %v", tt.src, err)
		}
		if string(got) != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	r := New(false)
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			h, _ := r.Render("[x](javascript:alert(1)) and [y](/ok/)")
			done <- string(h)
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; strings.Contains(got, "javascript") || !strings.Contains(got, `href="/ok/"`) {
			t.Errorf("concurrent Render = %q", got)
		}
	}
}
