package axis

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A span is the time an event takes on the axis, in seconds since the Unix
// epoch: float64 seconds reach far beyond the years UnixNano can hold, at
// a precision far finer than a tenth of a unit of width.
type span struct {
	e          *timeline.Event
	start, end float64 // the date, to the end of End when it has one
	whenEnd    float64 // the end of When alone: the glyph sits in its middle
	lo, hi     float64 // start and end widened by the soft span
	soft       bool
}

func secs(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

func spansOf(events []*timeline.Event) []span {
	out := make([]span, len(events))
	for i, e := range events {
		s := span{e: e, start: secs(e.When.Start), whenEnd: secs(e.When.End())}
		s.end = s.whenEnd
		if !e.End.IsZero() {
			s.end = max(s.end, secs(e.End.End()))
		}
		s.lo, s.hi = s.start, s.end
		if e.Approximate {
			m := softMargin(e.When.Precision)
			s.lo, s.hi, s.soft = s.start-m, s.end+m, true
		}
		out[i] = s
	}
	return out
}

// softMargin is how far either side an approximate date may be off: half
// its unit, except that a clock time is read as within half an hour, a
// minute being too small a unit for "about".
func softMargin(p timeline.Precision) float64 {
	switch p {
	case timeline.Year:
		return 365.2425 * 86400 / 2
	case timeline.Month:
		return 30.436875 * 86400 / 2
	case timeline.Day:
		return 12 * 3600
	}
	return 30 * 60
}

// A piece is a stretch of the axis: a segment drawn to scale, or a break.
type piece struct {
	t0, t1 float64 // seconds
	x0, x1 float64
	brk    bool
	events int // events starting in a segment
}

// A scale maps time to x through its pieces, in order and touching.
type scale struct {
	pieces []piece
	width  float64
}

// interval is a stretch of time, in seconds.
type interval struct{ lo, hi float64 }

func newScale(lanes [][]span, width float64) *scale {
	var all []span
	for _, l := range lanes {
		all = append(all, l...)
	}
	if len(all) == 0 {
		return &scale{width: width}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range all {
		lo, hi = min(lo, s.lo), max(hi, s.hi)
	}
	starts := make([]float64, len(all))
	for i, s := range all {
		starts[i] = s.start
	}
	slices.Sort(starts)
	cuts := chooseBreaks(gaps(all, lo, hi), starts, lo, hi)
	sc := &scale{width: width, pieces: piecesOf(lo, hi, cuts)}
	sc.count(all)
	sc.allot(width)
	return sc
}

// leaves are the spans that contain no other span. Spans are sorted by
// start, then end; a span contains another when one after it ends no
// later (found by the least end of those after it), or one before it
// starts with it and ends sooner. Equal spans do not contain each other.
func leaves(all []span) []interval {
	ivs := make([]interval, len(all))
	for i, s := range all {
		ivs[i] = interval{s.lo, s.hi}
	}
	slices.SortFunc(ivs, func(a, b interval) int {
		if a.lo != b.lo {
			return cmpF(a.lo, b.lo)
		}
		return cmpF(a.hi, b.hi)
	})
	ivs = slices.Compact(ivs)
	out := make([]interval, 0, len(ivs))
	minHi := math.Inf(1) // least end of the spans after i
	keep := make([]bool, len(ivs))
	for i := len(ivs) - 1; i >= 0; i-- {
		sameStartShorter := i > 0 && ivs[i-1].lo == ivs[i].lo
		keep[i] = !sameStartShorter && minHi > ivs[i].hi
		minHi = min(minHi, ivs[i].hi)
	}
	for i, iv := range ivs {
		if keep[i] {
			out = append(out, iv)
		}
	}
	return out
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// gaps are the stretches of [lo, hi] that no leaf covers, in order.
func gaps(all []span, lo, hi float64) []interval {
	var out []interval
	reach := lo
	for _, l := range leaves(all) { // sorted by start
		if l.lo > reach {
			out = append(out, interval{reach, l.lo})
		}
		reach = max(reach, l.hi)
	}
	if hi > reach {
		out = append(out, interval{reach, hi})
	}
	return out
}

// chooseBreaks picks breaks among gaps as the package comment says: each
// time the gap that is the largest share of the segment it lies in, of
// those long enough against the spacing of the events there.
func chooseBreaks(gaps []interval, starts []float64, lo, hi float64) []interval {
	var cuts []interval // sorted
	taken := make([]bool, len(gaps))
	spacing := map[interval]float64{} // of each segment met, as cuts change them
	for len(cuts) < MaxBreaks {
		best, bestShare := -1, BreakFraction
		for i, g := range gaps {
			if taken[i] {
				continue
			}
			seg := enclosing(cuts, g, lo, hi)
			share := (g.hi - g.lo) / (seg.hi - seg.lo)
			if share < bestShare || best >= 0 && share == bestShare {
				continue
			}
			sp, ok := spacing[seg]
			if !ok {
				sp = medianSpacing(starts, seg)
				spacing[seg] = sp
			}
			if g.hi-g.lo >= GapFactor*sp {
				best, bestShare = i, share
			}
		}
		if best < 0 {
			break
		}
		taken[best] = true
		cuts = append(cuts, gaps[best])
		slices.SortFunc(cuts, func(a, b interval) int { return cmpF(a.lo, b.lo) })
	}
	return cuts
}

// medianSpacing is the median time between consecutive starts of events
// within seg: a regular series has no gap much longer than it.
func medianSpacing(starts []float64, seg interval) float64 {
	i, _ := slices.BinarySearch(starts, seg.lo)
	j, _ := slices.BinarySearch(starts, seg.hi)
	if j-i < 2 {
		return 0
	}
	d := make([]float64, 0, j-i-1)
	for k := i + 1; k < j; k++ {
		d = append(d, starts[k]-starts[k-1])
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// enclosing is the segment that g lies in between the cuts made so far.
func enclosing(cuts []interval, g interval, lo, hi float64) interval {
	s0, s1 := lo, hi
	for _, c := range cuts {
		if c.hi <= g.lo {
			s0 = c.hi
		} else if c.lo >= g.hi {
			s1 = c.lo
			break
		}
	}
	return interval{s0, s1}
}

// piecesOf alternates segments and the breaks cut out of [lo, hi].
func piecesOf(lo, hi float64, cuts []interval) []piece {
	var ps []piece
	at := lo
	for _, c := range cuts {
		if c.lo > at {
			ps = append(ps, piece{t0: at, t1: c.lo})
		}
		ps = append(ps, piece{t0: c.lo, t1: c.hi, brk: true})
		at = c.hi
	}
	if hi > at || len(ps) == 0 {
		ps = append(ps, piece{t0: at, t1: hi})
	}
	return ps
}

// count notes how many events start in each segment; an event that
// starts in a break counts for the segment after it, where its leaves are.
func (sc *scale) count(all []span) {
	for _, s := range all {
		i := sc.find(s.start)
		for i < len(sc.pieces)-1 && sc.pieces[i].brk {
			i++
		}
		sc.pieces[i].events++
	}
}

// find is the index of the piece holding t, clamped to the pieces.
func (sc *scale) find(t float64) int {
	i := sort.Search(len(sc.pieces), func(i int) bool { return sc.pieces[i].t1 > t })
	return min(i, len(sc.pieces)-1)
}

// allot gives each piece its width, as the package comment says.
func (sc *scale) allot(width float64) {
	var segs, brks int
	var sumRoot, sumEvents float64
	for _, p := range sc.pieces {
		if p.brk {
			brks++
			continue
		}
		segs++
		sumRoot += math.Sqrt(p.t1 - p.t0)
		sumEvents += float64(p.events)
	}
	inner := width - 2*Pad
	bw := min(BreakWidth, inner*0.3/float64(max(brks, 1)))
	avail := inner - bw*float64(brks)
	share := make([]float64, len(sc.pieces))
	for i, p := range sc.pieces {
		if !p.brk {
			share[i] = 0.5*math.Sqrt(p.t1-p.t0)/sumRoot + 0.5*float64(p.events)/max(sumEvents, 1)
		}
	}
	widths := withFloor(share, avail, min(MinSegmentWidth, avail/float64(segs)))
	x := Pad
	for i := range sc.pieces {
		p := &sc.pieces[i]
		w := widths[i]
		if p.brk {
			w = bw
		}
		p.x0, p.x1 = x, x+w
		x += w
	}
	sc.pieces[len(sc.pieces)-1].x1 = width - Pad // no rounding drift at the end
}

// withFloor shares avail out in proportion to share (zero shares get
// nothing), giving none of the others less than floor: those that would
// get less are held at floor and the rest shared again among the others.
func withFloor(share []float64, avail, floor float64) []float64 {
	out := make([]float64, len(share))
	held := make([]bool, len(share))
	for {
		var free, sum float64 = avail, 0
		for i, s := range share {
			if held[i] {
				free -= floor
			} else {
				sum += s
			}
		}
		again := false
		for i, s := range share {
			switch {
			case s == 0:
			case held[i]:
				out[i] = floor
			default:
				out[i] = free * s / sum
				if out[i] < floor {
					held[i], again = true, true
				}
			}
		}
		if !again {
			return out
		}
	}
}

// x is where t falls on the axis: linear within its piece, so a break
// shows the time it cuts out squeezed but in order.
func (sc *scale) x(t float64) float64 {
	if len(sc.pieces) == 0 {
		return Pad
	}
	p := sc.pieces[sc.find(t)]
	switch {
	case t <= p.t0:
		return p.x0
	case t >= p.t1:
		return p.x1
	}
	return p.x0 + (t-p.t0)/(p.t1-p.t0)*(p.x1-p.x0)
}

// segments are the pieces drawn to scale, labelled by the dates of the
// events in them.
func (sc *scale) segments(lanes []Lane) []Segment {
	dates := make([][]timeline.Date, len(sc.pieces))
	for _, l := range lanes {
		for _, e := range l.Events {
			i := sc.find(secs(e.When.Start))
			for i < len(sc.pieces)-1 && sc.pieces[i].brk {
				i++
			}
			dates[i] = append(dates[i], e.When)
			if !e.End.IsZero() {
				dates[i] = append(dates[i], e.End)
			}
		}
	}
	var out []Segment
	for i, p := range sc.pieces {
		if p.brk {
			continue
		}
		s := Segment{X: r1(p.x0), W: width(p.x0, p.x1), Label: rangeText(dates[i])}
		s.Visible = textWidth(s.Label) <= p.x1-p.x0
		out = append(out, s)
	}
	return out
}

func (sc *scale) breakList() []Break {
	var out []Break
	for _, p := range sc.pieces {
		if p.brk {
			out = append(out, Break{
				X: r1(p.x0), W: width(p.x0, p.x1),
				Label: "about " + lengthText(p.t1-p.t0) + " without events, shortened",
				from:  p.t0, to: p.t1,
			})
		}
	}
	return out
}
