package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/gittest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// deploySite makes a committed site repository whose origin is a new bare
// repository, and returns both.
func deploySite(t *testing.T) (src, origin string) {
	t.Helper()
	gittest.Isolate(t)
	src, origin = filepath.Join(t.TempDir(), "site"), filepath.Join(t.TempDir(), "origin.git")
	gittest.Run(t, t.TempDir(), "init", "--quiet", "--bare", origin)
	gittest.Run(t, t.TempDir(), "init", "--quiet", "--initial-branch=main", src)
	sitetest.WriteFiles(t, src, map[string]string{
		"site.toml":             "cname = \"news.example.org\"\n" + goodSite,
		"content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n",
	})
	gittest.Run(t, src, "add", "-A")
	gittest.Run(t, src, "commit", "--quiet", "-m", "First event")
	gittest.Run(t, src, "remote", "add", "origin", origin)
	return src, origin
}

// runDateline runs the command line and returns its exit code and output.
func runDateline(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	code = exitCode(err, &errOut)
	return code, out.String(), errOut.String()
}

func TestDeployCommand(t *testing.T) {
	src, origin := deploySite(t)

	code, stdout, stderr := runDateline("deploy", "--source", src)
	short := gittest.Run(t, src, "rev-parse", "--short", "HEAD")
	for _, want := range []string{"built: 1 event,", "as the first commit of gh-pages", "Deploy " + short + " of main: First event", "pushed to the gh-pages branch on origin", "the site will be at https://news.example.org/"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("first deploy printed %q\nwant it to hold %q", stdout, want)
		}
	}
	if code != 0 || stderr != "" {
		t.Fatalf("first deploy: exit %d, stderr %q", code, stderr)
	}
	tip := gittest.Run(t, origin, "rev-parse", "gh-pages")

	code, stdout, _ = runDateline("deploy", "--source", src)
	if code != 0 || !strings.Contains(stdout, "nothing changed since the deploy at origin/gh-pages ("+tip[:7]+"); not deploying") {
		t.Errorf("deploy without a change: exit %d, stdout %q", code, stdout)
	}

	sitetest.WriteFiles(t, src, map[string]string{"content/events/b.toml": "[[event]]\ntitle = \"B\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n"})
	code, stdout, _ = runDateline("deploy", "--source", src, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "(with uncommitted changes)") || !strings.Contains(stdout, "dry run: nothing was pushed") {
		t.Errorf("dry run: exit %d, stdout %q", code, stdout)
	}
	if now := gittest.Run(t, origin, "rev-parse", "gh-pages"); now != tip {
		t.Errorf("a dry run moved gh-pages from %s to %s", tip, now)
	}
}

// TestDeployRefusesToLoseCommits pushes to a URL whose gh-pages has a
// commit that the fetch URL's has not: a plain deploy must refuse with exit
// code 1 and leave it, --force must replace it.
func TestDeployRefusesToLoseCommits(t *testing.T) {
	src, _ := deploySite(t)
	mirror := filepath.Join(t.TempDir(), "mirror.git")
	gittest.Run(t, t.TempDir(), "init", "--quiet", "--bare", mirror)
	gittest.Run(t, src, "remote", "set-url", "--push", "origin", mirror)
	other := t.TempDir()
	gittest.Run(t, other, "init", "--quiet")
	gittest.Run(t, other, "commit", "--quiet", "--allow-empty", "-m", "Someone else's deploy")
	gittest.Run(t, other, "push", "--quiet", mirror, "HEAD:refs/heads/gh-pages")
	theirs := gittest.Run(t, mirror, "rev-parse", "gh-pages")

	code, _, stderr := runDateline("deploy", "--source", src)
	if code != 1 || !strings.Contains(stderr, "the gh-pages branch on origin has commits this deploy would lose") || !strings.Contains(stderr, "--force") {
		t.Errorf("deploy over someone else's commit: exit %d, stderr %q; want exit 1 and the refusal", code, stderr)
	}
	if now := gittest.Run(t, mirror, "rev-parse", "gh-pages"); now != theirs {
		t.Fatalf("the refused deploy moved gh-pages to %s", now)
	}

	code, stdout, stderr := runDateline("deploy", "--source", src, "--force")
	if code != 0 {
		t.Fatalf("forced deploy: exit %d, stderr %q", code, stderr)
	}
	if msg := gittest.Run(t, mirror, "log", "-1", "--format=%s", "gh-pages"); !strings.Contains(stdout, msg) || !strings.HasPrefix(msg, "Deploy ") {
		t.Errorf("after --force gh-pages is %q; stdout %q", msg, stdout)
	}
}

func TestDeployUsageAndSetupErrors(t *testing.T) {
	gittest.Isolate(t)
	notRepo := t.TempDir()
	sitetest.WriteFiles(t, notRepo, map[string]string{"site.toml": goodSite})
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"extra argument", []string{"deploy", "now"}, 2, `unexpected argument "now"`},
		{"empty branch", []string{"deploy", "--source", notRepo, "--branch", ""}, 2, "--remote and --branch need a name"},
		{"not a repository", []string{"deploy", "--source", notRepo}, 1, "is not in a git repository"},
		{"help", []string{"deploy", "-h"}, 0, "  --dry-run "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runDateline(tc.args...)
			if code != tc.code || !strings.Contains(stderr+stdout, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, tc.code, tc.want)
			}
		})
	}
}
