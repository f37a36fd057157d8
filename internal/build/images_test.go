package build

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/source"
)

// TestReplacedImageRebuilds builds a site twice with one Cache, as live
// preview does, the event's image replaced by one of another size between
// the builds and nothing else changed: the second build's event page gives
// the new width and height and the new file's address, though the event
// file's parse comes from the cache and the page may be reused.
func TestReplacedImageRebuilds(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteFiles(t, dir, map[string]string{
		"site.toml":               "title = \"T\"\n[[timelines]]\nid = \"a\"\ntitle = \"A\"\n",
		"content/events/a.toml":   "[[event]]\nid = \"e\"\ntitle = \"E\"\nwhen = \"2025\"\ntimelines = [\"a\"]\nimage = { src = \"images/p.png\", alt = \"P\" }\n",
		"content/events/b.toml":   "[[event]]\nid = \"f\"\ntitle = \"F\"\nwhen = \"2024\"\ntimelines = [\"a\"]\n",
		"static/images/other.txt": "unchanged",
	})
	writePNG := func(w, h int) {
		t.Helper()
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
			t.Fatal(err)
		}
		sitetest.WriteFile(t, filepath.Join(dir, "static", "images", "p.png"), b.String())
	}
	folder, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	cache := NewCache()
	var prints []uint64 // the event page's fingerprint in each build
	eventPage := func() string {
		t.Helper()
		site, err := Prepare(folder, Options{Source: dir}, cache)
		if err != nil {
			t.Fatal(err)
		}
		var page render.Page
		for _, p := range site.Pages {
			if p.URL == "events/e/" {
				page = p
			}
		}
		prints = append(prints, site.Renderer.Fingerprint(page))
		var b bytes.Buffer
		if err := site.Renderer.Render(&b, page); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	writePNG(20, 10)
	first := eventPage()
	if !strings.Contains(first, `width="20" height="10"`) {
		t.Fatalf("first build: no 20×10 image:\n%s", first)
	}
	writePNG(30, 40)
	cache.Changed([]string{"static/images/p.png"})
	second := eventPage()
	if !strings.Contains(second, `width="30" height="40"`) {
		t.Errorf("after the image was replaced: no 30×40 image:\n%s", second)
	}
	addr := func(page string) string {
		i := strings.Index(page, `src="/images/p.png?v=`)
		if i < 0 {
			t.Fatalf("no address of the image in\n%s", page)
		}
		return page[i : i+len(`src="/images/p.png?v=`)+10]
	}
	if prints[0] == prints[1] {
		t.Error("the event page's fingerprint did not change with its image, so live preview would serve its old bytes")
	}
	if addr(first) == addr(second) {
		t.Errorf("the replaced image kept its address %s, which a browser may have cached", addr(first))
	}
	if err := os.Remove(filepath.Join(dir, "static", "images", "p.png")); err != nil {
		t.Fatal(err)
	}
	cache.Changed([]string{"static/images/p.png"})
	if _, err := Prepare(folder, Options{Source: dir}, cache); err == nil || !strings.Contains(err.Error(), "content/events/a.toml:6:11: image src \"images/p.png\": there is no file static/images/p.png") {
		t.Errorf("after the image was deleted: %v", err)
	}
}
