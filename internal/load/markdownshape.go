package load

import (
	"github.com/dateline-ssg/dateline/internal/markdown"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// checkMarkdown reports the Markdown body of the article at p, which starts
// on line bodyLine, when goldmark would take too long on it (see
// markdown.Check), at the line and column where the trouble starts. Load
// checks every text, so that no build or preview stalls on one.
func (l *loader) checkMarkdown(p, body string, bodyLine int) {
	at, msg := markdown.Check(body)
	if msg == "" {
		return
	}
	line, col := lineCol(body, at)
	l.problem(timeline.Pos{Path: p, Line: bodyLine + line - 1, Col: col}, "%s", msg)
}

// checkMarkdownField is checkMarkdown for the Markdown text read from key
// of t, reported at the key: once TOML's escapes are read, an offset in the
// text is no longer one in the file.
func checkMarkdownField(t *table, key, text string) {
	if _, msg := markdown.Check(text); msg != "" {
		t.problem(key, "%s: %s", key, msg)
	}
}
