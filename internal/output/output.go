// Package output writes a built site to its destination folder so that the
// folder is only ever the old site or the new one, never a mix.
//
// Pages are written into a fresh folder beside the destination; Commit swaps
// it into place with renames, so a failed or interrupted build leaves the
// previous output as it was. Only a folder that is absent, empty, or marked
// as written by dateline is ever replaced, and no file is written outside
// the destination.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file dateline leaves in every output folder; its presence is
// what allows a later build to replace the folder.
const Marker = ".dateline-output"

const markerText = "This folder was written by dateline build and is replaced whole by the next build.\n"

// Dir is an output folder being written.
type Dir struct {
	dest string
	tmp  string
}

// RefusedError explains why a destination may not be replaced.
type RefusedError struct {
	Dest   string
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("will not write to %s: %s", e.Dest, e.Reason)
}

// CheckReplaceable reports whether dest may be replaced by a build: it is
// absent, an empty folder, or a folder holding the marker.
func CheckReplaceable(dest string) error {
	info, err := os.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return &RefusedError{dest, "it is a symbolic link; point --dest at a real folder"}
	case !info.IsDir():
		return &RefusedError{dest, "it is a file, not a folder"}
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err == nil {
		return nil
	}
	return &RefusedError{dest, "it holds files that dateline did not write (no " + Marker + " marker), and a build replaces the whole folder; choose an empty or new folder with --dest, or empty this one yourself"}
}

// Create starts writing a new output for dest in a temporary folder beside it.
func Create(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	if err := CheckReplaceable(dest); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{dest: dest, tmp: tmp}, nil
}

// Path is the folder being written, for callers that write files themselves.
func (d *Dir) Path() string { return d.tmp }

// WriteFile writes data at rel, a slash-separated path inside the output.
func (d *Dir) WriteFile(rel string, data []byte) error {
	p, err := d.local(rel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// local resolves rel inside the output, refusing anything that would leave it.
func (d *Dir) local(rel string) (string, error) {
	native := filepath.FromSlash(rel)
	if rel == "" || !filepath.IsLocal(native) || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	return filepath.Join(d.tmp, native), nil
}

// Commit marks the new output and swaps it in for the old one.
func (d *Dir) Commit() error {
	if err := d.WriteFile(Marker, []byte(markerText)); err != nil {
		return err
	}
	if err := CheckReplaceable(d.dest); err != nil { // it may have changed while we built
		return err
	}
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			return err
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, d.dest)
		}
		return err
	}
	syncDir(filepath.Dir(d.dest))
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the unfinished output; the old one stays as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// syncDir flushes a folder's entries so a swap survives a crash.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}
