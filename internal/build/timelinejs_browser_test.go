package build

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dateline-ssg/dateline/internal/browsertest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// timelineJSPage is the page that shows a TimelineJS file: the way the
// TimelineJS docs embed a timeline, with the library served from
// node_modules (at /__tl/dist/) instead of its CDN. script_path points
// what else it loads (languages) there too, and font: null keeps it from
// loading a font stylesheet, as every one of them fetches Google Fonts.
// DATA is replaced by
// the address of the JSON. Errors TimelineJS throws outside its own
// message box are kept in window.errors.
const timelineJSPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TimelineJS</title>
<link rel="stylesheet" href="/__tl/dist/css/timeline.css">
<script src="/__tl/dist/js/timeline.js"></script>
</head>
<body>
<div id="timeline-embed" style="width: 1000px; height: 600px"></div>
<script>
window.errors = [];
window.addEventListener("error", e => window.errors.push(String(e.message)));
window.loaded = false;
window.timeline = new TL.Timeline("timeline-embed", DATA, {script_path: location.origin + "/__tl/dist/js/", font: null});
window.timeline.on("loaded", () => { window.loaded = true; });
</script>
</body>
</html>
`

// TestTimelineJSInBrowser loads the example site's timeline.json (the
// whole site's and each timeline's) into the real TimelineJS, pinned in
// testdata/npm, in headless Chromium: TimelineJS must accept the file and
// make a slide per event, whose text shows the event's headline and
// display date. A copy whose dates are broken must make TimelineJS show
// its error instead, so the test can tell the two apart.
func TestTimelineJSInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dist := filepath.Join(browsertest.NPM(t, "@knight-lab/timelinejs"), "dist")
	src := sitetest.CopyExample(t)
	dest := buildOutputs(t, src, "/")
	site := model(t, src, "/")

	pages := t.TempDir()
	for _, sc := range scopes(site) {
		sitetest.WriteFile(t, filepath.Join(pages, sc.dir, "index.html"),
			strings.Replace(timelineJSPage, "DATA", `"/`+sc.dir+`timeline.json"`, 1))
	}
	// Broken copies of timeline.json: one whose first event has no
	// start_date, which every TimelineJS event needs, and one cut short.
	var broken map[string]any
	if err := json.Unmarshal(readOutput(t, dest, "timeline.json"), &broken); err != nil {
		t.Fatal(err)
	}
	delete(broken["events"].([]any)[0].(map[string]any), "start_date")
	undated, err := json.Marshal(broken)
	if err != nil {
		t.Fatal(err)
	}
	whole := readOutput(t, dest, "timeline.json")
	for name, data := range map[string]string{"undated": string(undated), "truncated": string(whole[:len(whole)/2])} {
		sitetest.WriteFile(t, filepath.Join(dest, name+".json"), data)
		sitetest.WriteFile(t, filepath.Join(pages, name, "index.html"), strings.Replace(timelineJSPage, "DATA", `"/`+name+`.json"`, 1))
	}

	mux := http.NewServeMux()
	mux.Handle("/__tl/dist/", http.StripPrefix("/__tl/dist/", http.FileServer(http.Dir(dist))))
	mux.Handle("/__tl/", http.StripPrefix("/__tl/", http.FileServer(http.Dir(pages))))
	mux.Handle("/", http.FileServer(http.Dir(dest)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// slide is what the test reads of each of TimelineJS's slides: its
	// data's unique_id (none for the title slide) and the text its DOM
	// shows. Slides are all built when the timeline loads; only their
	// media load lazily.
	type slide struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	}
	const readSlides = `window.timeline._storyslider._slides.map(s => ({id: s.data.unique_id || "", text: s._el.container.textContent}))`

	open := func(t *testing.T, page string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
	}
	waitFor := func(t *testing.T, what, js string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !evaluate[bool](t, ctx, js) {
			if time.Now().After(deadline) {
				t.Fatalf("after 10s, still not %s; errors: %v; message: %q; page: %q", what,
					evaluate[[]string](t, ctx, `window.errors`), evaluate[string](t, ctx, messageText),
					evaluate[string](t, ctx, `document.body.innerText.slice(0, 500)`))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	for _, sc := range scopes(site) {
		rel := sc.dir + "timeline.json"
		t.Run(rel, func(t *testing.T) {
			var file tjsTimeline
			if err := json.Unmarshal(readOutput(t, dest, rel), &file); err != nil {
				t.Fatal(err)
			}
			open(t, "/__tl/"+sc.dir)
			waitFor(t, "loaded", `window.loaded && window.timeline._storyslider._slides.length > 0`)
			if errs := evaluate[[]string](t, ctx, `window.errors`); len(errs) > 0 {
				t.Errorf("errors on the page: %q", errs)
			}
			if msg := evaluate[string](t, ctx, messageText); strings.Contains(msg, "Error") {
				t.Errorf("TimelineJS shows an error: %q", msg)
			}
			slides := evaluate[[]slide](t, ctx, readSlides)
			if len(slides) != len(sc.events)+1 {
				t.Fatalf("TimelineJS made %d slides, want a title slide and %d events", len(slides), len(sc.events))
			}
			title := sc.title
			if title == "" {
				title = site.Config.Title
			}
			if !strings.Contains(slides[0].Text, title) {
				t.Errorf("title slide %q lacks %q", slides[0].Text, title)
			}
			byID := map[string]string{}
			for _, s := range slides[1:] {
				byID[s.ID] = s.Text
			}
			display := map[string]string{}
			for _, s := range file.Events {
				display[s.UniqueID] = html.UnescapeString(s.DisplayDate)
			}
			for _, e := range sc.events {
				text, ok := byID[e.ID]
				if !ok {
					t.Errorf("no slide of event %q", e.ID)
					continue
				}
				if !strings.Contains(text, e.Title) {
					t.Errorf("slide %q does not show the headline %q: %q", e.ID, e.Title, text)
				}
				if d := display[e.ID]; d == "" || !strings.Contains(text, d) {
					t.Errorf("slide %q does not show the display date %q: %q", e.ID, d, text)
				}
			}
			for _, u := range evaluate[[]string](t, ctx, `performance.getEntriesByType('resource').map(e => e.name)`) {
				if !strings.HasPrefix(u, srv.URL+"/") {
					t.Errorf("TimelineJS requested %s from another host", u)
				}
			}
		})
	}

	// TimelineJS drops an event without a start date and carries on, so
	// the count of slides is what tells a broken file: the check above
	// would fail on this one.
	t.Run("undated copy", func(t *testing.T) {
		open(t, "/__tl/undated/")
		waitFor(t, "loaded", `window.loaded && window.timeline._storyslider._slides.length > 0`)
		if n := evaluate[int](t, ctx, `window.timeline._storyslider._slides.length`); n == len(site.Events)+1 {
			t.Errorf("TimelineJS made %d slides of a file with an undated event, as of a good one", n)
		}
	})
	t.Run("truncated copy", func(t *testing.T) {
		open(t, "/__tl/truncated/")
		waitFor(t, "showing an error", messageText+`.includes("Error")`)
	})
}

// messageText is the text of TimelineJS's message box, where it reports
// a file it cannot show.
const messageText = `(document.querySelector(".tl-message-content") || {textContent: ""}).textContent`
