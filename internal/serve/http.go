package serve

import (
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"path"
	"strings"
)

// ServeHTTP serves the last good build. Paths are looked up in the build's
// map of files, never on disk, so no path can reach any other file; paths
// with ".." segments, backslashes or NUL bytes are refused outright.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setPreviewHeaders(w)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	site := s.site.Load()
	if site == nil {
		site = placeholder(s.BasePath(), nil)
	}
	p := r.URL.Path
	if !safePath(p) {
		s.notFound(w, site)
		return
	}
	if site.base != "/" && (p == "/" || p+"/" == site.base) {
		http.Redirect(w, r, site.base, http.StatusFound)
		return
	}
	rel, ok := strings.CutPrefix(p, site.base)
	if !ok {
		s.notFound(w, site)
		return
	}
	if isEventsRequest(rel) {
		s.serveEvents(w, r)
		return
	}
	s.serveFile(w, r, site, rel)
}

// setPreviewHeaders sets the headers of every answer: the preview changes
// with every save, so nothing may be cached, and no type may be guessed.
func setPreviewHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

// safePath accepts only clean absolute URL paths: no "..", no "." segments
// other than a trailing slash, no empty segments ("//"), no backslashes or
// NUL bytes. r.URL.Path is already percent-decoded, so "%2e%2e" is caught.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return !strings.Contains(p, "//")
}

// serveFile serves the file at rel, a folder's index.html, or the 404 page.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, site *builtSite, rel string) {
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := site.files[name]
	if !ok {
		if _, isDir := site.files[name+"/index.html"]; isDir {
			// As static hosts do: a folder without its slash moves to it, so
			// the page's relative links resolve.
			http.Redirect(w, r, site.base+rel+"/", http.StatusFound)
			return
		}
		s.notFound(w, site)
		return
	}
	w.Header().Set("Content-Type", contentType(name))
	_, _ = w.Write(data)
}

// notFound answers 404 with the site's own 404 page.
func (s *Server) notFound(w http.ResponseWriter, site *builtSite) {
	page, ok := site.files["404.html"]
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(page)
}

func contentType(name string) string {
	ext := path.Ext(name)
	if ext == ".html" {
		return "text/html; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// A hostGuard answers only requests whose Host header names this server:
// localhost, a loopback address, the address it listens on (any IP address
// when that is all interfaces) or an allowed name, each with the listening
// port. Without it a page elsewhere whose name an attacker re-points at
// 127.0.0.1 (DNS rebinding) could read the preview, drafts, and the source
// lines of error events. IP literals cannot be re-pointed, so only names
// need allowing.
type hostGuard struct {
	next  http.Handler
	port  string          // the listening port; "" refuses everything
	ip    netip.Addr      // the listening address, unmapped
	names map[string]bool // normalized names: localhost and the allowed ones
}

// guardHosts wraps next in a hostGuard for a server listening at addr.
// allowed holds extra host names, without port (see CheckAllowedHost).
func guardHosts(next http.Handler, addr net.Addr, allowed []string) *hostGuard {
	g := &hostGuard{next: next, names: map[string]bool{"localhost": true}}
	if ap, err := netip.ParseAddrPort(addr.String()); err == nil {
		g.ip, g.port = ap.Addr().Unmap().WithZone(""), fmt.Sprint(ap.Port())
	}
	for _, name := range allowed {
		g.names[normalHost(strings.Trim(name, "[]"))] = true
	}
	return g
}

func (g *hostGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !g.allows(r.Host) {
		setPreviewHeaders(w)
		http.Error(w, g.refusal(r.Host), http.StatusForbidden)
		return
	}
	g.next.ServeHTTP(w, r)
}

// allows reports whether a request for hostport is one for this server.
func (g *hostGuard) allows(hostport string) bool {
	host, port := splitHost(hostport)
	if g.port == "" || port != g.port {
		return false
	}
	if ip, err := netip.ParseAddr(host); err == nil && (ip.IsLoopback() || ip == g.ip || g.ip.IsUnspecified()) {
		return true
	}
	return g.names[host]
}

func (g *hostGuard) refusal(hostport string) string {
	return fmt.Sprintf("dateline serve refused host %q: it answers only localhost, "+
		"the address it listens on and names allowed with --allowed-host NAME, at port %s.", hostport, g.port)
}

// splitHost splits a Host header into its normalized host, without
// brackets, and its port, which is 80 when none is given, as browsers omit
// the default port.
func splitHost(hostport string) (host, port string) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), "80"
	}
	return normalHost(host), port
}

// normalHost spells a host one way: lower case, without the trailing dot
// of a fully qualified name ("LocalHost." is "localhost"), and an IP
// address in its canonical form ("::ffff:127.0.0.1" is "127.0.0.1").
func normalHost(name string) string {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	if ip, err := netip.ParseAddr(name); err == nil {
		return ip.Unmap().WithZone("").String()
	}
	return name
}

// CheckAllowedHost reports whether name can be an allowed host: an exact
// host name or IP address, without port or wildcard.
func CheckAllowedHost(name string) error {
	if _, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
		return nil
	}
	bad := errors.New("want an exact host name such as preview.example.test, without port or wildcard")
	name = normalHost(name)
	if len(name) > 253 {
		return bad
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return bad
		}
	}
	return nil
}
