package timelinejs

import (
	"net/url"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Markdown turns the HTML of a TimelineJS text or a TimelineSetter cell
// into Markdown that says the same in words: tags are dropped, entities
// decoded, paragraphs and list items kept, bold and italics kept, links to
// http(s) addresses kept as Markdown links (others keep their text), and
// every character Markdown would read as markup escaped, so that text such
// as "*", "<b>" written as entities, or "1." at a line's start stays text.
// Scripts, styles, embeds and the links FromEvents adds are left out.
func Markdown(s string) string {
	c := &converter{}
	c.run(s)
	return c.result()
}

// PlainText is the text of an HTML fragment on one line, for a title: no
// tags, entities decoded, white space collapsed.
func PlainText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case skipped(a):
				skip++
			case block(a):
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case skipped(a) && skip > 0:
				skip--
			case block(a):
				b.WriteByte(' ')
			}
		case html.SelfClosingTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Br {
				b.WriteByte(' ')
			}
		}
	}
}

// skipped elements hold no text for a reader: code, styles, embeds.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Iframe, atom.Object, atom.Embed, atom.Template, atom.Noscript, atom.Svg, atom.Math, atom.Head, atom.Title:
		return true
	}
	return false
}

// block elements start a paragraph of their own.
func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Figure, atom.Figcaption, atom.Hr, atom.Dl, atom.Dt, atom.Dd, atom.Aside, atom.Nav, atom.Address:
		return true
	}
	return false
}

type converter struct {
	blocks []string        // finished paragraphs and list items
	listOf []int           // for each block, the list it is an item of, or 0
	lastID int             // the id of the latest list begun
	cur    strings.Builder // the block being written, already escaped
	space  bool            // a space is due before the next word
	prefix string          // "- " or "1. " for a list item
	lists  []atom.Atom     // the lists the text is in, innermost last
	listID []int           // their ids, to tell two lists apart
	links  []link          // the links open, innermost last
	open   map[string]int  // emphasis marks open in the block, by mark
	glue   bool            // the next word follows an opening mark without a space
}

type link struct {
	href  string // "" when not http(s): the text is kept alone
	start int    // where its text starts in cur
}

func (c *converter) run(s string) {
	z := html.NewTokenizer(strings.NewReader(s))
	skip, skipDepth := atom.Atom(0), 0 // the element left out, and how deep in it
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		tok := z.Token()
		a := tok.DataAtom
		if skipDepth > 0 {
			// Only elements of the kind left out are counted, which is
			// enough to find where it ends.
			switch {
			case tt == html.StartTagToken && a == skip:
				skipDepth++
			case tt == html.EndTagToken && a == skip:
				skipDepth--
			}
			continue
		}
		switch tt {
		case html.TextToken:
			c.text(tok.Data)
		case html.StartTagToken, html.SelfClosingTagToken:
			if skipped(a) || hasClass(tok, linksClass) {
				if tt == html.StartTagToken {
					skip, skipDepth = a, 1
				}
				continue
			}
			c.start(tok)
		case html.EndTagToken:
			c.end(a)
		}
	}
}

func hasClass(tok html.Token, class string) bool {
	for _, at := range tok.Attr {
		if at.Key == "class" && slices.Contains(strings.Fields(at.Val), class) {
			return true
		}
	}
	return false
}

func attr(tok html.Token, key string) string {
	for _, at := range tok.Attr {
		if at.Key == key {
			return strings.TrimSpace(at.Val)
		}
	}
	return ""
}

func (c *converter) start(tok html.Token) {
	a := tok.DataAtom
	switch {
	case a == atom.Ul || a == atom.Ol:
		c.flush()
		c.lastID++
		c.lists, c.listID = append(c.lists, a), append(c.listID, c.lastID)
	case a == atom.Li:
		c.flush()
		c.prefix = "- "
		if len(c.lists) > 0 && c.lists[len(c.lists)-1] == atom.Ol {
			c.prefix = "1. " // Markdown numbers the items itself
		}
	case block(a):
		c.flush()
	case a == atom.Strong || a == atom.B:
		c.openMark("**")
	case a == atom.Em || a == atom.I:
		c.openMark("*")
	case a == atom.A:
		// The space before the link goes before its "[".
		if c.space && c.cur.Len() > 0 {
			c.cur.WriteByte(' ')
		}
		c.space = false
		c.links = append(c.links, link{href: webURL(attr(tok, "href")), start: c.cur.Len()})
	case a == atom.Img:
		if src := webURL(attr(tok, "src")); src != "" {
			alt := attr(tok, "alt")
			if alt == "" {
				alt = "image"
			}
			c.word("[" + escapeMarkdown(strings.Join(strings.Fields(alt), " ")) + "](" + src + ")")
		}
	}
}

func (c *converter) end(a atom.Atom) {
	switch {
	case a == atom.Ul || a == atom.Ol:
		c.flush()
		if len(c.lists) > 0 {
			c.lists, c.listID = c.lists[:len(c.lists)-1], c.listID[:len(c.listID)-1]
		}
	case block(a):
		c.flush()
	case a == atom.Strong || a == atom.B:
		c.closeMark("**")
	case a == atom.Em || a == atom.I:
		c.closeMark("*")
	case a == atom.A && len(c.links) > 0:
		l := c.links[len(c.links)-1]
		c.links = c.links[:len(c.links)-1]
		if l.href == "" || l.start > c.cur.Len() {
			return
		}
		text := strings.TrimSpace(c.cur.String()[l.start:])
		if text == "" {
			text = escapeMarkdown(l.href)
		}
		before := c.cur.String()[:l.start]
		c.cur.Reset()
		c.cur.WriteString(before)
		c.cur.WriteString("[" + text + "](" + l.href + ")")
	}
}

// openMark and closeMark write an emphasis mark joined to the words it
// holds, as Markdown reads "** bold **" as text; the space HTML had inside
// the element goes outside the marks. A closing tag without its opening
// one writes nothing.
func (c *converter) openMark(m string) {
	if c.space && c.cur.Len() > 0 {
		c.cur.WriteByte(' ')
	}
	c.space = false
	c.cur.WriteString(m)
	if c.open == nil {
		c.open = map[string]int{}
	}
	c.open[m]++
	c.glue = true
}

func (c *converter) closeMark(m string) {
	if c.open[m] == 0 {
		return
	}
	c.open[m]--
	if s := c.cur.String(); strings.HasSuffix(s, m) && c.glue {
		// Nothing between the marks: take the opening one back.
		c.cur.Reset()
		c.cur.WriteString(strings.TrimSuffix(s, m))
		c.glue = false
		return
	}
	c.cur.WriteString(m)
}

// text adds the words of a text node, escaped, with HTML's white space
// rule: any run of it is one space.
func (c *converter) text(s string) {
	if s == "" {
		return
	}
	if unicode.IsSpace(rune(s[0])) {
		c.space = true
	}
	for i, w := range strings.Fields(s) {
		if i > 0 {
			c.space = true
		}
		c.word(escapeMarkdown(w))
	}
	if unicode.IsSpace(rune(s[len(s)-1])) {
		c.space = true
	}
}

func (c *converter) word(w string) {
	if c.glue {
		c.glue, c.space = false, false
	}
	if c.space && c.cur.Len() > 0 {
		c.cur.WriteByte(' ')
	}
	c.space = false
	c.cur.WriteString(w)
}

// flush ends the block being written.
func (c *converter) flush() {
	s := strings.TrimSpace(c.cur.String())
	c.cur.Reset()
	c.space, c.glue = false, false
	c.links = c.links[:0]
	// A mark left open would make emphasis of the blocks after it.
	for m, n := range c.open {
		s += strings.Repeat(m, n)
	}
	clear(c.open)
	if strings.Trim(s, "*") == "" {
		c.prefix = ""
		return
	}
	s = escapeLineStart(s)
	list := 0
	if c.prefix != "" {
		indent := strings.Repeat("  ", max(len(c.lists)-1, 0))
		s = indent + c.prefix + s
		c.prefix = ""
		if len(c.listID) > 0 {
			list = c.listID[len(c.listID)-1]
		}
	}
	c.blocks = append(c.blocks, s)
	c.listOf = append(c.listOf, list)
}

func (c *converter) result() string {
	c.flush()
	var b strings.Builder
	for i, s := range c.blocks {
		if i > 0 {
			// Items of one list follow each other; anything else is a
			// paragraph of its own.
			if c.listOf[i] != 0 && c.listOf[i] == c.listOf[i-1] {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// escapeMarkdown puts a backslash before each character that can start or
// end Markdown markup anywhere in a line, and before an & that could start
// an entity ("&amp;" written as text must not read as "&").
func escapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case strings.IndexByte("\\`*_[]<>|~", ch) >= 0:
			b.WriteByte('\\')
		case ch == '&' && entityAt(s[i+1:]):
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// entityAt reports whether s, after an "&", reads as the rest of an HTML
// character reference, like "amp;" or "#38;".
func entityAt(s string) bool {
	i := 0
	for i < len(s) && i < 40 && (s[i] == '#' && i == 0 || s[i] < 0x80 && (unicode.IsLetter(rune(s[i])) || unicode.IsDigit(rune(s[i])))) {
		i++
	}
	return i > 0 && i < len(s) && s[i] == ';'
}

// escapeLineStart escapes what makes a block something else when it
// starts a line: a heading (#), a list item ("-", "+", "1."), a rule or
// heading underline ("=", "-").
func escapeLineStart(s string) string {
	switch {
	case s == "":
		return s
	case strings.ContainsRune("#-+=", rune(s[0])):
		return `\` + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// webURL is u when it is an absolute http(s) address, written so that it
// ends a Markdown link where it ends; otherwise "".
func webURL(u string) string {
	parsed, err := url.Parse(strings.TrimSpace(u))
	if err != nil || parsed.Host == "" || parsed.Scheme != "http" && parsed.Scheme != "https" {
		return ""
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(parsed.String())
}
