// Package build runs Dateline's pipeline: load the source (site.toml,
// content/), assemble the timeline model, render every page and write the
// site to its destination in one swap.
//
// All problems of a build are returned together as timeline.Problems, sorted
// by file and line; when there is any, nothing is written and the previous
// output stays as it was.
package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dateline-ssg/dateline"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/output"
	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Options say what to build and where.
type Options struct {
	Source  string // folder holding site.toml
	Dest    string // output folder; default Source/public
	BaseURL string // overrides site.toml's base_url when set
	Drafts  bool   // include draft articles
	// InlinePartials renders every partial in place instead of once for
	// all pages that share it; the pages are the same (tests compare).
	InlinePartials bool
}

// OptionError is a bad value in Options, given by whoever called dateline
// rather than written in the site.
type OptionError struct {
	Flag, Msg string
}

func (e *OptionError) Error() string { return "--" + e.Flag + " " + e.Msg }

// Validate checks the options the way site.toml's fields are validated.
func (o Options) Validate() error {
	if o.BaseURL != "" {
		if msg := load.CheckBaseURL(o.BaseURL); msg != "" {
			return &OptionError{Flag: "base-url", Msg: fmt.Sprintf("%q %s", o.BaseURL, msg)}
		}
	}
	return nil
}

// Summary counts what a build made, and gives the settings it used.
type Summary struct {
	Events, Articles, Timelines, Pages, Static int
	Elapsed                                    time.Duration
	Config                                     timeline.Config // site.toml's, with Options applied
}

func (s Summary) String() string {
	return fmt.Sprintf("%s, %s, %s → %s, %s in %d ms",
		count(s.Events, "event"), count(s.Articles, "article"), count(s.Timelines, "timeline"),
		count(s.Pages, "page"), count(s.Static, "static file"), s.Elapsed.Milliseconds())
}

// count is n and noun, in the plural unless n is 1: "1 article", "2 pages".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Site is a loaded, checked site ready to render.
type Site struct {
	Model    *timeline.Site
	Renderer *render.Renderer
	Pages    []render.Page
	Static   map[string][]byte // files to copy, by path below the output root

	// ownTemplates is set when the site has templates of its own, which
	// may show anything of the site on any page and write markup any way.
	ownTemplates bool
}

// Prepare loads and checks the site in fsys and readies its renderer.
// script, when set, is added to every page (for dateline serve).
func Prepare(fsys fs.FS, opts Options, script string) (*Site, error) {
	return PrepareReusing(fsys, opts, script, nil)
}

// Memory is what one build keeps for the next of the same site: the parse
// of every source file and the HTML of every Markdown text, so that a
// rebuild after a small edit does only the work the edit calls for. The
// result is the same as without it. Live preview keeps one.
type Memory struct {
	files    *load.Cache
	markdown *render.Memo
	changed  []string // source paths changed since the last build; nil when unknown
	known    bool
}

// Changed tells the next PrepareReusing which source paths (slash-separated,
// relative to the source folder; a folder stands for all below it) changed
// since the last one, so that it need not look at the other files at all.
// Only content/ may be named: any other change means every file is looked
// at.
func (m *Memory) Changed(paths []string) {
	m.changed, m.known = paths, true
	for _, p := range paths {
		if !strings.HasPrefix(p, "content/") {
			m.known = false
		}
	}
}

// unchangedFunc is load's Options.Unchanged for the build about to run,
// or nil when nothing is known; it is good for one build only.
func (m *Memory) unchangedFunc() func(string) bool {
	if !m.known {
		return nil
	}
	changed := m.changed
	m.changed, m.known = nil, false
	return func(rel string) bool {
		for _, c := range changed {
			if rel == c || strings.HasPrefix(rel, c+"/") {
				return false
			}
		}
		return true
	}
}

// NewMemory makes an empty Memory.
func NewMemory() *Memory { return &Memory{files: load.NewCache(), markdown: render.NewMemo()} }

// PrepareReusing is Prepare taking what it can from mem, which may be nil,
// and leaving in it what the next build can use. Builds sharing a Memory
// must not run at the same time.
func PrepareReusing(fsys fs.FS, opts Options, script string, mem *Memory) (*Site, error) {
	if mem == nil {
		mem = &Memory{}
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	content, probs := load.Load(fsys, load.Options{Drafts: opts.Drafts, Cache: mem.files, Unchanged: mem.unchangedFunc()})
	if opts.BaseURL != "" {
		content.Config.BaseURL = opts.BaseURL
	}
	model, more := timeline.Assemble(content.Config, content.Events, content.Articles, content.Drafts)
	probs = append(probs, more...)
	templates, tprobs := overlayTemplates(fsys)
	probs = append(probs, tprobs...)
	static, sprobs := overlayStatic(fsys)
	probs = append(probs, sprobs...)
	probs = append(probs, addPagesFiles(static, content.Config.CNAME)...)
	if len(probs) > 0 {
		return nil, probs.Sort()
	}
	r, rprobs := render.New(model, render.Options{Templates: templates, Assets: static, Script: script, Memo: mem.markdown, InlinePartials: opts.InlinePartials})
	if len(rprobs) > 0 {
		return nil, rprobs.Sort()
	}
	return &Site{Model: model, Renderer: r, Pages: r.Pages(), Static: static,
		ownTemplates: !builtinOnly(templates)}, nil
}

// overlayTemplates takes each template from the site's templates/ folder when
// it has one, else from the embedded defaults.
func overlayTemplates(fsys fs.FS) (map[string]render.TemplateFile, timeline.Problems) {
	out := map[string]render.TemplateFile{}
	var probs timeline.Problems
	defaults, _ := fs.Glob(dateline.Defaults, "templates/*.html")
	for _, p := range defaults {
		data, _ := fs.ReadFile(dateline.Defaults, p)
		out[path.Base(p)] = render.TemplateFile{Path: builtinPrefix + p, Text: string(data)}
	}
	own, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		probs = append(probs, timeline.Problem{Pos: timeline.Pos{Path: "templates"}, Msg: err.Error()})
	}
	for _, p := range own {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			probs = append(probs, source.LinkProblem(fsys, p, err))
			continue
		}
		out[path.Base(p)] = render.TemplateFile{Path: p, Text: string(data)}
	}
	return out, probs
}

// boundHeap sets a soft limit on the memory a build may use, unless
// GOMEMLIMIT is set, and returns a function that widens it once the site
// is loaded. By default Go lets the heap grow to twice what is live before
// collecting; for a site of 100,000 events, whose model alone is most of a
// gigabyte, loading and rendering made a 2 GB process of garbage. The
// limit is heapFloor while loading, then the live model plus 512 MiB to
// render in, if that is more. A site whose heap stays small is not
// affected. (A site far bigger than 100,000 events would spend long in
// collection while loading under the floor: set GOMEMLIMIT for it.)
func boundHeap() (widen func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetMemoryLimit(heapFloor)
	return func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc+renderRoom < heapFloor {
			return // even with its garbage, it is under the floor
		}
		runtime.GC() // so that HeapAlloc is what is live
		runtime.ReadMemStats(&ms)
		debug.SetMemoryLimit(int64(max(heapFloor, ms.HeapAlloc+renderRoom)))
	}
}

// heapFloor is the least limit boundHeap sets: 1.25 GiB, under the 1.5 GiB
// a 100,000-event build is to stay within, with room for the rest of the
// process. renderRoom is what rendering is given above the live model.
const (
	heapFloor  = 1280 << 20
	renderRoom = 512 << 20
)

// OwnTemplates reports whether the site has templates of its own.
func (s *Site) OwnTemplates() bool { return s.ownTemplates }

// plainMarkup reports whether every page comes from the built-in
// templates and Markdown may not carry raw HTML, so that every attribute
// of every page is written in double quotes (see quotedLinks).
func (s *Site) plainMarkup() bool { return !s.ownTemplates && !s.Model.Config.UnsafeMarkdown }

// builtinOnly reports whether every template is a built-in one.
func builtinOnly(templates map[string]render.TemplateFile) bool {
	for _, t := range templates {
		if !strings.HasPrefix(t.Path, builtinPrefix) {
			return false
		}
	}
	return true
}

// builtinPrefix starts the path, in errors, of a built-in template.
const builtinPrefix = "(built-in) "

// overlayStatic gathers the embedded static files and the site's own, the
// site's winning where both have a path. Which files count, and which links
// are followed, is source.Files's rule, as for content/.
func overlayStatic(fsys fs.FS) (map[string][]byte, timeline.Problems) {
	out := map[string][]byte{}
	var probs timeline.Problems
	collect := func(src fs.FS) {
		files, fprobs := source.Files(src, source.StaticDir, "")
		probs = append(probs, fprobs...)
		for _, p := range files {
			data, err := fs.ReadFile(src, p)
			if err != nil {
				probs = append(probs, source.LinkProblem(src, p, err))
				continue
			}
			out[strings.TrimPrefix(p, source.StaticDir+"/")] = data
		}
	}
	collect(dateline.Defaults)
	collect(fsys)
	return out, probs
}

// The files GitHub Pages reads at the root of a published folder.
const (
	noJekyllFile = ".nojekyll"
	cnameFile    = "CNAME"
)

// addPagesFiles adds to static the files GitHub Pages looks for: an empty
// .nojekyll, so that a branch is published as it is instead of going through
// Jekyll, which drops folders whose names start with "_"; and, when site.toml
// sets cname, a CNAME file naming that custom domain. A site's own
// static/CNAME is kept when cname is unset, and must name the same domain when
// it is set: silently letting either one win would publish at a domain the
// author did not choose.
func addPagesFiles(static map[string][]byte, cname string) timeline.Problems {
	static[noJekyllFile] = []byte{}
	if cname == "" {
		return nil
	}
	if own, ok := static[cnameFile]; ok {
		// GitHub Pages reads the domain from the file's first line.
		first, _, _ := strings.Cut(string(own), "\n")
		if domain := strings.TrimSpace(first); !strings.EqualFold(domain, cname) {
			return timeline.Problems{{
				Pos: timeline.Pos{Path: "static/" + cnameFile},
				Msg: fmt.Sprintf("this file names %q but site.toml sets cname = %q; delete it (the build writes CNAME from cname) or make the two agree", domain, cname),
			}}
		}
	}
	static[cnameFile] = []byte(cname + "\n")
	return nil
}

// Check runs every check of a build, rendering every page in memory, and
// writes nothing.
func Check(ctx context.Context, opts Options) (Summary, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	site, err := prepareFolder(opts)
	if err != nil {
		return Summary{}, err
	}
	if err := Write(ctx, site, func(string, []byte) error { return nil }); err != nil {
		return Summary{}, err
	}
	return site.summary(start), nil
}

// prepareFolder is Prepare of the site folder opts.Source, read through
// source.Open so that no link leads out of it.
func prepareFolder(opts Options) (*Site, error) {
	folder, err := source.Open(opts.Source)
	if err != nil {
		return nil, err
	}
	defer folder.Close()
	return Prepare(folder, opts, "")
}

func (s *Site) summary(start time.Time) Summary {
	return Summary{
		Events: len(s.Model.Events), Articles: len(s.Model.Articles), Timelines: len(s.Model.Timelines),
		Pages: len(s.Pages), Static: len(s.Static), Elapsed: time.Since(start),
		Config: s.Model.Config,
	}
}

// Run builds the site at opts.Source into opts.Dest.
func Run(ctx context.Context, opts Options) (Summary, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, "public")
	}
	if err := checkDest(opts.Source, opts.Dest); err != nil {
		return Summary{}, err
	}
	if err := output.CheckReplaceable(opts.Dest); err != nil {
		return Summary{}, err
	}
	widenHeap := boundHeap()
	site, err := prepareFolder(opts)
	if err != nil {
		return Summary{}, err
	}
	widenHeap()
	out, err := output.Create(opts.Dest)
	if err != nil {
		return Summary{}, err
	}
	if err := Write(ctx, site, out.WriteFile); err != nil {
		out.Abort()
		return Summary{}, err
	}
	if err := out.Commit(); err != nil {
		out.Abort()
		return Summary{}, err
	}
	return site.summary(start), nil
}

// Write renders every page, checks its internal links and hands it and
// every static file to write, on all cores. Broken links are returned
// together as timeline.Problems after every page was rendered; other errors
// stop the work at once, as does ctx.
func Write(ctx context.Context, site *Site, write func(rel string, data []byte) error) error {
	return WriteReusing(ctx, site, nil, true, write)
}

// WriteReusing is Write, except that a page for which reuse returns its
// bytes (from an earlier build of the same page) is not rendered again;
// reuse may be nil. Reused pages have their links checked again only when
// recheck is set: a caller may leave it unset when the earlier build had no
// broken links and wrote exactly the files (and base path) this one does.
func WriteReusing(ctx context.Context, site *Site, reuse func(render.Page) ([]byte, bool), recheck bool, write func(rel string, data []byte) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	links := newLinkChecker(site)
	var (
		mu    sync.Mutex
		probs timeline.Problems
	)
	renderPage := func(p render.Page) error {
		if reuse != nil {
			if data, ok := reuse(p); ok {
				if recheck {
					if broken := links.check(site, p, data); len(broken) > 0 {
						mu.Lock()
						probs = append(probs, broken...)
						mu.Unlock()
					}
				}
				return write(p.File, data)
			}
		}
		var buf bytes.Buffer
		if err := site.Renderer.Render(&buf, p); err != nil {
			return err
		}
		if broken := links.check(site, p, buf.Bytes()); len(broken) > 0 {
			mu.Lock()
			probs = append(probs, broken...)
			mu.Unlock()
		}
		return write(p.File, buf.Bytes())
	}
	// Workers take the next job by counting rather than from a channel,
	// which this goroutine would have to be woken to feed for every page.
	static := slices.Sorted(maps.Keys(site.Static))
	job := func(i int) error {
		if i < len(site.Pages) {
			return renderPage(site.Pages[i])
		}
		name := static[i-len(site.Pages)]
		return write(name, site.Static[name])
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(site.Pages)+len(static) {
					return
				}
				if err := job(i); err != nil {
					cancel(err)
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return probs.Err()
}

// checkDest refuses destinations that would overwrite the source or a
// folder nobody would want replaced. Both paths are compared as resolved,
// links and all, so that a link cannot lead the output into the source.
func checkDest(sourceDir, dest string) error {
	src, err := resolved(sourceDir)
	if err != nil {
		return err
	}
	dst, err := resolved(dest)
	if err != nil {
		return err
	}
	refuse := func(why string) error { return &output.RefusedError{Dest: dest, Reason: why} }
	home, _ := os.UserHomeDir()
	if home != "" {
		if h, err := resolved(home); err == nil {
			home = h
		}
	}
	switch {
	case dst == string(filepath.Separator) || dst == filepath.VolumeName(dst)+string(filepath.Separator):
		return refuse("it is the root folder")
	case home != "" && dst == filepath.Clean(home):
		return refuse("it is your home folder")
	case dst == src:
		return refuse("it is the source folder; use a folder such as public/")
	case within(src, dst):
		return refuse("it contains the source folder")
	}
	for _, d := range source.Trees {
		p, err := resolved(filepath.Join(src, d))
		if err != nil {
			return err
		}
		if dst == p || within(dst, p) {
			return refuse("it is inside the source's " + d + "/ folder, which holds your input")
		}
	}
	return nil
}

// resolved is p made absolute with every symbolic link in it resolved; a
// part that does not exist yet is kept as it is written, below its nearest
// existing folder resolved.
func resolved(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if parent := filepath.Dir(dir); parent == dir {
			return abs, nil
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
	}
}

// within reports whether p lies inside dir (p != dir).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}
