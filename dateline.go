// Package dateline holds the default templates and static assets that every
// site starts from. They are embedded in the binary, so a folder holding only
// site.toml and content/ builds; a site's own templates/ and static/ files
// replace these file by file.
package dateline

import "embed"

// Defaults holds templates/*.html and the files at the top of static/
// (style.css, scripts). Folders under static/ hold the example site's own
// files (static/images/ its drawing), which other sites must not be given,
// so the pattern names files (*.*) rather than the whole folder.
//
//go:embed templates/*.html static/*.*
var Defaults embed.FS
