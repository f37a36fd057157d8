package build

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// Where a published site is crawled: a GitHub project page under a
// sub-path, and a custom domain at the root, named in site.toml's cname.
var publishedSites = []struct{ base, cname string }{
	{"https://example.github.io/repo/", ""},
	{"https://news.example.org/", "news.example.org"},
}

// Files in the output that no link needs to reach: the not-found page is
// served in place of missing addresses, the others are read by the host or
// by the next build.
var unlinkedFiles = map[string]bool{"404.html": true, ".nojekyll": true, "CNAME": true, ".dateline-output": true,
	"robots.txt": true, "sitemap.xml": true} // found by crawlers at their well-known names

// TestCrawlPublishedSite builds the example site for each published base,
// serves it as GitHub Pages would and follows every address of every page
// from the home page.
func TestCrawlPublishedSite(t *testing.T) {
	for _, site := range publishedSites {
		t.Run(site.base, func(t *testing.T) {
			dest, srv := publishExample(t, site.base, withCNAME(t, site.cname))
			crawlSite(t, srv, site.base, dest)
			checkCNAME(t, dest, site.cname)
		})
	}
}

// TestNotFoundFromAnyDepth fetches missing addresses at several depths, as a
// reader following a stale link would, and expects the 404 page served there
// to have every link and asset work relative to that address.
func TestNotFoundFromAnyDepth(t *testing.T) {
	for _, site := range publishedSites {
		t.Run(site.base, func(t *testing.T) {
			dest, srv := publishExample(t, site.base, withCNAME(t, site.cname))
			crawlNotFound(t, srv, site.base, dest)
		})
	}
}

// withCNAME is an overlay setting cname in the example site's site.toml, or
// none when cname is empty.
func withCNAME(t *testing.T, cname string) map[string]string {
	if cname == "" {
		return nil
	}
	site := sitetest.ReadFile(t, filepath.Join("..", "..", "site.toml"))
	site = strings.Replace(site, `base_url = "https://example.github.io/dateline/"`, `base_url = "https://`+cname+`/"`, 1)
	return map[string]string{"site.toml": "cname = \"" + cname + "\"\n" + site}
}

// checkCNAME expects the output to hold a CNAME file naming cname, or none
// when cname is empty, and an empty .nojekyll either way.
func checkCNAME(t *testing.T, dest, cname string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(dest, "CNAME"))
	switch {
	case cname == "" && err == nil:
		t.Errorf("CNAME = %q, want none", got)
	case cname != "" && string(got) != cname+"\n":
		t.Errorf("CNAME = %q (%v), want %q", got, err, cname+"\n")
	}
	if got, err := os.ReadFile(filepath.Join(dest, ".nojekyll")); err != nil || len(got) != 0 {
		t.Errorf(".nojekyll = %q (%v), want an empty file", got, err)
	}
}

// crawlSite follows every address from the home page and expects every
// file of dest to be reached.
func crawlSite(t testing.TB, srv *httptest.Server, base, dest string) {
	c := newCrawler(t, srv, base)
	c.follow(c.prefix, "the start")
	c.run()
	c.checkFragments()
	c.checkOrphans(dest)
}

// missingAddresses are below the base path and name no file, at depths a
// stale link might have.
var missingAddresses = []string{"nope", "a/b/c/", "events/nope/deep/x.html", "events/arrives-beijing/nope/", "style.css/x"}

// crawlNotFound fetches each missing address, expecting the site's 404 page,
// and follows that page's addresses as resolved from there.
func crawlNotFound(t testing.TB, srv *httptest.Server, base, dest string) {
	want, err := os.ReadFile(filepath.Join(dest, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	c := newCrawler(t, srv, base)
	for _, missing := range missingAddresses {
		body, ok := c.fetch(c.prefix+missing, http.StatusNotFound, "a stale link")
		if !ok {
			continue
		}
		if body != string(want) {
			t.Errorf("%s%s: the body is not the site's 404.html", c.prefix, missing)
		}
		c.scan(c.prefix+missing, body, false)
	}
	c.run()
	c.checkFragments()
}

// publishExample builds the example site, with the files of overlay (path →
// text) added to its source, for base, and serves the output under the
// base's path.
func publishExample(t *testing.T, base string, overlay map[string]string) (string, *httptest.Server) {
	t.Helper()
	src := sitetest.CopyExample(t)
	for p, text := range overlay {
		sitetest.WriteFile(t, filepath.Join(src, filepath.FromSlash(p)), text)
	}
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest, base)
	srv := httptest.NewServer(pagesHandler(t, dest, basePath(t, base)))
	t.Cleanup(srv.Close)
	return dest, srv
}

func basePath(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// pagesHandler serves dest at prefix the way GitHub Pages serves a project
// site: files as they are, a folder by its index.html, and anything else
// below prefix by 404.html with status 404. Addresses outside prefix belong
// to another site and get a bare 404, so a link escaping the base path fails.
func pagesHandler(t *testing.T, dest, prefix string) http.Handler {
	notFound, err := os.ReadFile(filepath.Join(dest, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dest)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if servable(dest, rel) {
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(notFound)
	})
}

// servable reports whether rel names a file in dest, or a folder holding an
// index.html (GitHub Pages lists no folders).
func servable(dest, rel string) bool {
	full := filepath.Join(dest, filepath.FromSlash(path.Clean("/"+rel)))
	info, err := os.Stat(full)
	if err == nil && info.IsDir() {
		info, err = os.Stat(filepath.Join(full, "index.html"))
	}
	return err == nil && !info.IsDir()
}

// A crawler follows the addresses of a published site served by a test
// server, reporting each problem through t.
type crawler struct {
	t       testing.TB
	client  *http.Client
	server  *url.URL // the test server, standing in for the published host
	base    *url.URL // the published base URL
	prefix  string   // the base path, "/repo/" or "/"
	queue   []target
	queued  map[string]bool     // path and query of every address queued
	reached map[string]bool     // output files fetched with status 200
	ids     map[string]idSet    // ids of each HTML page fetched, by path
	frags   []fragmentLink      // links with a fragment, checked after the crawl
	found   map[string][]string // pages where each address was found, for messages
}

type target struct{ addr, from string }

type idSet map[string]bool

type fragmentLink struct {
	from, raw, path, fragment string
}

func newCrawler(t testing.TB, srv *httptest.Server, base string) *crawler {
	server, _ := url.Parse(srv.URL)
	published, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	client := srv.Client()
	// A redirect is not followed: a link must name a page's own address,
	// with its trailing slash, not one the host has to correct.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &crawler{
		t: t, client: client, server: server, base: published, prefix: published.Path,
		queued: map[string]bool{}, reached: map[string]bool{}, ids: map[string]idSet{}, found: map[string][]string{},
	}
}

// follow queues an address (a path with an optional query, on the test
// server) unless it was queued before.
func (c *crawler) follow(addr, from string) {
	c.found[addr] = append(c.found[addr], from)
	if c.queued[addr] {
		return
	}
	c.queued[addr] = true
	c.queue = append(c.queue, target{addr, from})
}

// run fetches every queued address, expecting 200, and scans each HTML page
// for more.
func (c *crawler) run() {
	for len(c.queue) > 0 {
		next := c.queue[0]
		c.queue = c.queue[1:]
		body, ok := c.fetch(next.addr, http.StatusOK, next.from)
		if !ok {
			continue
		}
		u, _ := url.Parse(next.addr)
		c.reached[c.outputFile(u.Path)] = true
		if isHTMLPage(u.Path) {
			c.scan(next.addr, body, true)
		}
	}
}

// outputFile is the file below the output folder that a path on the server
// names.
func (c *crawler) outputFile(p string) string {
	rel := strings.TrimPrefix(p, c.prefix)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel
}

func isHTMLPage(p string) bool {
	return p == "" || strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html")
}

// fetch gets addr from the test server and reports whether it answered with
// want; from says where the address was found.
func (c *crawler) fetch(addr string, want int, from string) (string, bool) {
	c.t.Helper()
	resp, err := c.client.Get(c.server.String() + addr)
	if err != nil {
		c.t.Errorf("%s (found on %s): %v", addr, from, err)
		return "", false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Errorf("%s: %v", addr, err)
		return "", false
	}
	if resp.StatusCode != want {
		if found := c.found[addr]; len(found) > 0 {
			from = strings.Join(found, ", ")
		}
		c.t.Errorf("%s answers %s, want %d; found on %s", addr, resp.Status, want, from)
		return "", false
	}
	return string(body), true
}

// scan checks every address in the page served at addr and queues those of
// the site. self says whether the page is served at its own address (not
// as the stand-in for a missing one), so its canonical address must name it.
func (c *crawler) scan(addr, page string, self bool) {
	c.t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		c.t.Errorf("%s: %v", addr, err)
		return
	}
	pageURL, _ := url.Parse(c.server.String() + addr)
	ids := elementIDs(doc)
	if self {
		c.ids[pageURL.Path] = ids
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "base" && attrOf(n, "href") != "" {
			// A <base target> alone (an embeddable view's) changes no address.
			c.t.Errorf("%s has a <base href>, which this crawler does not resolve against", addr)
		}
		for _, ref := range references(n) {
			c.check(pageURL, ids, ref, self)
		}
	}
}

// elementIDs lists what a fragment may name in doc: ids, and the names of
// <a> elements.
func elementIDs(doc *html.Node) idSet {
	ids := idSet{}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "id" || n.Data == "a" && a.Key == "name" {
				ids[a.Val] = true
			}
		}
	}
	return ids
}

// A reference is one address in a page.
type reference struct {
	where     string // the element and attribute, for messages
	value     string
	absolute  bool // must be a full URL under the published base
	asset     bool // a stylesheet or script, which must carry a content hash
	canonical bool // must name the page it is on
}

// references lists the addresses held by element n.
func references(n *html.Node) []reference {
	if n.Type != html.ElementNode {
		return nil
	}
	var out []reference
	attr := func(key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	rel, _ := attr("rel")
	rels := strings.Fields(strings.ToLower(rel))
	for _, a := range n.Attr {
		where := "<" + n.Data + " " + a.Key + ">"
		switch {
		case a.Key == "href" && n.Data == "link":
			canonical := hasAny(rels, "canonical")
			out = append(out, reference{where: where, value: a.Val,
				absolute: canonical, canonical: canonical, asset: hasAny(rels, "stylesheet", "modulepreload")})
		case a.Key == "href" || a.Key == "poster":
			out = append(out, reference{where: where, value: a.Val})
		case a.Key == "src":
			out = append(out, reference{where: where, value: a.Val, asset: n.Data == "script"})
		case a.Key == "srcset" || a.Key == "imagesrcset":
			for _, candidate := range strings.Split(a.Val, ",") {
				if f := strings.Fields(candidate); len(f) > 0 {
					out = append(out, reference{where: where, value: f[0]})
				}
			}
		}
	}
	if n.Data == "meta" {
		property, _ := attr("property")
		if property == "" {
			property, _ = attr("name")
		}
		switch property {
		case "og:url", "og:image", "og:image:url", "og:image:secure_url", "og:audio", "og:video", "twitter:image":
			content, _ := attr("content")
			out = append(out, reference{where: `<meta property="` + property + `">`, value: content, absolute: true})
		}
	}
	return out
}

func hasAny(list []string, want ...string) bool {
	return slices.ContainsFunc(want, func(w string) bool { return slices.Contains(list, w) })
}

var contentHash = regexp.MustCompile(`^[0-9a-f]{8,}$`)

// check asserts one address of the page at pageURL, whose element ids are
// ids, is sound, and queues it when it belongs to the site.
func (c *crawler) check(pageURL *url.URL, ids idSet, ref reference, self bool) {
	c.t.Helper()
	on := pageURL.Path + " " + ref.where
	u, err := url.Parse(strings.TrimSpace(ref.value))
	if err != nil {
		c.t.Errorf("%s: bad address %q: %v", on, ref.value, err)
		return
	}
	if ref.absolute && !strings.HasPrefix(ref.value, c.base.String()) {
		c.t.Errorf("%s = %q, want a full URL under %s", on, ref.value, c.base)
		return
	}
	if u.Scheme == "" && u.Host == "" && u.Path == "" && u.RawQuery == "" {
		// A reference within the document: a browser scrolls, fetching
		// nothing, even on a 404 page served at a missing address.
		if u.Fragment != "" && !ids[u.Fragment] {
			c.t.Errorf("%s = %q: the page has no element with id %q", on, ref.value, u.Fragment)
		}
		return
	}
	abs := pageURL.ResolveReference(u)
	switch {
	case abs.Scheme != "http" && abs.Scheme != "https":
		return // mailto: and the like; the safety tests keep script: out
	case abs.Host == c.base.Host:
		if !strings.HasPrefix(abs.String(), c.base.String()) {
			c.t.Errorf("%s = %q points at the published host outside the base URL %s", on, ref.value, c.base)
			return
		}
	case abs.Host != c.server.Host:
		return // another site
	}
	if !strings.HasPrefix(abs.Path, c.prefix) {
		c.t.Errorf("%s = %q leaves the base path %s (resolves to %s)", on, ref.value, c.prefix, abs.Path)
		return
	}
	if strings.Contains(abs.Path, "//") {
		c.t.Errorf("%s = %q has a double slash", on, ref.value)
	}
	if ref.asset && !contentHash.MatchString(abs.Query().Get("v")) {
		c.t.Errorf("%s = %q lacks a content hash (?v=…), so browsers may keep a stale copy", on, ref.value)
	}
	if self && ref.canonical && abs.Path != pageURL.Path {
		c.t.Errorf("%s = %q names another page than %s", on, ref.value, pageURL.Path)
	}
	addr := abs.EscapedPath()
	if abs.RawQuery != "" {
		addr += "?" + abs.RawQuery
	}
	c.follow(addr, pageURL.Path)
	if abs.Fragment != "" {
		c.frags = append(c.frags, fragmentLink{from: on, raw: ref.value, path: abs.Path, fragment: abs.Fragment})
	}
}

// checkFragments asserts each link with a fragment names an element of the
// page it leads to.
func (c *crawler) checkFragments() {
	c.t.Helper()
	for _, f := range c.frags {
		ids, ok := c.ids[f.path]
		if !ok {
			c.t.Errorf("%s = %q: fragment on %s, which is no HTML page that answered", f.from, f.raw, f.path)
			continue
		}
		if !ids[f.fragment] {
			c.t.Errorf("%s = %q: %s has no element with id %q", f.from, f.raw, f.path, f.fragment)
		}
	}
}

// checkOrphans asserts every file of the output was reached by a link,
// unless it is one that needs none.
func (c *crawler) checkOrphans(dest string) {
	c.t.Helper()
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		if !c.reached[rel] && !unlinkedFiles[rel] {
			c.t.Errorf("orphan: no link leads to %s", rel)
		}
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
}

// errorRecorder keeps the errors a check reports instead of failing the
// test, so a test can show that the check finds a planted mistake.
type errorRecorder struct {
	testing.TB
	errs []string
}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestCrawlerFindsMistakes plants, in a site's own templates and static
// files, each mistake the crawl is meant to catch and that the build's own
// link check lets through, and expects the crawl to report it.
func TestCrawlerFindsMistakes(t *testing.T) {
	const base = "https://example.github.io/repo/"
	for _, tc := range []struct {
		name     string
		overlay  map[string]string
		notFound bool // crawl the 404 page from missing addresses instead
		want     string
	}{
		{"an absolute link to the host root",
			homeWith(`<a href="https://example.github.io/articles/">x</a>`), false, "outside the base URL"},
		{"an absolute link to no page",
			homeWith(`<a href="https://example.github.io/repo/nope/">x</a>`), false, "answers 404"},
		{"a link without its trailing slash",
			homeWith(`<a href="https://example.github.io/repo/articles">x</a>`), false, "answers 301"},
		{"a double slash",
			homeWith(`<a href="{{home}}events//arrives-beijing/">x</a>`), false, "double slash"},
		{"a fragment naming nothing on another page",
			homeWith(`<a href="{{url "articles"}}#nope">x</a>`), false, `no element with id "nope"`},
		{"a fragment naming nothing on the same page",
			homeWith(`<a href="#nope">x</a>`), false, `no element with id "nope"`},
		{"a stylesheet without a content hash",
			homeWith(`<link rel="stylesheet" href="https://example.github.io/repo/style.css">`), false, "lacks a content hash"},
		{"a canonical address that is not absolute",
			map[string]string{"templates/base.html": strings.Replace(defaultTemplate("base.html"), `rel="canonical" href="{{.}}"`, `rel="canonical" href="{{home}}{{$.Page.URL}}"`, 1)},
			false, "want a full URL under " + base},
		{"a file no link leads to",
			map[string]string{"static/unlinked.txt": "x"}, false, "orphan: no link leads to unlinked.txt"},
		{"a link to no page on the 404 page",
			map[string]string{"templates/404.html": strings.Replace(defaultTemplate("404.html"), `href="{{url "articles"}}"`, `href="https://example.github.io/repo/nope/"`, 1)},
			true, "answers 404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest, srv := publishExample(t, base, tc.overlay)
			rec := &errorRecorder{TB: t}
			if tc.notFound {
				crawlNotFound(rec, srv, base, dest)
			} else {
				crawlSite(rec, srv, base, dest)
			}
			if !slices.ContainsFunc(rec.errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
				t.Errorf("the crawl did not report %q; it reported %q", tc.want, rec.errs)
			}
		})
	}
}

// homeWith is a site overlay whose home page adds extra to the built-in one.
func homeWith(extra string) map[string]string {
	home := defaultTemplate("home.html")
	end := strings.LastIndex(home, "{{end}}")
	return map[string]string{"templates/home.html": home[:end] + extra + "\n" + home[end:]}
}

func defaultTemplate(name string) string {
	data, err := fs.ReadFile(dateline.Defaults, "templates/"+name)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
