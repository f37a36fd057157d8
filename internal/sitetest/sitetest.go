// Package sitetest lays out source files for tests: WriteFiles writes a
// map of slash-separated paths to texts below a folder, making the folders
// they need, and fails the test on any error.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFiles writes each text at its path (slash-separated, relative to
// dir), making folders as needed.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
