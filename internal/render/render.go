// Package render turns an assembled timeline.Site into HTML pages with
// html/template.
//
// It lists every page the site has ([Renderer.Pages]) and renders any one of
// them on its own ([Renderer.Render]), so a caller may render all pages in
// parallel or only those a change affects. Each page records which events and
// articles it shows, for that purpose. Every address in a page is built from
// the path of the site's base URL, so a site works at "/" and under "/repo/".
//
// Text reaches pages only through html/template's contextual escaping; the
// exceptions are the HTML that package markdown produces and that of the
// cached function, which returns a partial's own html/template output:
// {{cached "name" dot}} executes the partial once per build for each dot
// and reuses its bytes wherever a page shows it in HTML text (cached.go).
//
// A page's data holds no way to the rest of the site: events and articles
// carry only their own fields, and what a page shows of others (an event's
// reports and neighbours, an article's events) is in its data. So every
// page has a fingerprint of all it reads ([Renderer.Fingerprint]), which
// live preview compares to reuse a page's bytes (fingerprint.go).
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dateline-ssg/dateline/internal/markdown"
	"github.com/dateline-ssg/dateline/internal/timeline"
	"github.com/dateline-ssg/dateline/internal/timelinejs"
)

// A TemplateFile is the text of one template and the path to name in errors,
// such as "templates/event.html" for a site's own file.
type TemplateFile struct {
	Path string
	Text string
}

// Layout and partials are parsed into every page template; the rest are
// page templates, named by file.
const (
	layoutTemplate   = "base.html"
	partialsTemplate = "partials.html"
)

// The page templates a site must provide (the embedded defaults do).
var pageTemplates = []string{"home.html", "timeline.html", "event.html", "articles.html", "article.html", "group.html", "groups.html", "archive.html", "404.html", "embed.html"}

// Options configure a Renderer.
type Options struct {
	// Templates by file name (e.g. "event.html"), each with the path shown in errors.
	Templates map[string]TemplateFile
	// Assets maps each static file's path to its content, so links to it can
	// carry a content hash that defeats stale caches.
	Assets map[string][]byte
	// Script, when not empty, is the path below the base path of a script
	// added to every page (the live-reload client of dateline serve).
	// Builds leave it empty.
	Script string
	// Memo, when set, reuses the HTML of Markdown texts a Renderer made
	// earlier with the same Memo.
	Memo *Memo
	// Slow, when set, is called with the path of the file whose Markdown
	// text is still rendering after SlowAfter, once for each such text, on
	// a goroutine of its own while the rendering goes on.
	Slow func(path string)

	after afterFunc // starts Slow's timers; tests replace time.AfterFunc
}

// Renderer renders the pages of one site. It is safe for concurrent use once built.
type Renderer struct {
	site      *timeline.Site
	base      string // path prefix of every address, "/" or "/repo/"
	origin    string // scheme and host of base_url, "" when it has none
	pages     map[string]*template.Template
	assets    map[string]string
	script    string
	md        *markdown.Renderer
	summaries map[*timeline.Event]template.HTML
	notes     map[*timeline.Event][]template.HTML // of each update, for the events with updates
	intros    map[*timeline.Article]template.HTML
	// The plain text of each summary and intro, for descriptions, feeds
	// and calendars.
	summaryText  map[*timeline.Event]string
	introText    map[*timeline.Article]string
	shared       *template.Template // layout and partials, for cached
	partials     sync.Map           // cacheKey → template.HTML
	view         *siteView          // what every page sees of the site
	templates    uint64             // fingerprint of the template files
	prints       *fingerprints      // made by the first call of Fingerprint
	printOnce    sync.Once
	slugOf       map[string]string // see slug
	settings     uint64            // see chunkSettings
	settingsOnce sync.Once
	memo         *Memo
	slow         func(path string) // see Options.Slow
	after        afterFunc
}

// New parses the templates and renders the Markdown texts that pages share
// once: event summaries, the notes of their updates and article intros.
// Article bodies, each shown on one page, are rendered with that page and
// not kept, so that a site's memory holds no second copy of every article.
func New(site *timeline.Site, opts Options) (*Renderer, timeline.Problems) {
	r := &Renderer{
		site:        site,
		pages:       map[string]*template.Template{},
		assets:      map[string]string{},
		md:          markdown.New(site.Config.UnsafeMarkdown),
		summaries:   make(map[*timeline.Event]template.HTML, len(site.Events)),
		notes:       map[*timeline.Event][]template.HTML{},
		intros:      make(map[*timeline.Article]template.HTML, len(site.Articles)),
		summaryText: make(map[*timeline.Event]string, len(site.Events)),
		slugOf:      groupSlugs(site),
		introText:   make(map[*timeline.Article]string, len(site.Articles)),
		view:        &siteView{Config: site.Config},
		slow:        opts.Slow,
		after:       opts.after,
	}
	if r.after == nil {
		r.after = startTimer
	}
	r.base, r.origin = splitBase(site.Config.BaseURL)
	r.view.Feed = r.siteFeedOf()
	if opts.Script != "" {
		r.script = r.base + escapePath(opts.Script)
	}
	for name, data := range opts.Assets {
		sum := sha256.Sum256(data)
		r.assets[name] = r.base + escapePath(name) + "?v=" + hex.EncodeToString(sum[:5])
	}
	r.templates = templateFingerprint(opts.Templates)
	r.memo = opts.Memo
	probs := r.parseTemplates(opts.Templates)
	probs = append(probs, r.renderMarkdown(opts.Memo)...)
	return r, probs
}

// BasePath is the path of base_url every address starts with: "/" or
// "/repo/".
func BasePath(baseURL string) string {
	prefix, _ := splitBase(baseURL)
	return prefix
}

// splitBase separates base_url into the path every address starts with and
// the origin for absolute links (canonical, OpenGraph).
func splitBase(base string) (prefix, origin string) {
	u, err := url.Parse(base)
	if err != nil {
		return "/", ""
	}
	prefix = u.Path
	if !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if u.Scheme != "" && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	return prefix, origin
}

// Summary is the rendered Markdown summary of e.
func (r *Renderer) Summary(e *timeline.Event) template.HTML { return r.summaries[e] }

// Note is the rendered Markdown note of e.Updates[i], "" when it has none.
func (r *Renderer) Note(e *timeline.Event, i int) template.HTML {
	if notes := r.notes[e]; i >= 0 && i < len(notes) {
		return notes[i]
	}
	return ""
}

// Body renders the Markdown body of a.
func (r *Renderer) Body(a *timeline.Article) (template.HTML, error) {
	return r.convert(a.Pos.Path, a.Body, false)
}

// TemplatePath is the file a page template was read from, for messages.
func (r *Renderer) TemplatePath(name string) string {
	if t := r.pages[name]; t != nil {
		return t.Name()
	}
	return "templates/" + name
}

// BasePath is the path prefix of every page, "/" or "/repo/".
func (r *Renderer) BasePath() string { return r.base }

func (r *Renderer) parseTemplates(files map[string]TemplateFile) timeline.Problems {
	var probs timeline.Problems
	root := template.New("").Funcs(r.funcs())
	for _, name := range []string{layoutTemplate, partialsTemplate} {
		f, ok := files[name]
		if !ok {
			probs = append(probs, timeline.Problem{Pos: timeline.Pos{Path: "templates/" + name}, Msg: "template is missing"})
			continue
		}
		if _, err := root.New(f.Path).Parse(f.Text); err != nil {
			probs = append(probs, templateProblem(f.Path, err))
		}
	}
	if len(probs) > 0 {
		return probs
	}
	shared, err := root.Clone()
	if err != nil {
		return timeline.Problems{templateProblem(files[partialsTemplate].Path, err)}
	}
	r.shared = shared
	for _, name := range pageTemplates {
		f, ok := files[name]
		if !ok {
			probs = append(probs, timeline.Problem{Pos: timeline.Pos{Path: "templates/" + name}, Msg: "template is missing"})
			continue
		}
		t, err := root.Clone()
		if err == nil {
			_, err = t.New(f.Path).Parse(f.Text)
		}
		if err != nil {
			probs = append(probs, templateProblem(f.Path, err))
			continue
		}
		r.pages[name] = t.Lookup(f.Path)
	}
	return probs
}

var templateErrLine = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateProblem turns an html/template error into a Problem at its file
// and line.
func templateProblem(file string, err error) timeline.Problem {
	var escErr *template.Error
	if errors.As(err, &escErr) && escErr.Description != "" {
		// An escaping error: html/template names the template and, when it
		// knows it, the line.
		at := timeline.Pos{Path: file, Line: escErr.Line}
		if strings.Contains(escErr.Name, "/") {
			at.Path = escErr.Name
		}
		return timeline.Problem{Pos: at, Msg: "template error: " + escErr.Description}
	}
	msg := err.Error()
	if m := templateErrLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return timeline.Problem{Pos: timeline.Pos{Path: m[1], Line: line, Col: col}, Msg: "template error: " + m[4]}
	}
	return timeline.Problem{Pos: timeline.Pos{Path: file}, Msg: "template error: " + strings.TrimPrefix(msg, "template: ")}
}

func (r *Renderer) renderMarkdown(memo *Memo) timeline.Problems {
	events, articles := r.site.Events, r.site.Articles
	summaries := make([]rendered, len(events))
	intros := make([]rendered, len(articles))
	errs := make([]error, len(events)+len(articles))
	// The notes of an event's updates are rendered with its summary, as
	// the summary is: few events have updates, so only those have room.
	notes := make([][]template.HTML, len(events))
	noteErrs := make([][]error, len(events))
	// Each worker takes the next chunk of texts until none is left: on a
	// rebuild nearly every text is in the memo, and a goroutine for each
	// of 15,000 cost more than looking them up, while chunks taken as
	// they come still share out the few slow texts of a first build.
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(events)+len(articles)+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(events)+len(articles) {
					return
				}
				for i := lo; i < min(lo+chunk, len(events)+len(articles)); i++ {
					if i >= len(events) {
						a := articles[i-len(events)]
						intros[i-len(events)], errs[i] = memo.render(r, a.Pos.Path, true, a.Summary)
						continue
					}
					e := events[i]
					summaries[i], errs[i] = memo.render(r, e.Pos.Path, false, e.Summary)
					if len(e.Updates) > 0 {
						notes[i], noteErrs[i] = make([]template.HTML, len(e.Updates)), make([]error, len(e.Updates))
						for j, u := range e.Updates {
							if u.Note != "" {
								var note rendered
								note, noteErrs[i][j] = memo.render(r, e.Pos.Path, false, u.Note)
								notes[i][j] = note.HTML
							}
						}
					}
				}
			}
		})
	}
	wg.Wait()
	memo.forgetUnused()
	var probs timeline.Problems
	for i, e := range events {
		if errs[i] != nil {
			probs = append(probs, timeline.Problem{Pos: e.KeyPos("summary"), Msg: "cannot render Markdown: " + errs[i].Error()})
		}
		r.summaries[e], r.summaryText[e] = summaries[i].HTML, summaries[i].Text
		for j, err := range noteErrs[i] {
			if err != nil {
				at := e.Updates[j].Pos
				at.Key += ".note"
				probs = append(probs, timeline.Problem{Pos: at, Msg: "cannot render Markdown: " + err.Error()})
			}
		}
		if notes[i] != nil {
			r.notes[e] = notes[i]
		}
	}
	for i, a := range articles {
		if err := errs[len(events)+i]; err != nil {
			probs = append(probs, timeline.Problem{Pos: a.KeyPos("summary"), Msg: "cannot render Markdown: " + err.Error()})
		}
		r.intros[a], r.introText[a] = intros[i].HTML, intros[i].Text
	}
	return probs
}

// A Memo keeps the HTML of Markdown texts and the hashes behind page
// fingerprints between Renderers, so that a rebuild renders and hashes
// again only what changed (dateline serve makes one per preview). It holds
// what the last Renderer used, no more. Renderers sharing a Memo must be
// used one after another; a nil *Memo remembers nothing.
type Memo struct {
	mu      sync.Mutex
	entries map[memoKey]*memoEntry
	round   uint64 // counts the Renderers made with the Memo
	hashes  *hashMemo
	chunks  map[chunkKey]*chunkEntry // see Renderer.chunk
}

type memoKey struct {
	unsafe, inline bool
	src            string
}

type memoEntry struct {
	rendered
	round uint64 // the last round that used it
}

// rendered is a Markdown text as HTML and as plain text on one line.
type rendered struct {
	HTML template.HTML
	Text string
}

func (r *Renderer) renderText(path string, src string, inline bool) (rendered, error) {
	h, err := r.convert(path, src, inline)
	if err != nil {
		return rendered{}, err
	}
	return rendered{h, timelinejs.PlainText(string(h))}, nil
}

// NewMemo makes an empty Memo.
func NewMemo() *Memo {
	return &Memo{entries: map[memoKey]*memoEntry{}, round: 1, hashes: newHashMemo(), chunks: map[chunkKey]*chunkEntry{}}
}

// render renders src, a Markdown text of the file at path, with r, or
// returns its HTML from the last time.
func (m *Memo) render(r *Renderer, path string, inline bool, src string) (rendered, error) {
	if m == nil {
		return r.renderText(path, src, inline)
	}
	key := memoKey{r.site.Config.UnsafeMarkdown, inline, src}
	m.mu.Lock()
	e := m.entries[key]
	if e != nil {
		e.round = m.round
	}
	m.mu.Unlock()
	if e != nil {
		return e.rendered, nil
	}
	h, err := r.renderText(path, src, inline)
	if err != nil {
		return h, err
	}
	m.mu.Lock()
	m.entries[key] = &memoEntry{rendered: h, round: m.round}
	m.mu.Unlock()
	return h, nil
}

// forgetUnused drops the texts the Renderer just made did not use.
func (m *Memo) forgetUnused() {
	if m == nil {
		return
	}
	for k, e := range m.entries {
		if e.round != m.round {
			delete(m.entries, k)
		}
	}
	// Chunks are made while pages render, after this: those the last
	// Renderer's pages used carry this round.
	for k, e := range m.chunks {
		if e.round != m.round {
			delete(m.chunks, k)
		}
	}
	m.round++
	m.hashes.nextRound()
}

// A Page is one file of the site.
type Page struct {
	URL      string // address below the base path: "", "events/x/", "404.html"
	File     string // output file below the destination: "index.html", "events/x/index.html"
	Template string
	Title    string
	// Events and Articles are those whose Markdown the page shows, for
	// naming the source of a broken link. They are in the page's data too,
	// which its fingerprint covers.
	Events   []*timeline.Event   `fingerprint:"-"`
	Articles []*timeline.Article `fingerprint:"-"`

	// Alternates are its timeline's feed, announced in its <head> beside
	// the site's (.Site.Feed); Follow,
	// on the home page and a timeline's, links to its feed, calendar and
	// TimelineJS data.
	Alternates []alternate
	Follow     *Follow

	data any `fingerprint:"-"` // what the template receives as .Data
}

// Pages lists every page of the site, in a stable order. A timeline, tag
// or person with more events than the page size gets an archive: its own
// page shows the decades (with counts) and each decade, year, month or part
// has a page of its own (see timeline.Archived). The home page then shows
// each timeline's latest events instead of all of them, and lists of
// articles run over numbered pages.
func (r *Renderer) Pages() []Page {
	s := r.site
	size := pageSize(s.Config)
	// Room for the pages known before the lists are archived (one for
	// each event, article, list and output file), and a sixteenth more
	// for the archives' (some 5% of the pages of the 10,000-event
	// benchmark site): growing the slice step by step copied its 15,000
	// pages again and again.
	known := 16 + len(s.Events) + len(s.Articles) + len(s.Articles)/size + 6*len(s.Timelines) +
		2*(len(s.Tags)+len(s.People)+len(s.Statuses))
	pages := make([]Page, 0, known+known/16)
	pages = append(pages, r.homePage(),
		Page{URL: "tags/", Template: "groups.html", Title: "Tags", data: groupsData{Kind: "tags", Groups: s.Tags}},
		Page{URL: "people/", Template: "groups.html", Title: "People", data: groupsData{Kind: "people", Groups: s.People}},
		Page{URL: "404.html", File: "404.html", Template: "404.html", Title: "Page not found"},
	)
	pages = append(pages, articlePages("articles/", "Articles", eventList{}, s.Articles, size)...)
	// The address of the page of each timeline that lists each of its
	// events, for the links from an event's page to its place on its
	// timelines: each address is escaped once, not once for each event.
	placed := make(map[*timeline.Timeline]placement, len(s.Timelines))
	for _, t := range s.Timelines {
		l := newEventList("timeline", t.Title, "timelines/"+t.ID+"/", t.Events, size)
		l.Newest = t.NewestFirst()
		at := placement{page: r.base + escapePath(l.URL)}
		if l.archive != nil {
			at.on = make(map[*timeline.Event]string, len(t.Events))
			for _, p := range l.archive.Pages() {
				page := r.base + escapePath(l.URL+p.Path)
				for _, e := range p.Events {
					at.on[e] = page
				}
			}
		}
		placed[t] = at
		on := at.on
		data := timelineData{Timeline: t, List: l, Updated: timeline.LatestUpdate(t.Events), KeyMoments: r.keyMoments(t, on), Embed: r.embedCodeOf(t, l.URL)}
		own := Page{URL: l.URL, Template: "timeline.html", Title: t.Title, Events: t.Events, data: data}
		pages = append(pages, r.listPages(l, own, t.Events)...)
		pages = append(pages, r.embedPage(t, l.URL))
	}
	for _, e := range s.Events {
		reports := s.Reports(e)
		pages = append(pages, Page{URL: "events/" + e.ID + "/", Template: "event.html", Title: e.Title,
			Events: []*timeline.Event{e}, Articles: reports, data: eventPage{Event: e, Reports: reports, Nav: r.navOf(e, s.Nav(e), placed), History: r.history(e)}})
	}
	for _, a := range s.Articles {
		covers := s.Covers(a)
		pages = append(pages, Page{URL: "articles/" + a.Slug + "/", Template: "article.html", Title: a.Title,
			Events: covers, Articles: []*timeline.Article{a}, data: articlePage{Article: a, Covers: covers}})
	}
	groups := func(kind, dir, prefix string, gs []*timeline.Group) {
		for _, g := range gs {
			l := newEventList(kind, prefix+g.Name, dir+g.Slug+"/", g.Events, size)
			data := groupData{Kind: kind, Group: g, List: l, Articles: g.Articles}
			own := Page{URL: l.URL, Template: "group.html", Title: prefix + g.Name, Events: g.Events, data: data}
			if len(g.Articles) > size {
				// The newest articles here, the rest on pages of their own.
				data.Articles, data.AllArticles = g.Articles[:size], l.URL+"articles/"
				own.data = data
				pages = append(pages, articlePages(data.AllArticles, "Articles: "+prefix+g.Name, l, g.Articles, size)...)
			}
			own.Articles = data.Articles
			pages = append(pages, r.listPages(l, own, g.Events)...)
		}
	}
	groups("tag", "tags/", "Tag: ", s.Tags)
	groups("person", "people/", "", s.People)
	// A page for each status some event has, so that filtering by status
	// works without JavaScript as filtering by tag or person does.
	groups("status", "status/", "Status: ", s.Statuses)
	for i := range pages {
		if pages[i].File == "" {
			pages[i].File = pages[i].URL + "index.html"
		}
	}
	return append(pages, r.outputPages(pages)...)
}

// homePage lists every timeline's events, or, when the site has more
// events than fit on a page, each timeline's latest few with a way into
// its archive.
func (r *Renderer) homePage() Page {
	s := r.site
	p := Page{URL: "", Template: "home.html", Title: s.Config.Title, Events: s.Events}
	data := homeData{Timelines: s.Timelines, Updated: make([]*timeline.Update, len(s.Timelines))}
	for i, t := range s.Timelines {
		data.Updated[i] = timeline.LatestUpdate(t.Events)
	}
	shown := make([][]*timeline.Event, len(s.Timelines))
	for i, t := range s.Timelines {
		shown[i] = t.Events
	}
	if size := pageSize(s.Config); len(s.Events) > size {
		p.Events = nil
		for i, t := range s.Timelines {
			latest := t.Events[max(0, len(t.Events)-min(latestOnHome, size)):]
			data.Latest = append(data.Latest, latest)
			shown[i] = latest
			p.Events = append(p.Events, latest...)
		}
	}
	data.Again = again(shown)
	p.data = data
	return p
}

// again lists, for each of lists shown one after another on a page, the
// ids of the events an earlier one shows too; nil when no event is shown
// twice, as on most sites. Ids, not the events, key the sets, as page data
// is fingerprinted and only maps with string keys can be.
func again(lists [][]*timeline.Event) []map[string]bool {
	var out []map[string]bool
	seen := map[*timeline.Event]bool{}
	for i, l := range lists {
		for _, e := range l {
			if !seen[e] {
				seen[e] = true
				continue
			}
			if out == nil {
				out = make([]map[string]bool, len(lists))
			}
			if out[i] == nil {
				out[i] = map[string]bool{}
			}
			out[i][e.ID] = true
		}
	}
	return out
}

// latestOnHome is how many of each timeline's latest events a summarised
// home page shows.
const latestOnHome = 5

func pageSize(cfg timeline.Config) int {
	if cfg.PageSize > 0 {
		return cfg.PageSize
	}
	return timeline.DefaultPageSize
}

// An eventList is a page listing events, which may need an archive.
type eventList struct {
	Kind     string      // "timeline", "tag" or "person"
	Name     string      // as the list's page is titled
	URL      string      // the list's own page, below the base path
	Archived bool        // whether the events are in an archive, not on the list's page
	Total    int         // the events in the archive
	Axis     []axisEntry // the archive's decades, on the list's own page
	// Index is, on an archived list's own page, the pages of its archive
	// by decade, for its index of dates.
	Index []jumpPeriod
	// Newest lists the events newest first, on the list's pages (a
	// timeline's order); the archive's pages stay in the order of dates.
	Newest bool
	// archive is nil when the events fit on the list's page. Templates
	// cannot read it, so that a page of the archive reads only its own
	// events and the links around it (periodView), not every period's.
	archive *timeline.Archive `fingerprint:"-"`
}

// newEventList is a list of events, archived when they are more than size.
func newEventList(kind, name, url string, events []*timeline.Event, size int) eventList {
	l := eventList{Kind: kind, Name: name, URL: url, archive: timeline.Archived(events, size)}
	if l.archive != nil {
		l.Archived, l.Total = true, l.archive.Total
	}
	return l
}

// listPages is the list's own page and, when it is archived, a page for
// each period.
func (r *Renderer) listPages(l eventList, own Page, events []*timeline.Event) []Page {
	if l.archive == nil {
		return []Page{own}
	}
	axis := r.axis(l)
	own.Events = nil
	own.data = withAxis(own.data, axis, r.archiveIndex(l))
	out := []Page{own}
	periods := l.archive.Pages()
	links := make([]periodLink, len(periods))
	for i, p := range periods {
		links[i] = r.periodLink(l, p)
	}
	for i, p := range periods {
		data := periodData{List: l, Period: r.periodView(l, p), Axis: axisAt(axis, l.archive, p)}
		if i > 0 {
			data.Prev = &links[i-1]
		}
		if i+1 < len(periods) {
			data.Next = &links[i+1]
		}
		out = append(out, Page{URL: l.URL + p.Path, Template: "archive.html", Title: l.Name + ": " + p.Label,
			Events: p.Events, data: data})
	}
	return out
}

// An axisEntry is one decade of an archive's row of decades, as one page shows
// it. The row is worked out here rather than in the template because it
// is on every page of an archive: fields, not function calls, keep it cheap.
type axisEntry struct {
	Key, URL string
	Total    int
	Current  bool // the page shown is this decade's or one within it
	Here     bool // the page shown is this decade's own
}

// axis is the row of decades of an archived list, with none current.
func (r *Renderer) axis(l eventList) []axisEntry {
	out := make([]axisEntry, len(l.archive.Decades))
	for i, y := range l.archive.Decades {
		out[i] = axisEntry{Key: y.Key, URL: r.base + escapePath(l.URL+y.Path), Total: y.Total}
	}
	return out
}

// axisAt is the row of decades as the page of period p shows it.
func axisAt(axis []axisEntry, a *timeline.Archive, p *timeline.Period) []axisEntry {
	out := slices.Clone(axis)
	decade := p.Decade()
	for i, d := range a.Decades {
		out[i].Current = d == decade
		out[i].Here = d == p
	}
	return out
}

// withAxis gives the data of an archived list's own page its row of decades.
func withAxis(data any, axis []axisEntry, index []jumpPeriod) any {
	switch d := data.(type) {
	case timelineData:
		d.List.Axis, d.List.Index = axis, index
		return d
	case groupData:
		d.List.Axis, d.List.Index = axis, index
		return d
	}
	return data
}

// eventPage is what an event's page shows: the event, the articles that
// report it and its neighbours on each of its timelines.
type eventPage struct {
	*timeline.Event
	Reports []*timeline.Article
	Nav     []navEntry
	// History is the event's updates, oldest first, with their notes'
	// HTML; nil when it has none.
	History []historyEntry
}

// A historyEntry is one update as the event's page shows it.
type historyEntry struct {
	timeline.Update
	NoteHTML template.HTML // the rendered Note, "" when it has none
}

// history is e's updates with their rendered notes, for its page.
func (r *Renderer) history(e *timeline.Event) []historyEntry {
	if len(e.Updates) == 0 {
		return nil
	}
	out := make([]historyEntry, len(e.Updates))
	for i, u := range e.Updates {
		out[i] = historyEntry{Update: u, NoteHTML: r.Note(e, i)}
	}
	return out
}

// A navEntry is an event's place on one timeline, which it names without
// the timeline's other events.
type navEntry struct {
	Timeline   *timeline.TimelineDef
	Prev, Next *timeline.Event
	// Here is the address of the event's card on the timeline's page, or
	// on the page of its archive that lists it: "…/timelines/journey/#event-x".
	// On a timeline's pages an event is listed once, so its id there is
	// always the plain "event-<id>".
	Here string
}

// placement is where a timeline's pages list its events: the escaped
// address, base path included, of its own page and, when it is archived,
// of the page of its archive that lists each event.
type placement struct {
	page string
	on   map[*timeline.Event]string
}

// navOf is e's place on each of its timelines; placed gives, for each
// timeline, the pages that list its events.
func (r *Renderer) navOf(e *timeline.Event, nav []timeline.Nav, placed map[*timeline.Timeline]placement) []navEntry {
	out := make([]navEntry, len(nav))
	for i, n := range nav {
		at, ok := placed[n.Timeline]
		page := at.page
		switch {
		case !ok: // not one of the site's timelines; never so
			page = r.base + escapePath("timelines/"+n.Timeline.ID+"/")
		case at.on != nil:
			// An event missing from the archive (never so) links to the
			// base path, as the unescaped "" it used to be looked up as.
			page = r.base
			if p, ok := at.on[e]; ok {
				page = p
			}
		}
		out[i] = navEntry{Timeline: &n.Timeline.TimelineDef, Prev: n.Prev, Next: n.Next,
			Here: page + "#event-" + e.ID}
	}
	return out
}

// articlePage is what an article's page shows: the article and its events.
type articlePage struct {
	*timeline.Article
	Covers []*timeline.Event
}

// siteView is what every page sees of the site as a whole: its settings,
// among them the timelines' titles for the navigation.
type siteView struct {
	Config timeline.Config
	Feed   *siteFeed // nil when the site has none
}

type homeData struct {
	Timelines []*timeline.Timeline
	// Latest holds, when the home page is summarised, each timeline's
	// latest events, in the order of Timelines; nil when it shows them all.
	Latest [][]*timeline.Event
	// Again holds, in the order of Timelines, the ids of the events each
	// shows that an earlier one on the page shows too, whose cards there
	// take an id qualified by the timeline's (see cardData); nil when none
	// does.
	Again []map[string]bool
	// Updated holds, in the order of Timelines, the latest update of any
	// of each one's events (nil for none): when the timeline last changed.
	Updated []*timeline.Update
}

type timelineData struct {
	*timeline.Timeline
	List eventList
	// Updated is the latest update of any of the timeline's events, or
	// nil: when the timeline last changed. Articles do not count, as they
	// report events rather than change them, and are dated when their
	// publication printed them rather than when the site learnt of it.
	Updated *timeline.Update
	// KeyMoments lists the timeline's key events, in its order, when it
	// is long enough to need them (see keyMomentsAfter); nil otherwise.
	KeyMoments []keyMoment
	Embed      *embedCode
}

// periodData is one page of an archive: a decade, year, month or part.
type periodData struct {
	List       eventList
	Axis       []axisEntry
	Period     periodView
	Prev, Next *periodLink // the pages before and after it, in order
}

// A periodView is what the page of a period shows of it: its own events
// and links to the periods around it.
type periodView struct {
	Label  string
	Total  int    // events in the period, its smaller periods and parts included
	Of     string // the key of the period whose page or part it is
	Events []*timeline.Event
	Up     []periodLink // the periods it lies in, the outermost first
	Within []periodLink // its years or months, when they have pages of their own
	Parts  []periodLink // every part of the period, when it has more than one
}

// A periodLink is the way to the page of a period.
type periodLink struct {
	Label, URL string
	Total      int
	Current    bool // the page shown is this one
}

func (r *Renderer) periodLink(l eventList, p *timeline.Period) periodLink {
	return periodLink{Label: p.Label, URL: r.base + escapePath(l.URL+p.Path), Total: p.Total}
}

func (r *Renderer) periodView(l eventList, p *timeline.Period) periodView {
	v := periodView{Label: p.Label, Total: p.Total, Of: p.Of().Key, Events: p.Events}
	for up := p.Up; up != nil; up = up.Up {
		v.Up = append([]periodLink{r.periodLink(l, up)}, v.Up...)
	}
	for _, w := range p.Within {
		v.Within = append(v.Within, r.periodLink(l, w))
	}
	for _, part := range p.Parts {
		link := r.periodLink(l, part)
		link.Current = part == p
		v.Parts = append(v.Parts, link)
	}
	return v
}

type groupsData struct {
	Kind   string
	Groups []*timeline.Group
}

type groupData struct {
	Kind  string
	Group *timeline.Group
	List  eventList
	// Articles are those the page lists: all of the group's, or the newest
	// when they run over pages of their own at AllArticles.
	Articles    []*timeline.Article
	AllArticles string
}

// articlesData is one page of a list of articles, newest first.
type articlesData struct {
	Title    string
	Of       string // the page the list belongs to, for a way back; "" for the site's articles
	OfName   string // that page's title
	Articles []*timeline.Article
	Number   int      // this page's, from 1
	Pages    []string // every page's address below the base path, in order
}

// articlePages lists articles, newest first, on pages of at most size:
// url itself, then url+"2/", url+"3/" and so on. of is the list whose
// articles they are, if any.
func articlePages(url, title string, of eventList, articles []*timeline.Article, size int) []Page {
	n := max(1, (len(articles)+size-1)/size)
	urls := make([]string, n)
	for i := range urls {
		urls[i] = url
		if i > 0 {
			urls[i] = url + strconv.Itoa(i+1) + "/"
		}
	}
	out := make([]Page, n)
	for i := range out {
		shown := articles[i*size : min((i+1)*size, len(articles))]
		t := title
		if n > 1 {
			t = fmt.Sprintf("%s, page %d of %d", title, i+1, n)
		}
		out[i] = Page{URL: urls[i], Template: "articles.html", Title: t, Articles: shown,
			data: articlesData{Title: t, Of: of.URL, OfName: of.Name, Articles: shown, Number: i + 1, Pages: urls}}
	}
	return out
}

// pageContext is what every template receives as dot.
type pageContext struct {
	Site   *siteView
	Page   Page
	Data   any
	Script string
}

// Render writes page p to w.
func (r *Renderer) Render(w io.Writer, p Page) error {
	if write := writers[p.Template]; write != nil {
		return write(r, w, p.data)
	}
	t := r.pages[p.Template]
	if t == nil {
		return fmt.Errorf("no template %s", p.Template)
	}
	if err := t.Execute(w, r.context(p)); err != nil {
		return templateProblem(t.Name(), unwrapCached(err))
	}
	return nil
}

func (r *Renderer) context(p Page) pageContext {
	return pageContext{Site: r.view, Page: p, Data: p.data, Script: r.script}
}

// buffers holds the buffers cached partials are executed into, so that a
// build does not allocate one for each of them.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // a rare huge page: let it go rather than keep its memory
	}
	b.Reset()
	buffers.Put(b)
}

// escapePath escapes each segment of a slash-separated path for a URL.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// link is the address of a page below the base path.
func (r *Renderer) link(parts ...string) string {
	var b strings.Builder
	b.WriteString(r.base)
	for _, p := range parts {
		b.WriteString(url.PathEscape(p))
		b.WriteByte('/')
	}
	return b.String()
}

// absolute makes an address under the base path absolute when base_url has
// an origin; otherwise it stays root-relative.
func (r *Renderer) absolute(u string) string { return r.origin + path.Clean("/"+u) + trailingSlash(u) }

func trailingSlash(u string) string {
	if strings.HasSuffix(u, "/") && u != "/" {
		return "/"
	}
	return ""
}
