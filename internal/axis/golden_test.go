package axis

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests' zones, whatever the machine has

	"github.com/dateline-ssg/dateline/internal/timeline"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var labels = timeline.Labels{
	"Asia/Shanghai":  "Beijing time",
	"Asia/Pyongyang": "Pyongyang time",
	"Asia/Seoul":     "Seoul time",
	"Europe/Moscow":  "Moscow time",
}

// ev makes an event as load would, its date read in zone.
func ev(t testing.TB, id, when, zone string, status timeline.Status, opts ...func(*timeline.Event)) *timeline.Event {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	d, err := timeline.ParseDate(when, loc, zone)
	if err != nil {
		t.Fatal(err)
	}
	e := &timeline.Event{ID: id, Title: strings.ReplaceAll(id, "-", " "), When: d, Status: status}
	for _, o := range opts {
		o(e)
	}
	return e
}

func key(e *timeline.Event)               { e.Key = true }
func approx(e *timeline.Event)            { e.Approximate = true }
func text(s string) func(*timeline.Event) { return func(e *timeline.Event) { e.WhenText = s } }
func until(t testing.TB, end string) func(*timeline.Event) {
	return func(e *timeline.Event) {
		d, err := timeline.ParseDate(end, e.When.Start.Location(), e.When.Zone)
		if err != nil {
			t.Fatal(err)
		}
		e.End = d
	}
}

// exampleLanes are the example site's timelines and events.
func exampleLanes(t testing.TB) []Lane {
	journey := []*timeline.Event{
		ev(t, "leaves-pyongyang", "2025-09-01", "Asia/Pyongyang", timeline.Confirmed),
		ev(t, "crosses-border", "2025-09-02T05:00", "Asia/Shanghai", timeline.Confirmed, approx, text("at dawn")),
		ev(t, "arrives-beijing", "2025-09-02T16:00", "Asia/Shanghai", timeline.Confirmed, approx, key),
		ev(t, "victory-parade", "2025-09-03", "Asia/Shanghai", timeline.Confirmed),
	}
	diplomacy := []*timeline.Event{
		ev(t, "sideline-summits", "2025-09", "Asia/Shanghai", timeline.Speculated, text("during the visit (date not given)")),
		ev(t, "kremlin-summit-remarks", "2025-09-02", "Europe/Moscow", timeline.Reported),
		ev(t, "nis-assessment", "2025-09-02", "Asia/Seoul", timeline.Reported, text("earlier in the day")),
	}
	background := []*timeline.Event{
		ev(t, "kim-takes-power", "2011", "Asia/Pyongyang", timeline.Confirmed),
		ev(t, "russia-defence-treaty", "2024", "Asia/Pyongyang", timeline.Confirmed),
	}
	sortEvents(diplomacy)
	return []Lane{{"The journey", journey}, {"The diplomacy", diplomacy}, {"Background", background}}
}

func sortEvents(es []*timeline.Event) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && timeline.CompareEvents(es[j-1], es[j]) > 0; j-- {
			es[j-1], es[j] = es[j], es[j-1]
		}
	}
}

func shanghai(t testing.TB) Options {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return Options{Zone: loc, ZoneLabel: "Beijing time (UTC+8)", Labels: labels}
}

func TestGolden(t *testing.T) {
	opt := shanghai(t)
	cases := map[string]func() []Lane{
		// The home page: every timeline over one axis, 2011 to 3 Sep 2025.
		"example-home": func() []Lane { return exampleLanes(t) },
		// A timeline page: the journey alone, three days.
		"example-journey": func() []Lane { return exampleLanes(t)[:1] },
		// Each precision as the span it covers, a range, soft spans; the
		// year and month are cut down to the days within them.
		"precision": func() []Lane {
			return []Lane{{"Precision", []*timeline.Event{
				ev(t, "year", "2024", "Asia/Shanghai", timeline.Confirmed),
				ev(t, "c-year", "2024", "Asia/Shanghai", timeline.Expected, approx),
				ev(t, "month", "2024-06", "Asia/Shanghai", timeline.Claimed),
				ev(t, "c-day", "2024-06-10", "Asia/Shanghai", timeline.Reported, approx),
				ev(t, "range", "2024-06-12", "Asia/Shanghai", timeline.Cancelled, until(t, "2024-06-20")),
				ev(t, "minute", "2024-06-15T09:30", "Asia/Shanghai", timeline.Confirmed),
				ev(t, "c-minute", "2024-06-15T16:00", "Asia/Shanghai", timeline.Confirmed, approx),
			}}}
		},
		// A burst of 200 events within minutes among daily ones: the
		// burst clusters, the days do not.
		"clusters": func() []Lane {
			var es []*timeline.Event
			for d := 1; d <= 5; d++ {
				es = append(es, ev(t, fmt.Sprintf("day-%d", d), fmt.Sprintf("2025-03-%02dT12:00", d), "UTC", timeline.Confirmed))
				if d == 3 {
					// 200 events a second apart, the 30th a key event.
					for m := range 200 {
						at := fmt.Sprintf("2025-03-03T14:%02d:%02d", m/60, m%60)
						e := ev(t, fmt.Sprintf("burst-%02d", m), at, "UTC", timeline.Reported)
						e.Key = m == 29
						es = append(es, e)
					}
				}
			}
			return []Lane{{"Clusters", es}}
		},
		// Gaps of decades and years between events are breaks; the day
		// between two on 1 and 3 January 2020 is not.
		// A daily series keeps a linear axis.
		"daily": func() []Lane {
			var es []*timeline.Event
			for d := 1; d <= 6; d++ {
				es = append(es, ev(t, fmt.Sprintf("day-%d", d), fmt.Sprintf("2025-03-%02dT12:00", d), "UTC", timeline.Expected))
			}
			return []Lane{{"Daily", es}}
		},
		"breaks": func() []Lane {
			return []Lane{{"Breaks", []*timeline.Event{
				ev(t, "a", "1990-05-01", "UTC", timeline.Confirmed),
				ev(t, "b", "1990-05-03", "UTC", timeline.Confirmed),
				ev(t, "c", "2020-01-01T10:00", "UTC", timeline.Confirmed),
				ev(t, "d", "2020-01-01T11:30", "UTC", timeline.Confirmed),
				ev(t, "e", "2020-01-03T09:00", "UTC", timeline.Confirmed),
				ev(t, "f", "2023-07-04", "UTC", timeline.Confirmed),
			}}}
		},
	}
	for name, lanes := range cases {
		t.Run(name, func(t *testing.T) {
			opt := opt
			if name == "precision" {
				opt.MaxRows = 6 // a row for each status, none clustered
			}
			checkGolden(t, name, dump(Build(lanes(), opt)))
		})
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the layout; run go test ./internal/axis -update and read the diff\ngot:\n%s", path, got)
	}
}

// dump writes a layout as readable text, one thing a line, without the
// path data, which follows from the positions.
func dump(l *Layout) string {
	var b strings.Builder
	fmt.Fprintf(&b, "layout %gx%g axis y=%g; %d events, %d marks\n", l.Width, l.Height, l.AxisY, l.Events, l.Marks)
	fmt.Fprintf(&b, "caption %q\n", l.Caption)
	for _, s := range l.Segments {
		fmt.Fprintf(&b, "segment x=%g w=%g %q visible=%t\n", s.X, s.W, s.Label, s.Visible)
	}
	for _, br := range l.Breaks {
		fmt.Fprintf(&b, "break x=%g w=%g %q\n", br.X, br.W, br.Label)
	}
	for _, t := range l.Ticks {
		fmt.Fprintf(&b, "tick x=%g %q %s major=%t\n", t.X, t.Label, t.Anchor, t.Major)
	}
	for _, ln := range l.Lanes {
		fmt.Fprintf(&b, "lane %q y=%g h=%g rows=%d events=%d\n", ln.Title, ln.Y, ln.Height, ln.Rows, ln.Events)
		for _, m := range ln.Marks {
			fmt.Fprintf(&b, "  %s row=%d x=%g w=%g bar=%t cx=%g", m.Shape, m.Row, m.X, m.W, m.Bar, m.CX)
			if m.SoftW > 0 {
				fmt.Fprintf(&b, " soft=%g+%g", m.SoftX, m.SoftW)
			}
			if m.Key {
				b.WriteString(" key")
			}
			if m.Count > 1 {
				fmt.Fprintf(&b, " count=%d", m.Count)
			}
			fmt.Fprintf(&b, " %s %q\n", m.Href, m.Label)
		}
	}
	for _, it := range l.Legend {
		fmt.Fprintf(&b, "legend %s %q %q\n", it.Shape, it.Symbol, it.Label)
	}
	return b.String()
}
