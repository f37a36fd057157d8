package ical

import (
	"bytes"
	"time"
)

// zoneSpan is a zone and the instants its VTIMEZONE must cover.
type zoneSpan struct {
	loc    *time.Location
	lo, hi time.Time
}

// zonesUsed lists the zones of timed, non-UTC events in order of first use
// (so output is deterministic), each with the span of its events' times.
func zonesUsed(events []Event) []*zoneSpan {
	var spans []*zoneSpan
	byName := map[string]*zoneSpan{}
	for i := range events {
		e := &events[i]
		if e.AllDay || isUTC(e.Zone) {
			continue
		}
		z := byName[e.Zone.String()]
		if z == nil {
			z = &zoneSpan{loc: e.Zone, lo: e.Start, hi: e.Start}
			byName[e.Zone.String()] = z
			spans = append(spans, z)
		}
		for _, t := range []time.Time{e.Start, e.End} {
			if t.IsZero() {
				continue
			}
			if t.Before(z.lo) {
				z.lo = t
			}
			if t.After(z.hi) {
				z.hi = t
			}
		}
	}
	return spans
}

// observance is one STANDARD or DAYLIGHT sub-component: the zone's rule
// from onset until the next observance.
type observance struct {
	daylight bool
	onset    time.Time // the instant of the change
	from, to int       // UTC offsets in seconds before and after it
	name     string
}

// observances lists the zone's periods in force between lo and hi. Each
// transition becomes its own observance, without RRULE, so a client needs
// no rule engine to read it and the history is exact.
//
// time.Time.ZoneBounds (Go 1.19) reports the exact instants at which the
// zone's offset or abbreviation changes, so no probing is needed.
func observances(loc *time.Location, lo, hi time.Time) []observance {
	t := lo.In(loc)
	start, end := t.ZoneBounds()
	name, off := t.Zone()
	first := observance{daylight: t.IsDST(), onset: start, from: off, to: off, name: name}
	if start.IsZero() {
		// The zone had this offset from the beginning of time: any onset at
		// or before lo will do; the start of lo's local year reads well.
		first.onset = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, loc)
	} else {
		_, first.from = start.Add(-time.Second).In(loc).Zone()
	}
	obs := []observance{first}
	for !end.IsZero() && !end.After(hi) {
		t = end.In(loc)
		from := off
		name, off = t.Zone()
		obs = append(obs, observance{daylight: t.IsDST(), onset: t, from: from, to: off, name: name})
		_, end = t.ZoneBounds()
	}
	return obs
}

func writeTimezone(b *bytes.Buffer, z *zoneSpan) {
	line(b, "BEGIN:VTIMEZONE")
	line(b, "TZID:"+escapeText(z.loc.String()))
	for _, o := range observances(z.loc, z.lo, z.hi) {
		kind := "STANDARD"
		if o.daylight {
			kind = "DAYLIGHT"
		}
		line(b, "BEGIN:"+kind)
		// DTSTART is the local time of the change as read on the clocks
		// before it, i.e. in the offset it changes from (RFC 5545 3.6.5).
		line(b, "DTSTART:"+o.onset.UTC().Add(time.Duration(o.from)*time.Second).Format(localLayout))
		line(b, "TZOFFSETFROM:"+utcOffset(o.from))
		line(b, "TZOFFSETTO:"+utcOffset(o.to))
		if n := escapeText(o.name); n != "" {
			line(b, "TZNAME:"+n)
		}
		line(b, "END:"+kind)
	}
	line(b, "END:VTIMEZONE")
}

// utcOffset writes an RFC 5545 UTC-OFFSET: +HHMM, or +HHMMSS when the
// offset has seconds (local mean times); zero is "+0000" as "-0000" is
// not allowed.
func utcOffset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign, sec = '-', -sec
	}
	b := []byte{sign}
	b = append2(b, sec/3600)
	b = append2(b, sec/60%60)
	if s := sec % 60; s != 0 {
		b = append2(b, s)
	}
	return string(b)
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10%10), byte('0'+n%10))
}

// repeatedLocalTime reports whether t (in its zone) falls in the second
// occurrence of a local time that the clocks went back over. RFC 5545
// 3.3.5 reads such a local time as its first occurrence, so t must be
// written in UTC instead.
func repeatedLocalTime(t time.Time) bool {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return false
	}
	_, now := t.Zone()
	_, before := start.Add(-time.Second).In(t.Location()).Zone()
	return before > now && t.Sub(start) < time.Duration(before-now)*time.Second
}
