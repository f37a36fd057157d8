package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// BusyError says that another build is writing to the destination.
type BusyError struct {
	Dest string
	PID  int // the other build's process; 0 when its lock file names none yet
	// Lock is the lock file, named when it may have outlived its build: a
	// lock file without flock, whose process id may have been reused.
	Lock string
}

func (e *BusyError) Error() string {
	who := "another dateline build"
	if e.PID > 0 {
		who += fmt.Sprintf(" (process %d)", e.PID)
	}
	msg := fmt.Sprintf("%s is writing to %s; wait for it to finish", who, e.Dest)
	if e.Lock != "" {
		msg += fmt.Sprintf(", or delete %s if no build is running", e.Lock)
	}
	return msg
}

// lock is a build's claim on its destination: a file beside it,
// .<name>.lock, that holds the build's process id. Where the system has
// flock (claim in lock_flock.go), file holds the lock; elsewhere the file's
// existence is the lock.
type lock struct {
	path string
	file *os.File // nil when the existence of path is the lock
}

func lockPath(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".lock")
}

// errLockMoved means the lock file changed between looking at it and
// claiming it; acquire looks again.
var errLockMoved = errors.New("the lock file changed while it was taken")

// acquire takes the lock on dest or fails with a *BusyError.
func acquire(dest string) (*lock, error) {
	path := lockPath(dest)
	for range 10 {
		f, created, err := openLockFile(path)
		if err == nil {
			var l *lock
			l, err = claim(f, created, path, dest)
			if err == nil {
				return l, nil
			}
		}
		if !errors.Is(err, errLockMoved) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("could not lock %s: %s kept changing", dest, path)
}

// openLockFile opens the lock file, reporting whether this call made it.
func openLockFile(path string) (f *os.File, created bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil || !errors.Is(err, fs.ErrExist) {
		return f, err == nil, err
	}
	// A link planted at the lock's name must not be followed: the process
	// id would be written to whatever it points at.
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s is not a lock file dateline made; remove it", path)
	}
	f, err = os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) { // released in between
		return nil, false, errLockMoved
	}
	return f, false, err
}

// claimByExistence takes the lock where the system has no flock: the lock
// is held by whoever made the file, until it is removed. A file naming a
// process that has ended is the lock of a build that was killed, and is
// removed. (Two builds that find such a file at the same moment may both
// remove it, the one race flock rules out.)
func claimByExistence(f *os.File, created bool, path, dest string) (*lock, error) {
	var err error
	if created {
		err = writePID(f)
	}
	pid := readPID(f)
	f.Close() // before any removal, which some systems refuse for open files
	switch {
	case created && err != nil:
		_ = os.Remove(path)
		return nil, err
	case created:
		return &lock{path: path}, nil
	case pid > 0 && !processAlive(pid):
		_ = os.Remove(path)
		return nil, errLockMoved
	}
	return nil, &BusyError{Dest: dest, PID: pid, Lock: path}
}

const lockText = "is the process id of the dateline build writing beside this file; the file is removed when the build ends.\n"

func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+" "+lockText), 0)
	return err
}

// readPID is the process id at the start of the lock file, or 0 when there
// is none (yet).
func readPID(f *os.File) int {
	buf := make([]byte, 20)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return 0
	}
	field, _, _ := bytes.Cut(buf[:n], []byte(" "))
	pid, err := strconv.Atoi(string(field))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// release gives up the lock; a nil lock is none.
func (l *lock) release() {
	if l == nil {
		return
	}
	// The file goes first, while still held, so that a build that opened it
	// meanwhile sees, once it has it, that it is no longer the lock file.
	_ = os.Remove(l.path)
	if l.file != nil {
		_ = l.file.Close()
	}
}
