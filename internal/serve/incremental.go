package serve

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A lastBuild is the previous good build, kept so that the next one can
// reuse the pages a change cannot have touched.
type lastBuild struct {
	site  *build.Site
	files map[string][]byte
}

// reusable lists the built-in page templates whose output depends only on
// site.toml, the static files and the Events and Articles of their
// render.Page (with the events' and articles' own fields, their Reports, Nav
// and Covers), so that a page of one of them whose events and articles are
// all unchanged renders to the same bytes as before. The "tags/" and
// "people/" indexes and the 404 page are always rendered again (they are
// few and their data is not in Page).
var reusable = map[string]bool{
	"home.html": true, "timeline.html": true, "event.html": true,
	"article.html": true, "articles.html": true, "group.html": true,
	"archive.html": true,
}

// reusePlan says which pages of next may keep their bytes from last, given
// the source paths changed since last. It returns nil, meaning "render every
// page", unless only content/ changed and the site uses the built-in
// templates (a site's own templates may show anything of the site on any
// page). recheck reports whether reused pages need their links checked
// again: only when the set of files differs from last's.
func reusePlan(last *lastBuild, next *build.Site, changed []string) (reuse func(render.Page) ([]byte, bool), recheck bool) {
	if last == nil || len(changed) == 0 {
		return nil, true
	}
	for _, p := range changed {
		if !strings.HasPrefix(filepath.ToSlash(p), "content/") {
			return nil, true
		}
	}
	if last.site.Renderer.BasePath() != next.Renderer.BasePath() || next.OwnTemplates() {
		return nil, true
	}
	touched := touchedItems(last.site.Model, next.Model, changed)
	oldPages := make(map[string]render.Page, len(last.site.Pages))
	for _, p := range last.site.Pages {
		oldPages[p.File] = p
	}
	sameListed := listedComparer()
	reuse = func(p render.Page) ([]byte, bool) {
		if !reusable[p.Template] {
			return nil, false
		}
		o, ok := oldPages[p.File]
		data, have := last.files[p.File]
		if !ok || !have || o.URL != p.URL || o.Template != p.Template || o.Title != p.Title || o.Extra != p.Extra {
			return nil, false
		}
		if !slices.EqualFunc(o.Events, p.Events, func(a, b *timeline.Event) bool { return a.ID == b.ID }) ||
			!slices.EqualFunc(o.Articles, p.Articles, func(a, b *timeline.Article) bool { return a.Slug == b.Slug }) ||
			!sameListed(o.Listed, p.Listed) {
			return nil, false
		}
		for _, e := range p.Events {
			if touched.events[e.ID] {
				return nil, false
			}
		}
		for _, a := range p.Articles {
			if touched.articles[a.Slug] {
				return nil, false
			}
		}
		return data, true
	}
	return reuse, !sameFiles(last.files, next)
}

// touched names the events (by ID) and articles (by slug) of a new build
// that differ from the last build's, or may.
type touched struct{ events, articles map[string]bool }

// touchedItems finds the events and articles of next that are new, come from
// a changed file, or differ from last's in what Assemble filled in.
func touchedItems(last, next *timeline.Site, changed []string) touched {
	isChanged := func(p string) bool {
		for _, c := range changed {
			c = filepath.ToSlash(c)
			if p == c || strings.HasPrefix(p, c+"/") {
				return true
			}
		}
		return false
	}
	// An event or article from a file the watcher did not name was taken
	// from the parse cache as it was (see build.Memory.Changed), so only
	// what Assemble filled in can differ.
	t := touched{events: map[string]bool{}, articles: map[string]bool{}}
	for _, e := range next.Events {
		o := last.Event(e.ID)
		if o == nil || isChanged(e.Pos.Path) || isChanged(o.Pos.Path) || !sameLinks(o, e) {
			t.events[e.ID] = true
		}
	}
	for _, a := range next.Articles {
		o := last.Article(a.Slug)
		if o == nil || isChanged(a.Pos.Path) || isChanged(o.Pos.Path) || !sameCovers(o, a) {
			t.articles[a.Slug] = true
		}
	}
	return t
}

// listedComparer returns a function reporting whether two pages' Listed
// events are the same by ID and date. The pages of one archive share one
// Listed slice (all the list's events), so each pair of slices, known by
// where they start and their length, is compared once, not once a page.
// It is safe for concurrent use.
func listedComparer() func(a, b []*timeline.Event) bool {
	type pair struct {
		a, b **timeline.Event
		n    int
	}
	var mu sync.Mutex
	known := map[pair]bool{}
	return func(a, b []*timeline.Event) bool {
		if len(a) != len(b) {
			return false
		}
		if len(a) == 0 {
			return true
		}
		k := pair{&a[0], &b[0], len(a)}
		mu.Lock()
		same, ok := known[k]
		mu.Unlock()
		if ok {
			return same
		}
		same = slices.EqualFunc(a, b, sameIDAndDate)
		mu.Lock()
		known[k] = same
		mu.Unlock()
		return same
	}
}

// sameIDAndDate reports whether two events have the same ID and start at
// the same instant, precision and zone: all that an archive's axis shows
// of the events it counts.
func sameIDAndDate(a, b *timeline.Event) bool {
	return a.ID == b.ID && a.When.Precision == b.When.Precision && a.When.Start.Equal(b.When.Start) &&
		a.When.Start.Location().String() == b.When.Start.Location().String()
}

// sameLinks compares what Assemble gives two versions of an event: their
// Reports by the articles' slugs, their Nav by the timelines' and
// neighbours' IDs.
func sameLinks(a, b *timeline.Event) bool {
	if !slices.EqualFunc(a.Reports, b.Reports, func(p, q *timeline.Article) bool { return p.Slug == q.Slug }) {
		return false
	}
	id := func(e *timeline.Event) string {
		if e == nil {
			return ""
		}
		return e.ID
	}
	return slices.EqualFunc(a.Nav, b.Nav, func(p, q timeline.Nav) bool {
		return (p.Timeline == nil) == (q.Timeline == nil) && (p.Timeline == nil || p.Timeline.ID == q.Timeline.ID) && id(p.Prev) == id(q.Prev) && id(p.Next) == id(q.Next)
	})
}

// sameCovers compares what Assemble gives two versions of an article: its
// Covers, by ID.
func sameCovers(a, b *timeline.Article) bool {
	return slices.EqualFunc(a.Covers, b.Covers, func(p, q *timeline.Event) bool { return p.ID == q.ID })
}

// sameFiles reports whether next writes exactly the files last holds.
func sameFiles(last map[string][]byte, next *build.Site) bool {
	if len(last) != len(next.Pages)+len(next.Static) {
		return false
	}
	for _, p := range next.Pages {
		if _, ok := last[p.File]; !ok {
			return false
		}
	}
	for name := range next.Static {
		if _, ok := last[name]; !ok {
			return false
		}
	}
	return true
}
