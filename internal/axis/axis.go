// Package axis lays out an inline SVG time axis of events, drawn at build
// time with no script: lanes of marks over one shared horizontal axis of
// time, in user units that an SVG viewBox scales. It does no I/O and
// imports only the standard library and the content model.
//
// What it promises:
//
//   - Time runs left to right in proportion to real elapsed time within
//     each segment of the axis. Long stretches in which nothing happens
//     are cut out and drawn as a break of fixed width with a "⫽" marker,
//     never to scale. A break never overlaps an event that contains no
//     other event; only a coarse date that contains others (a month that
//     contains days of it) may be drawn through one.
//   - Every mark stays on the axis (0 ≤ X and X+W ≤ Width, its glyph
//     included), and within a lane marks keep the order of the events
//     given: X never decreases, clusters included.
//   - A date is drawn as the span it covers: "2024" as the year, a range
//     from its start to the end of its End. An approximate date carries a
//     soft span around it: ±30 minutes for a clock time ("c. 16:00"), half
//     its unit either side for a coarser one (±12 hours for a day).
//   - Status is told by shape as well as colour (filled circle confirmed,
//     half-filled reported, diamond claimed, hollow circle expected, "?"
//     speculated, cross cancelled), as [timeline.Status.Symbol] does in
//     text; key events are drawn larger.
//   - Marks that would overlap are stacked into at most MaxRows rows; when
//     that is not enough, or a lane would have more than its share of
//     MaxMarks marks, runs of neighbouring events become one cluster mark
//     with a count ("12 events, 1–3 Sep 2025") linking to its first event.
//     So a lane of 10,000 events stays readable and its SVG small.
//   - Ticks fall on whole years, months, days, hours or minutes of the
//     given zone, at a step that leaves room for their labels, each within
//     its segment; the zone and its offset are named once, in Caption, and
//     a clock tick names its own offset only where it differs from the
//     zone's offset at the end of the axis, which the caption is taken to
//     name (daylight saving, or a zone's offset changing over the years).
//   - The Layout holds only numbers, strings and path data, each number
//     rounded to a tenth of a unit, so that a template draws it without
//     arithmetic; the same input always gives the same Layout.
//
// # Compression
//
// Each event takes the time span from its first instant to the end of its
// date (or of its End), widened by its soft span when approximate. An
// event whose span contains another event's is a container; the others
// are leaves. The gaps of the axis are the stretches that no leaf covers,
// including those before the first and after the last leaf that only
// containers reach. Breaks are chosen one at a time: take the gap that
// is the largest share of its segment (the stretch between the breaks
// already chosen), if that share is at least BreakFraction and the gap
// at least GapFactor times the median time between consecutive starts of
// the events in that segment; stop at MaxBreaks. So "2011", "2024" and
// three days of September 2025 become three segments, while a daily
// series, or thousands of events spread over a year, keep one linear
// axis.
//
// Each segment is then given a share of the width left after padding and
// breaks: half in proportion to the square root of its duration, half in
// proportion to the events it holds, with a floor of MinSegmentWidth, so
// that a burst of events gets room and a long quiet year does not take it
// all.
//
// # Clustering
//
// Marks are stacked greedily, each into the lowest row where it clears
// the mark before it by Spacing. When some mark finds no row, or the lane
// has more marks than its share of MaxMarks, the lane is laid out again
// with events grouped into runs: a run starts at an event and takes in
// every following event that starts less than a window later on the axis;
// a run of more than MaxRows events becomes one cluster. The window starts
// at a glyph's width and doubles until the lane fits.
package axis

import (
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Defaults and tuning of the layout, in user units unless said otherwise.
const (
	DefaultWidth    = 1000.0
	MinWidth        = 200.0 // narrower widths are widened to this
	DefaultMaxRows  = 3
	DefaultMaxMarks = 300 // across all lanes: about 150 KB of SVG at most

	// BreakFraction is the least share of its segment a gap must be to
	// become a break; GapFactor the least multiple of the median spacing
	// of the events in that segment, so that a regular series, or two
	// events minutes apart, keep a linear axis.
	BreakFraction = 0.2
	GapFactor     = 8
	MaxBreaks     = 10

	Pad             = 16.0 // left and right of the axis: room for a glyph at either end
	BreakWidth      = 24.0
	MinSegmentWidth = 60.0
	Spacing         = 3.0 // the least room between two marks in a row

	Radius      = 5.0 // of a glyph; a key event's is KeyRadius
	KeyRadius   = 7.0
	BarHeight   = 6.0
	RowHeight   = 18.0
	TitleHeight = 18.0 // a lane's title line above its rows
	LaneGap     = 6.0
	TickLength  = 5.0
	LegendSize  = 14.0
	charWidth   = 6.2 // of 11-unit text, to estimate a label's width
)

// A Lane is one row of the axis to lay out: a timeline and its events, in
// the order timeline.CompareEvents gives.
type Lane struct {
	Title  string
	Events []*timeline.Event
}

// Options say how to lay out the lanes. Only Zone and Href matter much; the
// rest have defaults.
type Options struct {
	Width float64 // in user units; 0 means DefaultWidth
	// Zone is the wall clock of the ticks (UTC when nil), and ZoneLabel
	// how the caption names it, such as "Beijing time (UTC+8)" from
	// timeline.Date.ZoneLabel; when empty, the caption gives its offset.
	Zone      *time.Location
	ZoneLabel string
	Labels    timeline.Labels // zone names for the events' own dates
	// Href is the link of an event's entry on the page, such as
	// "#event-arrives-beijing"; nil means "#event-" and the id.
	Href func(*timeline.Event) string
	// Key reports whether an event is a key event, drawn larger; nil
	// means the event's own Key.
	Key      func(*timeline.Event) bool
	MaxRows  int // rows of marks in a lane before clustering; 0 means DefaultMaxRows
	MaxMarks int // marks in all lanes together; 0 means DefaultMaxMarks
}

// A Layout is an axis ready to draw: every position in user units of a
// viewBox "0 0 Width Height".
type Layout struct {
	Width, Height float64
	// Caption names the zone of the ticks with its offset, and says that
	// breaks are not to scale when there are any: "Times in Beijing time
	// (UTC+8). Two slashes (//) mark a stretch without events, shortened."
	Caption string
	// PlotTop is the top of the first lane (0) and PlotHeight the height
	// down to AxisY, the axis line below the last lane; TickEndY is the
	// end of a tick, TickLabelY and SegmentLabelY the baselines of tick
	// and segment labels.
	PlotTop, PlotHeight, AxisY, TickEndY, TickLabelY, SegmentLabelY float64
	BarHeight                                                       float64
	LegendSize                                                      float64 // the side of the box of a legend glyph
	Lanes                                                           []LaneLayout
	Segments                                                        []Segment
	Breaks                                                          []Break
	Ticks                                                           []Tick
	Legend                                                          []LegendItem
	Events, Marks                                                   int // events laid out, and marks drawn for them
}

// A LaneLayout is a lane as drawn: a band from Y to Y+Height with its
// title on the baseline TitleY at X and its marks below.
type LaneLayout struct {
	Title     string
	Y, Height float64
	TitleX    float64
	TitleY    float64
	Rows      int
	Events    int
	Marks     []Mark
}

// Shape is how a mark's glyph tells its status without colour.
type Shape string

// The shapes of marks.
const (
	Dot      Shape = "dot"      // confirmed, or no status
	HalfDot  Shape = "half"     // reported
	Diamond  Shape = "diamond"  // claimed
	Ring     Shape = "ring"     // expected
	Question Shape = "question" // speculated: a ring with "?"
	Cross    Shape = "cross"    // cancelled
	Cluster  Shape = "cluster"  // several events: a pill with their count
)

// A Mark is one event, or a cluster of neighbouring ones, as drawn: the
// bar of its span, its soft span when approximate, and a glyph.
type Mark struct {
	ID    string // the event's id; a cluster's first event's
	Title string // the event's title; empty for a cluster
	Date  string // the event's date as the page words it; a cluster's range: "1–3 Sep 2025"
	// Label is the accessible name of the link: title, date and status,
	// or "12 events, 1–3 Sep 2025" for a cluster.
	Label  string
	Href   string
	Status string // the status value ("confirmed"), a CSS class; "" for a mixed cluster
	Shape  Shape
	Key    bool // a key event, or a cluster holding one
	Count  int  // events the mark stands for: 1, or a cluster's size
	Row    int  // from 0 at the top of the lane
	// X and W are the span of the date(s) on the axis; Bar reports
	// whether it is wide enough to draw as a bar from BarY, BarHeight
	// high. SoftX and SoftW are the soft span of an approximate date,
	// W 0 otherwise.
	X, W         float64
	Bar          bool
	BarY         float64
	SoftX, SoftW float64
	// CX, CY are the centre of the glyph. Fill is path data to fill,
	// Outline path data to stroke (either may be empty); Text, when not
	// empty, is drawn centred at CX on the baseline TextY.
	CX, CY  float64
	Fill    string
	Outline string
	Text    string
	TextY   float64
}

// A Segment is a stretch of the axis drawn to scale, from X to X+W.
// Label names the dates its events fall on ("2011", "1–3 Sep 2025"), to
// draw at X on Layout.SegmentLabelY when Visible (it fits).
type Segment struct {
	X, W    float64
	Label   string
	Visible bool
}

// A Break is a stretch of time cut out of the axis, from X to X+W. Path
// is the "⫽" marker on the axis line; Label says what was cut, as in
// "about 12 years without events, shortened".
type Break struct {
	X, W  float64
	Path  string
	Label string

	from, to float64 // seconds, for the tests
}

// A Tick is a whole unit of time on the axis, labelled in the zone of the
// axis; Anchor is the text-anchor that keeps its label inside the axis.
// Major ticks start a larger unit (a day among hours).
type Tick struct {
	X      float64
	Label  string
	Anchor string
	Major  bool

	seg int // index of its segment, for the tests
}

// A LegendItem explains one shape present in the layout, with its glyph
// centred in a box Layout.LegendSize square.
type LegendItem struct {
	Shape   Shape
	Status  string
	Label   string // "Confirmed", "Cluster of events"
	Symbol  string // the status symbol in text, as timeline.Status.Symbol
	Fill    string
	Outline string
	Text    string
	TextY   float64
}

// Build lays out lanes over one shared axis. It never fails: lanes
// without events give an axis with no marks.
func Build(lanes []Lane, opt Options) *Layout {
	opt = opt.withDefaults()
	spans := make([][]span, len(lanes))
	for i, l := range lanes {
		spans[i] = spansOf(l.Events)
	}
	sc := newScale(spans, opt.Width)
	lay := &Layout{Width: r1(opt.Width), BarHeight: BarHeight, LegendSize: LegendSize}
	lay.Segments, lay.Breaks = sc.segments(lanes), sc.breakList()
	lay.Ticks = sc.ticks(opt.Zone)
	lay.Caption = caption(opt, sc)
	lay.placeLanes(lanes, spans, sc, opt)
	lay.Legend = legend(lay.Lanes)
	return lay
}

func (o Options) withDefaults() Options {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	o.Width = max(o.Width, MinWidth)
	if o.Zone == nil {
		o.Zone = time.UTC
	}
	if o.Href == nil {
		o.Href = func(e *timeline.Event) string { return "#event-" + e.ID }
	}
	if o.Key == nil {
		o.Key = func(e *timeline.Event) bool { return e.Key }
	}
	if o.MaxRows < 1 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxMarks < 1 {
		o.MaxMarks = DefaultMaxMarks
	}
	return o
}
