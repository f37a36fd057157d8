// Package watch reports changes to a Dateline site's source in batches.
//
// It promises:
//   - every change that can alter the built site (site.toml, anything below
//     content/, templates/ and static/) is reported, including files in
//     folders created after watching began and a site.toml replaced by a
//     rename, as editors that save atomically do;
//   - what source.Skipped leaves out of a site (editor scratch files, hidden
//     files but static/.well-known/) and permission-only changes are not;
//   - changes arrive in batches (see Batch and Window): a lone save 25 ms
//     after its last event, a burst of writes once it has been quiet for
//     200 ms, so that it causes one or two rebuilds, not one per file;
//   - a batch names each changed path once, and not the temporary files
//     that appeared and went away within it ("sed -i" writes one and renames
//     it over the file it edits: the batch names only that file);
//   - Options.Ready says when every watch is in place;
//   - when the system's inotify limits are reached, it says how to raise
//     them and falls back to polling, which Options.Poll can also force.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/dateline-ssg/dateline/internal/source"
)

// Options tune a watch.
type Options struct {
	Poll   time.Duration // when > 0, poll the files at this interval instead of using fsnotify
	Window Window        // when batches close; zero fields take DefaultWindow's
	Log    io.Writer     // where notices (fallback to polling, watch errors) go; default io.Discard
	// Ready, when set, is called once every watch is in place (or polling
	// has taken its first look): a change made after it is reported.
	Ready func()
}

// Watch reports batches of changed paths below root (slash-separated,
// relative to root) on out until ctx is done. It returns an error only when
// it cannot watch at all.
func Watch(ctx context.Context, root string, opts Options, out chan<- []string) error {
	opts = withDefaults(opts)
	changes := make(chan Change, 256)
	done := make(chan struct{})
	go func() {
		Batch(ctx, changes, out, opts.Window)
		close(done)
	}()
	defer func() { <-done }()
	defer close(changes)
	// report never blocks past ctx: Batch stops reading once ctx is done.
	report := func(rel string, op Op) {
		select {
		case changes <- Change{rel, op}:
		case <-ctx.Done():
		}
	}
	var once sync.Once
	ready := func() {
		if opts.Ready != nil {
			once.Do(opts.Ready)
		}
	}
	if opts.Poll > 0 {
		return poll(ctx, root, opts.Poll, report, ready)
	}
	err := notify(ctx, root, opts.Log, report, ready)
	if isLimitError(err) {
		fmt.Fprint(opts.Log, limitAdvice(err))
		return poll(ctx, root, time.Second/2, report, ready)
	}
	return err
}

func withDefaults(o Options) Options {
	w, d := &o.Window, DefaultWindow
	if w.Quiet <= 0 {
		w.Quiet = d.Quiet
	}
	if w.BurstQuiet <= 0 {
		w.BurstQuiet = max(d.BurstQuiet, w.Quiet)
	}
	if w.BurstSize <= 0 {
		w.BurstSize = d.BurstSize
	}
	if w.Max <= 0 {
		w.Max = d.Max
	}
	if o.Poll > 0 {
		// A file still being written shows up in successive scans; waiting
		// for two quiet scans avoids building it half-written.
		w.Quiet = max(w.Quiet, 2*o.Poll)
		w.BurstQuiet = max(w.BurstQuiet, 2*o.Poll)
		w.Max = max(w.Max, 4*o.Poll)
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// isLimitError reports whether err comes from the kernel's inotify limits:
// EMFILE for too many inotify instances, ENOSPC for too many watches.
func isLimitError(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENOSPC)
}

func limitAdvice(err error) string {
	return fmt.Sprintf(`dateline: cannot watch the site's files for changes: %v
  The system's limit on file watches is reached. To raise it, run:
    sudo sysctl fs.inotify.max_user_watches=524288
    sudo sysctl fs.inotify.max_user_instances=512
  (add the same settings to /etc/sysctl.conf to keep them). Meanwhile dateline
  checks the files for changes every half second instead.
`, err)
}

// notify watches with fsnotify: the root folder itself (not recursively,
// for site.toml, which is watched through its folder so that replacing it by
// a rename keeps working) and every folder below the Trees.
func notify(ctx context.Context, root string, log io.Writer, report func(string, Op), ready func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	n := &notifier{w: w, root: root, report: report, known: map[string]bool{}}
	if err := w.Add(root); err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(root, source.ConfigFile)); err == nil {
		n.known[source.ConfigFile] = true
	}
	for _, t := range source.Trees {
		if err := n.addTree(filepath.Join(root, t), false); err != nil {
			return err
		}
	}
	ready()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if isLimitError(err) {
				return err
			}
			// An overflowed event queue lost changes: report one so the site is rebuilt.
			fmt.Fprintf(log, "dateline: watching: %v\n", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				report(source.ConfigFile, Modified)
			}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if err := n.handle(ev); err != nil {
				return err
			}
		}
	}
}

// A notifier turns fsnotify's events into reported changes.
type notifier struct {
	w      *fsnotify.Watcher
	root   string
	report func(string, Op)
	// known holds the relevant paths that exist, as far as the events
	// tell: a Create of one of them is a file renamed over it, which was
	// there before, so it is reported as Modified, never as Created (a
	// Batch would take it for a temporary file if it were then removed
	// within the batch, and the removal would go unreported). A path
	// missing from it, such as one below a folder moved away and back, is
	// reported as Created, which errs on the safe side: it is named.
	known map[string]bool
}

// handle reports the change ev makes, and starts watching folders that
// appeared.
func (n *notifier) handle(ev fsnotify.Event) error {
	if ev.Op == fsnotify.Chmod {
		return nil // permission and timestamp-only changes alter no page
	}
	rel, err := filepath.Rel(n.root, ev.Name)
	if err != nil {
		return nil
	}
	rel = filepath.ToSlash(rel)
	if !source.Relevant(rel) {
		return nil
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			// Files written into the folder before its watch was added would
			// go unnoticed, so report each file found while adding it.
			return n.addTree(ev.Name, true)
		}
	}
	n.reportOp(rel, opOf(ev))
	return nil
}

// reportOp reports op on rel, keeping known up to date.
func (n *notifier) reportOp(rel string, op Op) {
	switch op {
	case Created:
		if n.known[rel] {
			op = Modified
		}
		n.known[rel] = true
	case Removed:
		delete(n.known, rel)
	}
	n.report(rel, op)
}

// opOf is what ev did to its path. A file renamed away gets Rename, the name
// it is renamed to Create.
func opOf(ev fsnotify.Event) Op {
	switch {
	case ev.Has(fsnotify.Create):
		return Created
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		return Removed
	}
	return Modified
}

// addTree watches dir and every folder below it, skipping hidden ones, and
// records every path met as known. When found is set, every path met is
// also reported, as created: the folder holding it just appeared. A folder
// that vanished meanwhile is no error (its removal is reported by its
// parent); any other failure to watch is.
func (n *notifier) addTree(dir string, found bool) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(n.root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if p != dir && source.Skipped(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if found {
			n.reportOp(rel, Created)
		} else {
			n.known[rel] = true
		}
		if !d.IsDir() {
			return nil
		}
		if err := n.w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("watching %s: %w", p, err)
		}
		return nil
	})
}
