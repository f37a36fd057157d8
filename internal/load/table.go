package load

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// table reads typed fields out of one decoded TOML table, turning every
// surprise into a Problem at the key's position. It remembers the keys it
// was asked for, so that anything else can be reported as unknown.
type table struct {
	file   string
	raw    map[string]any
	prefix string // path of this table in keys, "" for the document
	keys   *keyIndex
	probs  *timeline.Problems
	known  []string
}

func (t *table) path(key string) string {
	if t.prefix == "" {
		return key
	}
	return t.prefix + "." + key
}

// pos is where key was written, or where the table starts.
func (t *table) pos(key string) timeline.Pos {
	if p, ok := t.keys.at(t.path(key)); ok {
		return timeline.Pos{Path: t.file, Line: p.line, Col: p.col}
	}
	return t.start()
}

func (t *table) start() timeline.Pos {
	if t.prefix == "" {
		return timeline.Pos{Path: t.file, Line: 1, Col: 1}
	}
	if p, ok := t.keys.at(t.prefix); ok {
		return timeline.Pos{Path: t.file, Line: p.line, Col: p.col}
	}
	return timeline.Pos{Path: t.file, Line: 1, Col: 1}
}

// place is the table for problems found after loading: its path in the
// file, for Locate to find the line of when one needs it.
func (t *table) place() timeline.Pos { return timeline.Pos{Path: t.file, Key: t.prefix} }

func (t *table) problem(key, format string, args ...any) {
	*t.probs = append(*t.probs, timeline.Problem{Pos: t.pos(key), Msg: fmt.Sprintf(format, args...)})
}

func (t *table) get(key string) (any, bool) {
	if !slices.Contains(t.known, key) {
		if t.known == nil {
			t.known = make([]string, 0, expectedKeys(t.raw))
		}
		t.known = append(t.known, key)
	}
	v, ok := t.raw[key]
	return v, ok
}

// expectedKeys is about how many keys will be asked of a table: those
// written in it and a few optional ones left out. Making room for them at
// once saves growing the list key by key.
func expectedKeys(raw map[string]any) int { return len(raw) + 4 }

// str reads a string; a required one must also not be blank.
func (t *table) str(key string, required bool) string {
	v, ok := t.get(key)
	if !ok {
		if required {
			t.missing(key, `"…"`)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.problem(key, "%s must be a string in quotes, like %s = \"…\"; got %s", key, key, describe(v))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.problem(key, "%s is empty; write something in it", key)
	}
	if i := strings.IndexFunc(s, isControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		t.problem(key, "%s holds the control character %U (written as an escape), which a page cannot show; remove it", key, r)
		return ""
	}
	return s
}

func (t *table) missing(key, example string) {
	*t.probs = append(*t.probs, timeline.Problem{Pos: t.start(),
		Msg: fmt.Sprintf("%s is required; add a line like %s = %s", key, key, example)})
}

func (t *table) boolean(key string) bool {
	v, ok := t.get(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.problem(key, "%s must be true or false (no quotes); got %s", key, describe(v))
	}
	return b
}

// positiveInt reads a whole number from 1 to limit, or returns 0 when the
// key is absent or wrong (after reporting it).
func (t *table) positiveInt(key string, limit int64) int {
	v, ok := t.get(key)
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok || n < 1 || n > limit {
		t.problem(key, "%s must be a whole number from 1 to %d, like %s = 300; got %s", key, limit, key, describe(v))
		return 0
	}
	return int(n)
}

// strList reads a list of non-empty strings.
func (t *table) strList(key string) []string {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			t.problem(key, "%s must be a list, like %s = [%q]; got a single string", key, key, s)
		} else {
			t.problem(key, "%s must be a list of strings, like %s = [\"a\", \"b\"]; got %s", key, key, describe(v))
		}
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, ok := item.(string)
		switch {
		case !ok:
			t.problem(key, "%s[%d] must be a string in quotes; got %s", key, i, describe(item))
		case strings.TrimSpace(s) == "":
			t.problem(key, "%s[%d] is empty; remove it or write a name", key, i)
		case strings.ContainsFunc(s, isControl):
			t.problem(key, "%s[%d] holds a control character (written as an escape), which a page cannot show; remove it", key, i)
		default:
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// subtables reads a list of inline tables or an array of tables; how says
// how to write one, for the messages. The tables are values, all in one
// allocation: an event file has one of these lists per event.
func (t *table) subtables(key, how string) []table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	var maps []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		maps = v
	case []any:
		maps = make([]map[string]any, 0, len(v))
		for i, item := range v {
			m, ok := item.(map[string]any)
			if !ok {
				t.problem(key, "%s[%d] must be a table: %s; got %s", key, i, how, describe(item))
				continue
			}
			maps = append(maps, m)
		}
	case map[string]any:
		t.problem(key, "%s must be a list of tables, not a single table: %s", key, how)
	default:
		t.problem(key, "%s must be a list of tables: %s; got %s", key, how, describe(v))
	}
	tables := make([]table, len(maps))
	for i, m := range maps {
		tables[i] = table{file: t.file, raw: m, prefix: t.path(key) + "." + strconv.Itoa(i), keys: t.keys, probs: t.probs}
	}
	return tables
}

// sub reads a nested table such as [markdown], or returns nil.
func (t *table) sub(key string) *table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.problem(key, "%s must be a table, written as [%s] on a line of its own; got %s", key, key, describe(v))
		return nil
	}
	return &table{file: t.file, raw: m, prefix: t.path(key), keys: t.keys, probs: t.probs}
}

// date reads a TOML date or datetime, or a string at reduced precision.
func (t *table) date(key string, loc *time.Location, zone string, required bool) timeline.Date {
	v, ok := t.get(key)
	if !ok {
		if required {
			t.missing(key, `"2025-09-02T16:00"`)
		}
		return timeline.Date{}
	}
	var (
		d   timeline.Date
		err error
	)
	switch v := v.(type) {
	case string:
		d, err = timeline.ParseDate(strings.TrimSpace(v), loc, zone)
	case time.Time:
		// BurntSushi/toml marks TOML's local date and time kinds by zone name.
		l := v.Location().String()
		if l == "time-local" {
			t.problem(key, "%s needs a date, not only a time of day; write \"2025-09-02T16:00\"", key)
			return timeline.Date{}
		}
		d, err = timeline.FromTime(v, l == "date-local", l == "date-local" || l == "datetime-local", loc, zone)
	default:
		t.problem(key, "%s must be a date such as \"2024\", \"2025-09-01\" or \"2025-09-02T16:00\" (in quotes for reduced precision); got %s", key, describe(v))
		return timeline.Date{}
	}
	if err != nil {
		t.problem(key, "%s: %v", key, err)
	}
	return d
}

// webURL reads a URL that must be absolute http(s), the only kind that may
// reach an href.
func (t *table) webURL(key string) string {
	s := strings.TrimSpace(t.str(key, false))
	if s == "" {
		return ""
	}
	if msg := checkWebURL(s); msg != "" {
		t.problem(key, "%s %q %s", key, s, msg)
		return ""
	}
	return s
}

func checkWebURL(s string) string {
	if strings.ContainsAny(s, " \t\r\n\x00") {
		return "contains spaces or control characters; encode them (%20)"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "is not a valid URL: " + err.Error()
	}
	if scheme := strings.ToLower(u.Scheme); scheme != "http" && scheme != "https" {
		return "is not a web address; only http:// and https:// URLs are allowed"
	}
	if u.Host == "" {
		return "has no host; write a full address like https://example.com/page"
	}
	return ""
}

// unknownKeys reports every key of the table that no field asked for, with
// a suggestion when it looks like a typo of a known key.
func (t *table) unknownKeys() {
	var extra []string
	for k := range t.raw {
		if !slices.Contains(t.known, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		if s := timeline.Suggest(k, t.known); s != "" {
			t.problem(k, "unknown key %q; did you mean %q?", k, s)
		} else {
			t.problem(k, "unknown key %q; the keys allowed here are %s", k, strings.Join(sorted(t.known), ", "))
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// describe names a decoded TOML value's type for error messages.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %v", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
