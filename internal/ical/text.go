package ical

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxOctets is RFC 5545 3.1's limit on a line, excluding the CRLF.
const maxOctets = 75

// line writes one content line, folded, with its CRLF. The line must be
// valid UTF-8 (every value passes through clean first) so that cutting
// only at rune starts never splits a character.
func line(b *bytes.Buffer, s string) {
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		// The leading space of a continuation line counts towards its 75.
		limit = maxOctets - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`)

// escapeText cleans s and escapes it as an RFC 5545 TEXT value.
func escapeText(s string) string {
	return textEscaper.Replace(clean(s))
}

// unclean reports whether clean changes r (for valid UTF-8).
func unclean(r rune) bool {
	return r != '\t' && r != '\n' && unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF
}

// clean keeps tab and turns every newline form into LF; it drops the other
// control characters (RFC 5545's TSAFE-CHAR excludes them) and U+FFFE and
// U+FFFF, and makes invalid UTF-8 U+FFFD, as iCalendar text is UTF-8.
func clean(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, unclean) {
		return s // almost every text: nothing to change
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(unicode.ReplacementChar)
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// uri cleans s for a URI value, which is not TEXT (no backslash escapes):
// it percent-encodes what a URI cannot hold, so hostile text still gives
// one line with one well-formed value.
func uri(s string) string {
	s = clean(s)
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || c == '"' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
