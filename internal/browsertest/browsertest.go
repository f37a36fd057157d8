// Package browsertest starts headless Chromium for tests, with the flags
// this project's machines need. Without Chromium a test is skipped with a
// message, unless DATELINE_BROWSER=1 (set by CI) makes that a failure.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// New starts Chromium with a fresh profile and returns a context whose
// target is one tab; it is closed when the test ends.
func New(t testing.TB) context.Context {
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
