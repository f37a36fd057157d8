// Package sitetest holds the helpers that tests of several packages share,
// mostly to lay out and read back files: WriteFile and WriteFiles write
// texts at paths, making the folders they need; CopyExample copies the
// repository's example site; ReadFile, Files and Snapshot read a folder
// back for a test to compare. Each fails the test on any error, so that a
// test reads as what it checks. Slow skips a slow test under go test -short.
package sitetest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline"
)

// WriteFile writes text at path p, making its folder as needed.
func WriteFile(t testing.TB, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// WriteFiles writes each text at its path (slash-separated, relative to
// dir), making folders as needed.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, text := range files {
		WriteFile(t, filepath.Join(dir, filepath.FromSlash(p)), text)
	}
}

// ReadFile is the text of the file at p.
func ReadFile(t testing.TB, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// CopyExample copies the repository's example site (site.toml, content/
// and its own static files) into a new temporary folder and returns that folder; tests
// edit the copy, never the example.
func CopyExample(t testing.TB) string {
	t.Helper()
	root := moduleRoot(t)
	dir := t.TempDir()
	WriteFile(t, filepath.Join(dir, "site.toml"), ReadFile(t, filepath.Join(root, "site.toml")))
	content := filepath.Join(root, "content")
	for _, rel := range Files(t, content) {
		WriteFile(t, filepath.Join(dir, "content", rel), ReadFile(t, filepath.Join(content, rel)))
	}
	// The example's own static files, such as its images; the built-in
	// ones (dateline.Defaults) every site has without a copy.
	static := filepath.Join(root, "static")
	for _, rel := range Files(t, static) {
		if _, err := fs.Stat(dateline.Defaults, "static/"+rel); err == nil {
			continue
		}
		WriteFile(t, filepath.Join(dir, "static", rel), ReadFile(t, filepath.Join(static, rel)))
	}
	return dir
}

// moduleRoot is the folder holding go.mod, above the test's package folder
// (where go test runs a test).
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// Files lists the files below dir as slash-separated paths relative to it,
// in order.
func Files(t testing.TB, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// folder stands for a folder in a Snapshot.
const folder = "/"

// Snapshot maps everything below dir, by slash-separated path relative to
// it, to a file's text or, for a folder, to "/"; comparing two snapshots
// tells whether anything was written, changed or left behind. The folders
// named in except (relative paths, such as ".git") are left out with all
// they hold.
func Snapshot(t testing.TB, dir string, except ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && slices.Contains(except, rel):
			return fs.SkipDir
		case d.IsDir():
			out[rel] = folder
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Slow skips t under go test -short, saying why it is slow (it runs git,
// builds the binary…); .ci/run and a plain go test run it.
func Slow(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip(strings.TrimSuffix(why, ".") + "; skipped with -short")
	}
}
