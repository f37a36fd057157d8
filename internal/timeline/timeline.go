// Package timeline is Dateline's content model: events with dates at honest
// precision, the articles that report them, and the timelines, tags and people
// that group them.
//
// It does no I/O and imports only the standard library. Given the loaded
// events and articles, [Assemble] checks every cross-reference, links each
// article and event both ways whichever side declared the link, and orders
// events by the first instant their date denotes in absolute time; ties go to
// the coarser precision, then to the id, so the order is the same on every run.
// Every problem it finds names the file and the TOML key it came from, which
// load.Locate turns into a line and column.
package timeline

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Pos is a place in a source file; Line and Col count from 1, and 0 means unknown.
//
// A place found after loading (an unknown timeline, a duplicated id) names
// its TOML key instead of a line: Key is the key's path in the file, with
// arrays counted from 0 ("event.2.timelines"), and load.Locate finds its
// line and column. Only the files with such a problem are read again for
// that, rather than every file being scanned for its keys while loading.
type Pos struct {
	Path      string
	Line, Col int
	Key       string
}

func (p Pos) String() string {
	name := Printable(p.Path)
	switch {
	case p.Line == 0:
		return name
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", name, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Col)
}

// Printable is a file name as an error message may show it: as it is, or
// quoted as a Go string when it holds a control character (a newline in a
// name could otherwise forge a line of its own) or is not valid UTF-8.
func Printable(name string) string {
	if !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		return strconv.Quote(name)
	}
	return name
}

// A Problem is one thing wrong with the content, at the place it was written.
type Problem struct {
	Pos Pos
	Msg string
	// Ref is another place Msg names, such as the first use of a
	// duplicated id, written in Msg as Ref.String() writes it, after any
	// name from the content; load.Locate writes in its line too.
	Ref Pos
}

func (p Problem) Error() string { return p.Pos.String() + ": " + p.Msg }

// Problems are all the problems of one build, reported together.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, line and column, and drops exact repeats.
func (ps Problems) Sort() Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.Path, b.Pos.Path), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Pos.Key, b.Pos.Key), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.Compact(ps)
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps.Sort()
}

// Status says how firmly an event is known. It is always shown as a text label
// with a shape, never by colour alone.
type Status string

// The statuses an event may have.
const (
	Confirmed  Status = "confirmed"
	Reported   Status = "reported"
	Claimed    Status = "claimed"
	Expected   Status = "expected"
	Speculated Status = "speculated"
	Cancelled  Status = "cancelled"
)

// Statuses lists every valid status, firmest first.
var Statuses = []Status{Confirmed, Reported, Claimed, Expected, Speculated, Cancelled}

// Label is the status as readers see it.
func (s Status) Label() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Symbol is a shape that tells statuses apart without colour.
func (s Status) Symbol() string {
	switch s {
	case Confirmed:
		return "●"
	case Reported:
		return "◐"
	case Claimed:
		return "◇"
	case Expected:
		return "○"
	case Speculated:
		return "?"
	case Cancelled:
		return "✕"
	}
	return ""
}

// A Source vouches for an event.
type Source struct {
	Name, URL, Note string
}

// An Image is the picture of an event or an article. Its size is known
// before it loads, so that a page can keep its place and not jump as it
// arrives: read from the file for a site's own image, written by hand for
// a remote one.
type Image struct {
	// Src is a path below the site's base, as static/ holds it
	// ("images/route.svg"), or an https URL of a remote image.
	Src string
	// Alt describes the picture for those who cannot see it; empty only
	// when Decorative, which says the picture adds nothing the text does
	// not (screen readers then skip it).
	Alt             string
	Caption, Credit string
	Decorative      bool
	Width, Height   int // in CSS pixels
}

// Remote reports whether the image is served from another site.
func (img *Image) Remote() bool {
	return len(img.Src) > 8 && strings.EqualFold(img.Src[:8], "https://")
}

// Coordinates are a WGS 84 latitude and longitude.
type Coordinates struct {
	Lat, Lon float64
}

// An Event is one dated fact.
type Event struct {
	ID, Title string
	Summary   string // Markdown
	When, End Date
	// Approximate and WhenText change how the date reads, not where the event
	// sorts: "c. 16:00", "at dawn".
	Approximate bool
	WhenText    string
	Place       string
	Coordinates *Coordinates
	Timelines   []string
	// Status is the event's current status: that of its latest update
	// naming one, else the status its file gives it, which is its first
	// (Updates[0].From when it has updates). Pages, feeds and calendars
	// show it as what is known now; Updates tell how it came to be.
	Status   Status
	Sources  []Source
	People   []string
	Tags     []string
	Articles []string // slugs as written in the event file
	// Key marks a key moment of the story (key = true): lists label it
	// and long timelines list their key moments at the top, so that a
	// reader arriving late finds the turns of a developing story.
	Key bool
	// Updates are the changes recorded since the event was first
	// published, oldest first, each later than the one before.
	Updates []Update
	// Image is the event's picture, or nil.
	Image *Image

	// Pos is the event's table: its file, and as Key the table's path in
	// it ("event.2"), which load.Locate turns into the line it starts on.
	Pos Pos
}

// An Update is a change to what is known of an event after it was first
// published: a new status, a note saying what changed, and the sources
// for it. Its time is when the site recorded the change, not when the
// event happened.
type Update struct {
	// At is when the update was recorded, in the event's zone (its
	// time_zone, else the site's), so that it reads on the same clock as
	// the event; see Date.
	At time.Time
	// Status is the status the update gives the event; "" leaves it as
	// it was.
	Status Status
	// From is the event's status just before this update ("" when it had
	// none), so that a change can read "Expected → Confirmed" without
	// looking at the updates before it.
	From    Status
	Note    string // Markdown
	Sources []Source
	// Pos is the update's table, with Key its path ("event.2.updates.1").
	Pos Pos
}

// Changes reports whether u gives the event another status than it had.
func (u Update) Changes() bool { return u.Status != "" && u.Status != u.From }

// Date is At as a Date, for the wording functions (Display, Machine,
// ZoneLabel): precise to the minute, or to the second when At has
// seconds, on the wall clock of the zone At is in.
func (u Update) Date() Date {
	prec := Minute
	if u.At.Second() != 0 || u.At.Nanosecond() != 0 {
		prec = Second
	}
	return Date{Start: u.At, Precision: prec, Zone: u.At.Location().String()}
}

// Day is the calendar day of At on its wall clock, for a mention as
// short as "Updated Wed 3 Sep 2025" (Display of a Day date).
func (u Update) Day() Date {
	d := u.Date()
	d.Start, d.Precision = time.Date(u.At.Year(), u.At.Month(), u.At.Day(), 0, 0, 0, 0, u.At.Location()), Day
	return d
}

// Updated is when e's latest update was recorded, or the zero time when
// it has none.
func (e *Event) Updated() time.Time {
	if u := e.LastUpdate(); u != nil {
		return u.At
	}
	return time.Time{}
}

// LastUpdate is e's latest update, or nil when it has none.
func (e *Event) LastUpdate() *Update {
	if len(e.Updates) == 0 {
		return nil
	}
	return &e.Updates[len(e.Updates)-1]
}

// LatestUpdate is the latest update of any of events, or nil when none
// has one: when a list of them last changed. Of updates at the same
// instant it takes the first event's in the list's order.
func LatestUpdate(events []*Event) *Update {
	var latest *Update
	for _, e := range events {
		if n := len(e.Updates); n > 0 && (latest == nil || e.Updates[n-1].At.After(latest.At)) {
			latest = &e.Updates[n-1]
		}
	}
	return latest
}

// Nav is an event's place on one of its timelines.
type Nav struct {
	Timeline   *Timeline
	Prev, Next *Event
}

// KeyPos is where key was written in e's table, for load.Locate to find.
func (e *Event) KeyPos(key string) Pos { return Pos{Path: e.Pos.Path, Key: e.Pos.Key + "." + key} }

// An Article is a Markdown document that reports events.
type Article struct {
	Slug, Title string
	Date        Date // publication time; may be zero
	Author      string
	Source      string // the publication
	SourceURL   string
	Summary     string
	Tags        []string
	Events      []string // event ids as written in the front matter
	Draft       bool
	Body        string // Markdown
	BodyLine    int    // line of the .md file where Body starts
	Image       *Image // the article's picture, or nil

	Pos Pos // the file, at its first line
}

// KeyPos is where key was written in a's front matter, for load.Locate to find.
func (a *Article) KeyPos(key string) Pos { return Pos{Path: a.Pos.Path, Key: key} }

// TimelineDef declares a timeline in site.toml.
type TimelineDef struct {
	ID, Title, Description string
	// Order is how the timeline's pages list its events; "" reads as
	// OldestFirst.
	Order Order
	Pos   Pos
}

// NewestFirst reports whether the timeline's pages list its newest events
// first, as a developing story is read.
func (d TimelineDef) NewestFirst() bool { return d.Order == NewestFirst }

// Order is the order a timeline's pages list its events in. It changes
// only how they are shown: Timeline.Events, archives and Nav stay in the
// one order of CompareEvents.
type Order string

// The orders a timeline may be listed in.
const (
	OldestFirst Order = "oldest-first"
	NewestFirst Order = "newest-first"
)

// Orders lists every valid order, the default first.
var Orders = []Order{OldestFirst, NewestFirst}

// A Timeline is a declared timeline with its events in order.
type Timeline struct {
	TimelineDef
	Events []*Event
}

// A Group is everything that carries one tag or involves one person.
type Group struct {
	Name, Slug string
	Events     []*Event
	Articles   []*Article
}

// Config is the site-wide settings of site.toml, with defaults applied.
type Config struct {
	Title       string
	Description string
	BaseURL     string
	CNAME       string // custom domain for GitHub Pages, written to CNAME by deploy
	Language    string
	TimeZone    string
	Labels      Labels
	Timelines   []TimelineDef
	// PageSize is the most events one list page (a timeline, a tag, a
	// person, the home page) shows before it is split into an Archive;
	// 0 means DefaultPageSize.
	PageSize int
	// UnsafeMarkdown lets raw HTML in Markdown through; for trusted content only.
	UnsafeMarkdown bool
}

// Site is the assembled content, ready to render. It holds what Assemble
// derives (timelines, groups, the links between events and articles); the
// events and articles themselves are left as they were given.
type Site struct {
	Config    Config
	Events    []*Event   // all events in order
	Articles  []*Article // newest first, then by title
	Timelines []*Timeline
	Tags      []*Group // by name
	People    []*Group // by name
	// Statuses groups the events by their current status, one Group per
	// status that some event has, firmest first (as Statuses lists them);
	// a Group's Name is the status's Label and its Slug the status.
	Statuses []*Group

	events   map[string]*Event
	articles map[string]*Article
	reports  map[*Event][]*Article
	nav      map[*Event][]Nav
	covers   map[*Article][]*Event
}

// Event returns the event with id, or nil.
func (s *Site) Event(id string) *Event { return s.events[id] }

// Article returns the article with slug, or nil.
func (s *Site) Article(slug string) *Article { return s.articles[slug] }

// Reports are the articles linked with e from either side, newest first.
func (s *Site) Reports(e *Event) []*Article { return s.reports[e] }

// Nav is e's place on each of its timelines, in the order it names them.
func (s *Site) Nav(e *Event) []Nav { return s.nav[e] }

// Covers are the events linked with a from either side, in timeline order.
func (s *Site) Covers(a *Article) []*Event { return s.covers[a] }

// CompareEvents is the one order of events: by first instant, coarser
// precision first on a tie, then by id.
//
// The ids are compared only on a tie of dates: cmp.Or would compare them
// on every call, and sorting 10,000 events calls this some 140,000 times.
func CompareEvents(a, b *Event) int {
	if c := a.When.Compare(b.When); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// compareArticles orders articles newest first, then by title and slug,
// comparing each only on a tie of the one before (see CompareEvents).
func compareArticles(a, b *Article) int {
	if c := b.Date.Start.Compare(a.Date.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return cmp.Compare(a.Slug, b.Slug)
}

// Assemble checks the cross-references between cfg, events and articles and
// links them into a Site. Articles marked Draft must be filtered out by the
// caller beforehand; links to them from events are then dropped silently, as
// are links named in drafts. All problems are returned together.
func Assemble(cfg Config, events []*Event, articles []*Article, drafts map[string]bool) (*Site, Problems) {
	s := &Site{
		Config:   cfg,
		events:   make(map[string]*Event, len(events)),
		articles: make(map[string]*Article, len(articles)),
		reports:  make(map[*Event][]*Article, len(events)),
		nav:      make(map[*Event][]Nav, len(events)),
		covers:   make(map[*Article][]*Event, len(articles)),
	}
	var probs Problems
	probs = append(probs, s.indexEvents(events)...)
	probs = append(probs, s.indexArticles(articles)...)
	probs = append(probs, s.placeOnTimelines()...)
	probs = append(probs, s.linkReports(drafts)...)
	probs = append(probs, s.groupNames()...)
	return s, probs
}

func (s *Site) indexEvents(events []*Event) Problems {
	var probs Problems
	for _, e := range events {
		if first, dup := s.events[e.ID]; dup {
			ref := first.KeyPos("id")
			probs = append(probs, Problem{Pos: e.KeyPos("id"), Ref: ref,
				Msg: fmt.Sprintf("event id %q is already used at %s; give one of them another id", e.ID, ref)})
			continue
		}
		s.events[e.ID] = e
		s.Events = append(s.Events, e)
	}
	slices.SortFunc(s.Events, CompareEvents)
	return probs
}

func (s *Site) indexArticles(articles []*Article) Problems {
	var probs Problems
	for _, a := range articles {
		if first, dup := s.articles[a.Slug]; dup {
			probs = append(probs, Problem{Pos: a.Pos, Msg: fmt.Sprintf("article slug %q is already used by %s; rename one of the files", a.Slug, first.Pos.Path)})
			continue
		}
		s.articles[a.Slug] = a
		s.Articles = append(s.Articles, a)
	}
	slices.SortFunc(s.Articles, compareArticles)
	return probs
}

func (s *Site) placeOnTimelines() Problems {
	var probs Problems
	byID := make(map[string]*Timeline, len(s.Config.Timelines))
	for _, def := range s.Config.Timelines {
		t := &Timeline{TimelineDef: def}
		byID[def.ID] = t
		s.Timelines = append(s.Timelines, t)
	}
	ids := slices.Collect(maps.Keys(byID))
	// A site declares a few timelines: comparing ids costs less than
	// hashing one, for every event. From the last, as byID keeps the
	// last of two with one id.
	find := func(id string) *Timeline {
		if len(s.Timelines) > 8 {
			return byID[id]
		}
		for i := len(s.Timelines) - 1; i >= 0; i-- {
			if t := s.Timelines[i]; t.ID == id {
				return t
			}
		}
		return nil
	}
	for _, e := range s.Events { // already in order, so each timeline is too
		for i, id := range e.Timelines {
			t := find(id)
			if slices.Contains(e.Timelines[:i], id) {
				probs = append(probs, Problem{Pos: e.KeyPos("timelines"), Msg: fmt.Sprintf("timeline %q is listed twice; remove one", id)})
				continue
			}
			if t == nil {
				probs = append(probs, Problem{Pos: e.KeyPos("timelines"), Msg: unknown("timeline", id, ids, "declare it with [[timelines]] in site.toml")})
				continue
			}
			t.Events = append(t.Events, e)
		}
	}
	for _, t := range s.Timelines {
		for i, e := range t.Events {
			nav := Nav{Timeline: t}
			if i > 0 {
				nav.Prev = t.Events[i-1]
			}
			if i+1 < len(t.Events) {
				nav.Next = t.Events[i+1]
			}
			s.nav[e] = append(s.nav[e], nav)
		}
	}
	return probs
}

// linkReports joins articles and events whichever side named the link.
//
// A link named twice (from both sides, or twice on one) is kept once.
// That is checked without a set of all pairs, which cost more than the
// rest of the linking together: while one article's links are made, an
// event it already links ends its reports with that article; while one
// event's are made, its reports are what it is linked with so far, a
// short list on most sites, looked through or made a set when long.
func (s *Site) linkReports(drafts map[string]bool) Problems {
	var probs Problems
	// The names to suggest from are gathered only for a site that needs them.
	var eventIDs, slugs []string
	for _, a := range s.Articles {
		var covers []*Event
		for _, id := range a.Events {
			if e := s.events[id]; e != nil {
				reports := s.reports[e]
				if len(reports) > 0 && reports[len(reports)-1] == a {
					continue // named twice by a
				}
				s.reports[e] = append(reports, a)
				covers = append(covers, e)
				continue
			}
			if eventIDs == nil {
				eventIDs = slices.Collect(maps.Keys(s.events))
			}
			probs = append(probs, Problem{Pos: a.KeyPos("events"), Msg: unknown("event", id, eventIDs, "check the id in content/events")})
		}
		if covers != nil {
			s.covers[a] = covers
		}
	}
	const scanned = 16 // reports looked through rather than made a set
	for _, e := range s.Events {
		var linked map[*Article]bool // e's reports, once they are many
		for _, slug := range e.Articles {
			switch a := s.articles[slug]; {
			case a != nil:
				reports := s.reports[e]
				if linked == nil && len(reports) > scanned {
					linked = make(map[*Article]bool, len(reports)+len(e.Articles))
					for _, r := range reports {
						linked[r] = true
					}
				}
				if linked != nil {
					if linked[a] {
						continue
					}
					linked[a] = true
				} else if slices.Contains(reports, a) {
					continue
				}
				s.reports[e] = append(reports, a)
				s.covers[a] = append(s.covers[a], e)
			case drafts[slug]:
				// A draft left out of this build; the link returns with --drafts.
			default:
				if slugs == nil {
					slugs = slices.Collect(maps.Keys(s.articles))
				}
				probs = append(probs, Problem{Pos: e.KeyPos("articles"), Msg: unknown("article", slug, slugs, "articles are named by their file name in content/articles")})
			}
		}
	}
	for _, covers := range s.covers {
		slices.SortFunc(covers, CompareEvents)
	}
	for _, reports := range s.reports {
		slices.SortFunc(reports, compareArticles)
	}
	return probs
}

// groupNames builds the tag and people pages. Two names that would share a
// page address are a problem rather than one page silently overwriting the other.
func (s *Site) groupNames() Problems {
	var probs Problems
	tags := newGrouper("tag")
	people := newGrouper("person")
	for _, e := range s.Events {
		for _, t := range e.Tags {
			probs = append(probs, tags.add(t, "tags", e, nil)...)
		}
		for _, p := range e.People {
			probs = append(probs, people.add(p, "people", e, nil)...)
		}
	}
	for _, a := range s.Articles {
		for _, t := range a.Tags {
			probs = append(probs, tags.add(t, "tags", nil, a)...)
		}
	}
	s.Tags, s.People = tags.sorted(), people.sorted()
	s.Statuses = groupStatuses(s.Events)
	return probs
}

// groupStatuses groups events, in order, by their current status.
func groupStatuses(events []*Event) []*Group {
	by := map[Status][]*Event{}
	for _, e := range events {
		if e.Status != "" {
			by[e.Status] = append(by[e.Status], e)
		}
	}
	var out []*Group
	for _, st := range Statuses {
		if evs := by[st]; len(evs) > 0 {
			out = append(out, &Group{Name: st.Label(), Slug: string(st), Events: evs})
		}
	}
	return out
}

type grouper struct {
	kind   string
	bySlug map[string]*Group
	first  map[string]Pos
	slugs  map[string]string // Slugify of each name met; a few names recur on thousands of events
	// byName is the group of each name that has one under that very
	// spelling: a name met again costs one lookup, not one for its slug
	// and one for its group. Names with problems stay out of it.
	byName map[string]*Group
}

func newGrouper(kind string) *grouper {
	return &grouper{kind: kind, bySlug: map[string]*Group{}, first: map[string]Pos{}, slugs: map[string]string{}, byName: map[string]*Group{}}
}

// add puts e or a in the group of name, written under key; where it was
// written is looked up only when needed, as it is for few names of many.
func (g *grouper) add(name, key string, e *Event, a *Article) Problems {
	if grp := g.byName[name]; grp != nil {
		g.put(grp, e, a)
		return nil
	}
	at := func() Pos {
		if e != nil {
			return e.KeyPos(key)
		}
		return a.KeyPos(key)
	}
	slug, ok := g.slugs[name]
	if !ok {
		slug = Slugify(name)
		g.slugs[name] = slug
	}
	if slug == "" {
		return Problems{{Pos: at(), Msg: fmt.Sprintf("%s %q has no letters or digits to name its page by; use a word", g.kind, name)}}
	}
	grp := g.bySlug[slug]
	if grp == nil {
		grp = &Group{Name: name, Slug: slug}
		g.bySlug[slug] = grp
		g.first[slug] = at()
		g.byName[name] = grp
	} else if grp.Name != name {
		ref := g.first[slug]
		return Problems{{Pos: at(), Ref: ref,
			Msg: fmt.Sprintf("%s %q and %q (at %s) would share the page %s; spell them the same way", g.kind, name, grp.Name, ref, slug)}}
	}
	g.put(grp, e, a)
	return nil
}

// put adds e or a to grp, once for an event or article naming it twice.
func (g *grouper) put(grp *Group, e *Event, a *Article) {
	if e != nil && (len(grp.Events) == 0 || grp.Events[len(grp.Events)-1] != e) {
		grp.Events = append(grp.Events, e)
	}
	if a != nil && (len(grp.Articles) == 0 || grp.Articles[len(grp.Articles)-1] != a) {
		grp.Articles = append(grp.Articles, a)
	}
}

func (g *grouper) sorted() []*Group {
	out := make([]*Group, 0, len(g.bySlug))
	for _, grp := range g.bySlug {
		out = append(out, grp)
	}
	slices.SortFunc(out, func(a, b *Group) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Slug, b.Slug))
	})
	return out
}

// unknown words the error for a reference to something that does not exist,
// suggesting the closest existing name.
func unknown(kind, name string, known []string, hint string) string {
	if s := Suggest(name, known); s != "" {
		return fmt.Sprintf("unknown %s %q; did you mean %q?", kind, name, s)
	}
	return fmt.Sprintf("unknown %s %q; %s", kind, name, hint)
}
