package load

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestCacheMatchesFreshLoad edits, adds and deletes files between Loads
// that share a Cache, and checks each result against a Load without one.
func TestCacheMatchesFreshLoad(t *testing.T) {
	fsys := siteFS(map[string]string{
		"content/events/a.toml":     "[[event]]\nid = \"a\"\ntitle = \"A\"\nwhen = \"2025-09-01 10:00\"\ntimelines = [\"journey\"]\n",
		"content/events/b.toml":     "[[event]]\nid = \"b\"\ntitle = \"B\"\nwhen = \"2025-09-02\"\ntimelines = [\"journey\"]\narticles = [\"story\"]\n",
		"content/events/bad.toml":   "[[event]]\nid = \"bad\"\nwhen = \"2025-13-01\"\n",
		"content/articles/story.md": "+++\ntitle = \"Story\"\nevents = [\"a\"]\n+++\n\nBody.\n",
	})
	cache := NewCache()
	steps := []struct {
		name   string
		change func()
	}{
		{"first load", func() {}},
		{"nothing changed", func() {}},
		{"one event edited", func() {
			fsys["content/events/a.toml"] = &fstest.MapFile{Data: []byte("[[event]]\nid = \"a\"\ntitle = \"A, edited\"\nwhen = \"2025-09-01 10:00\"\ntimelines = [\"journey\"]\n")}
		}},
		{"bad event fixed", func() {
			fsys["content/events/bad.toml"] = &fstest.MapFile{Data: []byte("[[event]]\nid = \"bad\"\ntitle = \"Fixed\"\nwhen = \"2025-12-01\"\ntimelines = [\"journey\"]\n")}
		}},
		{"article deleted, event added", func() {
			delete(fsys, "content/articles/story.md")
			fsys["content/events/c.toml"] = &fstest.MapFile{Data: []byte("[[event]]\nid = \"c\"\ntitle = \"C\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n")}
		}},
		{"site time zone changed", func() {
			fsys[ConfigFile] = &fstest.MapFile{Data: []byte("time_zone = \"Asia/Tokyo\"\n" + baseSite)}
		}},
	}
	for _, step := range steps {
		step.change()
		want, wantProbs := Load(fsys, Options{})
		got, gotProbs := Load(fsys, Options{Cache: cache})
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotProbs.Sort(), wantProbs.Sort()) {
			t.Fatalf("%s: cached load differs from a fresh one:\n got %+v\n%v\nwant %+v\n%v", step.name, got, gotProbs, want, wantProbs)
		}
		// The cache shares its events with every model built from them,
		// so Assemble must leave them as they were.
		before := make([]timeline.Event, len(got.Events))
		for i, e := range got.Events {
			before[i] = *e
		}
		timeline.Assemble(got.Config, got.Events, got.Articles, got.Drafts)
		for i, e := range got.Events {
			if !reflect.DeepEqual(*e, before[i]) {
				t.Fatalf("%s: Assemble changed event %s", step.name, e.ID)
			}
		}
	}
}

// TestCacheReusesUnchangedFiles checks that a Load with a Cache takes an
// unchanged file's parse from it (its key-position map is the very same
// one) and parses a changed file again.
func TestCacheReusesUnchangedFiles(t *testing.T) {
	fsys := siteFS(map[string]string{
		"content/events/a.toml": "[[event]]\nid = \"a\"\ntitle = \"A\"\nwhen = \"2025-09-01\"\ntimelines = [\"journey\"]\n",
	})
	cache := NewCache()
	first, _ := Load(fsys, Options{Cache: cache})
	fsys["content/events/a.toml"] = &fstest.MapFile{Data: []byte("[[event]]\nid = \"a\"\ntitle = \"A2\"\nwhen = \"2025-09-01\"\ntimelines = [\"journey\"]\n")}
	second, _ := Load(fsys, Options{Cache: cache})
	// A file parsed again makes new events; one taken from the cache
	// is the same event.
	eventOf := func(c *Content, id string) *timeline.Event {
		for _, e := range c.Events {
			if e.ID == id {
				return e
			}
		}
		t.Fatalf("no event %s", id)
		return nil
	}
	if eventOf(first, "base") != eventOf(second, "base") {
		t.Error("the unchanged file base.toml was parsed again")
	}
	if eventOf(first, "a") == eventOf(second, "a") {
		t.Error("the edited file a.toml was not parsed again")
	}
}

// TestCacheTrustsSettledFiles: a file whose size and modification time are
// as when it was read, and which had not changed for a while by then, is
// not read again; a file read just after it was written is read again even
// when its size and time look the same, since file times come from a
// coarse clock.
func TestCacheTrustsSettledFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string, mtime time.Time) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	event := func(title string) string {
		return "[[event]]\nid = \"a\"\ntitle = \"" + title + "\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n"
	}
	old := time.Now().Add(-time.Hour)
	write(ConfigFile, baseSite, old)
	write("content/events/a.toml", event("Old"), old)
	fsys := os.DirFS(dir)
	cache := NewCache()
	title := func() string {
		c, probs := Load(fsys, Options{Cache: cache})
		if len(probs) > 0 || len(c.Events) != 1 {
			t.Fatalf("load: %v", probs)
		}
		return c.Events[0].Title
	}
	if got := title(); got != "Old" {
		t.Fatalf("title %q", got)
	}
	// Same size, same time, settled: taken from the cache, not read.
	write("content/events/a.toml", event("New"), old)
	if got := title(); got != "Old" {
		t.Errorf("a settled file with the same size and time was read again (title %q)", got)
	}
	// A new time: read again.
	write("content/events/a.toml", event("New"), old.Add(time.Minute))
	if got := title(); got != "New" {
		t.Errorf("a file with a new time was not read again (title %q)", got)
	}
	// Written now, then rewritten within the same clock step: read again
	// each time, as its time cannot be trusted yet.
	now := time.Now()
	write("content/events/a.toml", event("One"), now)
	if got := title(); got != "One" {
		t.Fatalf("title %q", got)
	}
	write("content/events/a.toml", event("Two"), now)
	if got := title(); got != "Two" {
		t.Errorf("a file rewritten with the same size and time just after it was read kept its old text (title %q)", got)
	}
}

// TestUnchangedIsTrusted: files the caller vouches for come from the cache
// without being read; the others are read.
func TestUnchangedIsTrusted(t *testing.T) {
	fsys := siteFS(map[string]string{
		"content/events/a.toml": "[[event]]\nid = \"a\"\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n",
	})
	cache := NewCache()
	Load(fsys, Options{Cache: cache})
	fsys["content/events/a.toml"] = &fstest.MapFile{Data: []byte("[[event]]\nid = \"a\"\ntitle = \"A2\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n")}
	fsys["content/events/base.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(baseEvent, `"Base"`, `"Base2"`, 1))}
	only := func(changed string) func(string) bool { return func(p string) bool { return p != changed } }
	c, probs := Load(fsys, Options{Cache: cache, Unchanged: only("content/events/a.toml")})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	titles := map[string]string{}
	for _, e := range c.Events {
		titles[e.ID] = e.Title
	}
	if titles["a"] != "A2" || titles["base"] != "Base" {
		t.Errorf("titles %v: want the named file read again (A2) and the vouched one from the cache (Base)", titles)
	}
}
