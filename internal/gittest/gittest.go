// Package gittest runs git for tests: Isolate makes it ignore the
// machine's configuration and gives it a known identity, so that tests
// behave the same on any machine with git; Run runs it and fails the test
// on error. A test calling Isolate is skipped where git is not installed,
// and under go test -short: running git makes it slow.
package gittest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// Isolate points git's configuration at nothing, sets a known author and
// committer, and clears variables that would aim git at another
// repository, for the rest of the test.
func Isolate(t testing.TB) {
	t.Helper()
	sitetest.Slow(t, "runs git")
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; dateline deploy needs it")
	}
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_GLOBAL": os.DevNull, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.org",
		"GIT_COMMITTER_NAME": "Ann Author", "GIT_COMMITTER_EMAIL": "ann@example.org",
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		t.Setenv(k, "") // so that t.Setenv restores it afterwards
		os.Unsetenv(k)
	}
}

// Run runs git in dir and returns its trimmed output, failing the test on
// error.
func Run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return strings.TrimSpace(string(out))
}
