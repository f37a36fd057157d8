// Package ical writes iCalendar files (RFC 5545) for publishing events.
//
// What it promises:
//   - Write emits one VCALENDAR with VERSION:2.0, PRODID, CALSCALE:GREGORIAN
//     and METHOD:PUBLISH, the calendar's name as both NAME (RFC 7986) and
//     X-WR-CALNAME, then a VTIMEZONE per zone used, then the events in the
//     order given.
//   - Every line ends in CRLF and is folded at 75 octets, never inside a
//     UTF-8 sequence; continuation lines start with one space.
//   - TEXT values escape backslash, semicolon, comma and newlines (CRLF, CR
//     and LF all become \n); control characters other than tab are dropped,
//     U+FFFE and U+FFFF are dropped and invalid UTF-8 becomes U+FFFD, so any
//     input text gives a valid file.
//   - Times: DTSTAMP and LAST-MODIFIED in UTC. A timed event with a nil or
//     UTC Zone is written in UTC ("Z"); with another zone it is written as
//     local time with TZID=<zone name>, and the calendar carries a VTIMEZONE
//     for that zone whose observances are the zone's real transitions over
//     the span of the events that use it. A local time that occurs twice
//     (when clocks go back) means its first occurrence in iCalendar, so an
//     instant in the second occurrence is written in UTC instead.
//   - All-day events are written as DATE values: each of Start and End is
//     read as a calendar date in its own location, and End is exclusive
//     (the day after the last day). Zone is ignored for them.
//   - A zero End writes no DTEND (a timed event is then an instant, an
//     all-day event one day long).
//   - Invalid input is refused before anything is written, with an error
//     naming the event: a missing UID, Start or Stamp (and a calendar
//     without PRODID), an End not after
//     Start, an unknown Status, a negative Sequence, a Geo off the globe, a
//     Zone that is time.Local or has no IANA-style name, or a year outside
//     0000-9999.
//
// The package knows nothing of dateline's model: it takes plain structs.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Calendar is one VCALENDAR.
type Calendar struct {
	ProdID string
	// Name is written as X-WR-CALNAME and NAME.
	Name   string
	Events []Event
}

// Event is one VEVENT.
type Event struct {
	UID string
	// Stamp is DTSTAMP, written in UTC.
	Stamp      time.Time
	Start, End time.Time
	// AllDay writes DATE values; End is exclusive (the day after the last).
	AllDay bool
	// Zone nil or UTC writes times in UTC; another zone writes
	// TZID=<Zone.String()> local times and a VTIMEZONE.
	Zone                           *time.Location
	Summary, Description, Location string
	// Geo is latitude, longitude in degrees.
	Geo *[2]float64
	URL string
	// Status is "TENTATIVE", "CONFIRMED", "CANCELLED" or "".
	Status       string
	Sequence     int
	LastModified time.Time

	// Text, when not nil, is the event as Encode wrote it, which Write
	// uses instead of writing the event again: a caller that keeps the
	// text of unchanged events between calendars need not encode them
	// anew. The other fields still give the zones the calendar describes.
	Text []byte
}

// Encode validates e and writes it as its VEVENT lines.
func Encode(e *Event) ([]byte, error) {
	if err := validateEvent(e); err != nil {
		return nil, fmt.Errorf("ical: event UID %q, summary %q: %w", e.UID, e.Summary, err)
	}
	var b bytes.Buffer
	writeEvent(&b, e)
	return b.Bytes(), nil
}

const (
	utcLayout   = "20060102T150405Z"
	localLayout = "20060102T150405"
	dateLayout  = "20060102"
)

// Write validates c and writes it to w. Nothing is written when validation
// fails; the whole file is written with one call to w.Write.
func Write(w io.Writer, c *Calendar) error {
	if c == nil {
		return errors.New("ical: nil calendar")
	}
	if err := validate(c); err != nil {
		return err
	}
	var b bytes.Buffer
	b.Grow(sizeHint(c))
	writeCalendar(&b, c)
	_, err := w.Write(b.Bytes())
	return err
}

// sizeHint is about the size of c written, so that a calendar of
// thousands of events is written into one buffer, not copied from one
// outgrown buffer to the next.
func sizeHint(c *Calendar) int {
	size := 4096
	for i := range c.Events {
		if t := c.Events[i].Text; t != nil {
			size += len(t)
		} else {
			size += 512
		}
	}
	return size
}

func writeCalendar(b *bytes.Buffer, c *Calendar) {
	line(b, "BEGIN:VCALENDAR")
	line(b, "VERSION:2.0")
	line(b, "PRODID:"+escapeText(c.ProdID))
	line(b, "CALSCALE:GREGORIAN")
	line(b, "METHOD:PUBLISH")
	if name := escapeText(c.Name); name != "" {
		line(b, "NAME:"+name)
		line(b, "X-WR-CALNAME:"+name)
	}
	for _, z := range zonesUsed(c.Events) {
		writeTimezone(b, z)
	}
	for i := range c.Events {
		if c.Events[i].Text != nil {
			b.Write(c.Events[i].Text)
			continue
		}
		writeEvent(b, &c.Events[i])
	}
	line(b, "END:VCALENDAR")
}

func writeEvent(b *bytes.Buffer, e *Event) {
	line(b, "BEGIN:VEVENT")
	line(b, "UID:"+escapeText(e.UID))
	line(b, "DTSTAMP:"+e.Stamp.UTC().Format(utcLayout))
	line(b, dateTime("DTSTART", e.Start, e))
	if !e.End.IsZero() {
		line(b, dateTime("DTEND", e.End, e))
	}
	textProp(b, "SUMMARY", e.Summary)
	textProp(b, "DESCRIPTION", e.Description)
	textProp(b, "LOCATION", e.Location)
	if e.Geo != nil {
		line(b, "GEO:"+float(e.Geo[0])+";"+float(e.Geo[1]))
	}
	if u := uri(e.URL); u != "" {
		line(b, "URL:"+u)
	}
	if e.Status != "" {
		line(b, "STATUS:"+e.Status)
	}
	if e.Sequence > 0 {
		line(b, "SEQUENCE:"+strconv.Itoa(e.Sequence))
	}
	if !e.LastModified.IsZero() {
		line(b, "LAST-MODIFIED:"+e.LastModified.UTC().Format(utcLayout))
	}
	line(b, "END:VEVENT")
}

// textProp writes an optional TEXT property, skipping one left empty once
// cleaned so that hostile input cannot produce an empty property.
func textProp(b *bytes.Buffer, name, value string) {
	if v := escapeText(value); v != "" {
		line(b, name+":"+v)
	}
}

// dateTime writes DTSTART or DTEND in the form the event asks for.
func dateTime(name string, t time.Time, e *Event) string {
	switch {
	case e.AllDay:
		return name + ";VALUE=DATE:" + t.Format(dateLayout)
	case isUTC(e.Zone) || repeatedLocalTime(t.In(e.Zone)):
		return name + ":" + t.UTC().Format(utcLayout)
	default:
		return name + ";TZID=" + e.Zone.String() + ":" + t.In(e.Zone).Format(localLayout)
	}
}

func isUTC(z *time.Location) bool {
	return z == nil || z == time.UTC || z.String() == "UTC"
}

// float writes an RFC 5545 FLOAT: digits and a point, never an exponent.
func float(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func validate(c *Calendar) error {
	if escapeText(c.ProdID) == "" {
		return errors.New("ical: calendar has no PRODID")
	}
	for i := range c.Events {
		e := &c.Events[i]
		if e.Text != nil {
			continue // validated by Encode
		}
		if err := validateEvent(e); err != nil {
			return fmt.Errorf("ical: event %d (UID %q, summary %q): %w", i, e.UID, e.Summary, err)
		}
	}
	return nil
}

func validateEvent(e *Event) error {
	if escapeText(e.UID) == "" {
		return errors.New("no UID")
	}
	if e.Start.IsZero() {
		return errors.New("no start")
	}
	if e.Stamp.IsZero() {
		return errors.New("no stamp (DTSTAMP)")
	}
	for _, t := range []time.Time{e.Start, e.End, e.Stamp, e.LastModified} {
		if y := t.Year(); !t.IsZero() && (y < 0 || y > 9999) {
			return fmt.Errorf("year %d cannot be written", y)
		}
	}
	if err := validateEnd(e); err != nil {
		return err
	}
	if err := validateZone(e); err != nil {
		return err
	}
	switch e.Status {
	case "", "TENTATIVE", "CONFIRMED", "CANCELLED":
	default:
		return fmt.Errorf("status %q is not TENTATIVE, CONFIRMED or CANCELLED", e.Status)
	}
	if e.Sequence < 0 {
		return fmt.Errorf("negative sequence %d", e.Sequence)
	}
	return validateGeo(e.Geo)
}

// validateEnd requires DTEND after DTSTART, as RFC 5545 3.6.1 does.
func validateEnd(e *Event) error {
	if e.End.IsZero() {
		return nil
	}
	if e.AllDay {
		if e.End.Format(dateLayout) <= e.Start.Format(dateLayout) {
			return errors.New("all-day end is not after the start day (End is exclusive: the day after the last day)")
		}
		return nil
	}
	if !e.End.After(e.Start) {
		return errors.New("end is not after start")
	}
	return nil
}

func validateZone(e *Event) error {
	if e.AllDay || isUTC(e.Zone) {
		return nil
	}
	name := e.Zone.String()
	if name == "Local" {
		return errors.New("zone is time.Local, which has no IANA name; load the zone by name")
	}
	// IANA names use only these characters; anything else would need quoting
	// in the TZID parameter and is not a zone a calendar client can know.
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '/' || r == '_' || r == '-' || r == '+' || r == '.') {
			return fmt.Errorf("zone name %q is not an IANA-style name", name)
		}
	}
	return nil
}

func validateGeo(g *[2]float64) error {
	if g == nil {
		return nil
	}
	lat, lon := g[0], g[1]
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return fmt.Errorf("geo %v,%v is not a latitude and longitude", lat, lon)
	}
	return nil
}
