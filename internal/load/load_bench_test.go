package load

import (
	"os"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
)

// benchEvents is the size of the benchmarks' site: 10,000 events and half
// as many articles, the smaller size of bench/build.sh.
const benchEvents = 10000

// BenchmarkLoad reads and parses the whole generated site: 10,000 event
// files and 5,000 articles, on all cores, without a cache.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	spec := sitegen.NewSpec(benchEvents)
	if err := sitegen.Generate(dir, spec); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		content, probs := Load(fsys, Options{})
		if len(probs) > 0 || len(content.Events) != spec.Events {
			b.Fatalf("%d events, problems: %v", len(content.Events), probs)
		}
	}
}
