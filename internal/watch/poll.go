package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dateline-ssg/dateline/internal/source"
)

// stamp is what polling compares to notice a change.
type stamp struct {
	size  int64
	mtime time.Time
	dir   bool
}

// poll walks the site's files every interval and reports each path that
// appeared, disappeared or changed (see changed).
func poll(ctx context.Context, root string, interval time.Duration, report func(string, Op), ready func()) error {
	last := snapshot(root)
	ready()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		now := snapshot(root)
		for p, s := range now {
			if old, ok := last[p]; !ok {
				report(p, Created)
			} else if changed(old, s) {
				report(p, Modified)
			}
		}
		for p := range last {
			if _, ok := now[p]; !ok {
				report(p, Removed)
			}
		}
		last = now
	}
}

// changed reports whether a path that is there in both scans changed: a
// file by its size, time or kind; a folder only by its kind, since a new
// time on a folder just means that files in it came or went, and those are
// reported themselves (reporting the folder would mark all it holds as
// changed).
func changed(old, now stamp) bool {
	if old.dir && now.dir {
		return false
	}
	return old != now
}

// snapshot records every relevant path below root.
func snapshot(root string) map[string]stamp {
	out := map[string]stamp{}
	record := func(p string, info fs.FileInfo) {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return
		}
		rel = filepath.ToSlash(rel)
		if source.Relevant(rel) {
			out[rel] = stamp{size: info.Size(), mtime: info.ModTime(), dir: info.IsDir()}
		}
	}
	if info, err := os.Stat(filepath.Join(root, source.ConfigFile)); err == nil {
		record(filepath.Join(root, source.ConfigFile), info)
	}
	for _, t := range source.Trees {
		_ = filepath.WalkDir(filepath.Join(root, t), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return nil // unreadable now; the build reports it
			}
			if rel, err := filepath.Rel(root, p); err == nil && d.IsDir() && source.Skipped(filepath.ToSlash(rel)) {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil {
				record(p, info)
			}
			return nil
		})
	}
	return out
}
