package build

import (
	"io/fs"
	"testing"

	"github.com/dateline-ssg/dateline"
)

// TestBuiltInScriptSize keeps the built-in script small: it is loaded on
// every page, and everything it does is an enhancement.
func TestBuiltInScriptSize(t *testing.T) {
	js, err := fs.ReadFile(dateline.Defaults, "static/dateline.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(js) >= 10*1024 {
		t.Errorf("static/dateline.js is %d bytes, over the budget of 10 KB", len(js))
	}
}
