package timeline_test

import (
	"os"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// BenchmarkAssemble is the ordering step of a build: timeline.Assemble on
// the loaded 10,000 events and 5,000 articles (cross-references, sorting,
// timelines, tags, people). It is an external test package because load
// imports timeline.
func BenchmarkAssemble(b *testing.B) {
	dir := b.TempDir()
	if err := sitegen.Generate(dir, sitegen.NewSpec(10000)); err != nil {
		b.Fatal(err)
	}
	content, probs := load.Load(os.DirFS(dir), load.Options{})
	if len(probs) > 0 {
		b.Fatal(probs)
	}
	b.ReportAllocs()
	for b.Loop() {
		// Assemble fills in Reports, Nav and Covers, so each run gets
		// fresh copies, made off the clock.
		b.StopTimer()
		events, articles := freshCopies(content)
		b.StartTimer()
		site, probs := timeline.Assemble(content.Config, events, articles, content.Drafts)
		if len(probs) > 0 || len(site.Events) != len(events) {
			b.Fatalf("%d events, problems: %v", len(site.Events), probs)
		}
	}
}

// freshCopies copies c's events and articles without what Assemble adds;
// the fields it only reads are shared.
func freshCopies(c *load.Content) ([]*timeline.Event, []*timeline.Article) {
	events := make([]timeline.Event, len(c.Events))
	eventPtrs := make([]*timeline.Event, len(c.Events))
	for i, e := range c.Events {
		events[i] = *e
		events[i].Reports, events[i].Nav = nil, nil
		eventPtrs[i] = &events[i]
	}
	articles := make([]timeline.Article, len(c.Articles))
	articlePtrs := make([]*timeline.Article, len(c.Articles))
	for i, a := range c.Articles {
		articles[i] = *a
		articles[i].Covers = nil
		articlePtrs[i] = &articles[i]
	}
	return eventPtrs, articlePtrs
}
