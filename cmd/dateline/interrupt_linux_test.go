package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestInterruptedBuild starts a real build of a large site, signals it as
// soon as inotify tells that its temporary folder beside the output exists
// (the build is writing pages then), and checks which of the two cases
// happened: interrupted before the commit (exit code 1, a message saying so,
// the old site in place) or finished before the signal arrived (exit code
// 0, the complete new site). Either way nothing is left beside the output.
// With thousands of pages still to write when the signal is sent, it is
// nearly always the first case; the test says which it saw.
func TestInterruptedBuild(t *testing.T) {
	sitetest.Slow(t, "builds the binary and a large site")
	bin := filepath.Join(t.TempDir(), "dateline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			src, parent := t.TempDir(), t.TempDir()
			dest := filepath.Join(parent, "public")
			sitetest.WriteFiles(t, src, map[string]string{"site.toml": goodSite, "content/events/a.toml": "[[event]]\ntitle = \"Old\"\nwhen = \"2024\"\ntimelines = [\"journey\"]\n"})
			runBinary(t, bin, "build", "--source", src, "--dest", dest)
			old := sitetest.Snapshot(t, dest)
			sitetest.WriteFiles(t, src, map[string]string{"content/events/many.toml": manyEvents(3000)})
			complete := filepath.Join(t.TempDir(), "complete")
			runBinary(t, bin, "build", "--source", src, "--dest", complete)
			want := sitetest.Snapshot(t, complete)

			writing := awaitCreated(t, parent, ".public.new-")
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin, "build", "--source", src, "--dest", dest)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-writing:
			case err := <-exited:
				t.Fatalf("the build ended (%v) before making its temporary folder:\n%s", err, stderr.String())
			case <-time.After(time.Minute):
				t.Fatal("no temporary folder a minute after the build started")
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := <-exited

			got := sitetest.Snapshot(t, dest)
			var exit *exec.ExitError
			switch {
			case err == nil:
				t.Log("the build finished before the signal arrived")
				if !maps.Equal(got, want) {
					t.Errorf("the build exited 0, but %s holds %d entries, not the %d of the complete new site", dest, len(got), len(want))
				}
			case errors.As(err, &exit) && exit.ExitCode() == 1:
				t.Log("the signal interrupted the build")
				if msg := fmt.Sprintf("dateline: interrupted; %s is as it was before this build\n", dest); stderr.String() != msg {
					t.Errorf("stderr = %q, want %q", stderr.String(), msg)
				}
				if !maps.Equal(got, old) {
					t.Errorf("the build was interrupted, but %s holds %d entries, not the %d of the old site", dest, len(got), len(old))
				}
			default:
				t.Fatalf("the build ended with %v, neither finished nor interrupted:\n%s", err, stderr.String())
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 1 {
				t.Errorf("left beside the output: %v", entries)
			}
		})
	}
}

// runBinary runs the dateline binary at bin with args and fails the test
// unless it succeeds.
func runBinary(t *testing.T, bin string, args ...string) {
	t.Helper()
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("dateline %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func manyEvents(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[event]]\nid = \"e-%d\"\ntitle = \"Event %d\"\nwhen = \"2025-09-02T%02d:%02d\"\ntimelines = [\"journey\"]\nsummary = \"Some *Markdown* text for event %d.\"\n\n", i, i, i/60%24, i%60, i)
	}
	return b.String()
}

// awaitCreated returns a channel closed once an entry whose name starts
// with prefix is made in dir, as inotify reports it: the test learns of it
// as it happens, rather than by looking again and again.
func awaitCreated(t *testing.T, dir, prefix string) <-chan struct{} {
	t.Helper()
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		t.Fatal(os.NewSyscallError("inotify_init1", err))
	}
	// Non-blocking, the descriptor is read through Go's poller, so that
	// Close ends a Read still waiting.
	events := os.NewFile(uintptr(fd), "inotify")
	t.Cleanup(func() { events.Close() })
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_CREATE|syscall.IN_MOVED_TO); err != nil {
		t.Fatal(os.NewSyscallError("inotify_add_watch", err))
	}
	created := make(chan struct{})
	go func() {
		buf := make([]byte, 64*(syscall.SizeofInotifyEvent+syscall.NAME_MAX+1))
		for {
			n, err := events.Read(buf)
			if err != nil {
				return
			}
			for _, name := range inotifyNames(buf[:n]) {
				if strings.HasPrefix(name, prefix) {
					close(created)
					return
				}
			}
		}
	}()
	return created
}

// inotifyNames are the names of the entries that the inotify events in buf
// are about: each event is a header, whose last field is the length of
// the name after it, padded with NULs.
func inotifyNames(buf []byte) []string {
	var names []string
	for len(buf) >= syscall.SizeofInotifyEvent {
		size := int(binary.NativeEndian.Uint32(buf[syscall.SizeofInotifyEvent-4:]))
		end := min(syscall.SizeofInotifyEvent+size, len(buf))
		names = append(names, strings.TrimRight(string(buf[syscall.SizeofInotifyEvent:end]), "\x00"))
		buf = buf[end:]
	}
	return names
}
