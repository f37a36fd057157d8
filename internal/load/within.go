package load

import (
	"io/fs"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A Locator finds places inside the string values of TOML keys, such as a
// broken link in an event's summary, reading each file at most once. It is
// safe for concurrent use. Like Locate, it reads files only when asked, so
// that only the files with a problem are read again.
type Locator struct {
	fsys  fs.FS
	mu    sync.Mutex
	files map[string]*keyIndex
}

// NewLocator returns a Locator for the site in fsys.
func NewLocator(fsys fs.FS) *Locator {
	return &Locator{fsys: fsys, files: map[string]*keyIndex{}}
}

// Within is the line and column of byte at of the text held by the string
// at p.Key in the file p.Path, as the TOML parser decoded it (escapes
// resolved, a multi-line string's first newline and line-ending
// backslashes dropped). When the key or its string cannot be found again
// (the file changed since it was loaded), it is p as Locate places it.
func (l *Locator) Within(p timeline.Pos, at int) timeline.Pos {
	l.mu.Lock()
	k, read := l.files[p.Path]
	if !read {
		k = readKeys(l.fsys, p.Path)
		l.files[p.Path] = k
	}
	defer l.mu.Unlock()
	if k == nil {
		return timeline.Pos{Path: p.Path}
	}
	key, ok := k.at(p.Key)
	if !ok {
		return k.locate(p)
	}
	start := k.offset(key)
	i, ok := valueAt(k.text, start, at)
	if !ok {
		return timeline.Pos{Path: p.Path, Line: key.line, Col: key.col}
	}
	line, col := lineCol(k.text, i)
	return timeline.Pos{Path: p.Path, Line: line + k.lineOffset, Col: col}
}

// offset is the byte offset in k.text of a position the key scanner gave.
func (k *keyIndex) offset(p pos) int {
	i := 0
	for line := 1 + k.lineOffset; line < p.line; line++ {
		nl := strings.IndexByte(k.text[i:], '\n')
		if nl < 0 {
			return len(k.text)
		}
		i += nl + 1
	}
	for col := 1; col < p.col && i < len(k.text) && k.text[i] != '\n'; col++ {
		_, size := utf8.DecodeRuneInString(k.text[i:])
		i += size
	}
	return i
}

// valueAt finds the string value of the key written at text[keyAt:] and
// returns the offset in text of byte at of its decoded text.
func valueAt(text string, keyAt, at int) (int, bool) {
	i := keyAt
	for i < len(text) && text[i] != '=' && text[i] != '\n' { // the key, maybe quoted
		if c := text[i]; c == '"' || c == '\'' {
			end := strings.IndexByte(text[i+1:], c)
			if end < 0 {
				return 0, false
			}
			i += end + 2
			continue
		}
		i++
	}
	if i == len(text) || text[i] != '=' {
		return 0, false
	}
	i++
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return stringAt(text, i, at)
}

// stringAt walks the TOML string literal starting at text[i] as the
// parser decodes it (see BurntSushi/toml's stripFirstNewline,
// stripEscapedNewlines and replaceEscapes) until at bytes are decoded,
// and returns where in text the next byte was written.
func stringAt(text string, i, at int) (int, bool) {
	if i >= len(text) || text[i] != '"' && text[i] != '\'' {
		return 0, false
	}
	q := text[i]
	multi := strings.HasPrefix(text[i:], strings.Repeat(string(q), 3))
	if multi {
		i += 3
		if strings.HasPrefix(text[i:], "\n") {
			i++
		} else if strings.HasPrefix(text[i:], "\r\n") {
			i += 2
		}
	} else {
		i++
	}
	for decoded := 0; i < len(text); {
		c := text[i]
		if c == '\\' && q == '"' && i+1 < len(text) {
			if multi && lineEndingBackslash(text[i+1:]) {
				i++
				for i < len(text) && strings.IndexByte(" \t\r\n", text[i]) >= 0 {
					i++
				}
				continue
			}
			if decoded >= at {
				return i, true
			}
			n, size := escapeSize(text[i+1:])
			i += 1 + n
			decoded += size
			continue
		}
		if decoded >= at {
			return i, true
		}
		if !multi && (c == q || c == '\n') || multi && strings.HasPrefix(text[i:], strings.Repeat(string(q), 3)) && !strings.HasPrefix(text[i+1:], strings.Repeat(string(q), 3)) {
			return i, decoded == at
		}
		i++
		decoded++
	}
	return 0, false
}

// lineEndingBackslash reports whether rest, what follows a backslash in a
// multi-line basic string, is only blanks up to the end of the line.
func lineEndingBackslash(rest string) bool {
	j := 0
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == '\r') {
		j++
	}
	return j < len(rest) && rest[j] == '\n'
}

// escapeSize is how many bytes the escape whose letter starts rest takes
// after its backslash, and how many bytes it decodes to.
func escapeSize(rest string) (written, decoded int) {
	hex := 0
	switch rest[0] {
	case 'x':
		hex = 2
	case 'u':
		hex = 4
	case 'U':
		hex = 8
	default:
		return 1, 1
	}
	if len(rest) < 1+hex {
		return len(rest), 1
	}
	var r rune
	for _, h := range rest[1 : 1+hex] {
		r <<= 4
		switch {
		case h >= '0' && h <= '9':
			r |= h - '0'
		case h >= 'a' && h <= 'f':
			r |= h - 'a' + 10
		case h >= 'A' && h <= 'F':
			r |= h - 'A' + 10
		}
	}
	return 1 + hex, utf8.RuneLen(r)
}
