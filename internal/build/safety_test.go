package build

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline"
	"github.com/dateline-ssg/dateline/internal/output"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// writeSite lays out files (path → text) in a new temp folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.WriteFiles(t, dir, files)
	return dir
}

const (
	payloadScript = `<script>alert(1)</script>`
	payloadAttr   = `"><img src=x onerror=alert(1)>`
	payloadTmpl   = `{{ .Site }}`
)

var hostileFiles = map[string]string{
	"site.toml": `title = '<script>alert(1)</script>'
description = '"><img src=x onerror=alert(1)>'
base_url = "https://example.org/sub/"
[time_zone_labels]
"Asia/Shanghai" = '<script>alert(1)</script>'
[[timelines]]
id = "t"
title = '{{ .Site }}'
description = '"><img src=x onerror=alert(1)>'
`,
	"content/events/hostile.toml": `[[event]]
id = "hostile"
title = '<script>alert(1)</script>'
summary = '''
<script>alert(1)</script> <img src=x onerror=alert(1)>
[a](javascript:alert(1)) [b](JaVaScRiPt&colon;alert(1)) [c](vbscript:msgbox) [d](data:text/html,<script>alert(1)</script>)
![e](javascript:alert(1)) <javascript:alert(1)> {{ .Site }}
'''
when = "2025-09-02T16:00"
time_zone = "Asia/Shanghai"
when_text = '"><img src=x onerror=alert(1)>'
place = '"><img src=x onerror=alert(1)>'
timelines = ["t"]
status = "claimed"
people = ['<script>alert(1)</script>', '{{ .Site }}']
tags = ['"><img src=x onerror=alert(1)>', 'javascript:alert(1)']
sources = [
  { name = '<script>alert(1)</script>', url = 'https://example.com/"><script>alert(1)</script>', note = '{{ .Site }}' },
  { name = '"><img src=x onerror=alert(1)>' },
]

[[event]]
title = '{{ .Site }}'
when = "2025-09-03"
timelines = ["t"]
`,
	"content/articles/hostile.md": `+++
title = '"><img src=x onerror=alert(1)>'
author = '<script>alert(1)</script>'
source = '{{ .Site }}'
summary = '<script>alert(1)</script>'
tags = ['<script>alert(1)</script>']
events = ["hostile"]
+++

<script>alert(1)</script>

<div onclick="alert(1)">raw</div>

[x](javascript:alert(1)) [y](&#106;avascript:alert(1)) [z](  JAVASCRIPT:alert(1))

| a | b |
|---|---|
| <script>alert(1)</script> | {{ .Site }} |
`,
}

// TestHostileInputStaysInert renders a site made of hostile text and scans
// every output file for live markup and dangerous addresses.
func TestHostileInputStaysInert(t *testing.T) {
	src := writeSite(t, hostileFiles)
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	if _, err := Run(context.Background(), Options{Source: src, Dest: dest}); err != nil {
		t.Fatalf("build: %v", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("files written beside the output: %v", entries)
	}
	files := sitetest.Files(t, dest)
	sawText := map[string]bool{}
	for _, f := range files {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		page := sitetest.ReadFile(t, filepath.Join(dest, f))
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		builtIn := 0
		for n := range doc.Descendants() {
			switch n.Type {
			case html.ElementNode:
				if n.Data == "script" && jsonData(t, f, n) {
					continue
				}
				if n.Data == "script" && builtInScriptNode(n) {
					builtIn++
					continue
				}
				if n.Data == "script" || n.Data == "iframe" || n.Data == "object" || n.Data == "embed" {
					t.Errorf("%s: live <%s> element", f, n.Data)
				}
				if n.Data == "img" {
					t.Errorf("%s: an <img> reached the page", f)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: event handler attribute %s=%q", f, a.Key, a.Val)
					}
					if (a.Key == "href" || a.Key == "src") && !safeAddress(a.Val) {
						t.Errorf("%s: unsafe %s=%q", f, a.Key, a.Val)
					}
				}
			case html.TextNode:
				for _, p := range []string{payloadScript, payloadAttr, payloadTmpl} {
					if strings.Contains(n.Data, p) {
						sawText[p] = true
					}
				}
			}
		}
		if builtIn > 1 || builtIn == 0 && f == "index.html" {
			t.Errorf("%s: the built-in script is loaded %d times, want once", f, builtIn)
		}
	}
	for _, p := range []string{payloadScript, payloadAttr, payloadTmpl} {
		if !sawText[p] {
			t.Errorf("payload %q never shows as text", p)
		}
	}
}

func safeAddress(v string) bool {
	l := strings.ToLower(strings.TrimSpace(v))
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return true
	}
	colon, slash := strings.IndexByte(l, ':'), strings.IndexAny(l, "/?#")
	return colon < 0 || (slash >= 0 && slash < colon)
}

func TestHostileURLsAreRefused(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "JaVaScRiPt&colon;alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", " javascript:alert(1)"} {
		files := map[string]string{
			"site.toml":             "title = \"x\"\n[[timelines]]\nid = \"t\"\ntitle = \"T\"\n",
			"content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025\"\nsources = [{ name = \"S\", url = '" + u + "' }]\n",
		}
		_, err := Check(context.Background(), Options{Source: writeSite(t, files)})
		var probs timeline.Problems
		if !errors.As(err, &probs) || !strings.Contains(probs.Error(), "content/events/a.toml:4:") || !strings.Contains(probs.Error(), "only http:// and https://") {
			t.Errorf("url %q: err = %v, want a problem at content/events/a.toml:4 about http(s)", u, err)
		}
	}
}

// TestFailedBuildKeepsOutput breaks the site after a good build and checks
// that the output stays byte for byte as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	src := sitetest.CopyExample(t)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest, "")
	before := sitetest.Snapshot(t, dest)
	broken := filepath.Join(src, "content", "events", "journey.toml")
	if err := os.WriteFile(broken, []byte("[[event]]\ntitle = \"x\"\nwhen = \"2025-02-30\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{Source: src, Dest: dest})
	var probs timeline.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v, want content problems", err)
	}
	if !strings.Contains(probs.Error(), "content/events/journey.toml:3:1: when: date \"2025-02-30\": February 2025 has 28 days") {
		t.Errorf("problems = %v", probs)
	}
	if after := sitetest.Snapshot(t, dest); !maps.Equal(before, after) {
		t.Error("a failed build changed the previous output")
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("temp folders left beside the output: %v", entries)
	}
}

func TestTemplateErrorNamesItsFile(t *testing.T) {
	src := sitetest.CopyExample(t)
	tmpl := filepath.Join(src, "templates", "event.html")
	if err := os.MkdirAll(filepath.Dir(tmpl), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmpl, []byte("{{template \"base\" .}}\n{{define \"main\"}}\n<h1>{{.Data.Title}</h1>\n{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Check(context.Background(), Options{Source: src})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/event.html:3:") {
		t.Errorf("err = %v, want one at templates/event.html:3", err)
	}
	if err := os.WriteFile(tmpl, []byte("{{template \"base\" .}}\n{{define \"main\"}}\n\n<h1>{{.Data.NoSuchField}}</h1>\n{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Check(context.Background(), Options{Source: src})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/event.html:4:") {
		t.Errorf("err = %v, want one at templates/event.html:4", err)
	}
}

func TestBrokenInternalLinkIsReported(t *testing.T) {
	src := sitetest.CopyExample(t)
	article := filepath.Join(src, "content", "articles", "train-arrives-in-beijing.md")
	text := sitetest.ReadFile(t, article) + "\nSee [the parade](../../events/no-such-event/).\n"
	if err := os.WriteFile(article, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Check(context.Background(), Options{Source: src})
	if err == nil || !strings.Contains(err.Error(), "content/articles/train-arrives-in-beijing.md:") || !strings.Contains(err.Error(), "no-such-event") {
		t.Errorf("err = %v, want a broken-link problem in the article", err)
	}
}

func TestDestinationRefused(t *testing.T) {
	src := sitetest.CopyExample(t)
	home, _ := os.UserHomeDir()
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "thesis.tex"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, dest, want string }{
		{"source itself", src, "source folder"},
		{"contains source", filepath.Dir(src), "contains the source"},
		{"inside content", filepath.Join(src, "content", "out"), "content/"},
		{"inside templates", filepath.Join(src, "templates"), "templates/"},
		{"inside static", filepath.Join(src, "static", "x"), "static/"},
		{"root", "/", "root"},
		{"home", home, "home"},
		{"foreign folder", foreign, "did not write"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), Options{Source: src, Dest: tc.dest})
			var refused *output.RefusedError
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a refusal mentioning %q", err, tc.want)
			}
		})
	}
	if got := sitetest.ReadFile(t, filepath.Join(foreign, "thesis.tex")); got != "precious" {
		t.Error("a refused folder was changed")
	}
}

// TestRelativeLinkOn404IsReported: the 404 page is shown for missing
// addresses at any depth, where a relative link resolves elsewhere.
func TestRelativeLinkOn404IsReported(t *testing.T) {
	src := sitetest.CopyExample(t)
	data, err := fs.ReadFile(dateline.Defaults, "templates/404.html")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(data), `href="{{url "articles"}}"`, `href="articles/"`, 1)
	if own == string(data) {
		t.Fatal("the built-in 404 template no longer links to the articles; update this test")
	}
	if err := os.MkdirAll(filepath.Join(src, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "templates", "404.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Check(context.Background(), Options{Source: src})
	if err == nil || !strings.Contains(err.Error(), "templates/404.html") || !strings.Contains(err.Error(), `link "articles/" on the 404 page is relative`) {
		t.Errorf("err = %v, want the relative link on the 404 page reported", err)
	}
}

// builtInScriptNode reports whether script element n is the one that
// loads the built-in script, static/dateline.js: a src at the site's base
// path with its content hash, defer, and no other attribute or text, so that no
// script a site's content could write passes for it.
func builtInScriptNode(n *html.Node) bool {
	if n.FirstChild != nil || len(n.Attr) != 2 {
		return false
	}
	src, deferred := false, false
	for _, a := range n.Attr {
		switch {
		case a.Key == "src" && builtInSrc.MatchString(a.Val):
			src = true
		case a.Key == "defer" && a.Val == "":
			deferred = true
		}
	}
	return src && deferred
}

// builtInSrc is the built-in script's address under the hostile site's
// base_url, https://example.org/sub/.
var builtInSrc = regexp.MustCompile(`^/sub/dateline\.js\?v=[0-9a-f]{10}$`)

// jsonData reports whether script element n is a JSON-LD data block, which
// browsers never run, and fails the test unless its text is valid JSON.
func jsonData(t *testing.T, file string, n *html.Node) bool {
	t.Helper()
	for _, a := range n.Attr {
		if a.Key == "type" && a.Val == "application/ld+json" {
			text := ""
			if n.FirstChild != nil {
				text = n.FirstChild.Data
			}
			if !json.Valid([]byte(text)) {
				t.Errorf("%s: JSON-LD is not valid JSON: %s", file, text)
			}
			return true
		}
	}
	return false
}
