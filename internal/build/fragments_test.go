package build

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestSharedPartialsChangeNoByte builds sites with the partials many pages
// share rendered once and spliced in, and again with every partial executed
// in place, and wants the same files byte for byte: splicing is only a
// shortcut. The sites include hostile text, text that looks like a splice
// marker, archives, and own templates that redefine what a shared partial
// calls on one page only.
func TestSharedPartialsChangeNoByte(t *testing.T) {
	generated := t.TempDir()
	if err := sitegen.Generate(generated, sitegen.NewSpec(600)); err != nil {
		t.Fatal(err)
	}
	config := readFile(t, filepath.Join(generated, "site.toml"))
	if err := os.WriteFile(filepath.Join(generated, "site.toml"), []byte("page_size = 40\n"+config), 0o644); err != nil {
		t.Fatal(err)
	}
	hostile := maps.Clone(hostileFiles)
	hostile["content/events/markers.toml"] = "[[event]]\nid = \"markers\"\n" +
		"title = \"\\uE000\\uE0010\\uE001 \\uE000 0\\uE001\"\nplace = \"\\uE000123\\uE001\"\n" +
		"when = \"2025-09-04\"\ntimelines = [\"t\"]\ntags = [\"\\uE0000\\uE001\"]\n"
	ownStatus := exampleSite(t)
	// The event page shows its own "status" (which event-card and
	// event-line call): its cards may not come from other pages'.
	event := strings.Replace(readFile(t, filepath.Join("..", "..", "templates", "event.html")),
		`{{define "main"}}`, `{{define "status"}}<b class="own-status">{{.Label}}</b>{{end}}{{define "main"}}
{{with .Data.Nav}}{{range .}}{{with .Next}}{{template "event-card" (card . false)}}{{end}}{{end}}{{end}}`, 1)
	sitetest.WriteFiles(t, ownStatus, map[string]string{
		"templates/event.html": event,
		// A card that shows its event's line: partials within partials.
		"templates/partials.html": strings.Replace(readFile(t, filepath.Join("..", "..", "templates", "partials.html")),
			`<article class="event" id="event-{{$e.ID}}">`, `<article class="event" id="event-{{$e.ID}}">{{template "event-line" $e}}`, 1),
	})

	for _, tc := range []struct {
		name, src string
	}{
		{"example", exampleSite(t)},
		{"hostile", writeSite(t, hostile)},
		{"generated", generated},
		{"own-templates", ownStatus},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spliced, inPlace := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
			for dest, inline := range map[string]bool{spliced: false, inPlace: true} {
				if _, err := Run(context.Background(), Options{Source: tc.src, Dest: dest, InlinePartials: inline}); err != nil {
					t.Fatalf("build (inline partials %v): %v", inline, err)
				}
			}
			files := siteFiles(t, spliced)
			if other := siteFiles(t, inPlace); !slices.Equal(files, other) {
				t.Fatalf("files differ:\n%v\n%v", files, other)
			}
			for _, f := range files {
				a, b := readFile(t, filepath.Join(spliced, f)), readFile(t, filepath.Join(inPlace, f))
				if a != b {
					t.Errorf("%s differs when partials are spliced: %s", f, firstDiff(b, a))
				}
			}
			if tc.name == "own-templates" {
				page := readFile(t, filepath.Join(spliced, "events", "leaves-pyongyang", "index.html"))
				if !strings.Contains(page, `class="own-status"`) {
					t.Error("the event page's own status partial is not in its cards")
				}
			}
		})
	}
}

// TestSharedPartialOutsideText refuses, with the template's path, a page
// that calls a shared partial inside an attribute, script or URL: its HTML
// would be spliced where only text may go. Dateline's check says so, unless
// html/template already refused the partial's markup there.
func TestSharedPartialOutsideText(t *testing.T) {
	for _, tc := range []struct {
		name, main string
		ours       bool // html/template lets the markup through: Dateline must refuse
	}{
		{"attribute", `<p title="{{template "event-line" .Data}}">x</p>`, false},
		{"script", `<script>var x = "{{template "event-line" .Data}}";</script>`, true},
		{"url", `<a href="/x?{{template "event-line" .Data}}">x</a>`, false},
		{"status in script", `<script>var x = "{{template "status" .Data.Status}}";</script>`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := exampleSite(t)
			sitetest.WriteFiles(t, src, map[string]string{
				"templates/event.html": "{{template \"base\" .}}\n{{define \"main\"}}\n" + tc.main + "\n{{end}}\n",
			})
			_, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
			if err == nil || !strings.Contains(err.Error(), "templates/event.html") ||
				!strings.Contains(err.Error(), "outside HTML text") && (tc.ours || !strings.Contains(err.Error(), "template error")) {
				t.Errorf("err = %v, want the partial refused in templates/event.html", err)
			}
		})
	}
}

// TestFragmentFunctionReserved refuses templates that call the splicing
// function themselves, at the line that does.
func TestFragmentFunctionReserved(t *testing.T) {
	src := exampleSite(t)
	sitetest.WriteFiles(t, src, map[string]string{
		"templates/event.html": "{{template \"base\" .}}\n{{define \"main\"}}\n\n<p title=\"{{datelineFragment \"\" \"event-line\" .Data}}\">x</p>\n{{end}}\n",
	})
	_, err := Check(context.Background(), Options{Source: src})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/event.html:4:") || !strings.Contains(err.Error(), "reserved") {
		t.Errorf("err = %v, want it refused at templates/event.html:4", err)
	}
}
