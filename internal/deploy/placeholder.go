package deploy

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// IsPlaceholder reports whether base is not yet a real address: the base_url
// dateline new site writes (load.PlaceholderBaseURL) or one of the CHANGE-ME
// addresses that earlier versions wrote.
func IsPlaceholder(base string) bool { return strings.Contains(base, load.Placeholder) }

// PlaceholderBase finds a base_url in the site.toml of the site in fsys that
// is still a placeholder, and where it is written; ok is false when
// base_url is a real address, or site.toml cannot be read (the build says
// why).
func PlaceholderBase(fsys fs.FS) (pos timeline.Pos, base string, ok bool) {
	cfg, _ := load.ReadConfig(fsys)
	if !IsPlaceholder(cfg.BaseURL) {
		return timeline.Pos{}, "", false
	}
	at := timeline.Problems{{Pos: timeline.Pos{Path: load.ConfigFile, Key: "base_url"}}}
	return load.Locate(fsys, at)[0].Pos, cfg.BaseURL, true
}

// refusePlaceholder refuses to publish a site whose base_url, after the
// override, is still a placeholder: every absolute link, the canonical
// addresses and the feed would lead to an address that does not exist.
func refusePlaceholder(opts Options) error {
	const how = "set it to the address the site will be published at, like https://you.github.io/repo/"
	if opts.BaseURL != "" {
		if IsPlaceholder(opts.BaseURL) {
			return &build.OptionError{Flag: "base-url", Msg: fmt.Sprintf("%q is a placeholder, not the site's address; %s", opts.BaseURL, how)}
		}
		return nil
	}
	folder, err := source.Open(opts.Source)
	if err != nil {
		return nil // openRepo says the folder is missing
	}
	defer folder.Close()
	pos, base, ok := PlaceholderBase(folder)
	if !ok {
		return nil
	}
	return timeline.Problems{{Pos: pos, Msg: fmt.Sprintf("base_url is still the placeholder %q, and dateline deploy will not publish a site whose links lead there; %s in site.toml, or pass --base-url URL", base, how)}}
}
