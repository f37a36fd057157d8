// Package build runs Dateline's pipeline: load the source (site.toml,
// content/), assemble the timeline model, render every page and write the
// site to its destination in one swap.
//
// All problems of a build are returned together as timeline.Problems, sorted
// by file and line; when there is any, nothing is written and the previous
// output stays as it was.
//
// Prepare loads, checks and readies a site; Write renders and writes it.
// Each takes an optional Cache, which live preview keeps between builds so
// that a rebuild parses, renders and hashes again only what changed; the
// output is the same with or without it.
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
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

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
	Script  string // path below the base of a script added to every page (dateline serve's client)
	// Files are served with the site's static files, by path below the
	// output root (dateline serve's client).
	Files map[string][]byte
	// LocalBase keeps only the path of the base URL, so that canonical and
	// OpenGraph addresses point at the preview, not the published site.
	LocalBase bool
	// Loaded, when set, is called once the site is loaded and checked,
	// before its pages are rendered (dateline sets its memory limit then).
	Loaded func()
	// Slow, when set, is called with the path of a file whose Markdown is
	// still rendering after render.SlowAfter, from a goroutine of its own
	// (see render.Options.Slow), so that a stalled build can say which.
	Slow func(path string)
	// Now is the time of the build, after which no event update may be
	// dated (load.Options.Now); zero means the time Prepare starts.
	Now time.Time
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
	// source is the site's folder, which Write reads again (load.Locate)
	// for the line of the key a broken link comes from.
	source fs.FS
}

// Prepare loads and checks the site in fsys and readies its renderer,
// taking what it can from cache, which may be nil, and leaving in it what
// the next build can use.
func Prepare(fsys fs.FS, opts Options, cache *Cache) (*Site, error) {
	if cache == nil {
		cache = &Cache{}
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	content, probs := load.Load(fsys, load.Options{Drafts: opts.Drafts, Cache: cache.files, Unchanged: cache.unchangedFunc(), Now: now, BaseURL: opts.BaseURL})
	if opts.BaseURL != "" {
		content.Config.BaseURL = opts.BaseURL
	}
	if opts.LocalBase {
		content.Config.BaseURL = render.BasePath(content.Config.BaseURL)
	}
	model, more := timeline.Assemble(content.Config, content.Events, content.Articles, content.Drafts)
	probs = append(probs, more...)
	templates, tprobs := overlayTemplates(fsys)
	probs = append(probs, tprobs...)
	static, sprobs := overlayStatic(fsys)
	probs = append(probs, sprobs...)
	maps.Copy(static, opts.Files)
	probs = append(probs, addPagesFiles(static, content.Config.CNAME)...)
	if len(probs) > 0 {
		return nil, load.Locate(fsys, probs).Sort()
	}
	if opts.Loaded != nil {
		opts.Loaded()
	}
	r, rprobs := render.New(model, render.Options{Templates: templates, Assets: static, Script: opts.Script, Memo: cache.markdown, Slow: opts.Slow})
	if len(rprobs) > 0 {
		return nil, load.Locate(fsys, rprobs).Sort()
	}
	return &Site{Model: model, Renderer: r, Pages: r.Pages(), Static: static,
		ownTemplates: !builtinOnly(templates), source: fsys}, nil
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
	folder, err := source.Open(opts.Source)
	if err != nil {
		return Summary{}, err
	}
	defer folder.Close() // until Write has located its problems
	site, err := Prepare(folder, opts, nil)
	if err != nil {
		return Summary{}, err
	}
	if err := Write(ctx, site, nil, func(string, []byte) error { return nil }); err != nil {
		return Summary{}, err
	}
	return site.summary(start), nil
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
	folder, err := source.Open(opts.Source) // read through source.Open: no link leads out
	if err != nil {
		return Summary{}, err
	}
	defer folder.Close() // until Write has located its problems
	site, err := Prepare(folder, opts, nil)
	if err != nil {
		return Summary{}, err
	}
	out, err := output.Create(opts.Dest)
	if err != nil {
		return Summary{}, err
	}
	if err := Write(ctx, site, nil, out.WriteFile); err != nil {
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
// every static file to write, on all cores. With a cache, a page whose
// fingerprint is the one it had in the cache's last good build is not
// rendered again: its bytes are; the result is the same. Broken links are
// returned together as timeline.Problems after every page was rendered;
// other errors stop the work at once, as does ctx.
func Write(ctx context.Context, site *Site, cache *Cache, write func(rel string, data []byte) error) error {
	plan := cache.plan(site)
	links := newLinkChecker(site)
	var (
		mu    sync.Mutex
		probs timeline.Problems
	)
	checkLinks := func(p render.Page, data []byte) {
		if broken := links.check(site, p, data); len(broken) > 0 {
			mu.Lock()
			probs = append(probs, broken...)
			mu.Unlock()
		}
	}
	renderPage := func(i int) error {
		p := site.Pages[i]
		if data, ok := plan.reuse(i, p); ok {
			if plan.recheck {
				checkLinks(p, data)
			}
			return write(p.File, data)
		}
		var buf bytes.Buffer
		buf.Grow(plan.lastSize(p))
		if err := site.Renderer.Render(&buf, p); err != nil {
			return err
		}
		checkLinks(p, buf.Bytes())
		plan.keep(i, buf.Bytes())
		return write(p.File, buf.Bytes())
	}
	g, working := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range site.Pages {
		if working.Err() != nil {
			break
		}
		g.Go(func() error { return renderPage(i) })
	}
	for _, name := range slices.Sorted(maps.Keys(site.Static)) {
		if working.Err() != nil {
			break
		}
		g.Go(func() error { return write(name, site.Static[name]) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // cancelled by the caller: not every page was written
	}
	if err := load.Locate(site.source, probs).Err(); err != nil {
		return err
	}
	cache.remember(site, plan)
	return nil
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
