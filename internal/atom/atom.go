// Package atom writes Atom 1.0 feeds (RFC 4287).
//
// What it promises:
//   - Write emits an XML 1.0 document in UTF-8 with an XML declaration and
//     the Atom namespace, built with encoding/xml, so every text and
//     attribute is escaped by the encoder rather than pasted in.
//   - The output is always well formed, whatever the input text holds:
//     control characters other than tab and line feed are dropped, carriage
//     returns become line feeds (as an XML parser would read them anyway),
//     U+FFFE and U+FFFF are dropped and invalid UTF-8 becomes U+FFFD.
//   - Dates are written in RFC 3339; entries are written in the order given
//     (the caller sorts them, newest first).
//   - Required fields are validated before anything is written: feed id,
//     title and updated; entry id, title and updated; an author for every
//     entry (its own or the feed's, which entries inherit per RFC 4287
//     section 4.2.1); a link or content for every entry (section 4.1.2).
//     Ids and links must be absolute IRIs.
//
// The package knows nothing of dateline's model: it takes plain structs.
package atom

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Namespace is the Atom 1.0 XML namespace.
const Namespace = "http://www.w3.org/2005/Atom"

// Feed is one Atom feed document.
type Feed struct {
	ID, Title, Subtitle string
	Updated             time.Time
	// Self and Alternate are absolute URLs: the feed's own address
	// (rel="self") and the HTML page it mirrors (rel="alternate").
	Self, Alternate string
	Author          string
	Generator       string
	Entries         []Entry
}

// Entry is one atom:entry.
type Entry struct {
	ID, Title          string
	Published, Updated time.Time
	// Link is an absolute URL, written as rel="alternate".
	Link   string
	Author string
	// Summary is plain text and optional.
	Summary string
	// Content is HTML, written as type="html" text.
	Content    string
	Categories []string
}

// The xml* types mirror the document's shape; their field order is the
// element order in the output.
type xmlFeed struct {
	XMLName   xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string     `xml:"id"`
	Title     xmlText    `xml:"title"`
	Subtitle  *xmlText   `xml:"subtitle,omitempty"`
	Updated   string     `xml:"updated"`
	Links     []xmlLink  `xml:"link"`
	Author    *xmlPerson `xml:"author,omitempty"`
	Generator string     `xml:"generator,omitempty"`
	Entries   []xmlEntry `xml:"entry"`
}

type xmlEntry struct {
	ID         string        `xml:"id"`
	Title      xmlText       `xml:"title"`
	Published  string        `xml:"published,omitempty"`
	Updated    string        `xml:"updated"`
	Links      []xmlLink     `xml:"link"`
	Author     *xmlPerson    `xml:"author,omitempty"`
	Categories []xmlCategory `xml:"category"`
	Summary    *xmlText      `xml:"summary,omitempty"`
	Content    *xmlText      `xml:"content,omitempty"`
}

type xmlText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type xmlLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type xmlPerson struct {
	Name string `xml:"name"`
}

type xmlCategory struct {
	Term string `xml:"term,attr"`
}

// Write validates f and writes it to w as an Atom 1.0 document. Nothing is
// written when validation fails.
func Write(w io.Writer, f *Feed) error {
	if f == nil {
		return errors.New("atom: nil feed")
	}
	if err := validate(f); err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(toXML(f)); err != nil {
		return err
	}
	// A trailing newline keeps the file friendly to line-based tools.
	_, err := io.WriteString(w, "\n")
	return err
}

func validate(f *Feed) error {
	if err := checkIRI("feed id", f.ID, true); err != nil {
		return err
	}
	if strings.TrimSpace(clean(f.Title)) == "" {
		return errors.New("atom: feed has no title")
	}
	if err := checkTime("feed updated", f.Updated, true); err != nil {
		return err
	}
	if err := checkIRI("feed self link", f.Self, false); err != nil {
		return err
	}
	if err := checkIRI("feed alternate link", f.Alternate, false); err != nil {
		return err
	}
	feedAuthor := strings.TrimSpace(clean(f.Author)) != ""
	for i := range f.Entries {
		if err := validateEntry(&f.Entries[i], feedAuthor); err != nil {
			return fmt.Errorf("atom: entry %d (id %q): %w", i, f.Entries[i].ID, err)
		}
	}
	return nil
}

func validateEntry(e *Entry, feedAuthor bool) error {
	if err := checkIRI("id", e.ID, true); err != nil {
		return err
	}
	if strings.TrimSpace(clean(e.Title)) == "" {
		return errors.New("no title")
	}
	if err := checkTime("updated", e.Updated, true); err != nil {
		return err
	}
	if err := checkTime("published", e.Published, false); err != nil {
		return err
	}
	if err := checkIRI("link", e.Link, false); err != nil {
		return err
	}
	if !feedAuthor && strings.TrimSpace(clean(e.Author)) == "" {
		return errors.New("no author, and the feed has none to inherit")
	}
	// RFC 4287 4.1.1.1: without content an entry must have an alternate link.
	if e.Link == "" && strings.TrimSpace(clean(e.Content)) == "" {
		return errors.New("neither link nor content")
	}
	return nil
}

// checkIRI accepts only absolute IRIs, as atom:id and the links must be.
func checkIRI(what, s string, required bool) error {
	if s == "" {
		if required {
			return fmt.Errorf("no %s", what)
		}
		return nil
	}
	u, err := url.Parse(cleanIRI(s))
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("%s %q is not an absolute IRI", what, s)
	}
	return nil
}

// checkTime refuses years RFC 3339 cannot write (it has four digits).
func checkTime(what string, t time.Time, required bool) error {
	if t.IsZero() {
		if required {
			return fmt.Errorf("no %s time", what)
		}
		return nil
	}
	if y := t.Year(); y < 0 || y > 9999 {
		return fmt.Errorf("%s year %d is outside RFC 3339", what, y)
	}
	return nil
}

func toXML(f *Feed) *xmlFeed {
	x := &xmlFeed{
		ID:        cleanIRI(f.ID),
		Title:     text(f.Title),
		Subtitle:  optText("text", f.Subtitle),
		Updated:   stamp(f.Updated),
		Author:    person(f.Author),
		Generator: clean(f.Generator),
	}
	if f.Self != "" {
		x.Links = append(x.Links, xmlLink{Rel: "self", Type: "application/atom+xml", Href: cleanIRI(f.Self)})
	}
	if f.Alternate != "" {
		x.Links = append(x.Links, xmlLink{Rel: "alternate", Type: "text/html", Href: cleanIRI(f.Alternate)})
	}
	x.Entries = make([]xmlEntry, len(f.Entries))
	for i := range f.Entries {
		x.Entries[i] = entryXML(&f.Entries[i])
	}
	return x
}

func entryXML(e *Entry) xmlEntry {
	x := xmlEntry{
		ID:        cleanIRI(e.ID),
		Title:     text(e.Title),
		Published: stamp(e.Published),
		Updated:   stamp(e.Updated),
		Author:    person(e.Author),
		Summary:   optText("text", e.Summary),
		Content:   optText("html", e.Content),
	}
	if e.Link != "" {
		x.Links = []xmlLink{{Rel: "alternate", Type: "text/html", Href: cleanIRI(e.Link)}}
	}
	for _, c := range e.Categories {
		// An empty term is not allowed (4.2.2.1); skip it rather than fail.
		if t := strings.TrimSpace(clean(c)); t != "" {
			x.Categories = append(x.Categories, xmlCategory{Term: t})
		}
	}
	return x
}

func text(s string) xmlText { return xmlText{Type: "text", Text: clean(s)} }

func optText(typ, s string) *xmlText {
	s = clean(s)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return &xmlText{Type: typ, Text: s}
}

func person(name string) *xmlPerson {
	name = strings.TrimSpace(clean(name))
	if name == "" {
		return nil
	}
	return &xmlPerson{Name: name}
}

// stamp writes t in RFC 3339, keeping its offset; the zero time is omitted.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// clean makes s safe for XML 1.0 character data (see the package comment).
// encoding/xml alone would turn \x01 into U+FFFD but keep DEL and the C1
// controls, and would write CR as &#xD;, which survives parsing as a bare
// CR; normalising here gives the same text to every reader.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(unicode.ReplacementChar)
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
			// dropped: XML 1.0 cannot hold it, or it is invisible noise
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanIRI is clean without any whitespace control: an IRI holds none.
func cleanIRI(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' {
			return -1
		}
		return r
	}, clean(s))
}

func isClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || r == 0xFFFE || r == 0xFFFF ||
			(unicode.IsControl(r) && r != '\t' && r != '\n') {
			return false
		}
	}
	return true
}
