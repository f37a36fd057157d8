package render

import (
	"hash/maphash"
	"maps"
	"slices"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Feeds of the whole site, such as its calendar and TimelineJS file,
// change with every event, so live preview writes them again after each
// edit. Each is made of one piece of text per event, which depends only on
// the event and on the site's settings: the Memo keeps those pieces, so
// that a rebuild encodes only the events that changed and joins the rest.

// A chunkKey names one event's text in one kind of output. Extra holds
// what else that text reads besides the event and the Renderer's
// settings (a timeline's title, a calendar's stamp).
type chunkKey struct {
	kind     string
	event    *timeline.Event
	settings uint64
	extra    string
}

type chunkEntry struct {
	text  []byte
	round uint64
}

// chunk is the text make gives for e, or the one it gave in the last
// build when nothing it reads has changed. Errors are not kept.
func (r *Renderer) chunk(kind string, e *timeline.Event, extra string, make func() ([]byte, error)) ([]byte, error) {
	m := r.memo
	if m == nil {
		return make()
	}
	key := chunkKey{kind, e, r.chunkSettings(), extra}
	m.mu.Lock()
	c := m.chunks[key]
	if c != nil {
		c.round = m.round
	}
	m.mu.Unlock()
	if c != nil {
		return c.text, nil
	}
	text, err := make()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.chunks[key] = &chunkEntry{text: text, round: m.round}
	m.mu.Unlock()
	return text, nil
}

// chunkSettings hashes the settings an event's text in an output may
// read: the addresses (base path, origin, static files' hashes), the
// zone labels and the Markdown setting behind its summary.
func (r *Renderer) chunkSettings() uint64 {
	r.settingsOnce.Do(func() {
		var h maphash.Hash
		h.SetSeed(seed)
		r.writeAddresses(&h)
		labels := r.site.Config.Labels
		for _, zone := range slices.Sorted(maps.Keys(labels)) {
			writeString(&h, zone)
			writeString(&h, labels[zone])
		}
		if r.site.Config.UnsafeMarkdown {
			writeString(&h, "unsafe")
		}
		r.settings = h.Sum64()
	})
	return r.settings
}
