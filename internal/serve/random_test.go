package serve

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline"
	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// randomSite is a small site held as values and written out as files, so
// that random edits can be made to it and named as the watcher would.
type randomSite struct {
	dir      string
	r        *rand.Rand
	events   map[string]*randomEvent // by file name
	articles map[string]*randomArticle
	title    string
	pageSize int
	template string // templates/event.html, or "" for none
	next     int
}

type randomEvent struct {
	id, title, when, zone, status string
	timelines, tags, people       []string
}

type randomArticle struct {
	title, date string
	events      []string // ids
	tags        []string
}

var (
	randomTimelines = []string{"north", "south", "east", "west"}
	randomTags      = []string{"rail", "summit", "parade", "talks", "border"}
	randomPeople    = []string{"Ana Ruiz", "Kim Jong-un", "Xi Jinping", "Li Wei"}
	randomZones     = []string{"", "UTC", "Asia/Shanghai", "America/New_York", "Asia/Pyongyang"}
	randomStatuses  = []string{"", "confirmed", "reported", "claimed", "expected", "cancelled"}
)

func (s *randomSite) pick(list []string) string { return list[s.r.IntN(len(list))] }

// some is a random subset of list, in list order.
func (s *randomSite) some(list []string, atLeast int) []string {
	var out []string
	for _, x := range list {
		if s.r.IntN(3) == 0 {
			out = append(out, x)
		}
	}
	for len(out) < atLeast {
		if x := s.pick(list); !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(list, a) - slices.Index(list, b) })
	return out
}

func (s *randomSite) randomWhen() string {
	y := 2010 + s.r.IntN(16)
	switch s.r.IntN(4) {
	case 0:
		return fmt.Sprint(y)
	case 1:
		return fmt.Sprintf("%d-%02d", y, 1+s.r.IntN(12))
	case 2:
		return fmt.Sprintf("%d-%02d-%02d", y, 1+s.r.IntN(12), 1+s.r.IntN(28))
	}
	return fmt.Sprintf("%d-%02d-%02dT%02d:%02d", y, 1+s.r.IntN(12), 1+s.r.IntN(28), s.r.IntN(24), s.r.IntN(60))
}

func (s *randomSite) newEvent() *randomEvent {
	s.next++
	return &randomEvent{
		id: fmt.Sprintf("ev-%d", s.next), title: fmt.Sprintf("Event %d", s.next), when: s.randomWhen(),
		zone: s.pick(randomZones), status: s.pick(randomStatuses),
		timelines: s.some(randomTimelines, 1), tags: s.some(randomTags, 0), people: s.some(randomPeople, 0),
	}
}

func (s *randomSite) newArticle() *randomArticle {
	s.next++
	a := &randomArticle{title: fmt.Sprintf("Article %d", s.next), tags: s.some(randomTags, 0)}
	if s.r.IntN(4) > 0 {
		a.date = s.randomWhen()
	}
	a.events = s.some(s.eventIDs(), 0)
	return a
}

func (s *randomSite) eventIDs() []string {
	var ids []string
	for _, name := range slices.Sorted(maps.Keys(s.events)) {
		ids = append(ids, s.events[name].id)
	}
	return ids
}

func quoted(list []string) string {
	q := make([]string, len(list))
	for i, x := range list {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (e *randomEvent) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[[event]]\nid = %q\ntitle = %q\nwhen = %q\ntimelines = %s\n", e.id, e.title, e.when, quoted(e.timelines))
	if e.zone != "" && strings.Contains(e.when, "T") {
		fmt.Fprintf(&b, "time_zone = %q\n", e.zone)
	}
	if e.status != "" {
		fmt.Fprintf(&b, "status = %q\n", e.status)
	}
	fmt.Fprintf(&b, "tags = %s\npeople = %s\nsummary = \"About *%s*.\"\n", quoted(e.tags), quoted(e.people), e.title)
	return b.String()
}

func (a *randomArticle) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\n", a.title)
	if a.date != "" {
		fmt.Fprintf(&b, "date = %q\n", a.date)
	}
	fmt.Fprintf(&b, "events = %s\ntags = %s\n+++\n\nThe text of %s.\n", quoted(a.events), quoted(a.tags), a.title)
	return b.String()
}

func (s *randomSite) config() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %q\nbase_url = \"/r/\"\ntime_zone = \"Asia/Shanghai\"\npage_size = %d\n", s.title, s.pageSize)
	for _, id := range randomTimelines {
		fmt.Fprintf(&b, "[[timelines]]\nid = %q\ntitle = \"The %s\"\n", id, id)
	}
	return b.String()
}

// write writes rel and returns it, as the watcher would name it.
func (s *randomSite) write(t *testing.T, rel, text string) []string {
	atomicSave(t, filepath.Join(s.dir, filepath.FromSlash(rel)), text)
	return []string{rel}
}

func (s *randomSite) remove(t *testing.T, rel string) []string {
	if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
	return []string{rel}
}

// anyEvent is the file name of a random event, or "" when there is none.
func (s *randomSite) anyEvent() string {
	if len(s.events) == 0 {
		return ""
	}
	return s.pick(slices.Sorted(maps.Keys(s.events)))
}

func (s *randomSite) anyArticle() string {
	if len(s.articles) == 0 {
		return ""
	}
	return s.pick(slices.Sorted(maps.Keys(s.articles)))
}

// edit makes one random edit and returns its name and the paths it changed.
func (s *randomSite) edit(t *testing.T) (string, []string) {
	changeEvent := func(what string, change func(e *randomEvent)) (string, []string) {
		name := s.anyEvent()
		if name == "" {
			return s.addEvent(t)
		}
		change(s.events[name])
		return what + " of " + name, s.write(t, "content/events/"+name, s.events[name].text())
	}
	switch s.r.IntN(16) {
	case 0, 1:
		return s.addEvent(t)
	case 2:
		name := s.anyEvent()
		if name == "" || len(s.events) < 5 {
			return s.addEvent(t)
		}
		// Articles that name it name it no more, as an author would fix them.
		id := s.events[name].id
		delete(s.events, name)
		changed := s.remove(t, "content/events/"+name)
		for aname, a := range s.articles {
			if i := slices.Index(a.events, id); i >= 0 {
				a.events = slices.Delete(a.events, i, i+1)
				changed = append(changed, s.write(t, "content/articles/"+aname, a.text())...)
			}
		}
		return "delete " + name, changed
	case 3:
		return changeEvent("title", func(e *randomEvent) { e.title += " (edited)" })
	case 4:
		return changeEvent("date", func(e *randomEvent) { e.when = s.randomWhen() })
	case 5:
		return changeEvent("zone", func(e *randomEvent) { e.zone = s.pick(randomZones) })
	case 6:
		return changeEvent("status", func(e *randomEvent) { e.status = s.pick(randomStatuses) })
	case 7:
		return changeEvent("tags", func(e *randomEvent) { e.tags = s.some(randomTags, 0) })
	case 8:
		return changeEvent("people", func(e *randomEvent) { e.people = s.some(randomPeople, 0) })
	case 9:
		return changeEvent("timelines", func(e *randomEvent) { e.timelines = s.some(randomTimelines, 1) })
	case 10:
		s.next++
		name := fmt.Sprintf("a%d.md", s.next)
		s.articles[name] = s.newArticle()
		return "add article " + name, s.write(t, "content/articles/"+name, s.articles[name].text())
	case 11:
		name := s.anyArticle()
		if name == "" {
			return s.addEvent(t)
		}
		delete(s.articles, name)
		return "delete article " + name, s.remove(t, "content/articles/"+name)
	case 12:
		name := s.anyArticle()
		if name == "" {
			return s.addEvent(t)
		}
		a := s.articles[name]
		switch s.r.IntN(3) {
		case 0:
			a.events = s.some(s.eventIDs(), 0) // the events it covers
		case 1:
			a.title += " (edited)"
		default:
			a.date = s.randomWhen()
		}
		return "change article " + name, s.write(t, "content/articles/"+name, a.text())
	case 13:
		if s.r.IntN(2) == 0 {
			s.title += "!"
		} else {
			s.pageSize = 2 + s.r.IntN(6)
		}
		return "site.toml", s.write(t, "site.toml", s.config())
	case 14:
		data, err := dateline.Defaults.ReadFile("templates/event.html")
		if err != nil {
			t.Fatal(err)
		}
		s.template = strings.Replace(string(data), "<h1>", fmt.Sprintf("<h1 data-edit=%d>", s.next), 1)
		s.next++
		return "template", s.write(t, "templates/event.html", s.template)
	default:
		name := s.anyEvent()
		if name == "" {
			return s.addEvent(t)
		}
		// An event moves to the file of another, as a rename does.
		s.next++
		to := fmt.Sprintf("e%d.toml", s.next)
		e := s.events[name]
		delete(s.events, name)
		s.events[to] = e
		if err := os.Rename(filepath.Join(s.dir, "content/events", name), filepath.Join(s.dir, "content/events", to)); err != nil {
			t.Fatal(err)
		}
		return "rename " + name, []string{"content/events/" + name, "content/events/" + to}
	}
}

func (s *randomSite) addEvent(t *testing.T) (string, []string) {
	e := s.newEvent()
	name := fmt.Sprintf("e%d.toml", s.next)
	s.events[name] = e
	return "add " + name, s.write(t, "content/events/"+name, e.text())
}

// TestRandomEditsEqualFullBuild makes 200 random edits to a generated
// site (events and articles added, changed and deleted; dates, zones,
// statuses, tags, people, timelines and covered events changed; site.toml
// and a template edited) and checks after each that the preview, rebuilt
// from what changed, is byte for byte a full build.
func TestRandomEditsEqualFullBuild(t *testing.T) {
	edits := 200
	if testing.Short() {
		edits = 40
	}
	s := &randomSite{dir: t.TempDir(), r: rand.New(rand.NewPCG(11, 12)), events: map[string]*randomEvent{},
		articles: map[string]*randomArticle{}, title: "Random", pageSize: 4}
	for range 24 {
		e := s.newEvent()
		s.events[fmt.Sprintf("e%d.toml", s.next)] = e
	}
	for range 6 {
		s.next++
		s.articles[fmt.Sprintf("a%d.md", s.next)] = s.newArticle()
	}
	sitetest.WriteFile(t, filepath.Join(s.dir, "site.toml"), s.config())
	for name, e := range s.events {
		sitetest.WriteFile(t, filepath.Join(s.dir, "content/events", name), e.text())
	}
	for name, a := range s.articles {
		sitetest.WriteFile(t, filepath.Join(s.dir, "content/articles", name), a.text())
	}
	srv := New(build.Options{Source: s.dir}, io.Discard)
	srv.Rebuild(context.Background(), nil)
	checkServedEqualsBuild(t, srv)
	reusedSome := 0
	for i := range edits {
		what, changed := s.edit(t)
		srv.Rebuild(context.Background(), changed)
		srv.mu.Lock()
		state := srv.state
		srv.mu.Unlock()
		if state.Event != "ok" {
			t.Fatalf("edit %d (%s): the site no longer builds: %s", i, what, state.Data)
		}
		checkServedEqualsBuild(t, srv)
		if t.Failed() {
			t.Fatalf("after edit %d: %s (changed %q)", i, what, changed)
		}
		if srv.reused.Load() > 0 {
			reusedSome++
		}
	}
	if reusedSome < edits/2 {
		t.Errorf("only %d of %d rebuilds reused any page; the fingerprints are not doing their job", reusedSome, edits)
	}
}
