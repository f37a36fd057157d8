package atom

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gofeedatom "github.com/mmcdole/gofeed/atom"
)

var (
	paris   = time.FixedZone("CEST", 2*3600)
	updated = time.Date(2025, 6, 1, 12, 30, 0, 0, time.UTC)
)

func sampleFeed() *Feed {
	return &Feed{
		ID:        "https://example.org/",
		Title:     "Launch timeline",
		Subtitle:  "Every launch, newest first",
		Updated:   updated,
		Self:      "https://example.org/feed.atom",
		Alternate: "https://example.org/",
		Author:    "Ada Lovelace",
		Generator: "dateline",
		Entries: []Entry{
			{
				ID:         TagURI("example.org", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "events/apollo-11"),
				Title:      "Apollo 11 lands",
				Published:  time.Date(2025, 5, 1, 9, 0, 0, 0, paris),
				Updated:    time.Date(2025, 5, 2, 10, 15, 30, 0, paris),
				Link:       "https://example.org/events/apollo-11/",
				Author:     "Neil",
				Summary:    "The Eagle has landed.",
				Content:    `<p>One <em>small</em> step &amp; <a href="https://example.org/x">more</a></p>`,
				Categories: []string{"moon", "nasa"},
			},
			{
				// Inherits the feed's author; no summary, published or categories.
				ID:      "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
				Title:   "Sputnik",
				Updated: time.Date(2024, 10, 4, 19, 28, 34, 0, time.UTC),
				Link:    "https://example.org/events/sputnik/",
			},
		},
	}
}

func render(t *testing.T, f *Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func parseGofeed(t *testing.T, out []byte) *gofeedatom.Feed {
	t.Helper()
	p := &gofeedatom.Parser{}
	feed, err := p.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("gofeed cannot parse the output: %v\n%s", err, out)
	}
	return feed
}

func linkByRel(links []*gofeedatom.Link, rel string) *gofeedatom.Link {
	for _, l := range links {
		if l.Rel == rel {
			return l
		}
	}
	return nil
}

func authorNames(ps []*gofeedatom.Person) []string {
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	return names
}

func sameTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if want.IsZero() {
		if got != nil {
			t.Errorf("%s = %v, want none", what, got)
		}
		return
	}
	if got == nil || !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestWriteParsesWithGofeed(t *testing.T) {
	f := sampleFeed()
	out := render(t, f)
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60s", out)
	}
	if !bytes.Contains(out, []byte(`<feed xmlns="http://www.w3.org/2005/Atom">`)) {
		t.Errorf("no Atom namespace on feed:\n%s", out)
	}
	g := parseGofeed(t, out)

	checks := []struct{ name, got, want string }{
		{"feed id", g.ID, f.ID},
		{"feed title", g.Title, f.Title},
		{"feed subtitle", g.Subtitle, f.Subtitle},
		{"feed author", strings.Join(authorNames(g.Authors), "|"), f.Author},
	}
	if g.Generator == nil {
		t.Error("no generator")
	} else {
		checks = append(checks, struct{ name, got, want string }{"generator", g.Generator.Value, f.Generator})
	}
	for rel, want := range map[string]string{"self": f.Self, "alternate": f.Alternate} {
		l := linkByRel(g.Links, rel)
		if l == nil {
			t.Errorf("no feed link rel=%s", rel)
			continue
		}
		checks = append(checks, struct{ name, got, want string }{"feed link " + rel, l.Href, want})
	}
	if l := linkByRel(g.Links, "self"); l != nil && l.Type != "application/atom+xml" {
		t.Errorf("self link type = %q", l.Type)
	}
	sameTime(t, "feed updated", g.UpdatedParsed, f.Updated)

	if len(g.Entries) != len(f.Entries) {
		t.Fatalf("%d entries, want %d", len(g.Entries), len(f.Entries))
	}
	for i, want := range f.Entries {
		got := g.Entries[i]
		content := ""
		if got.Content != nil {
			content = got.Content.Value
			if got.Content.Type != "html" {
				t.Errorf("entry %d content type = %q, want html", i, got.Content.Type)
			}
		}
		var terms []string
		for _, c := range got.Categories {
			terms = append(terms, c.Term)
		}
		link := ""
		if l := linkByRel(got.Links, "alternate"); l != nil {
			link = l.Href
		}
		checks = append(checks, []struct{ name, got, want string }{
			{"entry id", got.ID, want.ID},
			{"entry title", got.Title, want.Title},
			{"entry link", link, want.Link},
			{"entry author", strings.Join(authorNames(got.Authors), "|"), want.Author},
			{"entry summary", got.Summary, want.Summary},
			{"entry content", content, want.Content},
			{"entry categories", strings.Join(terms, "|"), strings.Join(want.Categories, "|")},
		}...)
		sameTime(t, "entry published", got.PublishedParsed, want.Published)
		sameTime(t, "entry updated", got.UpdatedParsed, want.Updated)
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestWriteKeepsOffsetsInRFC3339(t *testing.T) {
	out := string(render(t, sampleFeed()))
	for _, want := range []string{
		"<updated>2025-06-01T12:30:00Z</updated>",
		"<published>2025-05-01T09:00:00+02:00</published>",
		"<updated>2025-05-02T10:15:30+02:00</updated>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

// decoded is an independent reading of the document with encoding/xml,
// namespace-qualified so a wrong namespace fails to decode.
type decoded struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string   `xml:"http://www.w3.org/2005/Atom id"`
	Title    string   `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle string   `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated  string   `xml:"http://www.w3.org/2005/Atom updated"`
	Links    []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Author    string `xml:"http://www.w3.org/2005/Atom author>name"`
	Generator string `xml:"http://www.w3.org/2005/Atom generator"`
	Entries   []struct {
		ID        string `xml:"http://www.w3.org/2005/Atom id"`
		Title     string `xml:"http://www.w3.org/2005/Atom title"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Updated   string `xml:"http://www.w3.org/2005/Atom updated"`
		Link      struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Author  string `xml:"http://www.w3.org/2005/Atom author>name"`
		Summary string `xml:"http://www.w3.org/2005/Atom summary"`
		Content struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom content"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func decodeXML(t *testing.T, out []byte) decoded {
	t.Helper()
	var d decoded
	if err := xml.Unmarshal(out, &d); err != nil {
		t.Fatalf("encoding/xml cannot decode the output: %v\n%s", err, out)
	}
	return d
}

func TestWriteDecodesWithEncodingXML(t *testing.T) {
	f := sampleFeed()
	d := decodeXML(t, render(t, f))
	e := d.Entries[0]
	want := f.Entries[0]
	checks := []struct{ name, got, want string }{
		{"id", d.ID, f.ID},
		{"title", d.Title, f.Title},
		{"subtitle", d.Subtitle, f.Subtitle},
		{"updated", d.Updated, "2025-06-01T12:30:00Z"},
		{"links", d.Links[0].Rel + " " + d.Links[0].Href + " " + d.Links[1].Rel + " " + d.Links[1].Href,
			"self " + f.Self + " alternate " + f.Alternate},
		{"author", d.Author, f.Author},
		{"generator", d.Generator, f.Generator},
		{"entry id", e.ID, want.ID},
		{"entry title", e.Title, want.Title},
		{"entry published", e.Published, want.Published.Format(time.RFC3339)},
		{"entry updated", e.Updated, want.Updated.Format(time.RFC3339)},
		{"entry link", e.Link.Rel + " " + e.Link.Href, "alternate " + want.Link},
		{"entry author", e.Author, want.Author},
		{"entry summary", e.Summary, want.Summary},
		{"entry content type", e.Content.Type, "html"},
		{"entry content", e.Content.Text, want.Content},
		{"entry categories", e.Categories[0].Term + "|" + e.Categories[1].Term, "moon|nasa"},
		{"second entry author (inherited, so absent)", d.Entries[1].Author, ""},
		{"second entry published (absent)", d.Entries[1].Published, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestWriteEntriesInGivenOrder(t *testing.T) {
	f := sampleFeed()
	f.Entries[0], f.Entries[1] = f.Entries[1], f.Entries[0]
	d := decodeXML(t, render(t, f))
	if d.Entries[0].ID != f.Entries[0].ID || d.Entries[1].ID != f.Entries[1].ID {
		t.Errorf("entries reordered: %q, %q", d.Entries[0].ID, d.Entries[1].ID)
	}
}

var hostile = []struct {
	name, in, want string
}{
	{"plain", "Moon landing", "Moon landing"},
	{"C0 controls dropped", "a\x00b\x01c\x08d\x0be\x0cf\x1bg\x1fh", "abcdefgh"},
	{"DEL and C1 dropped", "a\x7fb\u0085c\u009fd", "abcd"},
	{"tab and LF kept", "a\tb\nc", "a\tb\nc"},
	{"CRLF and CR become LF", "line1\r\nline2\rline3", "line1\nline2\nline3"},
	{"invalid UTF-8 becomes U+FFFD", "bad\xffbyte\xc3(", "bad\uFFFDbyte\uFFFD("},
	{"noncharacters dropped", "x\uFFFEy\uFFFFz", "xyz"},
	{"CDATA end", "a]]>b", "a]]>b"},
	{"script end", "</script><script>alert(1)</script>", "</script><script>alert(1)</script>"},
	{"markup and entities", `<b>&amp; "q" 'a'</b> &#x1;`, `<b>&amp; "q" 'a'</b> &#x1;`},
	{"emoji", "launch 🚀👩🏽‍🚀 done", "launch 🚀👩🏽‍🚀 done"},
	{"RTL", "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c \u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c \u0645\u0631\u062d\u0628\u0627"},
	{"replacement char kept", "\uFFFD", "\uFFFD"},
}

func TestWriteHostileText(t *testing.T) {
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			f := sampleFeed()
			f.Title = "T " + tc.in
			f.Subtitle = "S " + tc.in
			f.Author = "A " + tc.in
			f.Generator = "G " + tc.in
			e := &f.Entries[0]
			e.Title = "T " + tc.in
			e.Author = "A " + tc.in
			e.Summary = "S " + tc.in
			e.Content = "C " + tc.in
			e.Categories = []string{"K " + tc.in}
			out := render(t, f)
			if !utf8.Valid(out) {
				t.Fatalf("output is not valid UTF-8: %q", out)
			}

			d := decodeXML(t, out)
			de := d.Entries[0]
			for _, c := range []struct{ name, got, want string }{
				{"feed title", d.Title, "T " + tc.want},
				{"feed subtitle", d.Subtitle, "S " + tc.want},
				{"feed author", d.Author, strings.TrimSpace("A " + tc.want)},
				{"generator", d.Generator, "G " + tc.want},
				{"entry title", de.Title, "T " + tc.want},
				{"entry author", de.Author, strings.TrimSpace("A " + tc.want)},
				{"entry summary", de.Summary, "S " + tc.want},
				{"entry content", de.Content.Text, "C " + tc.want},
				{"category", de.Categories[0].Term, strings.TrimSpace("K " + tc.want)},
			} {
				if c.got != c.want {
					t.Errorf("encoding/xml: %s = %q, want %q", c.name, c.got, c.want)
				}
			}

			// gofeed trims and decodes entities of its own accord, so compare
			// what survives that: the trimmed printable text.
			g := parseGofeed(t, out)
			ge := g.Entries[0]
			for _, c := range []struct{ name, got, want string }{
				{"feed title", g.Title, "T " + tc.want},
				{"entry title", ge.Title, "T " + tc.want},
				{"entry author", ge.Authors[0].Name, "A " + tc.want},
				{"entry category", ge.Categories[0].Term, "K " + tc.want},
			} {
				if strings.TrimSpace(c.got) != strings.TrimSpace(c.want) {
					t.Errorf("gofeed: %s = %q, want %q", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestWriteHostileURLs(t *testing.T) {
	f := sampleFeed()
	f.Self = "https://example.org/feed.atom?a=1&b=\"2\"\n<x>"
	f.Entries[0].Link = "https://example.org/e/\x01]]></script>"
	d := decodeXML(t, render(t, f))
	if got, want := d.Links[0].Href, "https://example.org/feed.atom?a=1&b=\"2\"<x>"; got != want {
		t.Errorf("self = %q, want %q", got, want)
	}
	if got, want := d.Entries[0].Link.Href, "https://example.org/e/]]></script>"; got != want {
		t.Errorf("link = %q, want %q", got, want)
	}
}

func TestWriteValidates(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *Feed)
		want   string
	}{
		{"nil-safe ok", func(f *Feed) {}, ""},
		{"feed id", func(f *Feed) { f.ID = "" }, "no feed id"},
		{"feed id relative", func(f *Feed) { f.ID = "/feed" }, "not an absolute IRI"},
		{"feed title", func(f *Feed) { f.Title = " \x01 " }, "feed has no title"},
		{"feed updated", func(f *Feed) { f.Updated = time.Time{} }, "no feed updated time"},
		{"feed updated year", func(f *Feed) { f.Updated = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "outside RFC 3339"},
		{"self relative", func(f *Feed) { f.Self = "feed.atom" }, "feed self link"},
		{"entry id", func(f *Feed) { f.Entries[1].ID = "" }, `entry 1 (id ""): no id`},
		{"entry title", func(f *Feed) { f.Entries[0].Title = "" }, "entry 0 (id \"tag:example.org,2025-01-01:events/apollo-11\"): no title"},
		{"entry updated", func(f *Feed) { f.Entries[1].Updated = time.Time{} }, "no updated time"},
		{"entry link relative", func(f *Feed) { f.Entries[1].Link = "/x" }, "link \"/x\" is not an absolute IRI"},
		{"entry no author anywhere", func(f *Feed) { f.Author = "" }, "entry 1 (id \"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66\"): no author"},
		{"entry own author suffices", func(f *Feed) { f.Author = ""; f.Entries[1].Author = "Korolev" }, ""},
		{"entry neither link nor content", func(f *Feed) { f.Entries[1].Link = "" }, "neither link nor content"},
		{"entry content without link", func(f *Feed) { f.Entries[1].Link = ""; f.Entries[1].Content = "<p>x</p>" }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := sampleFeed()
			tc.change(f)
			var buf bytes.Buffer
			err := Write(&buf, f)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Write: %v", err)
				}
				parseGofeed(t, buf.Bytes())
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
	if err := Write(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil feed: no error")
	}
}

func TestWriteNoEntries(t *testing.T) {
	f := sampleFeed()
	f.Entries = nil
	g := parseGofeed(t, render(t, f))
	if len(g.Entries) != 0 || g.Title != f.Title {
		t.Errorf("got %d entries, title %q", len(g.Entries), g.Title)
	}
}
