package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
		{"flag help", []string{"build", "-h"}, 0, "", []string{"-base-url"}},
		{"no command", nil, 2, "", []string{"no command given"}},
		{"unknown command", []string{"biuld"}, 2, "", []string{`unknown command "biuld"`}},
		{"bad flag", []string{"build", "--nope"}, 2, "", []string{"flag provided but not defined"}},
		{"extra argument", []string{"build", "extra"}, 2, "", []string{`unexpected argument "extra"`}},
		{"refused destination", []string{"build", "--source", good, "--dest", good}, 2, "", []string{"source folder"}},
		{"build --base-url ftp", []string{"build", "--source", good, "--dest", filepath.Join(t.TempDir(), "out"), "--base-url", "ftp://x/"}, 2, "", []string{`--base-url "ftp://x/" is not a web address`}},
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

// TestInterruptedBuildLeavesOldOrNewSite starts a real build of a large site,
// interrupts it while it writes, and checks the output is wholly the old
// site or wholly the new one, with no temporary folder left behind.
func TestInterruptedBuildLeavesOldOrNewSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a large site")
	}
	bin := filepath.Join(t.TempDir(), "dateline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			src := t.TempDir()
			sitetest.WriteFiles(t, src, map[string]string{"site.toml": goodSite, "content/events/a.toml": "[[event]]\ntitle = \"Old\"\nwhen = \"2024\"\ntimelines = [\"journey\"]\n"})
			parent := t.TempDir()
			dest := filepath.Join(parent, "public")
			if out, err := exec.Command(bin, "build", "--source", src, "--dest", dest).CombinedOutput(); err != nil {
				t.Fatalf("first build: %v\n%s", err, out)
			}
			old := listFiles(t, dest)
			sitetest.WriteFiles(t, src, map[string]string{"content/events/many.toml": manyEvents(3000)})
			complete := filepath.Join(t.TempDir(), "complete")
			if out, err := exec.Command(bin, "build", "--source", src, "--dest", complete).CombinedOutput(); err != nil {
				t.Fatalf("reference build: %v\n%s", err, out)
			}
			want := listFiles(t, complete)

			cmd := exec.Command(bin, "build", "--source", src, "--dest", dest)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForTempDir(parent)
			_ = cmd.Process.Signal(sig)
			_ = cmd.Wait()

			now := listFiles(t, dest)
			t.Logf("after the signal the output is the old site: %v", equalLists(now, old))
			if !equalLists(now, old) && !equalLists(relative(t, dest, now), relative(t, complete, want)) {
				t.Errorf("output is neither the old site (%d files) nor the complete new one (%d files): %d files", len(old), len(want), len(now))
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 1 {
				t.Errorf("left beside the output: %v", entries)
			}
		})
	}
}

func manyEvents(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[event]]\nid = \"e-%d\"\ntitle = \"Event %d\"\nwhen = \"2025-09-02T%02d:%02d\"\ntimelines = [\"journey\"]\nsummary = \"Some *Markdown* text for event %d.\"\n\n", i, i, i/60%24, i%60, i)
	}
	return b.String()
}

// waitForTempDir returns once a build's temporary folder appears in parent,
// or after a short while (the build may already be done).
func waitForTempDir(parent string) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(parent, ".public.new-*")); len(m) > 0 {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func relative(t *testing.T, dir string, files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = rel
	}
	return out
}

func equalLists(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
