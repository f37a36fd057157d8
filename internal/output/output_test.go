package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
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
	killed := filepath.Join(parent, ".public.new-123")
	if err := os.Mkdir(killed, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(killed, Marker), []byte(markerText), 0o644); err != nil {
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
		err := makeDir(root, filepath.Join(root, filepath.FromSlash(tc.dir)))
		if (err != nil) != tc.wantErr {
			t.Errorf("makeDir(%s) = %v, want error %v", tc.dir, err, tc.wantErr)
			continue
		}
		if info, statErr := os.Stat(filepath.Join(root, filepath.FromSlash(tc.dir))); !tc.wantErr && (statErr != nil || !info.IsDir()) {
			t.Errorf("makeDir(%s) made no folder: %v", tc.dir, statErr)
		}
	}
}

// TestMakeDirNeverMakesTheRoot: a root that is gone stays gone, at any depth.
func TestMakeDirNeverMakesTheRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "gone")
	for _, dir := range []string{"a", "a/b/c"} {
		if err := makeDir(root, filepath.Join(root, filepath.FromSlash(dir))); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("makeDir(%s) below a missing root = %v, want a missing-file error", dir, err)
		}
		if _, err := os.Lstat(root); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("makeDir(%s) made the root again", dir)
		}
	}
}

// TestSecondBuildIsRefused: while one build writes to a destination, another
// fails at once naming it, and the first goes on to commit its whole site.
func TestSecondBuildIsRefused(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Abort()
	files := []string{"index.html", "events/a/index.html", "events/b/index.html"}
	writeAll(t, first, files[:2]...)

	second, err := Create(dest)
	var busy *BusyError
	if !errors.As(err, &busy) {
		second.Abort()
		t.Fatalf("second Create = %v, want a *BusyError", err)
	}
	want := fmt.Sprintf("another dateline build (process %d) is writing to %s; wait for it to finish", os.Getpid(), dest)
	if busy.PID != os.Getpid() || err.Error() != want {
		t.Errorf("second Create = %q (pid %d), want %q", err, busy.PID, want)
	}

	writeAll(t, first, files[2:]...)
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	wantFiles := slices.Sorted(slices.Values(append(files, Marker)))
	if got := sitetest.Files(t, dest); !slices.Equal(got, wantFiles) {
		t.Errorf("committed %v, want %v", got, wantFiles)
	}
	third, err := Create(dest)
	if err != nil {
		t.Fatalf("Create after the first build committed: %v", err)
	}
	third.Abort()
}

func writeAll(t *testing.T, d *Dir, files ...string) {
	t.Helper()
	for _, f := range files {
		if err := d.WriteFile(f, []byte(f)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClaimByExistence is the lock where flock is missing, in each state
// the lock file can be found in.
func TestClaimByExistence(t *testing.T) {
	// No system hands out process ids this high.
	const ended = 1<<31 - 2
	for _, tc := range []struct {
		name     string
		text     string // "" when the file is absent
		wantErr  error
		wantBusy int // the pid a *BusyError names, or -1 for no BusyError
	}{
		{"absent: taken", "", nil, -1},
		{"a running build's", fmt.Sprintf("%d %s", os.Getpid(), lockText), nil, os.Getpid()},
		{"a killed build's: removed, to be taken again", fmt.Sprintf("%d %s", ended, lockText), errLockMoved, -1},
		{"being written", " ", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			path := lockPath(dest)
			if tc.text != "" {
				if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f, created, err := openLockFile(path)
			if err != nil {
				t.Fatal(err)
			}
			l, err := claimByExistence(f, created, path, dest)
			var busy *BusyError
			switch {
			case tc.wantBusy >= 0:
				if !errors.As(err, &busy) || busy.PID != tc.wantBusy || busy.Lock != path || !strings.Contains(err.Error(), "delete "+path) {
					t.Fatalf("claim = %v, want a *BusyError naming process %d and %s", err, tc.wantBusy, path)
				}
			case !errors.Is(err, tc.wantErr):
				t.Fatalf("claim = %v, want %v", err, tc.wantErr)
			}
			if l != nil {
				if got := sitetest.ReadFile(t, path); !strings.HasPrefix(got, strconv.Itoa(os.Getpid())+" ") {
					t.Errorf("lock file holds %q, want this process's id first", got)
				}
				l.release()
			}
			if _, statErr := os.Lstat(path); (statErr == nil) != (tc.wantBusy >= 0) {
				t.Errorf("lock file present = %v after the claim, want %v", statErr == nil, tc.wantBusy >= 0)
			}
		})
	}
}

// TestOnlyMarkedLeftoversAreRemoved: of the folders named like a temporary
// folder, a build removes those a killed build left (they hold the marker)
// and nothing else.
func TestOnlyMarkedLeftoversAreRemoved(t *testing.T) {
	parent := t.TempDir()
	for _, tc := range []struct {
		path    string // a file to lay out beside the destination
		removed bool
	}{
		{".public.new-draft-ideas/notes.txt", false},
		{".public.new-empty/", false},
		{".public.new-123/" + Marker, true},
		{".public.new-456.old/" + Marker, true},
		{".public.new-789/events/a/index.html", false},
		{".other.new-1/" + Marker, false},
	} {
		p := filepath.Join(parent, filepath.FromSlash(tc.path))
		if strings.HasSuffix(tc.path, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A link to a marked folder is not followed.
	if err := os.Symlink(filepath.Join(parent, ".other.new-1"), filepath.Join(parent, ".public.new-link")); err != nil {
		t.Fatal(err)
	}
	d, err := Create(filepath.Join(parent, "public"))
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, d, "index.html")
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		removed bool
	}{
		{".public.new-draft-ideas/notes.txt", false},
		{".public.new-empty", false},
		{".public.new-123", true},
		{".public.new-456.old", true},
		{".public.new-789/events/a/index.html", false},
		{".other.new-1/" + Marker, false},
		{".public.new-link", false},
	} {
		_, err := os.Lstat(filepath.Join(parent, filepath.FromSlash(tc.path)))
		if removed := errors.Is(err, fs.ErrNotExist); removed != tc.removed {
			t.Errorf("%s removed = %v, want %v", tc.path, removed, tc.removed)
		}
	}
}

// TestAbortRemovesWhatCreateMade: a build that fails leaves no folder it
// made for the destination's parents, and no lock file.
func TestAbortRemovesWhatCreateMade(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before []string // folders there before the build
		during string   // a file someone writes during the build, or ""
		after  []string // what is left
	}{
		{"nothing there", nil, "", nil},
		{"a there", []string{"a"}, "", []string{"a"}},
		{"a file put in a meanwhile", nil, "a/mine.txt", []string{"a", "a/mine.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for _, dir := range tc.before {
				if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			d, err := Create(filepath.Join(root, "a", "b", "public"))
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, d, "index.html", "events/a/index.html")
			if tc.during != "" {
				if err := os.WriteFile(filepath.Join(root, tc.during), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := d.Abort(); err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(maps.Keys(sitetest.Snapshot(t, root))); !slices.Equal(got, tc.after) {
				t.Errorf("left %v, want %v", got, tc.after)
			}
		})
	}
}

// TestVanishedTempFolderIsNotCommitted: a build whose temporary folder is
// removed, or replaced, while it writes fails, and the old site stays.
func TestVanishedTempFolderIsNotCommitted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		vanish func(tmp string) error
	}{
		{"removed", os.RemoveAll},
		{"replaced", func(tmp string) error {
			if err := os.RemoveAll(tmp); err != nil {
				return err
			}
			if err := os.Mkdir(tmp, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			old, err := Create(dest)
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, old, "index.html", "events/old/index.html")
			if err := old.Commit(); err != nil {
				t.Fatal(err)
			}
			before := sitetest.Files(t, dest)

			d, err := Create(dest)
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, d, "events/a/index.html")
			if err := tc.vanish(d.Path()); err != nil {
				t.Fatal(err)
			}
			err = nil
			for _, f := range []string{"index.html", "events/b/index.html", "tags/x/index.html"} {
				err = errors.Join(err, d.WriteFile(f, []byte(f)))
			}
			err = errors.Join(err, d.Commit())
			d.Abort()
			if err == nil || !strings.Contains(err.Error(), "was removed or replaced by another program") {
				t.Errorf("writes and Commit after the temporary folder vanished = %v, want it named as removed", err)
			}
			if got := sitetest.Files(t, dest); !slices.Equal(got, before) {
				t.Errorf("destination holds %v, want the old site %v", got, before)
			}
		})
	}
}
