package load

import (
	"io/fs"
	"strings"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Locate gives a line and column to each place in probs that names a TOML
// key rather than a line (see timeline.Pos), and returns probs. Problems
// found after loading (an unknown timeline, a duplicated id, a broken link
// in a summary) are written so; only the files they are in are read and
// scanned again. A key no longer in its file, edited since it was loaded,
// is placed at its table, or else at the file's first line; the place in
// an unreadable file (or with no fsys) keeps no more than its path.
func Locate(fsys fs.FS, probs timeline.Problems) timeline.Problems {
	files := map[string]*keyIndex{}
	indexOf := func(path string) *keyIndex {
		k, read := files[path]
		if !read {
			k = readKeys(fsys, path)
			files[path] = k
		}
		return k
	}
	for i := range probs {
		p := &probs[i]
		if p.Pos.Key != "" {
			p.Pos = indexOf(p.Pos.Path).locate(p.Pos)
		}
		if p.Ref.Key != "" {
			written := p.Ref.String()
			p.Ref = indexOf(p.Ref.Path).locate(p.Ref)
			p.Msg = replaceLast(p.Msg, written, p.Ref.String())
		}
	}
	return probs
}

// readKeys reads the TOML of the file at path, or of its front matter for
// an article, to be scanned when a key is looked up; nil when the file
// cannot be read.
func readKeys(fsys fs.FS, path string) *keyIndex {
	if fsys == nil {
		return nil
	}
	text, ok := (&loader{fsys: fsys}).read(path)
	if !ok {
		return nil
	}
	if !strings.HasSuffix(path, ".md") {
		return &keyIndex{text: text}
	}
	fm, err := splitFrontMatter(text)
	if err != nil {
		return nil
	}
	return &keyIndex{text: fm.meta, lineOffset: fm.metaLine - 1}
}

// locate is where p's key was written, or where the innermost table
// holding it starts, or the file's first line.
func (k *keyIndex) locate(p timeline.Pos) timeline.Pos {
	if k == nil {
		return timeline.Pos{Path: p.Path}
	}
	for path := p.Key; path != ""; {
		if at, ok := k.at(path); ok {
			return timeline.Pos{Path: p.Path, Line: at.line, Col: at.col}
		}
		dot := strings.LastIndexByte(path, '.')
		if dot < 0 {
			break
		}
		path = path[:dot]
	}
	return timeline.Pos{Path: p.Path, Line: 1, Col: 1}
}

// replaceLast replaces the last old in s by new. A place is written in a
// message after any name from the content (which could contain a path).
func replaceLast(s, old, new string) string {
	i := strings.LastIndex(s, old)
	if i < 0 {
		return s
	}
	return s[:i] + new + s[i+len(old):]
}
