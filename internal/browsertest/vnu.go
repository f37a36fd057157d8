package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// VNU returns the command that runs the Nu HTML Checker: java, then the
// arguments up to and including the jar of the pinned vnu-jar package,
// for the test to append its own options and files. Without java or the
// package the test is skipped, unless DATELINE_BROWSER=1 makes that a
// failure, as for Chromium: CI installs both, so there a missing checker
// is a broken set-up rather than a reason to pass quietly.
func VNU(t testing.TB) []string {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("DATELINE_BROWSER") == "1" {
			t.Fatalf("DATELINE_BROWSER=1 but no java for the Nu HTML Checker: %v", err)
		}
		t.Skip("java not installed (apt-get install default-jre-headless); set DATELINE_BROWSER=1 to make this a failure")
	}
	jar := filepath.Join(NPM(t, "vnu-jar"), "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		// The package is there (NPM checked its package.json) but not its
		// jar: a broken install that a skip would hide.
		t.Fatalf("vnu-jar installed without its jar: %v", err)
	}
	return []string{java, "-jar", jar}
}
