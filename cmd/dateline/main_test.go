package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

const goodSite = "title = \"T\"\n[[timelines]]\nid = \"journey\"\ntitle = \"T\"\n"

func TestRunExitCodes(t *testing.T) {
	good := t.TempDir()
	sitetest.WriteFiles(t, good, map[string]string{"site.toml": goodSite, "content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n"})
	bad := t.TempDir()
	sitetest.WriteFiles(t, bad, map[string]string{
		"site.toml":             goodSite,
		"content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025-13-01\"\ntimelines = [\"journy\"]\n",
		"content/events/b.toml": "[[event]]\ntittle = \"B\"\nwhen = 2025\n",
	})
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{"build ok", []string{"build", "--source", good, "--dest", filepath.Join(t.TempDir(), "out")}, 0, "1 event, 0 articles, 1 timeline", nil},
		{"check ok", []string{"check", "--source", good}, 0, "ok: 1 event,", nil},
		{"help", []string{"help"}, 0, "Usage:", nil},
		{"flag help", []string{"build", "-h"}, 0, "  --base-url URL ", nil},
		{"no command", nil, 2, "", []string{"no command given"}},
		{"unknown command", []string{"biuld"}, 2, "", []string{`dateline: unknown command "biuld"; did you mean "build"?` + "\nRun 'dateline help' for usage.\n"}},
		{"bad flag", []string{"build", "--nope"}, 2, "", []string{"dateline build: unknown flag --nope\nRun 'dateline help build' for usage.\n"}},
		{"extra argument", []string{"build", "extra"}, 2, "", []string{"dateline build: unexpected argument \"extra\"\nRun 'dateline help build' for usage.\n"}},
		{"refused destination", []string{"build", "--source", good, "--dest", good}, 2, "", []string{"source folder"}},
		{"build --base-url ftp", []string{"build", "--source", good, "--dest", filepath.Join(t.TempDir(), "out"), "--base-url", "ftp://x/"}, 2, "", []string{`dateline build: --base-url "ftp://x/" is not a web address`, "Run 'dateline help build' for usage."}},
		{"check --base-url javascript", []string{"check", "--source", good, "--base-url", "javascript:alert(1)//"}, 2, "", []string{"--base-url"}},
		{"serve --base-url scheme-relative", []string{"serve", "--source", good, "--addr", "127.0.0.1:0", "--base-url", "//evil.org/"}, 2, "", []string{`--base-url "//evil.org/"`}},
		{"deploy --base-url ftp", []string{"deploy", "--source", good, "--base-url", "ftp://x/", "--dry-run"}, 2, "", []string{"--base-url"}},
		{"content errors", []string{"check", "--source", bad}, 1, "", []string{
			"content/events/a.toml:3:1: when: date \"2025-13-01\": month 13 does not exist",
			"content/events/a.toml:4:1: unknown timeline \"journy\"; did you mean \"journey\"?",
			"content/events/b.toml:2:1: unknown key \"tittle\"; did you mean \"title\"?",
			"content/events/b.toml:3:1: when must be a date",
			"problems; nothing was written",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			if code := exitCode(err, &stderr); code != tc.code {
				t.Errorf("exit code = %d, want %d (err %v)", code, tc.code, err)
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout = %q, want it to hold %q", stdout.String(), tc.stdout)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr = %q\nwant it to hold %q", stderr.String(), want)
				}
			}
		})
	}
}
