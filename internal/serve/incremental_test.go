package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// An edit changes the site in src; it returns the paths it changed.
type edit struct {
	name   string
	apply  func(t *testing.T, src string) []string
	reuse  bool // whether some pages must be reused
	broken bool // whether the site no longer builds
}

// runEdits rebuilds after each edit as the watcher would, and checks that
// the served site is byte for byte a fresh full build's.
func runEdits(t *testing.T, src string, edits []edit) {
	s := New(build.Options{Source: src}, io.Discard)
	s.Rebuild(context.Background(), nil)
	checkServedEqualsBuild(t, s)
	for _, e := range edits {
		changed := e.apply(t, src)
		before := s.site.Load()
		s.Rebuild(context.Background(), changed)
		if e.broken {
			s.mu.Lock()
			ev := s.state.Event
			s.mu.Unlock()
			if ev != "error" || s.site.Load() != before {
				t.Fatalf("%s: state %q, or the last good site was replaced", e.name, ev)
			}
			continue
		}
		checkServedEqualsBuild(t, s)
		reused := s.reused.Load()
		if e.reuse && reused == 0 {
			t.Errorf("%s: no page was reused", e.name)
		}
		if !e.reuse && reused != 0 {
			t.Errorf("%s: %d pages reused, want a full render", e.name, reused)
		}
		if t.Failed() {
			t.Fatalf("after %s", e.name)
		}
	}
}

func replaceIn(t *testing.T, src, rel, old, new string) []string {
	t.Helper()
	p := filepath.Join(src, rel)
	text := sitetest.ReadFile(t, p)
	if !strings.Contains(text, old) {
		t.Fatalf("%s lacks %q", rel, old)
	}
	atomicSave(t, p, strings.Replace(text, old, new, 1))
	return []string{rel}
}

// TestIncrementalEqualsFullBuild applies edits of every kind to the example
// site and checks each rebuild against a full build.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	src := sitetest.CopyExample(t)
	journey := "content/events/journey.toml"
	runEdits(t, src, []edit{
		{name: "title", reuse: true, apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, journey, `title = "Kim leaves Pyongyang by train"`, `title = "Kim leaves Pyongyang (edited)"`)
		}},
		{name: "new event in a new folder", reuse: true, apply: func(t *testing.T, src string) []string {
			sitetest.WriteFile(t, filepath.Join(src, "content/events/extra/new.toml"),
				"[[event]]\nid = \"brand-new\"\ntitle = \"A brand new event\"\nwhen = \"2025-09-02T09:30\"\ntimelines = [\"journey\", \"diplomacy\"]\n"+
					"tags = [\"north-korea\", \"fresh-tag\"]\npeople = [\"Someone New\"]\n")
			return []string{"content/events/extra"}
		}},
		{name: "event moves in time", reuse: true, apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, "content/events/extra/new.toml", `when = "2025-09-02T09:30"`, `when = "2011"`)
		}},
		{name: "tags and timelines change", reuse: true, apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, "content/events/extra/new.toml", `timelines = ["journey", "diplomacy"]`+"\ntags = [\"north-korea\", \"fresh-tag\"]",
				`timelines = ["background"]`+"\ntags = [\"china\"]")
		}},
		{name: "article edit", reuse: true, apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, "content/articles/why-kims-trip-matters.md", `title = "Why Kim Jong-un's trip to Beijing matters"`, `title = "Why the trip matters"`)
		}},
		{name: "article reports the new event", reuse: true, apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, "content/articles/why-kims-trip-matters.md", `events = ["nis-assessment",`, `events = ["brand-new", "nis-assessment",`)
		}},
		{name: "event renamed", reuse: true, apply: func(t *testing.T, src string) []string {
			a := replaceIn(t, src, "content/events/extra/new.toml", `id = "brand-new"`, `id = "brand-new-2"`)
			return append(a, replaceIn(t, src, "content/articles/why-kims-trip-matters.md", `"brand-new"`, `"brand-new-2"`)...)
		}},
		{name: "broken", broken: true, apply: func(t *testing.T, src string) []string {
			atomicSave(t, filepath.Join(src, journey), "[[event]]\ntitle = \"unterminated\n")
			return []string{journey}
		}},
		{name: "fixed after a failed build", reuse: true, apply: func(t *testing.T, src string) []string {
			sitetest.WriteFile(t, filepath.Join(src, journey), sitetest.ReadFile(t, "../../"+journey))
			return []string{journey}
		}},
		{name: "event deleted", reuse: true, apply: func(t *testing.T, src string) []string {
			if err := os.RemoveAll(filepath.Join(src, "content/events/extra")); err != nil {
				t.Fatal(err)
			}
			a := replaceIn(t, src, "content/articles/why-kims-trip-matters.md", `"brand-new-2", `, ``)
			return append(a, "content/events/extra")
		}},
		{name: "site.toml (full render)", apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, "site.toml", `title = "The journey"`, `title = "The trip"`)
		}},
		{name: "own template (full render)", apply: func(t *testing.T, src string) []string {
			sitetest.WriteFile(t, filepath.Join(src, "templates/event.html"), sitetest.ReadFile(t, "../../templates/event.html"))
			replaceIn(t, src, "templates/event.html", "<h1>", "<h1 class=own>")
			return []string{"templates/event.html"}
		}},
		{name: "content edit with an own template", reuse: true, apply: func(t *testing.T, src string) []string {
			return replaceIn(t, src, journey, `title = "Kim leaves Pyongyang by train"`, `title = "Kim leaves again"`)
		}},
	})
}

// TestIncrementalGeneratedSite edits a generated site of 300 events: dates
// that reorder timelines, tags, people and removals; once as it is, once
// with a page size so small that timelines, tags and people are archived
// by year and month and the home page is summarised.
func TestIncrementalGeneratedSite(t *testing.T) {
	for _, pageSize := range []int{0, 12} {
		t.Run(fmt.Sprintf("page_size=%d", pageSize), func(t *testing.T) {
			src := t.TempDir()
			if err := sitegen.Write(src, 300); err != nil {
				t.Fatal(err)
			}
			if pageSize > 0 {
				config := filepath.Join(src, "site.toml")
				sitetest.WriteFile(t, config, fmt.Sprintf("page_size = %d\n", pageSize)+sitetest.ReadFile(t, config))
			}
			if pageSize > 0 {
				site, err := build.Prepare(os.DirFS(src), build.Options{Source: src}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(site.Pages, func(p render.Page) bool { return p.Template == "archive.html" }) {
					t.Fatal("no archive pages; the test would not exercise them")
				}
			}
			editGeneratedSite(t, src)
		})
	}
}

func editGeneratedSite(t *testing.T, src string) {
	rewrite := func(i int, f func(string) string) func(*testing.T, string) []string {
		return func(t *testing.T, src string) []string {
			rel := filepath.ToSlash(sitegen.EventPath(i))
			atomicSave(t, filepath.Join(src, rel), f(sitetest.ReadFile(t, filepath.Join(src, rel))))
			return []string{rel}
		}
	}
	runEdits(t, src, []edit{
		{name: "title", reuse: true, apply: rewrite(150, func(s string) string {
			return sitegen.Event(150, "Edited title")
		})},
		{name: "date moves", reuse: true, apply: rewrite(151, func(s string) string {
			return regexp.MustCompile(`when = "[^"]*"`).ReplaceAllString(s, `when = "1901-02-03"`)
		})},
		{name: "tags", reuse: true, apply: rewrite(152, func(s string) string {
			return strings.Replace(s, "tags = [", `tags = ["brand-new-tag", `, 1)
		})},
		{name: "two files", reuse: true, apply: func(t *testing.T, src string) []string {
			a := rewrite(10, func(string) string { return sitegen.Event(10, "Ten") })(t, src)
			b := rewrite(20, func(s string) string { return strings.Replace(s, "people = [", `people = ["Newcomer", `, 1) })(t, src)
			return append(a, b...)
		}},
		{name: "timeline changes", reuse: true, apply: rewrite(153, func(s string) string {
			return regexp.MustCompile(`timelines = \[[^]]*\]`).ReplaceAllString(s, `timelines = ["`+sitegen.Timelines[0]+`"]`)
		})},
		{name: "date moves to another month", reuse: true, apply: rewrite(154, func(s string) string {
			return regexp.MustCompile(`when = "[^"]*"`).ReplaceAllString(s, `when = "1990-07-04T12:00"`)
		})},
		{name: "removed", reuse: true, apply: func(t *testing.T, src string) []string {
			rel := filepath.ToSlash(sitegen.EventPath(33))
			if err := os.Remove(filepath.Join(src, rel)); err != nil {
				t.Fatal(err)
			}
			return []string{rel}
		}},
	})
}

// TestIncrementalPagedArticles: with one article a page, an older article
// added or removed changes the number of article pages, and a tag's count
// of articles on a tag page whose newest article stays the same.
func TestIncrementalPagedArticles(t *testing.T) {
	src := sitetest.CopyExample(t)
	config := filepath.Join(src, "site.toml")
	sitetest.WriteFile(t, config, "page_size = 1\n"+sitetest.ReadFile(t, config))
	const older = "content/articles/an-older-piece.md"
	runEdits(t, src, []edit{
		{name: "older article added", reuse: true, apply: func(t *testing.T, src string) []string {
			sitetest.WriteFile(t, filepath.Join(src, older), "+++\ntitle = \"An older piece\"\ndate = 2020-01-01\ntags = [\"north-korea\"]\n+++\n\nText.\n")
			return []string{older}
		}},
		{name: "older article removed", reuse: true, apply: func(t *testing.T, src string) []string {
			if err := os.Remove(filepath.Join(src, older)); err != nil {
				t.Fatal(err)
			}
			return []string{older}
		}},
	})
}
