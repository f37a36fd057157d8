package render_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/render"
)

// preparedSite loads, assembles and readies the renderer of the generated
// 10,000-event, 5,000-article site (an external test package, since build
// imports render).
func preparedSite(b *testing.B) *build.Site {
	b.Helper()
	dir := b.TempDir()
	if err := sitegen.Generate(dir, sitegen.NewSpec(10000)); err != nil {
		b.Fatal(err)
	}
	site, err := build.Prepare(os.DirFS(dir), build.Options{Source: dir}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return site
}

// benchRender renders the page at url again and again; bytes/op is the
// page's size.
func benchRender(b *testing.B, site *build.Site, url string) {
	b.Helper()
	var page *render.Page
	for i := range site.Pages {
		if site.Pages[i].URL == url {
			page = &site.Pages[i]
		}
	}
	if page == nil {
		b.Fatalf("no page %q", url)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := site.Renderer.Render(&buf, *page); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkRenderEventPage renders one event's page: its fields, sources,
// the articles reporting it and its neighbours.
func BenchmarkRenderEventPage(b *testing.B) {
	site := preparedSite(b)
	benchRender(b, site, "events/"+sitegen.EventID(5000)+"/")
}

// BenchmarkRenderHomePage renders the home page, which lists every event
// of every timeline under day headings.
func BenchmarkRenderHomePage(b *testing.B) {
	site := preparedSite(b)
	benchRender(b, site, "")
}

// BenchmarkRenderAllPages renders every page of the site one after the
// other, with the partials that many pages share (site header and
// footer, event lines, dates, links…) cached.
func BenchmarkRenderAllPages(b *testing.B) {
	dir := b.TempDir()
	if err := sitegen.Generate(dir, sitegen.NewSpec(10000)); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	b.StopTimer()
	for range b.N {
		// A new Renderer each time: cached partials are kept per Renderer.
		site, err := build.Prepare(os.DirFS(dir), build.Options{Source: dir}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, p := range site.Pages {
			buf.Reset()
			if err := site.Renderer.Render(&buf, p); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
	}
}
