// Package markdown is the one place Dateline configures goldmark. It renders
// CommonMark with GitHub tables, strikethrough, autolinks and task lists,
// footnotes, typographic quotes and heading ids.
//
// Output is safe to place in a page: raw HTML in the source is omitted unless
// the site opts in for trusted content, and a link or image whose address is
// neither http(s) nor relative keeps only its text, so javascript:, data:,
// vbscript: and mailto: URLs never reach an href or src, however they are spelt.
//
// Goldmark takes time that grows faster than the text on some shapes of
// Markdown (unclosed links piling up in a paragraph, deep nesting, …):
// Check, run on every text before it is rendered, refuses those it would
// take more than about a second on, and any text over MaxSize.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer turns Markdown into HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a renderer. unsafe lets raw HTML through; only for content
// whose every author is trusted.
func New(unsafe bool) *Renderer {
	rendererOpts := []goldmark.Option{}
	if unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	md := goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkFilter{}, 100)),
		),
	)...)
	return &Renderer{md: md}
}

// Render converts src to HTML. Goldmark has no failure mode on text input;
// the error is that of writing to memory and is returned for completeness.
func (r *Renderer) Render(src string) (template.HTML, error) {
	out := outputs.Get().(*output)
	defer out.release()
	// Handing goldmark a buffered writer saves it making one for every
	// text, of which a big site has tens of thousands.
	if err := r.md.Convert([]byte(src), out.w); err != nil {
		return "", err
	}
	// This is the one place Dateline marks text as HTML: goldmark escapes
	// text and, unless the site opted in, omits raw HTML.
	return template.HTML(out.buf.String()), nil
}

// An output is where goldmark writes one text's HTML.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer // writes to buf
}

var outputs = sync.Pool{New: func() any {
	o := new(output)
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

func (o *output) release() {
	if o.buf.Cap() > 1<<20 {
		return // a rare huge text: let its memory go
	}
	o.buf.Reset()
	o.w.Reset(&o.buf)
	outputs.Put(o)
}

// Inline renders a one-paragraph text such as a summary without the <p>
// wrapper, for places where a block would not fit.
func (r *Renderer) Inline(src string) (template.HTML, error) {
	h, err := r.Render(src)
	s := strings.TrimSpace(string(h))
	if strings.HasPrefix(s, "<p>") && strings.HasSuffix(s, "</p>") && strings.Count(s, "<p>") == 1 {
		s = s[len("<p>") : len(s)-len("</p>")]
	}
	return template.HTML(s), err
}

// SafeURL reports whether u may be an href or src: http(s), or relative
// (a path, query or fragment) with no scheme at all.
func SafeURL(u string) bool {
	u = strings.TrimSpace(u)
	if strings.ContainsAny(u, "\x00\r\n\t") {
		return false
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch strings.ToLower(parsed.Scheme) {
	case "http", "https":
		return parsed.Host != ""
	case "":
		// A colon before any slash would make a browser see a scheme.
		first := strings.IndexAny(u, "/?#")
		colon := strings.IndexByte(u, ':')
		return colon < 0 || (first >= 0 && first < colon)
	}
	return false
}

// linkFilter unwraps links and drops images whose destination is not safe,
// keeping their text for the reader.
type linkFilter struct{}

func (linkFilter) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		// Destinations are checked as the renderer writes them, with entity
		// references and backslash escapes resolved: "&#106;avascript:" is
		// still javascript: to a browser.
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(util.URLEscape(n.Destination, true))) {
				unsafe = append(unsafe, n)
			}
		case *ast.Image:
			if !SafeURL(string(util.URLEscape(n.Destination, true))) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if n.AutoLinkType != ast.AutoLinkURL || !SafeURL(string(util.URLEscape(n.URL(reader.Source()), false))) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		replaceWithText(n, reader.Source())
	}
}

// replaceWithText puts the children (or, for an autolink, the label) of n
// in its place; an image's children are its alt text.
func replaceWithText(n ast.Node, source []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(source)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}
