package load

import (
	"fmt"
	"strings"
)

// Quote writes s as a TOML basic string, "…". The quote and backslash
// are escaped, and so is every control character, which TOML does not allow
// raw in a string (tab included, for a title that shows on one line). Bytes
// that are not UTF-8 become U+FFFD, since a TOML file must be UTF-8. Any
// text, however hostile, thus reads back as itself: dateline new and
// dateline import write the strings of the files they make with it.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
