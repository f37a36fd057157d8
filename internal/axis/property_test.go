package axis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

var zones = []string{"UTC", "Asia/Shanghai", "Asia/Pyongyang", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham", "Europe/London"}

// randomLanes makes up to three lanes of events at mixed precisions,
// zones, ranges and approximations, in bursts and sparse stretches.
func randomLanes(t testing.TB, r *rand.Rand) []Lane {
	n := 1 + r.IntN(3)
	lanes := make([]Lane, n)
	base := time.Date(1900+r.IntN(200), 1, 1, 0, 0, 0, 0, time.UTC)
	at := base
	for i := range n {
		lanes[i].Title = fmt.Sprintf("lane %d", i)
	}
	count := 1 + r.IntN(60)
	if r.IntN(10) == 0 {
		count = 500 + r.IntN(1500)
	}
	for k := range count {
		// Steps from seconds to decades, so that some gaps are breaks.
		switch r.IntN(6) {
		case 0:
			at = at.Add(time.Duration(r.Int64N(int64(time.Hour))))
		case 1:
			at = at.Add(time.Duration(r.Int64N(int64(48 * time.Hour))))
		case 2:
			at = at.AddDate(0, r.IntN(14), 0)
		case 3:
			at = at.AddDate(r.IntN(30), 0, 0)
		}
		e := randomEvent(t, r, fmt.Sprintf("e%04d", k), at)
		l := &lanes[r.IntN(n)]
		l.Events = append(l.Events, e)
	}
	for i := range lanes {
		sortEvents(lanes[i].Events)
	}
	return lanes
}

func randomEvent(t testing.TB, r *rand.Rand, id string, at time.Time) *timeline.Event {
	zone := zones[r.IntN(len(zones))]
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	local := at.In(loc)
	forms := []string{"2006", "2006-01", "2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05"}
	p := r.IntN(len(forms))
	d, err := timeline.ParseDate(local.Format(forms[p]), loc, zone)
	if err != nil { // a wall clock skipped by daylight saving: take the day
		d, _ = timeline.ParseDate(local.Format("2006-01-02"), loc, zone)
	}
	e := &timeline.Event{ID: id, Title: "Event " + id, When: d, Status: timeline.Statuses[r.IntN(len(timeline.Statuses))]}
	e.Approximate = r.IntN(5) == 0
	if r.IntN(5) == 0 {
		end := d.End().Add(time.Duration(r.Int64N(int64(90 * 24 * time.Hour))))
		if ed, err := timeline.ParseDate(end.In(loc).Format(forms[max(p, 2)]), loc, zone); err == nil && !ed.Start.Before(d.Start) {
			e.End = ed
		}
	}
	return e
}

func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2025))
	for i := range 400 {
		lanes := randomLanes(t, r)
		opt := Options{Width: 200 + float64(r.IntN(1800)), Zone: mustZone(t, zones[r.IntN(len(zones))]), MaxRows: 1 + r.IntN(4)}
		if r.IntN(2) == 0 {
			opt.Key = func(e *timeline.Event) bool { return e.ID[len(e.ID)-1] == '7' }
		}
		l := Build(lanes, opt)
		name := fmt.Sprintf("case %d (width %g, %d lanes)", i, opt.Width, len(lanes))
		checkOnAxis(t, name, l)
		checkOrder(t, name, l, lanes)
		checkBreaks(t, name, l, lanes)
		checkTicks(t, name, l)
		if again := Build(lanes, opt); !reflect.DeepEqual(l, again) {
			t.Fatalf("%s: two layouts of the same lanes differ", name)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

func mustZone(t testing.TB, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

const eps = 1e-9

func checkOnAxis(t *testing.T, name string, l *Layout) {
	for _, ln := range l.Lanes {
		for _, m := range ln.Marks {
			half := Radius
			if m.Key {
				half = KeyRadius
			}
			if m.Shape == Cluster {
				half = pillWidth(m.Count) / 2
			}
			if m.X < 0 || m.X+m.W > l.Width+eps || m.W < 0 || m.CX-half < -eps || m.CX+half > l.Width+eps {
				t.Errorf("%s: mark %s (x %g w %g cx %g) leaves the axis of width %g", name, m.ID, m.X, m.W, m.CX, l.Width)
			}
			if m.SoftW > 0 && (m.SoftX < 0 || m.SoftX+m.SoftW > l.Width+eps) {
				t.Errorf("%s: soft span of %s (%g+%g) leaves the axis", name, m.ID, m.SoftX, m.SoftW)
			}
			if m.Row < 0 || m.Row >= ln.Rows || m.CY < ln.Y || m.CY > ln.Y+ln.Height {
				t.Errorf("%s: mark %s in row %d at y %g is outside its lane", name, m.ID, m.Row, m.CY)
			}
		}
	}
}

// checkOrder: the marks of a lane stand for its events in order, each
// once, with X never decreasing.
func checkOrder(t *testing.T, name string, l *Layout, lanes []Lane) {
	for i, ln := range l.Lanes {
		k, prev := 0, -1.0
		for _, m := range ln.Marks {
			if k >= len(lanes[i].Events) || m.ID != lanes[i].Events[k].ID {
				t.Fatalf("%s: lane %d mark %s is not event %d", name, i, m.ID, k)
			}
			if m.X < prev {
				t.Errorf("%s: lane %d mark %s at x %g is before the one before it (%g)", name, i, m.ID, m.X, prev)
			}
			prev = m.X
			k += m.Count
		}
		if k != len(lanes[i].Events) {
			t.Errorf("%s: lane %d marks stand for %d of %d events", name, i, k, len(lanes[i].Events))
		}
	}
}

// checkBreaks: a break overlaps only spans that contain another event's.
func checkBreaks(t *testing.T, name string, l *Layout, lanes []Lane) {
	if len(l.Breaks) == 0 {
		return
	}
	var all []span
	for _, ln := range lanes {
		all = append(all, spansOf(ln.Events)...)
	}
	for _, b := range l.Breaks {
		for _, s := range all {
			if s.lo < b.to && s.hi > b.from && !containsAnother(s, all) {
				t.Errorf("%s: break %q overlaps event %s, which contains no other", name, b.Label, s.e.ID)
			}
		}
	}
	for i := 1; i < len(l.Breaks); i++ {
		if l.Breaks[i].X < l.Breaks[i-1].X+l.Breaks[i-1].W-eps {
			t.Errorf("%s: breaks overlap", name)
		}
	}
}

func containsAnother(s span, all []span) bool {
	for _, o := range all {
		if o.lo >= s.lo && o.hi <= s.hi && (o.lo != s.lo || o.hi != s.hi) {
			return true
		}
	}
	return false
}

func checkTicks(t *testing.T, name string, l *Layout) {
	prev := -1.0
	for _, k := range l.Ticks {
		s := l.Segments[k.seg]
		if k.X < s.X-eps || k.X > s.X+s.W+eps {
			t.Errorf("%s: tick %q at %g is outside its segment %g–%g", name, k.Label, k.X, s.X, s.X+s.W)
		}
		if k.X <= prev {
			t.Errorf("%s: tick %q at %g is not after the one before (%g)", name, k.Label, k.X, prev)
		}
		prev = k.X
	}
}
