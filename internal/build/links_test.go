package build

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestQuotedLinksMatchTokenizer renders every page of several sites whose
// markup is plain (built-in templates, no raw HTML in Markdown): the
// example site, the same with archives, a site of hostile text and a
// generated site with Markdown links and quotes everywhere. On each page
// the byte search must find exactly the links the HTML tokenizer finds.
func TestQuotedLinksMatchTokenizer(t *testing.T) {
	generated := t.TempDir()
	if err := sitegen.Generate(generated, sitegen.NewSpec(120)); err != nil {
		t.Fatal(err)
	}
	archived := sitetest.CopyExample(t)
	config := filepath.Join(archived, "site.toml")
	if err := os.WriteFile(config, []byte("page_size = 2\n"+sitetest.ReadFile(t, config)), 0o644); err != nil {
		t.Fatal(err)
	}
	sites := map[string]string{
		"example":   sitetest.CopyExample(t),
		"archived":  archived,
		"hostile":   writeSite(t, hostileFiles),
		"generated": generated,
	}
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			site, err := Prepare(os.DirFS(src), Options{Source: src, Script: "_dateline/live.js"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !site.plainMarkup() {
				t.Fatal("the site's markup is not plain; the byte search would not be used")
			}
			links := 0
			for _, p := range site.Pages {
				if !strings.HasSuffix(p.File, ".html") {
					continue // only HTML is read for links
				}
				var buf bytes.Buffer
				if err := site.Renderer.Render(&buf, p); err != nil {
					t.Fatal(err)
				}
				want, got := pageLinks(buf.Bytes()), quotedLinks(buf.Bytes())
				if !slices.Equal(got, want) {
					t.Fatalf("%s: byte search found\n%q\nthe tokenizer\n%q", p.File, got, want)
				}
				links += len(want)
			}
			if links == 0 {
				t.Error("no links at all: the comparison proves nothing")
			}
		})
	}
}

// TestRawHTMLUsesTokenizer: a site whose Markdown may carry raw HTML, or
// with templates of its own, may write attributes any way HTML allows, so
// its links are found by the tokenizer.
func TestRawHTMLUsesTokenizer(t *testing.T) {
	unsafe := sitetest.CopyExample(t)
	config := filepath.Join(unsafe, "site.toml")
	if err := os.WriteFile(config, []byte(sitetest.ReadFile(t, config)+"\n[markdown]\nunsafe = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	own := sitetest.CopyExample(t)
	sitetest.WriteFile(t, filepath.Join(own, "templates", "404.html"), sitetest.ReadFile(t, filepath.Join("..", "..", "templates", "404.html")))
	for name, src := range map[string]string{"unsafe Markdown": unsafe, "own template": own} {
		site, err := Prepare(os.DirFS(src), Options{Source: src}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if site.plainMarkup() {
			t.Errorf("%s: markup taken as plain", name)
		}
	}
}

// TestResolveShortcut checks that the shortcut for plain paths below the
// base gives what the URL rules give, and that anything else takes the
// long way.
func TestResolveShortcut(t *testing.T) {
	c := &linkChecker{base: "/repo/"}
	for _, page := range []render.Page{{URL: ""}, {URL: "events/x/"}, {URL: "404.html"}} {
		for _, ref := range []string{
			"/repo/", "/repo/events/x/", "/repo/tags/a-b-1/", "/repo/events/x", "/repo/events//x/",
			"/repo/a/./b/", "/repo/a/../b/", "/repo/%41/", "/repo/style.css?v=1", "/repo/x/#frag",
			"/other/", "/repox/", "../y/", "y/", "/repo/caf\u00e9/",
		} {
			got, gotOK := c.resolve(page, ref)
			want, wantOK := c.resolveURL(page, ref)
			if got != want || gotOK != wantOK {
				t.Errorf("on %q, resolve(%q) = %q, %v; the URL rules give %q, %v", page.URL, ref, got, gotOK, want, wantOK)
			}
		}
	}
	for rel, want := range map[string]bool{"": true, "a/": true, "a-1/b/": true, "a": false, "a//": false, "A/": false, "a.b/": false, "/a/": false} {
		if got := plainPath(rel); got != want {
			t.Errorf("plainPath(%q) = %v, want %v", rel, got, want)
		}
	}
}
