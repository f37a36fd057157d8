package timeline

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"abc-1", true},
		{"a", true},
		{"0", true},
		{"-", true},
		{"2025-09-02-arrival", true},
		{strings.Repeat("a", MaxIDLen), true},
		{strings.Repeat("a", MaxIDLen+1), false},
		{"", false},
		{"../../etc", false},
		{"..", false},
		{".", false},
		{"a/b", false},
		{`a\b`, false},
		{"A", false},
		{"abC", false},
		{"a b", false},
		{"a_b", false},
		{"a.b", false},
		{"é", false},
		{"a\x00", false},
		{"a\n", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"Kim Jong-un", "kim-jong-un"},
		{"  Hello,  World! ", "hello-world"},
		{"<script>", "script"},
		{"<script>alert(1)</script>", "script-alert-1-script"},
		{"日本", "日本"},
		{"Tōkyō Station", "tōkyō-station"},
		{"ÉCOLE", "école"},
		{"Москва", "москва"},
		{"!!!", ""},
		{"", ""},
		{"   ", ""},
		{"rail", "rail"},
		{"Rail", "rail"},
		{"RAIL", "rail"},
		{"a--b", "a-b"},
		{"-a-", "a"},
		{"../../etc/passwd", "etc-passwd"},
		{"2025", "2025"},
		{"a_b.c", "a-b-c"},
		{"٣", "٣"}, // non-ASCII digit
	}
	for _, tt := range tests {
		if got := Slugify(tt.name); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSlugifyLength(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{strings.Repeat("a", 150), strings.Repeat("a", MaxIDLen)},
		{strings.Repeat("a", 99) + " b", strings.Repeat("a", 99)},
		{strings.Repeat("a", 100) + " b", strings.Repeat("a", 100)},
		{strings.Repeat("日", 40), strings.Repeat("日", 33)}, // 3 bytes each: 99 bytes fit, 102 do not
	}
	for _, tt := range tests {
		got := Slugify(tt.name)
		if got != tt.want {
			t.Errorf("Slugify(%d bytes) = %q (%d bytes), want %q", len(tt.name), got, len(got), tt.want)
		}
		if len(got) > MaxIDLen {
			t.Errorf("Slugify result is %d bytes, over MaxIDLen", len(got))
		}
		if !utf8.ValidString(got) {
			t.Errorf("Slugify result %q is not valid UTF-8", got)
		}
		if strings.HasSuffix(got, "-") || strings.HasPrefix(got, "-") {
			t.Errorf("Slugify result %q has a leading or trailing hyphen", got)
		}
	}
}

func TestSlugifyASCIIIsValidID(t *testing.T) {
	for _, name := range []string{"Kim Jong-un", "  Hello,  World! ", "<script>", "Rail", "../../etc", "A/B C", strings.Repeat("x y ", 60)} {
		s := Slugify(name)
		if !ValidID(s) {
			t.Errorf("Slugify(%q) = %q is not a ValidID", name, s)
		}
		if again := Slugify(s); again != s {
			t.Errorf("Slugify is not idempotent: %q -> %q -> %q", name, s, again)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		name  string
		known []string
		want  string
	}{
		{"tittle", []string{"title", "when"}, "title"},
		{"tittle", []string{"when", "title"}, "title"},
		{"journy", []string{"journey", "border"}, "journey"},
		{"Journey", []string{"journey"}, "journey"},
		{"whne", []string{"title", "when"}, "when"},
		{"zzzzzzzz", []string{"title", "when"}, ""},
		{"xyz", []string{"title", "when"}, ""},
		{"anything", nil, ""},
		// Ties go to the alphabetically first name whatever the order given.
		{"cat", []string{"hat", "bat"}, "bat"},
		{"cat", []string{"bat", "hat"}, "bat"},
		// Closest wins over a merely close one.
		{"border-crossing", []string{"border-crossings", "border-closing"}, "border-crossings"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, tt.known); got != tt.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", tt.name, tt.known, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"tittle", "title", 1},
		{"日本", "日本語", 1}, // runes, not bytes
		{"flaw", "lawn", 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}
