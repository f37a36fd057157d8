// Package dateline holds the default templates and static assets that every
// site starts from. They are embedded in the binary, so a folder holding only
// site.toml and content/ builds; a site's own templates/ and static/ files
// replace these file by file.
package dateline

import "embed"

// Defaults holds templates/*.html and static/**.
//
//go:embed templates/*.html static
var Defaults embed.FS
