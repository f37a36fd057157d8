package load

import (
	"testing"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestNoCascade checks that a file that cannot be read (or a declaration
// that cannot be used) is reported alone: the references to what it
// declares are not reported as unknown, while every other problem still is.
func TestNoCascade(t *testing.T) {
	const cites = "content/articles/cites.md"
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{"duplicated key in site.toml: not one unknown timeline",
			map[string]string{
				ConfigFile: lines(`title = "Site"`, `base_url = "/"`, `base_url = "/x/"`, "[[timelines]]", `id = "journey"`, `title = "J"`),
				evPath:     event(`timelines = ["journey", "other"]`),
			},
			[]want{{"site.toml:3:1", "TOML syntax error: Key 'base_url' has already been defined"}}},
		{"broken site.toml: other files' own problems are still reported",
			map[string]string{
				ConfigFile: lines(`title = "Site`),
				evPath:     event(`end = "2025-02-30"`, `timelines = ["journey"]`),
			},
			[]want{
				{evPath + ":4:1", "February 2025 has 28 days"},
				{"site.toml:1:14", "TOML syntax error"},
			}},
		{"site.toml not UTF-8",
			map[string]string{ConfigFile: "title = \"\xff\"\n"},
			[]want{{"site.toml:1:10", "not UTF-8"}}},
		{"[timelines] for [[timelines]]",
			map[string]string{ConfigFile: lines(`title = "Site"`, "[timelines]", `id = "journey"`, `title = "J"`)},
			[]want{{"site.toml:2:1", "timelines must be a list of tables, not a single table"}}},
		{"a timeline without an id",
			map[string]string{ConfigFile: baseSite + lines("[[timelines]]", `title = "Other"`), evPath: event(`timelines = ["other"]`)},
			[]want{{"site.toml:6:1", "id is required"}}},
		{"a timeline with a bad id: events naming it, not; others, still",
			map[string]string{
				ConfigFile: baseSite + lines("[[timelines]]", `id = "The Other"`, `title = "Other"`),
				evPath:     event(`timelines = ["The Other", "journy"]`),
			},
			[]want{
				{evPath + ":4:1", `unknown timeline "journy"; did you mean "journey"?`},
				{"site.toml:7:1", `timeline id "The Other" may hold only a-z, 0-9 and -`},
			}},
		{"syntax error in an event file: articles citing its events",
			map[string]string{
				evPath: lines("[[event]]", `id = "gone"`, `title = "G"`, `when = "2025"`, "[[event]]", `title = "Made From Title"`, `when = `),
				cites:  article(`events = ["gone", "made-from-title", "base", "nope"]`),
			},
			[]want{
				{cites + ":3:1", `unknown event "nope"`},
				{evPath + ":7:8", "TOML syntax error"},
			}},
		{"event file not UTF-8: no event it may hold is unknown",
			map[string]string{evPath: "[[event]]\nid = \"\xff\"\n", cites: article(`events = ["whatever"]`)},
			[]want{{evPath + ":2:7", "not UTF-8"}}},
		{"event with a bad id: articles citing it",
			map[string]string{
				evPath: event(`id = "Bad Id"`),
				cites:  article(`events = ["Bad Id"]`),
			},
			[]want{{evPath + ":4:1", `event id "Bad Id" may hold only a-z, 0-9 and -`}}},
		{"event with neither title nor date: articles citing it",
			map[string]string{
				evPath: lines("[[event]]", `id = "half"`, `when = "2025-13"`),
				cites:  article(`events = ["half"]`),
			},
			[]want{{evPath + ":1:1", "title is required"}, {evPath + ":3:1", "month 13"}}},
		{"article whose front matter fails: events naming it",
			map[string]string{
				mdPath: lines("+++", `title = "A`, "+++", "Body."),
				evPath: event(`articles = ["a", "zzzzzz"]`),
			},
			[]want{
				{mdPath + ":2:11", "TOML syntax error"},
				{evPath + ":4:1", `unknown article "zzzzzz"`},
			}},
		{"article never closing its front matter",
			map[string]string{mdPath: lines("+++", `title = "A"`), evPath: event(`articles = ["a"]`)},
			[]want{{mdPath + ":1:1", "never closed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := siteFS(tt.files)
			c, probs := Load(fsys, Options{})
			_, more := timeline.Assemble(c.Config, c.Events, c.Articles, c.Drafts)
			checkProblems(t, Locate(fsys, append(probs, more...)), tt.want)
		})
	}
}

// TestNoCascadeLeavesCacheAlone: forgetting references to what was lost
// changes copies; the events and articles a Cache keeps, and gives to the
// next Load once site.toml is mended, keep their references.
func TestNoCascadeLeavesCacheAlone(t *testing.T) {
	files := map[string]string{evPath: event(`timelines = ["journey"]`)}
	cache := NewCache()
	broken := siteFS(files)
	broken[ConfigFile].Data = []byte("title = \"Site\ntitle = 1\n")
	if c, _ := Load(broken, Options{Cache: cache}); len(eventByID(t, c, "x").Timelines) != 0 {
		t.Fatalf("with site.toml broken, the event's timelines are still checked")
	}
	c, probs := Load(siteFS(files), Options{Cache: cache})
	checkProblems(t, probs, nil)
	if got := eventByID(t, c, "x").Timelines; len(got) != 1 {
		t.Errorf("after site.toml was mended, event x has timelines %v, want [journey]", got)
	}
}
