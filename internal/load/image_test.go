package load

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Tiny images of each format, made here, with the size each must report.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpLossless is a 3×2 lossless WebP: RIFF header, a VP8L chunk whose
// signature byte is 0x2f, then 14 bits each of width-1 and height-1. Its
// pixel data is cut short, which DecodeConfig never reads.
var webpLossless = []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x02\x40\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// imageEvent is an event file whose one event carries extra lines (from
// line 4 on), such as its image.
func imageEvent(extra ...string) string { return event(extra...) }

func TestLoadImageSizes(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		w, h       int
	}{
		{"PNG", "images/a.png", pngOf(t, 7, 5), 7, 5},
		{"JPEG", "images/a.jpg", jpegOf(t, 16, 9), 16, 9},
		{"GIF", "images/a.gif", gifOf(t, 3, 4), 3, 4},
		{"WebP", "images/a.webp", webpLossless, 3, 2},
		{"PNG whatever its extension says", "images/a.jpeg", pngOf(t, 2, 2), 2, 2},
		{"SVG with width and height", "route.svg",
			[]byte(`<?xml version="1.0"?><!-- a drawing --><svg xmlns="http://www.w3.org/2000/svg" width="320" height="180px" viewBox="0 0 640 360"/>`), 320, 180},
		{"SVG with a viewBox alone", "r.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,480.4,240"></svg>`), 480, 240},
		{"SVG with a width in pixels and a viewBox", "r.svg", []byte(`<svg width="200" viewBox="0 0 400 100"></svg>`), 200, 50},
		{"SVG with a height and a viewBox", "r.svg", []byte(`<svg height="100" viewBox="0 0 400 100"></svg>`), 400, 100},
		{"SVG with a width in % falls back to its viewBox", "r.SVG", []byte(`<svg width="100%" height="100%" viewBox="0 0 30 20"></svg>`), 30, 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := siteFS(map[string]string{
				evPath: imageEvent(`image = { src = "` + tc.file + `", alt = "A picture" }`),
				mdPath: article(`image = { src = "/` + tc.file + `", alt = "The same", caption = "Cap", credit = "Me" }`),
			})
			fsys["static/"+tc.file] = &fstest.MapFile{Data: tc.data}
			c, probs := Load(fsys, Options{})
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			e := eventByID(t, c, "x")
			want := timeline.Image{Src: tc.file, Alt: "A picture", Width: tc.w, Height: tc.h}
			if e.Image == nil || *e.Image != want {
				t.Errorf("event image %+v, want %+v", e.Image, want)
			}
			want = timeline.Image{Src: tc.file, Alt: "The same", Caption: "Cap", Credit: "Me", Width: tc.w, Height: tc.h}
			if a := c.Articles[0]; a.Image == nil || *a.Image != want {
				t.Errorf("article image %+v, want %+v", a.Image, want)
			}
		})
	}
}

func TestLoadImageRemoteAndDecorative(t *testing.T) {
	c := loadOK(t, map[string]string{
		evPath: imageEvent("[event.image]", `src = "https://example.org/a.jpg"`, `alt = "Train"`, "width = 800", "height = 600"),
		mdPath: article(`image = { src = "https://example.org/b.png", decorative = true, width = 10, height = 20 }`),
	}, Options{})
	if img := eventByID(t, c, "x").Image; img == nil || *img != (timeline.Image{Src: "https://example.org/a.jpg", Alt: "Train", Width: 800, Height: 600}) || !img.Remote() {
		t.Errorf("remote image %+v", img)
	}
	if img := c.Articles[0].Image; img == nil || *img != (timeline.Image{Src: "https://example.org/b.png", Decorative: true, Width: 10, Height: 20}) {
		t.Errorf("decorative image %+v", img)
	}
	if e := eventByID(t, c, "base"); e.Image != nil {
		t.Errorf("event without image has %+v", e.Image)
	}
}

func TestLoadImageProblems(t *testing.T) {
	png := string(pngOf(t, 4, 4))
	tests := []struct {
		name  string
		lines []string
		files map[string]string // added under static/
		want  []want
	}{
		{"a missing file, at src",
			[]string{`image = { src = "images/none.png", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", `image src "images/none.png": there is no file static/images/none.png; put the image there`}}},
		{"a missing file in an [event.image] table",
			[]string{"[event.image]", `alt = "A"`, `src = "nope.svg"`}, nil,
			[]want{{evPath + ":6:1", `there is no file static/nope.svg`}}},
		{"not an image",
			[]string{`image = { src = "a.png", alt = "A" }`}, map[string]string{"a.png": "hello"},
			[]want{{evPath + ":4:11", "cannot read the size of static/a.png: it is not a PNG, JPEG, GIF, WebP or SVG file"}}},
		{"a truncated PNG",
			[]string{`image = { src = "a.png", alt = "A" }`}, map[string]string{"a.png": png[:20]},
			[]want{{evPath + ":4:11", "cannot read the size of static/a.png"}}},
		{"a folder",
			[]string{`image = { src = "images", alt = "A" }`}, map[string]string{"images/a.png": png},
			[]want{{evPath + ":4:11", "static/images is a folder"}}},
		{"SVG without a size",
			[]string{`image = { src = "a.svg", alt = "A" }`}, map[string]string{"a.svg": `<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>`},
			[]want{{evPath + ":4:11", `neither width and height in pixels nor a viewBox; add viewBox="0 0 W H"`}}},
		{"SVG that is HTML",
			[]string{`image = { src = "a.svg", alt = "A" }`}, map[string]string{"a.svg": `<html><body/></html>`},
			[]want{{evPath + ":4:11", "its first element is <html>, not <svg>"}}},
		{"SVG that is not XML",
			[]string{`image = { src = "a.svg", alt = "A" }`}, map[string]string{"a.svg": `<svg width="1" <`},
			[]want{{evPath + ":4:11", "is not a well-formed SVG file"}}},
		{"missing alt, at the image",
			[]string{`image = { src = "a.png" }`}, map[string]string{"a.png": png},
			[]want{{evPath + ":4:1", `image needs alt text: add alt = "what the picture shows"`}}},
		{"empty alt",
			[]string{`image = { src = "a.png", alt = " " }`}, map[string]string{"a.png": png},
			[]want{{evPath + ":4:26", "alt is empty; say what the picture shows"}}},
		{"decorative with alt",
			[]string{`image = { src = "a.png", alt = "A", decorative = true }`}, map[string]string{"a.png": png},
			[]want{{evPath + ":4:26", "a decorative image has no alt text"}}},
		{"missing src",
			[]string{`image = { alt = "A" }`}, nil,
			[]want{{evPath + ":4:1", `src is required; add a line like src = "…"`}}},
		{"an unknown key, with a suggestion",
			[]string{`image = { src = "a.png", alt = "A", captoin = "x" }`}, map[string]string{"a.png": png},
			[]want{{evPath + ":4:37", `unknown key "captoin"; did you mean "caption"?`}}},
		{"not a table",
			[]string{`image = "a.png"`}, nil,
			[]want{{evPath + ":4:1", `image must be a table: write image = { src = "images/photo.jpg", alt = "what the picture shows" }; got the string "a.png"`}}},
		{"http refused",
			[]string{`image = { src = "http://example.org/a.png", alt = "A", width = 1, height = 1 }`}, nil,
			[]want{{evPath + ":4:11", "is an http:// address"}}},
		{"other schemes refused",
			[]string{`image = { src = "data:image/png;base64,AAAA", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", "is not an image address"}}},
		{"javascript refused",
			[]string{`image = { src = "JavaScript:alert(1)", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", "is not an image address"}}},
		{"a protocol-relative address refused",
			[]string{`image = { src = "//example.org/a.png", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", "is not an image address"}}},
		{"a path out of static/",
			[]string{`image = { src = "../site.toml", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", "may not lead out of static/"}}},
		{"a path with a query",
			[]string{`image = { src = "a.png?v=2", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", "without ?, # or \\"}}},
		{"a hidden file",
			[]string{`image = { src = "img/.a.png", alt = "A" }`}, nil,
			[]want{{evPath + ":4:11", "names a hidden or scratch file"}}},
		{"remote without a size",
			[]string{`image = { src = "https://example.org/a.png", alt = "A" }`}, nil,
			[]want{{evPath + ":4:1", "a remote image's size cannot be read while building: add width and height (in pixels"}}},
		{"remote without a height",
			[]string{`image = { src = "https://example.org/a.png", alt = "A", width = 3 }`}, nil,
			[]want{{evPath + ":4:1", "add height (in pixels"}}},
		{"remote with a bad width",
			[]string{`image = { src = "https://example.org/a.png", alt = "A", width = "3", height = 0 }`}, nil,
			[]want{
				{evPath + ":4:57", "width must be a whole number from 1 to 20000"},
				{evPath + ":4:70", "height must be a whole number from 1 to 20000"},
			}},
		{"a size given for a site's own image",
			[]string{`image = { src = "a.png", alt = "A", width = 3 }`}, map[string]string{"a.png": png},
			[]want{{evPath + ":4:37", "width is read from the file of an image under static/; remove this line"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := siteFS(map[string]string{evPath: imageEvent(tc.lines...)})
			for p, data := range tc.files {
				fsys["static/"+p] = &fstest.MapFile{Data: []byte(data)}
			}
			_, probs := Load(fsys, Options{})
			checkProblems(t, probs, tc.want)
		})
	}
	t.Run("in an article's front matter", func(t *testing.T) {
		fsys := siteFS(map[string]string{mdPath: article(`date = 2025-09-01`, `image = { src = "gone.png", alt = "A" }`)})
		_, probs := Load(fsys, Options{})
		checkProblems(t, probs, []want{{mdPath + ":4:11", "there is no file static/gone.png"}})
	})
}

// TestLoadImageSymlink checks that an image is read through the site
// folder's own rules: a link to a file outside the site is refused at the
// image's src, one inside it followed.
func TestLoadImageSymlink(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(ConfigFile, []byte(baseSite))
	write(evPath, []byte(lines("[[event]]", `id = "in"`, `title = "In"`, `when = "2025"`, `image = { src = "images/in.png", alt = "A" }`,
		"[[event]]", `id = "out"`, `title = "Out"`, `when = "2025"`, `image = { src = "images/out.png", alt = "A" }`)))
	write("static/real/a.png", pngOf(t, 5, 6))
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), pngOf(t, 9, 9), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "static", "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"in.png": "../real/a.png", "out.png": filepath.Join(outside, "secret.png")} {
		if err := os.Symlink(target, filepath.Join(dir, "static", "images", name)); err != nil {
			t.Fatal(err)
		}
	}
	folder, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	c, probs := Load(folder, Options{})
	checkProblems(t, probs, []want{{evPath + ":10:11", `image src "images/out.png": static/images/out.png is a symbolic link to ` + filepath.Join(outside, "secret.png") + ", an absolute path"}})
	if img := eventByID(t, c, "in").Image; img == nil || img.Width != 5 || img.Height != 6 {
		t.Errorf("image through a link inside the site: %+v", img)
	}
	// A relative link that climbs out of the site is refused too.
	p := filepath.Join(dir, "static", "images", "out.png")
	os.Remove(p)
	rel, err := filepath.Rel(filepath.Dir(p), filepath.Join(outside, "secret.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rel, p); err != nil {
		t.Fatal(err)
	}
	_, probs = Load(folder, Options{})
	checkProblems(t, probs, []want{{evPath + ":10:11", "which lies outside the site folder"}})
}

// TestLoadImageReplaced loads a site twice with one Cache, the image file
// replaced between the Loads and the event file not: the second Load must
// read the new size, though the event's parse comes from the Cache.
func TestLoadImageReplaced(t *testing.T) {
	fsys := siteFS(map[string]string{evPath: imageEvent(`image = { src = "a.png", alt = "A" }`)})
	fsys["static/a.png"] = &fstest.MapFile{Data: pngOf(t, 10, 20)}
	cache := NewCache()
	unchanged := func(p string) bool { return true } // as serve says after a change under static/ alone
	c1, probs := Load(fsys, Options{Cache: cache, Unchanged: unchanged})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	first := eventByID(t, c1, "x")
	fsys["static/a.png"] = &fstest.MapFile{Data: pngOf(t, 30, 40), ModTime: time.Now()}
	c2, probs := Load(fsys, Options{Cache: cache, Unchanged: unchanged})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if img := eventByID(t, c2, "x").Image; img.Width != 30 || img.Height != 40 {
		t.Errorf("after the image was replaced: %+v, want 30×40", img)
	}
	if first.Image.Width != 10 || first.Image.Height != 20 {
		t.Errorf("the first Load's event changed: %+v", first.Image)
	}
	delete(fsys, "static/a.png")
	_, probs = Load(fsys, Options{Cache: cache, Unchanged: unchanged})
	checkProblems(t, probs, []want{{evPath + ":4:11", "there is no file static/a.png"}})
}

// TestLoadImageCopyKept: with one Cache and nothing changed, an event
// given its image's size is the same copy on every Load, so that what a
// rebuild keeps by event (page fingerprints, feed text) is found again;
// a new size gives a new copy.
func TestLoadImageCopyKept(t *testing.T) {
	fsys := siteFS(map[string]string{evPath: imageEvent(`image = { src = "a.png", alt = "A" }`)})
	fsys["static/a.png"] = &fstest.MapFile{Data: pngOf(t, 10, 20)}
	cache := NewCache()
	load := func() *timeline.Event {
		t.Helper()
		c, probs := Load(fsys, Options{Cache: cache})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		return eventByID(t, c, "x")
	}
	first, again := load(), load()
	if first != again {
		t.Error("an unchanged event with an image is a new copy on the next Load")
	}
	fsys["static/a.png"] = &fstest.MapFile{Data: pngOf(t, 30, 40), ModTime: time.Now()}
	if resized := load(); resized == first || resized.Image.Width != 30 {
		t.Errorf("after the image changed size: the same copy %v, width %d", resized == first, resized.Image.Width)
	}
}
