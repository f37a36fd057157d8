package deploy

import (
	"strings"
	"testing"
)

func TestSiteAddress(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL, cname, push string
		want                       string
		warn                       bool
	}{
		{"cname", "https://news.example.org/", "news.example.org", "git@github.com:ann/news.git", "https://news.example.org/", false},
		{"cname with a path-only base_url", "/", "news.example.org", "", "https://news.example.org/", false},
		{"cname with another host", "https://ann.github.io/news/", "news.example.org", "", "https://news.example.org/", true},
		{"cname with a sub-path", "/news/", "news.example.org", "", "https://news.example.org/", true},
		{"project site", "https://ann.github.io/news/", "", "https://github.com/Ann/news.git", "https://ann.github.io/news/", false},
		{"project site, path only", "/news/", "", "ssh://git@github.com/ann/news.git", "https://ann.github.io/news/", false},
		{"project site built for the root", "/", "", "git@github.com:ann/news.git", "https://ann.github.io/news/", true},
		{"project site built for another repository", "https://ann.github.io/old/", "", "git@github.com:ann/news", "https://ann.github.io/news/", true},
		{"user site", "https://ann.github.io/", "", "git@github.com:Ann/ann.github.io.git", "https://ann.github.io/", false},
		{"own domain set outside this repository", "https://example.org/news/", "", "git@github.com:ann/news.git", "https://example.org/news/", false},
		{"another host", "https://example.org/", "", "git@gitlab.com:ann/news.git", "https://example.org/", false},
		{"another host, path only", "/", "", "/srv/git/news.git", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, warnings := siteAddress(tc.baseURL, tc.cname, tc.push)
			if got != tc.want {
				t.Errorf("address = %q, want %q", got, tc.want)
			}
			if tc.warn != (len(warnings) > 0) {
				t.Errorf("warnings = %q, want some: %v", warnings, tc.warn)
			}
			for _, w := range warnings {
				if !strings.Contains(w, "set base_url = \""+tc.want+"\"") {
					t.Errorf("warning %q does not say what to set base_url to", w)
				}
			}
		})
	}
}

func TestLostCommits(t *testing.T) {
	for out, want := range map[string]bool{
		"To /r.git\n!\tabc:refs/heads/gh-pages\t[rejected] (fetch first)\nDone\n":                                    true,
		"To /r.git\n!\tabc:refs/heads/gh-pages\t[rejected] (non-fast-forward)\nDone\n":                               true,
		"To /r.git\n!\tabc:refs/heads/gh-pages\t[remote rejected] (cannot lock ref: is at 1 but expected 2)\nDone\n": true,
		"To /r.git\n!\tabc:refs/heads/gh-pages\t[remote rejected] (protected branch hook declined)\nDone\n":          false,
		"": false,
	} {
		if got := lostCommits(out); got != want {
			t.Errorf("lostCommits(%q) = %v, want %v", out, got, want)
		}
	}
}
