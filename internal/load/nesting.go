package load

import (
	"strings"
	"unicode/utf8"
)

// MaxNesting is how deeply arrays and inline tables may nest in a TOML
// text. Real files use two or three levels. The parser's time and the key
// scanner's memory grow with the square of the depth (BurntSushi/toml takes
// 13.8 s and 2.7 GB on 8,000 levels of { }), so a deeper text is refused
// before either sees it.
const MaxNesting = 64

// tooDeep returns the byte offset of the first [ or { in a TOML text that
// opens a level past MaxNesting, or -1 when there is none. It reads the text
// once and knows just enough TOML for that: brackets in strings and comments
// do not count, and a table header ([a] or [[a]], first on its line outside
// any value) opens no level. A stray ] or } is left for the parser to report.
func tooDeep(text string) int {
	depth := 0
	lineStart := true // nothing but blanks since the last newline
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#':
			i = lineEnd(text, i)
		case c == '"' || c == '\'':
			i = stringEnd(text, i)
		case c == '[' && depth == 0 && lineStart:
			i = headerEnd(text, i)
		case c == '[' || c == '{':
			if depth == MaxNesting {
				return i
			}
			depth++
			i++
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
			i++
		default:
			i++
		}
		lineStart = false
	}
	return -1
}

// lineEnd is the offset of the newline ending the line that holds i, or
// the end of text.
func lineEnd(text string, i int) int {
	if n := strings.IndexByte(text[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(text)
}

// stringEnd is the offset just past the string whose opening quote is at
// i. A one-line string that is never closed ends at its newline, so that a
// mistake in one line does not hide the brackets of the next ones.
func stringEnd(text string, i int) int {
	q := text[i]
	if triple := strings.Repeat(string(q), 3); strings.HasPrefix(text[i:], triple) {
		return multilineEnd(text, i+3, q)
	}
	for i++; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return i
		case q:
			return i + 1
		case '\\':
			if q == '"' && i+1 < len(text) && text[i+1] != '\n' {
				i++ // an escaped character, quote or backslash
			}
		}
	}
	return len(text)
}

// multilineEnd is the offset just past the multi-line string, opened by
// three quotes q, whose text starts at i. Up to two quotes right before the
// closing three belong to the text, as in """a "quoted" word"""".
func multilineEnd(text string, i int, q byte) int {
	stops := string(q)
	if q == '"' {
		stops = `"\`
	}
	for {
		n := strings.IndexAny(text[i:], stops)
		if n < 0 {
			return len(text)
		}
		i += n
		if text[i] == '\\' {
			i += 2 // an escaped character: \""" does not end the string
			if i >= len(text) {
				return len(text)
			}
			continue
		}
		run := i
		for run < len(text) && text[run] == q {
			run++
		}
		if run-i >= 3 {
			return min(run, i+5)
		}
		i = run
	}
}

// headerEnd is the offset just past the table header starting at i: the
// closing bracket or brackets, or the newline of a header never closed.
func headerEnd(text string, i int) int {
	double := strings.HasPrefix(text[i:], "[[")
	i++
	if double {
		i++
	}
	for i < len(text) && text[i] != '\n' {
		switch text[i] {
		case '"', '\'':
			i = stringEnd(text, i)
		case ']':
			if double && strings.HasPrefix(text[i:], "]]") {
				return i + 2
			}
			return i + 1
		default:
			i++
		}
	}
	return i
}

// lineCol is the line and column (in characters, from 1) of byte offset at
// in text.
func lineCol(text string, at int) (line, col int) {
	lineStart := strings.LastIndexByte(text[:at], '\n') + 1
	return strings.Count(text[:lineStart], "\n") + 1, utf8.RuneCountInString(text[lineStart:at]) + 1
}
