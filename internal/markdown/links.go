package markdown

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// LinkOffsets returns the byte offsets in src at which the links, images
// and autolinks whose address, as Render writes it into an href or src
// attribute (entities decoded), is dest are written, in order. It parses
// src again, so it is meant for the few links found broken after a build
// rendered every page, not for every link: rendering keeps no positions.
//
// A link is placed at its "[" (an image at its "!"), an autolink at its
// first character. A reference link ([text][ref], [ref][] or [ref]) is
// placed at its definition, "[ref]: dest": that is where the address is
// written and where it is corrected, and one definition serves every link
// that names it, so a broken address is reported once rather than at each
// use. A definition that cannot be found again (an unusual container
// around it) leaves the link at its use. An address found in no link
// (raw HTML, with unsafe on) is placed where it is written, if it is.
func (r *Renderer) LinkOffsets(src, dest string) []int {
	source := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(source))
	var at []int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if string(util.URLEscape(n.Destination, true)) == dest {
				at = append(at, linkStart(src, n.Pos(), n.Reference))
			}
		case *ast.Image:
			if string(util.URLEscape(n.Destination, true)) == dest {
				start := n.Pos()
				if start > 0 && src[start-1] == '!' {
					start--
				}
				at = append(at, linkStart(src, start, n.Reference))
			}
		case *ast.AutoLink:
			if string(util.URLEscape(n.URL(source), false)) == dest {
				// A bare address's node starts at the blank before it.
				start := n.Pos()
				if i := strings.Index(src[max(start, 0):], string(n.Label(source))); start >= 0 && i >= 0 {
					start += i
					if start > 0 && src[start-1] == '<' {
						start--
					}
				}
				at = append(at, start)
			}
		}
		return ast.WalkContinue, nil
	})
	at = slices.DeleteFunc(at, func(i int) bool { return i < 0 || i > len(src) })
	if len(at) == 0 {
		if i := strings.Index(src, dest); i >= 0 && dest != "" {
			at = append(at, i)
		}
	}
	slices.Sort(at)
	return slices.Compact(at)
}

// linkStart is where a link written at use is to be reported: at use, or
// at its reference's definition.
func linkStart(src string, use int, ref *ast.ReferenceLink) int {
	if ref == nil {
		return use
	}
	if def := definition(src, util.ToLinkReference(ref.Value)); def >= 0 {
		return def
	}
	return use
}

// definition finds the first link reference definition of label (as
// util.ToLinkReference normalizes it) in src, by its "[": goldmark drops
// definitions from the tree without their place. A definition starts a
// line, after any block quote and list item markers; the first one wins,
// as in CommonMark. It returns -1 when there is none.
func definition(src, label string) int {
	for lineStart := 0; lineStart < len(src); {
		end := strings.IndexByte(src[lineStart:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += lineStart
		}
		i := lineStart + containerPrefix(src[lineStart:end])
		if i < end && src[i] == '[' {
			if close := labelEnd(src, i+1); close > 0 && close+1 < len(src) && src[close+1] == ':' &&
				util.ToLinkReference([]byte(src[i+1:close])) == label {
				return i
			}
		}
		lineStart = end + 1
	}
	return -1
}

// containerPrefix is the length of the blanks, block quote markers and
// list item markers that start line.
func containerPrefix(line string) int {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				i = j + 2
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
}

// labelEnd is the index of the "]" closing a link label that starts at
// i, or -1: labels may hold escaped brackets but no unescaped ones, and
// may run over lines.
func labelEnd(src string, i int) int {
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			return -1
		case ']':
			return i
		}
	}
	return -1
}

// Position is the line and column, counted from 1, of byte offset at in
// src; the column counts characters (runes), as every position Dateline
// reports does, so that an editor's "go to column" lands on it.
func Position(src string, at int) (line, col int) {
	at = min(max(at, 0), len(src))
	lineStart := strings.LastIndexByte(src[:at], '\n') + 1
	return strings.Count(src[:lineStart], "\n") + 1, utf8.RuneCountInString(src[lineStart:at]) + 1
}
