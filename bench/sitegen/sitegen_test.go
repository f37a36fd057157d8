package sitegen

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A generated site must build without a single problem, or the benchmarks
// would measure error reporting instead of building.
func TestGeneratedSiteChecksClean(t *testing.T) {
	dir := t.TempDir()
	spec := NewSpec(200)
	spec.Timelines = 7
	if err := Generate(dir, spec); err != nil {
		t.Fatal(err)
	}
	sum, err := build.Check(context.Background(), build.Options{Source: dir})
	if err != nil {
		t.Fatalf("check of the generated site: %v", err)
	}
	drafts := spec.Articles / 50
	if sum.Events != spec.Events || sum.Articles != spec.Articles-drafts || sum.Timelines != 7 {
		t.Errorf("built %v, want %d events, %d articles (%d drafts left out), 7 timelines", sum, spec.Events, spec.Articles-drafts, drafts)
	}
}

// EventData must describe what Dateline reads from the file, so that other
// generators' copies (bench/hugogen) date each event at the same instant.
func TestEventDataMatchesLoadedEvents(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{Events: 300}
	if err := Generate(dir, spec); err != nil {
		t.Fatal(err)
	}
	content, probs := load.Load(os.DirFS(dir), load.Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	seen := map[timeline.Precision]int{}
	for i, e := range content.Events {
		want := spec.EventData(i)
		loc := time.UTC
		if want.TimeZone != "" {
			var err error
			if loc, err = time.LoadLocation(want.TimeZone); err != nil {
				t.Skip("no zoneinfo on this machine:", err)
			}
		}
		if e.ID != want.ID || e.Title != want.Title || e.Summary != want.Summary {
			t.Errorf("event %d loads as %q %q, want %q %q", i, e.ID, e.Title, want.ID, want.Title)
		}
		if got, w := e.When.Start, want.When.Time(loc); !got.Equal(w) {
			t.Errorf("event %s starts at %v, want %v (%s)", e.ID, got, w, want.When.TOML())
		}
		seen[want.When.Precision]++
	}
	for p := timeline.Year; p <= timeline.Second; p++ {
		if seen[p] == 0 {
			t.Errorf("no event of precision %d among %d", p, spec.Events)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	spec := Spec{Events: 40, Articles: 20}
	for _, dir := range []string{a, b} {
		if err := Generate(dir, spec); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"site.toml", spec.EventPath(7), spec.ArticlePath(13)} {
		x, err := os.ReadFile(filepath.Join(a, rel))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, rel))
		if string(x) != string(y) {
			t.Errorf("%s differs between two runs", rel)
		}
	}
}

func TestFoldersStaySmall(t *testing.T) {
	s := NewSpec(100000)
	for _, c := range []struct{ got, want string }{
		{s.EventPath(999), filepath.FromSlash("content/events/000/event-00999.toml")},
		{s.EventPath(1000), filepath.FromSlash("content/events/001/event-01000.toml")},
		{s.EventPath(99999), filepath.FromSlash("content/events/099/event-99999.toml")},
		{s.ArticlePath(49999), filepath.FromSlash("content/articles/049/the-tariff-cut-49999.md")},
	} {
		if c.got != c.want {
			t.Errorf("path %s, want %s", c.got, c.want)
		}
	}
}

// The plain site of Write, which the serve benchmarks edit, must load too.
func TestWriteChecksClean(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, 50); err != nil {
		t.Fatal(err)
	}
	if _, err := build.Check(context.Background(), build.Options{Source: dir}); err != nil {
		t.Fatal(err)
	}
}
