package load

import (
	"strings"
	"testing"
)

func TestMarkdownShapes(t *testing.T) {
	links := strings.Repeat("[a](", 20_000)
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{"unclosed links in an article, column in characters",
			// Front matter on lines 1-3, a blank line, then the body from line 5.
			map[string]string{mdPath: lines("+++", `title = "A"`, "+++", "", "First paragraph.", "", "Voilà é "+links)},
			[]want{{mdPath + ":7:9", "20000 links in one paragraph, many opened with '[a](' and never closed by ')'; goldmark would take several seconds on this text"}}},
		{"nesting in an article",
			map[string]string{mdPath: lines("+++", `title = "A"`, "+++", strings.Repeat("> ", 70)+"deep")},
			[]want{{mdPath + ":4:129", "lists and block quotes nested more than 64 levels deep"}}},
		{"an article body over the size limit",
			map[string]string{mdPath: lines("+++", `title = "A"`, "+++", strings.Repeat("Text.\n", 400_000))},
			[]want{{mdPath + ":4:1", "this Markdown text is 2.3 MiB, over the limit of 2 MiB for one text"}}},
		{"an article's summary",
			map[string]string{mdPath: article(`summary = "` + links + `"`)},
			[]want{{mdPath + ":3:1", "summary: 20000 links in one paragraph"}}},
		{"an event's summary",
			map[string]string{evPath: event(`summary = '''`, "Intro.", "", strings.Repeat("**_a", 15_000), `'''`)},
			[]want{{evPath + ":4:1", "summary: 14999 emphasis marks (* _ ~) left open in one paragraph"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := Load(siteFS(tc.files), Options{})
			checkProblems(t, probs, tc.want)
		})
	}
}
