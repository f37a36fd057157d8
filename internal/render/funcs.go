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
		"home": func() string { return r.base },
		"url":  r.link,
		// absURL is a page's absolute address, or "" when base_url has no
		// origin: a canonical link must be absolute to mean anything.
		"absURL": func(p Page) string {
			if r.origin == "" {
				return ""
			}
			return r.absolute(r.base + escapePath(p.URL))
		},
		"asset":      r.asset,
		"imageURL":   r.imageURL,
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
		// whenInDay and endInDay are an event's start and end as a list
		// shows them under its day heading: without the date the heading
		// gives (timeline.Date.UnderHeading).
		"whenInDay": func(e *timeline.Event) string {
			return e.When.UnderHeading(e.Approximate, e.WhenText, r.site.Config.Labels)
		},
		"endInDay": r.endInDay,
		"duration": func(e *timeline.Event) string {
			if e.End.IsZero() {
				return ""
			}
			return timeline.Duration(e.When, e.End)
		},
		"days": timeline.Days,
		"list": func(events []*timeline.Event, nested bool) listData { return listData{Events: events, Nested: nested} },
		"lines": func(events []*timeline.Event, nested bool) listData {
			return listData{Events: events, Nested: nested, Compact: true}
		},
		"placed": placed,
		// newestFirst, indexed and inTimeline set how the "days" partial
		// shows a list: newest first, under an index of its dates, or as
		// a timeline's section of a page of several lists.
		"newestFirst": func(l listData, newest bool) listData { l.Newest = newest; return l },
		"indexed":     func(l listData) listData { l.Index = true; return l },
		"inTimeline": func(l listData, t *timeline.Timeline) listData {
			l.Scope, l.Name, l.Newest, l.Index = t.ID, t.Title, t.NewestFirst(), true
			return l
		},
		"daysOf": daysOf,
		"jump":   jumpIndex,
		"jumpNav": func(periods []jumpPeriod, name string) jumpNav {
			label := "Jump to a date"
			if name != "" {
				label += ": " + name
			}
			return jumpNav{Label: label, Periods: periods}
		},
		"slugs":       r.slugs,
		"filters":     r.filtersOf,
		"statusURL":   func(s timeline.Status) string { return r.link("status", string(s)) },
		"card":        func(e *timeline.Event, nested bool) cardData { return cardData{Event: e, Nested: nested} },
		"cardIn":      cardIn,
		"add":         func(a, b int) int { return a + b },
		"mapURL":      mapURL,
		"coordinates": formatCoordinates,
		"cached":      r.cached,
		"description": r.description,
		"jsonLD":      r.jsonLD,
		"timeAxis":    r.axisOf,
		"pageImage":   pageImage,
		"imageAbsURL": r.imageAbsURL,
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
	// Place and Again are for a page that lists an event more than once
	// (the home page, where an event may be on several timelines): the
	// cards of the events whose ids are in Again, which an earlier list on
	// the page shows too, take ids qualified by Place, a timeline's id.
	Place string
	Again map[string]bool
	// Newest lists the events newest first (timeline.NewestDays).
	Newest bool
	// Index puts an index of the list's dates above it.
	Index bool
	// Scope, when not empty, qualifies the ids of the list's day
	// headings, and Name labels its index, on a page of several lists
	// (the home page: a timeline's id and title).
	Scope, Name string
}

// placed is l as a page shows it beside other lists: its cards of the
// events whose ids are in again take ids qualified by place (see cardData).
func placed(l listData, place string, again map[string]bool) listData {
	l.Place, l.Again = place, again
	return l
}

// cardIn is e's card in list l, its id qualified when l shows it again.
// One call a card, rather than the template looking the event up itself,
// as a build makes tens of thousands of cards.
func cardIn(e *timeline.Event, l listData) cardData {
	c := cardData{Event: e, Nested: l.Nested}
	if l.Again[e.ID] {
		c.Place = l.Place
	}
	return c
}

// cardData is one event for the "event-card" partial.
type cardData struct {
	Event  *timeline.Event
	Nested bool
	// Place, when not empty, qualifies the card's id: a page shows the
	// event in more than one place, and an id must name one element.
	// The first place keeps "event-<id>", so that a link to the event on
	// the page finds it; the others are "<place>_event-<id>", "_" being
	// in neither event nor timeline ids, so no two ids can meet.
	Place string
}

// endInDay is the end of e as a list shows it under the day heading of
// its start: only the time, and nothing for a day, when it ends on that
// day; in full when it ends on another.
func (r *Renderer) endInDay(e *timeline.Event) string {
	if e.End.IsZero() {
		return ""
	}
	if e.End.DayKey() == e.When.DayKey() {
		return e.End.UnderHeading(false, "", r.site.Config.Labels)
	}
	return e.End.Display(false, "", r.site.Config.Labels)
}

func (r *Renderer) asset(name string) string {
	if u, ok := r.assets[name]; ok {
		return u
	}
	return r.base + escapePath(name)
}

// imageURL is the address an image is fetched from. A site's own image
// goes through asset, as other static files do: below the base path,
// escaped, and with its content's hash, so that a replaced image is not
// taken from a stale cache. A remote one is its https URL, as load
// checked it.
func (r *Renderer) imageURL(img *timeline.Image) string {
	if img.Remote() {
		return img.Src
	}
	return r.asset(img.Src)
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
