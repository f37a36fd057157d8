package render

import (
	"html/template"
	"time"
)

// SlowAfter is how long one Markdown text may take to render before
// Options.Slow hears of it. Load refuses the texts goldmark is known to be
// slow on (markdown.Check), so this is for whatever shape is not known yet:
// no text should stall a build or a preview without its file being named.
const SlowAfter = 5 * time.Second

// afterFunc starts a timer that calls f after d, unless stopped first.
type afterFunc func(d time.Duration, f func()) (stop func() bool)

func startTimer(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// convert renders src, a Markdown text of the file at path, as a block or
// inline, calling r.slow with the path if it takes longer than SlowAfter.
func (r *Renderer) convert(path, src string, inline bool) (template.HTML, error) {
	if r.slow != nil {
		stop := r.after(SlowAfter, func() { r.slow(path) })
		defer stop()
	}
	if inline {
		return r.md.Inline(src)
	}
	return r.md.Render(src)
}
