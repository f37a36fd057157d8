package build

import (
	"strings"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/render"
)

// A Cache is what one build keeps for the next of the same site, so that a
// rebuild after a small edit does only the work the edit calls for: the
// parse of every source file, the HTML of every Markdown text, and each
// page's fingerprint and bytes from the last good build. The result is the
// same as without it. Live preview keeps one; builds sharing a Cache must
// not run at the same time.
type Cache struct {
	files    *load.Cache
	markdown *render.Memo
	changed  []string // source paths changed since the last build
	known    bool     // whether changed is all that changed

	pages  map[string]keptPage // by file, from the last good build
	base   string              // that build's base path
	reused int                 // pages the last good build took from the one before
}

// keptPage is a page's fingerprint and bytes.
type keptPage struct {
	print uint64
	data  []byte
}

// NewCache makes an empty Cache.
func NewCache() *Cache { return &Cache{files: load.NewCache(), markdown: render.NewMemo()} }

// Changed tells the next Prepare which source paths (slash-separated,
// relative to the source folder; a folder stands for all below it) changed
// since the last one, so that it need not look at the other files at all.
// Only content/ may be named: any other change means every file is looked
// at.
func (c *Cache) Changed(paths []string) {
	c.changed, c.known = paths, true
	for _, p := range paths {
		if !strings.HasPrefix(p, "content/") {
			c.known = false
		}
	}
}

// Reused counts the pages the last good build took from the one before.
func (c *Cache) Reused() int { return c.reused }

// unchangedFunc is load's Options.Unchanged for the build about to run,
// or nil when nothing is known; it is good for one build only.
func (c *Cache) unchangedFunc() func(string) bool {
	if !c.known {
		return nil
	}
	changed := c.changed
	c.changed, c.known = nil, false
	return func(rel string) bool {
		for _, ch := range changed {
			if rel == ch || strings.HasPrefix(rel, ch+"/") {
				return false
			}
		}
		return true
	}
}

// A writePlan says which pages of one Write keep their bytes from the
// cache, and collects the pages it renders for the next.
type writePlan struct {
	prints []uint64 // each page's fingerprint; nil without a cache
	kept   map[string]keptPage
	fresh  [][]byte // each page's bytes, as rendered or reused
	// recheck says whether reused pages need their links checked: only
	// when the site's files are not those of the build they come from,
	// which had no broken link.
	recheck bool
}

// plan fingerprints every page of site.
func (c *Cache) plan(site *Site) *writePlan {
	if c == nil {
		return &writePlan{}
	}
	p := &writePlan{prints: site.Renderer.Fingerprints(site.Pages), kept: c.pages, fresh: make([][]byte, len(site.Pages))}
	p.recheck = !c.sameFiles(site)
	return p
}

// sameFiles reports whether site has the files and base path of the last
// good build.
func (c *Cache) sameFiles(site *Site) bool {
	if c.pages == nil || c.base != site.Renderer.BasePath() || len(c.pages) != len(site.Pages) {
		return false
	}
	for _, p := range site.Pages {
		if _, ok := c.pages[p.File]; !ok {
			return false
		}
	}
	return true
}

// reuse is page i's bytes from the last good build, when its fingerprint
// is the same.
func (p *writePlan) reuse(i int, page render.Page) ([]byte, bool) {
	if p.prints == nil {
		return nil, false
	}
	k, ok := p.kept[page.File]
	if !ok || k.print != p.prints[i] {
		return nil, false
	}
	p.fresh[i] = k.data
	return k.data, true
}

// lastSize is how long page was when last built, or 0: a page renders to
// about the size it had, so its buffer is made that big at once (a feed
// of the whole site may be megabytes).
func (p *writePlan) lastSize(page render.Page) int {
	return len(p.kept[page.File].data)
}

// keep records page i's bytes for the next build.
func (p *writePlan) keep(i int, data []byte) {
	if p.fresh != nil {
		p.fresh[i] = data
	}
}

// remember keeps the pages of a good Write for the next.
func (c *Cache) remember(site *Site, p *writePlan) {
	if c == nil {
		return
	}
	pages := make(map[string]keptPage, len(site.Pages))
	reused := 0
	for i, page := range site.Pages {
		if k, ok := c.pages[page.File]; ok && k.print == p.prints[i] {
			reused++
		}
		pages[page.File] = keptPage{print: p.prints[i], data: p.fresh[i]}
	}
	c.pages, c.base, c.reused = pages, site.Renderer.BasePath(), reused
}
