package sitegen

import (
	"fmt"
	"strings"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Spec says how big a generated site is. Generate writes it; EventData and
// ArticleData give any one item without writing anything, for tools that
// write the same content in another generator's format.
type Spec struct {
	Events    int
	Articles  int // each reports 2–4 events (none when Events is 0)
	Timelines int // 0 means len(Timelines)
}

// NewSpec is the usual shape of a site: events/2 articles over five timelines.
func NewSpec(events int) Spec {
	return Spec{Events: events, Articles: events / 2, Timelines: len(Timelines)}
}

// FilesPerFolder caps how many files Generate puts in one folder, as a site
// author would, and as file systems and editors prefer.
const FilesPerFolder = 1000

// Kinds of item, each seeding its own random stream.
const (
	eventKind = iota + 1
	articleKind
)

// A Moment is a date as an author writes it in an event or front matter.
type Moment struct {
	Year, Month, Day, Hour, Minute, Second int
	Precision                              timeline.Precision
	// Offset, such as "+05:30", is written after the time; "" means the
	// wall clock of the event's zone (or the site's).
	Offset string
	// Native writes a TOML datetime, with seconds, rather than a string;
	// only for Minute precision or finer.
	Native bool
}

// TOML is the moment as a TOML value.
func (m Moment) TOML() string {
	if m.Native {
		return m.text()
	}
	return `"` + m.text() + `"`
}

func (m Moment) text() string {
	s := fmt.Sprintf("%04d", m.Year)
	if m.Precision >= timeline.Month {
		s += fmt.Sprintf("-%02d", m.Month)
	}
	if m.Precision >= timeline.Day {
		s += fmt.Sprintf("-%02d", m.Day)
	}
	if m.Precision >= timeline.Minute {
		s += fmt.Sprintf("T%02d:%02d", m.Hour, m.Minute)
	}
	if m.Precision >= timeline.Second || m.Native {
		s += fmt.Sprintf(":%02d", m.Second)
	}
	return s + m.Offset
}

// Time is the first instant the moment denotes, reading its wall clock in
// loc unless it carries an offset.
func (m Moment) Time(loc *time.Location) time.Time {
	if m.Offset != "" {
		// Every generated offset parses; the parsed time's location holds it.
		at, _ := time.Parse("Z07:00", m.Offset)
		loc = at.Location()
	}
	// Fields finer than the precision are not written, so they do not count.
	kept := func(p timeline.Precision, v, unset int) int {
		if m.Precision >= p || m.Native {
			return v
		}
		return unset
	}
	return time.Date(m.Year, time.Month(kept(timeline.Month, m.Month, 1)), kept(timeline.Day, m.Day, 1),
		kept(timeline.Minute, m.Hour, 0), kept(timeline.Minute, m.Minute, 0), kept(timeline.Second, m.Second, 0), 0, loc)
}

// Source names who vouches for an event.
type Source struct{ Name, URL, Note string }

// EventData is one generated event, field by field as its TOML has it.
type EventData struct {
	ID, Title, Summary string
	When               Moment
	End                *Moment
	TimeZone           string // IANA name, or "" for the site's
	Approximate        bool
	WhenText           string
	Place              string
	Coordinates        *[2]float64
	Timelines          []string
	Status             string
	Sources            []Source
	People, Tags       []string
	Articles           []string // slugs, for the links written on the event's side
}

// ArticleData is one generated article.
type ArticleData struct {
	Slug, Title, Author, Source, SourceURL, Summary string
	Date                                            Moment
	Tags, Events                                    []string
	Draft                                           bool
	Body                                            string
}

// TimelineIDs are the IDs of the spec's timelines: those of Timelines
// first, then numbered ones.
func (s Spec) TimelineIDs() []string {
	n := s.Timelines
	if n <= 0 {
		n = len(Timelines)
	}
	ids := make([]string, n)
	for i := range ids {
		if i < len(Timelines) {
			ids[i] = Timelines[i]
		} else {
			ids[i] = fmt.Sprintf("timeline-%d", i+1)
		}
	}
	return ids
}

// zones are the IANA zones some events are written in, with the label the
// site gives each. Times are generated between 08:00 and 23:00, when no
// daylight-saving change skips an hour.
var zones = []struct{ name, label string }{
	{"Asia/Tokyo", "Tokyo time"}, {"Europe/Paris", "Paris time"}, {"America/New_York", "New York time"},
	{"Asia/Kolkata", "India time"}, {"Australia/Sydney", "Sydney time"}, {"Africa/Lagos", ""},
	{"America/Sao_Paulo", ""}, {"Asia/Shanghai", "Beijing time"}, {"Europe/London", "London time"},
}

// offsets are the fixed offsets some zoneless events carry.
var offsets = []string{"Z", "+01:00", "-05:00", "+05:30", "+09:00", "-03:00"}

var (
	statuses = []string{"", "confirmed", "confirmed", "confirmed", "reported", "reported", "claimed", "expected", "speculated", "cancelled"}
	whenText = []string{"in the morning", "around noon", "late in the evening", "overnight", "at dawn"}
	authors  = []string{"Staff reporter", "Amara Okafor", "Desk editor", "Hiroshi Tanabe", "Foreign desk", "Lucía Ferreira"}
)

// EventData generates event i of the spec.
func (s Spec) EventData(i int) EventData {
	p := newProse(eventKind, i)
	place := genPlaces[p.r.IntN(len(genPlaces))]
	e := EventData{
		ID:      EventID(i),
		Title:   fmt.Sprintf("%s: %s says %s %s %s", place.name, capitalize(p.pick(orgs)), p.pick(topics), p.pick(modals), p.pick(outcomes)),
		Summary: p.summary(),
		Status:  statuses[p.r.IntN(len(statuses))],
	}
	if p.chance(1, 3) {
		e.TimeZone = zones[p.r.IntN(len(zones))].name
	}
	e.When, e.End = p.dates(e.TimeZone != "")
	switch {
	case e.When.Precision == timeline.Minute && p.chance(1, 6):
		e.Approximate = true
	case e.When.Precision == timeline.Day && p.chance(1, 6):
		e.WhenText = p.pick(whenText)
	}
	if p.chance(4, 5) {
		e.Place = place.name
		if p.chance(1, 2) {
			e.Coordinates = &[2]float64{place.lat, place.lon}
		}
	}
	ids := s.TimelineIDs()
	e.Timelines = []string{ids[i%len(ids)]}
	if len(ids) > 1 && i%10 == 0 {
		e.Timelines = append(e.Timelines, ids[(i+1)%len(ids)])
	}
	for range p.between(1, 3) {
		name := p.pick(outlets)
		e.Sources = append(e.Sources, Source{Name: name, URL: p.urlAt(name), Note: p.pick([]string{"", "report", "statement", "interview"})})
	}
	e.People = p.distinct(genPeople, p.between(0, 3))
	e.Tags = p.distinct(genTags, p.between(1, 4))
	if s.Articles > 0 && i%25 == 0 {
		e.Articles = []string{ArticleSlug(i / 2 % s.Articles)}
	}
	return e
}

// dates picks when an event happened, at a precision drawn from a realistic
// mix, and sometimes when it ended. Offsets go only on events without a
// zone of their own, with which they would have to agree.
func (p prose) dates(zoned bool) (Moment, *Moment) {
	m := Moment{Year: p.between(1990, 2025), Month: p.between(1, 12), Day: p.between(1, 28), Hour: p.between(8, 18), Minute: p.r.IntN(60)}
	switch n := p.r.IntN(20); {
	case n < 1:
		m.Precision = timeline.Year
	case n < 3:
		m.Precision = timeline.Month
	case n < 10:
		m.Precision = timeline.Day
	case n < 16:
		m.Precision = timeline.Minute
	case n < 18:
		m.Precision, m.Second = timeline.Second, p.between(1, 59)
	default:
		m.Precision, m.Native = timeline.Minute, true
	}
	if !zoned && m.Precision >= timeline.Minute && p.chance(1, 2) {
		m.Offset = p.pick(offsets)
	}
	if p.chance(3, 4) {
		return m, nil
	}
	end := m
	end.Native = false
	switch m.Precision {
	case timeline.Month:
		end.Month = min(12, m.Month+p.between(1, 3))
	case timeline.Day:
		end.Day = min(28, m.Day+p.between(1, 5))
	case timeline.Minute, timeline.Second:
		end.Hour = m.Hour + p.between(1, 4)
	default:
		return m, nil
	}
	return m, &end
}

// distinct picks n different items of list.
func (p prose) distinct(list []string, n int) []string {
	out := make([]string, 0, n)
	for _, k := range p.r.Perm(len(list))[:min(n, len(list))] {
		out = append(out, list[k])
	}
	return out
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// ArticleSlug is article j's slug, its file name without ".md": a few
// words of its topic and its number.
func ArticleSlug(j int) string {
	words := strings.Fields(strings.ReplaceAll(topics[j%len(topics)], "'", ""))
	return fmt.Sprintf("%s-%d", strings.Join(words, "-"), j)
}

// ArticleData generates article j of the spec.
func (s Spec) ArticleData(j int) ArticleData {
	p := newProse(articleKind, j)
	topic := topics[j%len(topics)]
	a := ArticleData{
		Slug:    ArticleSlug(j),
		Title:   fmt.Sprintf("Why %s %s %s", topic, p.pick(modals), p.pick(outcomes)),
		Author:  p.pick(authors),
		Source:  p.pick(outlets),
		Summary: p.sentence() + " " + p.sentence(),
		Tags:    p.distinct(genTags, p.between(1, 3)),
		Draft:   j%50 == 49,
		Body:    p.articleBody(),
	}
	a.SourceURL = p.urlAt(a.Source)
	a.Date = Moment{Year: p.between(1990, 2025), Month: p.between(1, 12), Day: p.between(1, 28), Hour: p.between(6, 22), Minute: p.r.IntN(60),
		Precision: timeline.Minute, Native: true, Offset: p.pick(offsets)}
	if s.Events > 0 {
		// A few events close together in number, as a story follows one
		// thread; distinct offsets give distinct events.
		first := p.r.IntN(s.Events)
		for _, k := range p.r.Perm(min(s.Events, 40))[:min(s.Events, p.between(2, 4))] {
			a.Events = append(a.Events, EventID((first+k)%s.Events))
		}
	}
	return a
}
