package scaffold

import (
	"os"
	"regexp"
	"strings"
	"testing"
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
	"      - uses: actions/checkout@v4",
	"        uses: actions/configure-pages@v5",
	"      - uses: actions/setup-go@v5",
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
	files, err := renderSite(SiteOptions{})
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
		{"new site", string(files[".github/workflows/pages.yml"]), []string{
			"          go-version: stable",
			"        run: go install github.com/dateline-ssg/dateline/cmd/dateline@" + Version,
			`        run: dateline build --base-url "$BASE_URL/"`,
		}},
		{"this repository", string(repo), []string{
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

func TestVersionIsATag(t *testing.T) {
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(Version) {
		t.Errorf("Version = %q, want a release tag such as v0.1.0", Version)
	}
}
