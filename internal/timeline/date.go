package timeline

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Precision is how much of a date its author wrote down. It is kept and shown:
// a date written as "2024" never reads as "1 January 2024".
type Precision int

// Precisions from coarsest to finest; a larger value is finer.
const (
	Year Precision = iota + 1
	Month
	Day
	Minute
	Second
)

func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	case Minute:
		return "minute"
	case Second:
		return "second"
	}
	return "none"
}

// A Date is a moment or a span written at some precision. Start is the first
// instant the date denotes, in the location whose wall clock the author used:
// "2025-09-02" in Asia/Pyongyang starts at 00:00 Pyongyang time.
type Date struct {
	Start     time.Time
	Precision Precision
	// Zone is the IANA name the wall clock is read in, or "" when the date
	// carried only a fixed offset.
	Zone string
}

// IsZero reports whether d holds no date.
func (d Date) IsZero() bool { return d.Precision == 0 }

// HasClock reports whether d is precise to the hour or better.
func (d Date) HasClock() bool { return d.Precision >= Minute }

// End returns the first instant after the span d denotes: the next year,
// month or day for coarse dates, the next minute or second otherwise.
func (d Date) End() time.Time {
	switch d.Precision {
	case Year:
		return d.Start.AddDate(1, 0, 0)
	case Month:
		return d.Start.AddDate(0, 1, 0)
	case Day:
		return d.Start.AddDate(0, 0, 1)
	case Minute:
		return d.Start.Add(time.Minute)
	}
	return d.Start.Add(time.Second)
}

// A DateError explains why a date could not be read, in words a writer can act on.
type DateError struct {
	Input string
	Msg   string
}

func (e *DateError) Error() string { return fmt.Sprintf("date %q: %s", e.Input, e.Msg) }

func dateErr(input, format string, args ...any) error {
	return &DateError{Input: input, Msg: fmt.Sprintf(format, args...)}
}

// ParseDate reads a date written at reduced precision: "2011", "2024-06",
// "2025-09-01", "2025-09-02T16:00", "2025-09-02T16:00:30", each optionally
// followed by "Z" or an offset such as "+08:00" when a time is given.
//
// Wall-clock times are read in loc, whose IANA name is zone. An explicit offset
// must agree with loc at that instant when zone is not empty; when zone is
// empty the date is kept at its own offset. A wall-clock time that does not
// exist in loc (skipped by a daylight-saving change) is an error.
func ParseDate(s string, loc *time.Location, zone string) (Date, error) {
	if loc == nil {
		loc = time.UTC
	}
	f, err := splitDate(s)
	if err != nil {
		return Date{}, err
	}
	if err := f.check(s); err != nil {
		return Date{}, err
	}
	if f.hasOffset {
		return f.withOffset(s, loc, zone)
	}
	t := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.minute, f.second, 0, loc)
	if f.prec >= Minute && (t.Hour() != f.hour || t.Minute() != f.minute || t.Second() != f.second) {
		return Date{}, dateErr(s, "%02d:%02d does not exist in %s on that day (the clocks skip it for daylight saving); write the time as it was shown on clocks", f.hour, f.minute, zoneName(loc, zone))
	}
	return Date{Start: t, Precision: f.prec, Zone: zone}, nil
}

// FromTime makes a date from a TOML datetime value. local reports whether the
// value carried no offset (TOML local date or local datetime); such values are
// read in loc. Seconds are kept only when they are not zero.
func FromTime(t time.Time, dateOnly, local bool, loc *time.Location, zone string) (Date, error) {
	if loc == nil {
		loc = time.UTC
	}
	prec := Second
	switch {
	case dateOnly:
		prec = Day
	case t.Second() == 0 && t.Nanosecond() == 0:
		prec = Minute
	}
	if local {
		return ParseDate(t.Format(layoutFor(prec)), loc, zone)
	}
	return ParseDate(t.Format(layoutFor(prec)+"Z07:00"), loc, zone)
}

func layoutFor(p Precision) string {
	switch p {
	case Year:
		return "2006"
	case Month:
		return "2006-01"
	case Day:
		return "2006-01-02"
	case Minute:
		return "2006-01-02T15:04"
	}
	return "2006-01-02T15:04:05"
}

func zoneName(loc *time.Location, zone string) string {
	if zone != "" {
		return zone
	}
	return loc.String()
}

// dateFields are the numbers a date string spells out.
type dateFields struct {
	year, month, day, hour, minute, second int
	prec                                   Precision
	hasOffset                              bool
	offset                                 int // seconds east of UTC
}

const dateForms = `write it as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. "2025-09-02T16:00"`

func splitDate(s string) (dateFields, error) {
	var f dateFields
	rest := s
	num := func(width int, what string) (int, error) {
		if len(rest) < width || !allDigits(rest[:width]) {
			return 0, dateErr(s, "the %s must have %d digits; %s", what, width, dateForms)
		}
		n, _ := strconv.Atoi(rest[:width])
		rest = rest[width:]
		return n, nil
	}
	sep := func(c byte) bool {
		if len(rest) > 0 && rest[0] == c {
			rest = rest[1:]
			return true
		}
		return false
	}
	var err error
	if s == "" {
		return f, dateErr(s, "empty date; %s", dateForms)
	}
	if f.year, err = num(4, "year"); err != nil {
		return f, err
	}
	f.prec, f.month, f.day = Year, 1, 1
	if sep('-') {
		if f.month, err = num(2, "month"); err != nil {
			return f, err
		}
		f.prec = Month
		if sep('-') {
			if f.day, err = num(2, "day"); err != nil {
				return f, err
			}
			f.prec = Day
			if sep('T') || sep('t') || sep(' ') {
				if f.hour, err = num(2, "hour"); err != nil {
					return f, err
				}
				if !sep(':') {
					return f, dateErr(s, "a time needs hours and minutes, like T16:00")
				}
				if f.minute, err = num(2, "minute"); err != nil {
					return f, err
				}
				f.prec = Minute
				if sep(':') {
					if f.second, err = num(2, "second"); err != nil {
						return f, err
					}
					f.prec = Second
				}
				if err := f.splitOffset(s, &rest); err != nil {
					return f, err
				}
			}
		}
	}
	if rest != "" {
		return f, dateErr(s, "unexpected %q; %s", rest, dateForms)
	}
	return f, nil
}

func (f *dateFields) splitOffset(s string, rest *string) error {
	r := *rest
	switch {
	case r == "":
		return nil
	case r == "Z" || r == "z":
		f.hasOffset = true
		*rest = ""
		return nil
	case r[0] == '+' || r[0] == '-':
		if len(r) != 6 || r[3] != ':' || !allDigits(r[1:3]) || !allDigits(r[4:6]) {
			return dateErr(s, "the offset must look like +08:00 or -05:00")
		}
		h, _ := strconv.Atoi(r[1:3])
		m, _ := strconv.Atoi(r[4:6])
		if m > 59 || h*3600+m*60 > 14*3600 || r[0] == '-' && h*3600+m*60 > 12*3600 {
			return dateErr(s, "offset %s is out of range (-12:00 to +14:00)", r)
		}
		f.offset = h*3600 + m*60
		if r[0] == '-' {
			f.offset = -f.offset
		}
		f.hasOffset = true
		*rest = ""
	}
	return nil
}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func (f dateFields) check(s string) error {
	if f.month < 1 || f.month > 12 {
		return dateErr(s, "month %02d does not exist; months run from 01 to 12", f.month)
	}
	if dim := daysIn(f.year, f.month); f.day < 1 || f.day > dim {
		return dateErr(s, "%s %d has %d days, so day %02d does not exist", monthNames[f.month], f.year, dim, f.day)
	}
	if f.hour > 23 {
		return dateErr(s, "hour %02d is out of range; hours run from 00 to 23", f.hour)
	}
	if f.minute > 59 {
		return dateErr(s, "minute %02d is out of range; minutes run from 00 to 59", f.minute)
	}
	if f.second > 59 {
		return dateErr(s, "second %02d is out of range; seconds run from 00 to 59", f.second)
	}
	return nil
}

// fixedZones holds one location per offset from UTC: a site dates
// thousands of events at a handful of offsets, and a location for each date
// would cost memory (16 MB at 100,000 events) for nothing.
var fixedZones sync.Map // offset in seconds → *time.Location

func fixedZone(offset int) *time.Location {
	if z, ok := fixedZones.Load(offset); ok {
		return z.(*time.Location)
	}
	z, _ := fixedZones.LoadOrStore(offset, time.FixedZone(FormatOffset(offset), offset))
	return z.(*time.Location)
}

func (f dateFields) withOffset(s string, loc *time.Location, zone string) (Date, error) {
	fixed := fixedZone(f.offset)
	t := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.minute, f.second, 0, fixed)
	if zone == "" {
		return Date{Start: t, Precision: f.prec}, nil
	}
	local := t.In(loc)
	_, off := local.Zone()
	exact := off == f.offset
	if !exact && off/60 == f.offset/60 {
		// A local mean time offset such as +08:05:43 has seconds, which an
		// offset written as +08:05 (as Machine and FormatOffset write it)
		// cannot hold: read the wall clock at the zone's exact offset.
		adjusted := t.Add(time.Duration(f.offset-off) * time.Second).In(loc)
		if _, again := adjusted.Zone(); again == off {
			local, exact = adjusted, true
		}
	}
	if !exact {
		return Date{}, dateErr(s, "offset %s disagrees with time_zone %s, which is %s at that time; drop the offset or correct it",
			FormatOffset(f.offset), zone, FormatOffset(off))
	}
	return Date{Start: local, Precision: f.prec, Zone: zone}, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// FormatOffset writes an offset in seconds as "UTC+8", "UTC+5:30" or "UTC-5".
func FormatOffset(off int) string {
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	// strconv and not fmt: every time shown in a list writes its offset.
	h, m := off/3600, off%3600/60
	if m == 0 {
		return "UTC" + sign + strconv.Itoa(h)
	}
	return "UTC" + sign + strconv.Itoa(h) + ":" + strconv.Itoa(m/10) + strconv.Itoa(m%10)
}

// Machine is the exact value at its real precision, for a <time datetime>:
// "2024", "2025-09", "2025-09-01", "2025-09-02T16:00+08:00".
func (d Date) Machine() string {
	if d.IsZero() {
		return ""
	}
	s := d.Start.Format(layoutFor(d.Precision))
	if d.HasClock() {
		if _, off := d.Start.Zone(); off == 0 {
			s += "Z"
		} else {
			s += d.Start.Format("-07:00")
		}
	}
	return s
}

// DayKey names the local calendar day of d, or its year or month when d is
// coarser than a day. Events are grouped under headings by this key.
func (d Date) DayKey() string {
	p := d.Precision
	if p > Day {
		p = Day
	}
	return d.Start.Format(layoutFor(p))
}

// DayHeading is the heading shown over the events of one DayKey:
// "2011", "September 2025", "Tuesday 2 September 2025".
func (d Date) DayHeading() string {
	switch d.Precision {
	case Year:
		return d.Start.Format("2006")
	case Month:
		return d.Start.Format("January 2006")
	}
	return d.Start.Format("Monday 2 January 2006")
}

// Labels gives the reader-facing names of time zones, e.g. "Beijing time"
// for Asia/Shanghai. Zone abbreviations such as CST are ambiguous, so without
// a label only the UTC offset is shown.
type Labels map[string]string

// Display writes d for readers at its own precision in its local wall clock:
// "2024", "June 2024", "Mon 1 Sep 2025", "Tue 2 Sep 2025, 16:00 Beijing time (UTC+8)",
// "Tue 2 Sep 2025, 14:00 UTC".
// approx prefixes the most precise part with "c."; text, when not empty,
// replaces the clock time (or follows a coarse date), as in "Tue 2 Sep 2025, at dawn".
func (d Date) Display(approx bool, text string, labels Labels) string {
	if d.IsZero() {
		return ""
	}
	var date string
	switch d.Precision {
	case Year:
		date = d.Start.Format("2006")
	case Month:
		date = d.Start.Format("January 2006")
	default:
		date = d.Start.Format("Mon 2 Jan 2006")
	}
	if !d.HasClock() && text == "" {
		if approx {
			return "c. " + date
		}
		return date
	}
	return date + ", " + d.UnderHeading(approx, text, labels)
}

// Short writes the day of d without its weekday or time, "3 Sep 2025"
// ("Sep 2025", "2025" for coarser dates), for a passing mention such as
// "Updated 3 Sep 2025" in a list whose headings already give the dates
// of its events in full.
func (d Date) Short() string {
	switch {
	case d.IsZero():
		return ""
	case d.Precision == Year:
		return d.Start.Format("2006")
	case d.Precision == Month:
		return d.Start.Format("Jan 2006")
	}
	return d.Start.Format("2 Jan 2006")
}

// ZoneLabel names the wall clock of d: "Beijing time (UTC+8)" or "(UTC+8)",
// and at offset zero "UTC", or "London time (UTC)" for a labelled zone.
// UTC is a name readers know, so a time in it reads "14:00 UTC" rather
// than "14:00 (UTC+0)".
func (d Date) ZoneLabel(labels Labels) string {
	_, off := d.Start.Zone()
	l := labels[d.Zone]
	if off == 0 {
		if l == "" || l == "UTC" {
			return "UTC"
		}
		return l + " (UTC)"
	}
	o := "(" + FormatOffset(off) + ")"
	if l != "" {
		return l + " " + o
	}
	return o
}

// UnderHeading writes d as Display does, less what the heading of its day
// group (DayHeading, at the same DayKey) already says, for an event listed
// under that heading: the time with its approximation and zone label
// ("c. 16:00 Beijing time (UTC+8)"), or text in its place ("at dawn"). A
// date no finer than a day has nothing left to say but text, or that it
// is approximate; otherwise it is "".
func (d Date) UnderHeading(approx bool, text string, labels Labels) string {
	switch {
	case d.IsZero():
		return ""
	case text != "":
		return text
	case !d.HasClock():
		if approx {
			return "approximate date"
		}
		return ""
	}
	c := ""
	if approx {
		c = "c. "
	}
	clock := d.Start.Format("15:04")
	if d.Precision == Second {
		clock = d.Start.Format("15:04:05")
	}
	return c + clock + " " + d.ZoneLabel(labels)
}

// Compare orders a before b by the first instant each denotes, in absolute
// time; ties go to the coarser precision. It returns -1, 0 or +1.
func (d Date) Compare(o Date) int {
	if c := d.Start.Compare(o.Start); c != 0 {
		return c
	}
	switch {
	case d.Precision < o.Precision:
		return -1
	case d.Precision > o.Precision:
		return 1
	}
	return 0
}

// Gap describes the time elapsed from a to b for readers, e.g. "about 11 hours
// later". It returns "" unless both are precise to the hour or better.
func Gap(a, b Date, approx bool) string { return gap(a, b, approx, " later") }

// GapBefore is Gap for a list read newest first, where b is shown above
// a: "about 11 hours earlier".
func GapBefore(a, b Date, approx bool) string { return gap(a, b, approx, " earlier") }

func gap(a, b Date, approx bool, word string) string {
	if !a.HasClock() || !b.HasClock() {
		return ""
	}
	d := b.Start.Sub(a.Start)
	if d < time.Minute {
		if approx {
			return "around the same time"
		}
		return "at the same time"
	}
	return humanDuration(d, approx) + word
}

// humanDuration rounds d to the unit a reader cares about and says "about"
// when rounding or an approximate time made it inexact.
func humanDuration(d time.Duration, approx bool) string {
	about := func(exact bool) string {
		if approx || !exact {
			return "about "
		}
		return ""
	}
	if m := int(d.Round(time.Minute) / time.Minute); m < 60 {
		return about(d%time.Minute == 0) + plural(m, "minute")
	}
	if h := int(d.Round(time.Hour) / time.Hour); h < 48 {
		return about(d%time.Hour == 0) + plural(h, "hour")
	}
	days := int((d + 12*time.Hour) / (24 * time.Hour))
	return about(d%(24*time.Hour) == 0) + plural(days, "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// Duration describes how long the range from start to end lasts, counting in
// the units the dates were written in: "3 days" for 2025-09-01 to 2025-09-03,
// "2 hours 30 minutes" for two clock times.
func Duration(start, end Date) string {
	if start.HasClock() && end.HasClock() {
		d := end.Start.Sub(start.Start)
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		switch {
		case h == 0:
			return plural(m, "minute")
		case m == 0:
			return plural(h, "hour")
		}
		return plural(h, "hour") + " " + plural(m, "minute")
	}
	p := min(start.Precision, end.Precision)
	s, e := start.Start, end.Start.In(start.Start.Location())
	switch p {
	case Year:
		return plural(e.Year()-s.Year()+1, "year")
	case Month:
		return plural((e.Year()-s.Year())*12+int(e.Month()-s.Month())+1, "month")
	}
	sd := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
	ed := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
	return plural(int(ed.Sub(sd)/(24*time.Hour))+1, "day")
}
