package build

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/browsertest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// buildExample builds a copy of the example site at the root of its host
// and returns the output folder.
func buildExample(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitetest.CopyExample(t), dest, "/")
	return dest
}

// htmlFiles lists the HTML pages below dest, slash-separated and relative
// to it, in order: every page a reader can open, so that a page added by a
// new feature is checked without anyone listing it here.
func htmlFiles(t *testing.T, dest string) []string {
	t.Helper()
	var pages []string
	for _, f := range sitetest.Files(t, dest) {
		if strings.HasSuffix(f, ".html") {
			pages = append(pages, f)
		}
	}
	if len(pages) == 0 {
		t.Fatalf("the build wrote no HTML below %s", dest)
	}
	return pages
}

// servedPath is the path a browser asks for to get the page in file f:
// folder/index.html is served as folder/.
func servedPath(f string) string {
	if f == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(f, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + f
}

// vnuMessage is one message of the Nu HTML Checker's JSON output.
type vnuMessage struct {
	Type        string `json:"type"`
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// TestHTMLValid runs the Nu HTML Checker (the W3C validator's engine) over
// every page, stylesheet and SVG image of the example site and fails on
// any error.
// One run over all files, since each run starts a JVM, which costs more
// than checking a page. A page known to be invalid goes along as a control:
// if the checker's output ever moved or changed shape, the test would
// otherwise pass on nothing parsed.
func TestHTMLValid(t *testing.T) {
	sitetest.Slow(t, "it starts a JVM for the Nu HTML Checker")
	vnu := browsertest.VNU(t)
	dest := buildExample(t)
	pages := htmlFiles(t, dest)

	control := filepath.Join(t.TempDir(), "control.html")
	sitetest.WriteFile(t, control, "<!DOCTYPE html>\n<html lang=en><title>control</title>\n<p id=twice><p id=twice>\n")

	// Stylesheets and SVG images are the site's too; vnu checks those
	// when asked.
	var others []string
	for _, f := range sitetest.Files(t, dest) {
		if strings.HasSuffix(f, ".css") || strings.HasSuffix(f, ".svg") {
			others = append(others, f)
		}
	}
	args := slices.Concat(vnu[1:], []string{"--format", "json", "--errors-only", "--also-check-css", "--also-check-svg"})
	for _, f := range append(pages, others...) {
		args = append(args, filepath.Join(dest, filepath.FromSlash(f)))
	}
	args = append(args, control)
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), vnu[0], args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	// vnu exits 1 when it reports an error, which the control makes sure
	// of; anything else is the checker failing to run.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("vnu: %v\n%s%s", err, stdout.Bytes(), stderr.Bytes())
	}
	// Versions have written the JSON report to either stream.
	report := stdout.Bytes()
	if len(bytes.TrimSpace(report)) == 0 {
		report = stderr.Bytes()
	}
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(report, &out); err != nil {
		t.Fatalf("vnu's report is not JSON (%v):\n%s%s", err, stdout.Bytes(), stderr.Bytes())
	}

	controlled := false
	for _, m := range out.Messages {
		u, err := url.Parse(m.URL)
		file := m.URL
		if err == nil && u.Scheme == "file" {
			file = filepath.FromSlash(u.Path)
		}
		if file == control {
			controlled = controlled || strings.Contains(m.Message, "Duplicate ID")
			continue
		}
		if rel, err := filepath.Rel(dest, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
		// Messages of type "info" or "warning" are left out by
		// --errors-only; "error" and "non-document-error" (a file the
		// checker could not read) both fail.
		t.Errorf("%s:%d:%d: %s: %s\n\t%s", file, m.LastLine, m.FirstColumn, m.Type, m.Message, strings.TrimSpace(m.Extract))
	}
	if !controlled {
		t.Errorf("vnu did not report the control page's duplicate id; its output was not understood:\n%s", report)
	}
	t.Logf("checked %d pages and %s with %s", len(pages), strings.Join(others, ", "), filepath.Base(vnu[len(vnu)-1]))
}

// weightBudget is what a page may cost a reader in bytes, with everything
// it makes the browser fetch: 150 KB, taken as 150,000 bytes (the stricter
// reading), before compression, since a static host may not compress.
const weightBudget = 150_000

// TestPageWeight sums the bytes of a page and of the stylesheets, icons,
// scripts and images it references, and of the fonts and images those
// stylesheets reference, and fails above the budget: the home and a
// timeline page logging each part, so that whoever went over sees what to
// trim, then every page. Every reference must be a file
// of the build: one elsewhere cannot be weighed (and would leak readers'
// visits to another host), and a missing one is a broken page.
func TestPageWeight(t *testing.T) {
	dest := buildExample(t)
	for _, tt := range []struct {
		name, page string // page: its path on the site
		budget     int
	}{
		{"home", "/", weightBudget},
		{"timeline", "/timelines/journey/", weightBudget},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parts := weighPage(t, dest, tt.page)
			total := 0
			var lines strings.Builder
			for _, p := range parts {
				total += p.bytes
				fmt.Fprintf(&lines, "\n\t%-10s %8d  %s", p.kind, p.bytes, p.path)
			}
			fmt.Fprintf(&lines, "\n\t%-10s %8d  (budget %d)", "total", total, tt.budget)
			t.Logf("weight of %s:%s", tt.page, lines.String())
			if total > tt.budget {
				t.Errorf("%s weighs %d bytes with what it references, over the budget of %d", tt.page, total, tt.budget)
			}
		})
	}
	// No other page may be heavier either: an event with a big image
	// would not show on the two above. Only the heaviest is logged.
	t.Run("every page", func(t *testing.T) {
		heaviest, most := "", 0
		for _, f := range htmlFiles(t, dest) {
			total := 0
			for _, p := range weighPage(t, dest, servedPath(f)) {
				total += p.bytes
			}
			if total > weightBudget {
				t.Errorf("%s weighs %d bytes with what it references, over the budget of %d", servedPath(f), total, weightBudget)
			}
			if total > most {
				heaviest, most = servedPath(f), total
			}
		}
		t.Logf("the heaviest page is %s, %d bytes with what it references", heaviest, most)
	})
}

// part is one file a page makes the browser fetch.
type part struct {
	kind, path string
	bytes      int
}

// cssURL finds url(…) and @import "…" references in a stylesheet; a
// regular expression is enough for the site's own CSS, which has no
// url-like text in comments or strings.
var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

// weighPage reads the page at URL path page from dest and each file it
// references, once each, HTML first, then in the order met.
func weighPage(t *testing.T, dest, page string) []part {
	t.Helper()
	var parts []part
	seen := map[string]bool{}
	// add reads the file at a reference found in the file at URL path
	// from, records it, and returns its bytes (nil when it was met before
	// or cannot be read).
	add := func(kind, from, ref string) []byte {
		ref = strings.TrimSpace(ref)
		if ref == "" || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
			return nil // inline, already counted with the file holding it
		}
		base := &url.URL{Path: from}
		u, err := url.Parse(ref)
		if err != nil {
			t.Errorf("%s: bad %s reference %q: %v", from, kind, ref, err)
			return nil
		}
		u = base.ResolveReference(u)
		if u.Scheme != "" || u.Host != "" {
			t.Errorf("%s references %s %s on another host; it cannot be weighed, and it tells that host of every visit", from, kind, ref)
			return nil
		}
		p := u.Path
		if seen[p] {
			return nil
		}
		seen[p] = true
		file := strings.TrimPrefix(p, "/")
		if file == "" || strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(file)))
		if errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s references %s %s, which the build did not write", from, kind, ref)
			return nil
		} else if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, part{kind, p, len(data)})
		return data
	}

	doc := add("html", "/", page)
	if doc == nil {
		t.Fatalf("no page at %s", page)
	}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "link":
			rel := strings.Fields(strings.ToLower(attr(n, "rel")))
			switch {
			case slices.Contains(rel, "stylesheet"):
				href := attr(n, "href")
				if css := add("css", page, href); css != nil {
					// A stylesheet's references are relative to it.
					from := page
					if ref, err := url.Parse(href); err == nil {
						from = (&url.URL{Path: page}).ResolveReference(ref).Path
					}
					for _, m := range cssURL.FindAllStringSubmatch(string(css), -1) {
						add("css-ref", from, strings.Join(m[1:], ""))
					}
				}
			// Icons and preloads are fetched as surely as stylesheets.
			case slices.Contains(rel, "icon"):
				add("icon", page, attr(n, "href"))
			case slices.Contains(rel, "preload"), slices.Contains(rel, "modulepreload"):
				add("preload", page, attr(n, "href"))
			}
		case "script":
			add("script", page, attr(n, "src"))
		case "img":
			// src only: a browser fetches one candidate of a srcset, and
			// the src is the one the template picks for everyone.
			add("image", page, attr(n, "src"))
		}
	}
	return parts
}

// attr is the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestWeighPage checks the weighing itself on a made-up site: each file
// counted once, query strings dropped, a stylesheet's references resolved
// against it, inline data left out.
func TestWeighPage(t *testing.T) {
	dest := t.TempDir()
	files := map[string]string{
		"a/index.html": `<!DOCTYPE html><link rel=stylesheet href="/s/site.css?v=1"><link rel="alternate icon" href=../i.png>` +
			`<script src=app.js></script><img src="../i.png"><img src="data:image/png;base64,AA"><img src=pic.jpg>`,
		"s/site.css":  `@import "more.css"; body { background: url( 'f/bg.png' ) } p { background: url(data:image/png;base64,AA) }`,
		"s/more.css":  `x{}`,
		"s/f/bg.png":  "12345",
		"i.png":       "12",
		"a/app.js":    "1;",
		"a/pic.jpg":   "1234",
		"unused.html": "never read",
	}
	sitetest.WriteFiles(t, dest, files)
	var got []string
	for _, p := range weighPage(t, dest, "/a/") {
		got = append(got, fmt.Sprintf("%s %s %d", p.kind, p.path, p.bytes))
	}
	var want []string
	for _, w := range []struct{ kind, path string }{
		{"html", "/a/"}, {"css", "/s/site.css"}, {"css-ref", "/s/more.css"}, {"css-ref", "/s/f/bg.png"},
		{"icon", "/i.png"}, {"script", "/a/app.js"}, {"image", "/a/pic.jpg"},
	} {
		file := strings.TrimPrefix(w.path, "/")
		if strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		want = append(want, fmt.Sprintf("%s %s %d", w.kind, w.path, len(files[file])))
	}
	if !slices.Equal(got, want) {
		t.Errorf("weighPage =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
