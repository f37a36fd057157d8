package render

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// testTemplates are the smallest set of templates a Renderer accepts:
// every page prints its title and what its data names, and partials show
// how many times they run.
func testTemplates(main string) map[string]TemplateFile {
	files := map[string]TemplateFile{
		layoutTemplate: {Path: "templates/base.html", Text: `{{define "base"}}<title>{{.Page.Title}}</title>{{cached "header" .Site}}{{block "main" .}}{{end}}{{end}}`},
		partialsTemplate: {Path: "templates/partials.html", Text: `{{define "header"}}<h1>{{.Config.Title}}</h1>{{end}}` +
			`{{define "event"}}<p>{{.Title}}</p>{{end}}`},
	}
	for _, name := range pageTemplates {
		files[name] = TemplateFile{Path: "templates/" + name, Text: `{{template "base" .}}{{define "main"}}` + main + `{{end}}`}
	}
	return files
}

func testSite(t *testing.T) *timeline.Site {
	t.Helper()
	when := func(s string) timeline.Date {
		d, err := timeline.ParseDate(s, time.UTC, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	events := []*timeline.Event{
		{ID: "a", Title: "Alpha", When: when("2025-09-01"), Timelines: []string{"t"}, Summary: "*one*"},
		{ID: "b", Title: "Bravo", When: when("2025-09-02"), Timelines: []string{"t"}, Tags: []string{"rail"}},
		{ID: "c", Title: "Charlie", When: when("2025-09-03"), Timelines: []string{"t"}},
	}
	articles := []*timeline.Article{{Slug: "x", Title: "X", Events: []string{"b"}, Body: "Body"}}
	site, probs := timeline.Assemble(timeline.Config{Title: "Site", BaseURL: "/", Timelines: []timeline.TimelineDef{{ID: "t", Title: "T"}}}, events, articles, nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return site
}

func newTestRenderer(t *testing.T, site *timeline.Site, main string, memo *Memo) *Renderer {
	t.Helper()
	r, probs := New(site, Options{Templates: testTemplates(main), Memo: memo})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return r
}

func page(t *testing.T, r *Renderer, url string) Page {
	t.Helper()
	for _, p := range r.Pages() {
		if p.URL == url {
			return p
		}
	}
	t.Fatalf("no page %q", url)
	return Page{}
}

func render(t *testing.T, r *Renderer, p Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestEventPageData: an event page's data holds the event, its reports
// and its neighbours, and nothing of other events beyond them.
func TestEventPageData(t *testing.T) {
	r := newTestRenderer(t, testSite(t), `{{with .Data}}{{.Title}}|{{range .Reports}}{{.Title}}{{end}}|{{range .Nav}}{{.Timeline.Title}}:{{with .Prev}}{{.Title}}{{end}}-{{with .Next}}{{.Title}}{{end}}{{end}}{{end}}`, nil)
	got := render(t, r, page(t, r, "events/b/"))
	if want := "Bravo|X|T:Alpha-Charlie"; !strings.Contains(got, want) {
		t.Errorf("event page = %q, want it to hold %q", got, want)
	}
}

// TestCachedRunsOncePerKey: a cached partial is kept once for each dot,
// and its HTML is what template gives.
func TestCachedRunsOncePerKey(t *testing.T) {
	site := testSite(t)
	r := newTestRenderer(t, site, ``, nil)
	for range 3 {
		for _, e := range site.Events[:2] {
			got, err := r.cached("event", e)
			if err != nil {
				t.Fatal(err)
			}
			if want := "<p>" + template.HTMLEscapeString(e.Title) + "</p>"; string(got) != want {
				t.Errorf("cached(%s) = %q, want %q", e.ID, got, want)
			}
		}
	}
	kept := 0
	r.partials.Range(func(any, any) bool { kept++; return true })
	if kept != 2 {
		t.Errorf("%d partials kept for 2 dots", kept)
	}
	if _, err := r.cached("event", []string{"not", "a", "key"}); err == nil || !strings.Contains(err.Error(), "cannot be a key") {
		t.Errorf("a slice dot: err = %v", err)
	}
	if _, err := r.cached("missing", "x"); err == nil || !strings.Contains(err.Error(), `no partial "missing"`) {
		t.Errorf("a missing partial: err = %v", err)
	}
}

// TestFingerprintFollowsWhatPagesRead: a page's fingerprint changes
// exactly when something it reads changes: the event it shows, a
// neighbour's title, an article that reports it, a template, the base
// path; not when an event it cannot reach does.
func TestFingerprintFollowsWhatPagesRead(t *testing.T) {
	const main = `{{.Data.Title}}`
	memo := NewMemo()
	first := newTestRenderer(t, testSite(t), main, memo)
	before := first.Fingerprint(page(t, first, "events/a/"))
	for _, tc := range []struct {
		name    string
		change  func(events []*timeline.Event, articles []*timeline.Article, cfg *timeline.Config)
		main    string
		changes bool
	}{
		{"nothing", func([]*timeline.Event, []*timeline.Article, *timeline.Config) {}, main, false},
		{"its own title", func(e []*timeline.Event, _ []*timeline.Article, _ *timeline.Config) { e[0].Title = "A2" }, main, true},
		{"its summary", func(e []*timeline.Event, _ []*timeline.Article, _ *timeline.Config) { e[0].Summary = "*two*" }, main, true},
		{"its neighbour's title", func(e []*timeline.Event, _ []*timeline.Article, _ *timeline.Config) { e[1].Title = "B2" }, main, true},
		{"an event it cannot reach", func(e []*timeline.Event, _ []*timeline.Article, _ *timeline.Config) { e[2].Title = "C2" }, main, false},
		{"the site title", func(_ []*timeline.Event, _ []*timeline.Article, c *timeline.Config) { c.Title = "S2" }, main, true},
		{"the base path", func(_ []*timeline.Event, _ []*timeline.Article, c *timeline.Config) { c.BaseURL = "/repo/" }, main, true},
		{"a template", func([]*timeline.Event, []*timeline.Article, *timeline.Config) {}, main + " ", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Fresh structs, as a rebuild loads them, changed as the case says.
			s := testSite(t)
			events := make([]*timeline.Event, len(s.Events))
			for i, e := range s.Events {
				c := *e
				events[i] = &c
			}
			articles := []*timeline.Article{{Slug: "x", Title: "X", Events: []string{"b"}, Body: "Body"}}
			cfg := s.Config
			tc.change(events, articles, &cfg)
			site, probs := timeline.Assemble(cfg, events, articles, nil)
			if len(probs) > 0 {
				t.Fatal(probs)
			}
			r := newTestRenderer(t, site, tc.main, memo)
			if got := r.Fingerprint(page(t, r, "events/a/")); (got != before) != tc.changes {
				t.Errorf("fingerprint changed: %v, want %v", got != before, tc.changes)
			}
		})
	}
}

// TestFingerprintOfCycles: values that point back at each other (an
// archive's periods) hash the same way every time, and differ when any
// member differs.
func TestFingerprintOfCycles(t *testing.T) {
	type node struct {
		Name string
		Up   *node
		Down []*node
	}
	tree := func(leaf string) *node {
		root := &node{Name: "root"}
		for _, n := range []string{"a", leaf} {
			root.Down = append(root.Down, &node{Name: n, Up: root})
		}
		return root
	}
	sum := func(v any) uint64 {
		f := newFingerprints(&Renderer{}, nil)
		return f.hasher().of(pageContext{Data: v})
	}
	one, again, other := tree("b"), tree("b"), tree("z")
	if sum(one) != sum(again) {
		t.Error("two equal cycles hash differently")
	}
	if sum(one) == sum(other) {
		t.Error("cycles that differ in one member hash the same")
	}
	if sum(one.Down[1]) != sum(again.Down[1]) || sum(one.Down[1]) == sum(other.Down[1]) {
		t.Error("entering a cycle at a member does not hash by content")
	}
}

// TestTemplateErrorsNameTheirFile: a template that fails names its file
// and line, a cached partial's failure the partial's.
func TestTemplateErrorsNameTheirFile(t *testing.T) {
	r := newTestRenderer(t, testSite(t), `{{cached "event" .Site}}`, nil)
	err := r.Render(new(bytes.Buffer), page(t, r, "events/a/"))
	var prob timeline.Problem
	if !errors.As(err, &prob) || prob.Pos.Path != "templates/partials.html" {
		t.Errorf("err = %v, want it at templates/partials.html", err)
	}
}
