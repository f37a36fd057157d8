package watch

import (
	"path"
	"strings"
)

// Trees are the folders of a site, below its source folder, whose whole
// content a build reads.
var Trees = []string{"content", "templates", "static"}

// ConfigFile is the one file at the top of the source folder a build reads.
const ConfigFile = "site.toml"

// Relevant reports whether a change at rel (slash-separated, relative to the
// source folder) can change the built site: site.toml, or anything below
// one of the Trees, except editor scratch files.
func Relevant(rel string) bool {
	if rel == "" || rel == "." || Ignored(path.Base(rel)) {
		return false
	}
	top, _, _ := strings.Cut(rel, "/")
	if top == rel {
		return rel == ConfigFile || isTree(rel)
	}
	return isTree(top)
}

func isTree(name string) bool {
	for _, t := range Trees {
		if name == t {
			return true
		}
	}
	return false
}

// Ignored reports whether a file name is an editor's temporary or backup
// file, or hidden. Editors that save atomically write such a file and then
// rename it to the real name; the rename arrives as an event for the real
// name, so ignoring the scratch names loses no change.
func Ignored(name string) bool {
	switch {
	case name == "4913": // vim's probe that a folder is writable
		return true
	case strings.HasPrefix(name, "."): // hidden files, .#lock files of Emacs, .swp of vim
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // Emacs auto-save
		return true
	case strings.HasSuffix(name, "~"): // backups of vim, Emacs, JetBrains (name___jb_tmp___ ends in ___)
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swx", ".swpx", ".tmp":
		return true
	}
	return strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}
