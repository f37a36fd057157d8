package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// BenchmarkSaveToReload measures save-to-reload latency: the time from an
// event file being written to the "reload" event reaching a page's event
// stream, with serve in its default configuration (inotify, default quiet
// window), for the example site, a generated site of 1,000 events and the
// generated 10,000-event, 5,000-article site of the build benchmarks.
// Besides ns/op (the mean) it reports the median and 90th percentile in ms.
func BenchmarkSaveToReload(b *testing.B) {
	b.Run("example", func(b *testing.B) {
		src := sitetest.CopyExample(b)
		journey := filepath.Join(src, "content/events/journey.toml")
		original := sitetest.ReadFile(b, journey)
		benchSaveToReload(b, src, journey, func(n int) string {
			return strings.Replace(original, `title = "`, fmt.Sprintf(`title = "Edit %d: `, n), 1)
		}, "events/leaves-pyongyang/index.html")
	})
	b.Run("events-1000", func(b *testing.B) {
		src := b.TempDir()
		if err := sitegen.Write(src, 1000); err != nil {
			b.Fatal(err)
		}
		const i = 500
		benchSaveToReload(b, src, filepath.Join(src, sitegen.EventPath(i)), func(n int) string {
			return sitegen.Event(i, fmt.Sprintf("Edit %d: %s", n, sitegen.Title(i)))
		}, "events/"+sitegen.EventID(i)+"/index.html")
	})
	// The corpus of the full-build benchmarks: 10,000 events with
	// Markdown summaries, 5,000 articles reporting them.
	b.Run("events-10000", func(b *testing.B) {
		src := b.TempDir()
		spec := sitegen.NewSpec(10000)
		if err := sitegen.Generate(src, spec); err != nil {
			b.Fatal(err)
		}
		const i = 5000
		benchSaveToReload(b, src, filepath.Join(src, spec.EventPath(i)), func(n int) string {
			e := spec.EventData(i)
			e.Title = fmt.Sprintf("Edit %d: %s", n, e.Title)
			return e.TOML()
		}, "events/"+sitegen.EventID(i)+"/index.html")
	})
}

// benchSaveToReload serves src and, once per iteration, writes edit(n) to
// file and waits for the reload; page must then show "Edit n: ".
func benchSaveToReload(b *testing.B, src, file string, edit func(n int) string, page string) {
	ls := startBenchServer(b, src)
	events := openEvents(b, ls.url+ls.BasePath()+eventsPath)
	if ev, _ := events.next(b, "ok", "error"); ev != "ok" {
		b.Fatalf("first event %q, want ok:\n%s", ev, ls.out.String())
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for n := range b.N {
		start := time.Now()
		if err := os.WriteFile(file, []byte(edit(n)), 0o644); err != nil {
			b.Fatal(err)
		}
		if ev, data := events.next(b, "reload", "error"); ev != "reload" {
			b.Fatalf("event %q %s, want reload", ev, data)
		}
		lat = append(lat, time.Since(start))
		b.StopTimer()
		if got := string(ls.site.Load().files[page]); !strings.Contains(got, fmt.Sprintf("Edit %d: ", n)) {
			b.Fatalf("after reload %d, %s lacks the edit", n, page)
		}
		b.StartTimer()
	}
	b.StopTimer()
	if os.Getenv("DATELINE_BENCH_LOG") != "" {
		b.Log(ls.out.String())
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-median")
	b.ReportMetric(ms(lat[len(lat)*9/10]), "ms-p90")
}

// startBenchServer is startServer for benchmarks: serve with default
// options (inotify) on a free port of 127.0.0.1, whatever the base path.
func startBenchServer(b *testing.B, src string) *liveServer {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	out := &syncBuffer{}
	s := New(build.Options{Source: src}, out)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, 0) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("serve: %v", err)
		}
	})
	ls := &liveServer{Server: s, src: src, url: "http://" + ln.Addr().String(), out: out}
	deadline := time.Now().Add(30 * time.Second)
	for s.site.Load() == nil || ls.status(s.BasePath()) != 200 {
		if time.Now().After(deadline) {
			b.Fatalf("the server does not answer:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ls
}

// BenchmarkBuildSite is one full in-memory build of the 1,000-event site.
func BenchmarkBuildSite(b *testing.B) {
	src := b.TempDir()
	if err := sitegen.Write(src, 1000); err != nil {
		b.Fatal(err)
	}
	opts := build.Options{Source: src}
	for b.Loop() {
		if _, _, err := buildSite(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOneEvent is one rebuild after an edit of one event's
// title, without the watcher, of the 1,000-event site and of the build
// benchmarks' 10,000-event, 5,000-article site.
func BenchmarkRebuildOneEvent(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("events-%d", n), func(b *testing.B) {
			src := b.TempDir()
			spec := sitegen.NewSpec(n)
			if err := sitegen.Generate(src, spec); err != nil {
				b.Fatal(err)
			}
			rel := spec.EventPath(n / 2)
			original, err := os.ReadFile(filepath.Join(src, rel))
			if err != nil {
				b.Fatal(err)
			}
			s := New(build.Options{Source: src}, io.Discard)
			s.Rebuild(context.Background(), nil)
			edits := 0
			for b.Loop() {
				edits++
				text := strings.Replace(string(original), `title = "`, fmt.Sprintf(`title = "Edit %d `, edits), 1)
				if err := os.WriteFile(filepath.Join(src, rel), []byte(text), 0o644); err != nil {
					b.Fatal(err)
				}
				s.Rebuild(context.Background(), []string{filepath.ToSlash(rel)})
			}
			b.ReportMetric(float64(s.reused.Load()), "reused")
		})
	}
}
