package build

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dateline-ssg/dateline/bench/sitegen"
)

// BenchmarkFullBuild is build.Run of the generated 10,000-event,
// 5,000-article site into a folder that each run replaces. The output goes
// to the test's temporary folder: set TMPDIR=/dev/shm to keep disk speed
// out of the figure (bench/build.sh measures the binary on a tmpfs).
func BenchmarkFullBuild(b *testing.B) {
	tmp := b.TempDir()
	src, dest := filepath.Join(tmp, "site"), filepath.Join(tmp, "public")
	if err := sitegen.Generate(src, sitegen.NewSpec(10000)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sum, err := Run(context.Background(), Options{Source: src, Dest: dest})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Pages), "pages")
	}
}
