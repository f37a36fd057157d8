// Package output writes a built site to its destination folder so that the
// folder is only ever the old site or the new one, never a mix.
//
// Pages are written into a fresh folder beside the destination; Commit swaps
// it into place with renames, so a failed or interrupted build leaves the
// previous output as it was. Only a folder that is absent, empty, or marked
// as written by dateline is ever replaced, and no file is written outside
// the destination.
//
// One build at a time writes to a destination: Create takes a lock beside
// it (.<name>.lock), held until Commit or Abort, and another build of the
// same destination fails at once with a *BusyError. A build whose temporary
// folder was removed or replaced meanwhile fails instead of committing what
// is left. Abort removes the lock file and the parent folders Create made,
// those only while empty. Of the folders named .<name>.new-* beside the
// destination, a build removes only those holding the Marker: the leftovers
// of killed builds, never a folder of the user's.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file dateline leaves in every output folder; its presence is
// what allows a later build to replace the folder. Create writes it into the
// temporary folder first thing, which is how a later build tells a killed
// build's leftover from a folder of the user's.
const Marker = ".dateline-output"

const markerText = "This folder was written by dateline build and is replaced whole by the next build.\n"

// Dir is an output folder being written. WriteFile may be called from
// several goroutines at once; Create, Commit and Abort may not.
type Dir struct {
	dest string
	tmp  string
	// root is tmp as Create made it, held open so that its inode number
	// cannot be handed to a folder made in its place: Commit publishes only
	// this folder.
	root     fs.FileInfo
	rootFile *os.File
	lock     *lock
	made     []string // parents of dest that Create made, outermost first
	done     bool     // committed or aborted
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

// Create starts writing a new output for dest in a temporary folder beside
// it, and locks dest until Commit or Abort. It fails with a *BusyError while
// another build writes to dest.
func Create(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	if err := CheckReplaceable(dest); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	made, err := makeParents(parent)
	if err != nil {
		return nil, err
	}
	d := &Dir{dest: dest, made: made}
	if d.lock, err = acquire(dest); err != nil {
		removeEmpty(made)
		return nil, err
	}
	removeLeftovers(parent, filepath.Base(dest))
	if err := d.makeTemp(); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

// makeTemp makes the temporary folder and marks it first thing, so that a
// build killed later leaves a folder the next build knows to be dateline's.
func (d *Dir) makeTemp() error {
	tmp, err := os.MkdirTemp(filepath.Dir(d.dest), tempPrefix(d.dest))
	if err != nil {
		return err
	}
	d.tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return err
	}
	if d.rootFile, err = os.Open(tmp); err != nil {
		return err
	}
	d.root, err = d.rootFile.Stat()
	return err
}

func tempPrefix(dest string) string { return "." + filepath.Base(dest) + ".new-" }

func (d *Dir) closeRoot() {
	if d.rootFile != nil {
		d.rootFile.Close()
		d.rootFile = nil
	}
}

// makeParents makes folder dir and any missing parents, and returns the
// folders it made, outermost first, for Abort to remove.
func makeParents(dir string) ([]string, error) {
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		_, err := os.Lstat(p)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	var made []string
	for _, p := range slices.Backward(missing) {
		err := os.Mkdir(p, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue // made by someone else at the same moment: not ours to remove
		}
		if err != nil {
			removeEmpty(made)
			return nil, err
		}
		made = append(made, p)
	}
	return made, nil
}

// removeEmpty removes folders, innermost first, stopping at the first that
// is not empty: whatever someone put there meanwhile stays.
func removeEmpty(folders []string) {
	for _, p := range slices.Backward(folders) {
		if os.Remove(p) != nil {
			return
		}
	}
}

// removeLeftovers deletes the temporary folders of builds that were killed
// before they could clean up (a SIGKILL or a power cut). A folder counts as
// one only if it holds the Marker, which Create writes into the temporary
// folder first thing: any other folder with a name like it is the user's.
// The caller holds the lock, so no running build's folder is among them.
func removeLeftovers(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".new-*"))
	for _, m := range matches {
		if isDir(m) && isRegular(filepath.Join(m, Marker)) {
			_ = os.RemoveAll(m)
		}
	}
}

// isDir reports whether p is a folder, not a link to one.
func isDir(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.IsDir()
}

func isRegular(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.Mode().IsRegular()
}

// Path is the folder being written, for callers that write files themselves.
func (d *Dir) Path() string { return d.tmp }

// WriteFile writes data at rel, a slash-separated path inside the output.
// It fails if the temporary folder was removed, which it never makes again.
func (d *Dir) WriteFile(rel string, data []byte) error {
	p, err := d.local(rel)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(p); dir != d.tmp {
		if err := makeDir(d.tmp, dir); err != nil {
			return d.explain(err)
		}
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return d.explain(err)
	}
	return nil
}

// explain replaces a missing-file error by the reason behind it when the
// temporary folder is gone.
func (d *Dir) explain(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if rootErr := d.checkRoot(); rootErr != nil {
			return rootErr
		}
	}
	return err
}

// checkRoot fails unless the temporary folder is still the one Create made,
// marked as it was: anything else there holds only part of the site.
func (d *Dir) checkRoot() error {
	info, err := os.Lstat(d.tmp)
	if err == nil && os.SameFile(info, d.root) && isRegular(filepath.Join(d.tmp, Marker)) {
		return nil
	}
	return fmt.Errorf("the build's temporary folder %s was removed or replaced by another program while the site was written; %s was left as it was", d.tmp, d.dest)
}

// makeDir makes folder dir and any missing folders between it and root, a
// folder above dir that it never makes: a root that is gone stays gone, so
// that writes fail rather than start a second, partial site. Most pages
// have a folder of their own whose parent exists, so one mkdir is tried
// first: os.MkdirAll would look at the folder and its parent before making
// it, three system calls where one does.
func makeDir(root, dir string) error {
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		parent := filepath.Dir(dir)
		if parent == root || parent == dir {
			return err // the root is missing
		}
		if err := makeDir(root, parent); err != nil {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if errors.Is(err, fs.ErrExist) {
		if info, statErr := os.Stat(dir); statErr == nil && info.IsDir() {
			return nil
		}
	}
	return err
}

// local resolves rel inside the output, refusing anything that would leave it.
func (d *Dir) local(rel string) (string, error) {
	native := filepath.FromSlash(rel)
	if rel == "" || !filepath.IsLocal(native) || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	return filepath.Join(d.tmp, native), nil
}

// Commit swaps the new output in for the old one and releases the lock.
// Where the system can exchange two folders atomically (Linux), the
// destination is at every instant either the old site or the new one;
// elsewhere it is missing for the moment between two renames. When Commit
// fails, call Abort.
func (d *Dir) Commit() error {
	if d.done {
		return errDone
	}
	if err := d.checkRoot(); err != nil {
		return err
	}
	// Some systems will not rename a folder that is open.
	d.closeRoot()
	if err := CheckReplaceable(d.dest); err != nil { // it may have changed while we built
		return err
	}
	if err := d.swap(); err != nil {
		return err
	}
	d.done = true
	defer d.lock.release() // after the old site is gone, which no other build should see
	syncDir(filepath.Dir(d.dest))
	return os.RemoveAll(d.tmp) // now the old site, if there was one
}

var errDone = errors.New("output already committed or aborted")

// swap puts the temporary folder at dest, and the old site, if any, at the
// temporary folder's name.
func (d *Dir) swap() error {
	if _, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(d.tmp, d.dest)
	}
	err := exchange(d.tmp, d.dest)
	if errors.Is(err, errExchangeUnsupported) {
		err = renameTwice(d.tmp, d.dest)
	}
	return err
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

// Abort removes the unfinished output, the lock and the parent folders
// Create made; the old output stays as it was. After Commit it does nothing.
func (d *Dir) Abort() error {
	if d.done {
		return nil
	}
	d.done = true
	d.closeRoot()
	err := os.RemoveAll(d.tmp)
	d.lock.release() // before the parents, as the lock file is in one
	removeEmpty(d.made)
	return err
}

// syncDir flushes a folder's entries so a swap survives a crash.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		f.Close()
	}
}
