// Package serve is Dateline's live preview: it builds a site into memory,
// serves it over HTTP and rebuilds it whenever its source changes, telling
// every open page to reload.
//
// It promises:
//   - the served files are exactly those "dateline build" would write with
//     the same options, plus the live-reload client _dateline/live.js that
//     every page loads; nothing is written to disk and nothing outside the
//     built site is ever served (the files live in a map, not a folder);
//   - the site is served under the path of its base_url (e.g. /dateline/),
//     so its links work; "/" redirects there;
//   - only requests for this server are answered, on every path: their Host
//     must be localhost, a loopback address, the listening address (any IP
//     address when that is all interfaces) or a name in AllowedHosts, with
//     the listening port; others get 403, so that no page elsewhere can read
//     the preview by re-pointing its own name at it (DNS rebinding);
//   - error events show source lines only of files inside the site folder,
//     never of a file a symbolic link leads to outside it;
//   - pages learn of each rebuild through Server-Sent Events at
//     <base>_dateline/events: "reload" after a good build, "css" when only
//     stylesheets changed, "error" (JSON problems) after a failed build, while
//     the last good site keeps being served; the first message of every
//     connection is the current state, "ok" or "error";
//   - every rebuild checks the whole site in memory: it parses again only
//     the files the watcher named (the others' parse, and the HTML of
//     unchanged Markdown, are kept from the build before), then renders
//     again only the pages whose fingerprint (a hash of all the page
//     reads: templates, base path, static files' addresses and its data)
//     differs from the last good build's, reusing the others' bytes; the
//     result is byte for byte a full build's, with the site's own
//     templates too. A burst of changes costs one or two rebuilds; the
//     watcher starts before the first build, so no save is missed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/watch"
)

// Options say what to serve and how.
type Options struct {
	build.Options               // Source, BaseURL, Drafts; Dest is not used
	Addr          string        // listen address; default 127.0.0.1:1313
	Poll          time.Duration // when > 0, poll for changes at this interval instead of using inotify
	AllowedHosts  []string      // host names answered besides localhost and the listening address; see CheckAllowedHost
}

// DefaultAddr is where serve listens unless told otherwise: loopback only, as
// a preview is not meant for the network.
const DefaultAddr = "127.0.0.1:1313"

// Run serves the site until ctx is done, printing each rebuild to stdout.
func Run(ctx context.Context, opts Options, stdout io.Writer) error {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if err := opts.Validate(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, opts, stdout)
}

// Serve is Run on a TCP listener the caller opened (tests use port 0).
func Serve(ctx context.Context, ln net.Listener, opts Options, stdout io.Writer) error {
	for _, name := range opts.AllowedHosts {
		if err := CheckAllowedHost(name); err != nil {
			return fmt.Errorf("allowed host %q: %w", name, err)
		}
	}
	return New(opts.Options, stdout).serve(ctx, ln, opts.Poll, opts.AllowedHosts...)
}

// serve builds the site, then serves it on ln to requests for its address,
// localhost or allowedHosts, and rebuilds it on every change until ctx is
// done.
func (s *Server) serve(ctx context.Context, ln net.Listener, poll time.Duration, allowedHosts ...string) error {
	// Watch before the first build, so that a save made while it runs is
	// not missed.
	changes := make(chan []string)
	watchErr := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		opts := watch.Options{Poll: poll, Log: s.stdout, Ready: func() { close(ready) }}
		watchErr <- watch.Watch(ctx, s.opts.Source, opts, changes)
	}()
	select {
	case <-ready:
	case err := <-watchErr:
		if err == nil {
			return nil // ctx is done
		}
		return fmt.Errorf("watching %s: %w", s.opts.Source, err)
	}
	s.Rebuild(ctx, nil)
	srv := &http.Server{
		Handler:           guardHosts(s, ln.Addr(), allowedHosts),
		ReadHeaderTimeout: 10 * time.Second,
		// Requests end with ctx, so event streams close on Ctrl-C and
		// Shutdown does not wait for them.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	fmt.Fprintf(s.stdout, "serving http://%s%s (Ctrl-C to stop)\n", ln.Addr(), s.BasePath())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	for {
		select {
		case batch := <-changes:
			s.Rebuild(ctx, batch)
		case err := <-watchErr:
			if err != nil {
				shutdown(srv)
				return fmt.Errorf("watching %s: %w", s.opts.Source, err)
			}
			watchErr = nil // ctx is done; the next case ends the loop
		case err := <-serveErr:
			if !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		case <-ctx.Done():
			shutdown(srv)
			return nil
		}
	}
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		srv.Close()
	}
}

// describeChange names what a batch changed, for the rebuild line.
func describeChange(paths []string) string {
	switch len(paths) {
	case 0:
		return "initial build"
	case 1:
		return paths[0]
	}
	return fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
}

// onlyStylesheets reports whether every changed path is a stylesheet below
// static/, which pages can pick up without reloading.
func onlyStylesheets(paths []string) bool {
	for _, p := range paths {
		if !strings.HasPrefix(p, "static/") || !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return len(paths) > 0
}
