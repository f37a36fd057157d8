package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/dateline-ssg/dateline/internal/render"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// slowNotice names, on w, each file whose Markdown is still rendering
// after render.SlowAfter, so that no text stalls a build without a word.
func slowNotice(w io.Writer) func(path string) {
	var mu sync.Mutex // notices come from timers, alongside each other
	return func(p string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "dateline: still rendering %s after %d s\n", timeline.Printable(p), int(render.SlowAfter/time.Second))
	}
}
