package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
			{Key: "vcs.modified", Value: modified},
		}
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		release  bool
		pin      string
		line     string
	}{
		{"release", "v0.2.0", nil, true, "v0.2.0", "dateline v0.2.0, built with go1.26.8"},
		{"pre-release", "v0.3.0-rc.1", nil, true, "v0.3.0-rc.1", "dateline v0.3.0-rc.1, built with go1.26.8"},
		{"pseudo-version", "v0.2.1-0.20261130100000-0123456789ab", nil, false,
			"v0.2.1-0.20261130100000-0123456789ab", "dateline v0.2.1-0.20261130100000-0123456789ab, built with go1.26.8"},
		{"clean checkout", "(devel)", vcs(rev, "false"), false, rev,
			"dateline revision 0123456789ab (2026-11-30T10:00:00Z), built with go1.26.8"},
		{"stamped checkout", "v0.0.0-20261130100000-0123456789ab", vcs(rev, "false"), false,
			"v0.0.0-20261130100000-0123456789ab", "dateline v0.0.0-20261130100000-0123456789ab, built with go1.26.8"},
		{"dirty checkout", "v0.0.0-20261130100000-0123456789ab+dirty", vcs(rev, "true"), false, "latest",
			"dateline revision 0123456789ab (2026-11-30T10:00:00Z) with uncommitted changes, built with go1.26.8"},
		{"nothing known", "(devel)", nil, false, "latest", "dateline (unknown version), built with go1.26.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: Module, Version: tt.version}, Settings: tt.settings}
			info := FromBuildInfo(bi)
			if got := info.Release(); got != tt.release {
				t.Errorf("Release() = %v, want %v", got, tt.release)
			}
			if got := info.Pin(); got != tt.pin {
				t.Errorf("Pin() = %q, want %q", got, tt.pin)
			}
			if got := info.String(); got != tt.line {
				t.Errorf("String() = %q\nwant       %q", got, tt.line)
			}
		})
	}
}
