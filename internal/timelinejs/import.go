package timelinejs

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Format is a kind of file Import reads.
type Format int

// The formats Import reads.
const (
	JSON   Format = iota + 1 // TimelineJS JSON
	Sheet                    // the TimelineJS Google Sheets template, saved as CSV
	Setter                   // TimelineSetter CSV
)

// Options say how Import files the events it reads.
type Options struct {
	File string // the input's name, as messages show it ("events.csv")
	// Timeline, when set, is the timeline of every event; else each event
	// goes on the timeline of its group (series), and one without on
	// Default.
	Timeline string
	Default  timeline.TimelineDef
	// Zone is the IANA zone whose clocks dates that name none are read on.
	Zone   string
	Config timeline.Config      // the site's: its timelines and zone labels
	Taken  func(id string) bool // reports an event id already used in the site
}

// Result is an imported event file.
type Result struct {
	TOML  []byte
	IDs   []string               // of the events, in the file's order
	Added []timeline.TimelineDef // timelines the events are on that site.toml does not declare
	Zoned int                    // events dated on the clocks of Options.Zone, having no zone of their own
	Notes []string               // what was left out or changed, each starting with where
}

// A Problem is one mistake in the file, at its row (or slide) and column
// (or field).
type Problem struct {
	File, Where, Field, Msg string
}

func (p Problem) Error() string {
	s := p.File + ":" + p.Where + ": "
	if p.Field != "" {
		s += p.Field + ": "
	}
	return s + p.Msg
}

// Problems are all the mistakes of one file.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Import reads data in format and writes it as a dateline event file. It
// returns every problem of the file, and then no result.
func Import(format Format, data []byte, opts Options) (*Result, Problems) {
	ps := &problems{file: opts.File}
	if !utf8.Valid(data) {
		ps.add("line 1", "", "not UTF-8 text; save the file with UTF-8 encoding")
		return nil, ps.list
	}
	var in *input
	switch format {
	case JSON:
		in = readJSON(data, ps)
	case Sheet:
		in = readSheet(data, ps)
	case Setter:
		in = readSetter(data, ps)
	default:
		panic("timelinejs: unknown format")
	}
	if in == nil {
		return nil, ps.list
	}
	c := newImporter(in, opts, ps)
	var events []event
	for _, e := range in.entries {
		if ev, ok := c.event(e); ok {
			events = append(events, ev)
		}
	}
	if len(in.entries) == 0 && len(ps.list) == 0 {
		ps.add("row 2", "", "no events in the file")
	}
	if len(ps.list) > 0 {
		// In the order of the file, whichever step found them.
		slices.SortStableFunc(ps.list, func(a, b Problem) int { return cmp.Compare(ordinal(a.Where), ordinal(b.Where)) })
		return nil, ps.list
	}
	res := &Result{Added: c.added, Zoned: c.zoned, Notes: append(in.notes, ps.notes...)}
	if in.titleWhere != "" && !c.titleUsed {
		res.Notes = append(res.Notes, fmt.Sprintf("%s: the title %q left out: it is not a timeline's here; use it in site.toml if it should be the site's or a timeline's title", in.titleWhere, shorten(PlainText(in.title))))
	}
	res.Notes = append(res.Notes, c.renamed...)
	var b strings.Builder
	fmt.Fprintf(&b, "# Imported from %s by dateline import.\n", oneLine(opts.File))
	for _, ev := range events {
		res.IDs = append(res.IDs, ev.id)
		ev.write(&b)
	}
	res.TOML = []byte(b.String())
	return res, nil
}

// event is an event to write, its values checked.
type event struct {
	id, title, summary, when, end, whenText, zone, status string
	approximate                                           bool
	timelines                                             []string
	sources                                               []timeline.Source
	image                                                 *timeline.Image
}

type importer struct {
	in        *input
	opts      Options
	ps        *problems
	declared  map[string]timeline.TimelineDef
	byGroup   map[string]string // group → timeline id
	added     []timeline.TimelineDef
	titleUsed bool
	ids       map[string]bool // ids given in this import
	renamed   []string
	zoned     int
}

func newImporter(in *input, opts Options, ps *problems) *importer {
	c := &importer{in: in, opts: opts, ps: ps, declared: map[string]timeline.TimelineDef{}, byGroup: map[string]string{}, ids: map[string]bool{}}
	for _, def := range opts.Config.Timelines {
		c.declared[def.ID] = def
	}
	return c
}

func (c *importer) event(e entry) (event, bool) {
	before := len(c.ps.list)
	ev := event{title: e.title, summary: e.summary, status: string(timeline.Reported)}
	if ev.title == "" {
		c.ps.add(e.where, e.titleField, "empty; every event needs a title")
	}
	zone := c.opts.Zone
	if e.ext != nil && e.ext.TimeZone != "" {
		zone = e.ext.TimeZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		c.ps.add(e.where, "dateline.time_zone", "unknown time zone %q; use an IANA name such as \"Asia/Shanghai\"", zone)
		loc = nil
	}
	ev.zone = zone
	if !e.start.given() && e.start.year.text == "" {
		field := e.start.year.field
		if field == "" {
			field = "start_date"
		}
		c.ps.add(e.where, field, "no date; every event needs at least a year")
	}
	var start, end timeline.Date
	ev.when, start = c.date(e.where, e.start, loc, zone)
	if e.end.given() {
		ev.end, end = c.date(e.where, e.end, loc, zone)
		if !start.IsZero() && !end.IsZero() && end.Start.Before(start.Start) {
			c.ps.add(e.where, e.end.year.field, "the end %s is before the start %s", ev.end, ev.when)
		}
	}
	if e.ext != nil {
		ev.approximate, ev.whenText = e.ext.Approximate, strings.TrimSpace(e.ext.WhenText)
		if e.ext.Status != "" {
			if !slices.Contains(timeline.Statuses, timeline.Status(e.ext.Status)) {
				c.ps.add(e.where, "dateline.status", "unknown status %q", e.ext.Status)
			}
			ev.status = e.ext.Status
		}
		for i, s := range e.ext.Sources {
			src := timeline.Source{Name: strings.TrimSpace(s.Name), URL: strings.TrimSpace(s.URL), Note: s.Note}
			if src.Name == "" {
				c.ps.add(e.where, fmt.Sprintf("dateline.sources.%d.name", i), "empty; every source needs a name")
			}
			if src.URL != "" && webURL(src.URL) == "" {
				c.ps.add(e.where, fmt.Sprintf("dateline.sources.%d.url", i), "%q is not an http(s) address", src.URL)
			}
			ev.sources = append(ev.sources, src)
		}
	} else if !start.IsZero() {
		ev.whenText = c.whenText(e, start)
	}
	if e.ext == nil || len(e.ext.Sources) == 0 {
		ev.sources = append(ev.sources, e.sources...)
	}
	if start.HasClock() && (e.ext == nil || e.ext.TimeZone == "") {
		c.zoned++
	}
	ev.timelines = c.timelines(e)
	ev.image = e.image
	if len(c.ps.list) > before {
		return event{}, false
	}
	ev.id = c.id(e, ev.title)
	return ev, true
}

// date checks the parts of a date and writes it as an event's when is
// written, at the precision given: "1967", "1967-05", "1967-05-04T10:30".
func (c *importer) date(where string, p dateParts, loc *time.Location, zone string) (string, timeline.Date) {
	bad := func(pt part, format string, args ...any) (string, timeline.Date) {
		c.ps.add(where, pt.field, format, args...)
		return "", timeline.Date{}
	}
	quote := func(pt part) string { return strconv.Quote(pt.text) }
	// Each part needs the coarser one: TimelineJS reads a day without a
	// month as a date in January, which no one meant.
	chain := []struct {
		p    part
		name string
	}{{p.year, "year"}, {p.month, "month"}, {p.day, "day"}, {p.hour, "hour"}, {p.minute, "minute"}, {p.second, "second"}}
	if !p.given() || p.year.v == nil && p.year.text != "" {
		return "", timeline.Date{} // no date, or one whose year was reported already
	}
	for i := 1; i < len(chain); i++ {
		// A part written but not a number was reported when it was read.
		if chain[i].p.v != nil && chain[i-1].p.v == nil && chain[i-1].p.text == "" {
			return bad(chain[i].p, "a %s without a %s; give the %s too, or leave the %s out", chain[i].name, chain[i-1].name, chain[i-1].name, chain[i].name)
		}
	}
	for _, c := range chain {
		if c.p.v == nil && c.p.text != "" {
			return "", timeline.Date{}
		}
	}
	if p.hour.v != nil && p.minute.v == nil {
		p.minute.v = new(int) // an hour alone is that hour, to the minute
	}
	y := *p.year.v
	switch {
	case y < 0 || y > 9999:
		return bad(p.year, "%s is not a year dateline can show; it takes years 0 to 9999", quote(p.year))
	case p.month.v != nil && (*p.month.v < 1 || *p.month.v > 12):
		return bad(p.month, "%s is not a month 1–12", quote(p.month))
	case p.day.v != nil && (*p.day.v < 1 || *p.day.v > daysIn(y, *p.month.v)):
		return bad(p.day, "%s is not a day of %s %d, which has %d days", quote(p.day), time.Month(*p.month.v), y, daysIn(y, *p.month.v))
	case p.hour.v != nil && (*p.hour.v < 0 || *p.hour.v > 23):
		return bad(p.hour, "%s is not a time: hours run from 0 to 23", quote(p.hour))
	case p.minute.v != nil && (*p.minute.v < 0 || *p.minute.v > 59):
		return bad(p.minute, "%s is not a time: minutes run from 0 to 59", quote(p.minute))
	case p.second.v != nil && (*p.second.v < 0 || *p.second.v > 59):
		return bad(p.second, "%s is not a time: seconds run from 0 to 59", quote(p.second))
	case p.millisecond.v != nil && *p.millisecond.v != 0:
		return bad(p.millisecond, "%s: dateline keeps times to the second; leave milliseconds out", quote(p.millisecond))
	}
	s := fmt.Sprintf("%04d", y)
	if p.month.v != nil {
		s += fmt.Sprintf("-%02d", *p.month.v)
	}
	if p.day.v != nil {
		s += fmt.Sprintf("-%02d", *p.day.v)
	}
	if p.hour.v != nil {
		s += fmt.Sprintf("T%02d:%02d", *p.hour.v, *p.minute.v)
	}
	if p.second.v != nil {
		s += fmt.Sprintf(":%02d", *p.second.v)
	}
	if loc == nil {
		return s, timeline.Date{}
	}
	d, err := timeline.ParseDate(s, loc, zone)
	if err != nil {
		field := p.year
		if p.hour.v != nil {
			field = p.hour
		}
		msg := err.Error()
		if de, ok := err.(*timeline.DateError); ok {
			msg = de.Msg
		}
		return bad(field, "%s (read on %s clocks)", msg, zone)
	}
	return s, d
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// whenText is the display date a file gives, kept as the words dateline
// shows for the date, unless it only repeats the date.
func (c *importer) whenText(e entry, d timeline.Date) string {
	s := strings.TrimSpace(e.displayDate)
	if s == "" || s == e.rawDate || s == d.Machine() || s == d.Display(false, "", c.opts.Config.Labels) {
		return ""
	}
	return s
}

// timelines gives the timeline an entry goes on, declaring it (in
// c.added) when site.toml does not.
func (c *importer) timelines(e entry) []string {
	if c.opts.Timeline != "" {
		c.ensure(timeline.TimelineDef{ID: c.opts.Timeline, Title: c.opts.Timeline}, true)
		return []string{c.opts.Timeline}
	}
	if e.group == "" {
		c.ensure(c.opts.Default, true)
		return []string{c.opts.Default.ID}
	}
	if id, ok := c.byGroup[e.group]; ok {
		return []string{id}
	}
	id := ""
	for _, def := range c.opts.Config.Timelines {
		if strings.EqualFold(def.Title, e.group) || def.ID == e.group || def.ID == timeline.Slugify(e.group) {
			id = def.ID
			break
		}
	}
	if id == "" {
		id = timeline.Slugify(e.group)
		if !timeline.ValidID(id) {
			c.ps.add(e.where, e.groupField, "cannot make a timeline id of a-z, 0-9 and - from %q; rename it, or pass --timeline ID to put every event on one timeline", e.group)
			return nil
		}
		c.ensure(timeline.TimelineDef{ID: id, Title: e.group}, false)
	}
	c.byGroup[e.group] = id
	return []string{id}
}

// ensure adds def to the timelines to declare, unless site.toml or this
// import already does. The file's title slide titles the one timeline
// every event goes on, when it is new.
func (c *importer) ensure(def timeline.TimelineDef, titled bool) {
	if _, ok := c.declared[def.ID]; ok {
		return
	}
	if titled && c.in.titleWhere != "" {
		if t := PlainText(c.in.title); t != "" {
			def.Title = t
			def.Description = PlainText(c.in.description)
			c.titleUsed = true
		}
	}
	c.declared[def.ID] = def
	c.added = append(c.added, def)
}

// id is the event's unique_id when it is a valid id, else the slug of its
// title, else one made of the file's name and its row; one already used
// gets a number after it.
func (c *importer) id(e entry, title string) string {
	id := e.id
	if !timeline.ValidID(id) {
		id = timeline.Slugify(title)
	}
	if !timeline.ValidID(id) {
		id = timeline.Slugify(c.opts.Default.ID + " " + e.where)
	}
	base := id
	for n := 2; c.ids[id] || c.opts.Taken != nil && c.opts.Taken(id); n++ {
		suffix := "-" + strconv.Itoa(n)
		id = strings.TrimRight(base[:min(len(base), timeline.MaxIDLen-len(suffix))], "-") + suffix
	}
	if id != base {
		c.renamed = append(c.renamed, fmt.Sprintf("%s: id %q is already used, so the event is %q", e.where, base, id))
	}
	c.ids[id] = true
	return id
}

func host(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return strings.TrimPrefix(p.Hostname(), "www.")
	}
	return u
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// write writes ev as an [[event]] table, every value a quoted TOML string.
func (ev event) write(b *strings.Builder) {
	b.WriteString("\n[[event]]\n")
	kv := func(k, v string) { fmt.Fprintf(b, "%s = %s\n", k, load.Quote(v)) }
	kv("id", ev.id)
	kv("title", ev.title)
	if ev.summary != "" {
		fmt.Fprintf(b, "summary = %s\n", quoteLong(ev.summary))
	}
	kv("when", ev.when)
	if ev.end != "" {
		kv("end", ev.end)
	}
	if ev.approximate {
		b.WriteString("approximate = true\n")
	}
	if ev.whenText != "" {
		kv("when_text", ev.whenText)
	}
	kv("time_zone", ev.zone)
	quoted := make([]string, len(ev.timelines))
	for i, t := range ev.timelines {
		quoted[i] = load.Quote(t)
	}
	fmt.Fprintf(b, "timelines = [%s]\n", strings.Join(quoted, ", "))
	kv("status", ev.status)
	if len(ev.sources) > 0 {
		b.WriteString("sources = [\n")
		for _, s := range ev.sources {
			fmt.Fprintf(b, "  { name = %s", load.Quote(s.Name))
			if s.URL != "" {
				fmt.Fprintf(b, ", url = %s", load.Quote(s.URL))
			}
			if s.Note != "" {
				fmt.Fprintf(b, ", note = %s", load.Quote(s.Note))
			}
			b.WriteString(" },\n")
		}
		b.WriteString("]\n")
	}
	if img := ev.image; img != nil {
		fmt.Fprintf(b, "image = { src = %s", load.Quote(img.Src))
		if img.Decorative {
			b.WriteString(", decorative = true")
		} else {
			fmt.Fprintf(b, ", alt = %s", load.Quote(img.Alt))
		}
		if img.Caption != "" {
			fmt.Fprintf(b, ", caption = %s", load.Quote(img.Caption))
		}
		if img.Credit != "" {
			fmt.Fprintf(b, ", credit = %s", load.Quote(img.Credit))
		}
		fmt.Fprintf(b, ", width = %d, height = %d }\n", img.Width, img.Height)
	}
}

// quoteLong writes s as a TOML multi-line basic string, its lines as they
// are, for a summary to read well in the file.
func quoteLong(s string) string {
	var b strings.Builder
	b.WriteString("\"\"\"\n")
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("\"\"\"")
	return b.String()
}

// Declarations are the [[timelines]] tables that declare defs in
// site.toml, after a comment naming the file they were imported from.
func Declarations(defs []timeline.TimelineDef, from string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n# Added by dateline import from %s.\n", oneLine(from))
	for i, def := range defs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "[[timelines]]\nid = %s\ntitle = %s\n", load.Quote(def.ID), load.Quote(def.Title))
		if def.Description != "" {
			fmt.Fprintf(&b, "description = %s\n", load.Quote(def.Description))
		}
	}
	return b.String()
}

// ordinal is the number in "row 7", "event 3" or "line 2".
func ordinal(where string) int {
	n, _ := strconv.Atoi(where[strings.LastIndexByte(where, ' ')+1:])
	return n
}
