// Package version tells which dateline this binary is, from the build
// information the Go toolchain records: the module version when it was
// installed with "go install …@version", else the VCS revision and time of
// the checkout it was built in, and the Go version.
//
// It also decides how a GitHub Actions workflow written by this binary gets
// the same dateline ([Info.Pin]).
package version

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
)

// Module is dateline's module path, for "go install Module/cmd/dateline@…".
const Module = "github.com/dateline-ssg/dateline"

// Info describes one build of dateline.
type Info struct {
	Version   string // module version ("v0.2.0", a pseudo-version) or "" when unknown
	Revision  string // VCS revision of a checkout build, or ""
	Time      string // VCS commit time (RFC 3339), or ""
	Modified  bool   // the checkout had uncommitted changes
	GoVersion string
}

// Current reads the running binary's build information.
func Current() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{}
	}
	return FromBuildInfo(bi)
}

// FromBuildInfo extracts Info from Go's build information.
func FromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{GoVersion: bi.GoVersion}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		info.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.time":
			info.Time = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	if info.Modified || strings.HasSuffix(info.Version, "+dirty") {
		// A build with uncommitted changes exists nowhere else: it has no
		// version another machine could install.
		info.Modified = true
		info.Version = ""
	}
	return info
}

// releaseTag matches a release's version: vMAJOR.MINOR.PATCH with an
// optional pre-release, but not a pseudo-version, which names a commit.
var releaseTag = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`)
var pseudo = regexp.MustCompile(`\d{14}-[0-9a-f]{12}$`)

// Release reports whether Version is a tagged release, which has binaries.
func (i Info) Release() bool {
	return releaseTag.MatchString(i.Version) && !pseudo.MatchString(i.Version)
}

// Pin is what a workflow should install to run this same dateline: the
// module version when there is one, else the revision it was built from
// (when the checkout was clean), else "latest".
func (i Info) Pin() string {
	switch {
	case i.Version != "":
		return i.Version
	case i.Revision != "" && !i.Modified:
		return i.Revision
	}
	return "latest"
}

// String is the one line "dateline version" prints.
func (i Info) String() string {
	var b strings.Builder
	b.WriteString("dateline ")
	switch {
	case i.Version != "":
		b.WriteString(i.Version)
	case i.Revision != "":
		rev := i.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		fmt.Fprintf(&b, "revision %s", rev)
		if i.Time != "" {
			fmt.Fprintf(&b, " (%s)", i.Time)
		}
		if i.Modified {
			b.WriteString(" with uncommitted changes")
		}
	default:
		b.WriteString("(unknown version)")
	}
	if i.GoVersion != "" {
		fmt.Fprintf(&b, ", built with %s", i.GoVersion)
	}
	return b.String()
}
