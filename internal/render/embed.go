package render

import (
	"strings"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// embedSize is the most events an embedded timeline lists: a frame on
// another site shows a glimpse, and links to the whole timeline.
const embedSize = 30

// embedData is a timeline as another site frames it: its axis and its
// latest events one line each, with no site navigation.
type embedData struct {
	*timeline.Timeline
	Shown       []*timeline.Event // the latest embedSize, in the timeline's order
	NewestFirst bool
	Page        string // the timeline's own page, below the base path
}

// An embedCode is what a timeline's page offers for framing it elsewhere:
// the embeddable view's address and the <iframe> to paste.
type embedCode struct {
	URL     string
	Snippet string
}

// embedPage is the frameable view of timeline t, whose page is at dir.
func (r *Renderer) embedPage(t *timeline.Timeline, dir string) Page {
	shown := t.Events[max(0, len(t.Events)-embedSize):]
	return Page{URL: dir + "embed/", Template: "embed.html", Title: t.Title, Events: shown,
		data: embedData{Timeline: t, Shown: shown, NewestFirst: t.NewestFirst(), Page: dir}}
}

// embedCodeOf is the <iframe> that frames the embeddable view at dir: its
// address absolute when base_url is, a title naming it for screen readers,
// and a size the view is made for. Written as text for readers to copy,
// so the page escapes it once more.
func (r *Renderer) embedCodeOf(t *timeline.Timeline, dir string) *embedCode {
	u := r.base + escapePath(dir+"embed/")
	src := u
	if r.origin != "" {
		src = r.absolute(u)
	}
	return &embedCode{URL: u, Snippet: `<iframe src="` + attrEscaper.Replace(src) + `" title="` +
		attrEscaper.Replace(t.Title+" · "+r.site.Config.Title) +
		`" width="600" height="500" style="border:1px solid #ccc;max-width:100%" loading="lazy"></iframe>`}
}

// attrEscaper makes text safe in a double-quoted attribute, escaping no
// more than it must, as people read the code it goes into.
var attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;")
