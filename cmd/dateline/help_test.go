package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/version"
)

// topics are every help topic, as "dateline help" takes them.
func topics() []*command { return append(append([]*command{}, commands...), newKinds...) }

func TestHelpOverview(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, stdout, stderr := runDateline(args...)
		if code != 0 || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
		for _, c := range commands {
			if !regexp.MustCompile(`(?m)^  ` + c.name + ` +` + regexp.QuoteMeta(c.summary) + `$`).MatchString(stdout) {
				t.Errorf("%q does not list %s with its summary:\n%s", args, c.name, stdout)
			}
		}
	}
}

// TestCommandHelp asks each topic for help the three ways, which must agree,
// and checks that the help lists each flag of the command's own flag set,
// written with two dashes, with its default, and has examples and exit
// codes; the flag package's own output must never show.
func TestCommandHelp(t *testing.T) {
	for _, c := range topics() {
		t.Run(c.name, func(t *testing.T) {
			words := strings.Fields(c.name)
			code, stdout, stderr := runDateline(append([]string{"help"}, words...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			for _, h := range []string{"--help", "-h"} {
				if c.name == "help" {
					break
				}
				code, other, stderr := runDateline(append(words, h)...)
				if code != 0 || stderr != "" || other != stdout {
					t.Errorf("dateline %s %s: exit %d, stderr %q, and stdout differs from dateline help's:\n%s", c.name, h, code, stderr, other)
				}
			}
			if !strings.HasPrefix(stdout, "Usage: dateline "+c.name) || !strings.Contains(stdout, "\nExamples:\n") || !strings.Contains(stdout, "\nExit codes:\n  0  ") {
				t.Errorf("help lacks a usage line, examples or exit codes:\n%s", stdout)
			}
			if regexp.MustCompile(`(?m)^\s+-[a-z]|Usage of `).MatchString(stdout) {
				t.Errorf("help shows the flag package's own output:\n%s", stdout)
			}
			fs, err := flagsOf(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if fs == nil {
				return
			}
			fs.VisitAll(func(f *flag.Flag) {
				line := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(flagSpelling(f)) + ` +` + regexp.QuoteMeta(f.Usage[:min(len(f.Usage), 10)]) + `.*$`).FindString(stdout)
				if line == "" {
					t.Errorf("no line for --%s:\n%s", f.Name, stdout)
				}
				if note := defaultNote(f); !strings.HasSuffix(line, note) {
					t.Errorf("the line of --%s lacks its default %q: %q", f.Name, note, line)
				}
			})
			for _, name := range c.required {
				if fs.Lookup(name) == nil {
					t.Errorf("required flag --%s is not a flag of the command", name)
				}
			}
		})
	}
}

func TestHelpDefaults(t *testing.T) {
	_, stdout, _ := runDateline("help", "deploy")
	for _, want := range []string{`  --remote NAME `, `(default "origin")`, `(default "gh-pages")`, "  --dry-run  ", "  --source DIR "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("deploy's help lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, `(default "false")`) || strings.Contains(stdout, `(default "")`) {
		t.Errorf("deploy's help shows a zero default:\n%s", stdout)
	}
}

// TestUsageErrors: a usage error is one line, without a doubled prefix,
// and the hint of the command's own help.
func TestUsageErrors(t *testing.T) {
	site := t.TempDir()
	sitetest.WriteFiles(t, site, map[string]string{"site.toml": goodSite})
	t.Chdir(site) // usage checks made after reading the flags run only in a site
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"build", "x"}, "dateline build: unexpected argument \"x\"\nRun 'dateline help build' for usage.\n"},
		{[]string{"check", "--drafts=maybe"}, "dateline check: invalid boolean value \"maybe\" for --drafts: parse error\nRun 'dateline help check' for usage.\n"},
		{[]string{"deploy", "--remote"}, "dateline deploy: --remote needs a value\nRun 'dateline help deploy' for usage.\n"},
		{[]string{"deploy", "--branch", ""}, "dateline deploy: --remote and --branch need a name\nRun 'dateline help deploy' for usage.\n"},
		{[]string{"serve", "--pol", "1s"}, "dateline serve: unknown flag --pol; did you mean --poll?\nRun 'dateline help serve' for usage.\n"},
		{[]string{"serve", "--poll", "-1s"}, "dateline serve: --poll must not be negative\nRun 'dateline help serve' for usage.\n"},
		{[]string{"new", "event", "X", "--source", "."}, "dateline new event: --timeline is required\nRun 'dateline help new event' for usage.\n"},
		{[]string{"version", "now"}, "dateline version: unexpected argument \"now\"\nRun 'dateline help version' for usage.\n"},
		{[]string{"help", "biuld"}, "dateline help: no command \"biuld\"; did you mean \"build\"?\nRun 'dateline help help' for usage.\n"},
		{[]string{"help", "new", "evnt"}, "dateline help: no command \"new evnt\"; did you mean \"new event\"?\nRun 'dateline help help' for usage.\n"},
		{[]string{"xyzzy"}, "dateline: unknown command \"xyzzy\"\nRun 'dateline help' for usage.\n"},
		{[]string{"chekc"}, "dateline: unknown command \"chekc\"; did you mean \"check\"?\nRun 'dateline help' for usage.\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runDateline(tc.args...)
			if code != 2 || stderr != tc.stderr || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr\n%q\nwant exit 2 and\n%q", code, stdout, stderr, tc.stderr)
			}
		})
	}
}

// useVersion makes the binary info for the rest of the test.
func useVersion(t *testing.T, info version.Info) {
	t.Helper()
	old := currentVersion
	currentVersion = func() version.Info { return info }
	t.Cleanup(func() { currentVersion = old })
}

func TestVersionCommand(t *testing.T) {
	useVersion(t, version.Info{Version: "v0.2.0", GoVersion: "go1.26.8"})
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, stdout, stderr := runDateline(args...)
		if code != 0 || stdout != "dateline v0.2.0, built with go1.26.8\n" || stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestNoSite runs each command that reads a site where there is none.
func TestNoSite(t *testing.T) {
	empty := t.TempDir()
	file := filepath.Join(empty, "notes.txt")
	sitetest.WriteFile(t, file, "x")
	t.Chdir(empty)
	for _, cmd := range []string{"build", "check", "serve", "deploy"} {
		for _, tc := range []struct {
			name string
			args []string
			want string
		}{
			{"here", nil, "dateline: no site.toml in " + empty + ", so it is not a site's folder: run dateline in the site's folder or pass --source DIR; dateline new site DIR starts a new site\n"},
			{"--source", []string{"--source", "."}, "dateline: no site.toml in " + empty + ","},
			{"missing folder", []string{"--source", "gone"}, "dateline: there is no folder " + filepath.Join(empty, "gone") + ": pass --source DIR"},
			{"a file", []string{"--source", "notes.txt"}, "dateline: " + file + " is a file, not a folder"},
		} {
			t.Run(cmd+" "+tc.name, func(t *testing.T) {
				code, stdout, stderr := runDateline(append([]string{cmd, "--addr", "127.0.0.1:0"}[:1+2*btoi(cmd == "serve")], tc.args...)...)
				if code != 1 || !strings.HasPrefix(stderr, tc.want) || stdout != "" {
					t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, stdout, stderr, tc.want)
				}
			})
		}
	}
	// A usage mistake is reported as one, site or not.
	if code, _, stderr := runDateline("build", "extra"); code != 2 || !strings.Contains(stderr, "unexpected argument") {
		t.Errorf("build extra: exit %d, %q", code, stderr)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCheckPlaceholderBaseURL: check warns about a base_url placeholder,
// naming its line, without failing, unless --base-url replaces it; deploy
// refuses it.
func TestCheckPlaceholderBaseURL(t *testing.T) {
	useVersion(t, version.Info{})
	site := t.TempDir()
	sitetest.WriteFiles(t, site, map[string]string{
		"site.toml":             "\nbase_url = \"" + load.PlaceholderBaseURL + "\"\n" + goodSite,
		"content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n",
	})
	broken := t.TempDir()
	sitetest.WriteFiles(t, broken, map[string]string{
		"site.toml":             "\nbase_url = \"" + load.PlaceholderBaseURL + "\"\n" + goodSite,
		"content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journy\"]\n",
	})
	warning := "site.toml:2:1: warning: base_url is still the placeholder \"https://CHANGE-ME.example/\"; set it to the address the site will be published at, like https://you.github.io/repo/ (the Pages workflow passes --base-url itself)\n"
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"check", []string{"check", "--source", site}, 0, warning},
		{"check with --base-url", []string{"check", "--source", site, "--base-url", "https://you.github.io/repo/"}, 0, ""},
		{"check with content errors", []string{"check", "--source", broken}, 1, warning + "content/events/a.toml:4:1: unknown timeline \"journy\"; did you mean \"journey\"?\ndateline: 1 problem; nothing was written\n"},
		{"deploy", []string{"deploy", "--source", site}, 1, "site.toml:2:1: base_url is still the placeholder \"https://CHANGE-ME.example/\", and dateline deploy will not publish a site whose links lead there; set it to the address the site will be published at, like https://you.github.io/repo/ in site.toml, or pass --base-url URL\ndateline: 1 problem; nothing was written\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runDateline(tc.args...)
			if code != tc.code || stderr != tc.stderr {
				t.Errorf("exit %d, stderr\n%q\nwant exit %d and\n%q", code, stderr, tc.code, tc.stderr)
			}
		})
	}
}

// TestCheckWorkflowVersion: check warns when the site's workflow installs
// another dateline than this one.
func TestCheckWorkflowVersion(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	release := version.Info{Version: "v0.2.0"}
	for _, tc := range []struct {
		name      string
		writtenBy version.Info // the dateline that wrote the site's workflow
		running   version.Info // the one that checks it
		warning   string       // a pattern of the warning, or "" for none
	}{
		{"same release", release, release, ""},
		{"older release", version.Info{Version: "v0.1.0"}, release,
			`^\.github/workflows/pages\.yml:\d+:29: warning: the workflow publishes with dateline v0\.1\.0, but this is dateline v0\.2\.0, so what you check here may not be what gets published; write v0\.2\.0 there to publish with this one\n$`},
		{"revision against release", version.Info{Revision: rev}, release, `pages\.yml:\d+:\d+: warning: the workflow publishes with dateline ` + rev + `, but this is dateline v0\.2\.0`},
		{"same revision", version.Info{Revision: rev}, version.Info{Revision: rev}, ""},
		{"latest against revision", version.Info{}, version.Info{Revision: rev}, `dateline latest, but this is dateline ` + rev},
		{"this dateline knows no version", release, version.Info{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			useVersion(t, tc.writtenBy)
			site := filepath.Join(t.TempDir(), "site")
			if code, _, stderr := runDateline("new", "site", site, "--base-url", "/"); code != 0 {
				t.Fatalf("new site: %s", stderr)
			}
			useVersion(t, tc.running)
			code, _, stderr := runDateline("check", "--source", site)
			if code != 0 {
				t.Fatalf("check: exit %d, %s", code, stderr)
			}
			if tc.warning == "" && stderr != "" || tc.warning != "" && !regexp.MustCompile(tc.warning).MatchString(stderr) {
				t.Errorf("stderr = %q, want it to match %q", stderr, tc.warning)
			}
		})
	}
	if got := workflowWarning(filepath.Join(t.TempDir(), "none"), "v0.2.0"); got != "" {
		t.Errorf("a site without a workflow: %q", got)
	}
	if _, err := os.Stat("."); err != nil {
		t.Fatal(err)
	}
}

func TestSamePin(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"v0.2.0", "v0.2.0", true},
		{"v0.2.0", "v0.2.1", false},
		{rev[:12], rev, true},
		{rev[:6], rev, false},
		{"latest", rev, false},
	} {
		if got := samePin(tc.a, tc.b); got != tc.same {
			t.Errorf("samePin(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
