// Package serve is Dateline's live preview: it builds a site into memory,
// serves it over HTTP and rebuilds it whenever its source changes, telling
// every open page to reload.
//
// It promises:
//   - the served files are exactly those "dateline build" would write with
//     the same options, plus the live-reload client _dateline/live.js that
//     every page loads; nothing is written to disk and nothing outside the
//     built site is ever served (the files live in a map, not a folder);
//   - the site is served under the path of its base_url (e.g. /dateline/;
//     the scheme and host of base_url play no part), so its links work; "/"
//     redirects there;
//   - without an address it listens at 127.0.0.1:1313, or when that port is
//     in use at the first free one of the next nine, and says so; an address
//     it was given and cannot have is an error (*AddrInUseError);
//   - the first line it prints names the address to open, and every line
//     starts with the local time (see NewLog);
//   - only requests for this server are answered, on every path: their Host
//     must be localhost, a loopback address, the listening address (any IP
//     address when that is all interfaces) or a name in AllowedHosts, with
//     the listening port; others get 403, so that no page elsewhere can read
//     the preview by re-pointing its own name at it (DNS rebinding);
//   - error events show source lines only of files inside the site folder,
//     never of a file a symbolic link leads to outside it;
//   - when the first build fails, every page is one listing its problems as
//     the overlay does, which reloads once the site builds;
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
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/watch"
)

// Options say what to serve and how.
type Options struct {
	build.Options               // Source, BaseURL, Drafts; Dest is not used
	Addr          string        // listen address; "" is DefaultAddr or, when its port is in use, one of the next free ones
	Poll          time.Duration // when > 0, poll for changes at this interval instead of using inotify
	AllowedHosts  []string      // host names answered besides localhost and the listening address; see CheckAllowedHost
}

// DefaultAddr is where serve listens unless told otherwise: loopback only, as
// a preview is not meant for the network.
const DefaultAddr = "127.0.0.1:1313"

// defaultPorts is how many ports, from DefaultAddr's on, serve tries when
// it was given no address: enough for a few previews side by side.
const defaultPorts = 10

// Run serves the site until ctx is done, printing each rebuild to stdout.
func Run(ctx context.Context, opts Options, stdout io.Writer) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	ln, busy, err := listen(opts.Addr, DefaultAddr, defaultPorts)
	if err != nil {
		return err
	}
	return serveListener(ctx, ln, opts, stdout, busy)
}

// Serve is Run on a TCP listener the caller opened (tests use port 0).
func Serve(ctx context.Context, ln net.Listener, opts Options, stdout io.Writer) error {
	return serveListener(ctx, ln, opts, stdout, "")
}

// serveListener is Serve, saying first that port busy was in use when it is set.
func serveListener(ctx context.Context, ln net.Listener, opts Options, stdout io.Writer, busy string) error {
	for _, name := range opts.AllowedHosts {
		if err := CheckAllowedHost(name); err != nil {
			return fmt.Errorf("allowed host %q: %w", name, err)
		}
	}
	s := New(opts.Options, stdout)
	s.busyPort = busy
	return s.serve(ctx, ln, opts.Poll, opts.AllowedHosts...)
}

// An AddrInUseError says that the address serve was to listen at is taken,
// most likely by another preview. It is no mistake in the site nor in the
// command line (the same command works once the other server stops), so
// the command exits 1, as for other errors, not 2.
type AddrInUseError struct {
	Addr  string // the address given, or the default
	Ports int    // when more than 1, the ports from Addr's on that were all tried
}

func (e *AddrInUseError) Error() string {
	if host, port, err := net.SplitHostPort(e.Addr); err == nil && e.Ports > 1 {
		first, _ := strconv.Atoi(port)
		return fmt.Sprintf("ports %d to %d of %s are all in use; use --addr 127.0.0.1:0 for any free port, or stop the other servers",
			first, first+e.Ports-1, host)
	}
	return fmt.Sprintf("cannot listen at %s: it is in use; use --addr 127.0.0.1:0 for any free port, or stop the other server", e.Addr)
}

// listen opens addr or, when addr is "", def or the first free one of the
// ports ports from def's on; busy is then def's port when it was in use.
// Only "in use" moves on to the next port: any other failure would recur
// on every one.
func listen(addr, def string, ports int) (ln net.Listener, busy string, err error) {
	if addr != "" {
		ln, err = net.Listen("tcp", addr)
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, "", &AddrInUseError{Addr: addr, Ports: 1}
		}
		return ln, "", err
	}
	host, port, err := net.SplitHostPort(def)
	if err != nil {
		return nil, "", err
	}
	first, err := strconv.Atoi(port)
	if err != nil {
		return nil, "", err
	}
	for p := first; p < first+ports; p++ {
		ln, err = net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err == nil {
			if p != first {
				busy = port
			}
			return ln, busy, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, "", err
		}
	}
	return nil, "", &AddrInUseError{Addr: def, Ports: ports}
}

// openURL is the address to open in a browser for a site served under base
// on ln: the listening address, or localhost when that is every interface
// (http://0.0.0.0:1313/ is no address to open).
func openURL(ln net.Listener, base string) string {
	host := ln.Addr().String()
	if ap, err := netip.ParseAddrPort(host); err == nil && ap.Addr().IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(int(ap.Port())))
	}
	return "http://" + host + base
}

// serve builds the site, then serves it on ln to requests for its address,
// localhost or allowedHosts, and rebuilds it on every change until ctx is
// done.
func (s *Server) serve(ctx context.Context, ln net.Listener, poll time.Duration, allowedHosts ...string) error {
	// The address comes first, before any notice of the watcher and before
	// the first build, which can take seconds on a big site: the browser can
	// be opened meanwhile (the request waits for the build).
	url := openURL(ln, s.BasePath())
	if s.busyPort != "" {
		fmt.Fprintf(s.stdout, "port %s is in use; serving at %s instead (Ctrl-C to stop)\n", s.busyPort, url)
	} else {
		fmt.Fprintf(s.stdout, "serving %s (Ctrl-C to stop)\n", url)
	}
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

// describeChange names what a batch changed, for the rebuild line: "a
// change to a.toml", "changes to a.toml and b.md", "changes to a.toml and 3
// other files". The watcher has left out the temporary files that came and
// went, so every path named is one that changed.
func describeChange(paths []string) string {
	switch len(paths) {
	case 0:
		return "no change"
	case 1:
		return "a change to " + paths[0]
	case 2:
		return "changes to " + paths[0] + " and " + paths[1]
	}
	return fmt.Sprintf("changes to %s and %d other files", paths[0], len(paths)-1)
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
