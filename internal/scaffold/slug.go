package scaffold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// latinSpelling spells in ASCII the Latin letters that compatibility
// decomposition leaves whole: they are letters of their own, not a base
// letter with a mark, so no Unicode table strips them to a-z.
var latinSpelling = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
	'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ı': "i", 'ħ': "h",
	'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ŋ': "ng", 'Ŋ': "ng", 'ĸ': "k",
	'ſ': "s", 'ƒ': "f", 'ɖ': "d", 'Ɖ': "d", 'ƀ': "b", 'ɨ': "i",
	'ʉ': "u", 'ȥ': "z", 'ƶ': "z", 'Ƶ': "z",
}

// asciiSpelling writes s with its Latin letters in a-z: marks are dropped
// ("Élysée" → "Elysee"), ligatures and compatibility forms opened ("ﬁ" →
// "fi", "Ａ" → "A") and letters of their own spelled out ("ß" → "ss",
// "ø" → "o"). It also returns the letters and digits it could not spell,
// those of other scripts, which it leaves out.
func asciiSpelling(s string) (spelt string, unspelt []rune) {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// a mark on the letter before it, such as the acute of é
		case latinSpelling[r] != "":
			b.WriteString(latinSpelling[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			unspelt = append(unspelt, r)
			b.WriteByte(' ')
		default:
			b.WriteByte(' ') // punctuation and symbols separate words
		}
	}
	return b.String(), unspelt
}

// slugOf makes the file name of a title: its words in a-z and 0-9, joined
// by hyphens. A title with letters outside the Latin script gets none (""
// and the letters), since leaving them out would name the file after part
// of its title; the caller asks for --slug.
func slugOf(title string) (string, []rune) {
	spelt, unspelt := asciiSpelling(title)
	if len(unspelt) > 0 {
		return "", unspelt
	}
	return timeline.Slugify(spelt), nil
}
