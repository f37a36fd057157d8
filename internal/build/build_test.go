package build

import (
	"context"
	"flag"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func buildSite(t *testing.T, src, dest, baseURL string) Summary {
	t.Helper()
	sum, err := Run(context.Background(), Options{Source: src, Dest: dest, BaseURL: baseURL})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return sum
}

// TestExampleSite builds the example site at the root and under a sub-path
// and checks the whole output.
func TestExampleSite(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL, prefix string
	}{
		{"root", "https://example.org/", "/"},
		{"subpath", "https://example.github.io/repo/", "/repo/"},
		{"relative-root", "/", "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := sitetest.CopyExample(t)
			dest := filepath.Join(t.TempDir(), "public")
			sum := buildSite(t, src, dest, tc.baseURL)
			if sum.Events != 9 || sum.Articles != 2 || sum.Timelines != 3 {
				t.Errorf("summary = %+v, want 9 events, 2 articles, 3 timelines", sum)
			}
			checkJourneyOrder(t, sitetest.ReadFile(t, filepath.Join(dest, "index.html")))
			files := sitetest.Files(t, dest)
			for _, f := range files {
				if !strings.HasSuffix(f, ".html") {
					continue
				}
				page := sitetest.ReadFile(t, filepath.Join(dest, f))
				checkLinks(t, dest, tc.prefix, f, page)
				checkNoDoubleEscape(t, f, page)
				// JSON-LD is data no browser runs, and the built-in script
				// (static/dateline.js) is loaded once on every page; any
				// other script is not the build's to write.
				builtIn := len(builtInScript(tc.prefix).FindAllString(page, -1))
				if builtIn > 1 || builtIn == 0 && f == "index.html" {
					t.Errorf("%s: the built-in script is loaded %d times, want once", f, builtIn)
				}
				if strings.Count(page, "<script") != strings.Count(page, `<script type="application/ld+json">`)+builtIn {
					t.Errorf("%s: build output holds a script", f)
				}
			}
		})
	}
}

// builtInScript matches the element that loads the built-in script below
// prefix, with its content hash, and nothing else.
func builtInScript(prefix string) *regexp.Regexp {
	return regexp.MustCompile(`<script src="` + regexp.QuoteMeta(prefix) + `dateline\.js\?v=[0-9a-f]{10}" defer></script>`)
}

// checkJourneyOrder asserts the journey section lists its events in the
// order they happened.
func checkJourneyOrder(t *testing.T, home string) {
	t.Helper()
	start := strings.Index(home, `id="timeline-journey"`)
	end := strings.Index(home, `id="timeline-diplomacy"`)
	if start < 0 || end < start {
		t.Fatalf("home page lacks the journey and diplomacy sections in that order")
	}
	section := home[start:end]
	want := []string{"leaves-pyongyang", "crosses-border", "arrives-beijing", "victory-parade"}
	got := regexp.MustCompile(`id="event-([a-z0-9-]+)"`).FindAllStringSubmatch(section, -1)
	var ids []string
	for _, m := range got {
		ids = append(ids, m[1])
	}
	if !slices.Equal(ids, want) {
		t.Errorf("journey order = %v, want %v", ids, want)
	}
	// Under the heading "Tuesday 2 September 2025" the cards give only
	// the time, or the words written for it.
	for _, text := range []string{"Tuesday 2 September 2025", ">c. 16:00 Beijing time (UTC&#43;8)</time>", `datetime="2025-09-02T16:00&#43;08:00"`, ">at dawn</time>", "about 11 hours later"} {
		if !strings.Contains(section, text) {
			t.Errorf("journey section lacks %q", text)
		}
	}
	if strings.Contains(section, "Tue 2 Sep 2025") {
		t.Error("journey section repeats the day of its heading on a card")
	}
}

// checkLinks asserts every internal href and src of page resolves to a file
// that the build wrote, and that no address escapes the base path.
func checkLinks(t *testing.T, dest, prefix, file, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key != "href" && a.Key != "src" {
				continue
			}
			u, err := url.Parse(a.Val)
			if err != nil {
				t.Errorf("%s: bad address %q", file, a.Val)
				continue
			}
			if u.Scheme == "http" || u.Scheme == "https" {
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				t.Errorf("%s: address %q is neither http(s) nor local", file, a.Val)
				continue
			}
			if u.Path == "" { // a fragment on the same page
				continue
			}
			if !strings.HasPrefix(u.Path, prefix) {
				t.Errorf("%s: address %q is outside the base path %s", file, a.Val, prefix)
				continue
			}
			target := strings.TrimPrefix(u.Path, prefix)
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(path.Clean(target)))); err != nil {
				t.Errorf("%s: link %q points at no file (%s)", file, a.Val, target)
			}
		}
	}
}

var doubleEscaped = regexp.MustCompile(`&amp;(#?[a-zA-Z0-9]+);`)

// checkNoDoubleEscape looks for entities that were escaped twice, which
// readers would see as "&amp;rsquo;" or "&#39;" in the text.
func checkNoDoubleEscape(t *testing.T, file, page string) {
	t.Helper()
	if m := doubleEscaped.FindString(page); m != "" {
		t.Errorf("%s: doubly escaped text %q", file, m)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return
	}
	for n := range doc.Descendants() {
		if n.Type == html.TextNode && regexp.MustCompile(`&(#?[a-zA-Z0-9]+);`).MatchString(n.Data) {
			t.Errorf("%s: text shows a raw entity: %q", file, n.Data)
		}
	}
}

// TestRebuildLeavesNoStaleFiles removes an event between two builds and
// expects its page to be gone.
func TestRebuildLeavesNoStaleFiles(t *testing.T) {
	src := sitetest.CopyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	extra := filepath.Join(src, "content", "events", "extra.toml")
	if err := os.WriteFile(extra, []byte("[[event]]\nid = \"extra-event\"\ntitle = \"Extra\"\nwhen = \"2025-09-04\"\ntimelines = [\"journey\"]\ntags = [\"only-here\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	buildSite(t, src, dest, "")
	for _, p := range []string{"events/extra-event/index.html", "tags/only-here/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Fatalf("first build lacks %s", p)
		}
	}
	if err := os.Remove(extra); err != nil {
		t.Fatal(err)
	}
	buildSite(t, src, dest, "")
	for _, p := range []string{"events/extra-event", "tags/only-here"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err == nil {
			t.Errorf("stale %s survived the second build", p)
		}
	}
	siblings, _ := os.ReadDir(filepath.Dir(dest))
	if len(siblings) != 1 {
		t.Errorf("temp folders left beside the output: %v", siblings)
	}
}

var assetHash = regexp.MustCompile(`\?v=[0-9a-f]+`)

// TestGolden compares the example site's main pages with testdata/golden.
// Run "go test ./internal/build -update" after an intended change.
func TestGolden(t *testing.T) {
	src := sitetest.CopyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest, "https://example.github.io/dateline/")
	for _, page := range []string{
		"index.html",
		"timelines/journey/index.html",
		"events/arrives-beijing/index.html",
		"events/kim-takes-power/index.html",
		"events/victory-parade/index.html", // an event with an update
		"articles/index.html",
		"articles/why-kims-trip-matters/index.html",
		"people/kim-jong-un/index.html",
		"404.html",
	} {
		got := assetHash.ReplaceAllString(sitetest.ReadFile(t, filepath.Join(dest, page)), "?v=HASH")
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(strings.TrimSuffix(page, "/index.html"), "/", "_")+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; run go test ./internal/build -update if the change is intended\n%s", page, golden, firstDiff(string(want), got))
		}
	}
}

// firstDiff shows the first line where want and got part.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}
