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
		// Assemble leaves what it is given as it was, so every run
		// assembles the same loaded content.
		site, probs := timeline.Assemble(content.Config, content.Events, content.Articles, content.Drafts)
		if len(probs) > 0 || len(site.Events) != len(content.Events) {
			b.Fatalf("%d events, problems: %v", len(site.Events), probs)
		}
	}
}
