package atom

import (
	"strings"
	"time"
)

// TagURI returns an RFC 4151 tag URI, "tag:authority,YYYY-MM-DD:specific",
// a stable id that survives a change of the site's address.
//
// authority is a DNS name or e-mail address the caller owned on date, for
// example the host of the site's base URL. It is lowercased (tags compare
// octet by octet, and DNS names are case-insensitive) and characters the
// RFC's authorityName cannot hold, such as a port's colon, are dropped.
// date is read as a calendar date in its own location. specific is
// percent-encoded where RFC 4151's pchar, "/" and "?" do not allow it, so
// any text gives a valid URI; "%" itself is always encoded so the mapping
// is one-to-one.
func TagURI(authority string, date time.Time, specific string) string {
	var b strings.Builder
	b.WriteString("tag:")
	b.WriteString(tagAuthority(authority))
	b.WriteByte(',')
	b.WriteString(date.Format("2006-01-02"))
	b.WriteByte(':')
	writeTagSpecific(&b, specific)
	return b.String()
}

func tagAuthority(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.', r == '_', r == '@':
			return r
		}
		return -1
	}, s)
}

// writeTagSpecific percent-encodes every octet outside
// unreserved / sub-delims / ":" / "@" / "/" / "?" (RFC 3986 pchar plus the
// two RFC 4151 adds).
func writeTagSpecific(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if tagSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

func tagSafe(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0
}
