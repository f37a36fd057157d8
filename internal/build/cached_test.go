package build

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline"
	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestCachedPartialsChangeNoByte builds sites with the built-in templates,
// whose shared partials are called with cached, and again with the same
// templates as the site's own, every cached call made a plain template
// call, and wants the same files byte for byte: caching is only a
// shortcut. The sites include hostile text and archives.
func TestCachedPartialsChangeNoByte(t *testing.T) {
	generated := t.TempDir()
	if err := sitegen.Generate(generated, sitegen.NewSpec(600)); err != nil {
		t.Fatal(err)
	}
	config := sitetest.ReadFile(t, filepath.Join(generated, "site.toml"))
	if err := os.WriteFile(filepath.Join(generated, "site.toml"), []byte("page_size = 40\n"+config), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := plainTemplates(t)
	for _, tc := range []struct {
		name, src string
	}{
		{"example", sitetest.CopyExample(t)},
		{"hostile", writeSite(t, maps.Clone(hostileFiles))},
		{"generated", generated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cached, inPlace := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
			if _, err := Run(context.Background(), Options{Source: tc.src, Dest: cached}); err != nil {
				t.Fatal(err)
			}
			own := filepath.Join(tc.src, "templates")
			if err := os.MkdirAll(own, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, text := range plain {
				if err := os.WriteFile(filepath.Join(own, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Run(context.Background(), Options{Source: tc.src, Dest: inPlace}); err != nil {
				t.Fatal(err)
			}
			files := sitetest.Files(t, cached)
			if other := sitetest.Files(t, inPlace); !slices.Equal(files, other) {
				t.Fatalf("files differ:\n%v\n%v", files, other)
			}
			for _, f := range files {
				a, b := sitetest.ReadFile(t, filepath.Join(cached, f)), sitetest.ReadFile(t, filepath.Join(inPlace, f))
				if a != b {
					t.Errorf("%s differs when partials are cached: %s", f, firstDiff(b, a))
				}
			}
		})
	}
}

// plainTemplates are the built-in templates with every cached call made a
// template call.
func plainTemplates(t *testing.T) map[string]string {
	t.Helper()
	names, err := fs.Glob(dateline.Defaults, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	calls := 0
	for _, p := range names {
		data, err := fs.ReadFile(dateline.Defaults, p)
		if err != nil {
			t.Fatal(err)
		}
		calls += strings.Count(string(data), "{{cached ")
		out[path.Base(p)] = strings.ReplaceAll(string(data), "{{cached ", "{{template ")
	}
	if calls < 10 {
		t.Fatalf("the built-in templates make %d cached calls; this test compares nothing", calls)
	}
	return out
}

// TestCachedNeedsAKey: a dot that cannot be a map key is refused at the
// call, naming the template.
func TestCachedNeedsAKey(t *testing.T) {
	src := sitetest.CopyExample(t)
	writeOwn := func(name, text string) {
		if err := os.MkdirAll(filepath.Join(src, "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "templates", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeOwn("404.html", `{{template "base" .}}{{define "main"}}{{cached "tag-link" .Site.Config.Timelines}}{{end}}`)
	_, err := Check(context.Background(), Options{Source: src})
	if err == nil || !strings.Contains(err.Error(), "templates/404.html") || !strings.Contains(err.Error(), "cannot be a key") {
		t.Errorf("err = %v, want the uncomparable dot refused at templates/404.html", err)
	}
}
