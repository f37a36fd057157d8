package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// The base site every case starts from: one timeline and one event, which
// load without a problem. A case replaces or adds files.
const (
	baseSite  = "title = \"Site\"\n\n[[timelines]]\nid = \"journey\"\ntitle = \"The journey\"\n"
	baseEvent = "[[event]]\nid = \"base\"\ntitle = \"Base\"\nwhen = \"2025-09-01\"\ntimelines = [\"journey\"]\n"
	evPath    = "content/events/x.toml"
	mdPath    = "content/articles/a.md"
)

func siteFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		ConfigFile:                 {Data: []byte(baseSite)},
		"content/events/base.toml": {Data: []byte(baseEvent)},
	}
	for p, data := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// lines joins its arguments as the lines of a file.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// event is an event file holding one valid event plus extra lines (from line 4 on).
func event(extra ...string) string {
	return lines(append([]string{"[[event]]", `title = "X"`, `when = "2025-09-01"`}, extra...)...)
}

// article is an article with a valid title plus extra front matter lines (from line 3 on).
func article(extra ...string) string {
	return lines(append(append([]string{"+++", `title = "A"`}, extra...), "+++", "", "Body.")...)
}

// want is one expected problem: its position exactly as Problem.Error
// prints it, and a part of its message.
type want struct{ at, msg string }

func checkProblems(t *testing.T, got timeline.Problems, wants []want) {
	t.Helper()
	got = got.Sort()
	ok := len(got) == len(wants)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i].Error(), wants[i].at+": ") && strings.Contains(got[i].Msg, wants[i].msg)
	}
	if ok {
		return
	}
	var b strings.Builder
	b.WriteString("got problems:\n")
	for _, p := range got {
		b.WriteString("\t" + p.Error() + "\n")
	}
	b.WriteString("want:\n")
	for _, w := range wants {
		b.WriteString("\t" + w.at + ": …" + w.msg + "…\n")
	}
	t.Error(b.String())
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		// TOML syntax errors, at the line and column (in characters) of the file.
		{"syntax error in site.toml",
			map[string]string{ConfigFile: lines(`title = "Site"`, "[[timelines]]", `id = "journey`, `title = "J"`)},
			[]want{{"site.toml:3:14", "TOML syntax error: strings cannot contain newlines"}}},
		{"syntax error in an event file, column in characters",
			map[string]string{evPath: event(`summary = "éé" = 3`)},
			[]want{{evPath + ":4:16", "TOML syntax error: expected a top-level item to end with a newline"}}},
		{"syntax error in front matter maps to the line of the .md file",
			map[string]string{mdPath: article(`author = "Desk"`, `date = `)},
			[]want{{mdPath + ":4:8", "TOML syntax error: expected value"}}},
		{"duplicate key",
			map[string]string{evPath: event(`title = "Y"`)},
			[]want{{evPath + ":4:1", "TOML syntax error: Key 'event.title' has already been defined"}}},
		{"[event] where [[event]] was meant, then [[event]]",
			map[string]string{evPath: lines("[event]", `title = "X"`, "[[event]]")},
			[]want{{evPath + ":3:3", "TOML syntax error: Key 'event' was already created and cannot be used as an array"}}},

		// Unknown keys, at the key's own line and column.
		{"tittle in an event",
			map[string]string{evPath: event(`  tittle = "Y"`)},
			[]want{{evPath + ":4:3", `unknown key "tittle"; did you mean "title"?`}}},
		{"time_zon in an event",
			map[string]string{evPath: event(`time_zon = "Asia/Shanghai"`)},
			[]want{{evPath + ":4:1", `unknown key "time_zon"; did you mean "time_zone"?`}}},
		{"unknown key in site.toml",
			map[string]string{ConfigFile: "base_ur = \"/\"\ncolour = \"red\"\n" + baseSite},
			[]want{
				{"site.toml:1:1", `unknown key "base_ur"; did you mean "base_url"?`},
				{"site.toml:2:1", `unknown key "colour"; the keys allowed here are base_url, cname, description, language, markdown, page_size, time_zone, time_zone_labels, timelines, title`},
			}},
		{"unknown key in [[timelines]]",
			map[string]string{ConfigFile: baseSite + "descripton = \"D\"\n[[timelines]]\nid = \"b\"\ntitle = \"B\"\ncolour = 1\n"},
			[]want{
				{"site.toml:6:1", `unknown key "descripton"; did you mean "description"?`},
				{"site.toml:10:1", `unknown key "colour"; the keys allowed here are description, id, order, title`},
			}},
		{"unknown key in [markdown]",
			map[string]string{ConfigFile: baseSite + "[markdown]\nsafe = true\n"},
			[]want{{"site.toml:7:1", `unknown key "safe"; did you mean "unsafe"?`}}},
		{"unknown key in a sources inline table",
			map[string]string{evPath: event(`sources = [{ name = "IANS", ulr = "https://ians.in/" }]`)},
			[]want{{evPath + ":4:29", `unknown key "ulr"; did you mean "url"?`}}},
		{"unknown key in front matter",
			map[string]string{mdPath: article(`authr = "Desk"`)},
			[]want{{mdPath + ":3:1", `unknown key "authr"; did you mean "author"?`}}},
		{"keys before the first [[event]]",
			map[string]string{evPath: lines(`title = "X"`, `when = "2025"`)},
			[]want{
				{evPath + ":1:1", "no events in this file; each event starts with a line [[event]]"},
				{evPath + ":1:1", "title = … is outside any event; start each event with a line [[event]]"},
				{evPath + ":2:1", "when = … is outside any event"},
			}},
		{"a comment-only event file",
			map[string]string{evPath: "# nothing yet\n"},
			[]want{{evPath + ":1:1", "no events in this file"}}},
		{"[event] instead of [[event]]",
			map[string]string{evPath: lines("[event]", `title = "X"`, `when = "2025"`)},
			[]want{{evPath + ":1:1", "event must be a list of tables, not a single table: start each event with a line [[event]] (double brackets)"}}},
		{"[timelines] instead of [[timelines]]",
			map[string]string{ConfigFile: lines(`title = "S"`, "[timelines]", `id = "journey"`, `title = "J"`)},
			[]want{{"site.toml:2:1", "timelines must be a list of tables, not a single table: start each one with a line [[timelines]]"}}},
		{"timelines in site.toml as a list of strings",
			map[string]string{ConfigFile: lines(`title = "S"`, `timelines = ["journey"]`)},
			[]want{{"site.toml:2:1", `timelines[0] must be a table: start each one with a line [[timelines]] (double brackets), then id = "…" and title = "…"; got the string "journey"`}}},

		// Missing required fields: at the start of their table.
		{"event without title",
			map[string]string{evPath: lines("[[event]]", `when = "2025-09-01"`)},
			[]want{{evPath + ":1:1", `title is required; add a line like title = "…"`}}},
		{"event without when, the second in its file",
			map[string]string{evPath: event("", "[[event]]", `title = "Y"`)},
			[]want{{evPath + ":5:1", `when is required; add a line like when = "2025-09-02T16:00"`}}},
		{"site without title",
			map[string]string{ConfigFile: strings.TrimPrefix(baseSite, "title = \"Site\"\n")},
			[]want{{"site.toml:1:1", "title is required"}}},
		{"timeline without id",
			map[string]string{ConfigFile: baseSite + "\n[[timelines]]\ntitle = \"B\"\n"},
			[]want{{"site.toml:7:1", "id is required"}}},
		{"timeline without title",
			map[string]string{ConfigFile: baseSite + "\n[[timelines]]\nid = \"b\"\n"},
			[]want{{"site.toml:7:1", "title is required"}}},
		{"article without title",
			map[string]string{mdPath: lines("+++", `author = "Desk"`, "+++", "Body.")},
			[]want{{mdPath + ":1:1", "title is required"}}},
		{"source without name",
			map[string]string{evPath: event(`sources = [`, `  { url = "https://ians.in/" },`, `]`)},
			[]want{{evPath + ":5:3", "name is required"}}},
		{"[[event.sources]] without name",
			map[string]string{evPath: event("[[event.sources]]", `url = "https://ians.in/"`)},
			[]want{{evPath + ":4:1", "name is required"}}},

		// Wrong types.
		{"when as an integer",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, "when = 2025")},
			[]want{{evPath + ":3:1", `when must be a date such as "2024", "2025-09-01" or "2025-09-02T16:00" (in quotes for reduced precision); got the number 2025`}}},
		{"when as a time of day only",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, "when = 16:00:00")},
			[]want{{evPath + ":3:1", "when needs a date, not only a time of day"}}},
		{"timelines as a string",
			map[string]string{evPath: event(`timelines = "journey"`)},
			[]want{{evPath + ":4:1", `timelines must be a list, like timelines = ["journey"]; got a single string`}}},
		{"approximate as a string",
			map[string]string{evPath: event(`approximate = "yes"`)},
			[]want{{evPath + ":4:1", `approximate must be true or false (no quotes); got the string "yes"`}}},
		{"coordinates as a string",
			map[string]string{evPath: event(`coordinates = "x"`)},
			[]want{{evPath + ":4:1", "coordinates must be [latitude, longitude]"}}},
		{"coordinates holding a string",
			map[string]string{evPath: event(`coordinates = ["39.9", 116.4]`)},
			[]want{{evPath + ":4:1", `coordinates must be two numbers, [latitude, longitude]; got the string "39.9"`}}},
		{"title as a number",
			map[string]string{evPath: lines("[[event]]", "title = 7", `when = "2025"`)},
			[]want{{evPath + ":2:1", `title must be a string in quotes, like title = "…"; got the number 7`}}},
		{"empty title",
			map[string]string{evPath: lines("[[event]]", `title = ""`, `when = "2025"`)},
			[]want{{evPath + ":2:1", "title is empty; write something in it"}}},
		{"blank title",
			map[string]string{evPath: lines("[[event]]", `title = "   "`, `when = "2025"`)},
			[]want{{evPath + ":2:1", "title is empty; write something in it"}}},
		{"blank article title",
			map[string]string{mdPath: lines("+++", `title = "   "`, "+++")},
			[]want{{mdPath + ":2:1", "title is empty"}}},
		{"blank site title",
			map[string]string{ConfigFile: "title = \"\"\n" + strings.TrimPrefix(baseSite, "title = \"Site\"\n")},
			[]want{{"site.toml:1:1", "title is empty"}}},
		{"unknown status",
			map[string]string{evPath: event(`status = "confimed"`)},
			[]want{{evPath + ":4:1", `unknown status "confimed"; did you mean "confirmed"?`}}},

		// Impossible or malformed dates, at the key.
		{"30 February",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `when = "2025-02-30"`)},
			[]want{{evPath + ":3:1", `when: date "2025-02-30": February 2025 has 28 days, so day 30 does not exist`}}},
		{"month 13",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `when = "2025-13-01"`)},
			[]want{{evPath + ":3:1", "month 13 does not exist; months run from 01 to 12"}}},
		{"single-digit month and day",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `when = "2025-9-1"`)},
			[]want{{evPath + ":3:1", "the month must have 2 digits"}}},
		{"hour 24",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `when = "2025-09-01T24:30"`)},
			[]want{{evPath + ":3:1", "hour 24 is out of range; hours run from 00 to 23"}}},
		{"end before when",
			map[string]string{evPath: event(`end = "2025-08-31"`)},
			[]want{{evPath + ":4:1", "end 2025-08-31 is before when 2025-09-01; swap them or fix the date"}}},
		{"bad end date",
			map[string]string{evPath: event(`end = "2025-09-31"`)},
			[]want{{evPath + ":4:1", `end: date "2025-09-31": September 2025 has 30 days`}}},
		{"misspelt IANA zone; the dates are still checked",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `time_zone = "Asia/Shangai"`, `when = "2025-09-01T16:00"`, `end = "2025-09-00"`)},
			[]want{
				{evPath + ":3:1", `time_zone: unknown time zone "Asia/Shangai"; did you mean "Asia/Shanghai"?`},
				{evPath + ":5:1", "day 00 does not exist"},
			}},
		{"misspelt site time zone",
			map[string]string{ConfigFile: "time_zone = \"Europe/Londn\"\n" + baseSite},
			[]want{{"site.toml:1:1", `time_zone: unknown time zone "Europe/Londn"; did you mean "Europe/London"?`}}},
		{"zone name that is a path",
			map[string]string{evPath: event(`time_zone = "../../etc/passwd"`)},
			[]want{{evPath + ":4:1", `unknown time zone "../../etc/passwd"`}}},
		{"offset contradicting the event's zone",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `time_zone = "Asia/Shanghai"`, `when = "2025-09-02T16:00+09:00"`)},
			[]want{{evPath + ":4:1", "offset UTC+9 disagrees with time_zone Asia/Shanghai, which is UTC+8 at that time"}}},
		{"TOML offset datetime contradicting the event's zone",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `time_zone = "Asia/Pyongyang"`, "when = 2025-09-02T16:00:00+08:00")},
			[]want{{evPath + ":4:1", "offset UTC+8 disagrees with time_zone Asia/Pyongyang, which is UTC+9"}}},
		{"time skipped by daylight saving",
			map[string]string{evPath: lines("[[event]]", `title = "X"`, `time_zone = "Europe/London"`, `when = "2025-03-30T01:30"`)},
			[]want{{evPath + ":4:1", "01:30 does not exist in Europe/London on that day"}}},
		{"bad article date",
			map[string]string{mdPath: article(`date = "2025-02-29"`)},
			[]want{{mdPath + ":3:1", "February 2025 has 28 days"}}},

		// Ids and slugs that could not safely name a folder.
		{"id with a path",
			map[string]string{evPath: event(`id = "../../etc"`)},
			[]want{{evPath + ":4:1", `event id "../../etc" may hold only a-z, 0-9 and -; try "etc"`}}},
		{"id with a slash",
			map[string]string{evPath: event(`id = "a/b"`)},
			[]want{{evPath + ":4:1", `event id "a/b" may hold only a-z, 0-9 and -; try "a-b"`}}},
		{"id with capitals and accents",
			map[string]string{evPath: event(`id = "Café"`)},
			[]want{{evPath + ":4:1", `event id "Café" may hold only a-z, 0-9 and -; try "a-short-name"`}}},
		{"empty id",
			map[string]string{evPath: event(`id = ""`)},
			[]want{{evPath + ":4:1", `event id is empty; write one such as "a-short-name", or remove the line to use the slug of the title`}}},
		{"id of 101 characters",
			map[string]string{evPath: event(`id = "` + strings.Repeat("a", 101) + `"`)},
			[]want{{evPath + ":4:1", "event id is 101 characters long; at most 100 are allowed"}}},
		{"id as a number",
			map[string]string{evPath: event(`id = 5`)},
			[]want{{evPath + ":4:1", "id must be a string in quotes"}}},
		{"title without letters for an id",
			map[string]string{evPath: lines("[[event]]", `title = "!!!"`, `when = "2025"`)},
			[]want{{evPath + ":2:1", `cannot make an id of a-z, 0-9 and - from title "!!!"; add id = "a-short-name"`}}},
		{"title in another script needs an id",
			map[string]string{evPath: lines("[[event]]", `title = "習近平"`, `when = "2025"`)},
			[]want{{evPath + ":2:1", `cannot make an id of a-z, 0-9 and - from title "習近平"; add id = "a-short-name"`}}},
		{"timeline id with spaces",
			map[string]string{ConfigFile: baseSite + "\n[[timelines]]\nid = \"Side Trip\"\ntitle = \"B\"\n"},
			[]want{{"site.toml:8:1", `timeline id "Side Trip" may hold only a-z, 0-9 and -; try "side-trip"`}}},
		{"timeline id declared twice",
			map[string]string{ConfigFile: baseSite + "\n[[timelines]]\nid = \"journey\"\ntitle = \"B\"\n"},
			[]want{{"site.toml:8:1", `timeline id "journey" is already declared at site.toml:4:1`}}},
		{"article file name with a space and capitals",
			map[string]string{"content/articles/Bad Name.md": article()},
			[]want{{"content/articles/Bad Name.md", `file name "Bad Name.md" cannot be an article slug: use only a-z, 0-9 and - (at most 100 characters before .md), e.g. "bad-name.md"`}}},
		{"article file name of 101 characters",
			map[string]string{"content/articles/" + strings.Repeat("b", 101) + ".md": article()},
			[]want{{"content/articles/" + strings.Repeat("b", 101) + ".md", "cannot be an article slug"}}},

		// Addresses that must not reach an href.
		{"javascript: source",
			map[string]string{evPath: event(`sources = [{ name = "S", url = "javascript:alert(1)" }]`)},
			[]want{{evPath + ":4:26", `url "javascript:alert(1)" is not a web address; only http:// and https:// URLs are allowed`}}},
		{"entity-encoded javascript source",
			map[string]string{evPath: event(`sources = [{ name = "S", url = "JaVaScRiPt&colon;alert(1)" }]`)},
			[]want{{evPath + ":4:26", "is not a web address"}}},
		{"data: source",
			map[string]string{evPath: event(`sources = [{ name = "S", url = "data:text/html,<script>" }]`)},
			[]want{{evPath + ":4:26", "is not a web address"}}},
		{"vbscript: source",
			map[string]string{evPath: event(`sources = [{ name = "S", url = "vbscript:x" }]`)},
			[]want{{evPath + ":4:26", "is not a web address"}}},
		{"ftp source in [[event.sources]]",
			map[string]string{evPath: event("[[event.sources]]", `name = "S"`, `url = "ftp://x"`)},
			[]want{{evPath + ":6:1", `url "ftp://x" is not a web address`}}},
		{"protocol-relative source, the second one",
			map[string]string{evPath: event(`sources = [`, `  { name = "A", url = "https://a.example/" },`, `  { name = "B", url = "//evil.example" },`, `]`)},
			[]want{{evPath + ":6:17", `url "//evil.example" is not a web address`}}},
		{"source with no host",
			map[string]string{evPath: event(`sources = [{ name = "S", url = "https:evil" }]`)},
			[]want{{evPath + ":4:26", "has no host"}}},
		{"source with a space",
			map[string]string{evPath: event(`sources = [{ name = "S", url = "https://a.example/x y" }]`)},
			[]want{{evPath + ":4:26", "contains spaces or control characters"}}},
		{"javascript: article source_url",
			map[string]string{mdPath: article(`source_url = "javascript:alert(1)"`)},
			[]want{{mdPath + ":3:1", `source_url "javascript:alert(1)" is not a web address`}}},
		{"protocol-relative article source_url",
			map[string]string{mdPath: article(`source_url = "//evil.example"`)},
			[]want{{mdPath + ":3:1", "is not a web address"}}},
		{"javascript: base_url",
			map[string]string{ConfigFile: "base_url = \"javascript:alert(1)\"\n" + baseSite},
			[]want{{"site.toml:1:1", `base_url "javascript:alert(1)" is not a web address`}}},
		{"cname with scheme",
			map[string]string{ConfigFile: "cname = \"https://news.example.org\"\n" + baseSite},
			[]want{{"site.toml:1:1", `cname "https://news.example.org" is not a bare domain name`}}},
		{"cname without a dot",
			map[string]string{ConfigFile: "cname = \"localhost\"\n" + baseSite},
			[]want{{"site.toml:1:1", `cname "localhost" is not a domain name`}}},
		{"cname with an underscore",
			map[string]string{ConfigFile: "cname = \"my_site.example.org\"\n" + baseSite},
			[]want{{"site.toml:1:1", `use only letters, digits, hyphens and dots`}}},
		{"cname with a github.io base_url",
			map[string]string{ConfigFile: "cname = \"news.example.org\"\nbase_url = \"https://me.github.io/\"\n" + baseSite},
			[]want{{"site.toml:1:1", `cname "news.example.org" does not match base_url "https://me.github.io/"`}}},
		{"cname with a base_url that has a path",
			map[string]string{ConfigFile: "cname = \"news.example.org\"\nbase_url = \"https://news.example.org/repo/\"\n" + baseSite},
			[]want{{"site.toml:1:1", `has the path /repo/, but a site with a custom domain`}}},
		{"a control character in a file",
			map[string]string{evPath: event("place = \"Pyong\x01yang\"")},
			[]want{{evPath + ":4:15", "the control character U+0001 cannot be shown on a page; remove it (editors often show it as a box or ^A)"}}},
		{"a control character written as an escape",
			map[string]string{evPath: event("place = \"Pyong\\u007fyang\"")},
			[]want{{evPath + ":4:1", "place holds the control character U+007F (written as an escape), which a page cannot show; remove it"}}},
		{"a control character in a list",
			map[string]string{evPath: event("tags = [\"a\\u0085b\"]")},
			[]want{{evPath + ":4:1", "tags[0] holds a control character"}}},
		{"page_size zero",
			map[string]string{ConfigFile: "page_size = 0\n" + baseSite},
			[]want{{"site.toml:1:1", "page_size must be a whole number from 1 to 1000000, like page_size = 300; got the number 0"}}},
		{"page_size as a string",
			map[string]string{ConfigFile: "page_size = \"300\"\n" + baseSite},
			[]want{{"site.toml:1:1", `got the string "300"`}}},
		{"placeholders: title refused, base_url left to deploy and check",
			map[string]string{ConfigFile: "base_url = \"" + PlaceholderBaseURL + "\"\ntitle = \"CHANGE-ME\"\n\n[[timelines]]\nid = \"t\"\ntitle = \"T\"\n"},
			[]want{
				{"site.toml:2:1", "title still holds the placeholder CHANGE-ME"},
			}},
		{"latitude 91",
			map[string]string{evPath: event("coordinates = [91, 0]")},
			[]want{{evPath + ":4:1", "coordinates [91, 0] are out of range: latitude runs from -90 to 90"}}},
		{"longitude 181",
			map[string]string{evPath: event("coordinates = [0, 181]")},
			[]want{{evPath + ":4:1", "coordinates [0, 181] are out of range"}}},
		{"latitude nan",
			map[string]string{evPath: event("coordinates = [nan, 0.0]")},
			[]want{{evPath + ":4:1", "coordinates [NaN, 0] are out of range"}}},
		{"three coordinates",
			map[string]string{evPath: event("coordinates = [1, 2, 3]")},
			[]want{{evPath + ":4:1", "coordinates must be [latitude, longitude]"}}},

		// Files that cannot be read as text.
		{"bad bytes in an event file",
			map[string]string{evPath: "[[event]]\ntitle = \"ab\xff\xfe\"\n"},
			[]want{{evPath + ":2:12", "file is not UTF-8 text; save it with UTF-8 encoding"}}},
		{"bad byte after non-ASCII text",
			map[string]string{evPath: "[[event]]\ntitle = \"éé\xc3\"\n"},
			[]want{{evPath + ":2:12", "file is not UTF-8 text"}}},
		{"UTF-16 event file",
			map[string]string{evPath: "\xff\xfe[\x00[\x00e\x00"},
			[]want{{evPath + ":1:1", "file is UTF-16 text, not UTF-8; save it with UTF-8 encoding"}}},
		{"bad bytes in an article body",
			map[string]string{mdPath: "+++\ntitle = \"A\"\n+++\n\nBody \xe9.\n"},
			[]want{{mdPath + ":5:6", "file is not UTF-8 text"}}},
		{"empty event file",
			map[string]string{evPath: ""},
			[]want{{evPath + ":1:1", "empty event file; add an [[event]] table or delete the file"}}},
		{"whitespace-only event file",
			map[string]string{evPath: " \n\t\r\n"},
			[]want{{evPath + ":1:1", "empty event file"}}},
		{"empty article",
			map[string]string{mdPath: ""},
			[]want{{mdPath + ":1:1", "empty article; start it with a +++ line"}}},
		{"whitespace-only article",
			map[string]string{mdPath: "\n\n   \n"},
			[]want{{mdPath + ":1:1", "empty article"}}},
		{"front matter never closed",
			map[string]string{mdPath: lines("+++", `title = "A"`, "", "Body.")},
			[]want{{mdPath + ":1:1", "the +++ front matter opened here is never closed"}}},
		{"article without front matter",
			map[string]string{mdPath: lines("# A", "", "Body.")},
			[]want{{mdPath + ":1:1", "an article must start with a line holding only +++"}}},
		{"article with YAML front matter",
			map[string]string{mdPath: lines("---", "title: A", "---", "Body.")},
			[]want{{mdPath + ":1:1", "front matter must be TOML between +++ lines, not YAML between --- lines"}}},
		{"event file over MaxFileSize",
			map[string]string{evPath: strings.Repeat("#", MaxFileSize+1)},
			[]want{{evPath, "file is 8388609 bytes, over the limit of 8 MiB (8388608 bytes) for one file; split it into smaller files"}}},
		{"article over MaxFileSize",
			map[string]string{mdPath: strings.Repeat("a", MaxFileSize+1)},
			[]want{{mdPath, "over the limit of 8 MiB"}}},
		{"site.toml over MaxFileSize",
			map[string]string{ConfigFile: strings.Repeat("#", MaxFileSize+1)},
			[]want{{"site.toml", "over the limit of 8 MiB"}}},

		// Accepted encodings keep positions right.
		{"BOM at the start of site.toml",
			map[string]string{ConfigFile: "\uFEFFcolour = 1\n" + baseSite},
			[]want{{"site.toml:1:1", `unknown key "colour"`}}},
		{"BOM at the start of an article",
			map[string]string{mdPath: "\uFEFF" + article(`authr = "D"`)},
			[]want{{mdPath + ":3:1", `unknown key "authr"`}}},
		{"CRLF event file",
			map[string]string{evPath: strings.ReplaceAll(event(`  tittle = "Y"`, `when_text = "at dawn"`, `status = "rumoured"`), "\n", "\r\n")},
			[]want{
				{evPath + ":4:3", `unknown key "tittle"; did you mean "title"?`},
				{evPath + ":6:1", `unknown status "rumoured"`},
			}},
		{"CRLF event file with a syntax error",
			map[string]string{evPath: strings.ReplaceAll(event(`summary = "x`), "\n", "\r\n")},
			[]want{{evPath + ":4:13", "TOML syntax error: strings cannot contain newlines"}}},
		{"CRLF article",
			map[string]string{mdPath: strings.ReplaceAll(article(`author = "D"`, `authr = "D"`), "\n", "\r\n")},
			[]want{{mdPath + ":4:1", `unknown key "authr"`}}},
		{"hidden and underscore files are ignored",
			map[string]string{"content/events/.draft.toml": "not toml", "content/events/_wip/x.toml": "not toml", "content/articles/_x.md": ""},
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := Load(siteFS(tc.files), Options{})
			checkProblems(t, probs, tc.want)
		})
	}
}

// loadOK loads files over the base site and fails the test on any problem.
func loadOK(t *testing.T, files map[string]string, opts Options) *Content {
	t.Helper()
	c, probs := Load(siteFS(files), opts)
	if len(probs) > 0 {
		t.Fatalf("unexpected problems:\n%v", probs.Sort())
	}
	return c
}

func eventByID(t *testing.T, c *Content, id string) *timeline.Event {
	t.Helper()
	for _, e := range c.Events {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no event %q among %d", id, len(c.Events))
	return nil
}

func TestLoadDates(t *testing.T) {
	tests := []struct {
		name, when, zone string
		prec             timeline.Precision
		machine          string
		dateZone         string
	}{
		{"TOML local datetime is minute precision", "2025-09-02T16:00:00", "Asia/Shanghai", timeline.Minute, "2025-09-02T16:00+08:00", "Asia/Shanghai"},
		{"TOML local datetime with seconds", "2025-09-02T16:00:30", "Asia/Shanghai", timeline.Second, "2025-09-02T16:00:30+08:00", "Asia/Shanghai"},
		{"TOML local date is day precision", "2025-09-02", "Asia/Pyongyang", timeline.Day, "2025-09-02", "Asia/Pyongyang"},
		{"TOML local datetime in the site's zone", "2025-09-02T16:00:00", "", timeline.Minute, "2025-09-02T16:00Z", "UTC"},
		{"TOML offset datetime without a zone keeps its offset", "2025-09-02T16:00:00+08:00", "", timeline.Minute, "2025-09-02T16:00+08:00", ""},
		{"TOML offset datetime agreeing with the zone", "2025-09-02T16:00:00+08:00", "Asia/Shanghai", timeline.Minute, "2025-09-02T16:00+08:00", "Asia/Shanghai"},
		{"string year", `"2011"`, "", timeline.Year, "2011", "UTC"},
		{"string month", `"2024-06"`, "", timeline.Month, "2024-06", "UTC"},
		{"string minute", `"2025-09-02T16:00"`, "Asia/Shanghai", timeline.Minute, "2025-09-02T16:00+08:00", "Asia/Shanghai"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := lines("[[event]]", `id = "x"`, `title = "X"`, "when = "+tc.when)
			if tc.zone != "" {
				src += "time_zone = \"" + tc.zone + "\"\n"
			}
			e := eventByID(t, loadOK(t, map[string]string{evPath: src}, Options{}), "x")
			if e.When.Precision != tc.prec || e.When.Machine() != tc.machine || e.When.Zone != tc.dateZone {
				t.Errorf("when = %s: got %v %q zone %q, want %v %q zone %q", tc.when,
					e.When.Precision, e.When.Machine(), e.When.Zone, tc.prec, tc.machine, tc.dateZone)
			}
		})
	}
}

// TestLoadEvent checks that a valid event with every field loads, with the
// positions of its keys.
func TestLoadEvent(t *testing.T) {
	src := lines(
		"# A comment",
		"[[event]]",
		`id = "arrives-beijing"`,
		`title = "Kim's train reaches Beijing"`,
		`when = "2025-09-02T16:00"`,
		`end = "2025-09-02T17:00"`,
		`time_zone = "Asia/Shanghai"`,
		"approximate = true",
		`place = "Beijing Railway Station"`,
		"coordinates = [39.9029, 116.4270]",
		`timelines = ["journey"]`,
		`status = "confirmed"`,
		`sources = [`,
		`  { name = "IANS", url = "https://ians.in/", note = "wire report" },`,
		`]`,
		`people = ["Kim Jong-un"]`,
		`tags = ["rail"]`,
	)
	files := map[string]string{evPath: src}
	e := eventByID(t, loadOK(t, files, Options{}), "arrives-beijing")
	if e.Pos != (timeline.Pos{Path: evPath, Key: "event.0"}) {
		t.Errorf("Pos = %+v, want the first [[event]] of %s", e.Pos, evPath)
	}
	located := Locate(siteFS(files), timeline.Problems{{Pos: e.Pos}, {Pos: e.KeyPos("timelines")}, {Pos: e.KeyPos("nope")}})
	if located[0].Pos.String() != evPath+":2:1" || located[1].Pos.String() != evPath+":11:1" || located[2].Pos.String() != evPath+":2:1" {
		t.Errorf("positions: event %s, timelines %s, missing key %s", located[0].Pos, located[1].Pos, located[2].Pos)
	}
	if !e.Approximate || e.Status != timeline.Confirmed || e.Coordinates == nil || e.Coordinates.Lat != 39.9029 ||
		len(e.Sources) != 1 || e.Sources[0].URL != "https://ians.in/" || e.End.Machine() != "2025-09-02T17:00+08:00" {
		t.Errorf("event read wrongly: %+v", e)
	}
}

func TestAssembleProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{"duplicate event id in two files names both places",
			map[string]string{
				"content/events/a.toml": lines("[[event]]", `id = "dup"`, `title = "A"`, `when = "2025"`),
				"content/events/b.toml": lines("# second", "[[event]]", `title = "B"`, `when = "2025"`, `id = "dup"`),
			},
			[]want{{"content/events/b.toml:5:1", `event id "dup" is already used at content/events/a.toml:2:1; give one of them another id`}}},
		{"duplicate id made from titles",
			map[string]string{
				"content/events/a.toml": lines("[[event]]", `title = "Same"`, `when = "2025"`),
				"content/events/b.toml": lines("", "[[event]]", `title = "same"`, `when = "2025"`),
			},
			[]want{{"content/events/b.toml:2:1", `event id "same" is already used at content/events/a.toml:1:1`}}},
		{"duplicate article slug in two folders",
			map[string]string{
				"content/articles/a/x.md": article(),
				"content/articles/b/x.md": article(),
			},
			[]want{{"content/articles/b/x.md:1:1", `article slug "x" is already used by content/articles/a/x.md; rename one of the files`}}},
		{"unknown timeline with a close match",
			map[string]string{evPath: event(`timelines = ["journey", "journy"]`)},
			[]want{{evPath + ":4:1", `unknown timeline "journy"; did you mean "journey"?`}}},
		{"unknown timeline without a match",
			map[string]string{evPath: event(`timelines = ["zzz"]`)},
			[]want{{evPath + ":4:1", `unknown timeline "zzz"; declare it with [[timelines]] in site.toml`}}},
		{"timeline listed twice",
			map[string]string{evPath: event(`timelines = ["journey", "journey"]`)},
			[]want{{evPath + ":4:1", `timeline "journey" is listed twice`}}},
		{"unknown event in an article",
			map[string]string{mdPath: article(`author = "D"`, `events = ["bsae"]`)},
			[]want{{mdPath + ":4:1", `unknown event "bsae"; did you mean "base"?`}}},
		{"unknown article in an event",
			map[string]string{
				evPath:                              event(`articles = ["tarin-arrives"]`),
				"content/articles/train-arrives.md": article(),
			},
			[]want{{evPath + ":4:1", `unknown article "tarin-arrives"; did you mean "train-arrives"?`}}},
		{"unknown article without a match",
			map[string]string{evPath: event(`articles = ["zzzzzz"]`)},
			[]want{{evPath + ":4:1", `unknown article "zzzzzz"; articles are named by their file name in content/articles`}}},
		{"tags that would share a page",
			map[string]string{evPath: event(`tags = ["Rail"]`, "[[event]]", `title = "Y"`, `when = "2026"`, `tags = ["rail"]`)},
			[]want{{evPath + ":8:1", `tag "rail" and "Rail" (at content/events/x.toml:4:1) would share the page rail`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := loadOK(t, tc.files, Options{})
			_, probs := timeline.Assemble(c.Config, c.Events, c.Articles, c.Drafts)
			checkProblems(t, Locate(siteFS(tc.files), probs), tc.want)
		})
	}
}

func TestLoadDrafts(t *testing.T) {
	files := map[string]string{
		evPath:                          event(`id = "x"`, `articles = ["draft-one"]`),
		"content/articles/draft-one.md": article("draft = true", `events = ["base"]`),
		"content/articles/published.md": article(`events = ["x"]`),
	}
	t.Run("left out without Options.Drafts", func(t *testing.T) {
		c := loadOK(t, files, Options{})
		if len(c.Articles) != 1 || c.Articles[0].Slug != "published" || !c.Drafts["draft-one"] || len(c.Drafts) != 1 {
			t.Fatalf("articles %v, drafts %v", len(c.Articles), c.Drafts)
		}
		site, probs := timeline.Assemble(c.Config, c.Events, c.Articles, c.Drafts)
		checkProblems(t, probs, nil)
		if n := len(site.Reports(site.Event("x"))); n != 1 {
			t.Errorf("event x has %d reports, want 1 (the draft left out)", n)
		}
	})
	t.Run("included with Options.Drafts", func(t *testing.T) {
		c := loadOK(t, files, Options{Drafts: true})
		if len(c.Articles) != 2 || len(c.Drafts) != 0 {
			t.Fatalf("articles %v, drafts %v", len(c.Articles), c.Drafts)
		}
		site, probs := timeline.Assemble(c.Config, c.Events, c.Articles, c.Drafts)
		checkProblems(t, probs, nil)
		draft := site.Article("draft-one")
		if draft == nil || !draft.Draft || len(site.Covers(draft)) != 2 {
			t.Errorf("draft-one: %+v", draft)
		}
	})
}

// TestLoadReportsEverything checks that one build reports the problems of
// every broken file together, in path and line order.
func TestLoadReportsEverything(t *testing.T) {
	files := map[string]string{
		ConfigFile:              baseSite + "[[timelines]]\nid = \"b\"\ntitle = \"B\n",
		evPath:                  event("", `  tittle = "Y"`),
		mdPath:                  lines("+++", `author = "Desk"`, "+++"),
		"content/events/y.toml": event(`when_text = "at dawn"`, `end = "2025-08-01"`, `coordinates = [0, 181]`),
	}
	_, probs := Load(siteFS(files), Options{})
	checkProblems(t, probs, []want{
		{mdPath + ":1:1", "title is required"},
		{evPath + ":5:3", `unknown key "tittle"`},
		{"content/events/y.toml:5:1", "end 2025-08-01 is before when 2025-09-01"},
		{"content/events/y.toml:6:1", "coordinates [0, 181] are out of range"},
		{"site.toml:8:11", "TOML syntax error: strings cannot contain newlines"},
	})
	paths := make([]string, len(probs))
	for i, p := range probs {
		paths[i] = p.Pos.Path
	}
	if !slices.IsSorted(paths) {
		t.Errorf("Problems.Sort left paths out of order: %v", paths)
	}
}

// TestLoadSymlinkLoops runs Load on a real folder holding symbolic link
// loops: each must end, with a problem for a file that cannot be opened.
func TestLoadSymlinkLoops(t *testing.T) {
	setup := func(t *testing.T, link, target string) string {
		dir := t.TempDir()
		events := filepath.Join(dir, filepath.FromSlash(EventsDir))
		if err := os.MkdirAll(events, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string]string{
			filepath.Join(dir, ConfigFile):     baseSite,
			filepath.Join(events, "base.toml"): baseEvent,
		} {
			if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink(target, filepath.Join(events, link)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	load := func(t *testing.T, dir string) (*Content, timeline.Problems) {
		type result struct {
			c     *Content
			probs timeline.Problems
		}
		done := make(chan result, 1)
		go func() {
			folder, err := source.Open(dir)
			if err != nil {
				t.Error(err)
				done <- result{}
				return
			}
			defer folder.Close()
			c, probs := Load(folder, Options{})
			done <- result{c, probs}
		}()
		select {
		case r := <-done:
			return r.c, r.probs
		case <-time.After(20 * time.Second):
			t.Fatal("Load did not return: it follows a symbolic link loop")
			return nil, nil
		}
	}
	t.Run("file linked to itself", func(t *testing.T) {
		c, probs := load(t, setup(t, "loop.toml", "loop.toml"))
		checkProblems(t, probs, []want{{"content/events/loop.toml", "cannot be read"}})
		if len(c.Events) != 1 {
			t.Errorf("%d events, want the 1 of base.toml", len(c.Events))
		}
	})
	t.Run("folder linked to its parent", func(t *testing.T) {
		c, probs := load(t, setup(t, "sub", ".."))
		checkProblems(t, probs, []want{{"content/events/sub", "a folder that holds the link"}})
		if len(c.Events) != 1 {
			t.Errorf("%d events, want the 1 of base.toml, read once", len(c.Events))
		}
	})
}

// vanishingFS lists a file in its folder but fails to open it, as when an
// editor or a checkout deletes a file between the listing and the read.
type vanishingFS struct {
	fstest.MapFS
	gone string
}

func (v vanishingFS) Open(name string) (fs.File, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.Open(name)
}

func TestLoadFileVanishesMidBuild(t *testing.T) {
	fsys := vanishingFS{MapFS: siteFS(map[string]string{evPath: event()}), gone: evPath}
	done := make(chan timeline.Problems, 1)
	go func() {
		_, probs := Load(fsys, Options{})
		done <- probs
	}()
	select {
	case probs := <-done:
		if len(probs) != 1 || probs[0].Pos.Path != evPath || !strings.Contains(probs[0].Msg, "cannot read") {
			t.Errorf("problems = %v, want one 'cannot read' at %s", probs, evPath)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load hung on a vanished file")
	}
}

func TestLoadCNAME(t *testing.T) {
	content, probs := Load(siteFS(map[string]string{ConfigFile: "cname = \" Timeline.Example.ORG \"\nbase_url = \"https://timeline.example.org/\"\n" + baseSite}), Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if content.Config.CNAME != "timeline.example.org" {
		t.Errorf("CNAME = %q, want timeline.example.org", content.Config.CNAME)
	}
}

// TestBaseURLOverride: a --base-url given to the build is the address the
// cname is checked against, not site.toml's.
func TestBaseURLOverride(t *testing.T) {
	site := "cname = \"news.example.org\"\nbase_url = \"" + PlaceholderBaseURL + "\"\n" + baseSite
	for _, tc := range []struct {
		name, baseURL string
		problem       bool
	}{
		{"site.toml's address", "", true},
		{"the domain's root given", "https://news.example.org/", false},
		{"another address given", "https://you.github.io/repo/", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{ConfigFile: {Data: []byte(site)}}
			content, probs := Load(fsys, Options{BaseURL: tc.baseURL})
			if got := len(probs) > 0; got != tc.problem {
				t.Errorf("problems %v, want some: %v", probs, tc.problem)
			}
			if tc.baseURL != "" && content.Config.BaseURL != tc.baseURL {
				t.Errorf("BaseURL = %q, want %q", content.Config.BaseURL, tc.baseURL)
			}
		})
	}
}
