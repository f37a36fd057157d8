package serve

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// clientPath is where, below the base path, the live-reload client and the
// event stream are served.
const (
	clientPath = "_dateline/live.js"
	eventsPath = "_dateline/events"
)

//go:embed live.js
var liveJS []byte

// A Server holds the last good build of a site in memory and serves it.
type Server struct {
	opts     build.Options
	stdout   io.Writer // a NewLog: every line starts with the time
	busyPort string    // DefaultAddr's port, when it was in use and serve listens at another

	site    atomic.Pointer[builtSite] // last good build; nil before the first
	builds  atomic.Int64              // counts rebuilds, good or not
	version string                    // distinguishes this process's builds from an earlier one's

	cache  *build.Cache // what rebuilds keep of each other; used only by Rebuild
	reused atomic.Int64 // pages the last good build took from the one before

	mu      sync.Mutex // guards state and clients
	state   message    // the current "ok" or "error" message, sent first to every new client
	clients map[chan message]struct{}
}

// builtSite is one good build: every output file by its path below the base.
// Before the first good build it is a placeholder (see placeholder).
type builtSite struct {
	base        string // "/" or "/repo/"
	files       map[string][]byte
	placeholder bool
}

// New makes a Server for the site opts describe; call Rebuild to build it.
// What it prints to stdout goes through NewLog.
func New(opts build.Options, stdout io.Writer) *Server {
	if opts.Source == "" {
		opts.Source = "."
	}
	return &Server{
		opts:    opts,
		stdout:  NewLog(stdout),
		version: fmt.Sprintf("%x", time.Now().UnixNano()),
		state:   message{Event: "ok", Data: `{"version":"0"}`},
		clients: map[chan message]struct{}{},
		cache:   build.NewCache(),
	}
}

// BasePath is the path the site is served under, "/" or "/repo/", as of the
// last good build (or of site.toml, before one).
func (s *Server) BasePath() string {
	if site := s.site.Load(); site != nil {
		return site.base
	}
	return basePath(s.opts)
}

// Rebuild builds the site afresh, swaps it in when it is good, prints one
// line about it (with the problems, when it failed) and tells every open
// page. changed lists the source paths that triggered it (nil for the first
// build, which says "built N pages", where later ones say how many pages
// they rendered again and after which change). Pages whose fingerprint is
// unchanged keep their bytes from the last good build (see build.Cache);
// the result is the same as a full build's. Rebuild must not be called
// concurrently.
func (s *Server) Rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	n := s.builds.Add(1)
	if len(changed) > 0 {
		// Every rebuild loads the site, so these are the changes since
		// the last load: the files the watcher did not name are not looked at.
		s.cache.Changed(changed)
	}
	site, pages, err := buildFrom(ctx, s.opts, s.cache)
	elapsed := time.Since(start).Milliseconds()
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		if len(changed) == 0 {
			fmt.Fprintf(s.stdout, "build failed in %d ms:\n%s\n", elapsed, err)
		} else {
			fmt.Fprintf(s.stdout, "rebuild failed in %d ms after %s:\n%s\n", elapsed, describeChange(changed), err)
		}
		probs := problemsOf(s.opts.Source, err)
		if last := s.site.Load(); last == nil || last.placeholder {
			// Nothing good to show yet: every page lists the problems, the
			// ones of this build, not of the first.
			s.site.Store(placeholder(basePath(s.opts), probs))
		}
		s.setState(message{Event: "error", Data: encodeProblems(probs)}, true)
		return
	}
	s.site.Store(site)
	reused := int64(s.cache.Reused())
	s.reused.Store(reused)
	if len(changed) == 0 {
		// Every page of a first build is rendered: "32 of 32 re-rendered"
		// would only puzzle.
		fmt.Fprintf(s.stdout, "built %d %s in %d ms\n", pages, plural(pages, "page", "pages"), elapsed)
	} else {
		fmt.Fprintf(s.stdout, "rebuilt %d of %d pages in %d ms after %s\n", int64(pages)-reused, pages, elapsed, describeChange(changed))
	}
	version := fmt.Sprintf(`{"version":"%s-%d"}`, s.version, n)
	event := "reload"
	if onlyStylesheets(changed) {
		event = "css"
	}
	s.setState(message{Event: "ok", Data: version}, false)
	s.broadcast(message{Event: event, Data: version})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// placeholder stands in for the site until its first good build, as its
// home page and as the page of every other address. It lists probs, the
// problems of the last build, as the client's overlay does after later
// builds, so that they show at once (and without JavaScript), and it loads
// the client, which lists the problems anew when they change and reloads
// the page once the site builds. With no problems (no build has run yet),
// it says so.
func placeholder(base string, probs []problem) *builtSite {
	var page strings.Builder
	err := placeholderPage.Execute(&page, struct {
		Client   string
		Problems []problem
	}{base + clientPath, probs})
	if err != nil {
		panic(err) // the template and its data are fixed; tests run it
	}
	data := []byte(page.String())
	return &builtSite{base: base, placeholder: len(probs) > 0,
		files: map[string][]byte{"index.html": data, "404.html": data, clientPath: liveJS}}
}

// placeholderPage is the page of placeholder. Its list has the overlay's id,
// so that the client replaces it, and the overlay's look; keep its styles in
// step with showOverlay in live.js. data-placeholder tells the client that
// the page is no page of the site, so that it reloads once the site builds.
var placeholderPage = template.Must(template.New("placeholder").Parse(`<!doctype html>
<html><head><meta charset="utf-8">
<title>{{if .Problems}}Build failed{{else}}Building{{end}} - dateline serve</title>
<script src="{{.Client}}"{{if .Problems}} data-placeholder{{end}} defer></script>
<style>
#dateline-errors{position:fixed;inset:0;overflow:auto;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2em}
#dateline-errors h2{margin:0 0 1em;font:bold 18px sans-serif;color:#ffb4b4}
#dateline-errors div{margin:0 0 1.2em}
#dateline-errors pre{margin:.3em 0 0;padding:.4em .8em;background:#000;color:#ddd;white-space:pre-wrap}
</style></head>
<body>
{{- if .Problems}}
<div id="dateline-errors" role="alert">
<h2>Build failed: the site has not built yet</h2>
{{- range .Problems}}
<div>{{if .Pos}}{{.Pos}}: {{end}}{{.Msg}}{{if .Line}}<pre>{{.Line}}</pre>{{end}}</div>
{{- end}}
</div>
{{- else}}
<p>The site has not built yet; this page reloads when it has.</p>
{{- end}}
</body></html>
`))

// buildSite runs a full build in memory, returning it and its page count.
func buildSite(ctx context.Context, opts build.Options) (*builtSite, int, error) {
	return buildFrom(ctx, opts, nil)
}

// buildFrom builds the site in memory, taking what it can from cache
// (which may be nil), and returns the build and its page count.
func buildFrom(ctx context.Context, opts build.Options, cache *build.Cache) (*builtSite, int, error) {
	// The live-reload client is one of the site's files, so that the link
	// checker accepts its address on every page and it is served like any
	// other file.
	opts.LocalBase, opts.Script, opts.Files = true, clientPath, map[string][]byte{clientPath: liveJS}
	folder, err := source.Open(opts.Source)
	if err != nil {
		return nil, 0, err
	}
	defer folder.Close() // until Write has located its problems
	site, err := build.Prepare(folder, opts, cache)
	if err != nil {
		return nil, 0, err
	}
	var mu sync.Mutex
	files := make(map[string][]byte, len(site.Pages)+len(site.Static))
	err = build.Write(ctx, site, cache, func(rel string, data []byte) error {
		mu.Lock()
		files[rel] = data
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return &builtSite{base: site.Renderer.BasePath(), files: files}, len(site.Pages), nil
}

// basePath is the path of the site's base URL, "/" or "/repo/", read from
// --base-url or else from site.toml.
func basePath(opts build.Options) string {
	raw := opts.BaseURL
	if raw == "" {
		if folder, err := source.Open(opts.Source); err == nil {
			// A broken site.toml is reported by the build itself.
			cfg, _ := load.ReadConfig(folder)
			folder.Close()
			raw = cfg.BaseURL
		}
	}
	return render.BasePath(raw)
}

// problem is one build error as the client shows it.
type problem struct {
	Pos  string `json:"pos"`
	Msg  string `json:"msg"`
	Line string `json:"line,omitempty"` // the source text at Pos, when known
}

// problemsOf lists the problems of a failed build, each with its source line.
func problemsOf(sourceDir string, err error) []problem {
	var probs timeline.Problems
	if !errors.As(err, &probs) {
		return []problem{{Msg: err.Error()}}
	}
	// Lines are read through source.Open, which refuses symbolic links
	// that lead out of the site: error events must never show another
	// file's lines.
	var src fs.FS
	if folder, err := source.Open(sourceDir); err == nil {
		defer folder.Close()
		src = folder
	}
	out := make([]problem, len(probs))
	for i, p := range probs {
		out[i] = problem{Pos: p.Pos.String(), Msg: p.Msg, Line: sourceLine(src, p.Pos)}
	}
	return out
}

// sourceLine is line pos.Line of the file pos.Path below src, or "" when
// there is none (or no src). Paths that are not plain relative paths (such
// as built-in templates) are never opened.
func sourceLine(src fs.FS, pos timeline.Pos) string {
	if src == nil || pos.Line <= 0 || !fs.ValidPath(pos.Path) {
		return ""
	}
	f, err := src.Open(pos.Path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n == pos.Line {
			return strings.TrimRight(sc.Text(), "\r")
		}
	}
	return ""
}
