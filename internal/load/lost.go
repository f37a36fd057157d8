package load

import (
	"path"
	"strconv"
	"strings"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// articleSlug is the slug of the article at p: its file name.
func articleSlug(p string) string { return strings.TrimSuffix(path.Base(p), ".md") }

// writtenIDs are the ids of the events an event file that does not parse
// appears to hold: each [[event]] table's id = "…", else the slug of its
// title = "…", read line by line without a parser. A line it cannot read
// gives no id, and an article naming that event is then reported as
// naming an unknown one, as it would be anyway were the event deleted.
func writtenIDs(text string) []string {
	var ids []string
	id, title, inEvent := "", "", false
	end := func() {
		switch {
		case !inEvent:
		case id != "":
			ids = append(ids, id)
		case title != "":
			if slug := timeline.Slugify(title); slug != "" {
				ids = append(ids, slug)
			}
		}
		id, title = "", ""
	}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			// A new table: [[event]] starts an event, any other (such as
			// [[event.sources]], after the event's own keys) ends it.
			end()
			name, _, _ := strings.Cut(line, "]")
			inEvent = strings.TrimSpace(strings.TrimLeft(name, "[")) == "event"
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "id":
			id = stringValue(value)
		case "title":
			title = stringValue(value)
		}
	}
	end()
	return ids
}

// stringValue is the TOML string that starts value, or "".
func stringValue(value string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	switch value[0] {
	case '\'':
		if end := strings.IndexByte(value[1:], '\''); end >= 0 {
			return value[1 : 1+end]
		}
	case '"':
		if s, err := strconv.QuotedPrefix(value); err == nil {
			if u, err := strconv.Unquote(s); err == nil {
				return u
			}
		}
	}
	return ""
}
