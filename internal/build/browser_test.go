package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/dateline-ssg/dateline/internal/browsertest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestPagesInBrowser opens the example site's main pages in headless
// Chromium and checks what a reader gets: no sideways scrolling at 320 px,
// the stylesheet applied, nothing fetched from another host, a dark theme
// when the system asks for one, and a print layout without navigation.
func TestPagesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitetest.CopyExample(t), dest, "/")
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 800)); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/", "/timelines/journey/", "/events/arrives-beijing/", "/articles/why-kims-trip-matters/", "/tags/", "/people/kim-jong-un/", "/404.html"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if wide := evaluate[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
			t.Errorf("%s scrolls sideways at 320 px (scrollWidth %v)", page, evaluate[float64](t, ctx, `document.documentElement.scrollWidth`))
		}
		if pos := evaluate[string](t, ctx, `getComputedStyle(document.querySelector('.skip')).position`); pos != "absolute" {
			t.Errorf("%s: the stylesheet is not applied (.skip is %q)", page, pos)
		}
		for _, u := range evaluate[[]string](t, ctx, `performance.getEntriesByType('resource').map(e => e.name)`) {
			if !strings.HasPrefix(u, srv.URL+"/") {
				t.Errorf("%s requested %s from another host", page, u)
			}
		}
	}

	background := func(media string, features ...*emulation.MediaFeature) string {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media, Features: features}); err != nil {
			t.Fatal(err)
		}
		return evaluate[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	}
	light := background("", &emulation.MediaFeature{Name: "prefers-color-scheme", Value: "light"})
	dark := background("", &emulation.MediaFeature{Name: "prefers-color-scheme", Value: "dark"})
	if light == dark {
		t.Errorf("dark mode leaves the background %s", light)
	}
	background("print")
	if nav := evaluate[string](t, ctx, `getComputedStyle(document.querySelector('.site-header nav')).display`); nav != "none" {
		t.Errorf("print layout shows the site navigation (display %q)", nav)
	}
}

func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestArchivePagesInBrowser opens the pages a big site gets (archives by
// decade, year, month and part, numbered article pages) of the example
// site built with a page size of 1, at 320 px: the rows of decades and
// parts wrap instead of scrolling sideways, the current decade is marked
// for assistive technology, and its counts are read as events.
func TestArchivePagesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	src := sitetest.CopyExample(t)
	config := filepath.Join(src, "site.toml")
	sitetest.WriteFile(t, config, "page_size = 1\n"+sitetest.ReadFile(t, config))
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest, "/")
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 800)); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/timelines/journey/", "/timelines/journey/2020s/", "/timelines/journey/2025/09/2/", "/tags/north-korea/", "/articles/2/"} {
		resp, err := http.Get(srv.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s; the page size no longer makes this page", page, resp.Status)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if wide := evaluate[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
			t.Errorf("%s scrolls sideways at 320 px (scrollWidth %v)", page, evaluate[float64](t, ctx, `document.documentElement.scrollWidth`))
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/timelines/journey/2020s/")); err != nil {
		t.Fatal(err)
	}
	if got := evaluate[string](t, ctx, `document.querySelector('.axis [aria-current="page"]').textContent`); got != "2020s" {
		t.Errorf("the current decade marked is %q, want 2020s", got)
	}
	if got := evaluate[string](t, ctx, `document.querySelector('.axis li').innerText.replace(/\s+/g, ' ').trim()`); !strings.Contains(got, "2020s") {
		t.Errorf("axis entry reads %q", got)
	}
	if hidden := evaluate[string](t, ctx, `getComputedStyle(document.querySelector('.axis .visually-hidden')).position`); hidden != "absolute" {
		t.Errorf("the words after each count are shown (position %q); they are for screen readers", hidden)
	}
}
