package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

const minimalSite = "title = \"x\"\n[[timelines]]\nid = \"t\"\ntitle = \"T\"\n"

// TestPagesFiles checks the files GitHub Pages reads at the root of the
// output, and how a site's own static files meet them.
func TestPagesFiles(t *testing.T) {
	const absent = "(absent)"
	for _, tc := range []struct {
		name  string
		cname string            // site.toml's cname, "" for none
		own   map[string]string // the site's static files
		want  map[string]string // output file → content, or absent
	}{
		{"no cname",
			"", nil,
			map[string]string{".nojekyll": "", "CNAME": absent}},
		{"cname",
			"news.example.org", nil,
			map[string]string{".nojekyll": "", "CNAME": "news.example.org\n"}},
		{"cname and a static/CNAME naming the same domain",
			"news.example.org", map[string]string{"static/CNAME": "News.Example.org"},
			map[string]string{"CNAME": "news.example.org\n"}},
		{"static/CNAME without cname is copied as it is",
			"", map[string]string{"static/CNAME": "old.example.org"},
			map[string]string{"CNAME": "old.example.org"}},
		{"a static/.nojekyll of the site's own is ignored like any hidden file",
			"", map[string]string{"static/.nojekyll": "not empty"},
			map[string]string{".nojekyll": ""}},
		{"hidden folders are ignored like hidden files",
			"", map[string]string{"static/.git/config": "x", "static/.DS_Store": "x", "static/img/.hidden": "x"},
			map[string]string{".git/config": absent, ".DS_Store": absent, "img/.hidden": absent}},
		{"static/.well-known is published, for domain checks and security.txt",
			"", map[string]string{"static/.well-known/security.txt": "Contact: mailto:x@example.org\n"},
			map[string]string{".well-known/security.txt": "Contact: mailto:x@example.org\n"}},
		{"folders starting with _ are published, which is why .nojekyll matters",
			"", map[string]string{"static/_assets/logo.svg": "<svg/>"},
			map[string]string{"_assets/logo.svg": "<svg/>", ".nojekyll": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"site.toml": siteWithCNAME(tc.cname)}
			for p, text := range tc.own {
				files[p] = text
			}
			dest := filepath.Join(t.TempDir(), "public")
			buildSite(t, writeSite(t, files), dest, "")
			for name, want := range tc.want {
				data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
				switch {
				case want == absent && err == nil:
					t.Errorf("%s was written (%q); want none", name, data)
				case want == absent:
				case err != nil:
					t.Errorf("%s: %v", name, err)
				case string(data) != want:
					t.Errorf("%s = %q, want %q", name, data, want)
				}
			}
		})
	}
}

func siteWithCNAME(cname string) string {
	if cname == "" {
		return minimalSite
	}
	return "cname = \"" + cname + "\"\n" + minimalSite
}

// TestConflictingCNAME expects a static/CNAME that disagrees with site.toml's
// cname to be a problem naming both, and nothing to be written.
func TestConflictingCNAME(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.toml":    siteWithCNAME("news.example.org"),
		"static/CNAME": "old.example.org\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	_, err := Run(context.Background(), Options{Source: src, Dest: dest})
	var probs timeline.Problems
	if !errors.As(err, &probs) || len(probs) != 1 {
		t.Fatalf("build error = %v, want one problem", err)
	}
	p := probs[0]
	if p.Pos.Path != "static/CNAME" || !strings.Contains(p.Msg, `"old.example.org"`) || !strings.Contains(p.Msg, `cname = "news.example.org"`) {
		t.Errorf("problem = %s: %s; want it at static/CNAME naming both domains", p.Pos.Path, p.Msg)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Errorf("a failed build wrote %s", dest)
	}
}
