package render_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// newestFirst gives the timeline id of site.toml the order newest-first.
func newestFirst(t *testing.T, toml, id string) string {
	t.Helper()
	decl := "[[timelines]]\nid = \"" + id + "\"\n"
	if !strings.Contains(toml, decl) {
		t.Fatalf("site.toml declares no timeline %q as %q", id, decl)
	}
	return strings.Replace(toml, decl, decl+"order = \"newest-first\"\n", 1)
}

// journeyEvents is an event file of n more events on the journey, one a
// day from 10 September 2025, every third of them a key moment.
func journeyEvents(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[event]]\nid = \"later-%d\"\ntitle = \"Later %d\"\nwhen = \"2025-09-%02dT12:00\"\ntimelines = [\"journey\"]\nstatus = \"reported\"\nkey = %v\n\n",
			i, i, 10+i, i%3 == 0)
	}
	return b.String()
}

var (
	dayHeadingRE = regexp.MustCompile(`class="day-heading" id="([^"]+)"`)
	cardRE       = regexp.MustCompile(`<article class="event[^"]*" id="([^"]+)"`)
)

func all(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestNewestFirst: a timeline with order = "newest-first" lists its days
// from the latest and each day's events from the latest, on its page, its
// section of the home page and its archive's pages, and still says when
// it last changed; other timelines keep the order of dates.
func TestNewestFirst(t *testing.T) {
	dir := sitetest.CopyExample(t)
	toml := filepath.Join(dir, "site.toml")
	sitetest.WriteFile(t, toml, newestFirst(t, sitetest.ReadFile(t, toml), "journey"))
	_, pages := renderedSite(t, dir)

	p := page(t, pages, "timelines/journey/")
	if got, want := all(dayHeadingRE, p), []string{"day-2025-09-03", "day-2025-09-02", "day-2025-09-01"}; !slices.Equal(got, want) {
		t.Errorf("journey's days = %v, want %v", got, want)
	}
	if got, want := all(cardRE, p), []string{"event-victory-parade", "event-arrives-beijing", "event-crosses-border", "event-leaves-pyongyang"}; !slices.Equal(got, want) {
		t.Errorf("journey's events = %v, want %v", got, want)
	}
	if !strings.Contains(p, "about 11 hours earlier") || strings.Contains(p, "hours later") {
		t.Error("the gap between the crossing and the arrival does not read back from the arrival")
	}
	if !strings.Contains(p, `<p class="updated">Last updated <time`) {
		t.Error("a newest-first timeline's page does not say when it last changed")
	}
	if !strings.Contains(p, "the latest first") {
		t.Error("the page does not say its events run from the latest")
	}
	idx := strings.Index(p, `href="#day-2025-09-03"`)
	if idx < 0 || idx > strings.Index(p, `href="#day-2025-09-01"`) {
		t.Error("the index of dates does not run from the latest day")
	}

	home := page(t, pages, "")
	journey := home[strings.Index(home, `id="timeline-journey"`):strings.Index(home, `id="timeline-diplomacy"`)]
	if got, want := all(dayHeadingRE, journey), []string{"journey_day-2025-09-03", "journey_day-2025-09-02", "journey_day-2025-09-01"}; !slices.Equal(got, want) {
		t.Errorf("journey's days on the home page = %v, want %v", got, want)
	}
	diplomacy := page(t, pages, "timelines/diplomacy/")
	if days := all(dayHeadingRE, diplomacy); !slices.IsSorted(days) {
		t.Errorf("diplomacy, oldest first, lists its days as %v", days)
	}

	// On an archive's page, the month's events run newest first too.
	sitetest.WriteFile(t, toml, "page_size = 3\n"+sitetest.ReadFile(t, toml))
	_, pages = renderedSite(t, dir)
	month := page(t, pages, "timelines/journey/2025/09/")
	if got := all(cardRE, month); len(got) < 2 || got[0] != "event-arrives-beijing" && got[0] != "event-victory-parade" {
		t.Errorf("the archive's first page lists %v, not the latest first", got)
	}
}

// TestKeyMoments: a key event is labelled in words wherever a list or
// its page shows it, and a timeline of more than ten events opens with
// its key moments, linking to their cards, in its order.
func TestKeyMoments(t *testing.T) {
	dir := sitetest.CopyExample(t)
	_, pages := renderedSite(t, dir)
	for _, u := range []string{"timelines/journey/", "", "events/arrives-beijing/", "tags/rail/"} {
		p := page(t, pages, u)
		if !strings.Contains(p, `<strong class="key-mark"><span aria-hidden="true">★ </span>Key moment</strong>`) {
			t.Errorf("page %q does not label the arrival a key moment", u)
		}
	}
	if strings.Count(page(t, pages, "timelines/journey/"), "Key moment") != 1 {
		t.Error("the journey labels another event than the arrival, or shows key moments with four events")
	}
	if !strings.Contains(page(t, pages, "timelines/journey/"), `<article class="event key" id="event-arrives-beijing"`) {
		t.Error("the arrival's card is not marked key")
	}

	toml := filepath.Join(dir, "site.toml")
	sitetest.WriteFile(t, toml, newestFirst(t, sitetest.ReadFile(t, toml), "journey"))
	sitetest.WriteFile(t, filepath.Join(dir, "content", "events", "more.toml"), journeyEvents(12))
	_, pages = renderedSite(t, dir)
	p := page(t, pages, "timelines/journey/")
	start := strings.Index(p, `<section class="key-moments"`)
	if start < 0 {
		t.Fatal("a journey of 16 events with key moments does not list them")
	}
	section := p[start : start+strings.Index(p[start:], "</section>")]
	links := all(regexp.MustCompile(`<a href="#(event-[^"]+)"`), section)
	want := []string{"event-later-9", "event-later-6", "event-later-3", "event-later-0", "event-arrives-beijing"}
	if !slices.Equal(links, want) {
		t.Errorf("key moments = %v, want %v", links, want)
	}
	if strings.Index(p, `class="key-moments"`) > strings.Index(p, `class="days"`) {
		t.Error("the key moments come after the list")
	}
	// A short timeline has no such list.
	if strings.Contains(page(t, pages, "timelines/diplomacy/"), "key-moments") {
		t.Error("the diplomacy timeline lists key moments")
	}
}

// TestFilterControls: the filters and the choice of zone are in the
// page, hidden until the script shows them, so no dead control shows
// without JavaScript; links to the pages of each value work without it;
// cards and lines carry what the script filters by.
func TestFilterControls(t *testing.T) {
	_, pages := renderedSite(t, sitetest.CopyExample(t))
	home := page(t, pages, "")
	doc, err := html.Parse(strings.NewReader(home))
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]bool{}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "form" {
			continue
		}
		attr := map[string]bool{}
		for _, a := range n.Attr {
			attr[a.Key] = true
		}
		if !attr["hidden"] {
			t.Errorf("a form shows without JavaScript: %v", n.Attr)
		}
		for _, k := range []string{"data-filters", "data-time-zone"} {
			if attr[k] {
				forms[k] = true
			}
		}
	}
	if !forms["data-filters"] || !forms["data-time-zone"] {
		t.Errorf("the home page lacks a form: %v", forms)
	}
	for _, want := range []string{
		`<legend>Status</legend>`, `<input type="checkbox" name="status" value="reported"> Reported</label>`,
		`<label for="filter-tag">Tag</label>`, `<option value="north-korea">north-korea</option>`,
		`<label for="filter-person">Person</label>`, `<legend>Timeline</legend>`,
		`<p class="filter-count" role="status" aria-live="polite"></p>`,
		`<a href="/dateline/status/reported/">Reported</a>`, `<a href="/dateline/tags/rail/">rail</a>`,
		`id="event-arrives-beijing" data-status="confirmed" data-tags="north-korea china rail" data-people="kim-jong-un choe-son-hui" data-timelines="journey">`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
	status := page(t, pages, "status/reported/")
	if !strings.Contains(status, "<h1>Status: Reported</h1>") || !strings.Contains(status, `data-status="reported"`) {
		t.Error("the page of reported events does not list them")
	}
	if !strings.Contains(page(t, pages, "events/arrives-beijing/"), `<a href="/dateline/status/confirmed/">`) {
		t.Error("an event's status does not link to its page")
	}
	if !strings.Contains(page(t, pages, "tags/rail/"), `class="event-line key" id="event-arrives-beijing" data-status="confirmed"`) {
		t.Error("a tag page's lines lack their data")
	}
}
