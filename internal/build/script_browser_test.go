package build

import (
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

// TestScriptInBrowser runs the built-in script on the example site in
// headless Chromium: the controls it shows, a filter by status that hides
// the other cards and the days left empty, says how many show and puts
// itself in the address, which a reload and Back take back; and "Show
// times in" UTC, which rewrites a known time, is kept for the next visit
// and undone by "local to the event".
func TestScriptInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitetest.CopyExample(t), dest, "/")
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}

	run(chromedp.Navigate(srv.URL + "/"))
	if hidden := evaluate[bool](t, ctx, `document.querySelector('form[data-filters]').hidden || document.querySelector('form[data-time-zone]').hidden`); hidden {
		t.Fatal("the script did not show its controls")
	}
	cards := evaluate[int](t, ctx, `document.querySelectorAll('.events > li').length`)
	// The parade is on two timelines of the home page; the live region
	// counts events, not cards.
	total := evaluate[int](t, ctx, `new Set(Array.from(document.querySelectorAll('.events > li > [id]'), c => c.id.replace(/^[^_]*_/, ''))).size`)
	if total >= cards {
		t.Errorf("%d events in %d cards; the home page no longer shows an event twice", total, cards)
	}
	reported := evaluate[int](t, ctx, `document.querySelectorAll('.events > li > [data-status="reported"]').length`)
	if reported == 0 || reported == cards {
		t.Fatalf("%d of %d cards are reported; the example no longer tells the filter apart", reported, cards)
	}
	visible := `Array.from(document.querySelectorAll('.events > li')).filter(li => li.offsetParent !== null).map(li => li.firstElementChild.dataset.status || li.querySelector('[data-status]').dataset.status)`
	checkFiltered := func(when string) {
		t.Helper()
		shown := evaluate[[]string](t, ctx, visible)
		if len(shown) != reported {
			t.Errorf("%s: %d cards show, want the %d reported", when, len(shown), reported)
		}
		for _, s := range shown {
			if s != "reported" {
				t.Errorf("%s: a %s card shows", when, s)
			}
		}
		if empty := evaluate[int](t, ctx, `Array.from(document.querySelectorAll('.days > .day')).filter(d => d.offsetParent !== null && !d.querySelector('.events > li:not([hidden])')).length`); empty > 0 {
			t.Errorf("%s: %d day headings show with no event under them", when, empty)
		}
		if got, want := evaluate[string](t, ctx, `document.querySelector('.filter-count').textContent`), "of "+itoa(total)+" events shown"; !strings.HasSuffix(got, want) || !strings.HasPrefix(got, itoa(reported)+" ") {
			t.Errorf("%s: the live region says %q", when, got)
		}
		if !evaluate[bool](t, ctx, `document.querySelector('input[name=status][value=reported]').checked`) {
			t.Errorf("%s: the box for reported is not ticked", when)
		}
	}
	run(chromedp.Click(`input[name=status][value=reported]`))
	checkFiltered("after ticking reported")
	if search := evaluate[string](t, ctx, `location.search`); search != "?status=reported" {
		t.Errorf("address query %q, want ?status=reported", search)
	}
	run(chromedp.Reload())
	checkFiltered("after a reload")
	evaluate[bool](t, ctx, `history.back(), true`)
	run(chromedp.Sleep(300 * time.Millisecond))
	if n := len(evaluate[[]string](t, ctx, visible)); n != cards {
		t.Errorf("after Back, %d of %d cards show", n, cards)
	}

	arrival := `document.querySelector('#event-arrives-beijing .when time').textContent`
	dawn := `document.querySelector('#event-crosses-border .when time').textContent`
	setZone := func(v string) {
		t.Helper()
		evaluate[bool](t, ctx, `{const s = document.querySelector('#time-zone'); s.value = '`+v+`'; s.dispatchEvent(new Event('change', {bubbles: true}))}`)
	}
	run(chromedp.Navigate(srv.URL + "/timelines/journey/"))
	local := evaluate[string](t, ctx, arrival)
	if local != "c. 16:00 Beijing time (UTC+8)" {
		t.Fatalf("the arrival reads %q before any choice", local)
	}
	setZone("utc")
	if got := evaluate[string](t, ctx, arrival); got != "c. 08:00 UTC" {
		t.Errorf("in UTC the arrival reads %q, want c. 08:00 UTC", got)
	}
	if got := evaluate[string](t, ctx, dawn); got != "at dawn" {
		t.Errorf("the words written for a time were rewritten to %q", got)
	}
	if search := evaluate[string](t, ctx, `location.search`); search != "?tz=utc" {
		t.Errorf("address query %q, want ?tz=utc", search)
	}
	run(chromedp.Navigate(srv.URL + "/events/arrives-beijing/"))
	if got := evaluate[string](t, ctx, `document.querySelector('.meta .when time').textContent`); !strings.Contains(got, "08:00 UTC") || !strings.Contains(got, "2025") {
		t.Errorf("the next page, without ?tz, shows the arrival as %q; the choice was not kept or the date was lost", got)
	}
	setZone("")
	if got := evaluate[string](t, ctx, `document.querySelector('.meta .when time').textContent`); got != "Tue 2 Sep 2025, c. 16:00 Beijing time (UTC+8)" {
		t.Errorf("local to the event, the arrival reads %q", got)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
