package axis

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// bigLanes are n events over three years in bursts (a busy day now and
// then, quiet weeks between), at mixed precisions, over lanes lanes.
func bigLanes(t testing.TB, n, lanes int) []Lane {
	r := rand.New(rand.NewPCG(10000, uint64(lanes)))
	out := make([]Lane, lanes)
	at := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		if r.IntN(50) == 0 {
			at = at.Add(time.Duration(r.IntN(20*24)) * time.Hour)
		}
		at = at.Add(time.Duration(r.IntN(40)) * time.Minute)
		e := newsEvent(t, r, fmt.Sprintf("event-%05d", i), at)
		e.Title = fmt.Sprintf("A title of about the usual length, number %d", i)
		l := &out[i%lanes]
		l.Title = fmt.Sprintf("Timeline %d", i%lanes)
		l.Events = append(l.Events, e)
	}
	for i := range out {
		sortEvents(out[i].Events)
	}
	return out
}

// newsEvent is an event as a news timeline has them: mostly to the
// minute or day, some approximate, a few months and ranges of days.
func newsEvent(t testing.TB, r *rand.Rand, id string, at time.Time) *timeline.Event {
	loc := mustZone(t, "Asia/Shanghai")
	form := "2006-01-02T15:04"
	switch k := r.IntN(20); {
	case k < 6:
		form = "2006-01-02"
	case k == 6:
		form = "2006-01"
	}
	d, err := timeline.ParseDate(at.In(loc).Format(form), loc, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	e := &timeline.Event{ID: id, When: d, Status: timeline.Statuses[r.IntN(len(timeline.Statuses))], Approximate: r.IntN(5) == 0}
	if d.Precision >= timeline.Day && r.IntN(30) == 0 {
		e.End, _ = timeline.ParseDate(d.Start.AddDate(0, 0, 1+r.IntN(5)).Format("2006-01-02"), loc, "Asia/Shanghai")
	}
	return e
}

// draw renders a layout through the reference template.
func draw(t testing.TB, l *Layout) []byte {
	tmpl := template.Must(template.ParseFiles("testdata/axis.tmpl"))
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, "axis", l); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSize draws 10,000 events on one timeline page and over the three
// lanes of a home page: each SVG stays under 200 KB, with few enough
// marks to read.
func TestSize(t *testing.T) {
	for _, lanes := range []int{1, 3} {
		l := Build(bigLanes(t, 10000, lanes), Options{Zone: mustZone(t, "Asia/Shanghai"), ZoneLabel: "Beijing time (UTC+8)"})
		svg := draw(t, l)
		t.Logf("%d lanes: %d events in %d marks, %d breaks, %d ticks, %d bytes of SVG", lanes, l.Events, l.Marks, len(l.Breaks), len(l.Ticks), len(svg))
		if len(svg) > 200_000 {
			t.Errorf("%d lanes: the SVG of 10,000 events is %d bytes, over 200 KB", lanes, len(svg))
		}
		if l.Marks > DefaultMaxMarks {
			t.Errorf("%d lanes: %d marks, more than %d", lanes, l.Marks, DefaultMaxMarks)
		}
	}
}

// TestTemplate draws the example site's home page: well-formed markup,
// every mark a link with its accessible name, the caption naming the zone.
func TestTemplate(t *testing.T) {
	out := draw(t, Build(exampleLanes(t), shanghai(t)))
	d := xml.NewDecoder(bytes.NewReader(out))
	links := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "a" {
			links++
			var href, label bool
			for _, a := range el.Attr {
				href = href || a.Name.Local == "href" && strings.HasPrefix(a.Value, "#event-")
				label = label || a.Name.Local == "aria-label" && a.Value != ""
			}
			if !href || !label {
				t.Errorf("link %v lacks its href or aria-label", el.Attr)
			}
		}
	}
	if links != 9 {
		t.Errorf("%d links, want one for each of the 9 events", links)
	}
	for _, want := range []string{`role="group"`, `aria-labelledby="axis-caption"`, "Times in Beijing time (UTC&#43;8).", "<title>about 12 years without events, shortened</title>"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the SVG lacks %s", want)
		}
	}
}

func BenchmarkBuild10000(b *testing.B) {
	lanes := bigLanes(b, 10000, 1)
	opt := Options{Zone: mustZone(b, "Asia/Shanghai"), ZoneLabel: "Beijing time (UTC+8)"}
	b.ReportAllocs()
	var l *Layout
	for b.Loop() {
		l = Build(lanes, opt)
	}
	b.ReportMetric(float64(len(draw(b, l))), "svg-bytes")
	b.ReportMetric(float64(l.Marks), "marks")
}
