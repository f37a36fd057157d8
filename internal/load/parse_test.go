package load

import (
	"reflect"
	"testing"
	"testing/fstest"

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
	var last *Content
	for _, step := range steps {
		step.change()
		want, wantProbs := Load(fsys, Options{})
		got, gotProbs := Load(fsys, Options{Cache: cache})
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotProbs.Sort(), wantProbs.Sort()) {
			t.Fatalf("%s: cached load differs from a fresh one:\n got %+v\n%v\nwant %+v\n%v", step.name, got, gotProbs, want, wantProbs)
		}
		// Assemble fills in the events it is given; that must not leak
		// into the cache or into the next Load's events.
		timeline.Assemble(got.Config, got.Events, got.Articles, got.Drafts)
		if last != nil {
			for _, e := range got.Events {
				for _, o := range last.Events {
					if e == o {
						t.Fatalf("%s: event %s is the same struct as in the previous load", step.name, e.ID)
					}
				}
			}
		}
		last = got
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
	keysOf := func(c *Content, id string) uintptr {
		for _, e := range c.Events {
			if e.ID == id {
				return reflect.ValueOf(e.Keys).Pointer() // the slice's array
			}
		}
		t.Fatalf("no event %s", id)
		return 0
	}
	if keysOf(first, "base") != keysOf(second, "base") {
		t.Error("the unchanged file base.toml was parsed again")
	}
	if keysOf(first, "a") == keysOf(second, "a") {
		t.Error("the edited file a.toml was not parsed again")
	}
}
