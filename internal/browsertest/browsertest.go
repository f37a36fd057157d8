// Package browsertest starts headless Chromium for tests, with the flags
// this project's machines need, and finds the JavaScript packages those
// tests load (NPM). Without Chromium or a package a test is skipped with a
// message, unless DATELINE_BROWSER=1 (set by CI) makes that a failure.
package browsertest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
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

// npmDir is where `npm ci` installs the packages of package.json and
// package-lock.json, relative to the module's root. It is below testdata
// so that the go tool never looks into node_modules.
const npmDir = "internal/browsertest/testdata/npm"

// NPM returns the folder of the npm package pkg (such as
// "@knight-lab/timelinejs") installed in testdata/npm/node_modules. A test
// is skipped when it is missing, with the command that installs it, unless
// DATELINE_BROWSER=1 makes that a failure: browser tests load their
// libraries from there, never from a CDN.
func NPM(t testing.TB, pkg string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, filepath.FromSlash(npmDir), "node_modules", filepath.FromSlash(pkg))
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		msg := "npm package " + pkg + " not installed; run npm ci --ignore-scripts --prefix " + npmDir
		if os.Getenv("DATELINE_BROWSER") == "1" {
			t.Fatalf("DATELINE_BROWSER=1 but %s (%v)", msg, err)
		}
		t.Skip(msg + ", or set DATELINE_BROWSER=1 to make this a failure")
	}
	return dir
}

// moduleRoot is the folder holding go.mod above the working folder, which
// go test sets to the test's package folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
}
