package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/output"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// link makes a symbolic link at rel (below dir) pointing at target.
func link(t *testing.T, dir, rel, target string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// TestLinksOutOfTheSiteAreRefused: a link whose target lies outside the
// site folder, in any of its trees, fails the build naming the link and its
// target, and publishes nothing; the secret never reaches the output or the
// message.
func TestLinksOutOfTheSiteAreRefused(t *testing.T) {
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "token.txt")
	if err := os.WriteFile(secret, []byte("CI_TOKEN=hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, link, target, want string }{
		{"static file, absolute", "static/passwd.txt", "/etc/passwd", `static/passwd.txt: is a symbolic link to /etc/passwd, an absolute path`},
		{"static file, environment", "static/env.txt", "/proc/self/environ", `static/env.txt: is a symbolic link to /proc/self/environ`},
		{"static file, relative out", "static/token.txt", "../../" + filepath.Base(secretDir) + "/token.txt", "which lies outside the site folder"},
		{"static folder, absolute", "static/secrets", secretDir, "static/secrets: is a symbolic link to " + secretDir},
		{"event file", "content/events/leak.toml", secret, "content/events/leak.toml: is a symbolic link to " + secret},
		{"article folder", "content/articles/more", secretDir, "content/articles/more: is a symbolic link to " + secretDir},
		{"template", "templates/event.html", secret, "templates/event.html: is a symbolic link to " + secret},
		{"site.toml", "site.toml", secret, "site.toml: is a symbolic link to " + secret},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := sitetest.CopyExample(t)
			if tc.link == "site.toml" {
				os.Remove(filepath.Join(src, "site.toml"))
			}
			// A relative target is written from a site next to the secret.
			if !filepath.IsAbs(tc.target) && strings.HasPrefix(tc.target, "../../") {
				moved := filepath.Join(filepath.Dir(secretDir), "site-"+strings.ReplaceAll(tc.name, " ", "-"))
				if err := os.Rename(src, moved); err != nil {
					t.Skipf("cannot place the site beside the secret: %v", err)
				}
				t.Cleanup(func() { os.RemoveAll(moved) })
				src = moved
			}
			link(t, src, tc.link, tc.target)
			dest := filepath.Join(t.TempDir(), "public")
			_, err := Run(context.Background(), Options{Source: src, Dest: dest})
			var probs timeline.Problems
			if !errors.As(err, &probs) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a problem containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "root:") {
				t.Errorf("the message shows the linked file's content: %v", err)
			}
			if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused build wrote %s", dest)
			}
		})
	}
}

// TestLinksInsideTheSiteAreFollowed: links to files and folders inside the
// site are followed the same way in static/ and content/, and published
// under the link's own path.
func TestLinksInsideTheSiteAreFollowed(t *testing.T) {
	src := sitetest.CopyExample(t)
	sitetest.WriteFiles(t, src, map[string]string{
		"shared/logo.svg":          "<svg xmlns='http://www.w3.org/2000/svg'/>",
		"shared/docs/guide.txt":    "guide",
		"shared/events/extra.toml": "[[event]]\nid = \"linked-extra\"\ntitle = \"Linked\"\nwhen = \"2025-09-05\"\ntimelines = [\"journey\"]\n",
	})
	link(t, src, "static/logo.svg", "../shared/logo.svg")
	link(t, src, "static/docs", "../shared/docs")
	link(t, src, "content/events/linked", "../../shared/events")
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Run(context.Background(), Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"logo.svg", "docs/guide.txt", "events/linked-extra/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(rel))); err != nil {
			t.Errorf("%s not published: %v", rel, err)
		}
	}
}

// TestBrokenLinksInsideTheSite: a dangling link and a folder linked into
// itself are problems that say what to do, not a bare "is a directory" or a
// silent skip.
func TestBrokenLinksInsideTheSite(t *testing.T) {
	for _, tc := range []struct{ name, link, target, want string }{
		{"dangling", "static/gone.png", "missing.png", "static/gone.png: is a symbolic link to missing.png, which does not exist; fix the link or delete it"},
		{"loop", "static/again", "..", "static/again: is a symbolic link to .., a folder that holds the link"},
		{"content loop", "content/events/again", "../events", "content/events/again: is a symbolic link to ../events, a folder that holds the link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := sitetest.CopyExample(t)
			link(t, src, tc.link, tc.target)
			_, err := Check(context.Background(), Options{Source: src})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestDestinationRefusedThroughLinks: the refusal of an output inside the
// source's trees holds when the path reaches them through a link.
func TestDestinationRefusedThroughLinks(t *testing.T) {
	src := sitetest.CopyExample(t)
	outside := t.TempDir()
	link(t, outside, "cl", filepath.Join(src, "content"))
	link(t, outside, "site", src)
	link(t, src, "static/mirror", "../content")
	for _, tc := range []struct{ name, dest, want string }{
		{"linked content", filepath.Join(outside, "cl", "out"), "content/"},
		{"linked source, static", filepath.Join(outside, "site", "static", "out"), "static/"},
		{"linked source itself", filepath.Join(outside, "site"), "source folder"},
		{"link inside static to content", filepath.Join(src, "static", "mirror", "out"), "/ folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), Options{Source: src, Dest: tc.dest})
			var refused *output.RefusedError
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a refusal mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(src, "content", "out")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a build wrote into content/ through a link")
	}
}

// TestBaseURLOptionValidated: --base-url is held to base_url's rules.
func TestBaseURLOptionValidated(t *testing.T) {
	src := sitetest.CopyExample(t)
	for _, bad := range []string{"ftp://x/", "javascript:alert(1)//", "//evil.org/", "https://", "/a b/"} {
		t.Run(bad, func(t *testing.T) {
			_, err := Check(context.Background(), Options{Source: src, BaseURL: bad})
			var opt *OptionError
			if !errors.As(err, &opt) || opt.Flag != "base-url" {
				t.Errorf("err = %v, want an OptionError for --base-url", err)
			}
		})
	}
	for _, good := range []string{"/", "/repo/", "https://user.github.io/repo/", "http://localhost:8080/"} {
		if _, err := Check(context.Background(), Options{Source: src, BaseURL: good}); err != nil {
			t.Errorf("--base-url %s: %v", good, err)
		}
	}
}

// TestUnprintableFileNames: a name holding a newline is quoted, so it
// cannot forge an error line; a name that is not UTF-8 says to rename it.
func TestUnprintableFileNames(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"newline", "content/events/a\nb.toml", `"content/events/a\nb.toml":1:1: empty event file`},
		{"not UTF-8", "content/events/\xff.toml", `"content/events/\xff.toml": the name is not valid UTF-8`},
		{"not UTF-8 in static", "static/\xfe.png", `"static/\xfe.png": the name is not valid UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := sitetest.CopyExample(t)
			p := filepath.Join(src, filepath.FromSlash(tc.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Skipf("this file system refuses the name: %v", err)
			}
			_, err := Check(context.Background(), Options{Source: src})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if line == "b.toml:1:1: empty event file; add an [[event]] table or delete the file" || strings.HasPrefix(line, "b.toml") {
					t.Errorf("a file name forged an error line: %q", line)
				}
			}
		})
	}
}
