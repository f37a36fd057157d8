package markdown

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of what Check accepts.
const (
	// MaxSize is the most Markdown one text may hold. At goldmark's
	// slowest linear pace (a setext heading on every other line, 1.3 MB/s)
	// that renders in 1.6 s; ordinary articles render at 15 MB/s.
	MaxSize = 2 << 20
	// MaxNesting is how deeply lists and block quotes may nest. Goldmark's
	// time grows with the square of the depth on every line, and with its
	// cube for lists nested by indentation.
	MaxNesting = 64
)

// budget is the time Check lets goldmark take on the shapes it is slow
// on, summed over a text; past it, the text is refused. Estimates are off
// by up to half either way, and rendering the rest of a text takes up to
// 2 s more, which keeps an accepted text under the 5 s after which a
// build names the file still rendering.
const budget = time.Second

// What goldmark v1.8.7 spends on one step of each of its superlinear
// shapes, in nanoseconds, measured on a 2-core x86-64 machine that renders
// ordinary articles at 15 to 20 MB/s, and rounded up. Figures in
// shape_test.go.
const (
	// For every ']' closing a '[' that does not make an inline link,
	// blockReader.Value walks the paragraph's lines back from its last
	// one: a step per line after the bracket.
	nsPerBracketLine = 4
	// Every '](' scans its address to the next blank (or '>' for '<…>')
	// on its line, or to the ')' that closes it.
	nsPerAddressByte = 4
	// An address followed by a quote or '(' starts a title, which is
	// looked for up to its closing quote or ')', or the paragraph's end.
	nsPerTitleByte = 0.5
	// Every emphasis closer (* _ ~) with no opener of its own kind walks
	// back over every opener left in the paragraph.
	nsPerEmphasisStep = 25
	// The typographer scans a whole run of ' or " again for each quote.
	nsPerQuoteStep = 1
	// Every footnote reference walks the list of footnotes to find its own.
	nsPerFootnoteStep = 20
)

// Check looks in a Markdown text for what would keep goldmark busy for more
// than a few seconds: more than MaxSize bytes, lists or block quotes nested
// more than MaxNesting deep, and the shapes goldmark takes superlinear time
// on (unclosed links, emphasis marks and titles piled up in one paragraph,
// long runs of quotes, thousands of footnotes), whose cost it estimates in
// one pass. It returns the byte offset where the trouble starts and what
// to do about it, or -1 and "" for a text that renders in good time. It
// never refuses ordinary writing: a cost only grows past the budget with
// thousands of such marks in one paragraph.
func Check(src string) (offset int, msg string) {
	if len(src) > MaxSize {
		return 0, fmt.Sprintf("this Markdown text is %.1f MiB, over the limit of %d MiB for one text (more takes the renderer too long); shorten it or split it into several",
			float64(len(src))/(1<<20), MaxSize>>20)
	}
	at, msg, _ := estimate(src)
	return at, msg
}

// estimate is Check without the size limit, also returning the time it
// reckons goldmark would take on src's slow shapes.
func estimate(src string) (offset int, msg string, cost time.Duration) {
	c := checker{src: src}
	c.para.reset()
	for start := 0; start < len(src); {
		end, next := len(src), len(src)
		if n := strings.IndexByte(src[start:], '\n'); n >= 0 {
			end, next = start+n, start+n+1
		}
		if at, msg := c.line(start, strings.TrimSuffix(src[start:end], "\r"), next); msg != "" {
			return at, msg, 0
		}
		start = next
	}
	c.flush()
	c.addFootnotes()
	cost = time.Duration(c.total)
	if cost <= budget {
		return -1, "", cost
	}
	return c.worst.at, c.worst.message(cost), cost
}

// checker reads a text line by line, keeping just enough of its block
// structure to know where paragraphs start and end and which lines are code.
type checker struct {
	src   string
	lists []int  // the content column of each open list item, innermost last
	fence string // the fence of the code block being skipped; "" outside one
	para  paragraph
	worst finding // the costliest paragraph so far
	total float64 // estimated nanoseconds, the whole text so far

	footnoteRefs, footnoteDefs int
	firstFootnote              int // offset of the first footnote definition
}

// A finding is a shape's estimated cost, where it starts and what it is.
type finding struct {
	cost  float64
	at    int
	shape shape
	n, m  int // the counts the shape's description names
}

// The shapes Check tells apart, each with its description (given the
// counts n and m of a finding) and what to do about it.
type shape int

const (
	openLinks shape = iota
	brackets
	openEmphasis
	quoteRun
	footnotes
)

var shapes = [...]struct {
	describe func(n, m int) string
	fix      string
}{
	openLinks: {func(n, _ int) string {
		return fmt.Sprintf("%d links in one paragraph, many opened with '[a](' and never closed by ')'", n)
	}, `close the links, or escape their brackets as \[ and \]`},
	brackets: {func(n, m int) string {
		return fmt.Sprintf("%d brackets [ ] in one paragraph of %d lines", n, m)
	}, `split the paragraph with blank lines, or escape the brackets as \[ and \]`},
	openEmphasis: {func(n, _ int) string {
		return fmt.Sprintf("%d emphasis marks (* _ ~) left open in one paragraph", n)
	}, `close them, escape them as \* \_ \~, or split the paragraph with blank lines`},
	quoteRun: {func(n, _ int) string {
		return fmt.Sprintf("a run of %d quote marks", n)
	}, "shorten the run, or put it in a code block"},
	footnotes: {func(n, m int) string {
		return fmt.Sprintf("%d references to %d footnotes", n, m)
	}, "use fewer footnotes, or split the text"},
}

func (f finding) message(total time.Duration) string {
	s := shapes[f.shape]
	return fmt.Sprintf("%s; goldmark would take %s on this text; %s", s.describe(f.n, f.m), roughly(total), s.fix)
}

// roughly puts a duration in words: the estimate is good to a factor of a few.
func roughly(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "several seconds"
	case d < time.Hour:
		return "minutes"
	}
	return "hours"
}

// line reads the line starting at offset off; next is where the next one starts.
func (c *checker) line(off int, line string, next int) (int, string) {
	if c.fence != "" {
		if closesFence(line, c.fence) {
			c.fence = ""
		}
		return -1, ""
	}
	i, quotes := skipQuoteMarkers(line)
	if quotes > MaxNesting {
		return off + strings.LastIndexByte(line[:i], '>'), nestingMessage
	}
	indent, i := skipIndent(line, i)
	if i == len(line) {
		c.flush()
		return -1, ""
	}
	c.closeLists(indent)
	base := 0
	if n := len(c.lists); n > 0 {
		base = c.lists[n-1]
	}
	if c.para.lines == 0 && indent >= base+4 {
		return -1, "" // a line of an indented code block
	}
	if isThematicBreak(line[i:]) {
		c.flush()
		return -1, ""
	}
	col := indent
	for i < len(line) {
		w := listMarker(line[i:])
		switch {
		case w > 0:
			c.flush()
			c.lists = append(c.lists, col+w+1)
		case line[i] == '>':
			c.flush()
			quotes++
			w = 1
		}
		if w == 0 {
			break
		}
		if quotes+len(c.lists) > MaxNesting {
			return off + i, nestingMessage
		}
		col += w
		i += w
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
			col++
		}
	}
	rest := line[i:]
	switch {
	case rest == "":
	case strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~"):
		c.flush()
		c.fence = rest[:len(rest)-len(strings.TrimLeft(rest, rest[:1]))]
	case isHeading(rest):
		c.flush()
		c.inline(off+i, rest, next)
		c.flush()
	case isFootnoteDefinition(rest):
		c.flush()
		c.footnoteDefs++
		if c.footnoteDefs == 1 {
			c.firstFootnote = off + i
		}
		label := strings.Index(rest, "]:") + 2
		c.inline(off+i+label, rest[label:], next)
	default:
		c.inline(off+i, rest, next)
	}
	return -1, ""
}

var nestingMessage = fmt.Sprintf("lists and block quotes nested more than %d levels deep; goldmark's time grows with the square of the depth on every line; flatten them", MaxNesting)

// closeLists closes the list items a line indented by indent columns is not
// part of. A lazy continuation line closes them too, which can only
// underestimate the depth.
func (c *checker) closeLists(indent int) {
	for n := len(c.lists); n > 0 && c.lists[n-1] > indent; n-- {
		c.lists = c.lists[:n-1]
	}
}

// skipQuoteMarkers returns the offset past the block quote markers '>'
// line starts with, and their number; it stops after MaxNesting+1.
func skipQuoteMarkers(line string) (i, quotes int) {
	for quotes <= MaxNesting {
		j := i
		for j < len(line) && j-i < 3 && line[j] == ' ' {
			j++
		}
		if j == len(line) || line[j] != '>' {
			return i, quotes
		}
		quotes++
		i = j + 1
		if i < len(line) && line[i] == ' ' {
			i++
		}
	}
	return i, quotes
}

// skipIndent returns the column and offset of the first non-blank of line
// from i, tabs counting to the next multiple of 4.
func skipIndent(line string, i int) (col, at int) {
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col, i
		}
	}
	return col, i
}

// listMarker is the width of the list item marker ("-", "*", "+", "1." or
// "1)") that s starts with, or 0.
func listMarker(s string) int {
	w := 0
	switch {
	case s == "":
		return 0
	case s[0] == '-' || s[0] == '*' || s[0] == '+':
		w = 1
	default:
		for w < len(s) && w < 9 && s[w] >= '0' && s[w] <= '9' {
			w++
		}
		if w == 0 || w == len(s) || s[w] != '.' && s[w] != ')' {
			return 0
		}
		w++
	}
	if w < len(s) && s[w] != ' ' && s[w] != '\t' {
		return 0
	}
	return w
}

// isThematicBreak reports a line of three or more -, * or _ and blanks only.
func isThematicBreak(s string) bool {
	if s == "" || !strings.ContainsRune("-*_", rune(s[0])) {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

func isHeading(s string) bool {
	n := len(s) - len(strings.TrimLeft(s, "#"))
	return n >= 1 && n <= 6 && (n == len(s) || s[n] == ' ' || s[n] == '\t')
}

func isFootnoteDefinition(s string) bool {
	end := strings.Index(s, "]:")
	return strings.HasPrefix(s, "[^") && end > 2 && !strings.ContainsAny(s[2:end], "[] \t")
}

// closesFence reports whether line closes a code block opened by fence.
func closesFence(line, fence string) bool {
	_, i := skipQuoteMarkers(line)
	s := strings.TrimSpace(line[i:])
	run := len(s) - len(strings.TrimLeft(s, fence[:1]))
	return run >= len(fence) && strings.TrimSpace(s[run:]) == ""
}

// A paragraph is the inline text of consecutive lines, and what goldmark
// would spend on it.
type paragraph struct {
	start, end int // offsets in the text
	lines      int

	depth        int // '[' not yet closed
	brackets     int // ']' closing a '['
	bracketLines int // the sum of their line numbers in the paragraph
	firstBracket int // offset of the first '[', -1 before one

	addresses    []address // scans started on this line, innermost last
	angles       int       // '<…>' scans started on this line
	angleStarts  int       // the sum of their offsets in the line
	parens       int       // '(' less ')' on this line so far
	addressBytes int       // bytes scanned, all scans ended
	links        int       // '](' seen
	titles       [3]title  // titles being looked for, by opener: " ' (
	titleBytes   int       // bytes scanned, all titles ended

	emphasis      []byte // emphasis openers waiting for a closer
	openers       [3]int // how many of them of each kind: * _ ~
	emphasisSteps int    // openers walked over by closers without one
	firstOpener   int    // offset of the first opener, -1 before one
	quoteSteps    int    // quote marks scanned by the typographer
	longestQuotes int    // the longest run of ' or "
	quotesAt      int    // its offset
}

// A title is the titles being looked for that start with one opener: how
// many, the sum of the offsets where they start, and the offset from which
// a closer ends them. Titles are counted at the blank before their opener,
// which then must not end them.
type title struct{ n, starts, from int }

// titleKind is the kind of title opener b is, or -1.
func titleKind(b byte) int { return strings.IndexByte(`"'(`, b) }

// An address is a link destination being scanned: where it starts in its
// line and the parenthesis depth that a ')' must go below to end it.
type address struct{ start, parens int }

func (p *paragraph) reset() {
	*p = paragraph{addresses: p.addresses[:0], emphasis: p.emphasis[:0], firstBracket: -1, firstOpener: -1}
}

// endTitles ends the titles of kind k at offset at, when a closer there can.
func (p *paragraph) endTitles(k, at int) {
	if t := &p.titles[k]; t.n > 0 && at >= t.from {
		p.titleBytes += t.n*at - t.starts
		*t = title{}
	}
}

// inline reads the text s of a paragraph line at offset off; next is where
// the following line starts.
func (c *checker) inline(off int, s string, next int) {
	p := &c.para
	if p.lines == 0 {
		p.start = off
	}
	p.lines++
	p.end = off + len(s)
	p.parens = 0
	for i := 0; i < len(s); {
		switch b := s[i]; b {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				i += 2
				continue
			}
		case ' ', '\t':
			c.endAddresses(off, s, i, len(s))
		case '[':
			if p.firstBracket < 0 {
				p.firstBracket = off + i
			}
			p.depth++
			if i+1 < len(s) && s[i+1] == '^' {
				c.footnoteRefs++
			}
		case ']':
			if p.depth == 0 {
				break
			}
			p.depth--
			p.brackets++
			p.bracketLines += p.lines
			if i+1 < len(s) && s[i+1] == '(' {
				i = c.startAddress(off, s, i+2)
				continue
			}
		case '(':
			p.parens++
		case ')':
			p.parens--
			c.closeAddresses(i)
			p.endTitles(titleKind('('), off+i)
		case '>':
			p.addressBytes += p.angles*i - p.angleStarts
			p.angles, p.angleStarts = 0, 0
		case '*', '_', '~':
			i += c.emphasisRun(off, s, i)
			continue
		case '\'', '"':
			p.endTitles(titleKind(b), off+i)
			n := len(s[i:]) - len(strings.TrimLeft(s[i:], s[i:i+1]))
			p.quoteSteps += n * (n + 1) / 2
			if n > p.longestQuotes {
				p.longestQuotes, p.quotesAt = n, off+i
			}
			i += n
			continue
		}
		i++
	}
	// Addresses end with their line. One followed by a title on the next
	// line starts that title, as one ended by a blank does.
	c.endAddresses(off, s, len(s), titleOnNextLine(c.src, next))
	p.addressBytes += p.angles*len(s) - p.angleStarts
	p.angles, p.angleStarts = 0, 0
}

// titleOnNextLine is the offset of the title opener starting the line at
// next, or -1.
func titleOnNextLine(src string, next int) int {
	s := strings.TrimLeft(src[min(next, len(src)):], " \t")
	if s != "" && titleKind(s[0]) >= 0 {
		return len(src) - len(s)
	}
	return -1
}

// startAddress starts scanning the destination of a link whose '(' is just
// before i in s, and returns where to read on.
func (c *checker) startAddress(off int, s string, i int) int {
	p := &c.para
	p.links++
	p.parens++
	if i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		c.endAddresses(off, s, i, len(s))
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	switch {
	case i == len(s):
	case s[i] == '<':
		p.angles++
		p.angleStarts += i
		i++
	default:
		p.addresses = append(p.addresses, address{start: i, parens: p.parens})
	}
	return i
}

// closeAddresses ends the scans that the ')' at i closes.
func (c *checker) closeAddresses(i int) {
	p := &c.para
	for n := len(p.addresses); n > 0 && p.addresses[n-1].parens > p.parens; n-- {
		p.addressBytes += i - p.addresses[n-1].start
		p.addresses = p.addresses[:n-1]
	}
}

// endAddresses ends every scan at i, a blank or the end of line s; a
// title opener after the blanks (or at title, when at the line's end) then
// starts a title for each.
func (c *checker) endAddresses(off int, s string, i, title int) {
	p := &c.para
	n := len(p.addresses)
	if n == 0 {
		return
	}
	for _, a := range p.addresses {
		p.addressBytes += i - a.start
	}
	p.addresses = p.addresses[:0]
	if i < len(s) {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		title = -1
		if j < len(s) && titleKind(s[j]) >= 0 {
			title = off + j
		}
	}
	if title >= 0 {
		k := titleKind(c.src[title])
		p.endTitles(k, title) // the opener closes the titles it is looked for by
		t := &p.titles[k]
		t.n += n
		t.starts += n * title
		t.from = title + 1
	}
}

// emphasisRun reads the run of * _ or ~ at i as goldmark's delimiter list
// would, and returns its length. A closer takes the nearest opener of its
// kind, and goldmark drops the openers between them; with no such opener
// it walks back over all of them, and the walks are what cost.
func (c *checker) emphasisRun(off int, s string, i int) int {
	p := &c.para
	b := s[i]
	n := len(s[i:]) - len(strings.TrimLeft(s[i:], s[i:i+1]))
	canOpen, canClose := flanking(s, i, n)
	kind := strings.IndexByte("*_~", b)
	if canClose && p.openers[kind] > 0 {
		for {
			top := p.emphasis[len(p.emphasis)-1]
			p.emphasis = p.emphasis[:len(p.emphasis)-1]
			p.openers[top]--
			if int(top) == kind {
				return n
			}
		}
	}
	if canClose {
		p.emphasisSteps += len(p.emphasis)
	}
	if canOpen {
		if p.firstOpener < 0 {
			p.firstOpener = off + i
		}
		p.emphasis = append(p.emphasis, byte(kind))
		p.openers[kind]++
	}
	return n
}

// flanking tells whether the run of n delimiters at i in s can open and
// close emphasis, by CommonMark's rules as goldmark applies them.
func flanking(s string, i, n int) (canOpen, canClose bool) {
	before, after := '\n', '\n'
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if i+n < len(s) {
		after, _ = utf8.DecodeRuneInString(s[i+n:])
	}
	beforeSpace, afterSpace := unicode.IsSpace(before), unicode.IsSpace(after)
	beforePunct, afterPunct := isPunct(before), isPunct(after)
	left := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	right := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	if s[i] == '_' {
		return left && (!right || beforePunct), right && (!left || afterPunct)
	}
	return left, right
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func isASCIIPunct(b byte) bool {
	return b < utf8.RuneSelf && b > ' ' && b != 0x7f && !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z')
}

// flush ends the paragraph being read, adding its cost to the text's.
func (c *checker) flush() {
	p := &c.para
	if p.lines == 0 {
		return
	}
	bracketCost := nsPerBracketLine * float64(p.brackets*(p.lines+1)-p.bracketLines)
	for k := range p.titles {
		p.endTitles(k, p.end) // a title never closed is looked for to the end
	}
	addressCost := nsPerAddressByte*float64(p.addressBytes) + nsPerTitleByte*float64(p.titleBytes)
	emphasisCost := nsPerEmphasisStep * float64(p.emphasisSteps)
	quoteCost := nsPerQuoteStep * float64(p.quoteSteps)
	c.total += bracketCost + addressCost + emphasisCost + quoteCost
	c.consider(finding{addressCost, p.firstBracket, openLinks, p.links, 0})
	c.consider(finding{bracketCost, p.firstBracket, brackets, p.brackets, p.lines})
	c.consider(finding{emphasisCost, p.firstOpener, openEmphasis, len(p.emphasis), 0})
	c.consider(finding{quoteCost, p.quotesAt, quoteRun, p.longestQuotes, 0})
	p.reset()
}

// addFootnotes adds what matching footnote references to their footnotes costs.
func (c *checker) addFootnotes() {
	cost := nsPerFootnoteStep * float64(c.footnoteRefs) * float64(c.footnoteDefs)
	c.total += cost
	c.consider(finding{cost, c.firstFootnote, footnotes, c.footnoteRefs, c.footnoteDefs})
}

// consider keeps f as the worst finding if it costs the most so far.
func (c *checker) consider(f finding) {
	if f.cost > c.worst.cost {
		c.worst = f
	}
}
