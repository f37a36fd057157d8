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
	removeLeftovers(parent, filepath.Base(dest))
	tmp, err := os.MkdirTemp(parent, tempPrefix(dest))
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{dest: dest, tmp: tmp}, nil
}

func tempPrefix(dest string) string { return "." + filepath.Base(dest) + ".new-" }

// removeLeftovers deletes the temporary folders of builds that were killed
// before they could clean up (a SIGKILL or a power cut).
func removeLeftovers(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".new-*"))
	for _, m := range matches {
		if info, err := os.Lstat(m); err == nil && info.IsDir() {
			_ = os.RemoveAll(m)
		}
	}
}

// Path is the folder being written, for callers that write files themselves.
func (d *Dir) Path() string { return d.tmp }

// WriteFile writes data at rel, a slash-separated path inside the output.
func (d *Dir) WriteFile(rel string, data []byte) error {
	p, err := d.local(rel)
	if err != nil {
		return err
	}
	if err := makeDir(filepath.Dir(p)); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// makeDir makes folder dir and any missing parents. Most pages have a
// folder of their own whose parent exists, so one mkdir is tried first:
// os.MkdirAll would look at the folder and its parent before making it,
// three system calls where one does.
func makeDir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		if info, statErr := os.Stat(dir); statErr == nil && info.IsDir() {
			return nil
		}
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// local resolves rel inside the output, refusing anything that would leave it.
func (d *Dir) local(rel string) (string, error) {
	native := filepath.FromSlash(rel)
	if rel == "" || !filepath.IsLocal(native) || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	return filepath.Join(d.tmp, native), nil
}

// Commit marks the new output and swaps it in for the old one. Where the
// system can exchange two folders atomically (Linux), the destination is at
// every instant either the old site or the new one; elsewhere it is missing
// for the moment between two renames.
func (d *Dir) Commit() error {
	if err := d.WriteFile(Marker, []byte(markerText)); err != nil {
		return err
	}
	if err := CheckReplaceable(d.dest); err != nil { // it may have changed while we built
		return err
	}
	if _, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(d.tmp, d.dest); err != nil {
			return err
		}
		syncDir(filepath.Dir(d.dest))
		return nil
	}
	err := exchange(d.tmp, d.dest)
	if errors.Is(err, errExchangeUnsupported) {
		err = renameTwice(d.tmp, d.dest)
	}
	if err != nil {
		return err
	}
	syncDir(filepath.Dir(d.dest))
	return os.RemoveAll(d.tmp) // now the old site
}

var errExchangeUnsupported = errors.New("atomic exchange not supported")

// renameTwice moves dest aside and tmp into its place, leaving the old site
// at tmp.
func renameTwice(tmp, dest string) error {
	old := tmp + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Rename(old, dest)
		return err
	}
	return os.Rename(old, tmp)
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
