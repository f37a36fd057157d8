package load

import (
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A parsedFile is what one event file or article turned into: its events
// or its article, and its problems.
type parsedFile struct {
	events  []*timeline.Event
	article *timeline.Article
	probs   timeline.Problems
	// What the file declares but could not be read: the ids of its events,
	// or the slug of its article (see lost); nil for nothing.
	lost *lost
}

// parseAll reads and parses files on all cores, returning their results in
// the order of files. Results of cache are used for files whose text has
// not changed, and cache is updated.
func (l *loader) parseAll(files []string, cfg timeline.Config, opts Options) []parsedFile {
	cache := opts.Cache
	out := make([]parsedFile, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range files {
		g.Go(func() error {
			out[i] = l.parseFile(p, cfg, cache, opts.Unchanged)
			return nil
		})
	}
	g.Wait()
	cache.keepOnly(files)
	return out
}

// parseFile reads and parses one file with a loader of its own, so that its
// problems stay with it.
func (l *loader) parseFile(p string, cfg timeline.Config, cache *Cache, unchanged func(string) bool) parsedFile {
	if unchanged != nil && unchanged(p) {
		if f, hit := cache.lookupAny(p, cfg.TimeZone); hit {
			return f
		}
	}
	var info fs.FileInfo
	if cache != nil {
		info, _ = fs.Stat(l.fsys, p)
		if f, hit := cache.lookupUnchanged(p, info, cfg.TimeZone); hit {
			return f
		}
	}
	readAt := time.Now()
	fl := &loader{fsys: l.fsys, zones: l.zones}
	text, ok := fl.read(p)
	if !ok {
		// Not a file a cache keeps: it is read again next time.
		f := parsedFile{probs: fl.probs, lost: &lost{}}
		if strings.HasSuffix(p, ".md") {
			f.lost.article = articleSlug(p)
		} else {
			f.lost.allEvents = true // which ids it holds cannot be known
		}
		return f
	}
	if f, hit := cache.lookup(p, text, cfg.TimeZone); hit {
		cache.stamp(p, info, readAt)
		return f
	}
	var f parsedFile
	if strings.HasSuffix(p, ".md") {
		f.article = fl.article(p, text, cfg)
	} else {
		f.events = fl.eventFile(p, text, cfg)
	}
	f.probs = fl.probs
	if f.article == nil && strings.HasSuffix(p, ".md") {
		fl.loss().article = articleSlug(p)
	}
	f.lost = fl.lost
	cache.store(p, text, cfg.TimeZone, f)
	cache.stamp(p, info, readAt)
	return f
}

// Cache remembers, between Loads, what each source file parsed to. The
// zero Cache is not usable; make one with NewCache. A nil *Cache caches
// nothing.
type Cache struct {
	mu     sync.Mutex
	files  map[string]cachedFile
	images imageMemo // see resolveImages
}

type cachedFile struct {
	text, zone string
	parsed     parsedFile // never handed out: callers get copies
	// The file's size and modification time when it was read, and when
	// that was, for lookupUnchanged; a zero mtime means unknown.
	size   int64
	mtime  time.Time
	readAt time.Time
}

// settled is how long before it was read a file must have last changed for
// its size and modification time to vouch for its text. File times come
// from a coarse clock, so a file rewritten just after it was read can keep
// the same time; once a file has been still for longer than that clock's
// step (a few milliseconds), any later write gives it a later time.
const settled = 2 * time.Second

// lookupUnchanged returns a copy of what p parsed to when info shows the
// file unchanged since it was read, and it had settled by then; it saves
// reading every file of a site again after each edit.
func (c *Cache) lookupUnchanged(p string, info fs.FileInfo, zone string) (parsedFile, bool) {
	if c == nil || info == nil {
		return parsedFile{}, false
	}
	c.mu.Lock()
	f, ok := c.files[p]
	c.mu.Unlock()
	if !ok || f.zone != zone || f.mtime.IsZero() || f.size != info.Size() || !f.mtime.Equal(info.ModTime()) ||
		!f.mtime.Before(f.readAt.Add(-settled)) {
		return parsedFile{}, false
	}
	return f.parsed, true
}

// lookupAny returns a copy of what p last parsed to, if the site's time
// zone is the same.
func (c *Cache) lookupAny(p, zone string) (parsedFile, bool) {
	if c == nil {
		return parsedFile{}, false
	}
	c.mu.Lock()
	f, ok := c.files[p]
	c.mu.Unlock()
	if !ok || f.zone != zone {
		return parsedFile{}, false
	}
	return f.parsed, true
}

// stamp records p's size and modification time as of readAt.
func (c *Cache) stamp(p string, info fs.FileInfo, readAt time.Time) {
	if c == nil || info == nil {
		return
	}
	c.mu.Lock()
	if f, ok := c.files[p]; ok {
		f.size, f.mtime, f.readAt = info.Size(), info.ModTime(), readAt
		c.files[p] = f
	}
	c.mu.Unlock()
}

// NewCache makes an empty Cache.
func NewCache() *Cache { return &Cache{files: map[string]cachedFile{}} }

// lookup returns a copy of what p parsed to when it last had this text and
// the site this time zone.
func (c *Cache) lookup(p, text, zone string) (parsedFile, bool) {
	if c == nil {
		return parsedFile{}, false
	}
	c.mu.Lock()
	f, ok := c.files[p]
	c.mu.Unlock()
	if !ok || f.text != text || f.zone != zone {
		return parsedFile{}, false
	}
	return f.parsed, true
}

func (c *Cache) store(p, text, zone string, f parsedFile) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.files[p] = cachedFile{text: text, zone: zone, parsed: f}
	c.mu.Unlock()
}

// keepOnly forgets the files not in paths, which no longer exist.
func (c *Cache) keepOnly(paths []string) {
	if c == nil {
		return
	}
	keep := make(map[string]bool, len(paths))
	for _, p := range paths {
		keep[p] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.files {
		if !keep[p] {
			delete(c.files, p)
		}
	}
}
