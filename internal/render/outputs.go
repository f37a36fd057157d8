package render

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/atom"
	"github.com/dateline-ssg/dateline/internal/ical"
	"github.com/dateline-ssg/dateline/internal/timeline"
	"github.com/dateline-ssg/dateline/internal/timelinejs"
)

// An output is a file of the site that is not an HTML page: a feed, a
// calendar, TimelineJS data, the sitemap, robots.txt. Each is a Page whose
// Template names one of these writers instead of a template file. A writer
// reads only the page's data and the settings every fingerprint covers
// (base path, origin, zone labels), so outputs are fingerprinted, reused by
// live preview and counted by the link check exactly as pages are. Adding
// an output is an entry here and a line in outputPages.
var writers = map[string]func(r *Renderer, w io.Writer, data any) error{
	"atom":       func(r *Renderer, w io.Writer, d any) error { return r.writeFeed(w, d.(feedData)) },
	"ical":       func(r *Renderer, w io.Writer, d any) error { return r.writeCalendar(w, d.(calendarData)) },
	"timelinejs": func(r *Renderer, w io.Writer, d any) error { return r.writeTimelineJS(w, d.(timelineJSData)) },
	"sitemap":    func(r *Renderer, w io.Writer, d any) error { return writeSitemap(w, d.([]sitemapEntry)) },
	"robots":     func(r *Renderer, w io.Writer, d any) error { return writeRobots(w, d.(robotsData)) },
}

// feedSize is the most entries a feed holds: feed readers poll often and
// keep what they saw, so a feed carries the newest news, not the archive.
const feedSize = 50

// An alternate is an Atom feed of a page's content, announced in its
// <head> for feed readers to discover.
type alternate struct {
	Title, URL string
}

// A siteFeed is the site's own feed: announced on every page (as the
// Site every page sees, so it is hashed once, not once a page), with the
// entries it holds.
type siteFeed struct {
	alternate
	entries []feedEntry `fingerprint:"-"` // what feed.xml's own data holds
}

// siteFeedOf is the site's feed, or nil when it has none: feeds need an
// absolute base_url, and an entry.
func (r *Renderer) siteFeedOf() *siteFeed {
	if r.origin == "" {
		return nil
	}
	entries := r.feedEntries(r.site.Articles, r.site.Events)
	if len(entries) == 0 {
		return nil
	}
	return &siteFeed{alternate{r.site.Config.Title, r.base + "feed.xml"}, entries}
}

// outputPages lists the outputs of the site, given its HTML pages, and
// announces the feeds on the pages they belong to.
func (r *Renderer) outputPages(pages []Page) []Page {
	s := r.site
	var out []Page
	add := func(file, kind string, data any) {
		out = append(out, Page{URL: file, File: file, Template: kind, Title: file, data: data})
	}
	feeds := map[string]alternate{} // of timelines, by the URL of their page
	if f := r.view.Feed; f != nil {
		add("feed.xml", "atom", feedData{Title: s.Config.Title, Subtitle: s.Config.Description, File: "feed.xml", Of: "", Entries: f.entries})
		feeds[""] = f.alternate
	}
	stamp := r.stamp()
	add("events.ics", "ical", calendarData{Name: s.Config.Title, Events: s.Events, Stamp: stamp})
	add("timeline.json", "timelinejs", timelineJSData{Title: s.Config.Title, Description: s.Config.Description, Events: s.Events})
	for _, t := range s.Timelines {
		dir := "timelines/" + t.ID + "/"
		if r.origin != "" {
			if entries := r.feedEntries(r.reportsOn(t.Events), t.Events); len(entries) > 0 {
				title := t.Title + " · " + s.Config.Title
				add(dir+"feed.xml", "atom", feedData{Title: title, Subtitle: t.Description, File: dir + "feed.xml", Of: dir, Entries: entries})
				feeds[dir] = alternate{title, r.base + escapePath(dir) + "feed.xml"}
			}
		}
		add(dir+"events.ics", "ical", calendarData{Name: t.Title + " · " + s.Config.Title, Events: t.Events, Stamp: stamp})
		add(dir+"timeline.json", "timelinejs", timelineJSData{Title: t.Title, Description: t.Description, Events: t.Events, Timeline: t.ID})
	}
	robots := robotsData{}
	if r.origin != "" {
		add("sitemap.xml", "sitemap", r.sitemap(pages))
		robots.Sitemap = r.absolute(r.base + "sitemap.xml")
	}
	add("robots.txt", "robots", robots)
	for i := range pages {
		// The site's feed is announced by every page from .Site.Feed.
		dir := timelineDir(pages[i].URL)
		if f, ok := feeds[dir]; ok && dir != "" {
			pages[i].Alternates = append(pages[i].Alternates, f)
		}
		if pages[i].URL == "" || pages[i].URL == dir {
			pages[i].Follow = r.follow(dir, feeds)
		}
	}
	return out
}

// Follow is the ways to follow a timeline (or, on the home page, the whole
// site) elsewhere than on its pages: its feed, when it has one, its
// calendar and its TimelineJS data.
type Follow struct {
	Feed, Calendar, TimelineJS string
}

func (r *Renderer) follow(dir string, feeds map[string]alternate) *Follow {
	at := r.base + escapePath(dir)
	return &Follow{Feed: feeds[dir].URL, Calendar: at + "events.ics", TimelineJS: at + "timeline.json"}
}

// timelineDir is "timelines/<id>/" for the pages of one timeline (its
// own and its archive's), else "".
func timelineDir(u string) string {
	rest, ok := strings.CutPrefix(u, "timelines/")
	if !ok {
		return ""
	}
	id, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return "timelines/" + id + "/"
}

// reportsOn lists the articles reporting any of events, once each.
func (r *Renderer) reportsOn(events []*timeline.Event) []*timeline.Article {
	seen := map[*timeline.Article]bool{}
	var out []*timeline.Article
	for _, e := range events {
		for _, a := range r.site.Reports(e) {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// feedData is a feed: its entries newest first, at most feedSize.
type feedData struct {
	Title, Subtitle string
	File            string // the feed's own address below the base path
	Of              string // the page it is the feed of
	Entries         []feedEntry
}

// A feedEntry is an article, or the update of an event numbered Update,
// with the time it sorts by.
type feedEntry struct {
	At      time.Time
	Article *timeline.Article
	Event   *timeline.Event
	Update  int
}

// feedEntries is the newest feedSize of the articles that carry a date (an
// entry needs the time it was published) and the updates of events.
func (r *Renderer) feedEntries(articles []*timeline.Article, events []*timeline.Event) []feedEntry {
	var entries []feedEntry
	for _, a := range articles {
		if !a.Date.IsZero() {
			entries = append(entries, feedEntry{At: a.Date.Start, Article: a})
		}
	}
	for _, e := range events {
		for i, u := range e.Updates {
			entries = append(entries, feedEntry{At: u.At, Event: e, Update: i})
		}
	}
	slices.SortStableFunc(entries, func(a, b feedEntry) int { return b.At.Compare(a.At) })
	return entries[:min(len(entries), feedSize)]
}

func (r *Renderer) writeFeed(w io.Writer, d feedData) error {
	cfg := r.site.Config
	f := &atom.Feed{
		ID:        r.absolute(r.base + escapePath(d.Of)),
		Title:     d.Title,
		Subtitle:  d.Subtitle,
		Updated:   d.Entries[0].At,
		Self:      r.absolute(r.base + escapePath(d.File)),
		Alternate: r.absolute(r.base + escapePath(d.Of)),
		Author:    cfg.Title,
		Generator: "Dateline",
	}
	for _, e := range d.Entries {
		if e.Event != nil {
			f.Entries = append(f.Entries, r.updateEntry(e.Event, e.Update))
			continue
		}
		a := e.Article
		body, err := r.Body(a)
		if err != nil {
			return err
		}
		link := r.absolute(r.link("articles", a.Slug))
		content := absoluteLinks(string(r.intros[a])+string(body), link)
		f.Entries = append(f.Entries, atom.Entry{
			ID:         r.tagURI(e.At, "articles/"+a.Slug),
			Title:      a.Title,
			Published:  e.At,
			Updated:    e.At,
			Link:       link,
			Author:     a.Author,
			Summary:    r.introText[a],
			Content:    content,
			Categories: a.Tags,
		})
	}
	return atom.Write(w, f)
}

// updateEntry is the entry of update i of e: what changed, the note and
// the sources for it. Its id is made of the event and the update's time,
// which stay as they are when later updates are added.
func (r *Renderer) updateEntry(e *timeline.Event, i int) atom.Entry {
	u := e.Updates[i]
	title := e.Title + ": updated"
	if u.Changes() {
		title = fmt.Sprintf("%s: %s → %s", e.Title, cmp.Or(u.From.Label(), "No status"), u.Status.Label())
	}
	var content strings.Builder
	if u.Changes() {
		fmt.Fprintf(&content, "<p>%s → %s · %s</p>", html.EscapeString(cmp.Or(u.From.Label(), "No status")),
			html.EscapeString(u.Status.Label()), html.EscapeString(u.Date().Display(false, "", r.site.Config.Labels)))
	}
	content.WriteString(absoluteLinks(string(r.Note(e, i)), r.absolute(r.link("events", e.ID))))
	if len(u.Sources) > 0 {
		content.WriteString("<p>Sources:</p><ul>")
		for _, s := range u.Sources {
			content.WriteString("<li>")
			if s.URL != "" {
				fmt.Fprintf(&content, `<a href="%s">%s</a>`, html.EscapeString(s.URL), html.EscapeString(s.Name))
			} else {
				content.WriteString(html.EscapeString(s.Name))
			}
			content.WriteString("</li>")
		}
		content.WriteString("</ul>")
	}
	return atom.Entry{
		ID:         r.tagURI(u.At, "events/"+e.ID+"/updates/"+u.At.UTC().Format("20060102T150405Z")),
		Title:      title,
		Published:  u.At,
		Updated:    u.At,
		Link:       r.absolute(r.link("events", e.ID)),
		Summary:    timelinejs.PlainText(string(r.Note(e, i))),
		Content:    content.String(),
		Categories: e.Tags,
	}
}

// tagURI is an id that stays an entry's as long as the site keeps its
// domain, whatever its path or the feed it is in (RFC 4151).
func (r *Renderer) tagURI(at time.Time, specific string) string {
	return atom.TagURI(r.host(), at, strings.TrimSuffix(r.base, "/")+"/"+specific)
}

// host is base_url's host name, "" when it has none: the authority of
// feed ids and calendar UIDs.
func (r *Renderer) host() string {
	u, err := url.Parse(r.origin)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// calendarData is a calendar of events; those known only to the month or
// year have no day to be put on and are left out.
type calendarData struct {
	Name   string
	Events []*timeline.Event
	Stamp  time.Time // DTSTAMP of events that were never updated
}

func (r *Renderer) writeCalendar(w io.Writer, d calendarData) error {
	c := &ical.Calendar{ProdID: "-//Dateline//Dateline//EN", Name: d.Name}
	host := cmp.Or(r.host(), "dateline")
	extra := host + " " + d.Stamp.String()
	for _, e := range d.Events {
		if e.When.Precision < timeline.Day {
			continue
		}
		ev := calendarTimes(e)
		text, err := r.chunk("ical", e, extra, func() ([]byte, error) {
			full := r.calendarEvent(e, host, d.Stamp)
			return ical.Encode(&full)
		})
		if err != nil {
			return err
		}
		ev.Text = text
		c.Events = append(c.Events, ev)
	}
	return ical.Write(w, c)
}

// calendarTimes is e's dates as a calendar has them: DTEND of dates is
// exclusive, the day after the last; timed events are in their zone.
func calendarTimes(e *timeline.Event) ical.Event {
	ev := ical.Event{Start: e.When.Start, AllDay: !e.When.HasClock()}
	if ev.AllDay {
		if !e.End.IsZero() {
			ev.End = e.End.End()
		}
	} else {
		if e.When.Zone != "" && e.When.Zone != "UTC" {
			ev.Zone = e.When.Start.Location()
		}
		if !e.End.IsZero() {
			ev.End = e.End.Start
			if !e.End.HasClock() {
				ev.End = e.End.End()
			}
		}
	}
	if !ev.End.After(ev.Start) {
		ev.End = time.Time{}
	}
	return ev
}

func (r *Renderer) calendarEvent(e *timeline.Event, host string, stamp time.Time) ical.Event {
	if !e.Updated().IsZero() {
		stamp = e.Updated().UTC()
	}
	if stamp.IsZero() {
		stamp = e.When.Start.UTC()
	}
	ev := calendarTimes(e)
	ev.UID = e.ID + "@" + host
	ev.Stamp = stamp
	ev.Sequence = len(e.Updates)
	ev.LastModified = e.Updated()
	ev.Summary = e.Title
	ev.Description = r.calendarText(e)
	ev.Location = e.Place
	ev.Status = calendarStatus(e.Status)
	if e.Coordinates != nil {
		ev.Geo = &[2]float64{e.Coordinates.Lat, e.Coordinates.Lon}
	}
	if r.origin != "" {
		ev.URL = r.absolute(r.link("events", e.ID))
	}
	return ev
}

// stamp is when a calendar's copy of the site's events was made, for the
// DTSTAMP of events never updated: the time of the site's newest article
// or update, not of the build, so that a build of the same content writes
// the same bytes. Zero when nothing has a date.
func (r *Renderer) stamp() time.Time {
	var newest time.Time
	for _, a := range r.site.Articles {
		if !a.Date.IsZero() {
			newest = a.Date.Start
			break
		}
	}
	if u := timeline.LatestUpdate(r.site.Events); u != nil && u.At.After(newest) {
		newest = u.At
	}
	return newest.UTC()
}

// calendarText is the plain-text description of e in a calendar: its
// summary, how sure and how exact its time is, and its sources.
func (r *Renderer) calendarText(e *timeline.Event) string {
	var b strings.Builder
	b.WriteString(r.summaryText[e])
	fmt.Fprintf(&b, "\n\nWhen: %s", e.When.Display(e.Approximate, e.WhenText, r.site.Config.Labels))
	if e.Status != "" {
		fmt.Fprintf(&b, "\nStatus: %s", e.Status.Label())
	}
	for _, s := range e.Sources {
		fmt.Fprintf(&b, "\nSource: %s", s.Name)
		if s.URL != "" {
			fmt.Fprintf(&b, " <%s>", s.URL)
		}
	}
	return strings.TrimSpace(b.String())
}

// calendarStatus maps a status to iCalendar's three: what is expected,
// claimed or speculated may yet not happen.
func calendarStatus(s timeline.Status) string {
	switch s {
	case timeline.Confirmed, timeline.Reported:
		return "CONFIRMED"
	case timeline.Cancelled:
		return "CANCELLED"
	case "":
		return ""
	}
	return "TENTATIVE"
}

// timelineJSData is a TimelineJS 3 timeline of events; Timeline is the id
// of the one timeline it shows, or "" for the whole site.
type timelineJSData struct {
	Title, Description string
	Events             []*timeline.Event
	Timeline           string
}

func (r *Renderer) writeTimelineJS(w io.Writer, d timelineJSData) error {
	titles := map[string]string{}
	for _, t := range r.site.Config.Timelines {
		titles[t.ID] = t.Title
	}
	group := func(e *timeline.Event) string {
		if d.Timeline != "" {
			return titles[d.Timeline]
		}
		if len(e.Timelines) > 0 {
			return titles[e.Timelines[0]]
		}
		return ""
	}
	slides := make([][]byte, len(d.Events))
	for i, e := range d.Events {
		g := group(e)
		s, err := r.chunk("timelinejs", e, g, func() ([]byte, error) {
			image := ""
			if e.Image != nil {
				image = r.imageAbsURL(e.Image)
			}
			return timelinejs.EncodeSlide(timelinejs.FromEvent(e, r.site.Config.Labels, string(r.summaries[e]), g,
				r.absolute(r.link("events", e.ID)), image))
		})
		if err != nil {
			return err
		}
		slides[i] = s
	}
	return timelinejs.WriteEncoded(w, timelinejs.TitleSlide(d.Title, d.Description), slides)
}

// A sitemapEntry is one page's address and when its content last changed.
type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every HTML page but the 404 page, with the date of its
// newest dated content where it has one: an article's date, an event's
// latest update, the newest of those a list shows.
func (r *Renderer) sitemap(pages []Page) []sitemapEntry {
	var out []sitemapEntry
	for _, p := range pages {
		if p.File == "404.html" {
			continue
		}
		var newest time.Time
		for _, a := range p.Articles {
			if !a.Date.IsZero() && a.Date.Start.After(newest) {
				newest = a.Date.Start
			}
		}
		if _, article := p.data.(articlePage); !article {
			// An article changes when it is rewritten, not when the
			// events it reports are updated; a list changes with both.
			for _, e := range p.Events {
				if e.Updated().After(newest) {
					newest = e.Updated()
				}
			}
		}
		e := sitemapEntry{Loc: r.absolute(r.base + escapePath(p.URL))}
		if !newest.IsZero() {
			e.LastMod = newest.UTC().Format(time.RFC3339)
		}
		out = append(out, e)
	}
	return out
}

func writeSitemap(w io.Writer, entries []sitemapEntry) error {
	type urlset struct {
		XMLName xml.Name       `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapEntry `xml:"url"`
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(urlset{URLs: entries}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// robotsData is the sitemap's absolute address, or "": a sitemap needs
// absolute addresses, so a site without an origin in base_url has none.
type robotsData struct{ Sitemap string }

func writeRobots(w io.Writer, d robotsData) error {
	text := "User-agent: *\nAllow: /\n"
	if d.Sitemap != "" {
		text += "\nSitemap: " + d.Sitemap + "\n"
	}
	_, err := io.WriteString(w, text)
	return err
}

// absoluteLinks makes the addresses of links and images in an HTML
// fragment absolute, resolved against the page it comes from: a feed
// reader resolves them against the feed, where "../x/" and "#fn:1" lead
// elsewhere.
func absoluteLinks(fragment, page string) string {
	base, err := url.Parse(page)
	if err != nil || !strings.ContainsAny(fragment, "<") {
		return fragment
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return b.String()
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			if a.Key != "href" && a.Key != "src" {
				continue
			}
			if ref, err := url.Parse(a.Val); err == nil && !ref.IsAbs() {
				tok.Attr[i].Val = base.ResolveReference(ref).String()
				changed = true
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.WriteString(raw)
		}
	}
}
