package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/version"
)

// Both GitHub Pages workflows, the one of this repository and the one a new
// site gets, must hold these lines, indentation included. It is a check of
// essentials without a YAML parser; .ci/run lints both with actionlint.
var pagesWorkflowLines = []string{
	"on:",
	"  push:",
	"    branches: [main]",
	"  workflow_dispatch:",
	"permissions:",
	"  contents: read",
	"  pages: write",
	"  id-token: write",
	"concurrency:",
	"  group: pages",
	"  cancel-in-progress: false",
	"      - uses: actions/checkout@v5",
	"        uses: actions/configure-pages@v5",
	// configure-pages gives the address without its final slash.
	"          BASE_URL: ${{ steps.pages.outputs.base_url }}",
	// v5 is the first version with include-hidden-files.
	"      - uses: actions/upload-pages-artifact@v5",
	"          path: public",
	"          include-hidden-files: true",
	"    environment:",
	"      name: github-pages",
	"      url: ${{ steps.deployment.outputs.page_url }}",
	"        uses: actions/deploy-pages@v4",
}

func TestPagesWorkflows(t *testing.T) {
	files, err := renderSite(SiteOptions{Dateline: version.Info{Version: "v0.2.0"}})
	if err != nil {
		t.Fatal(err)
	}
	repo, err := os.ReadFile("../../.github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		more       []string
	}{
		{"new site", string(files[WorkflowFile]), []string{
			"          DATELINE_VERSION: v0.2.0",
			`        run: dateline build --base-url "$BASE_URL/"`,
		}},
		{"this repository", string(repo), []string{
			"      - uses: actions/setup-go@v6",
			"          go-version-file: go.mod",
			`        run: go run ./cmd/dateline build --base-url "$BASE_URL/"`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Split(tc.text, "\n")
			for _, want := range append(pagesWorkflowLines, tc.more...) {
				if !containsLine(lines, want) {
					t.Errorf("no line %q", want)
				}
			}
			for i, line := range lines {
				indent := len(line) - len(strings.TrimLeft(line, " "))
				if strings.Contains(line, "\t") || indent%2 != 0 {
					t.Errorf("line %d is indented with a tab or an odd number of spaces: %q", i+1, line)
				}
			}
		})
	}
}

// containsLine matches want against each line with any trailing comment
// and blanks removed.
func containsLine(lines []string, want string) bool {
	for _, line := range lines {
		if before, _, _ := strings.Cut(line, " #"); strings.TrimRight(before, " ") == want {
			return true
		}
	}
	return false
}

func TestInstallFor(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name string
		info version.Info
		want install
	}{
		{"release", version.Info{Version: "v0.2.0"}, install{Release: true, Tag: "v0.2.0"}},
		{"pre-release", version.Info{Version: "v0.3.0-rc.1"}, install{Release: true, Tag: "v0.3.0-rc.1"}},
		{"pseudo-version", version.Info{Version: "v0.2.1-0.20261130100000-0123456789ab"}, install{GoPin: "v0.2.1-0.20261130100000-0123456789ab"}},
		{"revision", version.Info{Revision: rev}, install{GoPin: rev}},
		{"modified checkout", version.Info{Revision: rev, Modified: true}, install{GoPin: "latest"}},
		{"latest", version.Info{}, install{GoPin: "latest"}},
		{"a version no shell should see", version.Info{Version: "v1.0.0; rm -rf ~"}, install{GoPin: "latest"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := installFor(tc.info); got != tc.want {
				t.Errorf("installFor(%+v) = %+v, want %+v", tc.info, got, tc.want)
			}
		})
	}
}

// workflowsDir, when set, is a folder TestWorkflowInstall writes each
// kind of workflow into, for actionlint to check (.ci/run does).
var workflowsDir = os.Getenv("DATELINE_WORKFLOWS_DIR")

// TestWorkflowInstall renders the workflow of a new site written by a
// release, a revision and a build of no known version, and checks how each
// installs dateline and that WorkflowPin reads back the version installed.
func TestWorkflowInstall(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name    string
		info    version.Info
		lines   []string // lines the workflow must hold
		absent  []string // texts it must not hold
		pin     string
		pinLine string // the line WorkflowPin must point at
	}{
		{"release", version.Info{Version: "v0.2.0"},
			[]string{
				"      - name: Install dateline v0.2.0",
				"          DATELINE_VERSION: v0.2.0",
				`            X64) arch=amd64 ;;`,
				`            ARM64) arch=arm64 ;;`,
				`          base="https://github.com/dateline-ssg/dateline/releases/download/$DATELINE_VERSION"`,
				`          curl -fsSL --retry 3 -O "$base/dateline_${version}_linux_${arch}.tar.gz" -O "$base/dateline_${version}_checksums.txt"`,
				`          sha256sum -c --ignore-missing "dateline_${version}_checksums.txt"`,
				`          echo "$RUNNER_TEMP/dateline" >> "$GITHUB_PATH"`,
			},
			[]string{"setup-go", "go install"}, "v0.2.0", "          DATELINE_VERSION: v0.2.0"},
		{"revision", version.Info{Revision: rev},
			[]string{
				"      - uses: actions/setup-go@v6",
				"        run: go install github.com/dateline-ssg/dateline/cmd/dateline@" + rev,
			},
			[]string{"DATELINE_VERSION", "releases/download"}, rev, "        run: go install github.com/dateline-ssg/dateline/cmd/dateline@" + rev},
		{"latest", version.Info{},
			[]string{
				"      - uses: actions/setup-go@v6",
				"        run: go install github.com/dateline-ssg/dateline/cmd/dateline@latest",
			},
			[]string{"DATELINE_VERSION", "releases/download"}, "latest", "        run: go install github.com/dateline-ssg/dateline/cmd/dateline@latest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			if _, err := NewSite(dir, SiteOptions{Title: "T", Dateline: tc.info}); err != nil {
				t.Fatal(err)
			}
			text := sitetest.ReadFile(t, filepath.Join(dir, WorkflowFile))
			lines := strings.Split(text, "\n")
			for _, want := range append(pagesWorkflowLines, tc.lines...) {
				if !containsLine(lines, want) {
					t.Errorf("no line %q", want)
				}
			}
			for _, not := range tc.absent {
				if strings.Contains(text, not) {
					t.Errorf("the workflow holds %q", not)
				}
			}
			pin, line, col, ok := WorkflowPin(text)
			if !ok || pin != tc.pin || line < 1 || !strings.HasPrefix(lines[line-1][col-1:], tc.pin) || lines[line-1] != tc.pinLine {
				t.Errorf("WorkflowPin = %q at %d:%d (%v), want %q on the line %q", pin, line, col, ok, tc.pin, tc.pinLine)
			}
			if workflowsDir != "" {
				sitetest.WriteFile(t, filepath.Join(workflowsDir, tc.name+".yml"), text)
			}
		})
	}
}

func TestWorkflowPin(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		pin        string
		line, col  int
	}{
		{"go install", "steps:\n  - run: go install github.com/dateline-ssg/dateline/cmd/dateline@v0.1.0\n", "v0.1.0", 2, 67},
		{"quoted release", "env:\n  DATELINE_VERSION: \"v0.2.0\"  # the release\n", "v0.2.0", 2, 22},
		{"commented out", "# go install github.com/dateline-ssg/dateline/cmd/dateline@v0.1.0\n", "", 0, 0},
		{"go run of a checkout", "run: go run ./cmd/dateline build\n", "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pin, line, col, ok := WorkflowPin(tc.text)
			if pin != tc.pin || line != tc.line || col != tc.col || ok != (tc.pin != "") {
				t.Errorf("WorkflowPin = %q, %d:%d, %v; want %q, %d:%d", pin, line, col, ok, tc.pin, tc.line, tc.col)
			}
		})
	}
}
