package render

import (
	"strings"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/timeline"
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
		text = r.summaryText[d.Event]
	case articlePage:
		text = r.introText[d.Article]
	case timelineData:
		text = d.Description
	case embedData:
		text = d.Description
	}
	if text == "" {
		text = r.site.Config.Description
	}
	return shorten(text, descriptionSize)
}

// pageImage is the picture that stands for the page in link previews
// (og:image): an event's or an article's image on its own page, or nil.
func pageImage(ctx pageContext) *timeline.Image {
	switch d := ctx.Data.(type) {
	case eventPage:
		return d.Event.Image
	case articlePage:
		return d.Article.Image
	}
	return nil
}

// imageAbsURL is img's address as a link preview needs it: absolute when
// base_url has an origin; else the path, the best the site can say.
func (r *Renderer) imageAbsURL(img *timeline.Image) string {
	if img.Remote() || r.origin == "" {
		return r.imageURL(img)
	}
	return r.origin + r.imageURL(img)
}

// shorten cuts s to at most n characters at a word boundary, marking the
// cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	space, last, count := 0, 0, 0
	for i := range s {
		if count == n-1 {
			last = i
			break
		}
		if s[i] == ' ' {
			space = i
		}
		count++
	}
	if space == 0 {
		space = last // one long word: cut inside it
	}
	return strings.TrimRight(s[:space], " ,;:.") + "…"
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
	Image       string   `json:"image,omitempty"`
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
	Image         string   `json:"image,omitempty"`
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
		Description: shorten(r.summaryText[e], descriptionSize),
		StartDate:   e.When.Machine(),
		EndDate:     e.End.Machine(),
		URL:         r.absolute(r.link("events", e.ID)),
	}
	if e.Image != nil {
		ld.Image = r.imageAbsURL(e.Image)
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
		Description:   shorten(r.introText[a], descriptionSize),
		DatePublished: a.Date.Machine(),
		DateModified:  a.Date.Machine(),
		URL:           r.absolute(r.link("articles", a.Slug)),
	}
	if a.Image != nil {
		ld.Image = r.imageAbsURL(a.Image)
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
