package serve

import (
	"mime"
	"net/http"
	"path"
	"strings"
)

// ServeHTTP serves the last good build. Paths are looked up in the build's
// map of files, never on disk, so no path can reach any other file; paths
// with ".." segments, backslashes or NUL bytes are refused outright.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The preview changes with every save, so nothing may be cached.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	site := s.site.Load()
	if site == nil {
		site = placeholder(s.BasePath())
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
