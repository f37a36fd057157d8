package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileStaysInside(t *testing.T) {
	d, err := Create(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, rel := range []string{"", "../x", "/etc/passwd", "a/../../x", `a\..\..\x`, ".."} {
		if err := d.WriteFile(rel, []byte("x")); err == nil {
			t.Errorf("WriteFile(%q) succeeded, want a refusal", rel)
		}
	}
	if err := d.WriteFile("events/a/index.html", []byte("ok")); err != nil {
		t.Errorf("WriteFile inside: %v", err)
	}
}

func TestCommitReplacesWholeAndCleansUp(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	write := func(files ...string) {
		t.Helper()
		d, err := Create(dest)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := d.WriteFile(f, []byte(f)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "old/index.html")
	// A killed build's temp folder is removed by the next one.
	if err := os.Mkdir(filepath.Join(parent, ".public.new-123"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("index.html")
	if _, err := os.Stat(filepath.Join(dest, "old", "index.html")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a file of the old site survived the swap")
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
		t.Error("no marker in the output")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

func TestCheckReplaceable(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, files ...string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(p, f), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(mk("target"), link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		ok   bool
	}{
		{filepath.Join(dir, "absent"), true},
		{mk("empty"), true},
		{mk("ours", Marker, "index.html"), true},
		{mk("theirs", "thesis.tex"), false},
		{file, false},
		{link, false},
	} {
		err := CheckReplaceable(tc.path)
		var refused *RefusedError
		if tc.ok != (err == nil) || !tc.ok && !errors.As(err, &refused) {
			t.Errorf("CheckReplaceable(%s) = %v, want ok=%v", filepath.Base(tc.path), err, tc.ok)
		}
	}
}

func TestMakeDir(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "there"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir     string
		wantErr bool
	}{
		{"new", false},
		{"there", false},
		{"a/b/c", false},
		{"file", true},
		{"file/below", true},
	} {
		err := makeDir(filepath.Join(root, filepath.FromSlash(tc.dir)))
		if (err != nil) != tc.wantErr {
			t.Errorf("makeDir(%s) = %v, want error %v", tc.dir, err, tc.wantErr)
			continue
		}
		if info, statErr := os.Stat(filepath.Join(root, filepath.FromSlash(tc.dir))); !tc.wantErr && (statErr != nil || !info.IsDir()) {
			t.Errorf("makeDir(%s) made no folder: %v", tc.dir, statErr)
		}
	}
}
