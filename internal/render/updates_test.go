package render_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestUpdatesShown renders the example site with a second, earlier update
// added to the parade, whose first status was "expected": its page lists
// both updates oldest first, with the status change, the note's Markdown
// and the sources, and says when it was last updated; the home page, its
// timelines' pages and a person's page mark it as updated, and the home
// and timeline pages say when each timeline last changed.
func TestUpdatesShown(t *testing.T) {
	dir := sitetest.CopyExample(t)
	journey := filepath.Join(dir, "content", "events", "journey.toml")
	src, err := os.ReadFile(journey)
	if err != nil {
		t.Fatal(err)
	}
	const earlier = "[[event.updates]]\nat = 2025-09-02T21:15:00Z\nnote = \"Seating plan *reported* again.\"\n\n"
	text := strings.Replace(string(src), "[[event.updates]]", earlier+"[[event.updates]]", 1)
	if text == string(src) {
		t.Fatal("the example's parade has no update to add one before")
	}
	if err := os.WriteFile(journey, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, pages := renderedSite(t, dir)

	const (
		last    = `<time datetime="2025-09-03T10:30&#43;08:00">Wed 3 Sep 2025, 10:30 Beijing time (UTC&#43;8)</time>`
		lastP   = `<p class="updated">Last updated ` + last + `</p>`
		mark    = `<span class="updated">Updated <time datetime="2025-09-03T10:30&#43;08:00">3 Sep 2025</time></span>`
		current = `<span class="status status-confirmed"><span class="status-symbol" aria-hidden="true">●</span> Confirmed</span>`
	)
	event := page(t, pages, "events/victory-parade/")
	inOrder(t, "events/victory-parade/", event,
		"<h1>Beijing military parade</h1>",
		current, // the current status, at the top
		lastP,
		`<h2 id="updates-title">Updates</h2>`,
		`<ol class="updates">`,
		// The earlier update, written in UTC, on the event's clock; no status change.
		`<h3 class="update-time"><time datetime="2025-09-03T05:15&#43;08:00">Wed 3 Sep 2025, 05:15 Beijing time (UTC&#43;8)</time></h3>`,
		`<div class="note"><p>Seating plan <em>reported</em> again.</p>`,
		`<h3 class="update-time">`+last+`</h3>`,
		`<span class="visually-hidden">Status changed from </span><span class="status status-expected">`,
		`<span aria-hidden="true">→</span><span class="visually-hidden"> to</span> `+current,
		`<p class="sources">Per <a href="https://english.news.cn/" rel="noopener">Xinhua</a>`,
		`</ol>`,
		`<h2 id="reports-title">`,
	)
	if strings.Contains(page(t, pages, "events/arrives-beijing/"), "updated") {
		t.Error("an event without updates is said to be updated")
	}

	home := page(t, pages, "")
	inOrder(t, "home", home,
		`<section class="timeline" id="timeline-journey"`, lastP, `id="event-victory-parade"`, current, mark,
		`<section class="timeline" id="timeline-diplomacy"`, lastP, `id="diplomacy_event-victory-parade"`, current, mark,
		`<section class="timeline" id="timeline-background"`)
	if strings.Contains(home[strings.Index(home, `id="timeline-background"`):], "updated") {
		t.Error("the background timeline, none of whose events has an update, is said to be updated")
	}
	for _, u := range []string{"timelines/journey/", "timelines/diplomacy/"} {
		inOrder(t, u, page(t, pages, u), "<h1>", lastP, `id="event-victory-parade"`, current, mark)
	}
	if strings.Contains(page(t, pages, "timelines/background/"), "updated") {
		t.Error("the background timeline's page says it was updated")
	}
	inOrder(t, "people/kim-jong-un/", page(t, pages, "people/kim-jong-un/"), `id="event-victory-parade"`, current, mark)
}

// inOrder checks that p holds each of parts, one after another.
func inOrder(t *testing.T, name, p string, parts ...string) {
	t.Helper()
	rest := p
	for _, s := range parts {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Errorf("page %s lacks, after what came before, %s", name, s)
			return
		}
		rest = rest[i+len(s):]
	}
}
