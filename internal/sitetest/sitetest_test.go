package sitetest

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadBack(t *testing.T) {
	dir := t.TempDir()
	WriteFiles(t, dir, map[string]string{
		"site.toml":             "title = \"T\"\n",
		"content/events/a.toml": "a",
		".git/HEAD":             "ref: refs/heads/main\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"Files lists every file, in order", Files(t, dir), []string{".git/HEAD", "content/events/a.toml", "site.toml"}},
		{"Snapshot has the folders too", slices.Sorted(maps.Keys(Snapshot(t, dir))),
			[]string{".git", ".git/HEAD", "content", "content/events", "content/events/a.toml", "empty", "site.toml"}},
		{"Snapshot leaves out the folders named", slices.Sorted(maps.Keys(Snapshot(t, dir, ".git", "content/events"))),
			[]string{"content", "empty", "site.toml"}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	snap := Snapshot(t, dir)
	if snap["content/events/a.toml"] != "a" || snap["content"] != "/" {
		t.Errorf("Snapshot = %q, want files' texts and folders as /", snap)
	}
	if got := ReadFile(t, filepath.Join(dir, "site.toml")); got != "title = \"T\"\n" {
		t.Errorf("ReadFile = %q", got)
	}
}

func TestCopyExample(t *testing.T) {
	dir := CopyExample(t)
	files := Files(t, dir)
	if !slices.Contains(files, "site.toml") || !slices.ContainsFunc(files, func(f string) bool { return filepath.Dir(f) == "content/events" }) {
		t.Errorf("the copy holds %q, want site.toml and the example's events", files)
	}
	root := moduleRoot(t)
	for _, f := range files {
		if ReadFile(t, filepath.Join(dir, f)) != ReadFile(t, filepath.Join(root, f)) {
			t.Errorf("%s differs from the example's", f)
		}
	}
}
