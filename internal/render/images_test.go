package render_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// hashes hides the content hash of a site file's address, which changes
// with the file.
var hashes = regexp.MustCompile(`\?v=[0-9a-f]+`)

// TestImagesShown renders the example site, whose arrival event carries
// the route drawing, with a decorative remote image added to an article:
// the event's page shows a figure with the image's size, lazy loading,
// its caption and credit, and names it as og:image (absolute, as base_url
// is) with a large Twitter card; the timeline's card has a thumbnail with
// the alt text; the article's decorative image has alt=""; pages without
// an image keep the summary card and no og:image.
func TestImagesShown(t *testing.T) {
	dir := sitetest.CopyExample(t)
	articlePath := filepath.Join(dir, "content", "articles", "why-kims-trip-matters.md")
	src := sitetest.ReadFile(t, articlePath)
	src = strings.Replace(src, "+++\n\n", "image = { src = \"https://example.org/rails.jpg?w=1&h=2\", decorative = true, width = 1200, height = 630 }\n+++\n\n", 1)
	if err := os.WriteFile(articlePath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, pages := renderedSite(t, dir)

	const (
		drawing = `/dateline/images/route.svg?v=HASH`
		alt     = `Sketch map: a line runs from Pyongyang north-west to the border crossing at Sinuiju and Dandong, then west across China to Beijing.`
	)
	event := hashes.ReplaceAllString(page(t, pages, "events/arrives-beijing/"), "?v=HASH")
	inOrder(t, "events/arrives-beijing/", event,
		`<meta property="og:image" content="https://example.github.io`+drawing+`">`,
		`<meta property="og:image:width" content="640">`,
		`<meta property="og:image:height" content="260">`,
		`<meta property="og:image:alt" content="`+alt+`">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`"image":"https://example.github.io`+drawing+`"`, // JSON-LD
		`<h1>Kim&#39;s train reaches Beijing</h1>`,
		`<figure class="figure">`,
		`<img src="`+drawing+`" alt="`+alt+`" width="640" height="260" loading="lazy" decoding="async">`,
		`<figcaption>The train&#39;s route, from Pyongyang over the border at Sinuiju and Dandong to Beijing. Schematic, not to scale. <span class="credit">Credit: Dateline example (drawing made for this site)</span></figcaption>`,
		`</figure>`,
		`<div class="summary">`,
	)
	if strings.Count(event, "<img") != 1 {
		t.Errorf("event page shows %d images, want 1", strings.Count(event, "<img"))
	}

	timeline := hashes.ReplaceAllString(page(t, pages, "timelines/journey/"), "?v=HASH")
	inOrder(t, "timelines/journey/", timeline,
		`<meta name="twitter:card" content="summary">`,
		`id="event-arrives-beijing"`,
		`<img class="thumbnail" src="`+drawing+`" alt="`+alt+`" width="640" height="260" loading="lazy" decoding="async">`,
		`<div class="summary">`)
	if strings.Contains(timeline, "og:image") {
		t.Error("a timeline's page names an og:image")
	}

	article := page(t, pages, "articles/why-kims-trip-matters/")
	inOrder(t, "articles/why-kims-trip-matters/", article,
		`<meta property="og:image" content="https://example.org/rails.jpg?w=1&amp;h=2">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`"image":"https://example.org/rails.jpg?w=1\u0026h=2"`,
		`<figure class="figure">`,
		`<img src="https://example.org/rails.jpg?w=1&amp;h=2" alt="" width="1200" height="630" loading="lazy" decoding="async">`,
		`</figure>`,
		`<div class="body">`)
	if strings.Contains(article, "og:image:alt") || strings.Contains(article, "<figcaption") {
		t.Error("a decorative image without caption has og:image:alt or a figcaption")
	}
	// The article lists the arrival among its events: a card with its
	// thumbnail.
	if !strings.Contains(article, `<img class="thumbnail" src="/dateline/images/route.svg?v=`) {
		t.Error("the article's card of the arrival has no thumbnail")
	}

	for _, u := range []string{"events/victory-parade/", ""} {
		p := page(t, pages, u)
		if strings.Contains(p, "og:image") || !strings.Contains(p, `<meta name="twitter:card" content="summary">`) {
			t.Errorf("page %q, without an image of its own, has og:image or no summary card", u)
		}
	}
}

// TestImagesAtRelativeBase: with a base_url of a path alone, a site's
// image is addressed below that path, escaped, and og:image can give no
// more than that path.
func TestImagesAtRelativeBase(t *testing.T) {
	dir := sitetest.CopyExample(t)
	config := filepath.Join(dir, "site.toml")
	text := strings.Replace(sitetest.ReadFile(t, config), `base_url = "https://example.github.io/dateline/"`, `base_url = "/sub/"`, 1)
	if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file name with a space and a non-ASCII letter is escaped.
	sitetest.WriteFile(t, filepath.Join(dir, "static", "images", "my röute.svg"), `<svg viewBox="0 0 10 5"/>`)
	journey := filepath.Join(dir, "content", "events", "journey.toml")
	text = sitetest.ReadFile(t, journey)
	if !strings.Contains(text, `src = "images/route.svg"`) {
		t.Fatal("the example's arrival has no image to change")
	}
	text = strings.Replace(text, `src = "images/route.svg"`, `src = "/images/my röute.svg"`, 1)
	if err := os.WriteFile(journey, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, pages := renderedSite(t, dir)
	event := hashes.ReplaceAllString(page(t, pages, "events/arrives-beijing/"), "?v=HASH")
	for _, want := range []string{
		`<meta property="og:image" content="/sub/images/my%20r%C3%B6ute.svg?v=HASH">`,
		`<img src="/sub/images/my%20r%C3%B6ute.svg?v=HASH" alt="Sketch map`,
		`width="10" height="5"`,
	} {
		if !strings.Contains(event, want) {
			t.Errorf("event page lacks %s", want)
		}
	}
}

// TestImageTextIsEscaped gives an image hostile alt text, caption and
// credit: each reaches the page as text, in the figure, the thumbnail and
// the head, never as markup.
func TestImageTextIsEscaped(t *testing.T) {
	dir := sitetest.CopyExample(t)
	const hostile = `"><script>alert(1)</script><img src=x onerror=alert(1)>`
	journey := filepath.Join(dir, "content", "events", "journey.toml")
	text := sitetest.ReadFile(t, journey)
	i := strings.Index(text, "image = { src = \"images/route.svg\"")
	if i < 0 {
		t.Fatal("the example's arrival has no image")
	}
	end := i + strings.Index(text[i:], "\n")
	text = text[:i] + `image = { src = "images/route.svg", alt = '` + hostile + `', caption = '` + hostile + `', credit = '` + hostile + `' }` + text[end:]
	if err := os.WriteFile(journey, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, pages := renderedSite(t, dir)
	for _, u := range []string{"events/arrives-beijing/", "timelines/journey/", ""} {
		p := page(t, pages, u)
		if strings.Contains(p, "<script>alert") || strings.Contains(p, "<img src=x") {
			t.Errorf("%q: hostile image text reached the page as markup", u)
		}
	}
	if p := page(t, pages, "events/arrives-beijing/"); !strings.Contains(p, `alt="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"`) ||
		!strings.Contains(p, `<span class="credit">Credit: &#34;&gt;&lt;script&gt;`) {
		t.Error("the event page does not show the hostile alt text and credit escaped")
	}
}
