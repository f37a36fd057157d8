package build

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/markdown"
	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// linkChecker knows every file a build writes and finds the internal links
// of a page that point at none of them.
type linkChecker struct {
	base  string // the site's base path, "/" or "/repo/"
	files map[string]bool
	links func(page []byte) []string // pageLinks, or quotedLinks where it finds the same

	// Only for placing broken links, made when the first one is found:
	// a parser of the site's Markdown and a reader of its TOML strings.
	placing sync.Once
	md      *markdown.Renderer
	strings *load.Locator
}

func newLinkChecker(site *Site) *linkChecker {
	c := &linkChecker{base: site.Renderer.BasePath(), files: make(map[string]bool, len(site.Pages)+len(site.Static)), links: pageLinks}
	if site.plainMarkup() {
		c.links = quotedLinks
	}
	for _, p := range site.Pages {
		c.files[p.File] = true
	}
	for name := range site.Static {
		c.files[name] = true
	}
	return c
}

// check returns a problem for each broken internal link of page p, placed at
// the Markdown it came from when it did, else at the page's template.
func (c *linkChecker) check(site *Site, p render.Page, page []byte) timeline.Problems {
	if !strings.HasSuffix(p.File, ".html") {
		// Feeds, calendars and JSON hold absolute addresses, made by the
		// same code as the pages' links; only HTML is read for links.
		return nil
	}
	var probs timeline.Problems
	var seen map[string]bool // broken addresses already placed on this page
	for _, ref := range c.links(page) {
		var msg string
		if p.File == "404.html" && isPathRelative(ref) {
			// GitHub Pages and most servers answer a missing address at any
			// depth with this page, so a relative link would resolve
			// against that address, not against the page's own.
			msg = fmt.Sprintf("link %q on the 404 page is relative, so it breaks when the page is shown for a missing address deeper in the site; start it with / or use {{ url \"…\" }}", ref)
		} else {
			target, ok := c.resolve(p, ref)
			if ok && c.files[target] {
				continue
			}
			msg = fmt.Sprintf("link %q on page %s%s leads to no page of the site", ref, c.base, p.URL)
			if !ok {
				msg = fmt.Sprintf("link %q on page %s%s leaves the site's base path %s", ref, c.base, p.URL, c.base)
			}
		}
		// Every place the address is written is found at once, so a
		// second link to it on the page has been placed already.
		if seen[ref] {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[ref] = true
		for _, at := range c.origins(site, p, ref) {
			probs = append(probs, timeline.Problem{Pos: at, Msg: msg})
		}
	}
	return probs
}

// resolve maps an address found on page p to the output file it names.
// External and fragment-only addresses resolve to themselves as fine.
func (c *linkChecker) resolve(p render.Page, ref string) (string, bool) {
	if rel, ok := strings.CutPrefix(ref, c.base); ok && plainPath(rel) {
		// Nearly every link a page holds: the base path and a plain path
		// below it, which resolves to itself.
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		return rel, true
	}
	return c.resolveURL(p, ref)
}

// resolveURL is resolve for any address, by the rules of URLs.
func (c *linkChecker) resolveURL(p render.Page, ref string) (string, bool) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	if u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", true
	}
	from := &url.URL{Path: c.base + p.URL}
	abs := from.ResolveReference(u).Path
	if !strings.HasPrefix(abs, c.base) {
		return "", false
	}
	rel := strings.TrimPrefix(abs, c.base)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return path.Clean(rel), true
}

// pageLinks lists the local addresses in href and src attributes of a page.
func pageLinks(page []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				key, val, more := z.TagAttr()
				if k := string(key); k == "href" || k == "src" {
					if v := string(val); isLocal(v) {
						out = append(out, v)
					}
				}
				if !more {
					break
				}
			}
		}
	}
}

// quotedLinks is pageLinks for pages whose every attribute value is in
// double quotes and whose text never holds a bare double quote: what the
// built-in templates make, with Markdown that may not carry raw HTML, as
// html/template and goldmark escape " in text and write every attribute
// quoted. There, ` href="` and ` src="` start an attribute wherever they
// occur, so a plain byte search finds the same links as a tokenizer, many
// times faster.
func quotedLinks(page []byte) []string {
	var out []string
	for rest := page; ; {
		i := bytes.Index(rest, []byte(`="`))
		if i < 0 {
			return out
		}
		name := attrName(rest[:i])
		rest = rest[i+2:]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			return out
		}
		if name == "href" || name == "src" {
			v := string(rest[:end])
			if strings.IndexByte(v, '&') >= 0 {
				v = html.UnescapeString(v)
			}
			if isLocal(v) {
				out = append(out, v)
			}
		}
		rest = rest[end+1:]
	}
}

// attrName is the attribute name that before ends with, lower-cased, or ""
// when it does not end with a name preceded by a space.
func attrName(before []byte) string {
	start := len(before)
	for start > 0 && isNameByte(before[start-1]) {
		start--
	}
	if start == len(before) || start == 0 || !isSpace(before[start-1]) {
		return ""
	}
	return strings.ToLower(string(before[start:]))
}

func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == ':'
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' }

// plainPath reports whether rel is made only of segments of a-z, 0-9 and
// "-", each ended by "/": a path that needs no decoding or cleaning.
func plainPath(rel string) bool {
	prev := byte('/')
	for i := 0; i < len(rel); i++ {
		b := rel[i]
		switch {
		case b == '/' && prev == '/':
			return false
		case b == '/' || b == '-' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9':
		default:
			return false
		}
		prev = b
	}
	return rel == "" || prev == '/'
}

// isPathRelative reports whether ref is a path that does not start at the
// root, such as "style.css" or "../x/".
func isPathRelative(ref string) bool {
	u, err := url.Parse(ref)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/")
}

func isLocal(ref string) bool {
	switch {
	case strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//"):
		return true
	case strings.HasPrefix(ref, "https://"), strings.HasPrefix(ref, "http://"):
		return false
	}
	u, err := url.Parse(ref)
	return err != nil || u.Scheme == "" && u.Host == "" && u.Path != ""
}

// origins are the places a broken link on page p was written: each link
// to ref in the Markdown of the article whose page it is, else in the
// Markdown of the first event's summary or update note (or article's summary) on the page
// that links to it, else the page's template. A link in Markdown is
// placed at its own line and column (see markdown.LinkOffsets); finding
// that means parsing the text again, done only for links that are broken.
func (c *linkChecker) origins(s *Site, p render.Page, ref string) []timeline.Pos {
	quoted := `"` + html.EscapeString(ref) + `"`
	if len(p.Articles) == 1 {
		a := p.Articles[0]
		if body, err := s.Renderer.Body(a); err == nil && strings.Contains(string(body), quoted) {
			return c.inBody(s, a, ref)
		}
	}
	for _, e := range p.Events {
		if strings.Contains(string(s.Renderer.Summary(e)), quoted) {
			return c.inString(s, e.KeyPos("summary"), e.Summary, ref)
		}
		for i, u := range e.Updates {
			if strings.Contains(string(s.Renderer.Note(e, i)), quoted) {
				at := u.Pos
				at.Key += ".note"
				return c.inString(s, at, u.Note, ref)
			}
		}
	}
	for _, a := range p.Articles {
		if a.Summary == "" || !strings.Contains(a.Summary, "](") && !strings.Contains(a.Summary, "]:") && !strings.Contains(a.Summary, "<") {
			continue // no link written in it: spare rendering it
		}
		c.setUpPlacing(s)
		if intro, err := c.md.Inline(a.Summary); err == nil && strings.Contains(string(intro), quoted) {
			return c.inString(s, a.KeyPos("summary"), a.Summary, ref)
		}
	}
	return []timeline.Pos{{Path: s.Renderer.TemplatePath(p.Template)}}
}

// setUpPlacing readies what placing a broken link needs.
func (c *linkChecker) setUpPlacing(s *Site) {
	c.placing.Do(func() {
		c.md = markdown.New(s.Model.Config.UnsafeMarkdown)
		c.strings = load.NewLocator(s.source)
	})
}

// inBody places each link to ref in the body of a, which starts on line
// a.BodyLine of its file, at column 1.
func (c *linkChecker) inBody(s *Site, a *timeline.Article, ref string) []timeline.Pos {
	c.setUpPlacing(s)
	var out []timeline.Pos
	for _, at := range c.md.LinkOffsets(a.Body, ref) {
		line, col := markdown.Position(a.Body, at)
		out = append(out, timeline.Pos{Path: a.Pos.Path, Line: a.BodyLine + line - 1, Col: col})
	}
	if len(out) == 0 {
		return []timeline.Pos{{Path: a.Pos.Path, Line: a.BodyLine}}
	}
	return out
}

// inString places each link to ref in src, the Markdown held by the TOML
// string at key, in that string as written in its file.
func (c *linkChecker) inString(s *Site, key timeline.Pos, src, ref string) []timeline.Pos {
	c.setUpPlacing(s)
	var out []timeline.Pos
	for _, at := range c.md.LinkOffsets(src, ref) {
		out = append(out, c.strings.Within(key, at))
	}
	if len(out) == 0 {
		return []timeline.Pos{key} // load.Locate gives it the key's line
	}
	return out
}
