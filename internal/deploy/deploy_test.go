package deploy

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/gittest"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

func siteToml(extra string) string {
	return extra + "title = \"T\"\n[[timelines]]\nid = \"journey\"\ntitle = \"Journey\"\n"
}

func event(title string) string {
	return "[[event]]\ntitle = \"" + title + "\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n"
}

// fixture is a site repository with a bare repository as its origin.
type fixture struct {
	src, remote string
}

// newFixture makes a committed site on branch main, with site.toml lines
// extra, and an empty bare origin.
func newFixture(t *testing.T, extra string) fixture {
	t.Helper()
	gittest.Isolate(t)
	f := fixture{src: filepath.Join(t.TempDir(), "site"), remote: filepath.Join(t.TempDir(), "origin.git")}
	gittest.Run(t, t.TempDir(), "init", "--quiet", "--bare", f.remote)
	gittest.Run(t, t.TempDir(), "init", "--quiet", "--initial-branch=main", f.src)
	sitetest.WriteFiles(t, f.src, map[string]string{
		"site.toml":             siteToml(extra),
		"content/events/a.toml": event("First"),
		".gitignore":            "public/\n*.html\nCNAME\n.nojekyll\n", // must not keep any of the site out
	})
	f.commit(t, "Add the first event")
	gittest.Run(t, f.src, "remote", "add", "origin", f.remote)
	return f
}

func (f fixture) commit(t *testing.T, msg string) {
	t.Helper()
	gittest.Run(t, f.src, "add", "-A")
	gittest.Run(t, f.src, "commit", "--quiet", "-m", msg)
}

func (f fixture) deploy(t *testing.T, opts Options) *Deploy {
	t.Helper()
	if opts.Source == "" {
		opts.Source = f.src
	}
	d, err := Prepare(context.Background(), opts)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if err := d.Push(context.Background(), false); err != nil {
		t.Fatalf("Push: %v", err)
	}
	return d
}

// files lists the files of ref in the remote.
func (f fixture) files(t *testing.T, ref string) []string {
	return strings.Split(gittest.Run(t, f.remote, "ls-tree", "-r", "--name-only", ref), "\n")
}

func TestFirstDeployMakesOneRootCommit(t *testing.T) {
	f := newFixture(t, "base_url = \"https://news.example.org/\"\ncname = \"News.Example.org\"\n")
	d := f.deploy(t, Options{})

	if d.Parent != "" || d.Unchanged {
		t.Errorf("Parent = %q, Unchanged = %v; want a first deploy", d.Parent, d.Unchanged)
	}
	if tip := gittest.Run(t, f.remote, "rev-parse", "gh-pages"); tip != d.Commit {
		t.Errorf("remote gh-pages = %s, want the deploy commit %s", tip, d.Commit)
	}
	if n := gittest.Run(t, f.remote, "rev-list", "--count", "gh-pages"); n != "1" {
		t.Errorf("gh-pages has %s commits, want 1", n)
	}
	files := f.files(t, "gh-pages")
	for _, want := range []string{"index.html", ".nojekyll", "CNAME", "events/first/index.html"} {
		if !slices.Contains(files, want) {
			t.Errorf("the deploy lacks %s; it has %v", want, files)
		}
	}
	if slices.Contains(files, ".dateline-output") {
		t.Error("the deploy holds dateline build's marker file")
	}
	if got := gittest.Run(t, f.remote, "show", "gh-pages:CNAME"); got != "news.example.org" {
		t.Errorf("CNAME = %q", got)
	}
	if got := gittest.Run(t, f.remote, "show", "gh-pages:.nojekyll"); got != "" {
		t.Errorf(".nojekyll = %q, want it empty", got)
	}
	if d.Address != "https://news.example.org/" || len(d.Notes) > 0 {
		t.Errorf("Address = %q, Notes = %q", d.Address, d.Notes)
	}
	short := gittest.Run(t, f.src, "rev-parse", "--short", "HEAD")
	full := gittest.Run(t, f.src, "rev-parse", "HEAD")
	msg := gittest.Run(t, f.remote, "log", "-1", "--format=%B", "gh-pages")
	if want := "Deploy " + short + " of main: Add the first event"; !strings.HasPrefix(msg, want+"\n") || !strings.Contains(msg, full) {
		t.Errorf("message = %q\nwant it to start with %q and name %s", msg, want, full)
	}
	if got := gittest.Run(t, f.src, "rev-parse", "refs/remotes/origin/gh-pages"); got != d.Commit {
		t.Errorf("origin/gh-pages = %s, want %s", got, d.Commit)
	}
	if out := gittest.Run(t, f.src, "branch", "--list"); out != "* main" {
		t.Errorf("local branches = %q; a deploy must make none", out)
	}
}

func TestLaterDeploysKeepHistory(t *testing.T) {
	f := newFixture(t, "cname = \"news.example.org\"\n")
	first := f.deploy(t, Options{})

	sitetest.WriteFiles(t, f.src, map[string]string{"content/events/b.toml": event("Second")})
	f.commit(t, "Add the second event")
	second := f.deploy(t, Options{})
	if second.Parent != first.Commit || second.Unchanged {
		t.Fatalf("second deploy: Parent = %s, Unchanged = %v; want it on top of %s", second.Parent, second.Unchanged, first.Commit)
	}
	if parents := gittest.Run(t, f.remote, "log", "-1", "--format=%P", "gh-pages"); parents != first.Commit {
		t.Errorf("parents of the second deploy = %q, want %s", parents, first.Commit)
	}
	if n := gittest.Run(t, f.remote, "rev-list", "--count", "gh-pages"); n != "2" {
		t.Errorf("gh-pages has %s commits, want 2", n)
	}
	files := f.files(t, "gh-pages")
	if !slices.Contains(files, "events/second/index.html") || !slices.Contains(files, "CNAME") {
		t.Errorf("second deploy has %v; want the new event's page and CNAME", files)
	}

	third := f.deploy(t, Options{})
	if !third.Unchanged || third.Commit != "" {
		t.Errorf("deploy without a change: Unchanged = %v, Commit = %q; want no commit", third.Unchanged, third.Commit)
	}
	if tip := gittest.Run(t, f.remote, "rev-parse", "gh-pages"); tip != second.Commit {
		t.Errorf("gh-pages moved to %s on a deploy without a change", tip)
	}
}

// TestDeployLeavesTheUserRepositoryAlone deploys with a staged change, an
// unstaged one and an untracked file, and compares everything the user
// could see before and after.
func TestDeployLeavesTheUserRepositoryAlone(t *testing.T) {
	f := newFixture(t, "")
	sitetest.WriteFiles(t, f.src, map[string]string{"content/events/staged.toml": event("Staged")})
	gittest.Run(t, f.src, "add", "content/events/staged.toml")
	sitetest.WriteFiles(t, f.src, map[string]string{
		"content/events/a.toml":   event("First, edited"),
		"content/events/new.toml": event("Untracked"),
		"notes.txt":               "scratch\n",
	})
	look := func() map[string]string {
		state := map[string]string{
			"status":   gittest.Run(t, f.src, "status", "--porcelain", "--untracked-files=all"),
			"cached":   gittest.Run(t, f.src, "diff", "--cached"),
			"unstaged": gittest.Run(t, f.src, "diff"),
			"HEAD":     gittest.Run(t, f.src, "symbolic-ref", "HEAD"),
			"main":     gittest.Run(t, f.src, "rev-parse", "main"),
			"branches": gittest.Run(t, f.src, "for-each-ref", "refs/heads"),
		}
		index, err := os.ReadFile(filepath.Join(f.src, ".git", "index"))
		if err != nil {
			t.Fatal(err)
		}
		state["index bytes"] = string(index)
		for p, text := range sitetest.Snapshot(t, f.src, ".git") {
			state["file "+p] = text
		}
		return state
	}
	before := look()
	d := f.deploy(t, Options{})
	after := look()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed:\nbefore %q\nafter  %q", k, v, after[k])
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s appeared", k)
		}
	}
	if !strings.Contains(strings.SplitN(d.Message, "\n", 2)[0], "(with uncommitted changes)") {
		t.Errorf("message %q does not say the site had uncommitted changes", d.Message)
	}
	files := f.files(t, "gh-pages")
	for _, want := range []string{"events/staged/index.html", "events/untracked/index.html", "events/first-edited/index.html"} {
		if !slices.Contains(files, want) {
			t.Errorf("the deploy lacks %s: it is built from the files as they are", want)
		}
	}
}

// pushFromElsewhere pushes a commit to branch of remote from another clone,
// as a colleague or GitHub's settings page would, and returns it.
func pushFromElsewhere(t *testing.T, remote, branch string, files map[string]string) string {
	t.Helper()
	other := t.TempDir()
	gittest.Run(t, other, "init", "--quiet")
	sitetest.WriteFiles(t, other, files)
	gittest.Run(t, other, "add", "-A")
	if gittest.Run(t, remote, "branch", "--list", branch) != "" {
		gittest.Run(t, other, "fetch", "--quiet", remote, branch)
		gittest.Run(t, other, "reset", "--soft", "FETCH_HEAD")
	}
	gittest.Run(t, other, "commit", "--quiet", "--allow-empty", "-m", "Pushed from elsewhere")
	gittest.Run(t, other, "push", "--quiet", remote, "HEAD:refs/heads/"+branch)
	return gittest.Run(t, other, "rev-parse", "HEAD")
}

func TestPushRefusesToLoseCommitsUnlessForced(t *testing.T) {
	f := newFixture(t, "")
	f.deploy(t, Options{})
	sitetest.WriteFiles(t, f.src, map[string]string{"content/events/b.toml": event("Second")})
	f.commit(t, "Add the second event")

	d, err := Prepare(context.Background(), Options{Source: f.src})
	if err != nil {
		t.Fatal(err)
	}
	theirs := pushFromElsewhere(t, f.remote, "gh-pages", map[string]string{"theirs.txt": "x"})

	err = d.Push(context.Background(), false)
	var diverged *DivergedError
	if !errors.As(err, &diverged) {
		t.Fatalf("Push after someone else pushed = %v, want a DivergedError", err)
	}
	for _, want := range []string{"gh-pages branch on origin has commits this deploy would lose", "deploy again", "--force"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if tip := gittest.Run(t, f.remote, "rev-parse", "gh-pages"); tip != theirs {
		t.Errorf("refused push moved gh-pages to %s", tip)
	}

	again := f.deploy(t, Options{})
	if again.Parent != theirs {
		t.Errorf("deploying again built on %s, want on the commit pushed meanwhile %s", again.Parent, theirs)
	}

	if err := d.Push(context.Background(), true); err != nil {
		t.Fatalf("forced Push: %v", err)
	}
	if tip := gittest.Run(t, f.remote, "rev-parse", "gh-pages"); tip != d.Commit {
		t.Errorf("after a forced push gh-pages = %s, want %s", tip, d.Commit)
	}
}

func TestMessageBranchAndRemote(t *testing.T) {
	f := newFixture(t, "")
	other := filepath.Join(t.TempDir(), "pub.git")
	gittest.Run(t, t.TempDir(), "init", "--quiet", "--bare", other)
	gittest.Run(t, f.src, "remote", "add", "pub", other)

	d := f.deploy(t, Options{Remote: "pub", Branch: "site", Message: "Publish the spring edition"})
	if got := gittest.Run(t, other, "log", "-1", "--format=%B", "site"); got != "Publish the spring edition" {
		t.Errorf("message = %q", got)
	}
	if got := gittest.Run(t, other, "rev-parse", "site"); got != d.Commit {
		t.Errorf("pub's site branch = %s, want %s", got, d.Commit)
	}
	if refs := gittest.Run(t, f.remote, "for-each-ref"); refs != "" {
		t.Errorf("origin got refs %q; the deploy went to pub", refs)
	}
}

// TestKeepsTheBranchCNAME: GitHub's settings page commits a CNAME to the
// branch; a site without cname must not delete it.
func TestKeepsTheBranchCNAME(t *testing.T) {
	f := newFixture(t, "")
	f.deploy(t, Options{})
	pushFromElsewhere(t, f.remote, "gh-pages", map[string]string{"CNAME": "Set.Example.org"})

	sitetest.WriteFiles(t, f.src, map[string]string{"content/events/b.toml": event("Second")})
	f.commit(t, "Add the second event")
	d := f.deploy(t, Options{})
	if got := gittest.Run(t, f.remote, "show", "gh-pages:CNAME"); got != "Set.Example.org" {
		t.Errorf("CNAME = %q, want the branch's kept", got)
	}
	if d.Address != "https://set.example.org/" {
		t.Errorf("Address = %q", d.Address)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "kept the CNAME file (set.example.org)") {
		t.Errorf("Notes = %q", d.Notes)
	}
}

// TestFilesAreCommittedAsBuilt: no line-ending setting may change a file.
func TestFilesAreCommittedAsBuilt(t *testing.T) {
	f := newFixture(t, "")
	gittest.Run(t, f.src, "config", "core.autocrlf", "true")
	sitetest.WriteFiles(t, f.src, map[string]string{"static/notes.txt": "a\r\nb\r\n", ".gitattributes": "* text=auto\n"})
	f.commit(t, "Add notes")
	f.deploy(t, Options{})
	cmd := exec.Command("git", "cat-file", "blob", "gh-pages:notes.txt")
	cmd.Dir = f.remote
	out, err := cmd.Output()
	if err != nil || string(out) != "a\r\nb\r\n" {
		t.Errorf("notes.txt = %q, %v; want its bytes unchanged", out, err)
	}
}

func TestStandInIdentity(t *testing.T) {
	f := newFixture(t, "")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(k, "") // git refuses an empty name as it does a missing one
	}
	d := f.deploy(t, Options{})
	if got := gittest.Run(t, f.remote, "log", "-1", "--format=%an <%ae> / %cn <%ce>", "gh-pages"); got != "dateline <dateline@localhost> / dateline <dateline@localhost>" {
		t.Errorf("identity = %q", got)
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "git has no user.name") {
		t.Errorf("Notes = %q", d.Notes)
	}
}

func TestRefusals(t *testing.T) {
	f := newFixture(t, "")
	notRepo := t.TempDir()
	sitetest.WriteFiles(t, notRepo, map[string]string{"site.toml": siteToml(""), "content/events/a.toml": event("A")})
	gittest.Run(t, f.src, "push", "--quiet", "--set-upstream", "origin", "main")
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"no folder", Options{Source: filepath.Join(notRepo, "nope")}, "no site folder"},
		{"not a repository", Options{Source: notRepo}, "is not in a git repository"},
		{"no such remote", Options{Remote: "upstream"}, `no remote named "upstream"`},
		{"bad branch", Options{Branch: "two..dots"}, `"two..dots" is not a valid branch name`},
		{"the branch worked on", Options{Branch: "main"}, "will not deploy to the main branch on origin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.Source == "" {
				tc.opts.Source = f.src
			}
			_, err := Prepare(context.Background(), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Prepare = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
