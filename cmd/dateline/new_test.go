package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// runNewCommand runs dateline with args and returns its exit code and output.
func runNewCommand(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return exitCode(err, &errOut), out.String(), errOut.String()
}

func TestNewCommand(t *testing.T) {
	// In args, SITE is replaced by a fresh complete site, EMPTY by an empty
	// folder, and NEW by a path that does not exist yet.
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		stdout    []string
		stderr    []string
		created   string // a file the command must have made, below the folder it worked on
		checkCode int    // exit code of dateline check on that folder afterwards
		checkErr  string // a pattern check's stderr must match
	}{
		{name: "site", args: []string{"new", "site", "NEW", "--title", "My timeline", "--base-url", "https://you.github.io/repo/"},
			stdout:  []string{"created a new site in ", "  site.toml\n", "  .github/workflows/pages.yml\n", "cd ", "dateline serve", "dateline check"},
			created: ".github/workflows/pages.yml"},
		{name: "site, flags first, existing empty folder", args: []string{"new", "site", "--title", "T", "--base-url", "/", "EMPTY"},
			created: "site.toml"},
		{name: "site without title and address", args: []string{"new", "site", "NEW"},
			stdout:  []string{`Its title is "My site", after the folder's name`, "first set base_url in site.toml"},
			created: "site.toml", checkCode: 0,
			checkErr: `^site\.toml:\d+:1: warning: base_url is still the placeholder "https://CHANGE-ME\.example/"; set it to the address the site will be published at, like https://you\.github\.io/repo/ \(the Pages workflow passes --base-url itself\)\n$`},
		{name: "site in a used folder", args: []string{"new", "site", "SITE", "--title", "T"}, code: 1, stderr: []string{"is not empty"}},
		{name: "site without a folder", args: []string{"new", "site", "--title", "T"}, code: 2, stderr: []string{"name the folder"}},
		{name: "site in two folders", args: []string{"new", "site", "NEW", "EMPTY"}, code: 2, stderr: []string{"unexpected argument"}},
		{name: "site with a bad base URL", args: []string{"new", "site", "NEW", "--base-url", "example.org"}, code: 2, stderr: []string{"--base-url: \"example.org\""}},
		{name: "site with an unknown flag", args: []string{"new", "site", "NEW", "--titel", "T"}, code: 2, stderr: []string{"dateline new site: unknown flag --titel; did you mean --title?\nRun 'dateline help new site' for usage.\n"}},

		{name: "event", args: []string{"new", "event", "Kim's train \"arrives\"", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025-09-02T16:00"},
			stdout: []string{"created ", filepath.FromSlash("content/events/kim-s-train-arrives.toml")}, created: "content/events/kim-s-train-arrives.toml"},
		{name: "event, flags first", args: []string{"new", "event", "--source", "SITE", "--timeline", "apollo-11", "--when", "2011", "</script>\n\\"},
			created: "content/events/script.toml"},
		{name: "event after --", args: []string{"new", "event", "--source", "SITE", "--timeline", "apollo-11", "--when", "2011", "--", "-5 degrees"},
			created: "content/events/5-degrees.toml"},
		{name: "event without --when", args: []string{"new", "event", "X", "--source", "SITE", "--timeline", "apollo-11"}, code: 2, stderr: []string{"--when is required"}},
		{name: "event without --timeline", args: []string{"new", "event", "X", "--source", "SITE", "--when", "2025"}, code: 2, stderr: []string{"--timeline is required"}},
		{name: "event without a title", args: []string{"new", "event", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025"}, code: 2, stderr: []string{"give the event's title"}},
		{name: "event with a bad --when", args: []string{"new", "event", "X", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025-13-01"}, code: 2, stderr: []string{"--when: date \"2025-13-01\": month 13 does not exist"}},
		{name: "event on an unknown timeline", args: []string{"new", "event", "X", "--source", "SITE", "--timeline", "apolo-11", "--when", "2025"}, code: 2, stderr: []string{`unknown timeline "apolo-11"; did you mean "apollo-11"?`}},
		{name: "event whose file is taken", args: []string{"new", "event", "Apollo 11", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025"}, code: 1,
			stderr: []string{filepath.FromSlash("content/events/apollo-11.toml") + " already exists"}},
		{name: "event whose id is taken", args: []string{"new", "event", "Eagle lands", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025"}, code: 1,
			stderr: []string{`event id "eagle-lands", which is already used at content/events/apollo-11.toml:`}},
		{name: "event outside a site", args: []string{"new", "event", "X", "--source", "EMPTY", "--timeline", "j", "--when", "2025"}, code: 1, stderr: []string{"no site.toml in ", "--source DIR"}},
		{name: "event with an accented title", args: []string{"new", "event", "Élysée summit", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025"},
			created: "content/events/elysee-summit.toml"},
		{name: "event with a Chinese title", args: []string{"new", "event", "北京", "--source", "SITE", "--timeline", "apollo-11", "--when", "2025"}, code: 2,
			stderr: []string{"as 北, 京 are not Latin letters; give one with --slug", "Run 'dateline help new event' for usage."}},

		{name: "article", args: []string{"new", "article", "What we know", "--source", "SITE"},
			stdout: []string{"created ", "It is a draft"}, created: "content/articles/what-we-know.md"},
		{name: "article whose file is taken", args: []string{"new", "article", "--source", "SITE", "Apollo 11 lands on the Moon"}, code: 1, stderr: []string{"already exists"}},
		{name: "article without a title", args: []string{"new", "article", "--source", "SITE"}, code: 2, stderr: []string{"give the article's title"}},
		{name: "article with two titles", args: []string{"new", "article", "What", "we know", "--source", "SITE"}, code: 2, stderr: []string{`unexpected argument "we know"`}},

		{name: "nothing to create", args: []string{"new"}, code: 2, stderr: []string{"say what to create", "dateline new site DIR", "Run 'dateline help new' for usage."}},
		{name: "unknown kind", args: []string{"new", "post"}, code: 2, stderr: []string{`cannot create "post"`}},
		{name: "misspelt kind", args: []string{"new", "evnt"}, code: 2, stderr: []string{`cannot create "evnt"; did you mean "event"?`}},
		{name: "help", args: []string{"new", "-h"}, stdout: []string{"dateline new event \"TITLE\"\n"}},
		{name: "kind help", args: []string{"new", "event", "-h"}, stdout: []string{"Usage: dateline new event \"TITLE\" --timeline ID --when WHEN", "  --timeline ID "}},
		{name: "listed in help", args: []string{"help"}, stdout: []string{"\n  new       start a site (new site DIR), or add an event or article to one\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := ""
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				switch a {
				case "SITE":
					dir = newCommandTestSite(t)
				case "EMPTY":
					dir = t.TempDir()
				case "NEW":
					dir = filepath.Join(t.TempDir(), "my site")
				default:
					args[i] = a
					continue
				}
				args[i] = dir
			}
			before := entriesBelow(t, dir)
			code, stdout, stderr := runNewCommand(args...)
			if code != tc.code {
				t.Errorf("exit code = %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout = %q\nwant it to hold %q", stdout, want)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr = %q\nwant it to hold %q", stderr, want)
				}
			}
			if after := entriesBelow(t, dir); tc.code != 0 && !slices.Equal(before, after) {
				t.Errorf("a refused command changed the folder: before %q, after %q", before, after)
			}
			if tc.created == "" {
				return
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tc.created))); err != nil {
				t.Errorf("%s was not created: %v", tc.created, err)
			}
			code, _, stderr = runNewCommand("check", "--source", dir, "--drafts")
			if code != tc.checkCode {
				t.Errorf("check after the command: exit code %d, want %d\nstderr: %s", code, tc.checkCode, stderr)
			}
			if tc.checkErr != "" && !regexp.MustCompile(tc.checkErr).MatchString(stderr) {
				t.Errorf("check stderr = %q\nwant it to match %s", stderr, tc.checkErr)
			}
		})
	}
}

// newCommandTestSite makes a complete site through the command itself.
func newCommandTestSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runNewCommand("new", "site", dir, "--title", "Test", "--base-url", "/"); code != 0 {
		t.Fatalf("new site: exit code %d: %s", code, stderr)
	}
	return dir
}

// TestNewSiteWorkingFolder runs "new event" with no --source, in the site.
func TestNewSiteWorkingFolder(t *testing.T) {
	site := newCommandTestSite(t)
	t.Chdir(site)
	code, stdout, stderr := runNewCommand("new", "event", "Splashdown", "--timeline", "apollo-11", "--when", "1969-07-24T16:50")
	if code != 0 || !strings.Contains(stdout, "created "+filepath.FromSlash("content/events/splashdown.toml")+"\n") {
		t.Fatalf("exit code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := runNewCommand("check"); code != 0 {
		t.Errorf("check: exit code %d: %s", code, stderr)
	}
}

// entriesBelow lists the files and folders (ending in /) below dir; none
// when dir is "" or does not exist.
func entriesBelow(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	if dir == "" {
		return nil
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist) && p == dir:
			return nil
		case err != nil:
			return err
		case d.IsDir():
			p += "/"
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
