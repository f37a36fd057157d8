package serve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newBrowser starts headless Chromium, or skips the test when there is none
// (unless DATELINE_BROWSER=1 demands it).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("DATELINE_BROWSER") == "1" {
			t.Fatalf("DATELINE_BROWSER=1 but no chromium: %v", err)
		}
		t.Skip("chromium not installed; set DATELINE_BROWSER=1 to make this a failure")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

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
	ctx := newBrowser(t)
	src := copySite(t)
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
	original := readFile(t, journey)
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
