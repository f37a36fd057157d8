package atom

import (
	"net/url"
	"testing"
	"time"
)

func TestTagURI(t *testing.T) {
	day := time.Date(2025, 3, 9, 23, 0, 0, 0, time.FixedZone("X", -5*3600))
	tests := []struct {
		name, authority, specific, want string
	}{
		{"plain", "example.org", "events/apollo-11", "tag:example.org,2025-03-09:events/apollo-11"},
		{"authority lowercased", "Example.ORG", "x", "tag:example.org,2025-03-09:x"},
		{"port dropped", "example.org:8080", "x", "tag:example.org8080,2025-03-09:x"},
		{"email authority", "ada@Example.org", "x", "tag:ada@example.org,2025-03-09:x"},
		{"allowed punctuation kept", "e.org", "a/b?c=d&e;f:g@h!$'()*+,~-._", "tag:e.org,2025-03-09:a/b?c=d&e;f:g@h!$'()*+,~-._"},
		{"space, percent, hash", "e.org", "a b%c#d", "tag:e.org,2025-03-09:a%20b%25c%23d"},
		{"non-ASCII", "e.org", "café", "tag:e.org,2025-03-09:caf%C3%A9"},
		{"hostile", "e.org", "<x>\"\n]]>", "tag:e.org,2025-03-09:%3Cx%3E%22%0A%5D%5D%3E"},
		{"empty specific", "e.org", "", "tag:e.org,2025-03-09:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := TagURI(tc.authority, day, tc.specific)
			if got != tc.want {
				t.Errorf("TagURI = %q, want %q", got, tc.want)
			}
			u, err := url.Parse(got)
			if err != nil || u.Scheme != "tag" {
				t.Errorf("%q does not parse as a tag URI: %v", got, err)
			}
			// The specific part decodes back to the input, so ids stay distinct.
			prefix := "tag:" + tagAuthority(tc.authority) + ",2025-03-09:"
			if s, err := url.PathUnescape(got[len(prefix):]); err != nil || s != tc.specific {
				t.Errorf("specific decodes to %q (%v), want %q", s, err, tc.specific)
			}
		})
	}
}
