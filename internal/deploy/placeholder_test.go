package deploy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestDeployRefusesPlaceholder: a base_url that is still a placeholder is
// refused, naming its line, before any git command runs (the folders here
// are not repositories, so getting past the refusal fails otherwise).
func TestDeployRefusesPlaceholder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		extra   string // site.toml lines before siteToml's
		baseURL string // --base-url
		want    string // "" when the refusal must not happen
		option  bool   // refused as a bad --base-url
	}{
		{"placeholder", "# comment\n\nbase_url = \"" + load.PlaceholderBaseURL + "\"\n", "",
			`site.toml:3:1: base_url is still the placeholder "https://CHANGE-ME.example/", and dateline deploy will not publish`, false},
		{"older placeholder", "base_url = \"https://CHANGE-ME.github.io/CHANGE-ME/\"\n", "",
			`site.toml:1:1: base_url is still the placeholder "https://CHANGE-ME.github.io/CHANGE-ME/"`, false},
		{"placeholder overridden", "base_url = \"" + load.PlaceholderBaseURL + "\"\n", "https://you.github.io/repo/", "", false},
		{"placeholder given", "", load.PlaceholderBaseURL, `--base-url "https://CHANGE-ME.example/" is a placeholder`, true},
		{"real address", "base_url = \"https://you.github.io/repo/\"\n", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := t.TempDir()
			sitetest.WriteFiles(t, src, map[string]string{"site.toml": siteToml(tc.extra)})
			_, err := Prepare(context.Background(), Options{Source: src, BaseURL: tc.baseURL})
			var probs timeline.Problems
			var option *build.OptionError
			switch {
			case tc.want == "":
				if errors.As(err, &probs) || errors.As(err, &option) {
					t.Errorf("Prepare = %v, want no refusal", err)
				}
			case tc.option:
				if !errors.As(err, &option) || !strings.Contains(option.Error(), tc.want) {
					t.Errorf("Prepare = %v, want an OptionError saying %q", err, tc.want)
				}
			case !errors.As(err, &probs) || len(probs) != 1 || !strings.HasPrefix(probs[0].Error(), tc.want):
				t.Errorf("Prepare = %v\nwant the problem %q", err, tc.want)
			}
		})
	}
}

func TestPlaceholderBase(t *testing.T) {
	src := t.TempDir()
	sitetest.WriteFile(t, filepath.Join(src, "site.toml"), "title = \"T\"\n  base_url = \""+load.PlaceholderBaseURL+"\"\n")
	pos, base, ok := PlaceholderBase(os.DirFS(src))
	if !ok || base != load.PlaceholderBaseURL || pos.String() != "site.toml:2:3" {
		t.Errorf("PlaceholderBase = %v, %q, %v; want site.toml:2:3, the placeholder", pos, base, ok)
	}
}
