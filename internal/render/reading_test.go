package render_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// renderedSite prepares the site in dir with the built-in templates and
// renders every page, by its address below the base path. It fingerprints
// every page too, as live preview does, which panics on page data that
// cannot be hashed (a map not keyed by strings).
func renderedSite(t *testing.T, dir string) (*build.Site, map[string]string) {
	t.Helper()
	site, err := build.Prepare(os.DirFS(dir), build.Options{Source: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	var buf bytes.Buffer
	for _, p := range site.Pages {
		site.Renderer.Fingerprint(p) // panics on data it cannot hash
		buf.Reset()
		if err := site.Renderer.Render(&buf, p); err != nil {
			t.Fatalf("%s: %v", p.URL, err)
		}
		pages[p.URL] = buf.String()
	}
	return site, pages
}

// ids lists what a fragment may name on a page (ids, and the names of <a>
// elements), with how many elements carry each.
func ids(doc *html.Node) map[string]int {
	out := map[string]int{}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "id" || n.Type == html.ElementNode && n.Data == "a" && a.Key == "name" {
				out[a.Val]++
			}
		}
	}
	return out
}

// TestExampleIDsAndFragments renders the example site, with a page size
// that keeps every list on one page and with one that archives them, and
// checks that no page has an id twice (an event on two timelines of the
// home page was) and that every link to a fragment of a page of the site
// names an id on that page.
func TestExampleIDsAndFragments(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		newest       bool   // the journey listed newest first
		more         string // more events on the journey, for its key moments
	}{
		{"whole", "", false, ""},
		{"archived", "page_size = 2\n", false, ""},
		{"newest first", "", true, ""},
		{"long", "", true, journeyEvents(12)},
		{"long and archived", "page_size = 5\n", true, journeyEvents(12)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sitetest.CopyExample(t)
			toml := filepath.Join(dir, "site.toml")
			if tc.config != "" {
				sitetest.WriteFile(t, toml, tc.config+sitetest.ReadFile(t, toml))
			}
			if tc.newest {
				sitetest.WriteFile(t, toml, newestFirst(t, sitetest.ReadFile(t, toml), "journey"))
			}
			if tc.more != "" {
				sitetest.WriteFile(t, filepath.Join(dir, "content", "events", "more.toml"), tc.more)
			}
			site, pages := renderedSite(t, dir)
			base := site.Renderer.BasePath()
			docs := map[string]*html.Node{}
			idsOf := map[string]map[string]int{}
			for u, text := range pages {
				doc, err := html.Parse(strings.NewReader(text))
				if err != nil {
					t.Fatalf("%s: %v", u, err)
				}
				docs[u], idsOf[u] = doc, ids(doc)
				for id, n := range idsOf[u] {
					if n > 1 {
						t.Errorf("page %q has %d elements with id %q", base+u, n, id)
					}
				}
			}
			fragments := 0
			for u, doc := range docs {
				from := &url.URL{Path: base + u}
				for n := range doc.Descendants() {
					for _, a := range n.Attr {
						if a.Key != "href" || !strings.Contains(a.Val, "#") {
							continue
						}
						ref, err := url.Parse(a.Val)
						if err != nil || ref.Scheme != "" || ref.Host != "" {
							continue // not a page of the site
						}
						abs := from.ResolveReference(ref)
						target, ok := strings.CutPrefix(abs.Path, base)
						if !ok {
							t.Errorf("%s: %q leaves the site", base+u, a.Val)
							continue
						}
						fragments++
						if idsOf[target] == nil {
							t.Errorf("%s: %q leads to no page", base+u, a.Val)
						} else if idsOf[target][abs.Fragment] == 0 {
							t.Errorf("%s: %q names no id on %s", base+u, a.Val, abs.Path)
						}
					}
				}
			}
			if fragments == 0 {
				t.Error("no link to a fragment was checked")
			}
			// Each list's index of dates links to its day headings: on the
			// home page to the ids its timeline's section qualifies.
			if tc.config == "" {
				for u, want := range map[string]string{"timelines/journey/": `href="#day-2025-09-02"`, "": `href="#journey_day-2025-09-02"`} {
					if !strings.Contains(pages[u], want) {
						t.Errorf("page %q has no index link %s", base+u, want)
					}
				}
			}
			// The parade is on two timelines of the home page: its first
			// place keeps the plain id, the second is qualified.
			home := idsOf[""]
			for _, id := range []string{"event-victory-parade", "diplomacy_event-victory-parade"} {
				if tc.config == "" && home[id] != 1 {
					t.Errorf("the home page has %d elements with id %q, want 1", home[id], id)
				}
			}
		})
	}
}

// page is the rendered page at u, below the base path.
func page(t *testing.T, pages map[string]string, u string) string {
	t.Helper()
	p, ok := pages[u]
	if !ok {
		t.Fatalf("no page %q", u)
	}
	return p
}

// TestDayGroupsDoNotRepeatTheDay: under a day heading a card or line
// shows only what the heading does not say (the time, its approximation
// and zone, the words written for it), while an event's own page, and
// its neighbours named there, keep the whole date.
func TestDayGroupsDoNotRepeatTheDay(t *testing.T) {
	_, pages := renderedSite(t, sitetest.CopyExample(t))
	for _, tc := range []struct {
		url          string
		want, absent []string
	}{
		{"", []string{
			`<time datetime="2025-09-02">Tuesday 2 September 2025</time>`,
			`<span class="when"><time datetime="2025-09-02T16:00&#43;08:00">c. 16:00 Beijing time (UTC&#43;8)</time></span>`,
			`<span class="when"><time datetime="2025-09-02T05:00&#43;08:00">at dawn</time></span>`,
			`<span class="when"><time datetime="2025-09">during the visit (date not given)</time></span>`,
			`<p class="meta"><span class="place">Pyongyang</span> · `,
		}, []string{"Tue 2 Sep 2025", "Mon 1 Sep 2025", ">2011</time></span>", "September 2025, during"}},
		{"timelines/journey/", []string{`>c. 16:00 Beijing time (UTC&#43;8)</time>`}, []string{"Tue 2 Sep 2025"}},
		{"people/kim-jong-un/", []string{
			`<span class="meta"><time datetime="2025-09-02">earlier in the day</time> · Seoul · `,
			`<span class="meta">Moscow · `,
		}, []string{"Tue 2 Sep 2025", "Wed 3 Sep 2025"}},
		{"events/arrives-beijing/", []string{
			`<span class="when"><time datetime="2025-09-02T16:00&#43;08:00">Tue 2 Sep 2025, c. 16:00 Beijing time (UTC&#43;8)</time></span>`,
			`(Tue 2 Sep 2025, at dawn)`, // the neighbour before it
		}, nil},
		{"events/leaves-pyongyang/", []string{`<time datetime="2025-09-01">Mon 1 Sep 2025</time>`}, nil},
	} {
		p := page(t, pages, tc.url)
		for _, s := range tc.want {
			if !strings.Contains(p, s) {
				t.Errorf("page %q lacks %s", tc.url, s)
			}
		}
		// The time axis names each mark by its full date, as a mark
		// stands alone; the lists are what must not repeat the day.
		if start, end := strings.Index(p, `<figure class="time-axis">`), strings.Index(p, "</figure>"); start >= 0 && end > start {
			p = p[:start] + p[end:]
		}
		for _, s := range tc.absent {
			if strings.Contains(p, s) {
				t.Errorf("page %q holds %s", tc.url, s)
			}
		}
	}
}

// TestMonthHeadsItsDays: on the person page, the event known only to
// September 2025 comes before the days of September, not between them.
func TestMonthHeadsItsDays(t *testing.T) {
	_, pages := renderedSite(t, sitetest.CopyExample(t))
	p := page(t, pages, "people/kim-jong-un/")
	var headings []string
	for _, m := range regexp.MustCompile(`<h3 class="day-heading" id="day-([^"]*)"><time datetime="([^"]*)"`).FindAllStringSubmatch(p, -1) {
		if m[1] != m[2] {
			t.Errorf("heading of %s has the id day-%s", m[2], m[1])
		}
		headings = append(headings, m[2])
	}
	want := []string{"2011", "2025-09", "2025-09-01", "2025-09-02", "2025-09-03"}
	if strings.Join(headings, " ") != strings.Join(want, " ") {
		t.Errorf("day headings = %v, want %v", headings, want)
	}
}

// TestTimesInUTC: a time in UTC reads "14:00 UTC" on every page that
// shows it, in lists and on its own page, with and without a day heading.
func TestTimesInUTC(t *testing.T) {
	dir := sitetest.CopyExample(t)
	sitetest.WriteFile(t, filepath.Join(dir, "content", "events", "utc.toml"), `[[event]]
id = "statement"
title = "A statement in UTC"
when = "2025-09-02T14:00"
end = "2025-09-02T15:30"
time_zone = "UTC"
timelines = ["diplomacy"]
status = "reported"
sources = [{ name = "Wire" }]
`)
	_, pages := renderedSite(t, dir)
	for _, tc := range []struct{ url, want string }{
		{"", `<time datetime="2025-09-02T14:00Z">14:00 UTC</time> – <time datetime="2025-09-02T15:30Z">15:30 UTC</time> <span class="duration">(1 hour 30 minutes)</span>`},
		{"timelines/diplomacy/", `>14:00 UTC</time>`},
		{"events/statement/", `<time datetime="2025-09-02T14:00Z">Tue 2 Sep 2025, 14:00 UTC</time> – <time datetime="2025-09-02T15:30Z">Tue 2 Sep 2025, 15:30 UTC</time>`},
		{"events/kremlin-summit-remarks/", `(Tue 2 Sep 2025, 14:00 UTC)`}, // its neighbour after
	} {
		p := page(t, pages, tc.url)
		if !strings.Contains(p, tc.want) {
			t.Errorf("page %q lacks %s", tc.url, tc.want)
		}
		if strings.Contains(p, "UTC+0") || strings.Contains(p, "UTC&#43;0") {
			t.Errorf("page %q writes UTC as an offset of zero", tc.url)
		}
	}
}

// TestRangesUnderDayHeading: under the day heading of its start, a range
// gives its end's time alone when it ends that day, and its whole date
// when it ends on another.
func TestRangesUnderDayHeading(t *testing.T) {
	dir := sitetest.CopyExample(t)
	event := func(id, when, end string) string {
		return "[[event]]\nid = \"" + id + "\"\ntitle = \"" + id + "\"\nwhen = \"" + when + "\"\nend = \"" + end +
			"\"\ntime_zone = \"UTC\"\ntimelines = [\"background\"]\n\n"
	}
	sitetest.WriteFile(t, filepath.Join(dir, "content", "events", "ranges.toml"),
		event("overnight", "2025-09-02T14:00", "2025-09-03T10:00")+
			event("days", "2025-09-04", "2025-09-06")+
			event("one-day", "2025-09-08", "2025-09-08")+
			event("hours", "2025-09-09T09:00", "2025-09-09T11:00"))
	_, pages := renderedSite(t, dir)
	p := page(t, pages, "timelines/background/")
	for _, want := range []string{
		`<span class="when"><time datetime="2025-09-02T14:00Z">14:00 UTC</time> – <time datetime="2025-09-03T10:00Z">Wed 3 Sep 2025, 10:00 UTC</time> <span class="duration">(20 hours)</span></span>`,
		`<span class="when">until <time datetime="2025-09-06">Sat 6 Sep 2025</time> <span class="duration">(3 days)</span></span>`,
		`<span class="when"><span class="duration">(1 day)</span></span>`,
		`<span class="when"><time datetime="2025-09-09T09:00Z">09:00 UTC</time> – <time datetime="2025-09-09T11:00Z">11:00 UTC</time> <span class="duration">(2 hours)</span></span>`,
	} {
		if !strings.Contains(p, want) {
			t.Errorf("the background timeline lacks %s", want)
		}
	}
}
