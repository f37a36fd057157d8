package build

import (
	"io/fs"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestStylesheetHashFollowsContent builds the example site with the built-in
// style.css, with a copy of it in the site's static/ and with a changed one,
// and expects every page to ask for the stylesheet by a hash that changes
// with its content, and only with its content, so browsers never keep a
// stale copy nor fetch an unchanged one again.
func TestStylesheetHashFollowsContent(t *testing.T) {
	builtIn, err := fs.ReadFile(dateline.Defaults, "static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	changed := string(builtIn) + "\n.site-title { letter-spacing: 0.01em; }\n"
	hashes := map[string]string{}
	for _, tc := range []struct {
		name string
		own  string // the site's static/style.css, "" for none
	}{
		{"built-in", ""},
		{"same bytes", string(builtIn)},
		{"changed", changed},
	} {
		src := sitetest.CopyExample(t)
		want := string(builtIn)
		if tc.own != "" {
			sitetest.WriteFile(t, filepath.Join(src, "static", "style.css"), tc.own)
			want = tc.own
		}
		dest := filepath.Join(t.TempDir(), "public")
		buildSite(t, src, dest, "https://example.github.io/repo/")
		if got := sitetest.ReadFile(t, filepath.Join(dest, "style.css")); got != want {
			t.Errorf("%s: style.css in the output is not the one expected", tc.name)
		}
		// The built-in script, static/dateline.js, takes its hash the
		// same way; only the stylesheet's changes here.
		refs := slices.DeleteFunc(assetRefs(t, dest), func(r string) bool { return strings.HasPrefix(r, "/repo/dateline.js?v=") })
		if len(refs) != 1 {
			t.Errorf("%s: pages ask for %d stylesheets or scripts besides the built-in script, want the one stylesheet: %q", tc.name, len(refs), refs)
			continue
		}
		u, _ := url.Parse(refs[0])
		if u.Path != "/repo/style.css" || !contentHash.MatchString(u.Query().Get("v")) {
			t.Errorf("%s: stylesheet address %q, want /repo/style.css?v=<hash>", tc.name, refs[0])
		}
		hashes[tc.name] = u.Query().Get("v")
	}
	if hashes["same bytes"] != hashes["built-in"] {
		t.Errorf("the same stylesheet got hash %s from static/ and %s built in", hashes["same bytes"], hashes["built-in"])
	}
	if hashes["changed"] == hashes["built-in"] {
		t.Errorf("a changed stylesheet kept hash %s", hashes["changed"])
	}
}

// assetRefs lists the distinct stylesheet and script addresses of every
// HTML page in dest: stylesheets and the built-in script.
func assetRefs(t *testing.T, dest string) []string {
	t.Helper()
	var refs []string
	for _, f := range sitetest.Files(t, dest) {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(sitetest.ReadFile(t, filepath.Join(dest, f))))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for n := range doc.Descendants() {
			for _, ref := range references(n) {
				if ref.asset && !slices.Contains(refs, ref.value) {
					refs = append(refs, ref.value)
				}
			}
		}
	}
	return refs
}
