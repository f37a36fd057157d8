package axis

import (
	"strconv"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A placed event is a span with its place on the axis, before it is
// stacked or clustered.
type placed struct {
	s            span
	x, right     float64 // the span of the date
	softL, softR float64
	cx           float64
	r            float64 // glyph radius
	key          bool
}

func place(spans []span, sc *scale, opt Options) []placed {
	out := make([]placed, len(spans))
	for i, s := range spans {
		p := placed{s: s, x: sc.x(s.start), right: sc.x(s.end), softL: sc.x(s.lo), softR: sc.x(s.hi), r: Radius}
		if p.key = opt.Key(s.e); p.key {
			p.r = KeyRadius
		}
		p.cx = clamp((p.x+sc.x(s.whenEnd))/2, p.r, opt.Width-p.r)
		out[i] = p
	}
	return out
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }

// A group is a run of consecutive events drawn as one mark: one event, or
// a cluster.
type group struct {
	ev          []placed
	left, right float64 // the room it takes in its row
	cx, half    float64 // the glyph's centre and half width
}

func (g *group) cluster() bool { return len(g.ev) > 1 }

// groups runs events into groups: with window 0 each event alone, else a
// run of the events that start less than window after its first, made a
// cluster when it holds more than maxRows events.
func groups(ev []placed, window float64, maxRows int, width float64) []group {
	var out []group
	for i := 0; i < len(ev); {
		j := i + 1
		if window > 0 {
			for j < len(ev) && ev[j].x-ev[i].x < window {
				j++
			}
			if j-i <= maxRows {
				j = i + 1
			}
		}
		out = append(out, newGroup(ev[i:j], width))
		i = j
	}
	return out
}

func newGroup(ev []placed, width float64) group {
	g := group{ev: ev}
	if len(ev) == 1 {
		e := ev[0]
		g.cx, g.half = e.cx, e.r
		g.left, g.right = min(e.softL, e.cx-e.r), max(e.softR, e.cx+e.r)
		return g
	}
	g.half = pillWidth(len(ev)) / 2
	g.cx = clamp((ev[0].cx+ev[len(ev)-1].cx)/2, g.half, width-g.half)
	g.left, g.right = g.cx-g.half, g.cx+g.half
	for _, e := range ev {
		g.left, g.right = min(g.left, e.x), max(g.right, e.right)
	}
	return g
}

// pillWidth is the width of a cluster's pill, room for its count.
func pillWidth(n int) float64 {
	return float64(len(strconv.Itoa(n)))*charWidth + 10
}

// stack puts each group in the lowest row where it clears the one before
// by Spacing; it reports false when some group finds no row.
func stack(gs []group, maxRows int) ([]int, bool) {
	rows := make([]int, len(gs))
	ends := make([]float64, 0, maxRows)
	for i, g := range gs {
		r := 0
		for r < len(ends) && ends[r]+Spacing > g.left {
			r++
		}
		if r == maxRows {
			return nil, false
		}
		if r == len(ends) {
			ends = append(ends, 0)
		}
		ends[r], rows[i] = g.right, r
	}
	return rows, true
}

// arrange groups and stacks a lane's events, with the clustering window
// widened until they fit in maxRows rows and cap marks.
func arrange(ev []placed, maxRows, limit int, width float64) ([]group, []int) {
	window := 0.0
	for {
		gs := groups(ev, window, maxRows, width)
		if len(gs) <= limit {
			if rows, ok := stack(gs, maxRows); ok {
				return gs, rows
			}
		}
		if window > 2*width { // one run of everything: it fits in one row
			gs = []group{newGroup(ev, width)}
			return gs, []int{0}
		}
		window = max(2*window, 2*Radius+Spacing)
	}
}

// placeLanes lays the lanes out from the top, then the axis below them.
func (lay *Layout) placeLanes(lanes []Lane, spans [][]span, sc *scale, opt Options) {
	limit := max(opt.MaxMarks/max(len(lanes), 1), 12)
	y := 0.0
	for i, l := range lanes {
		gs, rows := arrange(place(spans[i], sc, opt), opt.MaxRows, limit, opt.Width)
		n := 1
		for _, r := range rows {
			n = max(n, r+1)
		}
		ll := LaneLayout{Title: l.Title, Y: y, TitleX: Pad, TitleY: y + 13, Rows: n, Events: len(l.Events)}
		ll.Height = TitleHeight + float64(n)*RowHeight
		for k, g := range gs {
			ll.Marks = append(ll.Marks, markOf(g, rows[k], y+TitleHeight+(float64(rows[k])+0.5)*RowHeight, opt))
		}
		lay.Lanes = append(lay.Lanes, ll)
		lay.Events += len(l.Events)
		lay.Marks += len(ll.Marks)
		y += ll.Height + LaneGap
	}
	lay.AxisY = y + 4
	lay.PlotHeight = lay.AxisY - lay.PlotTop
	lay.TickEndY = lay.AxisY + TickLength
	lay.TickLabelY = lay.AxisY + 17
	lay.SegmentLabelY = lay.AxisY + 31
	lay.Height = lay.AxisY + 36
	for i := range lay.Breaks {
		b := &lay.Breaks[i]
		b.Path = breakPath(b.X+b.W/2, lay.AxisY)
	}
}

// markOf draws a group on its row, whose middle is at y.
func markOf(g group, row int, y float64, opt Options) Mark {
	first := g.ev[0]
	m := Mark{
		ID: first.s.e.ID, Href: opt.Href(first.s.e), Count: len(g.ev), Row: row,
		X: r1(first.x), CX: r1(g.cx), CY: r1(y), BarY: r1(y - BarHeight/2),
	}
	right := first.right
	for _, e := range g.ev {
		right = max(right, e.right)
		m.Key = m.Key || e.key
	}
	m.W = width(first.x, right)
	m.Bar = m.W >= 2 && (g.cluster() || !instant(first.s.e))
	if g.cluster() {
		clusterMark(&m, g)
		return m
	}
	eventMark(&m, first, opt)
	return m
}

func eventMark(m *Mark, p placed, opt Options) {
	e := p.s.e
	m.Title = e.Title
	m.Date = dateText(e, opt.Labels)
	m.Status = string(e.Status)
	m.Label = e.Title + ", " + m.Date
	if l := e.Status.Label(); l != "" {
		m.Label += ", " + l
	}
	if p.s.soft {
		m.SoftX = r1(p.softL)
		m.SoftW = width(p.softL, p.softR)
	}
	m.Shape = shapeOf(e.Status)
	m.Fill, m.Outline, m.Text, m.TextY = glyph(m.Shape, m.CX, m.CY, p.r, "")
}

// instant reports whether e is a moment, drawn as a glyph alone however
// wide its minute or second spans in a segment that holds nothing else.
func instant(e *timeline.Event) bool { return e.When.HasClock() && e.End.IsZero() }

// dateText is an event's date as its entry on the page words it, with
// the end of a range.
func dateText(e *timeline.Event, labels timeline.Labels) string {
	s := e.When.Display(e.Approximate, e.WhenText, labels)
	if !e.End.IsZero() {
		s += " to " + e.End.Display(false, "", labels)
	}
	return s
}

func clusterMark(m *Mark, g group) {
	var dates []timeline.Date
	var keys []string
	status := g.ev[0].s.e.Status
	for _, p := range g.ev {
		e := p.s.e
		dates = append(dates, e.When)
		if !e.End.IsZero() {
			dates = append(dates, e.End)
		}
		if p.key {
			keys = append(keys, e.Title)
		}
		if e.Status != status {
			status = ""
		}
	}
	m.Date = rangeText(dates)
	m.Status = string(status)
	m.Label = strconv.Itoa(len(g.ev)) + " events, " + m.Date
	switch len(keys) {
	case 0:
	case 1:
		m.Label += ", including " + keys[0]
	default:
		m.Label += ", including " + keys[0] + " and " + strconv.Itoa(len(keys)-1) + " more key events"
	}
	m.Shape = Cluster
	m.Fill, m.Outline, m.Text, m.TextY = glyph(Cluster, m.CX, m.CY, g.half, strconv.Itoa(len(g.ev)))
}

func shapeOf(s timeline.Status) Shape {
	switch s {
	case timeline.Reported:
		return HalfDot
	case timeline.Claimed:
		return Diamond
	case timeline.Expected:
		return Ring
	case timeline.Speculated:
		return Question
	case timeline.Cancelled:
		return Cross
	}
	return Dot
}

// legend explains the shapes the lanes use, statuses firmest first, then
// clusters.
func legend(lanes []LaneLayout) []LegendItem {
	used := map[Shape]bool{}
	for _, l := range lanes {
		for _, m := range l.Marks {
			used[m.Shape] = true
		}
	}
	var out []LegendItem
	c := LegendSize / 2
	for _, s := range timeline.Statuses {
		sh := shapeOf(s)
		if !used[sh] {
			continue
		}
		it := LegendItem{Shape: sh, Status: string(s), Label: s.Label(), Symbol: s.Symbol()}
		it.Fill, it.Outline, it.Text, it.TextY = glyph(sh, c, c, Radius, "")
		out = append(out, it)
	}
	if used[Cluster] {
		it := LegendItem{Shape: Cluster, Label: "Several events (their count)"}
		it.Fill, it.Outline, it.Text, it.TextY = glyph(Cluster, c, c, c-1, "n")
		out = append(out, it)
	}
	return out
}
