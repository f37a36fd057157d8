// Package timelinejs moves events between dateline and other timeline tools:
// out to TimelineJS 3, and in from TimelineJS and TimelineSetter.
//
// Out: [FromEvents] makes a TimelineJS 3 timeline
// (https://timeline.knightlab.com/docs/json-format.html) of events, one
// slide each, and [Write] writes it as JSON with encoding/json. Every date
// is given on the event's own wall clock at the precision it was written:
// a year-only date has only a year, a month date a year and month, a day
// no hour, and a time its hour and minute (and second when written). The
// slide's display_date is the wording dateline's pages use ("Tue 2 Sep
// 2025, c. 16:00 Beijing time (UTC+8)", "2011"). TimelineJS puts headlines,
// display dates and text into pages as HTML, so every text of dateline's
// own is escaped for HTML, and json.Marshal escapes <, > and & besides, so
// the JSON can sit inside a <script> element. Each slide also carries a
// "dateline" object, which TimelineJS ignores, holding what its format
// cannot say (the time zone, approximation, when_text, status, sources), so
// that dateline can import its own export without loss of dates.
//
// In: [Import] reads a TimelineJS JSON file, the TimelineJS Google Sheets
// template saved as CSV, or a TimelineSetter CSV, and writes the text of an
// event file in dateline's TOML format. It keeps each date at the precision
// the file gives (a year alone stays "1967"), reads times that name no zone
// on the clocks of one zone it is given, turns groups and series into
// timelines, HTML into Markdown-safe text and media and links into
// sources. It reports every bad row at once, each with its row and column,
// and then gives no text at all.
package timelinejs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// A Timeline is a TimelineJS 3 document.
type Timeline struct {
	Title  *Slide  `json:"title,omitempty"`
	Events []Slide `json:"events"`
}

// A Slide is one event of a timeline, or its title slide (which has no
// dates).
type Slide struct {
	StartDate   *Date       `json:"start_date,omitempty"`
	EndDate     *Date       `json:"end_date,omitempty"`
	DisplayDate string      `json:"display_date,omitempty"`
	Text        *Text       `json:"text,omitempty"`
	Media       *Media      `json:"media,omitempty"`
	Group       string      `json:"group,omitempty"`
	UniqueID    string      `json:"unique_id,omitempty"`
	Background  *Background `json:"background,omitempty"`
	// Dateline is not part of TimelineJS, which ignores it: it keeps what
	// TimelineJS cannot say, for an import back into dateline.
	Dateline *Extension `json:"dateline,omitempty"`
}

// A Date is a TimelineJS date: a year, and as many finer fields as are
// known. A field left nil is unknown, which is how TimelineJS learns a
// date's precision.
type Date struct {
	Year        int    `json:"year"`
	Month       *int   `json:"month,omitempty"`
	Day         *int   `json:"day,omitempty"`
	Hour        *int   `json:"hour,omitempty"`
	Minute      *int   `json:"minute,omitempty"`
	Second      *int   `json:"second,omitempty"`
	Millisecond *int   `json:"millisecond,omitempty"`
	DisplayDate string `json:"display_date,omitempty"`
}

// Text is a slide's headline and body, both HTML.
type Text struct {
	Headline string `json:"headline,omitempty"`
	Text     string `json:"text,omitempty"`
}

// Media is a slide's picture, video or embed.
type Media struct {
	URL       string `json:"url"`
	Caption   string `json:"caption,omitempty"`
	Credit    string `json:"credit,omitempty"`
	Thumbnail string `json:"thumbnail,omitempty"`
	Alt       string `json:"alt,omitempty"`
}

// Background is a slide's background colour or image.
type Background struct {
	URL   string `json:"url,omitempty"`
	Color string `json:"color,omitempty"`
}

// Extension is what a slide carries for dateline beyond TimelineJS's
// format.
type Extension struct {
	TimeZone    string   `json:"time_zone,omitempty"`
	Approximate bool     `json:"approximate,omitempty"`
	WhenText    string   `json:"when_text,omitempty"`
	Status      string   `json:"status,omitempty"`
	Sources     []Source `json:"sources,omitempty"`
	// Image is what the slide's media lacks to be an event's image again
	// on import: its size and whether it is decorative.
	Image *ImageExtension `json:"image,omitempty"`
}

// ImageExtension is the part of an event's image TimelineJS has no field for.
type ImageExtension struct {
	Width      int  `json:"width"`
	Height     int  `json:"height"`
	Decorative bool `json:"decorative,omitempty"`
}

// Source is an event's source as the extension carries it.
type Source struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
	Note string `json:"note,omitempty"`
}

// Write writes t as compact JSON (a site's file may hold thousands of
// slides). <, > and & in strings are written as \u escapes, so the JSON
// is also safe inside an HTML <script> element.
func Write(w io.Writer, t *Timeline) error {
	return json.NewEncoder(w).Encode(t)
}

// EncodeSlide is s as Write writes it, for callers that keep the slides
// of unchanged events between files (see WriteEncoded).
func EncodeSlide(s Slide) ([]byte, error) { return json.Marshal(s) }

// WriteEncoded writes the timeline of title and the slides EncodeSlide
// made, in order: the same bytes as Write of the slides themselves.
func WriteEncoded(w io.Writer, title *Slide, slides [][]byte) error {
	// A site's file may run to megabytes: sized once, copied once.
	size := 64
	for _, s := range slides {
		size += len(s) + 1
	}
	var b bytes.Buffer
	b.Grow(size + 1024)
	b.WriteByte('{')
	if title != nil {
		t, err := json.Marshal(title)
		if err != nil {
			return err
		}
		b.WriteString(`"title":`)
		b.Write(t)
		b.WriteByte(',')
	}
	b.WriteString(`"events":[`)
	for i, s := range slides {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s)
	}
	b.WriteString("]}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// UnmarshalJSON reads a date whose fields are numbers, as TimelineJS
// writes them, or strings of digits, as files made from spreadsheets
// often have them; an empty string is a field not given. Every field that
// is neither is named in the error.
func (d *Date) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return errors.New("a date must be an object like {\"year\": 1967, \"month\": 5}")
	}
	var errs []error
	fields := []struct {
		name string
		to   **int
	}{{"month", &d.Month}, {"day", &d.Day}, {"hour", &d.Hour}, {"minute", &d.Minute}, {"second", &d.Second}, {"millisecond", &d.Millisecond}}
	year, err := number(raw["year"])
	switch {
	case err != nil:
		errs = append(errs, fmt.Errorf("year: %w", err))
	case year == nil:
		errs = append(errs, errors.New("year: missing; every date needs a year"))
	default:
		d.Year = *year
	}
	for _, f := range fields {
		n, err := number(raw[f.name])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.name, err))
		}
		*f.to = n
	}
	if s, ok := raw["display_date"]; ok {
		if err := json.Unmarshal(s, &d.DisplayDate); err != nil {
			errs = append(errs, errors.New("display_date: not a string"))
		}
	}
	return errors.Join(errs...)
}

// number reads one field of a date, nil when it is absent, null or "".
func number(raw json.RawMessage) (*int, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1e9 {
			return nil, fmt.Errorf("%v is not a whole number", v)
		}
		n := int(v)
		return &n, nil
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || len(s) > 10 {
			return nil, fmt.Errorf("%q is not a whole number", v)
		}
		return &n, nil
	}
	return nil, fmt.Errorf("%s is not a number", raw)
}
