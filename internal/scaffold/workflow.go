package scaffold

import (
	"regexp"
	"strings"

	"github.com/dateline-ssg/dateline/internal/version"
)

// WorkflowFile is where a new site's GitHub Pages workflow is written.
const WorkflowFile = ".github/workflows/pages.yml"

// An install is how the workflow of a new site gets dateline: the release
// binary of Tag when Release, else go install of the module at GoPin.
type install struct {
	Release bool
	Tag     string // the release, "v0.2.0"
	GoPin   string // a module version, a revision or "latest"
}

// goPinChars are what a module version or revision is written with; a pin
// with anything else is not one the workflow can be given safely.
var goPinChars = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+-]*$`)

// installFor decides how a workflow written by the dateline info describes
// installs that same dateline: its release binary when it is a release
// (quicker than building, and what was tested), else go install of its
// module version or revision, else of the latest version.
func installFor(info version.Info) install {
	if info.Release() {
		return install{Release: true, Tag: info.Version}
	}
	pin := info.Pin()
	if !goPinChars.MatchString(pin) {
		pin = "latest"
	}
	return install{GoPin: pin}
}

// These find the version a workflow written by dateline new site installs:
// the DATELINE_VERSION of a release download, or what follows @ in go
// install (also in workflows written before release downloads).
var workflowPins = []*regexp.Regexp{
	regexp.MustCompile(`^\s*DATELINE_VERSION:\s*["']?([^"'\s#]+)`),
	regexp.MustCompile(`go install github\.com/dateline-ssg/dateline/cmd/dateline@([^"'\s#]+)`),
}

// WorkflowPin finds the dateline version that a GitHub Pages workflow
// installs, with the line and column it is written at (from 1); ok is false
// for a workflow that installs dateline some other way.
func WorkflowPin(text string) (pin string, line, col int, ok bool) {
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		for _, re := range workflowPins {
			if m := re.FindStringSubmatchIndex(l); m != nil {
				return l[m[2]:m[3]], i + 1, m[2] + 1, true
			}
		}
	}
	return "", 0, 0, false
}
