package render

import (
	"fmt"
	"html/template"
	"strconv"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// funcs are the template functions. None of them marks text as safe HTML
// except summary, body and intro, which return package markdown's output,
// and cached, which returns a partial's html/template output (cached.go).
// Each reads only its arguments and what every page reads (the base path,
// the static files, the Markdown settings), so a page's fingerprint covers
// what they return.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"home":       func() string { return r.base },
		"url":        r.link,
		"absURL":     func(p Page) string { return r.absolute(r.base + escapePath(p.URL)) },
		"asset":      r.asset,
		"eventURL":   func(e *timeline.Event) string { return r.link("events", e.ID) },
		"articleURL": func(a *timeline.Article) string { return r.link("articles", a.Slug) },
		"listURL":    func(l eventList) string { return r.base + escapePath(l.URL) },
		"pathURL":    func(p string) string { return r.base + escapePath(p) },
		"tagURL":     func(name string) string { return r.link("tags", timeline.Slugify(name)) },
		"personURL":  func(name string) string { return r.link("people", timeline.Slugify(name)) },
		"summary":    r.Summary,
		"body":       r.Body,
		"intro":      func(a *timeline.Article) template.HTML { return r.intros[a] },
		"when": func(e *timeline.Event) string {
			return e.When.Display(e.Approximate, e.WhenText, r.site.Config.Labels)
		},
		"date": func(d timeline.Date) string { return d.Display(false, "", r.site.Config.Labels) },
		"duration": func(e *timeline.Event) string {
			if e.End.IsZero() {
				return ""
			}
			return timeline.Duration(e.When, e.End)
		},
		"days":        timeline.Days,
		"list":        func(events []*timeline.Event, nested bool) listData { return listData{events, nested, false} },
		"lines":       func(events []*timeline.Event, nested bool) listData { return listData{events, nested, true} },
		"card":        func(e *timeline.Event, nested bool) cardData { return cardData{e, nested} },
		"add":         func(a, b int) int { return a + b },
		"mapURL":      mapURL,
		"coordinates": formatCoordinates,
		"cached":      r.cached,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
}

// listData is a list of events for the "days" partial; nested lists sit one
// heading level deeper.
type listData struct {
	Events  []*timeline.Event
	Nested  bool
	Compact bool // one line an event instead of a card
}

// cardData is one event for the "event-card" partial.
type cardData struct {
	Event  *timeline.Event
	Nested bool
}

func (r *Renderer) asset(name string) string {
	if u, ok := r.assets[name]; ok {
		return u
	}
	return r.base + escapePath(name)
}

// mapURL links to the point on OpenStreetMap; a link, not an embedded map,
// so the page itself requests nothing from another host.
func mapURL(c *timeline.Coordinates) string {
	lat, lon := strconv.FormatFloat(c.Lat, 'f', -1, 64), strconv.FormatFloat(c.Lon, 'f', -1, 64)
	return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=14/" + lat + "/" + lon
}

func formatCoordinates(c *timeline.Coordinates) string {
	ns, ew := "N", "E"
	lat, lon := c.Lat, c.Lon
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("%.4f° %s, %.4f° %s", lat, ns, lon, ew)
}
