package render

import (
	"strings"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/timeline"
	"github.com/dateline-ssg/dateline/internal/timelinejs"
)

// What a page's <head> says of it to search engines and social sites:
// a description of its own and schema.org data. Both read only the page's
// data and the site's settings, which its fingerprint covers.

// descriptionSize is about what search results and link previews show.
const descriptionSize = 200

// description is the page's own summary as plain text: an event's or an
// article's summary, a timeline's description, else the site's.
func (r *Renderer) description(ctx pageContext) string {
	var text string
	switch d := ctx.Data.(type) {
	case eventPage:
		text = timelinejs.PlainText(string(r.summaries[d.Event]))
	case articlePage:
		text = timelinejs.PlainText(string(r.intros[d.Article]))
	case timelineData:
		text = d.Description
	}
	if text == "" {
		text = r.site.Config.Description
	}
	return shorten(text, descriptionSize)
}

// shorten cuts s to at most n characters at a word boundary, marking the
// cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if utf8.RuneCountInString(s[:i]) >= n {
			break
		}
		if s[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 {
		cut = len(string([]rune(s)[:n-1]))
	}
	return strings.TrimRight(s[:cut], " ,;:.") + "…"
}

// jsonLD is the schema.org description of the page's subject, or nil:
// an Event on an event page, a NewsArticle on an article page, an
// ItemList on a timeline page. html/template writes it as JSON (through
// encoding/json) with <, > and & escaped, so it stays inert inside its
// <script> whatever the content holds.
func (r *Renderer) jsonLD(ctx pageContext) any {
	switch d := ctx.Data.(type) {
	case eventPage:
		return r.eventLD(d.Event)
	case articlePage:
		return r.articleLD(d.Article, d.Covers)
	case timelineData:
		if d.List.Archived {
			return nil
		}
		items := make([]ldItem, len(d.Events))
		for i, e := range d.Events {
			items[i] = ldItem{Type: "ListItem", Position: i + 1, Name: e.Title, URL: r.absolute(r.link("events", e.ID))}
		}
		return ldList{Context: schemaOrg, Type: "ItemList", Name: d.Title, Items: items}
	}
	return nil
}

const schemaOrg = "https://schema.org"

type ldEvent struct {
	Context     string   `json:"@context"`
	Type        string   `json:"@type"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	StartDate   string   `json:"startDate"`
	EndDate     string   `json:"endDate,omitempty"`
	Status      string   `json:"eventStatus,omitempty"`
	Location    *ldPlace `json:"location,omitempty"`
	URL         string   `json:"url"`
}

type ldPlace struct {
	Type string `json:"@type"`
	Name string `json:"name,omitempty"`
	Geo  *ldGeo `json:"geo,omitempty"`
}

type ldGeo struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type ldArticle struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	Headline      string   `json:"headline"`
	Description   string   `json:"description,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	DateModified  string   `json:"dateModified,omitempty"`
	Author        *ldAgent `json:"author,omitempty"`
	Publisher     *ldAgent `json:"publisher,omitempty"`
	URL           string   `json:"url"`
	About         []ldItem `json:"about,omitempty"`
}

type ldAgent struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldList struct {
	Context string   `json:"@context"`
	Type    string   `json:"@type"`
	Name    string   `json:"name"`
	Items   []ldItem `json:"itemListElement"`
}

type ldItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position,omitempty"`
	Name     string `json:"name"`
	URL      string `json:"url"`
}

func (r *Renderer) eventLD(e *timeline.Event) ldEvent {
	ld := ldEvent{
		Context:     schemaOrg,
		Type:        "Event",
		Name:        e.Title,
		Description: shorten(timelinejs.PlainText(string(r.summaries[e])), descriptionSize),
		StartDate:   e.When.Machine(),
		EndDate:     e.End.Machine(),
		URL:         r.absolute(r.link("events", e.ID)),
	}
	switch e.Status {
	case timeline.Cancelled:
		ld.Status = schemaOrg + "/EventCancelled"
	case "":
	default:
		ld.Status = schemaOrg + "/EventScheduled"
	}
	if e.Place != "" || e.Coordinates != nil {
		ld.Location = &ldPlace{Type: "Place", Name: e.Place}
		if c := e.Coordinates; c != nil {
			ld.Location.Geo = &ldGeo{Type: "GeoCoordinates", Latitude: c.Lat, Longitude: c.Lon}
		}
	}
	return ld
}

func (r *Renderer) articleLD(a *timeline.Article, covers []*timeline.Event) ldArticle {
	ld := ldArticle{
		Context:       schemaOrg,
		Type:          "NewsArticle",
		Headline:      a.Title,
		Description:   shorten(timelinejs.PlainText(string(r.intros[a])), descriptionSize),
		DatePublished: a.Date.Machine(),
		DateModified:  a.Date.Machine(),
		URL:           r.absolute(r.link("articles", a.Slug)),
	}
	if a.Author != "" {
		ld.Author = &ldAgent{Type: "Person", Name: a.Author}
	}
	if a.Source != "" {
		ld.Publisher = &ldAgent{Type: "Organization", Name: a.Source, URL: a.SourceURL}
	}
	for _, e := range covers {
		ld.About = append(ld.About, ldItem{Type: "Event", Name: e.Title, URL: r.absolute(r.link("events", e.ID))})
	}
	return ld
}
