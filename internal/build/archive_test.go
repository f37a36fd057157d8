package build

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestArchivedExampleSite builds the example site with a page size of 2, so
// that every timeline, tag and person with more events is split into
// pages by year, month and part and the home page is summarised, then
// crawls it like the published site and checks where events land.
func TestArchivedExampleSite(t *testing.T) {
	const base = "https://example.github.io/repo/"
	config := "page_size = 2\n" + sitetest.ReadFile(t, filepath.Join("..", "..", "site.toml"))
	dest, srv := publishExample(t, base, map[string]string{"site.toml": config})
	crawlSite(t, srv, base, dest)

	// The journey's four events all fall in September 2025: a year page
	// that indexes its months, and September over two parts.
	for _, page := range []string{"timelines/journey/2025/index.html", "timelines/journey/2025/09/index.html", "timelines/journey/2025/09/2/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(page))); err != nil {
			t.Errorf("no archive page %s: %v", page, err)
		}
	}
	cards := regexp.MustCompile(`<article class="event(?: key)?" id="event-([a-z0-9-]+)"`)
	shown := func(page string) []string {
		var ids []string
		for _, m := range cards.FindAllStringSubmatch(sitetest.ReadFile(t, filepath.Join(dest, filepath.FromSlash(page))), -1) {
			ids = append(ids, m[1])
		}
		return ids
	}
	if ids := shown("timelines/journey/index.html"); len(ids) != 0 {
		t.Errorf("the archived journey's own page shows events %v; want only its years", ids)
	}
	var journey []string
	for _, page := range []string{"timelines/journey/2025/09/index.html", "timelines/journey/2025/09/2/index.html"} {
		ids := shown(page)
		if len(ids) > 2 {
			t.Errorf("%s shows %d events, over the page size", page, len(ids))
		}
		journey = append(journey, ids...)
	}
	if want := []string{"leaves-pyongyang", "crosses-border", "arrives-beijing", "victory-parade"}; !slices.Equal(journey, want) {
		t.Errorf("the journey's parts show %v, want %v in order", journey, want)
	}
	home := sitetest.ReadFile(t, filepath.Join(dest, "index.html"))
	if !strings.Contains(home, "the latest") {
		t.Error("the home page of a site over its page size is not summarised")
	}
}

// TestOnePerPage builds the example site with a page size of 1: every list
// runs over pages, the articles too (the site's and each tag's), and the
// crawl must still reach every page through links that all work.
func TestOnePerPage(t *testing.T) {
	const base = "https://example.github.io/repo/"
	config := "page_size = 1\n" + sitetest.ReadFile(t, filepath.Join("..", "..", "site.toml"))
	dest, srv := publishExample(t, base, map[string]string{"site.toml": config})
	crawlSite(t, srv, base, dest)
	for _, page := range []string{"articles/index.html", "articles/2/index.html"} {
		if got := len(regexp.MustCompile(`<li>\s+<a href="/repo/articles/[a-z0-9-]+/">`).FindAllString(sitetest.ReadFile(t, filepath.Join(dest, filepath.FromSlash(page))), -1)); got != 1 {
			t.Errorf("%s lists %d articles, want 1", page, got)
		}
	}
	tag := sitetest.ReadFile(t, filepath.Join(dest, "tags", "north-korea", "index.html"))
	if !strings.Contains(tag, `href="/repo/tags/north-korea/articles/"`) {
		t.Error("a tag with more articles than the page size does not link to their own pages")
	}
}
