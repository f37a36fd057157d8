//go:build !unix || aix

package output

import "os"

// claim takes the lock by the lock file's existence: these systems have no
// flock in golang.org/x/sys/unix.
func claim(f *os.File, created bool, path, dest string) (*lock, error) {
	return claimByExistence(f, created, path, dest)
}

// processAlive reports whether process pid runs. On Windows, finding a
// process opens it and fails once it has ended; where finding always
// succeeds, a lock file is never taken for stale, and BusyError names it.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
