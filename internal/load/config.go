package load

import (
	"io/fs"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// ReadConfig reads and checks only site.toml in fsys, as Load does, for a
// caller that needs the settings before (or without) a build. A broken
// file gives the default settings and its problems.
func ReadConfig(fsys fs.FS) (timeline.Config, timeline.Problems) {
	l := &loader{fsys: fsys, zones: &zones{byName: map[string]*time.Location{}}}
	cfg := l.config("")
	return cfg, l.probs
}
