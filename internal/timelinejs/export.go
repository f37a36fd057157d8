package timelinejs

import (
	"strings"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// FromEvents makes a TimelineJS timeline of events, in the order given,
// under a title slide of title and description (plain text). labels name
// time zones as the site's pages do. text gives an event's summary as
// HTML (already safe, as the site's pages show it); group the group its
// slide is shown in (the title of its timeline); link the address of its
// page; image the address of its image (absolute where the site's address
// is), called only for an event that has one, and nil for no media at all.
// Headlines, display dates, source names, notes, captions and credits are
// escaped here.
func FromEvents(title, description string, events []*timeline.Event, labels timeline.Labels,
	text, group, link, image func(*timeline.Event) string) *Timeline {
	t := &Timeline{Events: make([]Slide, 0, len(events))}
	t.Title = TitleSlide(title, description)
	for _, e := range events {
		img := ""
		if e.Image != nil && image != nil {
			img = image(e)
		}
		t.Events = append(t.Events, FromEvent(e, labels, text(e), group(e), link(e), img))
	}
	return t
}

// TitleSlide is the title slide of a timeline of title and description
// (plain text), or nil when both are empty.
func TitleSlide(title, description string) *Slide {
	if title == "" && description == "" {
		return nil
	}
	s := &Slide{Text: &Text{Headline: escapeText(title)}}
	if description != "" {
		s.Text.Text = "<p>" + escapeText(description) + "</p>"
	}
	return s
}

// FromEvent is the slide of e, as FromEvents makes it: summary is its
// HTML, group its slide group, link the address of its page and image
// that of its image ("" for none).
func FromEvent(e *timeline.Event, labels timeline.Labels, summary, group, link, image string) Slide {
	s := slide(e, labels, summary, group, link)
	if e.Image != nil && image != "" {
		s.Media, s.Dateline.Image = media(e.Image, image)
	}
	return s
}

func slide(e *timeline.Event, labels timeline.Labels, summary, group, link string) Slide {
	s := Slide{
		StartDate:   date(e.When, e.When.Display(e.Approximate, e.WhenText, labels)),
		DisplayDate: DisplayDate(e, labels),
		Text:        &Text{Headline: escapeText(e.Title), Text: slideText(e, summary, link)},
		Group:       group,
		UniqueID:    e.ID,
		Dateline: &Extension{
			TimeZone:    e.When.Zone,
			Approximate: e.Approximate,
			WhenText:    e.WhenText,
			Status:      string(e.Status),
		},
	}
	if !e.End.IsZero() {
		s.EndDate = date(e.End, e.End.Display(false, "", labels))
	}
	for _, src := range e.Sources {
		s.Dateline.Sources = append(s.Dateline.Sources, Source(src))
	}
	return s
}

// media is a slide's media for img, at the address url, and what the
// extension keeps of it: its size and whether it is decorative, which
// TimelineJS has no field for and Import needs to make it an image again.
// Caption and credit are HTML to TimelineJS; alt is set as plain text.
func media(img *timeline.Image, url string) (*Media, *ImageExtension) {
	m := &Media{URL: url, Caption: escapeText(img.Caption), Credit: escapeText(img.Credit), Alt: img.Alt}
	return m, &ImageExtension{Width: img.Width, Height: img.Height, Decorative: img.Decorative}
}

// DisplayDate is an event's date as dateline's pages word it: its start
// ("Tue 2 Sep 2025, c. 16:00 Beijing time (UTC+8)", "2011", or with
// when_text "Tue 2 Sep 2025, at dawn"), and for a range its end and how
// long it lasts ("Mon 1 Sep 2025 – Wed 3 Sep 2025 (3 days)").
func DisplayDate(e *timeline.Event, labels timeline.Labels) string {
	s := e.When.Display(e.Approximate, e.WhenText, labels)
	if !e.End.IsZero() {
		s += " – " + e.End.Display(false, "", labels) + " (" + timeline.Duration(e.When, e.End) + ")"
	}
	return escapeText(s)
}

// date gives d on its own wall clock (Start is in the location it was
// written in) with the fields its precision knows.
func date(d timeline.Date, display string) *Date {
	t := d.Start
	out := &Date{Year: t.Year(), DisplayDate: escapeText(display)}
	num := func(n int) *int { return &n }
	if d.Precision >= timeline.Month {
		out.Month = num(int(t.Month()))
	}
	if d.Precision >= timeline.Day {
		out.Day = num(t.Day())
	}
	if d.Precision >= timeline.Minute {
		out.Hour, out.Minute = num(t.Hour()), num(t.Minute())
	}
	if d.Precision >= timeline.Second {
		out.Second = num(t.Second())
	}
	return out
}

// slideText is the summary, then a link to the event's page and its
// sources, so that a reader of the TimelineJS timeline can check them.
// They are in an element of the class linksClass, which Import leaves out:
// the sources come back from the extension, and the link leads to the page
// the event is imported from.
func slideText(e *timeline.Event, summary, link string) string {
	var b strings.Builder
	b.WriteString(summary)
	if len(e.Sources) == 0 && link == "" {
		return b.String()
	}
	b.WriteString(`<div class="` + linksClass + `">`)
	if len(e.Sources) > 0 {
		b.WriteString("<p>Sources: ")
		for i, src := range e.Sources {
			if i > 0 {
				b.WriteString("; ")
			}
			name := escapeText(src.Name)
			if src.URL != "" {
				name = `<a href="` + escapeAttr(src.URL) + `">` + name + `</a>`
			}
			b.WriteString(name)
			if src.Note != "" {
				b.WriteString(" (" + escapeText(src.Note) + ")")
			}
		}
		b.WriteString("</p>")
	}
	if link != "" {
		b.WriteString(`<p><a href="` + escapeAttr(link) + `">This event on its own page</a></p>`)
	}
	b.WriteString("</div>")
	return b.String()
}

// linksClass marks the part of a slide's text that FromEvents adds.
const linksClass = "dateline-links"

// escapeText makes s inert as HTML text. Quotes are left alone: they mean
// nothing between tags, and a headline shown as text should read "Kim's".
var escapeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// escapeAttr makes s safe inside a double-quoted attribute.
var escapeAttr = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace
