package build

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestBrokenLinkPlaces checks that a broken link in Markdown is reported
// at its own line and column (in characters) of the file it was written
// in: an article's body, an event's summary in any form of TOML string,
// the note of an event's update, an article's summary; and that a link in a template keeps the template.
func TestBrokenLinkPlaces(t *testing.T) {
	const (
		site    = "title = \"S\"\n[[timelines]]\nid = \"t\"\ntitle = \"T\"\n"
		okEvent = "[[event]]\nid = \"e\"\ntitle = \"E\"\nwhen = \"2025\"\ntimelines = [\"t\"]\n"
	)
	article := func(body string) string {
		return "+++\ntitle = \"A\"\nevents = [\"e\"]\n+++\n" + body
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // where each problem is, as printed
	}{
		{"link deep in an article body",
			map[string]string{"content/articles/a.md": article("One.\n\nTwo.\n\n- a list\n- with é [a link](/nowhere/) in it\n")},
			[]string{"content/articles/a.md:10:10"}},
		{"two links to the same address in one body",
			map[string]string{"content/articles/a.md": article("[x](/nowhere/)\n\n> quoted [y](/nowhere/)\n")},
			[]string{"content/articles/a.md:5:1", "content/articles/a.md:7:10"}},
		{"reference link: at its definition",
			map[string]string{"content/articles/a.md": article("See [x][gone] and [gone].\n\n[gone]: /nowhere/\n")},
			[]string{"content/articles/a.md:7:1"}},
		{"heading and table",
			map[string]string{"content/articles/a.md": article("## Go [h](/nowhere/)\n\n| a |\n|---|\n| [t](/elsewhere/) |\n")},
			[]string{"content/articles/a.md:5:7", "content/articles/a.md:9:3"}},
		{"event summary, basic string",
			map[string]string{"content/events/e.toml": okEvent + "summary = \"Was — [here](/nowhere/).\"\n"},
			[]string{"content/events/e.toml:6:18"}},
		{"event summary, multi-line string",
			map[string]string{"content/events/e.toml": okEvent + "summary = \"\"\"\nFirst line.\n  then [here](/nowhere/).\"\"\"\n"},
			[]string{"content/events/e.toml:8:8"}},
		{"note of an event's update",
			map[string]string{"content/events/e.toml": okEvent + "[[event.updates]]\nat = 2025-09-03T10:30:00Z\nnote = \"See [it](/nowhere/).\"\n"},
			[]string{"content/events/e.toml:8:13"}},
		{"article summary",
			map[string]string{"content/articles/a.md": "+++\ntitle = \"A\"\nsummary = \"Sum [s](/nowhere/)\"\n+++\nBody.\n"},
			[]string{"content/articles/a.md:3:16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.toml": site, "content/events/e.toml": okEvent}
			maps.Copy(files, tt.files)
			_, err := Check(context.Background(), Options{Source: writeSite(t, files)})
			var probs timeline.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Check = %v, want broken links", err)
			}
			var got []string
			for _, p := range probs {
				if !strings.Contains(p.Msg, "leads to no page") {
					t.Errorf("unexpected problem %v", p)
				}
				// An event's summary shows on several pages, each a problem
				// of its own, all at the same place.
				if at := p.Pos.String(); !slices.Contains(got, at) {
					got = append(got, at)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("broken links at %v, want %v\n%v", got, tt.want, err)
			}
		})
	}
}

// TestBrokenLinkInTemplate: a link a template writes is reported at the
// template, as before.
func TestBrokenLinkInTemplate(t *testing.T) {
	src := sitetest.CopyExample(t)
	sitetest.WriteFile(t, src+"/templates/404.html", "{{define \"main\"}}<a href=\"/dateline/nowhere/\">x</a>{{end}}\n{{template \"base\" .}}\n")
	_, err := Check(context.Background(), Options{Source: src})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/404.html: link \"/dateline/nowhere/\"") {
		t.Errorf("err = %v, want the broken link at templates/404.html", err)
	}
}
