package axis

import (
	"math"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// unit is a calendar unit of ticks.
type unit int

const (
	minutes unit = iota
	hours
	days
	months
	years
)

// A step is a tick interval: every n of a unit.
type step struct {
	u     unit
	n     int
	secs  float64 // about how long it is, to judge spacing
	chars int     // about how long its labels are
}

var steps = func() []step {
	var out []step
	add := func(u unit, each float64, chars int, ns ...int) {
		for _, n := range ns {
			out = append(out, step{u, n, each * float64(n), chars})
		}
	}
	add(minutes, 60, 5, 1, 5, 15, 30)
	add(hours, 3600, 5, 1, 3, 6, 12)
	add(days, 86400, 6, 1, 2)
	add(months, 30.436875*86400, 8, 1, 3, 6)
	add(years, 365.2425*86400, 4, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
	return out
}()

// ticks are whole units of zone in every segment, at the finest step
// whose labels fit; labels that would still touch their neighbour across
// a break are dropped.
func (sc *scale) ticks(zone *time.Location) []Tick {
	var out []Tick
	_, base := sc.endZone(zone)
	seg := -1
	for i, p := range sc.pieces {
		if p.brk {
			continue
		}
		seg++
		st := chooseStep(p)
		for _, t := range tickTimes(p, st, zone, i == len(sc.pieces)-1) {
			out = append(out, Tick{X: sc.x(secs(t)), Label: tickLabel(t, st.u, base), Major: major(t, st.u), seg: seg})
		}
	}
	return sc.spaced(out)
}

// endZone is the offset of zone at the end of the axis, the latest time
// it shows: the offset a caption made from today's zone label names.
func (sc *scale) endZone(zone *time.Location) (string, int) {
	var t time.Time
	if len(sc.pieces) > 0 {
		t = when(sc.pieces[len(sc.pieces)-1].t1)
	}
	return t.In(zone).Zone()
}

func when(s float64) time.Time {
	sec := math.Floor(s)
	return time.Unix(int64(sec), int64((s-sec)*1e9))
}

func chooseStep(p piece) step {
	for _, st := range steps {
		room := st.secs / (p.t1 - p.t0) * (p.x1 - p.x0)
		if room >= float64(st.chars)*charWidth+12 {
			return st
		}
	}
	return steps[len(steps)-1]
}

// tickTimes are the instants of st within p, on zone's wall clock. The
// end of p belongs to the break after it unless p ends the axis: a tick
// there would name a time the segment does not show.
func tickTimes(p piece, st step, zone *time.Location, last bool) []time.Time {
	t := align(when(p.t0).In(zone), st)
	var out []time.Time
	for i := 0; ; i++ {
		next := advance(t, st, i)
		s := secs(next)
		if s > p.t1 || s == p.t1 && !last {
			return out
		}
		if s >= p.t0 && (len(out) == 0 || next.After(out[len(out)-1])) {
			out = append(out, next)
		}
	}
}

// align rounds t down to a whole step of its unit on its wall clock.
func align(t time.Time, st step) time.Time {
	y, mo, d := t.Date()
	loc := t.Location()
	switch st.u {
	case minutes:
		return time.Date(y, mo, d, t.Hour(), t.Minute()-t.Minute()%st.n, 0, 0, loc)
	case hours:
		return time.Date(y, mo, d, t.Hour()-t.Hour()%st.n, 0, 0, 0, loc)
	case days:
		return time.Date(y, mo, d-(d-1)%st.n, 0, 0, 0, 0, loc)
	case months:
		return time.Date(y, mo-(mo-1)%time.Month(st.n), 1, 0, 0, 0, 0, loc)
	}
	return time.Date(y-mod(y, st.n), 1, 1, 0, 0, 0, 0, loc)
}

func mod(a, b int) int { return ((a % b) + b) % b }

// advance is the i-th step after t, counted on the wall clock so that
// days and months stay whole across daylight-saving changes.
func advance(t time.Time, st step, i int) time.Time {
	k := st.n * i
	y, mo, d := t.Date()
	switch st.u {
	case minutes:
		return t.Add(time.Duration(k) * time.Minute)
	case hours:
		return time.Date(y, mo, d, t.Hour()+k, 0, 0, 0, t.Location())
	case days:
		return time.Date(y, mo, d+k, 0, 0, 0, 0, t.Location())
	case months:
		return time.Date(y, mo+time.Month(k), 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y+k, 1, 1, 0, 0, 0, 0, t.Location())
}

// tickLabel words t at its unit; a clock time names its offset only when
// it differs from base, the caption's.
func tickLabel(t time.Time, u unit, base int) string {
	switch u {
	case years:
		return t.Format("2006")
	case months:
		return t.Format("Jan 2006")
	case days:
		return t.Format("2 Jan")
	}
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.Format("2 Jan")
	}
	s := t.Format("15:04")
	if _, off := t.Zone(); off != base {
		s += " " + timeline.FormatOffset(off)
	}
	return s
}

// major reports whether t starts a larger unit than its own: midnight
// among hours, the first of a month among days, January among months.
func major(t time.Time, u unit) bool {
	switch u {
	case minutes, hours:
		return t.Hour() == 0 && t.Minute() == 0
	case days:
		return t.Day() == 1
	case months:
		return t.Month() == time.January
	}
	return t.Year()%10 == 0
}

// spaced drops ticks whose labels would touch the one kept before them,
// as happens across a narrow break, rounds their places and anchors the
// labels at the ends inside the axis.
func (sc *scale) spaced(ticks []Tick) []Tick {
	out := ticks[:0]
	right := math.Inf(-1)
	for _, t := range ticks {
		w := textWidth(t.Label)
		t.Anchor = "middle"
		l, r := t.X-w/2, t.X+w/2
		switch {
		case l < 0:
			t.Anchor, l, r = "start", t.X, t.X+w
		case r > sc.width:
			t.Anchor, l, r = "end", t.X-w, t.X
		}
		if l < right+8 {
			continue
		}
		right = r
		t.X = r1(t.X)
		out = append(out, t)
	}
	return out
}

// textWidth estimates the width of a label in 11-unit text.
func textWidth(s string) float64 {
	n := 0
	for range s {
		n++
	}
	return float64(n) * charWidth
}

// caption names the zone of the ticks, and the breaks when there are any.
func caption(opt Options, sc *scale) string {
	label := opt.ZoneLabel
	if label == "" {
		_, off := sc.endZone(opt.Zone)
		label = "UTC"
		if off != 0 {
			label = timeline.FormatOffset(off)
		}
	}
	c := "Times in " + label + "."
	if len(sc.pieces) > 1 {
		c += " Two slashes (//) mark a stretch without events, shortened."
	}
	return c
}
