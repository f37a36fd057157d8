package render

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestSlowNamesTheFile replaces the timers of Options.Slow with ones that
// fire at once, so that every Markdown text rendered counts as slow: Slow
// hears the path of each text's file, and the timers run for SlowAfter.
func TestSlowNamesTheFile(t *testing.T) {
	events := []*timeline.Event{
		{ID: "a", Title: "A", Summary: "*one*", Pos: timeline.Pos{Path: "content/events/a.toml", Line: 1}},
		{ID: "b", Title: "B", Summary: "two", Pos: timeline.Pos{Path: "content/events/b.toml", Line: 1}},
	}
	articles := []*timeline.Article{{Slug: "x", Title: "X", Summary: "intro", Body: "Body", Pos: timeline.Pos{Path: "content/articles/x.md", Line: 1}}}
	for _, e := range events {
		d, err := timeline.ParseDate("2025-09-01", time.UTC, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		e.When = d
	}
	site, probs := timeline.Assemble(timeline.Config{Title: "Site", BaseURL: "/"}, events, articles, nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var mu sync.Mutex
	var slow []string
	var waits []time.Duration
	fireNow := func(d time.Duration, f func()) func() bool {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		f()
		return func() bool { return false }
	}
	opts := Options{
		Templates: testTemplates(""),
		Memo:      NewMemo(),
		Slow:      func(path string) { mu.Lock(); slow = append(slow, path); mu.Unlock() },
		after:     fireNow,
	}
	r, probs := New(site, opts)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	mu.Lock()
	slices.Sort(slow)
	if want := []string{"content/articles/x.md", "content/events/a.toml", "content/events/b.toml"}; !slices.Equal(slow, want) {
		t.Errorf("New: Slow heard %q, want %q", slow, want)
	}
	slow = nil
	mu.Unlock()
	if _, err := r.Body(site.Articles[0]); err != nil {
		t.Fatal(err)
	}
	if want := []string{"content/articles/x.md"}; !slices.Equal(slow, want) {
		t.Errorf("Body: Slow heard %q, want %q", slow, want)
	}
	for _, d := range waits {
		if d != SlowAfter {
			t.Errorf("a timer was set for %v, want SlowAfter (%v)", d, SlowAfter)
		}
	}

	// A second Renderer with the same Memo renders nothing again.
	slow = nil
	if _, probs := New(site, opts); len(probs) > 0 || len(slow) > 0 {
		t.Errorf("New with a full Memo: problems %v, Slow heard %q", probs, slow)
	}
}
