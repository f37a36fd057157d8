package ical

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestWriteValidates(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 5, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		change func(c *Calendar)
		want   string
	}{
		{"valid", func(c *Calendar) {}, ""},
		{"no prodid", func(c *Calendar) { c.ProdID = "\x01" }, "no PRODID"},
		{"no uid", func(c *Calendar) { c.Events[2].UID = "" }, `event 2 (UID "", summary "Fireworks"): no UID`},
		{"no start", func(c *Calendar) { c.Events[0].Start = time.Time{} }, `event 0 (UID "utc-1@example.org", summary "Apollo 11; lands, safely"): no start`},
		{"no stamp", func(c *Calendar) { c.Events[1].Stamp = time.Time{} }, "no stamp"},
		{"end before start", func(c *Calendar) { c.Events[0].End = c.Events[0].Start.Add(-time.Second) }, "end is not after start"},
		{"end equals start", func(c *Calendar) { c.Events[0].End = c.Events[0].Start }, "end is not after start"},
		{"all-day end same day", func(c *Calendar) { c.Events[1].Start, c.Events[1].End = day(3), day(3).Add(time.Hour) }, "all-day end is not after the start day"},
		{"all-day one day", func(c *Calendar) { c.Events[1].Start, c.Events[1].End = day(3), day(4) }, ""},
		{"all-day no end", func(c *Calendar) { c.Events[1].End = time.Time{} }, ""},
		{"status", func(c *Calendar) { c.Events[0].Status = "confirmed" }, `status "confirmed"`},
		{"sequence", func(c *Calendar) { c.Events[0].Sequence = -1 }, "negative sequence"},
		{"geo lat", func(c *Calendar) { c.Events[0].Geo = &[2]float64{91, 0} }, "geo"},
		{"geo NaN", func(c *Calendar) { c.Events[0].Geo = &[2]float64{0, math.NaN()} }, "geo"},
		{"geo edge", func(c *Calendar) { c.Events[0].Geo = &[2]float64{-90, 180} }, ""},
		{"local zone", func(c *Calendar) { c.Events[2].Zone = time.Local }, "time.Local"},
		{"fixed zone name", func(c *Calendar) { c.Events[2].Zone = time.FixedZone("my zone;x", 3600) }, "not an IANA-style name"},
		{"local zone fine for all-day", func(c *Calendar) { c.Events[1].Zone = time.Local }, ""},
		{"year", func(c *Calendar) { c.Events[0].End = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "year 10000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := sampleCalendar(t)
			tc.change(c)
			var buf bytes.Buffer
			err := Write(&buf, c)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Write: %v", err)
				}
				parse(t, buf.Bytes())
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
	if err := Write(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil calendar: no error")
	}
}

func TestWriteEmptyCalendar(t *testing.T) {
	out := render(t, &Calendar{ProdID: "-//x//EN"})
	want := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	parse(t, out)
}
