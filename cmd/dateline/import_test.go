package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
	"github.com/dateline-ssg/dateline/internal/timelinejs"
)

func runImportCommand(args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	err := run(context.Background(), append([]string{"import"}, args...), &out, &errs)
	code = exitCode(err, &errs)
	return code, out.String(), errs.String()
}

// prepared loads and checks the site in dir as a build does.
func prepared(t *testing.T, dir string) *build.Site {
	t.Helper()
	folder, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	site, err := build.Prepare(folder, build.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// TestImportRoundTrip exports the example site's events to TimelineJS
// JSON and imports them into a copy of the site without events: the same
// events come back, in the same order, with the same dates, precision,
// approximation and zones.
func TestImportRoundTrip(t *testing.T) {
	example := sitetest.CopyExample(t)
	site := prepared(t, example)
	m := site.Model
	title := func(e *timeline.Event) string { return m.Nav(e)[0].Timeline.Title }
	tl := timelinejs.FromEvents(m.Config.Title, m.Config.Description, m.Events, m.Config.Labels,
		func(e *timeline.Event) string { return string(site.Renderer.Summary(e)) }, title,
		func(e *timeline.Event) string { return m.Config.BaseURL + "events/" + e.ID + "/" },
		func(e *timeline.Event) string { return m.Config.BaseURL + e.Image.Src })
	var buf bytes.Buffer
	if err := timelinejs.Write(&buf, tl); err != nil {
		t.Fatal(err)
	}
	fresh := sitetest.CopyExample(t)
	if err := os.RemoveAll(filepath.Join(fresh, "content")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "timeline.json")
	sitetest.WriteFile(t, file, buf.String())
	config := sitetest.ReadFile(t, filepath.Join(fresh, "site.toml"))

	code, stdout, stderr := runImportCommand("timelinejs", file, "--source", fresh)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, fmt.Sprintf("imported %d events into %s", len(m.Events), filepath.Join(fresh, "content", "events", "timeline.toml"))) {
		t.Errorf("stdout = %q", stdout)
	}
	if after := sitetest.ReadFile(t, filepath.Join(fresh, "site.toml")); after != config {
		t.Errorf("site.toml changed, though it declares every group's timeline:\n%s", after)
	}
	back := prepared(t, fresh).Model
	type shape struct {
		ID, Title, When, End string
		Precision, EndPrec   timeline.Precision
		Approximate          bool
		WhenText, Zone       string
		Status               timeline.Status
		Sources              []timeline.Source
	}
	shapes := func(events []*timeline.Event) []shape {
		var out []shape
		for _, e := range events {
			out = append(out, shape{e.ID, e.Title, e.When.Machine(), e.End.Machine(), e.When.Precision, e.End.Precision,
				e.Approximate, e.WhenText, e.When.Zone, e.Status, e.Sources})
		}
		return out
	}
	want, got := shapes(m.Events), shapes(back.Events)
	if len(want) < 5 {
		t.Fatalf("the example has %d events; the test needs a few", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events differ after the round trip:\ngot  %+v\nwant %+v", got, want)
	}
	for _, e := range back.Events {
		orig := m.Event(e.ID)
		if !reflect.DeepEqual(e.Timelines, orig.Timelines[:1]) {
			t.Errorf("%s: timelines %v, want %v (the group exported)", e.ID, e.Timelines, orig.Timelines[:1])
		}
		if e.Summary == "" || strings.Contains(e.Summary, "<") {
			t.Errorf("%s: summary %q", e.ID, e.Summary)
		}
		// A site's own image comes back as a remote one at the address
		// the export gave it, with its size, alt text, caption and credit.
		if img := orig.Image; img != nil {
			want := *img
			want.Src = m.Config.BaseURL + img.Src
			if e.Image == nil || *e.Image != want {
				t.Errorf("%s: image %+v, want %+v", e.ID, e.Image, want)
			}
		} else if e.Image != nil {
			t.Errorf("%s: image %+v, from none", e.ID, e.Image)
		}
	}
	if m.Event("arrives-beijing").Image == nil {
		t.Error("the example's arrival has no image for the round trip to carry")
	}
}

func importTestSite(t *testing.T) string {
	dir := t.TempDir()
	sitetest.WriteFiles(t, dir, map[string]string{
		"site.toml":             "title = \"T\"\ntime_zone = \"Europe/Paris\"\n[[timelines]]\nid = \"journey\"\ntitle = \"The journey\"", // no final newline
		"content/events/a.toml": "[[event]]\nid = \"taken\"\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n",
	})
	return dir
}

const sheetHeader = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"

func TestImportCommand(t *testing.T) {
	dir := importTestSite(t)
	in := t.TempDir()
	sheet := filepath.Join(in, "My Sheet.csv")
	sitetest.WriteFile(t, sheet, sheetHeader+
		",,,,,,,,,Beatles,<p>The band</p>,,,,,title,,\n"+
		"1967,,,,,,,,,Taken,,,,,,,,\n"+
		"1967,5,,,,,,,,Month,,,,,,,Albums,\n"+
		"1969,1,30,12:30,,,,,,Rooftop,<b>Live</b>,,,,,,The Journey,\n")
	code, stdout, stderr := runImportCommand("timelinejs", sheet, "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	events := filepath.Join(dir, "content", "events", "my-sheet.toml")
	for _, want := range []string{
		"imported 3 events into " + events,
		`added 2 timelines to site.toml: my-sheet ("Beatles"), albums ("Albums")`,
		"1 time names no zone, so it is read on Europe/Paris clocks (the site's time_zone",
		`row 3: id "taken" is already used, so the event is "taken-2"`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	config := sitetest.ReadFile(t, filepath.Join(dir, "site.toml"))
	if !strings.HasPrefix(config, "title = \"T\"\ntime_zone = \"Europe/Paris\"\n[[timelines]]\nid = \"journey\"\ntitle = \"The journey\"\n\n# Added by dateline import from My Sheet.csv.\n[[timelines]]\nid = \"my-sheet\"") {
		t.Errorf("site.toml was not appended to as it was:\n%s", config)
	}
	text := sitetest.ReadFile(t, events)
	for _, want := range []string{`when = "1967-05"`, `when = "1969-01-30T12:30"`, `time_zone = "Europe/Paris"`, `timelines = ["journey"]`, "summary = \"\"\"\n**Live**\"\"\""} {
		if !strings.Contains(text, want) {
			t.Errorf("the event file lacks %s:\n%s", want, text)
		}
	}

	// Again: the file exists, and is refused with its path.
	before := sitetest.Snapshot(t, dir)
	code, _, stderr = runImportCommand("timelinejs", sheet, "--source", dir)
	if code != 1 || !strings.Contains(stderr, events+" already exists; nothing was written") {
		t.Errorf("importing again: exit %d, stderr %q", code, stderr)
	}
	if !reflect.DeepEqual(sitetest.Snapshot(t, dir), before) {
		t.Error("a refused import changed the site")
	}
}

func TestImportCommandRefusals(t *testing.T) {
	in := t.TempDir()
	bad := filepath.Join(in, "bad.csv")
	sitetest.WriteFile(t, bad, "Year,Month,Headline\n1967,13,A\n1967,1,B\n1968,0,C\n")
	good := filepath.Join(in, "good.csv")
	sitetest.WriteFile(t, good, "Year,Headline,Group\n1967,A,New group\n")
	setter := filepath.Join(in, "ts.csv")
	sitetest.WriteFile(t, setter, "date,description\n2010-03-28 02:30,In the gap\n")
	for _, tc := range []struct {
		name   string
		site   func(t *testing.T, dir string)
		args   []string
		code   int
		stderr []string
	}{
		{"bad rows", nil, []string{"timelinejs", bad}, 1, []string{
			`bad.csv:row 2: column Month: "13" is not a month 1–12`,
			`bad.csv:row 4: column Month: "0" is not a month 1–12`,
			"dateline: 2 problems in " + bad + "; nothing was written",
		}},
		{"a time in a daylight-saving gap", nil, []string{"timelinesetter", setter}, 1, []string{
			"ts.csv:row 2: column date: 02:30 does not exist in Europe/Paris on that day",
		}},
		{"site.toml that cannot take [[timelines]]", func(t *testing.T, dir string) {
			sitetest.WriteFile(t, filepath.Join(dir, "site.toml"), "title = \"T\"\ntimelines = [{ id = \"journey\", title = \"J\" }]\n")
		}, []string{"timelinejs", good}, 1, []string{"site.toml cannot be safely appended to", "[[timelines]]\nid = \"new-group\"\ntitle = \"New group\""}},
		{"no kind", nil, nil, 2, []string{"say what to import"}},
		{"unknown kind", nil, []string{"timelinejson", good}, 2, []string{`cannot import "timelinejson"; did you mean "timelinejs"?`}},
		{"no file", nil, []string{"timelinejs"}, 2, []string{"name the file to import"}},
		{"missing file", nil, []string{"timelinejs", filepath.Join(in, "nope.json")}, 2, []string{"there is no file"}},
		{"not json or csv", nil, []string{"timelinejs", filepath.Join(in, "x.xlsx")}, 2, []string{"a TimelineJS file is .json"}},
		{"bad --timeline", nil, []string{"timelinejs", good, "--timeline", "Not An Id"}, 2, []string{`--timeline "Not An Id" is not a timeline id`}},
		{"bad --time-zone", nil, []string{"timelinejs", good, "--time-zone", "Mars/Olympus"}, 2, []string{`--time-zone: unknown time zone "Mars/Olympus"`}},
		{"two files", nil, []string{"timelinejs", good, bad}, 2, []string{"import one file at a time"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := importTestSite(t)
			if tc.site != nil {
				tc.site(t, dir)
			}
			before := sitetest.Snapshot(t, dir)
			code, _, stderr := runImportCommand(append(tc.args, "--source", dir)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if !reflect.DeepEqual(sitetest.Snapshot(t, dir), before) {
				t.Error("the site changed")
			}
		})
	}
}

// TestImportTakenBack: a written file that does not check is removed, and
// site.toml cut back to what it was. An event on a timeline that nothing
// declares stands in for a bug in what the import writes.
func TestImportTakenBack(t *testing.T) {
	dir := importTestSite(t)
	good := filepath.Join(t.TempDir(), "good.csv")
	sitetest.WriteFile(t, good, "Year,Headline,Group\n1967,A,New group\n")
	var w importWrite
	w.dir, w.rel = dir, "content/events/good.toml"
	before := sitetest.Snapshot(t, dir)
	res := &timelinejs.Result{TOML: []byte("[[event]]\ntitle = \"A\"\nwhen = \"1967\"\ntimelines = [\"new-group\", \"nowhere\"]\n"),
		Added: []timeline.TimelineDef{{ID: "new-group", Title: "New group"}}}
	if err := w.write(res, "good.csv"); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	err := w.check(context.Background(), &stderr)
	if err == nil || !strings.Contains(err.Error(), "nothing was kept") || !strings.Contains(stderr.String(), `unknown timeline "nowhere"`) {
		t.Errorf("err = %v, stderr %q", err, stderr.String())
	}
	if !reflect.DeepEqual(sitetest.Snapshot(t, dir), before) {
		t.Error("what was written was not all taken back")
	}
}

func TestImportHelp(t *testing.T) {
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"help", "import"}, &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Usage: dateline import timelinejs|timelinesetter FILE", "--time-zone ZONE", "--timeline ID", "--source DIR"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, stdout.String())
		}
	}
}
