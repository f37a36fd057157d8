package source

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestSkipped(t *testing.T) {
	for rel, want := range map[string]bool{
		"site.toml":                         false,
		"content/events/a.toml":             false,
		"content/events/.a.toml.swp":        true,
		"content/events/_drafts/a.toml":     true,
		"content/.git/config":               true,
		"static/_headers":                   false,
		"static/.DS_Store":                  true,
		"static/.well-known/security.txt":   false,
		"static/.well-known/.hidden":        true,
		"static/img/.well-known/x":          true,
		"templates/event.html~":             true,
		"templates/4913":                    true,
		"content/articles/#a.md#":           true,
		"content/articles/a.md___jb_tmp___": true,
		".git":                              true,
		"static/a.tmp":                      true,
	} {
		if got := Skipped(rel); got != want {
			t.Errorf("Skipped(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestScratch(t *testing.T) {
	for name, want := range map[string]bool{
		"journey.toml": false, "style.css": false, "4913x": false, "a.toml.bak": false,
		"journey.toml~": true, ".journey.toml.swp": true, "x.swx": true, "x.swpx": true, "4913": true,
		".#journey.toml": true, "#journey.toml#": true, "journey.toml.tmp": true, ".hidden": true,
		"journey.toml___jb_tmp___": true,
	} {
		if got := Scratch(name); got != want {
			t.Errorf("Scratch(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRelevant(t *testing.T) {
	for rel, want := range map[string]bool{
		"site.toml":                       true,
		"content":                         true,
		"content/events/a.toml":           true,
		"templates/base.html":             true,
		"static/style.css":                true,
		"site.toml~":                      false,
		"content/events/.a.toml.swp":      false,
		"contents/a.toml":                 false,
		"static/.well-known/security.txt": true,
		"static/.DS_Store":                false,
		"public/index.html":               false,
		"README.md":                       false,
		".git/index":                      false,
		"":                                false,
	} {
		if got := Relevant(rel); got != want {
			t.Errorf("Relevant(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestFiles lists a real folder through Open: links inside the site are
// followed under their own path, every other odd entry is a problem.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(rel string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, rel string) {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	write("static/a.css")
	write("static/.well-known/security.txt")
	write("static/.DS_Store")
	write("shared/img/b.png")
	symlink("../shared/img", "static/img")
	symlink("a.css", "static/same.css")
	symlink(outside, "static/out")
	symlink("/etc/passwd", "static/passwd.txt")
	symlink("nowhere", "static/gone")
	symlink("..", "static/up")
	if err := syscall.Mkfifo(filepath.Join(dir, "static", "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	files, probs := Files(folder, StaticDir, "")
	want := []string{"static/.well-known/security.txt", "static/a.css", "static/img/b.png", "static/same.css"}
	if !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	wantProbs := map[string]string{
		"static/gone":       "which does not exist",
		"static/out":        "an absolute path",
		"static/passwd.txt": "an absolute path",
		"static/pipe":       "named pipe",
		"static/up":         "a folder that holds the link",
	}
	if len(probs) != len(wantProbs) {
		t.Errorf("problems:\n%v\nwant one each for %v", probs, wantProbs)
	}
	for _, p := range probs {
		if w, ok := wantProbs[p.Pos.Path]; !ok || !strings.Contains(p.Msg, w) {
			t.Errorf("%v: want a message with %q", p, w)
		}
	}
	if files, probs := Files(folder, "content/events", ".toml"); len(files) != 0 || len(probs) != 0 {
		t.Errorf("a missing folder gave %q, %v", files, probs)
	}
}

// TestTreeLinkedOutOfTheSite: a tree that is itself a link out of the site
// is one problem naming the link; nothing below it is listed.
func TestTreeLinkedOutOfTheSite(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret-name.toml"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	folder, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	files, probs := Files(folder, EventsDir, ".toml")
	if len(files) != 0 || len(probs) != 1 || probs[0].Pos.Path != "content" || !strings.Contains(probs[0].Msg, "is a symbolic link to "+outside) {
		t.Errorf("files %q, problems %v; want one problem at the link content", files, probs)
	}
	if strings.Contains(probs.Error(), "secret-name") {
		t.Error("a name from outside the site reached a message")
	}
}
