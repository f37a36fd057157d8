package serve

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dateline-ssg/dateline/internal/browsertest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// pageText polls the page's visible text until ok accepts it.
func pageText(t *testing.T, ctx context.Context, what string, ok func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err == nil {
			last = text
			if ok(text) {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s; page text: %.500s", what, last)
}

// TestBrowserLiveReload opens the site in Chromium and edits its source:
// the page reloads by itself, shows an overlay for a broken file and drops
// it once the file is fixed.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t)
	src := sitetest.CopyExample(t)
	ls := startServer(t, src, 0)
	if err := chromedp.Do(ctx, chromedp.Navigate(ls.url+"/")); err != nil {
		t.Fatal(err)
	}
	pageText(t, ctx, "the home page shows", func(s string) bool { return strings.Contains(s, "The journey") })
	// The client must be connected before the edit, or the edit reaches it
	// only as the state of a later connection.
	eventually(t, "the page's client connects", func() bool {
		ls.mu.Lock()
		defer ls.mu.Unlock()
		return len(ls.clients) > 0
	})

	journey := filepath.Join(src, "content/events/journey.toml")
	original := sitetest.ReadFile(t, journey)
	atomicSave(t, journey, strings.Replace(original, `title = "`, `title = "Live edit works: `, 1))
	pageText(t, ctx, "the new title appears", func(s string) bool { return strings.Contains(s, "Live edit works: ") })

	atomicSave(t, journey, "[[event]]\ntitle = \"unterminated\n")
	pageText(t, ctx, "the error overlay appears", func(s string) bool {
		return strings.Contains(s, "Build failed") && strings.Contains(s, "content/events/journey.toml:2:") &&
			strings.Contains(s, `title = "unterminated`)
	})

	atomicSave(t, journey, original)
	pageText(t, ctx, "the overlay goes", func(s string) bool {
		return !strings.Contains(s, "Build failed") && strings.Contains(s, "The journey") && !strings.Contains(s, "Live edit works: ")
	})
}

// TestBrowserFirstBuildFails opens a site whose first build failed: the
// page lists the problems as the overlay does, lists them anew after
// another failing edit, and becomes the site once it builds.
func TestBrowserFirstBuildFails(t *testing.T) {
	ctx := browsertest.New(t)
	src := sitetest.CopyExample(t)
	journey := filepath.Join(src, "content/events/journey.toml")
	original := sitetest.ReadFile(t, journey)
	sitetest.WriteFile(t, journey, "[[event]]\ntitle = \"unterminated\n")
	ls := startServer(t, src, 0)
	if err := chromedp.Do(ctx, chromedp.Navigate(ls.url+"/dateline/events/leaves-pyongyang/")); err != nil {
		t.Fatal(err)
	}
	pageText(t, ctx, "the problems show", func(s string) bool {
		return strings.Contains(s, "Build failed: the site has not built yet") &&
			strings.Contains(s, "content/events/journey.toml:2:") && strings.Contains(s, `title = "unterminated`)
	})
	eventually(t, "the page's client connects", func() bool {
		ls.mu.Lock()
		defer ls.mu.Unlock()
		return len(ls.clients) > 0
	})

	// The client lists the new problems in the same place, with the same title.
	atomicSave(t, journey, "[[event]]\ntitle = \"A\"\ntittle = \"B\"\n")
	pageText(t, ctx, "the new problems show", func(s string) bool {
		return strings.Contains(s, "Build failed: the site has not built yet") &&
			strings.Contains(s, "content/events/journey.toml:3:") && !strings.Contains(s, "unterminated")
	})

	atomicSave(t, journey, original)
	pageText(t, ctx, "the event's page shows", func(s string) bool {
		return !strings.Contains(s, "Build failed") && strings.Contains(s, "Pyongyang")
	})
}
