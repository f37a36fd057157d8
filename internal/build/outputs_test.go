package build

// End-to-end proof of the outputs that are not HTML pages, and of the
// machine-readable parts of the pages (issue #14): each output of a real
// build is read back with a parser that shares no code with the writer
// (gofeed for Atom, golang-ical for iCalendar, encoding/json for
// TimelineJS and JSON-LD, encoding/xml for the sitemap, x/net/html for
// pages), and every field is compared with what the site's content says.
// Expected values are worked out here from the loaded model, not taken
// from the renderer, so a mistake in both places at once would still need
// two independent mistakes to pass.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed/atom"
	xhtml "golang.org/x/net/html"
	htmlatom "golang.org/x/net/html/atom"

	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// proofBase is the absolute base_url the proofs build with: a sub-path,
// so that an address that forgets the path shows.
const proofBase = "https://example.org/news/"

// proofFiles are added to the example site so that every shape the
// outputs map is present: a range of days, a timed range, a time in UTC
// to the second, and every status the calendar maps, plus an article
// whose body has the markup a feed must carry whole, and a link relative
// to the site that a feed must make absolute.
var proofFiles = map[string]string{
	"content/events/proof.toml": `
[[event]]
id = "proof-days"
title = "Proof: a summit over three days"
summary = "A meeting planned over three whole days, then called off."
when = "2025-09-03"
end = "2025-09-05"
time_zone = "Asia/Shanghai"
place = "Great Hall of the People, Beijing"
timelines = ["diplomacy"]
status = "cancelled"
sources = [{ name = "Proof wire", url = "https://proof.example/wire" }]

[[event]]
id = "proof-hours"
title = "Proof: talks in the Kremlin"
summary = "Talks held over an hour and a half in the morning."
when = "2025-09-04T09:30"
end = "2025-09-04T11:00"
time_zone = "Europe/Moscow"
place = "Kremlin, Moscow"
coordinates = [55.752, 37.6175]
timelines = ["diplomacy"]
status = "claimed"

[[event]]
id = "proof-utc"
title = "Proof: a statement timed to the second"
summary = "A statement timed to the second, in UTC."
when = "2025-09-05T12:00:30"
time_zone = "UTC"
timelines = ["diplomacy"]
status = "reported"
`,
	"content/articles/proof-report.md": `+++
title = "Proof: the Kremlin talks"
date = 2025-09-05T08:00:00+03:00
author = "Proof desk"
summary = "What the talks in the Kremlin were said to cover."
events = ["proof-hours"]
+++

The talks were said to cover **rail links** and trade.

## What was said

- a first point
- a second point

See [the talks](../../events/proof-hours/) and [the wire](https://proof.example/wire).

The last paragraph of the proof article ends here.
`,
}

// proofSite is a copy of the example site with proofFiles added, and its
// folder.
func proofSite(t *testing.T) string {
	t.Helper()
	src := sitetest.CopyExample(t)
	sitetest.WriteFiles(t, src, proofFiles)
	return src
}

// model loads the site at src as a build with base would, for the
// expected values.
func model(t *testing.T, src, base string) *timeline.Site {
	t.Helper()
	s, err := Prepare(os.DirFS(src), Options{Source: src, BaseURL: base}, nil)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return s.Model
}

// buildOutputs builds the site at src with base into a new folder and
// returns it.
func buildOutputs(t *testing.T, src, base string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest, base)
	return dest
}

func readOutput(t *testing.T, dest, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func exists(t *testing.T, dest, rel string) bool {
	t.Helper()
	_, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel)))
	return err == nil
}

// scope is one set of outputs: the whole site's, or one timeline's.
type scope struct {
	dir      string // "" or "timelines/<id>/"
	title    string // the timeline's title, "" for the site
	events   []*timeline.Event
	timeline string // the timeline's id, "" for the site
}

func scopes(s *timeline.Site) []scope {
	out := []scope{{events: s.Events}}
	for _, tl := range s.Timelines {
		out = append(out, scope{dir: "timelines/" + tl.ID + "/", title: tl.Title, events: tl.Events, timeline: tl.ID})
	}
	return out
}

// reports says whether article a reports event e, from either side's list.
func reports(a *timeline.Article, e *timeline.Event) bool {
	return slices.Contains(a.Events, e.ID) || slices.Contains(e.Articles, a.Slug)
}

// A feedItem is what a feed entry must be of: a dated article, or an
// update of an event.
type feedItem struct {
	at      time.Time
	article *timeline.Article // or
	event   *timeline.Event
	update  int
}

func (f feedItem) String() string {
	if f.article != nil {
		return "article " + f.article.Slug
	}
	return fmt.Sprintf("update %d of %s", f.update, f.event.ID)
}

// feedItems are the dated articles reporting any of events (all dated
// articles when all is set) and the updates of events, newest first: what
// a feed must hold.
func feedItems(s *timeline.Site, events []*timeline.Event, all bool) []feedItem {
	var out []feedItem
	for _, a := range s.Articles {
		if a.Date.IsZero() {
			continue
		}
		if all || slices.ContainsFunc(events, func(e *timeline.Event) bool { return reports(a, e) }) {
			out = append(out, feedItem{at: a.Date.Start, article: a})
		}
	}
	for _, e := range events {
		for i, u := range e.Updates {
			out = append(out, feedItem{at: u.At, event: e, update: i})
		}
	}
	slices.SortStableFunc(out, func(a, b feedItem) int { return b.at.Compare(a.at) })
	return out
}

// pageURL is the absolute address of a page below base.
func pageURL(base string, parts ...string) string {
	u := base
	for _, p := range parts {
		u += url.PathEscape(p) + "/"
	}
	return u
}

// machine is d at its own precision as ISO 8601, with the offset of its
// wall clock when it has a time: what schema.org's dates want.
func machine(d timeline.Date) string {
	t := d.Start
	switch d.Precision {
	case timeline.Year:
		return fmt.Sprintf("%04d", t.Year())
	case timeline.Month:
		return t.Format("2006-01")
	case timeline.Day:
		return t.Format("2006-01-02")
	case timeline.Minute:
		return t.Format("2006-01-02T15:04Z07:00")
	}
	return t.Format("2006-01-02T15:04:05Z07:00")
}

// plain is s with control characters dropped and runs of white space made
// one space: how any output may fairly render a text written with line
// breaks or control characters.
func plain(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// prose is plain(s) with typographic quotes made straight: summaries are
// Markdown, whose rendering may curl quotes.
func prose(s string) string {
	return strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`).Replace(plain(s))
}

// htmlText is the text of an HTML fragment, tags dropped and entities
// decoded.
func htmlText(t *testing.T, fragment string) string {
	t.Helper()
	nodes, err := xhtml.ParseFragment(strings.NewReader(fragment), &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: htmlatom.Div})
	if err != nil {
		t.Fatalf("parse %q: %v", fragment, err)
	}
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// links lists the href and src attributes of an HTML fragment.
func links(t *testing.T, fragment string) []string {
	t.Helper()
	nodes, err := xhtml.ParseFragment(strings.NewReader(fragment), &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: htmlatom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		for _, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" {
				out = append(out, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

func isAbsolute(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.IsAbs() && p.Host != ""
}

// ---- Atom ----

func parseFeed(t *testing.T, dest, rel string) *atom.Feed {
	t.Helper()
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(readOutput(t, dest, rel)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return f
}

func feedLink(links []*atom.Link, rel string) string {
	for _, l := range links {
		r := l.Rel
		if r == "" {
			r = "alternate"
		}
		if r == rel {
			return l.Href
		}
	}
	return ""
}

var tagID = regexp.MustCompile(`^tag:example\.org,(\d{4}-\d{2}-\d{2}):\S+$`)

// TestAtomFeeds reads the site's feed and each timeline's with gofeed
// and checks the feed's and every entry's fields against the articles.
func TestAtomFeeds(t *testing.T) {
	src := proofSite(t)
	dest := buildOutputs(t, src, proofBase)
	site := model(t, src, proofBase)

	for _, sc := range scopes(site) {
		want := feedItems(site, sc.events, sc.dir == "")
		rel := sc.dir + "feed.xml"
		t.Run(rel, func(t *testing.T) {
			if len(want) == 0 {
				if exists(t, dest, rel) {
					t.Errorf("%s written, but no dated article reports its events and none was updated", rel)
				}
				return
			}
			f := parseFeed(t, dest, rel)
			if sc.title == "" && f.Title != site.Config.Title {
				t.Errorf("title = %q, want %q", f.Title, site.Config.Title)
			}
			if sc.title != "" && !strings.Contains(f.Title, sc.title) {
				t.Errorf("title = %q, want it to name the timeline %q", f.Title, sc.title)
			}
			if !isAbsolute(f.ID) {
				t.Errorf("feed id %q is not an absolute IRI", f.ID)
			}
			if got, want := feedLink(f.Links, "self"), proofBase+rel; got != want {
				t.Errorf("self link = %q, want %q", got, want)
			}
			if got, want := feedLink(f.Links, "alternate"), proofBase+sc.dir; got != want {
				t.Errorf("alternate link = %q, want %q", got, want)
			}
			if len(f.Authors) == 0 || f.Authors[0].Name == "" {
				t.Errorf("feed has no author (RFC 4287 needs one on the feed or every entry)")
			}
			if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(want[0].at) {
				t.Errorf("feed updated = %q, want the newest entry's %s", f.Updated, want[0].at.Format(time.RFC3339))
			}

			if len(f.Entries) != len(want) {
				var got []string
				for _, e := range f.Entries {
					got = append(got, e.Title)
				}
				t.Fatalf("%d entries %q, want %d: %v", len(f.Entries), got, len(want), want)
			}
			ids := map[string]bool{}
			for i, e := range f.Entries {
				w := want[i]
				wantTitle, wantLink, wantAuthor := "", "", ""
				if a := w.article; a != nil {
					wantTitle, wantLink, wantAuthor = a.Title, pageURL(proofBase, "articles", a.Slug), a.Author
				} else {
					wantTitle, wantLink = w.event.Title, pageURL(proofBase, "events", w.event.ID)
				}
				if w.article != nil && e.Title != wantTitle || w.article == nil && !strings.HasPrefix(e.Title, wantTitle) {
					t.Errorf("entry %d title = %q, want %q of %v (newest first)", i, e.Title, wantTitle, w)
				}
				if m := tagID.FindStringSubmatch(e.ID); m == nil {
					t.Errorf("%v: id %q is not a tag: URI of the site's host", w, e.ID)
				}
				if ids[e.ID] {
					t.Errorf("entry id %q repeated", e.ID)
				}
				ids[e.ID] = true
				if e.PublishedParsed == nil || !e.PublishedParsed.Equal(w.at) {
					t.Errorf("%v: published = %q, want %s", w, e.Published, w.at.Format(time.RFC3339))
				}
				if e.UpdatedParsed == nil || e.UpdatedParsed.Before(w.at) {
					t.Errorf("%v: updated = %q, not at or after its publication", w, e.Updated)
				}
				author := ""
				if len(e.Authors) > 0 {
					author = e.Authors[0].Name
				}
				if wantAuthor != "" && author != wantAuthor {
					t.Errorf("%v: author = %q, want %q", w, author, wantAuthor)
				}
				if got := feedLink(e.Links, "alternate"); got != wantLink {
					t.Errorf("%v: link = %q, want %q", w, got, wantLink)
				}
				if e.Content == nil || e.Content.Type != "html" || e.Content.Value == "" {
					t.Errorf("%v has no HTML content: %+v", w, e.Content)
					continue
				}
				// The feed sets no xml:base, so a relative reference in
				// content resolves against the feed's own address (RFC
				// 4287 §2, RFC 3986 §5.1): even "#fn:1" points into
				// feed.xml, not the article.
				for _, l := range links(t, e.Content.Value) {
					if !isAbsolute(l) {
						t.Errorf("%v: content links to %q, which resolves against the feed, not the page", w, l)
					}
				}
				if w.article != nil && w.article.Slug == "proof-report" {
					for _, s := range []string{"<strong>rail links</strong>", "<h2", "<li>a second point</li>", "The last paragraph of the proof article ends here."} {
						if !strings.Contains(e.Content.Value, s) {
							t.Errorf("%v: content lacks %q of the article's body:\n%s", w, s, e.Content.Value)
						}
					}
				}
				if w.article == nil {
					if note := w.event.Updates[w.update].Note; note != "" && !strings.Contains(prose(htmlText(t, e.Content.Value)), firstWords(note, 8)) {
						t.Errorf("%v: content %q lacks the note", w, e.Content.Value)
					}
				}
			}
		})
	}

	t.Run("ids stable", func(t *testing.T) {
		// Entries by their link and publication time, which tell them
		// apart (an event's updates share its link).
		ids := func(dest string) map[string]string {
			out := map[string]string{}
			for _, e := range parseFeed(t, dest, "feed.xml").Entries {
				out[feedLink(e.Links, "alternate")+" "+e.Published] = e.ID
			}
			return out
		}
		first := ids(dest)
		if again := ids(buildOutputs(t, src, proofBase)); !equalMaps(first, again) {
			t.Errorf("a second build changed entry ids:\n%v\n%v", first, again)
		}
		// A changed title and body are the same entry, updated: its id,
		// and every other entry's, stay.
		sitetest.WriteFile(t, filepath.Join(src, "content/articles/proof-report.md"),
			strings.Replace(strings.Replace(proofFiles["content/articles/proof-report.md"], "Proof: the Kremlin talks", "Proof: the Kremlin talks, corrected", 1),
				"ends here.", "ends here, corrected.", 1))
		changedDest := buildOutputs(t, src, proofBase)
		if changed := ids(changedDest); !equalMaps(first, changed) {
			t.Errorf("changing one article changed entry ids:\nbefore %v\nafter  %v", first, changed)
		}
		for _, e := range parseFeed(t, changedDest, "feed.xml").Entries {
			if strings.HasSuffix(feedLink(e.Links, "alternate"), "/proof-report/") && (!strings.HasSuffix(e.Title, "corrected") || !strings.Contains(e.Content.Value, "corrected.")) {
				t.Errorf("the changed article's entry was not rewritten: %q", e.Title)
			}
		}
	})

	t.Run("no feed without an origin", func(t *testing.T) {
		dest := buildOutputs(t, src, "/")
		_ = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Name() == "feed.xml" {
				t.Errorf("%s written with base_url \"/\": a feed needs absolute addresses", p)
			}
			return err
		})
		if page := string(readOutput(t, dest, "index.html")); strings.Contains(page, "application/atom+xml") {
			t.Errorf("the home page announces a feed with base_url \"/\"")
		}
	})
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// ---- iCalendar ----

// checkLines checks the content lines of an iCalendar text: each ends with
// CRLF and is at most 75 octets (RFC 5545 §3.1).
func checkLines(t *testing.T, rel string, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s does not end with CRLF", rel)
	}
	for i, l := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("%s line %d has a bare CR or LF: %q", rel, i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("%s line %d is %d octets, over 75: %q", rel, i+1, len(l), l)
		}
	}
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) (value string, params map[string][]string, ok bool) {
	if x := ev.GetProperty(p); x != nil {
		return x.Value, x.ICalParameters, true
	}
	return "", nil, false
}

func param(params map[string][]string, name string) string {
	if v := params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// wantStatus is the iCalendar STATUS of each status: only what is
// confirmed or reported as fact is CONFIRMED.
var wantStatus = map[timeline.Status]string{
	timeline.Confirmed:  "CONFIRMED",
	timeline.Reported:   "CONFIRMED",
	timeline.Claimed:    "TENTATIVE",
	timeline.Expected:   "TENTATIVE",
	timeline.Speculated: "TENTATIVE",
	timeline.Cancelled:  "CANCELLED",
}

// checkCalendarTime checks DTSTART or DTEND against the instant want of
// an event in zone: a date when allDay, else a time in UTC or with the
// TZID of a VTIMEZONE of the calendar that observes the time's offset.
func checkCalendarTime(t *testing.T, id, name, value string, params map[string][]string, want time.Time, allDay bool, zones map[string][]string) {
	t.Helper()
	if allDay {
		if param(params, "VALUE") != "DATE" || value != want.Format("20060102") {
			t.Errorf("%s %s = %q %v, want VALUE=DATE:%s", id, name, value, params, want.Format("20060102"))
		}
		return
	}
	if tz := param(params, "TZID"); tz != "" {
		offsets, ok := zones[tz]
		if !ok {
			t.Errorf("%s %s has TZID=%s but the calendar has no VTIMEZONE of that id", id, name, tz)
		} else if off := want.Format("-0700"); !slices.Contains(offsets, off) {
			t.Errorf("%s %s is at UTC%s in %s, an offset its VTIMEZONE never observes (%v)", id, name, off, tz, offsets)
		}
		if tz != want.Location().String() || value != want.Format("20060102T150405") {
			t.Errorf("%s %s = TZID=%s:%s, want TZID=%s:%s", id, name, tz, value, want.Location(), want.Format("20060102T150405"))
		}
		return
	}
	if value != want.UTC().Format("20060102T150405Z") {
		t.Errorf("%s %s = %q, want %s or a local time with its TZID", id, name, value, want.UTC().Format("20060102T150405Z"))
	}
}

// TestCalendars reads the site's calendar and each timeline's with
// golang-ical and checks every event's properties against the content.
func TestCalendars(t *testing.T) {
	src := proofSite(t)
	dest := buildOutputs(t, src, proofBase)
	site := model(t, src, proofBase)
	uids := map[string]string{} // event id → UID, across calendars

	for _, sc := range scopes(site) {
		rel := sc.dir + "events.ics"
		t.Run(rel, func(t *testing.T) {
			data := readOutput(t, dest, rel)
			checkLines(t, rel, data)
			cal, err := ics.ParseCalendar(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			// zones are the offsets (TZOFFSETTO) each VTIMEZONE observes.
			zones := map[string][]string{}
			for _, z := range cal.Timezones() {
				id := z.GetProperty(ics.ComponentProperty(ics.PropertyTzid))
				if id == nil {
					t.Errorf("a VTIMEZONE has no TZID")
					continue
				}
				zones[id.Value] = []string{}
				for _, c := range z.Components {
					var to *ics.IANAProperty
					switch o := c.(type) {
					case *ics.Standard:
						to = o.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto))
					case *ics.Daylight:
						to = o.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto))
					}
					if to != nil {
						zones[id.Value] = append(zones[id.Value], to.Value)
					}
				}
			}
			got := map[string]*ics.VEvent{}
			for _, ev := range cal.Events() {
				got[ev.Id()] = ev
			}
			var want []*timeline.Event
			for _, e := range sc.events {
				if e.When.Precision >= timeline.Day {
					want = append(want, e)
				}
			}
			if len(got) != len(want) || len(cal.Events()) != len(want) {
				t.Errorf("%d VEVENTs (%d UIDs), want %d: the events known to the day or better", len(cal.Events()), len(got), len(want))
			}
			for _, e := range want {
				var ev *ics.VEvent
				for uid, v := range got {
					if strings.HasPrefix(uid, e.ID+"@") {
						ev = v
					}
				}
				if ev == nil {
					t.Errorf("no VEVENT with a UID of event %q", e.ID)
					continue
				}
				if prev, ok := uids[e.ID]; ok && prev != ev.Id() {
					t.Errorf("event %q has UID %q here, %q in another calendar", e.ID, ev.Id(), prev)
				}
				uids[e.ID] = ev.Id()
				if v, _, ok := prop(ev, ics.ComponentPropertyDtstamp); !ok || !regexp.MustCompile(`^\d{8}T\d{6}Z$`).MatchString(v) {
					t.Errorf("%s DTSTAMP = %q, want a UTC time", e.ID, v)
				}
				allDay := !e.When.HasClock()
				v, params, _ := prop(ev, ics.ComponentPropertyDtStart)
				checkCalendarTime(t, e.ID, "DTSTART", v, params, e.When.Start, allDay, zones)
				v, params, hasEnd := prop(ev, ics.ComponentPropertyDtEnd)
				switch {
				case !e.End.IsZero() && allDay:
					// DTEND of dates is exclusive: the day after the last.
					if hasEnd {
						checkCalendarTime(t, e.ID, "DTEND", v, params, e.End.Start.AddDate(0, 0, 1), true, zones)
					} else {
						t.Errorf("%s: a range of days has no DTEND", e.ID)
					}
				case !e.End.IsZero():
					if hasEnd {
						checkCalendarTime(t, e.ID, "DTEND", v, params, e.End.Start, false, zones)
					} else {
						t.Errorf("%s: a timed range has no DTEND", e.ID)
					}
				case hasEnd && !allDay:
					t.Errorf("%s: an event at one moment has DTEND %q", e.ID, v)
				case hasEnd && (v != e.When.Start.AddDate(0, 0, 1).Format("20060102")):
					t.Errorf("%s: a one-day event ends %q, not the next day", e.ID, v)
				}
				if v, _, _ := prop(ev, ics.ComponentPropertySummary); v != e.Title {
					t.Errorf("%s SUMMARY = %q, want %q", e.ID, v, e.Title)
				}
				if v, _, _ := prop(ev, ics.ComponentPropertyDescription); !strings.Contains(prose(v), firstWords(e.Summary, 8)) {
					t.Errorf("%s DESCRIPTION = %q, want it to hold the summary %q", e.ID, v, e.Summary)
				}
				if v, _, ok := prop(ev, ics.ComponentPropertyLocation); v != e.Place || (e.Place == "" && ok) {
					t.Errorf("%s LOCATION = %q, want %q", e.ID, v, e.Place)
				}
				v, _, ok := prop(ev, ics.ComponentPropertyGeo)
				if c := e.Coordinates; c != nil {
					lat, lon, found := strings.Cut(v, ";")
					la, err1 := strconv.ParseFloat(lat, 64)
					lo, err2 := strconv.ParseFloat(lon, 64)
					if !found || err1 != nil || err2 != nil || la != c.Lat || lo != c.Lon {
						t.Errorf("%s GEO = %q, want %v;%v", e.ID, v, c.Lat, c.Lon)
					}
				} else if ok {
					t.Errorf("%s GEO = %q for an event with no coordinates", e.ID, v)
				}
				if v, _, _ := prop(ev, ics.ComponentPropertyUrl); v != pageURL(proofBase, "events", e.ID) {
					t.Errorf("%s URL = %q, want %q", e.ID, v, pageURL(proofBase, "events", e.ID))
				}
				// An updated event is a revised VEVENT: its SEQUENCE counts the
				// updates and LAST-MODIFIED is the latest (RFC 5545 §3.8.7).
				seq, _, hasSeq := prop(ev, ics.ComponentPropertySequence)
				mod, _, hasMod := prop(ev, ics.ComponentPropertyLastModified)
				if n := len(e.Updates); n > 0 {
					if seq != strconv.Itoa(n) {
						t.Errorf("%s SEQUENCE = %q, want %d (its updates)", e.ID, seq, n)
					}
					if want := e.Updates[n-1].At.UTC().Format("20060102T150405Z"); mod != want {
						t.Errorf("%s LAST-MODIFIED = %q, want %s", e.ID, mod, want)
					}
				} else if (hasSeq && seq != "0") || hasMod {
					t.Errorf("%s, never updated, has SEQUENCE %q, LAST-MODIFIED %q", e.ID, seq, mod)
				}
				if v, _, _ := prop(ev, ics.ComponentPropertyStatus); v != wantStatus[e.Status] {
					t.Errorf("%s (%s) STATUS = %q, want %q", e.ID, e.Status, v, wantStatus[e.Status])
				}
			}
		})
	}

	t.Run("UIDs stable", func(t *testing.T) {
		sitetest.WriteFile(t, filepath.Join(src, "content/articles/proof-report.md"), strings.Replace(proofFiles["content/articles/proof-report.md"], "ends here.", "ends here, changed.", 1))
		cal, err := ics.ParseCalendar(bytes.NewReader(readOutput(t, buildOutputs(t, src, proofBase), "events.ics")))
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range cal.Events() {
			id, _, _ := strings.Cut(ev.Id(), "@")
			if uids[id] != ev.Id() {
				t.Errorf("event %q has UID %q after an article changed, %q before", id, ev.Id(), uids[id])
			}
		}
	})
}

// firstWords is the first n words of a plain-text summary, which any
// rendering of it as text should hold.
func firstWords(s string, n int) string {
	w := strings.Fields(prose(s))
	return strings.Join(w[:min(n, len(w))], " ")
}

// ---- TimelineJS ----

type tjsDate struct {
	Year        *int   `json:"year"`
	Month       *int   `json:"month"`
	Day         *int   `json:"day"`
	Hour        *int   `json:"hour"`
	Minute      *int   `json:"minute"`
	Second      *int   `json:"second"`
	DisplayDate string `json:"display_date"`
}

type tjsSlide struct {
	StartDate   *tjsDate `json:"start_date"`
	EndDate     *tjsDate `json:"end_date"`
	DisplayDate string   `json:"display_date"`
	Text        *struct {
		Headline string `json:"headline"`
		Text     string `json:"text"`
	} `json:"text"`
	Group    string `json:"group"`
	UniqueID string `json:"unique_id"`
}

type tjsTimeline struct {
	Title  *tjsSlide  `json:"title"`
	Events []tjsSlide `json:"events"`
}

func parseTimelineJS(t *testing.T, data []byte) tjsTimeline {
	t.Helper()
	var tl tjsTimeline
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&tl); err != nil {
		t.Fatalf("timeline.json: %v", err)
	}
	return tl
}

// checkTJSDate checks a TimelineJS date: d's wall-clock fields, exactly
// those its precision knows.
func checkTJSDate(t *testing.T, id, name string, got *tjsDate, d timeline.Date) {
	t.Helper()
	if got == nil {
		t.Errorf("%s has no %s", id, name)
		return
	}
	s := d.Start
	for _, f := range []struct {
		field string
		got   *int
		want  int
		known bool
	}{
		{"year", got.Year, s.Year(), true},
		{"month", got.Month, int(s.Month()), d.Precision >= timeline.Month},
		{"day", got.Day, s.Day(), d.Precision >= timeline.Day},
		{"hour", got.Hour, s.Hour(), d.Precision >= timeline.Minute},
		{"minute", got.Minute, s.Minute(), d.Precision >= timeline.Minute},
		{"second", got.Second, s.Second(), d.Precision >= timeline.Second},
	} {
		switch {
		case f.known && f.got == nil:
			t.Errorf("%s %s has no %s; its precision is %s", id, name, f.field, d.Precision)
		case !f.known && f.got != nil:
			t.Errorf("%s %s has %s %d, finer than its precision %s", id, name, f.field, *f.got, d.Precision)
		case f.known && *f.got != f.want:
			t.Errorf("%s %s %s = %d, want %d (on its own wall clock, %s)", id, name, f.field, *f.got, f.want, s.Location())
		}
	}
}

// TestTimelineJSON reads the site's timeline.json and each timeline's
// with encoding/json and checks a slide per event, in order.
func TestTimelineJSON(t *testing.T) {
	src := proofSite(t)
	dest := buildOutputs(t, src, proofBase)
	site := model(t, src, proofBase)
	titles := map[string]string{}
	for _, tl := range site.Config.Timelines {
		titles[tl.ID] = tl.Title
	}

	for _, sc := range scopes(site) {
		rel := sc.dir + "timeline.json"
		t.Run(rel, func(t *testing.T) {
			tl := parseTimelineJS(t, readOutput(t, dest, rel))
			wantTitle := site.Config.Title
			if sc.title != "" {
				wantTitle = sc.title
			}
			if tl.Title == nil || tl.Title.Text == nil || html.UnescapeString(tl.Title.Text.Headline) != wantTitle || tl.Title.StartDate != nil {
				t.Errorf("title slide = %+v, want the headline %q and no date", tl.Title, wantTitle)
			}
			if len(tl.Events) != len(sc.events) {
				t.Fatalf("%d slides, want one per event, %d", len(tl.Events), len(sc.events))
			}
			for i, e := range sc.events {
				s := tl.Events[i]
				if s.UniqueID != e.ID {
					t.Errorf("slide %d unique_id = %q, want %q", i, s.UniqueID, e.ID)
					continue
				}
				checkTJSDate(t, e.ID, "start_date", s.StartDate, e.When)
				if e.End.IsZero() {
					if s.EndDate != nil {
						t.Errorf("%s has an end_date but no end", e.ID)
					}
				} else {
					checkTJSDate(t, e.ID, "end_date", s.EndDate, e.End)
				}
				if s.DisplayDate == "" || !strings.Contains(html.UnescapeString(s.DisplayDate), fmt.Sprint(e.When.Start.Year())) {
					t.Errorf("%s display_date = %q, want the date as pages word it", e.ID, s.DisplayDate)
				}
				if s.Text == nil || html.UnescapeString(s.Text.Headline) != e.Title {
					t.Errorf("%s headline = %+v, want %q", e.ID, s.Text, e.Title)
				}
				if s.Text != nil && !strings.Contains(prose(htmlText(t, s.Text.Text)), firstWords(e.Summary, 8)) {
					t.Errorf("%s text = %q, want the summary", e.ID, s.Text.Text)
				}
				wantGroups := []string{titles[sc.timeline]}
				if sc.timeline == "" {
					wantGroups = nil
					for _, id := range e.Timelines {
						wantGroups = append(wantGroups, titles[id])
					}
				}
				if !slices.Contains(wantGroups, s.Group) {
					t.Errorf("%s group = %q, want one of %q", e.ID, s.Group, wantGroups)
				}
			}
		})
	}
}

// ---- pages: JSON-LD, meta, sitemap ----

// htmlPages lists the HTML pages of a built site by their address below
// the base: "dir/index.html" is "dir/".
func htmlPages(t *testing.T, dest string) []string {
	t.Helper()
	var out []string
	for _, rel := range sitetest.Files(t, dest) {
		if !strings.HasSuffix(rel, ".html") {
			continue
		}
		if rel == "index.html" {
			rel = ""
		} else if d, ok := strings.CutSuffix(rel, "/index.html"); ok {
			rel = d + "/"
		}
		out = append(out, rel)
	}
	return out
}

func pageFile(u string) string {
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

// head is what a page's <head> says of it to machines.
type head struct {
	meta      map[string]string // by name or property
	canonical string
	hasCanon  bool
	ld        []string // the raw text of each ld+json script
}

func parseHead(t *testing.T, page []byte) head {
	t.Helper()
	doc, err := xhtml.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	h := head{meta: map[string]string{}}
	attr := func(n *xhtml.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "meta":
				c, _ := attr(n, "content")
				if k, ok := attr(n, "name"); ok {
					h.meta[k] = c
				}
				if k, ok := attr(n, "property"); ok {
					h.meta[k] = c
				}
			case "link":
				if rel, _ := attr(n, "rel"); rel == "canonical" {
					h.canonical, _ = attr(n, "href")
					h.hasCanon = true
				}
			case "script":
				if typ, _ := attr(n, "type"); typ == "application/ld+json" {
					var b strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						b.WriteString(c.Data)
					}
					h.ld = append(h.ld, b.String())
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return h
}

// inertScript reports what would end or confuse a <script> element's text
// early, or "".
func inertScript(text string) string {
	low := strings.ToLower(text)
	for _, s := range []string{"</script", "<!--", "<script"} {
		if strings.Contains(low, s) {
			return s
		}
	}
	return ""
}

// decodeLD decodes the one ld+json object of a page.
func decodeLD(t *testing.T, page string, h head) map[string]any {
	t.Helper()
	if len(h.ld) != 1 {
		t.Errorf("%s has %d ld+json scripts, want 1", page, len(h.ld))
		return nil
	}
	if s := inertScript(h.ld[0]); s != "" {
		t.Errorf("%s: ld+json holds %q", page, s)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(h.ld[0]), &v); err != nil {
		t.Errorf("%s: ld+json does not decode: %v\n%s", page, err, h.ld[0])
	}
	return v
}

// get walks a decoded JSON value by keys and indexes.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func checkField(t *testing.T, page string, v any, want any, path ...any) {
	t.Helper()
	if got := get(v, path...); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: %v = %v, want %v", page, path, got, want)
	}
}

// TestJSONLD checks the schema.org data of event, article and timeline
// pages: an Event, a NewsArticle and an ItemList.
func TestJSONLD(t *testing.T) {
	src := proofSite(t)
	dest := buildOutputs(t, src, proofBase)
	site := model(t, src, proofBase)

	for _, e := range site.Events {
		page := "events/" + e.ID + "/"
		ld := decodeLD(t, page, parseHead(t, readOutput(t, dest, pageFile(page))))
		checkField(t, page, ld, "https://schema.org", "@context")
		checkField(t, page, ld, "Event", "@type")
		checkField(t, page, ld, e.Title, "name")
		checkField(t, page, ld, machine(e.When), "startDate")
		if !e.End.IsZero() {
			checkField(t, page, ld, machine(e.End), "endDate")
		} else if get(ld, "endDate") != nil {
			t.Errorf("%s: endDate %v for an event with no end", page, get(ld, "endDate"))
		}
		wantStatus := "https://schema.org/EventScheduled"
		if e.Status == timeline.Cancelled {
			wantStatus = "https://schema.org/EventCancelled"
		}
		checkField(t, page, ld, wantStatus, "eventStatus")
		checkField(t, page, ld, pageURL(proofBase, "events", e.ID), "url")
		if e.Place != "" {
			checkField(t, page, ld, "Place", "location", "@type")
			checkField(t, page, ld, e.Place, "location", "name")
		}
		if c := e.Coordinates; c != nil {
			checkField(t, page, ld, "GeoCoordinates", "location", "geo", "@type")
			checkField(t, page, ld, c.Lat, "location", "geo", "latitude")
			checkField(t, page, ld, c.Lon, "location", "geo", "longitude")
		}
	}
	for _, a := range site.Articles {
		page := "articles/" + a.Slug + "/"
		ld := decodeLD(t, page, parseHead(t, readOutput(t, dest, pageFile(page))))
		checkField(t, page, ld, "NewsArticle", "@type")
		checkField(t, page, ld, a.Title, "headline")
		checkField(t, page, ld, pageURL(proofBase, "articles", a.Slug), "url")
		if !a.Date.IsZero() {
			checkField(t, page, ld, machine(a.Date), "datePublished")
			if m, _ := get(ld, "dateModified").(string); m < machine(a.Date) {
				t.Errorf("%s: dateModified %q before datePublished %q", page, m, machine(a.Date))
			}
		}
		if a.Author != "" {
			checkField(t, page, ld, a.Author, "author", "name")
		}
	}
	for _, tl := range site.Timelines {
		page := "timelines/" + tl.ID + "/"
		ld := decodeLD(t, page, parseHead(t, readOutput(t, dest, pageFile(page))))
		checkField(t, page, ld, "ItemList", "@type")
		items, _ := get(ld, "itemListElement").([]any)
		if len(items) != len(tl.Events) {
			t.Errorf("%s: %d list items, want %d", page, len(items), len(tl.Events))
			continue
		}
		for i, e := range tl.Events {
			checkField(t, page, items[i], "ListItem", "@type")
			checkField(t, page, items[i], i+1, "position")
			checkField(t, page, items[i], e.Title, "name")
			checkField(t, page, items[i], pageURL(proofBase, "events", e.ID), "url")
		}
	}
}

// TestPageMeta checks each page's description, Twitter card, canonical
// address and og:url, with an absolute base_url and with "/".
func TestPageMeta(t *testing.T) {
	src := proofSite(t)
	for _, base := range []string{proofBase, "/"} {
		t.Run(base, func(t *testing.T) {
			dest := buildOutputs(t, src, base)
			site := model(t, src, base)
			summaries := map[string]string{}
			for _, e := range site.Events {
				summaries["events/"+e.ID+"/"] = e.Summary
			}
			for _, a := range site.Articles {
				summaries["articles/"+a.Slug+"/"] = a.Summary
			}
			for _, page := range htmlPages(t, dest) {
				h := parseHead(t, readOutput(t, dest, pageFile(page)))
				if h.meta["twitter:card"] == "" {
					t.Errorf("%q has no twitter:card", page)
				}
				desc := h.meta["description"]
				if desc == "" || h.meta["og:description"] != desc {
					t.Errorf("%q: description %q, og:description %q; want both, the same", page, desc, h.meta["og:description"])
				}
				if sum, ok := summaries[page]; ok && sum != "" {
					if desc == site.Config.Description || !strings.HasPrefix(prose(sum), prose(strings.TrimSuffix(desc, "…"))) {
						t.Errorf("%q description = %q, want its own summary %q", page, desc, prose(sum))
					}
				}
				ogURL, hasOG := h.meta["og:url"]
				if base == "/" {
					if h.hasCanon || hasOG {
						t.Errorf("%q has canonical %q, og:url %q with base_url \"/\"; want neither", page, h.canonical, ogURL)
					}
					continue
				}
				if page == "404.html" {
					continue // served at any address: it has none of its own
				}
				want := proofBase + page
				if h.canonical != want || ogURL != want {
					t.Errorf("%q: canonical %q, og:url %q, want %q", page, h.canonical, ogURL, want)
				}
			}
		})
	}
}

// TestSitemapAndRobots reads sitemap.xml with encoding/xml: every HTML
// page but 404, at an absolute address, with lastmod where its content is
// dated; robots.txt names it. With base_url "/" there is no sitemap.
func TestSitemapAndRobots(t *testing.T) {
	src := proofSite(t)
	dest := buildOutputs(t, src, proofBase)
	site := model(t, src, proofBase)

	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(readOutput(t, dest, "sitemap.xml"), &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	got := map[string]string{}
	for _, u := range sm.URLs {
		if _, dup := got[u.Loc]; dup {
			t.Errorf("sitemap lists %s twice", u.Loc)
		}
		got[u.Loc] = u.LastMod
		if !isAbsolute(u.Loc) {
			t.Errorf("sitemap loc %q is not absolute", u.Loc)
		}
		if u.LastMod != "" {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				if _, err := time.Parse("2006-01-02", u.LastMod); err != nil {
					t.Errorf("%s lastmod %q is not a W3C datetime", u.Loc, u.LastMod)
				}
			}
		}
	}
	for _, page := range htmlPages(t, dest) {
		loc := proofBase + page
		_, listed := got[loc]
		if page == "404.html" {
			if listed {
				t.Errorf("sitemap lists the 404 page")
			}
			continue
		}
		if !listed {
			t.Errorf("sitemap lacks %s", loc)
		}
		delete(got, loc)
	}
	for loc := range got {
		t.Errorf("sitemap lists %s, which is no page", loc)
	}
	for _, a := range site.Articles {
		loc := pageURL(proofBase, "articles", a.Slug)
		for _, u := range sm.URLs {
			if u.Loc != loc || a.Date.IsZero() {
				continue
			}
			// Not equal: the page also shows its events, whose updates
			// change it later.
			if m, err := time.Parse(time.RFC3339, u.LastMod); err != nil || m.Before(a.Date.Start) {
				t.Errorf("%s lastmod = %q, want the article's date %s or later", loc, u.LastMod, a.Date.Start.Format(time.RFC3339))
			}
		}
	}
	if robots := string(readOutput(t, dest, "robots.txt")); !regexp.MustCompile(`(?m)^Sitemap: ` + regexp.QuoteMeta(proofBase+"sitemap.xml") + `$`).MatchString(robots) {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}

	rootless := buildOutputs(t, src, "/")
	if exists(t, rootless, "sitemap.xml") {
		t.Errorf("sitemap.xml written with base_url \"/\": its addresses must be absolute")
	}
	if robots := string(readOutput(t, rootless, "robots.txt")); strings.Contains(robots, "Sitemap:") {
		t.Errorf("robots.txt names a sitemap with base_url \"/\":\n%s", robots)
	}
}

// ---- hostile text ----

// hostile is text that breaks naive writers of each format: the end of a
// CDATA section, the end of a script, a line break, quotes, an ampersand,
// emoji and right-to-left text (as TOML escapes it). Control characters
// are not in it: load refuses them (see TestControlCharacters).
const hostile = `]]> </script><script>alert(1)</script> a\r\nb \"q\" & 'x' 🚂🇰🇵 שלום עליכם مرحبا`

// hostileText is hostile as the site's text holds it, TOML escapes read.
var hostileText = strings.NewReplacer(`\r\n`, "\r\n", `\"`, `"`).Replace(hostile)

// hostileMarkdownSafe are the parts of hostile that a Markdown rendering
// of it keeps as they are.
var hostileMarkdownSafe = []string{"]]>", "&", "🚂🇰🇵", "שלום עליכם", "مرحبا"}

// TestHostileText builds a site whose every text is hostile and parses
// every output again: each still parses, holds the text intact (white
// space aside) and keeps its JSON-LD inert.
func TestHostileText(t *testing.T) {
	src := t.TempDir()
	sitetest.WriteFiles(t, src, map[string]string{
		"site.toml": `title = "Site ` + hostile + `"
description = "About ` + hostile + `"
base_url = "https://example.org/news/"
time_zone = "Asia/Shanghai"

[[timelines]]
id = "main"
title = "Timeline ` + hostile + `"
description = "Timeline about ` + hostile + `"
`,
		"content/events/hostile.toml": `
[[event]]
id = "hostile-day"
title = "Event ` + hostile + `"
summary = "Summary ` + hostile + `"
when = "2025-09-02"
place = "Place ` + hostile + `"
coordinates = [39.9, 116.4]
timelines = ["main"]
status = "confirmed"
sources = [{ name = "Source ` + hostile + `", url = "https://proof.example/?a=1&b=2" }]

[[event]]
id = "hostile-time"
title = "Timed ` + hostile + `"
summary = "Timed summary"
when = "2025-09-02T16:00"
end = "2025-09-02T18:00"
place = "Place ` + hostile + `"
timelines = ["main"]
status = "expected"
`,
		"content/articles/hostile.md": `+++
title = "Article ` + hostile + `"
date = 2025-09-03T10:00:00+08:00
author = "Author ` + hostile + `"
summary = "Article summary ` + hostile + `"
events = ["hostile-day", "hostile-time"]
+++

Body with an emoji 🚂 and right-to-left שלום.
`,
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Run(context.Background(), Options{Source: src, Dest: dest}); err != nil {
		t.Fatalf("a site with hostile text does not build: %v", err)
	}
	site := model(t, src, "")
	intact := func(where, got, want string) {
		t.Helper()
		if plain(got) != plain(want) {
			t.Errorf("%s = %q, want %q", where, got, plain(want))
		}
		if strings.ContainsAny(got, "\x01\x7f") {
			t.Errorf("%s keeps a control character: %q", where, got)
		}
	}
	ev := site.Events[0]
	art := site.Articles[0]
	if ev.ID != "hostile-day" {
		t.Fatalf("first event is %q", ev.ID)
	}
	wantTitle := "Event " + hostileText
	wantPlace := "Place " + hostileText

	t.Run("atom", func(t *testing.T) {
		for _, rel := range []string{"feed.xml", "timelines/main/feed.xml"} {
			f := parseFeed(t, dest, rel)
			if len(f.Entries) != 1 {
				t.Fatalf("%s: %d entries, want 1", rel, len(f.Entries))
			}
			e := f.Entries[0]
			intact(rel+" entry title", e.Title, "Article "+hostileText)
			if len(e.Authors) > 0 {
				intact(rel+" entry author", e.Authors[0].Name, "Author "+hostileText)
			} else {
				t.Errorf("%s: entry has no author", rel)
			}
			if rel == "feed.xml" {
				intact(rel+" title", f.Title, "Site "+hostileText)
			}
			if !strings.Contains(e.Content.Value, "🚂") || !strings.Contains(e.Content.Value, "שלום") {
				t.Errorf("%s content lost emoji or right-to-left text: %q", rel, e.Content.Value)
			}
		}
	})
	t.Run("ical", func(t *testing.T) {
		data := readOutput(t, dest, "events.ics")
		checkLines(t, "events.ics", data)
		if bytes.ContainsAny(data, "\x01\x7f") {
			t.Errorf("events.ics holds control characters")
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if len(cal.Events()) != 2 {
			t.Fatalf("%d VEVENTs, want 2", len(cal.Events()))
		}
		for _, v := range cal.Events() {
			if v.Id() != "hostile-day@example.org" {
				continue
			}
			s, _, _ := prop(v, ics.ComponentPropertySummary)
			intact("SUMMARY", s, wantTitle)
			l, _, _ := prop(v, ics.ComponentPropertyLocation)
			intact("LOCATION", l, wantPlace)
			d, _, _ := prop(v, ics.ComponentPropertyDescription)
			if !strings.Contains(plain(d), plain("Source "+hostileText)) {
				t.Errorf("DESCRIPTION lost the source's name: %q", d)
			}
		}
	})
	t.Run("timelinejs", func(t *testing.T) {
		for _, rel := range []string{"timeline.json", "timelines/main/timeline.json"} {
			data := readOutput(t, dest, rel)
			tl := parseTimelineJS(t, data)
			if len(tl.Events) != 2 {
				t.Fatalf("%s: %d slides", rel, len(tl.Events))
			}
			intact(rel+" headline", html.UnescapeString(tl.Events[0].Text.Headline), wantTitle)
			intact(rel+" group", tl.Events[0].Group, "Timeline "+hostileText)
			if !strings.Contains(plain(htmlText(t, tl.Events[0].Text.Text)), plain("Source "+hostileText)) {
				t.Errorf("%s slide text lost the source's name: %q", rel, tl.Events[0].Text.Text)
			}
			if bytes.Contains(bytes.ToLower(data), []byte("</script")) {
				t.Errorf("%s holds </script literally; it could not be inlined", rel)
			}
		}
	})
	t.Run("pages", func(t *testing.T) {
		for _, page := range htmlPages(t, dest) {
			h := parseHead(t, readOutput(t, dest, pageFile(page)))
			for _, ld := range h.ld {
				if s := inertScript(ld); s != "" {
					t.Errorf("%q: ld+json holds %q", page, s)
				}
				var v any
				if err := json.Unmarshal([]byte(ld), &v); err != nil {
					t.Errorf("%q: ld+json does not decode: %v", page, err)
				}
			}
		}
		h := parseHead(t, readOutput(t, dest, "events/hostile-day/index.html"))
		ld := decodeLD(t, "events/hostile-day/", h)
		name, _ := get(ld, "name").(string)
		intact("Event name", name, wantTitle)
		place, _ := get(ld, "location", "name").(string)
		intact("Event location", place, wantPlace)
		// The summary is Markdown: its raw HTML is left out and its quotes
		// may curl, so only what Markdown leaves alone must survive.
		for _, s := range hostileMarkdownSafe {
			if !strings.Contains(h.meta["description"], s) {
				t.Errorf("event description %q lost %q", h.meta["description"], s)
			}
		}
		h = parseHead(t, readOutput(t, dest, "articles/hostile/index.html"))
		ld = decodeLD(t, "articles/hostile/", h)
		headline, _ := get(ld, "headline").(string)
		intact("NewsArticle headline", headline, "Article "+hostileText)
		author, _ := get(ld, "author", "name").(string)
		intact("NewsArticle author", author, "Author "+hostileText)
		_ = art
	})
	t.Run("raw control characters", func(t *testing.T) {
		// None were written, and none may appear: outputs are read by parsers that refuse C0 controls and DEL
		// (XML 1.0 §2.2, RFC 5545 §3.3.11, JSON's C0) or report them
		// as errors (HTML's control-character-in-input-stream).
		for _, rel := range sitetest.Files(t, dest) {
			data := readOutput(t, dest, rel)
			json := strings.HasSuffix(rel, ".json") // JSON allows DEL as it is
			if i := bytes.IndexFunc(data, func(r rune) bool { return r == 0x7f && !json || r < 0x20 && r != '\t' && r != '\n' && r != '\r' }); i >= 0 {
				t.Errorf("%s holds control character %q at byte %d: %q", rel, data[i], i, data[max(0, i-40):i+1])
			}
		}
	})
	t.Run("sitemap", func(t *testing.T) {
		var sm struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(readOutput(t, dest, "sitemap.xml"), &sm); err != nil || len(sm.URLs) == 0 {
			t.Errorf("sitemap.xml: %v, %d urls", err, len(sm.URLs))
		}
	})
}

// TestControlCharacters writes U+0001 and U+007F, as TOML escapes, into
// an event's title and a timeline's: no page, feed or calendar can show
// them (XML 1.0 and RFC 5545 forbid them, HTML reports them), so the
// build fails and says where each is rather than writing them or
// dropping them unseen.
func TestControlCharacters(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, where string
	}{
		{"U+0001 in an event title", "content/events/c.toml", "[[event]]\nid = \"c\"\ntitle = \"a\\u0001b\"\nwhen = \"2025-09-02\"\n", "content/events/c.toml:3"},
		{"U+007F in an article title", "content/articles/c.md", "+++\ntitle = \"a\\u007Fb\"\n+++\n\nBody.\n", "content/articles/c.md:2"},
		{"U+0001 raw in a summary", "content/events/c.toml", "[[event]]\nid = \"c\"\ntitle = \"c\"\nsummary = \"a\x01b\"\nwhen = \"2025-09-02\"\n", "content/events/c.toml:4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := sitetest.CopyExample(t)
			sitetest.WriteFile(t, filepath.Join(src, filepath.FromSlash(tc.file)), tc.text)
			_, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "public")})
			if err == nil {
				t.Fatalf("built a site with a control character in %s", tc.file)
			}
			if !strings.Contains(err.Error(), tc.where) || !strings.Contains(err.Error(), "control character") {
				t.Errorf("error %q does not name the control character at %s", err, tc.where)
			}
		})
	}
}
