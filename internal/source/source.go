// Package source is the one definition of a Dateline site's source folder:
// where its parts live, which files in it count, and how it is read.
//
// It promises:
//   - a site is site.toml and the trees content/, templates/ and static/;
//     nothing else in the folder is ever read;
//   - hidden files and folders, editor scratch files and, in content/,
//     names starting with "_" are not part of the site; static/.well-known/
//     is, as domain checks and security.txt live there (see Skipped);
//   - a site is read through Open, which never leaves the site folder:
//     a symbolic link is followed only when it is relative and what it
//     points at lies inside the site folder, wherever the link sits; any
//     other link (absolute, leading outside, dangling, or a folder that
//     contains itself) is a problem naming the link and its target, so a
//     link can never publish a file from elsewhere on the machine;
//   - Files lists a tree the same way for every reader, with a problem for
//     each name it cannot use (not UTF-8, a bad link, a pipe or device)
//     instead of a silent skip.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Where a site's parts live, relative to its source folder.
const (
	ConfigFile   = "site.toml"
	ContentDir   = "content"
	EventsDir    = "content/events"
	ArticlesDir  = "content/articles"
	TemplatesDir = "templates"
	StaticDir    = "static"
)

// Trees are the folders of a site whose whole content a build reads.
var Trees = []string{ContentDir, TemplatesDir, StaticDir}

// published names the hidden folders a build publishes all the same.
const wellKnown = "static/.well-known"

// A Folder is a site's source folder opened for reading. It is an fs.FS
// whose paths are relative to the folder and which refuses to follow a
// symbolic link out of it.
type Folder struct {
	fsys rootFS
	root *os.Root
	dir  string
}

// rootFS is what os.Root.FS gives.
type rootFS interface {
	fs.StatFS
	fs.ReadFileFS
	fs.ReadDirFS
	fs.ReadLinkFS
}

// Open opens the site folder dir.
func Open(dir string) (*Folder, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Folder{fsys: root.FS().(rootFS), root: root, dir: dir}, nil
}

// The methods of the file system interfaces Folder keeps from os.Root.
func (f *Folder) Open(name string) (fs.File, error)     { return f.fsys.Open(name) }
func (f *Folder) Stat(name string) (fs.FileInfo, error) { return f.fsys.Stat(name) }
func (f *Folder) ReadFile(name string) ([]byte, error)  { return f.fsys.ReadFile(name) }

// ReadDir lists folder name. A listing shows names and types, not
// content, so it is made by path, which is several times faster than
// os.Root's (that looks at each entry again); a folder is reached only
// through Files's walk, which follows a link to a folder only after the
// Root said it lies inside the site.
func (f *Folder) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	entries, err := os.ReadDir(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: Cause(err)}
	}
	return entries, nil
}
func (f *Folder) ReadLink(name string) (string, error)   { return f.fsys.ReadLink(name) }
func (f *Folder) Lstat(name string) (fs.FileInfo, error) { return f.fsys.Lstat(name) }

// Close releases the folder.
func (f *Folder) Close() error { return f.root.Close() }

// Relevant reports whether a change at rel (slash-separated, relative to
// the source folder) can change the built site.
func Relevant(rel string) bool {
	if rel == "" || rel == "." || Skipped(rel) {
		return false
	}
	top, _, _ := strings.Cut(rel, "/")
	if top == rel {
		return rel == ConfigFile || slices.Contains(Trees, rel)
	}
	return slices.Contains(Trees, top)
}

// Skipped reports whether rel, or a folder it lies in, is left out of the
// site: hidden (but for static/.well-known/), an editor's scratch file, or
// in content/ starting with "_".
func Skipped(rel string) bool {
	parts := strings.Split(rel, "/")
	for i, name := range parts {
		if i == 0 && len(parts) > 1 {
			continue // the tree itself
		}
		if skippedName(strings.Join(parts[:i+1], "/"), name, parts[0] == ContentDir) {
			return true
		}
	}
	return false
}

func skippedName(rel, name string, inContent bool) bool {
	if rel == wellKnown {
		return false
	}
	return Scratch(name) || inContent && strings.HasPrefix(name, "_")
}

// Scratch reports whether a file name is hidden or an editor's temporary
// or backup file. Editors that save atomically write such a file and then
// rename it to the real name; the rename arrives as an event for the real
// name, so leaving out the scratch names loses no change.
func Scratch(name string) bool {
	switch {
	case name == "4913": // vim's probe that a folder is writable
		return true
	case strings.HasPrefix(name, "."): // hidden files, .#lock files of Emacs, .swp of vim
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // Emacs auto-save
		return true
	case strings.HasSuffix(name, "~"): // backups of vim, Emacs, JetBrains (name___jb_tmp___ ends in ___)
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swx", ".swpx", ".tmp":
		return true
	}
	return strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}

// Files lists the files below dir in fsys that are part of the site and
// whose names end in ext (any name when ext is ""), in path order. Linked
// files and folders inside the site are listed under the link's path. A
// missing dir has no files.
func Files(fsys fs.FS, dir, ext string) ([]string, timeline.Problems) {
	w := walker{fsys: fsys, top: dir, ext: ext}
	if _, err := fs.Stat(fsys, dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// The tree, or a folder above it, leads out of the site: say which.
		at := dir
		for q := dir; q != "."; q = path.Dir(q) {
			if _, lerr := fs.ReadLink(fsys, q); lerr == nil {
				at = q
			}
		}
		return nil, timeline.Problems{LinkProblem(fsys, at, err)}
	}
	w.dir(dir)
	slices.Sort(w.files)
	return w.files, w.probs
}

type walker struct {
	fsys  fs.FS
	top   string // the folder listed
	ext   string
	files []string
	probs timeline.Problems
}

// dir walks folder p.
func (w *walker) dir(p string) {
	entries, err := fs.ReadDir(w.fsys, p)
	if err != nil {
		if p == w.top && errors.Is(err, fs.ErrNotExist) {
			return
		}
		w.problem(p, "cannot read this folder: %v", Cause(err))
		return
	}
	for _, e := range entries {
		name := e.Name()
		child := p + "/" + name
		switch {
		case !utf8.ValidString(name):
			w.problem(child, "the name is not valid UTF-8, so it cannot be published; rename it using UTF-8")
			continue
		case Skipped(child):
			continue
		}
		switch t := e.Type(); {
		case t.IsDir():
			w.dir(child)
		case t&fs.ModeSymlink != 0:
			w.link(child)
		case t.IsRegular():
			w.file(child)
		default:
			w.problem(child, "is not a regular file (it is a %s); remove it from the site folder", kind(t))
		}
	}
}

func (w *walker) file(p string) {
	if strings.HasSuffix(p, w.ext) {
		w.files = append(w.files, p)
	}
}

// link follows the symbolic link p, which fsys allows only inside the site.
func (w *walker) link(p string) {
	info, err := fs.Stat(w.fsys, p)
	if err != nil {
		w.probs = append(w.probs, LinkProblem(w.fsys, p, err))
		return
	}
	switch {
	case info.IsDir():
		if w.holds(info, path.Dir(p)) {
			w.problem(p, "is a symbolic link to %s, a folder that holds the link, so the folder would never end; delete the link", linkTarget(w.fsys, p))
			return
		}
		w.dir(p)
	case info.Mode().IsRegular():
		w.file(p)
	default:
		w.problem(p, "is a symbolic link to %s, which is not a regular file (it is a %s); delete the link", linkTarget(w.fsys, p), kind(info.Mode().Type()))
	}
}

// holds reports whether folder is dir or one of the folders dir lies in,
// as reached through any links on the way.
func (w *walker) holds(folder fs.FileInfo, dir string) bool {
	for {
		if up, err := fs.Stat(w.fsys, dir); err == nil && os.SameFile(up, folder) {
			return true
		}
		if dir == "." {
			return false
		}
		dir = path.Dir(dir)
	}
}

func (w *walker) problem(p, format string, args ...any) {
	w.probs = append(w.probs, timeline.Problem{Pos: timeline.Pos{Path: p}, Msg: fmt.Sprintf(format, args...)})
}

// LinkProblem explains err, met opening p, when p is a symbolic link that
// may not be followed; otherwise it reports err as a plain read error.
func LinkProblem(fsys fs.FS, p string, err error) timeline.Problem {
	pos := timeline.Pos{Path: p}
	target, lerr := fs.ReadLink(fsys, p)
	if lerr != nil {
		return timeline.Problem{Pos: pos, Msg: "cannot read: " + Cause(err).Error()}
	}
	shown := timeline.Printable(target)
	var msg string
	switch {
	case path.IsAbs(target) || strings.HasPrefix(target, `\`):
		msg = fmt.Sprintf("is a symbolic link to %s, an absolute path; dateline follows only relative links to files inside the site folder, so that nothing from elsewhere on the machine is published; copy the file into the site or make the link relative", shown)
	case errors.Is(err, fs.ErrNotExist) && staysInside(p, target):
		msg = fmt.Sprintf("is a symbolic link to %s, which does not exist; fix the link or delete it", shown)
	case staysInside(p, target) && !strings.Contains(err.Error(), "escapes"):
		// os.Root says "path escapes from parent" when a chain of links
		// leaves the site; other errors, such as a link to itself, are
		// the link's own.
		msg = fmt.Sprintf("is a symbolic link to %s, which cannot be read (%v); fix the link or delete it", shown, Cause(err))
	default:
		msg = fmt.Sprintf("is a symbolic link to %s, which lies outside the site folder; dateline follows only links to files inside the site, so that nothing from elsewhere on the machine is published; copy the file into the site or delete the link", shown)
	}
	return timeline.Problem{Pos: pos, Msg: msg}
}

// staysInside reports whether the relative link target, read from the
// folder holding link, names a place inside the site (by its text alone).
func staysInside(link, target string) bool {
	return fs.ValidPath(path.Join(path.Dir(link), target))
}

func linkTarget(fsys fs.FS, p string) string {
	target, err := fs.ReadLink(fsys, p)
	if err != nil {
		return "a folder"
	}
	return timeline.Printable(target)
}

// kind names a file type that is neither a regular file nor a folder.
func kind(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "named pipe"
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// Cause is err without the operation and path a fs.PathError repeats,
// which a problem already names.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
