package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/source"
)

func TestBatchBurstIsOneBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in, out := make(chan Change), make(chan []string)
		go Batch(t.Context(), in, out, Window{Quiet: 50 * time.Millisecond, BurstQuiet: 50 * time.Millisecond, BurstSize: 8, Max: 500 * time.Millisecond})
		for i := range 1000 {
			in <- Change{Path: fmt.Sprintf("content/events/e%04d.toml", i)}
			in <- Change{Path: fmt.Sprintf("content/events/e%04d.toml", i)} // a second write of the same file
		}
		b := <-out
		if len(b) != 1000 || !slices.IsSorted(b) {
			t.Fatalf("batch has %d paths (sorted: %v), want 1000 distinct sorted", len(b), slices.IsSorted(b))
		}
		synctest.Wait()
		select {
		case extra := <-out:
			t.Fatalf("unexpected second batch %v", extra)
		default:
		}
	})
}

func TestBatchQuietWindowAndMax(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in, out := make(chan Change), make(chan []string)
		go Batch(t.Context(), in, out, Window{Quiet: 50 * time.Millisecond, BurstQuiet: 50 * time.Millisecond, BurstSize: 8, Max: 500 * time.Millisecond})
		start := time.Now()
		in <- Change{Path: "a"}
		time.Sleep(30 * time.Millisecond)
		in <- Change{Path: "b"} // within the quiet window: same batch
		if b := <-out; !slices.Equal(b, []string{"a", "b"}) || time.Since(start) != 80*time.Millisecond {
			t.Fatalf("got %v after %v, want [a b] after 80ms", b, time.Since(start))
		}
		// A steady trickle never goes quiet, so the maximum closes the batch.
		start = time.Now()
		done, stopped := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			for i := 0; ; i++ {
				select {
				case in <- Change{Path: fmt.Sprint(i)}:
				case <-done:
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
		b := <-out
		close(done)
		<-stopped
		// (The fake clock still lets a few more paths join once the maximum
		// has passed, while the reader is being scheduled.)
		if elapsed := time.Since(start); elapsed < 500*time.Millisecond || elapsed >= time.Second || len(b) == 0 {
			t.Fatalf("trickle batch of %d paths closed after %v, want soon after 500ms", len(b), elapsed)
		}
	})
}

// TestBatchTimings follows one Batch on the fake clock: a lone save, a
// burst, its tail and a later lone save.
func TestBatchTimings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := Window{Quiet: 25 * time.Millisecond, BurstQuiet: 200 * time.Millisecond, BurstSize: 4, Max: 2 * time.Second}
		in, out := make(chan Change), make(chan []string)
		go Batch(t.Context(), in, out, w)
		expect := func(want []string, after time.Duration, start time.Time) {
			t.Helper()
			b := <-out
			if !slices.Equal(b, want) || time.Since(start) != after {
				t.Fatalf("got %v after %v, want %v after %v", b, time.Since(start), want, after)
			}
		}

		// A lone save, written twice by the editor, shows after Quiet.
		in <- Change{Path: "a"}
		time.Sleep(time.Millisecond)
		in <- Change{Path: "a"}
		expect([]string{"a"}, 25*time.Millisecond, time.Now())

		// A burst of four files with a pause longer than Quiet after them
		// is still one batch, closed BurstQuiet after its last path.
		time.Sleep(time.Second)
		for _, p := range []string{"b", "c", "d", "e"} {
			in <- Change{Path: p}
		}
		time.Sleep(100 * time.Millisecond)
		in <- Change{Path: "f"}
		expect([]string{"b", "c", "d", "e", "f"}, 200*time.Millisecond, time.Now())

		// A long burst, one path every 10 ms for 2 s, closes at Max; its
		// tail, three paths 30 ms apart (more than Quiet), is waited out
		// with BurstQuiet as one more batch, not three.
		time.Sleep(time.Second)
		start := time.Now()
		go func() {
			for i := range 200 {
				in <- Change{Path: fmt.Sprintf("long%03d", i)}
				time.Sleep(10 * time.Millisecond)
			}
			for _, p := range []string{"tail1", "tail2", "tail3"} {
				time.Sleep(20 * time.Millisecond)
				in <- Change{Path: p}
				time.Sleep(10 * time.Millisecond)
			}
		}()
		if b := <-out; len(b) != 200 || time.Since(start) != 2*time.Second {
			t.Fatalf("the long burst's first batch has %d paths after %v, want 200 after Max (2s)", len(b), time.Since(start))
		}
		expect([]string{"tail1", "tail2", "tail3"}, 2280*time.Millisecond, start)

		// Long after, a lone save is quick again.
		time.Sleep(time.Second)
		start = time.Now()
		in <- Change{Path: "h"}
		expect([]string{"h"}, 25*time.Millisecond, start)
	})
}

func TestBatchCoalescesWhileReaderBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in, out := make(chan Change), make(chan []string)
		go Batch(t.Context(), in, out, Window{Quiet: 50 * time.Millisecond, BurstQuiet: 50 * time.Millisecond, BurstSize: 8, Max: 500 * time.Millisecond})
		in <- Change{Path: "a"}
		time.Sleep(time.Second) // the batch is ready, but nobody reads it (a rebuild is running)
		in <- Change{Path: "b"}
		in <- Change{Path: "c"}
		if b := <-out; !slices.Equal(b, []string{"a", "b", "c"}) {
			t.Fatalf("got %v, want [a b c]", b)
		}
	})
}

// TestBatchLeavesOutTransientPaths feeds Batch the changes of common edits
// and checks which paths the batch names: a file that appeared and went
// away within the batch is not one of them, however the batch was waited
// for.
func TestBatchLeavesOutTransientPaths(t *testing.T) {
	const j, tmp = "content/events/journey.toml", "content/events/sedAbC123"
	for _, tc := range []struct {
		name    string
		changes []Change
		want    []string // nil: no batch at all
	}{
		{"sed -i: a temporary file renamed over the edited one",
			[]Change{{tmp, Created}, {tmp, Modified}, {tmp, Removed}, {j, Created}}, []string{j}},
		{"an edit in place", []Change{{j, Modified}, {j, Modified}}, []string{j}},
		{"a file removed", []Change{{j, Removed}}, []string{j}},
		{"a file removed and written anew", []Change{{j, Removed}, {j, Created}, {j, Modified}}, []string{j}},
		{"a new file", []Change{{tmp, Created}, {tmp, Modified}}, []string{tmp}},
		{"a new file, removed and made again", []Change{{tmp, Created}, {tmp, Removed}, {tmp, Created}}, []string{tmp}},
		{"a file renamed", []Change{{j, Removed}, {tmp, Created}}, []string{j, tmp}},
		{"only a file that came and went", []Change{{tmp, Created}, {tmp, Modified}, {tmp, Removed}}, nil},
	} {
		// busy: the batch has closed and waits for a rebuild to finish
		// when the rest of the changes arrive.
		for _, busy := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/busy=%v", tc.name, busy), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					in, out := make(chan Change), make(chan []string)
					go Batch(t.Context(), in, out, DefaultWindow)
					for i, c := range tc.changes {
						if busy && i == 1 {
							time.Sleep(time.Second)
						}
						in <- c
					}
					time.Sleep(time.Second)
					synctest.Wait()
					select {
					case b := <-out:
						if tc.want == nil || !slices.Equal(b, tc.want) {
							t.Errorf("batch %v, want %v", b, tc.want)
						}
					default:
						if tc.want != nil {
							t.Errorf("no batch, want %v", tc.want)
						}
					}
				})
			})
		}
	}
}

// TestWatchTemporaryFiles makes changes through the real watcher that
// involve a temporary file and checks the batch: it names the file that
// changed, never the temporary one, and a file replaced by a rename and
// then removed is still named, as removed.
func TestWatchTemporaryFiles(t *testing.T) {
	const journey = "content/events/journey.toml"
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, root string)
	}{
		{"sed -i: a temporary file renamed over the edited one", func(t *testing.T, root string) {
			renameOver(t, filepath.Join(root, journey), "[[event]]\ntitle = \"B\"\n")
		}},
		{"replaced by a rename, then removed", func(t *testing.T, root string) {
			renameOver(t, filepath.Join(root, journey), "[[event]]\ntitle = \"B\"\n")
			must(t, os.Remove(filepath.Join(root, journey)))
		}},
	} {
		for _, poll := range []time.Duration{0, 20 * time.Millisecond} {
			t.Run(fmt.Sprintf("%s/poll=%v", tc.name, poll), func(t *testing.T) {
				root := t.TempDir()
				sitetest.WriteFile(t, filepath.Join(root, journey), "[[event]]\ntitle = \"A\"\n")
				ctx, cancel := context.WithCancel(context.Background())
				out := make(chan []string, 100)
				done := make(chan error, 1)
				ready := make(chan struct{})
				// A long quiet time keeps the whole edit in one batch even on
				// a loaded machine.
				opts := Options{Poll: poll, Window: Window{Quiet: 300 * time.Millisecond}, Ready: func() { close(ready) }}
				go func() { done <- Watch(ctx, root, opts, out) }()
				defer func() {
					cancel()
					if err := <-done; err != nil {
						t.Error(err)
					}
				}()
				<-ready
				tc.edit(t, root)
				select {
				case b := <-out:
					if want := []string{journey}; !slices.Equal(b, want) {
						t.Errorf("batch %v, want %v", b, want)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("no batch for the edit")
				}
			})
		}
	}
}

// renameOver writes text to p as "sed -i" does: into a temporary file with
// a random name beside it, which is then renamed over p.
func renameOver(t *testing.T, p, text string) {
	t.Helper()
	f, err := os.CreateTemp(filepath.Dir(p), "sed")
	must(t, err)
	_, err = f.WriteString(text)
	must(t, err)
	must(t, f.Close())
	must(t, os.Rename(f.Name(), p))
}

// TestWatchAtomicSaveAndNewFolder runs the real watcher (inotify, or polling
// when forced) over an editor-style save and a new folder.
func TestWatchAtomicSaveAndNewFolder(t *testing.T) {
	for _, poll := range []time.Duration{0, 20 * time.Millisecond} {
		t.Run(fmt.Sprintf("poll=%v", poll), func(t *testing.T) {
			root := t.TempDir()
			sitetest.WriteFile(t, filepath.Join(root, "site.toml"), "title = \"T\"\n")
			sitetest.WriteFile(t, filepath.Join(root, "content/events/a.toml"), "x")
			sitetest.WriteFile(t, filepath.Join(root, "static/.well-known/security.txt"), "Contact: a")
			ctx, cancel := context.WithCancel(context.Background())
			out := make(chan []string, 100)
			done := make(chan error, 1)
			ready := make(chan struct{})
			go func() { done <- Watch(ctx, root, Options{Poll: poll, Ready: func() { close(ready) }}, out) }()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					t.Error(err)
				}
			}()
			// Ready promises that every change from now on is seen: no
			// grace period before the first save.
			<-ready

			// vim-style: write a scratch file, rename over site.toml.
			sitetest.WriteFile(t, filepath.Join(root, ".site.toml.swp"), "y")
			sitetest.WriteFile(t, filepath.Join(root, "site.toml.tmp"), "title = \"U\"\n")
			must(t, os.Rename(filepath.Join(root, "site.toml.tmp"), filepath.Join(root, "site.toml")))
			waitFor(t, out, "site.toml")
			// Again: the watch must survive the replaced file.
			sitetest.WriteFile(t, filepath.Join(root, "site.toml.tmp"), "title = \"V\"\n")
			must(t, os.Rename(filepath.Join(root, "site.toml.tmp"), filepath.Join(root, "site.toml")))
			waitFor(t, out, "site.toml")

			sitetest.WriteFile(t, filepath.Join(root, "content/events/new/deeper/b.toml"), "z")
			waitFor(t, out, "content/events/new/deeper/b.toml")
			sitetest.WriteFile(t, filepath.Join(root, "content/events/new/deeper/c.toml"), "z")
			waitFor(t, out, "content/events/new/deeper/c.toml")

			sitetest.WriteFile(t, filepath.Join(root, "templates/base.html"), "t") // a tree created later
			waitFor(t, out, "templates/base.html")
			sitetest.WriteFile(t, filepath.Join(root, "templates/home.html"), "t")
			waitFor(t, out, "templates/home.html")

			must(t, os.Remove(filepath.Join(root, "content/events/a.toml")))
			waitFor(t, out, "content/events/a.toml")

			// The build publishes static/.well-known/, so its edits count.
			sitetest.WriteFile(t, filepath.Join(root, "static/.well-known/security.txt"), "Contact: b")
			waitFor(t, out, "static/.well-known/security.txt")
			sitetest.WriteFile(t, filepath.Join(root, "static/.well-known/new.txt"), "x")
			waitFor(t, out, "static/.well-known/new.txt")
		})
	}
}

func waitFor(t *testing.T, out <-chan []string, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case b := <-out:
			for _, p := range b {
				if source.Skipped(p) {
					t.Errorf("scratch file %s reported", p)
				}
			}
			if slices.Contains(b, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no change reported for %s", want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestLimitErrorsFallBack(t *testing.T) {
	for _, err := range []error{fmt.Errorf("add: %w", os.NewSyscallError("inotify_add_watch", syscall.ENOSPC)), os.NewSyscallError("inotify_init1", syscall.EMFILE)} {
		if !isLimitError(err) {
			t.Errorf("isLimitError(%v) = false", err)
		}
	}
	if msg := limitAdvice(syscall.ENOSPC); !strings.Contains(msg, "fs.inotify.max_user_watches=524288") || !strings.Contains(msg, "max_user_instances") {
		t.Errorf("advice lacks the fix: %s", msg)
	}
}

func TestPollChanged(t *testing.T) {
	t0, t1 := time.Unix(100, 0), time.Unix(200, 0)
	for _, tc := range []struct {
		name     string
		old, now stamp
		want     bool
	}{
		{"file untouched", stamp{size: 3, mtime: t0}, stamp{size: 3, mtime: t0}, false},
		{"file rewritten", stamp{size: 3, mtime: t0}, stamp{size: 3, mtime: t1}, true},
		{"file grew", stamp{size: 3, mtime: t0}, stamp{size: 4, mtime: t0}, true},
		{"folder whose files came or went", stamp{dir: true, mtime: t0}, stamp{dir: true, mtime: t1}, false},
		{"file replaced by a folder", stamp{size: 3, mtime: t0}, stamp{dir: true, mtime: t1}, true},
	} {
		if got := changed(tc.old, tc.now); got != tc.want {
			t.Errorf("%s: changed = %v, want %v", tc.name, got, tc.want)
		}
	}
}
