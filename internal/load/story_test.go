package load

import (
	"testing"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestLoadOrder reads a timeline's order: absent is oldest first, the two
// names are taken as written, anything else is a problem at its value's
// key naming both.
func TestLoadOrder(t *testing.T) {
	timelines := func(extra ...string) string {
		return lines(append([]string{`title = "Site"`, "", "[[timelines]]", `id = "journey"`, `title = "The journey"`}, extra...)...)
	}
	tests := []struct {
		name  string
		site  string
		order timeline.Order
		want  []want
	}{
		{"absent", timelines(), timeline.OldestFirst, nil},
		{"oldest-first", timelines(`order = "oldest-first"`), timeline.OldestFirst, nil},
		{"newest-first", timelines(`order = "newest-first"`), timeline.NewestFirst, nil},
		{"unknown name", timelines(`order = "newest"`), timeline.OldestFirst,
			[]want{{"site.toml:6:1", `unknown order "newest"; use "oldest-first" (the default) or "newest-first"`}}},
		{"wrong case", timelines(`  order = "Newest-First"`), timeline.OldestFirst,
			[]want{{"site.toml:6:3", `unknown order "Newest-First"; use "oldest-first" (the default) or "newest-first"`}}},
		{"not a string", timelines(`order = true`), timeline.OldestFirst,
			[]want{{"site.toml:6:1", "order must be a string in quotes"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, probs := ReadConfig(siteFS(map[string]string{ConfigFile: tc.site}))
			checkProblems(t, probs, tc.want)
			if len(cfg.Timelines) != 1 || cfg.Timelines[0].Order != tc.order {
				t.Errorf("timelines = %+v, want one with order %q", cfg.Timelines, tc.order)
			}
		})
	}
}

// TestLoadKey reads key = true on an event; anything but a boolean is a
// problem at the key.
func TestLoadKey(t *testing.T) {
	tests := []struct {
		name  string
		extra []string
		key   bool
		want  []want
	}{
		{"absent", nil, false, nil},
		{"true", []string{"key = true"}, true, nil},
		{"false", []string{"key = false"}, false, nil},
		{"a string", []string{`key = "true"`}, false, []want{{evPath + ":5:1", `key must be true or false (no quotes); got the string "true"`}}},
		{"a number", []string{"key = 1"}, false, []want{{evPath + ":5:1", "key must be true or false (no quotes); got the number 1"}}},
		{"misspelt", []string{"kye = true"}, false, []want{{evPath + ":5:1", `unknown key "kye"; did you mean "key"?`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := event(append([]string{`id = "x"`}, tc.extra...)...)
			c, probs := Load(siteFS(map[string]string{evPath: src}), Options{})
			checkProblems(t, probs, tc.want)
			if e := eventByID(t, c, "x"); e.Key != tc.key {
				t.Errorf("Key = %v, want %v", e.Key, tc.key)
			}
		})
	}
}
