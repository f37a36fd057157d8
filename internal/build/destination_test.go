package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fsnotify/fsnotify"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/output"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// busyMessage is what a build says when another one, in this process,
// writes to dest.
func busyMessage(dest string) string {
	return fmt.Sprintf("another dateline build (process %d) is writing to %s; wait for it to finish", os.Getpid(), dest)
}

// TestBusyDestinationFailsAtOnce: while a build writes to a destination
// (here held by output.Create), Run into it fails naming that build and
// touches nothing of it.
func TestBusyDestinationFailsAtOnce(t *testing.T) {
	src := sitetest.CopyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	other, err := output.Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Abort()
	if err := other.WriteFile("events/a/index.html", []byte("a")); err != nil {
		t.Fatal(err)
	}

	_, err = Run(context.Background(), Options{Source: src, Dest: dest})
	var busy *output.BusyError
	if !errors.As(err, &busy) || err.Error() != busyMessage(dest) {
		t.Fatalf("Run = %v, want %q", err, busyMessage(dest))
	}
	if _, err := os.Stat(filepath.Join(other.Path(), "events", "a", "index.html")); err != nil {
		t.Errorf("the other build's file is gone: %v", err)
	}
	if err := other.Commit(); err != nil {
		t.Fatalf("the other build could not commit: %v", err)
	}
	buildSite(t, src, dest, "") // and once it is done, the destination is free
}

// TestConcurrentBuildsOneDestination runs a second build into the
// destination of a large one the moment the large one starts writing (its
// temporary folder appears): the second fails naming the first, and the
// first publishes its whole site.
func TestConcurrentBuildsOneDestination(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and builds a 500-event site")
	}
	tmp := t.TempDir()
	large, dest := filepath.Join(tmp, "large"), filepath.Join(tmp, "out", "public")
	if err := sitegen.Generate(large, sitegen.NewSpec(500)); err != nil {
		t.Fatal(err)
	}
	small := sitetest.CopyExample(t)
	buildSite(t, small, dest, "") // a previous site, to be replaced whole

	// The large build writes for hundreds of milliseconds, the small one
	// loads in a few; should the large one still finish first, the small
	// one is tried again.
	for attempt := 1; ; attempt++ {
		sumLarge, sumSmall, errLarge, errSmall := buildDuringBuild(t, large, small, dest)
		if errLarge != nil {
			t.Fatalf("the large build: %v", errLarge)
		}
		// Every page and static file, and the marker.
		files, largeFiles, smallFiles := len(sitetest.Files(t, dest)), sumLarge.Pages+sumLarge.Static+1, sumSmall.Pages+sumSmall.Static+1
		if errSmall == nil {
			if files == smallFiles && attempt < 3 {
				t.Logf("attempt %d: the large build finished before the small one started writing", attempt)
				continue
			}
			t.Fatalf("both builds succeeded, and the destination holds %d files; the large site has %d, the small one %d", files, largeFiles, smallFiles)
		}
		var busy *output.BusyError
		if !errors.As(errSmall, &busy) || errSmall.Error() != busyMessage(dest) {
			t.Fatalf("the small build: %v, want %q", errSmall, busyMessage(dest))
		}
		if files != largeFiles {
			t.Errorf("the destination holds %d files, want the large site's %d", files, largeFiles)
		}
		if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
			t.Errorf("left beside the output: %v", entries)
		}
		return
	}
}

// buildDuringBuild builds first into dest and, as soon as first's temporary
// folder appears, second; it returns both builds' summaries and errors.
func buildDuringBuild(t *testing.T, first, second, dest string) (sumFirst, sumSecond Summary, errFirst, errSecond error) {
	t.Helper()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add(filepath.Dir(dest)); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sumFirst, errFirst = Run(context.Background(), Options{Source: first, Dest: dest})
	}()
	tempPrefix := "." + filepath.Base(dest) + ".new-"
	for {
		select {
		case ev := <-w.Events:
			if !ev.Has(fsnotify.Create) || !strings.HasPrefix(filepath.Base(ev.Name), tempPrefix) {
				continue
			}
			sumSecond, errSecond = Run(context.Background(), Options{Source: second, Dest: dest})
			<-done
			return sumFirst, sumSecond, errFirst, errSecond
		case err := <-w.Errors:
			t.Fatal(err)
		case <-done:
			t.Fatalf("the first build ended (%v) before its temporary folder was seen", errFirst)
		}
	}
}

// TestFailedBuildLeavesNoFolders: a build that fails into a/b/public, whose
// parents did not exist, leaves nothing behind.
func TestFailedBuildLeavesNoFolders(t *testing.T) {
	src := sitetest.CopyExample(t)
	article := filepath.Join(src, "content", "articles", "train-arrives-in-beijing.md")
	text := sitetest.ReadFile(t, article) + "\nSee [the parade](../../events/no-such-event/).\n"
	if err := os.WriteFile(article, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	_, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(root, "a", "b", "public")})
	var probs timeline.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Run = %v, want a broken-link problem", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}
