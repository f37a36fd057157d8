package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// tree creates new files below one folder and never outside it: paths are
// resolved through an os.Root, which refuses to follow "..", or a symbolic
// link planted meanwhile, out of the folder. Every file is created with
// O_EXCL, so one that exists, even one that appeared a moment ago, is never
// overwritten.
type tree struct {
	dir     string // as the user named it, for messages
	root    *os.Root
	created []string // files and folders made, for undo
	madeDir bool     // the folder itself was made by openEmptyDir
}

// openDir opens an existing folder to write a new site into.
func openDir(dir string) (*tree, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open the site folder: %w", err)
	}
	return &tree{dir: dir, root: root}, nil
}

// openEmptyDir opens dir for a new site, making it if it is missing, and
// refuses it when it holds anything at all.
func openEmptyDir(dir string) (*tree, error) {
	made := false
	switch info, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("cannot make the site folder: %w", err)
		}
		made = true
	case err != nil:
		return nil, err
	case !info.IsDir():
		return nil, &ExistsError{Path: dir, Msg: "is a file, not a folder; name a new folder for the site"}
	}
	t, err := openDir(dir)
	if err != nil {
		return nil, err
	}
	t.madeDir = made
	first, err := t.firstEntry()
	if err != nil {
		t.close()
		return nil, err
	}
	if first != "" {
		t.close()
		return nil, &ExistsError{Path: dir, Msg: fmt.Sprintf("is not empty (it holds %s); a new site is written only into a new or empty folder, so that nothing of yours is overwritten: name another folder", first)}
	}
	return t, nil
}

// firstEntry names an entry of the folder that makes it not empty, or
// returns "". A lone .git folder does not count: starting a site in a
// fresh clone of an empty repository is the usual way to begin.
func (t *tree) firstEntry() (string, error) {
	f, err := t.root.Open(".")
	if err != nil {
		return "", err
	}
	defer f.Close()
	names, err := f.Readdirnames(0)
	if err != nil {
		return "", err
	}
	slices.Sort(names)
	for _, name := range names {
		if name != ".git" {
			return name, nil
		}
	}
	return "", nil
}

// create writes a new file at rel (slash-separated), making its folders.
func (t *tree) create(rel string, data []byte) error {
	if err := t.mkdirs(path.Dir(rel)); err != nil {
		return err
	}
	f, err := t.root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return existsError(filepath.Join(t.dir, filepath.FromSlash(rel)))
	}
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", rel, err)
	}
	t.created = append(t.created, rel)
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", rel, err)
	}
	return nil
}

// mkdirs makes dir and the folders above it that are missing, remembering
// which it made.
func (t *tree) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if err := t.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	err := t.root.Mkdir(dir, 0o755)
	switch {
	case err == nil:
		t.created = append(t.created, dir)
	case !errors.Is(err, fs.ErrExist):
		return fmt.Errorf("cannot make the folder %s: %w", dir, err)
	}
	return nil
}

// undo removes what this tree created, newest first, after a failure part
// way through a site. Remove never deletes a folder that is not empty, so
// anything another program put there meanwhile stays.
func (t *tree) undo() {
	for _, rel := range slices.Backward(t.created) {
		t.root.Remove(rel)
	}
	t.created = nil
	if t.madeDir {
		os.Remove(t.dir)
	}
}

func (t *tree) close() { t.root.Close() }

func existsError(path string) error {
	return &ExistsError{Path: path, Msg: "already exists, and dateline new never overwrites a file: choose another title, or give a file name with --slug"}
}

// addFile creates the new file rel of the site at source, exclusively, and
// returns its path. Unlike a new site's files it may pass through symbolic
// links, because a site may keep content/ elsewhere on purpose; rel ends in
// a checked slug, so it cannot climb out of content/ by name.
func addFile(source, rel string, data []byte) (string, error) {
	full := filepath.Join(source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", fmt.Errorf("cannot make the folder for %s: %w", rel, err)
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", existsError(full)
	}
	if err != nil {
		return "", fmt.Errorf("cannot create %s: %w", full, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(full) // ours, created above: leave no half-written file
		return "", fmt.Errorf("cannot write %s: %w", full, err)
	}
	return full, nil
}
