package axis

import (
	"math"
	"strconv"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// r1 rounds to a tenth of a unit: finer than a screen shows, and short
// in the SVG.
func r1(v float64) float64 { return math.Round(v*10) / 10 }

// width is the width from x0 to x1 as their rounded places show it, so
// that X+W stays where x1 rounds to.
func width(x0, x1 float64) float64 { return r1(r1(x1) - r1(x0)) }

// num writes v as SVG path data takes it.
func num(v float64) string { return strconv.FormatFloat(r1(v), 'f', -1, 64) }

// glyph is the path data and text of a shape centred at (cx, cy) of
// radius r (a cluster's r is half its pill's width; text its count).
func glyph(s Shape, cx, cy, r float64, text string) (fill, outline, txt string, textY float64) {
	switch s {
	case Dot:
		return circle(cx, cy, r), "", "", 0
	case HalfDot:
		half := "M" + num(cx) + " " + num(cy-r) + "A" + num(r) + " " + num(r) + " 0 0 0 " + num(cx) + " " + num(cy+r) + "Z"
		return half, circle(cx, cy, r), "", 0
	case Diamond:
		d := r * 1.25
		return "", "M" + num(cx) + " " + num(cy-d) + "L" + num(cx+d) + " " + num(cy) + "L" + num(cx) + " " + num(cy+d) + "L" + num(cx-d) + " " + num(cy) + "Z", "", 0
	case Ring:
		return "", circle(cx, cy, r), "", 0
	case Question:
		return "", circle(cx, cy, r), "?", r1(cy + r*0.7)
	case Cross:
		d := r * 0.85
		return "", "M" + num(cx-d) + " " + num(cy-d) + "L" + num(cx+d) + " " + num(cy+d) + "M" + num(cx+d) + " " + num(cy-d) + "L" + num(cx-d) + " " + num(cy+d), "", 0
	}
	return "", pill(cx, cy, r), text, r1(cy + 4)
}

func circle(cx, cy, r float64) string {
	return "M" + num(cx-r) + " " + num(cy) + "a" + num(r) + " " + num(r) + " 0 1 0 " + num(2*r) + " 0a" + num(r) + " " + num(r) + " 0 1 0 " + num(-2*r) + " 0Z"
}

// pill is a rounded box half wide either side of cx, 14 units high.
func pill(cx, cy, half float64) string {
	const h = 7.0
	straight := max(2*half-2*h, 0)
	return "M" + num(cx-half+h) + " " + num(cy-h) + "h" + num(straight) + "a" + num(h) + " " + num(h) + " 0 0 1 0 " + num(2*h) +
		"h" + num(-straight) + "a" + num(h) + " " + num(h) + " 0 0 1 0 " + num(-2*h) + "Z"
}

// breakPath is the "⫽" of a break: two slashes across the axis at x.
func breakPath(x, y float64) string {
	return "M" + num(x-5) + " " + num(y+6) + "L" + num(x-1) + " " + num(y-6) + "M" + num(x+1) + " " + num(y+6) + "L" + num(x+5) + " " + num(y-6)
}

// ymd is a date's day on its own wall clock, comparable in order.
type ymd struct{ y, m, d int }

func (a ymd) before(b ymd) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

// rangeText words the days dates fall on, each on its own wall clock, at
// the coarsest precision among them (at most a day): "2011",
// "2011–2024", "Sep 2025", "1–3 Sep 2025", "30 Aug – 3 Sep 2025".
func rangeText(dates []timeline.Date) string {
	if len(dates) == 0 {
		return ""
	}
	p := timeline.Day
	var lo, hi ymd
	for i, d := range dates {
		p = min(p, d.Precision)
		y, m, dd := d.Start.Date()
		k := ymd{y, int(m), dd}
		if i == 0 || k.before(lo) {
			lo = k
		}
		if i == 0 || hi.before(k) {
			hi = k
		}
	}
	switch p {
	case timeline.Year:
		return yearsText(lo.y, hi.y)
	case timeline.Month:
		return monthsText(lo, hi)
	}
	return daysText(lo, hi)
}

func yearsText(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return strconv.Itoa(a) + "–" + strconv.Itoa(b)
}

func monthsText(a, b ymd) string {
	ma, mb := time.Month(a.m).String()[:3], time.Month(b.m).String()[:3]
	switch {
	case a.y != b.y:
		return ma + " " + strconv.Itoa(a.y) + " – " + mb + " " + strconv.Itoa(b.y)
	case a.m != b.m:
		return ma + "–" + mb + " " + strconv.Itoa(a.y)
	}
	return ma + " " + strconv.Itoa(a.y)
}

func daysText(a, b ymd) string {
	ma, mb := time.Month(a.m).String()[:3], time.Month(b.m).String()[:3]
	da, db := strconv.Itoa(a.d), strconv.Itoa(b.d)
	switch {
	case a.y != b.y:
		return da + " " + ma + " " + strconv.Itoa(a.y) + " – " + db + " " + mb + " " + strconv.Itoa(b.y)
	case a.m != b.m:
		return da + " " + ma + " – " + db + " " + mb + " " + strconv.Itoa(a.y)
	case a.d != b.d:
		return da + "–" + db + " " + ma + " " + strconv.Itoa(a.y)
	}
	return da + " " + ma + " " + strconv.Itoa(a.y)
}

// lengthText words a length of time in seconds in its largest whole unit,
// rounded: "12 years", "8 months", "27 days".
func lengthText(s float64) string {
	const day = 86400.0
	switch {
	case s >= 365*day:
		return plural(s/(365.2425*day), "year")
	case s >= 60*day:
		return plural(s/(30.436875*day), "month")
	case s >= 2*day:
		return plural(s/day, "day")
	case s >= 2*3600:
		return plural(s/3600, "hour")
	}
	return plural(max(s/60, 1), "minute")
}

func plural(v float64, u string) string {
	n := int(math.Round(v))
	if n == 1 {
		return "1 " + u
	}
	return strconv.Itoa(n) + " " + u + "s"
}
