package load

import (
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"math"
	"net/url"
	"path"
	"strconv"
	"strings"

	// The formats image.DecodeConfig can read the size of. WebP comes
	// from golang.org/x/image, pure Go and from the Go project itself.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"

	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// An image is read in two steps. Its table is read with the event or the
// article, from the text alone, so that the parse cache may keep it. Its
// size is read from the file under static/ on every Load (resolveImages),
// outside that cache: a replaced image changes no event file, and its new
// size must still reach the page. Only the header of each file is read,
// once a Load however many events show it.

// maxImageSide bounds a size written by hand, to catch a typo such as a
// byte count.
const maxImageSide = 20000

// imageHow says how to write an image, for the messages.
const imageHow = `write image = { src = "images/photo.jpg", alt = "what the picture shows" }`

// readImage reads the image table at key "image" of t, or returns nil. A
// site's own image comes back without its size, which resolveImages adds.
func readImage(t *table) *timeline.Image {
	v, ok := t.get("image")
	if !ok {
		return nil
	}
	if _, isTable := v.(map[string]any); !isTable {
		t.problem("image", "image must be a table: %s; got %s", imageHow, describe(v))
		return nil
	}
	it := t.sub("image")
	img := &timeline.Image{
		Alt:        strings.TrimSpace(it.str("alt", false)),
		Caption:    strings.TrimSpace(it.str("caption", false)),
		Credit:     strings.TrimSpace(it.str("credit", false)),
		Decorative: it.boolean("decorative"),
	}
	src := strings.TrimSpace(it.str("src", true))
	ok = src != ""
	if ok {
		img.Src, ok = imageSrc(it, src)
	}
	switch {
	case img.Decorative && img.Alt != "":
		it.problem("alt", "a decorative image has no alt text (screen readers skip it); remove alt, or remove decorative = true if the picture tells something the text does not")
		ok = false
	case !img.Decorative && img.Alt == "":
		if _, given := it.raw["alt"]; given {
			it.problem("alt", "alt is empty; say what the picture shows for readers who cannot see it, or add decorative = true if it adds nothing to the text")
		} else {
			*it.probs = append(*it.probs, timeline.Problem{Pos: it.start(),
				Msg: `image needs alt text: add alt = "what the picture shows" for readers who cannot see it, or decorative = true if it adds nothing to the text`})
		}
		ok = false
	}
	remote := img.Src != "" && img.Remote()
	var missing []string
	for _, side := range []string{"width", "height"} {
		_, given := it.raw[side]
		switch {
		case remote && !given:
			it.get(side)
			missing = append(missing, side)
		case remote:
			n := it.positiveInt(side, maxImageSide)
			if side == "width" {
				img.Width = n
			} else {
				img.Height = n
			}
		case given:
			// With a src that is wrong, the size may well be meant for
			// the remote image it should be: only src is reported.
			it.get(side)
			if img.Src != "" {
				it.problem(side, "%s is read from the file of an image under static/; remove this line (width and height are written only for a remote https image)", side)
			}
		}
	}
	if len(missing) > 0 {
		*it.probs = append(*it.probs, timeline.Problem{Pos: it.start(),
			Msg: fmt.Sprintf("a remote image's size cannot be read while building: add %s (in pixels, like width = 800, height = 600), so that the page keeps its place while the image loads", strings.Join(missing, " and "))})
	}
	it.unknownKeys()
	if !ok || remote && (img.Width == 0 || img.Height == 0) {
		return nil
	}
	return img
}

// imageSrc checks an image's src: an https URL, or the path of a file
// under static/, written from the site's root ("images/a.png" or
// "/images/a.png"), which it returns without the leading slash.
func imageSrc(t *table, src string) (string, bool) {
	if strings.ContainsFunc(src, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		t.problem("src", "src %q contains control characters; write the path of a file under static/ or an https:// URL", src)
		return "", false
	}
	if i := strings.Index(src, ":"); i > 0 && !strings.ContainsAny(src[:i], "/?#") || strings.HasPrefix(src, "//") {
		u, err := url.Parse(src)
		switch {
		case err != nil:
			t.problem("src", "src %q is not a valid URL: %v", src, err)
		case strings.EqualFold(u.Scheme, "http"):
			t.problem("src", "src %q is an http:// address, which browsers block on an https page (and which anyone on the way can change); use its https:// address, or copy the image into static/", src)
		case !strings.EqualFold(u.Scheme, "https"):
			t.problem("src", "src %q is not an image address; write the path of a file under static/ (like \"images/photo.jpg\") or an https:// URL", src)
		case u.Host == "":
			t.problem("src", "src %q has no host; write a full address like https://example.org/photo.jpg", src)
		case strings.ContainsAny(src, " \t"):
			t.problem("src", "src %q contains spaces; encode them (%%20)", src)
		default:
			return src, true
		}
		return "", false
	}
	rel := strings.TrimPrefix(src, "/")
	switch {
	case strings.ContainsAny(rel, `?#\`):
		t.problem("src", "src %q is not the path of a file: write it without ?, # or \\, like \"images/photo.jpg\"", src)
	case !fs.ValidPath(rel) || rel == ".":
		t.problem("src", "src %q must be the path of a file under static/, written from the site's root like \"images/photo.jpg\"; it may not lead out of static/ with .. or hold empty parts", src)
	case source.Skipped(source.StaticDir + "/" + rel):
		t.problem("src", "src %q names a hidden or scratch file, which is not published; rename the file", src)
	default:
		return rel, true
	}
	return "", false
}

// imageSize is what one file under static/ said of its size.
type imageSize struct {
	width, height int
	problem       string // why it has none, said of src
}

// resolveImages gives each event's and article's own image the size
// written in its file, or reports why it cannot be read, at the image's
// src. Events and articles may be shared with a Cache and earlier Loads,
// so one given a size is a copy. kept, when not nil, holds the copies the
// last Load made: an event whose image still has the size its copy was
// given gets that copy again, which page fingerprints and the feeds'
// kept text know, rather than a new one every build of live preview.
func resolveImages(fsys fs.FS, c *Content, kept *imageMemo) timeline.Problems {
	last := kept
	if last == nil {
		last = &imageMemo{}
	}
	sizes := map[string]imageSize{}
	next := &imageMemo{events: map[*timeline.Event]*timeline.Event{}, articles: map[*timeline.Article]*timeline.Article{}}
	var probs timeline.Problems
	size := func(img *timeline.Image, at timeline.Pos) *timeline.Image {
		if img == nil || img.Remote() {
			return img
		}
		s, ok := sizes[img.Src]
		if !ok {
			s = readImageSize(fsys, img.Src)
			sizes[img.Src] = s
		}
		if s.problem != "" {
			probs = append(probs, timeline.Problem{Pos: at, Msg: fmt.Sprintf("image src %q: %s", img.Src, s.problem)})
			return img
		}
		if img.Width == s.width && img.Height == s.height {
			return img
		}
		cp := *img
		cp.Width, cp.Height = s.width, s.height
		return &cp
	}
	for i, e := range c.Events {
		img := size(e.Image, e.KeyPos("image.src"))
		if img == e.Image {
			continue
		}
		if sized, ok := last.events[e]; ok && *sized.Image == *img {
			c.Events[i], next.events[e] = sized, sized
			continue
		}
		cp := *e
		cp.Image = img
		c.Events[i], next.events[e] = &cp, &cp
	}
	for i, a := range c.Articles {
		img := size(a.Image, a.KeyPos("image.src"))
		if img == a.Image {
			continue
		}
		if sized, ok := last.articles[a]; ok && *sized.Image == *img {
			c.Articles[i], next.articles[a] = sized, sized
			continue
		}
		cp := *a
		cp.Image = img
		c.Articles[i], next.articles[a] = &cp, &cp
	}
	if kept != nil {
		*kept = *next // what this Load used, no more
	}
	if probs == nil {
		return nil
	}
	return Locate(fsys, probs)
}

// An imageMemo is the copy of each event and article one Load gave a size.
type imageMemo struct {
	events   map[*timeline.Event]*timeline.Event
	articles map[*timeline.Article]*timeline.Article
}

// readImageSize reads the width and height of static/rel from its header:
// PNG, JPEG, GIF and WebP through image.DecodeConfig, SVG from its root
// element.
func readImageSize(fsys fs.FS, rel string) imageSize {
	p := source.StaticDir + "/" + rel
	f, err := fsys.Open(p)
	if err != nil {
		if _, lerr := fs.ReadLink(fsys, p); lerr == nil {
			// A link the site folder does not allow: say which and why.
			return imageSize{problem: p + " " + source.LinkProblem(fsys, p, err).Msg}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return imageSize{problem: fmt.Sprintf("there is no file %s; put the image there, or correct src (it is read from static/)", p)}
		}
		return imageSize{problem: fmt.Sprintf("cannot read %s: %v", p, source.Cause(err))}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return imageSize{problem: fmt.Sprintf("%s is a folder; name an image file in it", p)}
	}
	var w, h int
	if strings.EqualFold(path.Ext(rel), ".svg") {
		w, h, err = svgSize(f)
		if err != nil {
			return imageSize{problem: fmt.Sprintf("%s: %v", p, err)}
		}
	} else {
		cfg, format, err := image.DecodeConfig(f)
		if err != nil {
			why := source.Cause(err).Error()
			if errors.Is(err, image.ErrFormat) {
				why = "it is not a PNG, JPEG, GIF, WebP or SVG file"
			}
			return imageSize{problem: fmt.Sprintf("cannot read the size of %s: %s; save it as PNG, JPEG, GIF, WebP or SVG (SVG files end in .svg)", p, why)}
		}
		if cfg.Width < 1 || cfg.Height < 1 {
			return imageSize{problem: fmt.Sprintf("%s is a %s of %d×%d pixels, which shows nothing; replace it", p, format, cfg.Width, cfg.Height)}
		}
		w, h = cfg.Width, cfg.Height
	}
	return imageSize{width: w, height: h}
}

// maxSVGHead bounds how much of an SVG file is read to reach its root
// element: comments and a doctype come before it, a picture's content
// after.
const maxSVGHead = 1 << 20

// svgSize reads the size of an SVG from its root element: its width and
// height when both are in pixels (or bare numbers), else its viewBox,
// scaled to the one of width and height that is given.
func svgSize(r io.Reader) (w, h int, err error) {
	d := xml.NewDecoder(io.LimitReader(r, maxSVGHead))
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return 0, 0, errors.New("it holds no SVG element; is it an SVG file?")
			}
			return 0, 0, fmt.Errorf("it is not a well-formed SVG file (%v)", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if start.Name.Local != "svg" {
			return 0, 0, fmt.Errorf("its first element is <%s>, not <svg>; is it an SVG file?", start.Name.Local)
		}
		var width, height, vbW, vbH float64
		for _, a := range start.Attr {
			if a.Name.Space != "" {
				continue
			}
			switch a.Name.Local {
			case "width":
				width = svgLength(a.Value)
			case "height":
				height = svgLength(a.Value)
			case "viewBox":
				vbW, vbH = viewBox(a.Value)
			}
		}
		switch {
		case width > 0 && height > 0:
		case vbW > 0 && width > 0:
			height = width * vbH / vbW
		case vbW > 0 && height > 0:
			width = height * vbW / vbH
		case vbW > 0:
			width, height = vbW, vbH
		default:
			return 0, 0, errors.New(`its <svg> element gives neither width and height in pixels nor a viewBox; add viewBox="0 0 W H" (its size in pixels) to it`)
		}
		w, h = int(math.Round(width)), int(math.Round(height))
		if w < 1 || h < 1 || w > maxImageSide*10 || h > maxImageSide*10 {
			return 0, 0, fmt.Errorf("its size %v×%v is not one a page can show; correct width, height or viewBox", width, height)
		}
		return w, h, nil
	}
}

// svgLength reads a length in pixels ("240", "240px"), or 0 for any
// other unit (%, em, mm), whose size in pixels depends on the page.
func svgLength(s string) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n <= 0 || math.IsInf(n, 0) {
		return 0
	}
	return n
}

// viewBox reads the width and height of "min-x min-y width height",
// separated by blanks or commas, or 0, 0.
func viewBox(s string) (w, h float64) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if len(parts) != 4 {
		return 0, 0
	}
	w, errW := strconv.ParseFloat(parts[2], 64)
	h, errH := strconv.ParseFloat(parts[3], 64)
	if errW != nil || errH != nil || !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return 0, 0
	}
	return w, h
}
