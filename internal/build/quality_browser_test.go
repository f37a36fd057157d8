package build

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dateline-ssg/dateline/internal/browsertest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// axeViolation is what the test keeps of one axe-core violation: enough to
// find the rule's documentation and the elements that break it.
type axeViolation struct {
	ID, Impact, Help, HelpURL string
	Nodes                     []struct{ Target, Summary string }
}

// axeResult is the outcome of axe.run on one page; Rules counts the rules
// that ran, so that a run that checked nothing does not pass as clean.
type axeResult struct {
	Violations []axeViolation
	Incomplete []string // rules that need a person to look, with why, of their first node
	Rules      int
}

// runAxe runs axe-core on the whole document and returns its violations
// flattened to plain strings (targets are arrays, nested for iframes and
// shadow DOM). resultTypes limits the nodes axe details to violations,
// which makes it faster on big pages.
const runAxe = `axe.run(document, {resultTypes: ['violations']}).then(r => ({
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target.flat(Infinity).join(' '), summary: n.failureSummary || ''})),
	})),
	incomplete: r.incomplete.map(v => v.id + (v.nodes.length ? ': ' +
		[...v.nodes[0].any, ...v.nodes[0].all, ...v.nodes[0].none].map(c => c.message).join('; ') : '')),
	rules: r.violations.length + r.passes.length + r.incomplete.length + r.inapplicable.length,
}))`

// axeControl is a page with one button without a name, which axe reports
// as a critical violation of its rule button-name.
const axeControl = `<!DOCTYPE html><html lang="en"><title>axe control</title><main><h1>Control</h1><button></button></main>`

// TestQualityInBrowser loads the example site in one headless Chromium and
// checks what the other tests cannot see in the HTML alone:
//
//   - axe-core finds no accessibility violation on any page at 1280×800
//     nor at 375×800 (a phone), where reflow differs, nor on one page of
//     each kind in the dark colour scheme, where contrast differs;
//   - no page scrolls sideways at 375 px;
//   - no request leaves the site (a reader's visit is nobody else's
//     business, and the site must work offline from its own files), and
//     none fails;
//   - screenshots of the home page at both sizes are kept for a person to
//     look at.
//
// One browser and one tab serve every page, and axe is handed to the tab
// once, to keep this to seconds.
func TestQualityInBrowser(t *testing.T) {
	sitetest.Slow(t, "it runs axe-core on every page of the example site in Chromium")
	axeJS, err := os.ReadFile(filepath.Join(browsertest.NPM(t, "axe-core"), "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	dest := buildExample(t)
	var pages []string
	for _, f := range htmlFiles(t, dest) {
		pages = append(pages, servedPath(f))
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(dest)))
	mux.HandleFunc("/axe-control/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, axeControl)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	site, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	requests := watchRequests(t, ctx)
	// axe goes into every new document, iframes included (axe.run checks
	// frames only where axe is loaded), before the page's own scripts.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(axeJS)}); err != nil {
		t.Fatal(err)
	}

	shots, err := os.MkdirTemp("", "dateline-quality-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	// A page known to break a rule, so that a change in axe's results or
	// in runAxe's reading of them cannot make every page pass unseen.
	t.Run("control", func(t *testing.T) {
		requests.on("/axe-control/")
		got := axePage(t, ctx, srv.URL+"/axe-control/")
		if !slices.ContainsFunc(got.Violations, func(v axeViolation) bool { return v.ID == "button-name" && len(v.Nodes) == 1 }) {
			t.Errorf("axe did not report the control page's unnamed button; it reported %+v", got.Violations)
		}
	})
	incomplete := map[string][]string{}
	for _, view := range []struct {
		name          string
		width, height int64
		scheme        string   // prefers-color-scheme
		pages         []string // the pages to check
	}{
		{"1280x800", 1280, 800, "light", pages},
		{"375x800", 375, 800, "light", pages},
		{"375x800 dark", 375, 800, "dark", onePerKind(pages)},
		// The embeddable views, in the frame their code gives them.
		{"600x500 embed", 600, 500, "light", embedPages(pages)},
	} {
		t.Run(view.name, func(t *testing.T) {
			// A plain viewport rather than mobile emulation: on a
			// "mobile" screen Chromium widens the layout viewport to fit
			// content that overflows, which would hide the sideways
			// scrolling this checks.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(view.width, view.height)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: view.scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			for _, p := range view.pages {
				requests.on(p)
				res := axePage(t, ctx, srv.URL+p)
				for _, v := range res.Violations {
					var b strings.Builder
					fmt.Fprintf(&b, "%s: axe %s (%s): %s\n\t%s", p, v.ID, v.Impact, v.Help, v.HelpURL)
					for _, n := range v.Nodes {
						fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
					}
					t.Error(b.String())
				}
				for _, id := range res.Incomplete {
					if !slices.Contains(incomplete[id], p) {
						incomplete[id] = append(incomplete[id], p)
					}
				}
				if view.width <= 375 || strings.HasSuffix(p, "/embed/") {
					if wide := evaluate[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
						t.Errorf("%s scrolls sideways at %d px (scrollWidth %v)", p, view.width, evaluate[float64](t, ctx, `document.documentElement.scrollWidth`))
					}
				}
				if p == "/" {
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					name := filepath.Join(shots, "home-"+strings.ReplaceAll(view.name, " ", "-")+".png")
					if err := os.WriteFile(name, png, 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("screenshot of the home page at %s: %s", view.name, name)
				}
			}
		})
	}
	// Rules axe could not decide (such as the contrast of a symbol, or over
	// an image) are no failure, but a person may want to look.
	for _, id := range slices.Sorted(maps.Keys(incomplete)) {
		t.Logf("axe could not decide %s, on %s", id, strings.Join(incomplete[id], " "))
	}

	t.Run("requests", func(t *testing.T) {
		all := requests.all()
		for _, r := range all {
			u, err := url.Parse(r.url)
			switch {
			case err != nil:
				t.Errorf("%s requested %q: %v", r.page, r.url, err)
			case u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about":
				// Made in the page; nothing is fetched.
			case u.Host != site.Host:
				t.Errorf("%s requested %s from another host", r.page, r.url)
			case r.failed == "HTTP 404" && u.Path == "/favicon.ico":
				// Chromium asks for /favicon.ico on its own when a page
				// names no icon; a site without one is no broken page.
			case r.failed != "":
				t.Errorf("%s requested %s, which failed: %s", r.page, r.url, r.failed)
			}
		}
		if len(all) < len(pages) {
			t.Errorf("saw %d requests for %d pages; the network events were not watched", len(all), len(pages))
		}
	})
}

// axePage loads the page at address u in ctx's tab and runs axe on it.
func axePage(t *testing.T, ctx context.Context, u string) axeResult {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](runAxe, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", u, err)
	}
	if res.Rules == 0 {
		t.Fatalf("%s: axe ran no rules", u)
	}
	return res
}

// onePerKind picks, of the pages in order, the first of each kind, taking
// the first folder of the path and its depth for the kind: the home page,
// /events/…/, /timelines/…/, /timelines/…/2025/ and the 404 page are all
// kinds, so a new kind of page is checked without being listed here.
func onePerKind(pages []string) []string {
	var picked, kinds []string
	for _, p := range pages {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		kind := fmt.Sprint(parts[0], len(parts))
		if !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
			picked = append(picked, p)
		}
	}
	return picked
}

// request is one request the browser made, with the page it was loading
// and, when it failed, why.
type request struct {
	page, url, failed string
}

// requestLog collects the requests of a tab from its network events, which
// arrive on chromedp's reading goroutine, hence the lock.
type requestLog struct {
	mu   sync.Mutex
	page string // the page being loaded, to blame for what follows
	log  []*request
	byID map[network.RequestID]*request
}

// watchRequests enables the network events of ctx's tab and records every
// request it sends from then on, marking failed ones (a network error, or
// an HTTP status of 400 or more).
func watchRequests(t *testing.T, ctx context.Context) *requestLog {
	t.Helper()
	l := &requestLog{byID: map[network.RequestID]*request{}}
	err := chromedp.Listen(ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			r := &request{page: l.page, url: ev.Request.URL}
			l.log = append(l.log, r)
			l.byID[ev.RequestID] = r
		case *network.EventResponseReceived:
			if r := l.byID[ev.RequestID]; r != nil && ev.Response.Status >= 400 {
				r.failed = fmt.Sprintf("HTTP %d", ev.Response.Status)
			}
		case *network.EventLoadingFailed:
			// A request cancelled by the next navigation did not fail.
			if r := l.byID[ev.RequestID]; r != nil && r.failed == "" && !ev.Canceled {
				r.failed = ev.ErrorText
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	return l
}

// on says that the requests from now on are the page's.
func (l *requestLog) on(page string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.page = page
}

// all is a copy of the requests so far.
func (l *requestLog) all() []request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]request, len(l.log))
	for i, r := range l.log {
		out[i] = *r
	}
	return out
}

// embedPages are the embeddable views among pages.
func embedPages(pages []string) []string {
	var out []string
	for _, p := range pages {
		if strings.HasSuffix(p, "/embed/") {
			out = append(out, p)
		}
	}
	return out
}
