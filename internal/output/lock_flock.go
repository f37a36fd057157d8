//go:build unix && !aix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// claim locks the lock file with flock, which the system lets go of when the
// process ends however it ends, so a killed build never leaves its
// destination locked. File systems without flock (some network ones) fall
// back to claimByExistence.
func claim(f *os.File, created bool, path, dest string) (*lock, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	switch {
	case errors.Is(err, unix.EWOULDBLOCK):
		pid := readPID(f)
		f.Close()
		return nil, &BusyError{Dest: dest, PID: pid}
	case flockMissing(err):
		return claimByExistence(f, created, path, dest)
	case err != nil:
		f.Close()
		return nil, err
	}
	if !isFileAt(f, path) { // the build that held it removed it as we waited
		f.Close()
		return nil, errLockMoved
	}
	l := &lock{path: path, file: f}
	if err := writePID(f); err != nil {
		l.release()
		return nil, err
	}
	return l, nil
}

func flockMissing(err error) bool {
	return errors.Is(err, unix.ENOLCK) || errors.Is(err, unix.ENOSYS) ||
		errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.ENOTSUP)
}

// isFileAt reports whether the open file f is the one now at path.
func isFileAt(f *os.File, path string) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	there, err := os.Lstat(path)
	return err == nil && os.SameFile(held, there)
}

// processAlive reports whether process pid runs; signal 0 checks without
// sending anything, and EPERM means it runs as someone else.
func processAlive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}
