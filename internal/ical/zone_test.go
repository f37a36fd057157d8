package ical

import (
	"strings"
	"testing"
	"time"
)

func zoneCalendar(events ...Event) *Calendar {
	return &Calendar{ProdID: "-//test//EN", Events: events}
}

func zoned(uid string, start time.Time, end time.Time, loc *time.Location) Event {
	return Event{UID: uid, Stamp: stamp, Start: start, End: end, Zone: loc}
}

func TestTimezoneObservances(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	sh := mustZone(t, "Asia/Shanghai")
	tests := []struct {
		name   string
		loc    *time.Location
		events []Event
		want   []string // kind DTSTART FROM TO TZNAME, in order
	}{
		{
			name: "New York across 2025",
			loc:  ny,
			events: []Event{
				zoned("winter", time.Date(2025, 1, 15, 9, 0, 0, 0, ny), time.Time{}, ny),
				zoned("summer", time.Date(2025, 7, 15, 9, 0, 0, 0, ny), time.Time{}, ny),
				zoned("winter-again", time.Date(2025, 12, 15, 9, 0, 0, 0, ny), time.Time{}, ny),
			},
			want: []string{
				"STANDARD 20241103T020000 -0400 -0500 EST",
				"DAYLIGHT 20250309T020000 -0500 -0400 EDT",
				"STANDARD 20251102T020000 -0400 -0500 EST",
			},
		},
		{
			name:   "New York summer only",
			loc:    ny,
			events: []Event{zoned("s", time.Date(2025, 6, 1, 9, 0, 0, 0, ny), time.Date(2025, 6, 2, 9, 0, 0, 0, ny), ny)},
			want:   []string{"DAYLIGHT 20250309T020000 -0500 -0400 EDT"},
		},
		{
			name:   "an End past a change brings it in",
			loc:    ny,
			events: []Event{zoned("s", time.Date(2025, 10, 30, 9, 0, 0, 0, ny), time.Date(2025, 11, 5, 9, 0, 0, 0, ny), ny)},
			want: []string{
				"DAYLIGHT 20250309T020000 -0500 -0400 EDT",
				"STANDARD 20251102T020000 -0400 -0500 EST",
			},
		},
		{
			name:   "Shanghai 2025 has no change: one STANDARD",
			loc:    sh,
			events: []Event{zoned("s", time.Date(2025, 3, 1, 9, 0, 0, 0, sh), time.Date(2025, 11, 1, 9, 0, 0, 0, sh), sh)},
			want:   []string{"STANDARD 19910915T020000 +0900 +0800 CST"},
		},
		{
			name:   "a zone that never changed starts at the first event's year",
			loc:    mustZone(t, "Etc/GMT+5"),
			events: []Event{zoned("s", time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), time.Time{}, mustZone(t, "Etc/GMT+5"))},
			want:   []string{"STANDARD 20250101T000000 -0500 -0500 -05"},
		},
		{
			name:   "local mean time offsets keep their seconds",
			loc:    mustZone(t, "Europe/Amsterdam"),
			events: []Event{zoned("s", time.Date(1920, 1, 1, 9, 0, 0, 0, time.UTC), time.Time{}, mustZone(t, "Europe/Amsterdam"))},
			want:   []string{"STANDARD 19190929T030000 +011932 +001932 AMT"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal := parse(t, render(t, zoneCalendar(tc.events...)))
			var got []string
			for _, tz := range cal.Timezones() {
				if id := prop(&tz.ComponentBase, "TZID"); id != tc.loc.String() {
					t.Errorf("TZID = %q, want %q", id, tc.loc.String())
				}
				for _, sub := range tz.Components {
					base, kind := componentBase(t, sub)
					got = append(got, strings.Join([]string{kind, prop(base, "DTSTART"), prop(base, "TZOFFSETFROM"), prop(base, "TZOFFSETTO"), prop(base, "TZNAME")}, " "))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("observances:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestTimezoneGivesEveryInstant writes an event at every hour of three
// years in zones with DST, reads the times back through the file's own
// VTIMEZONE, and expects the same instants: the observances cover every
// date and give the right offset in summer and winter alike.
func TestTimezoneGivesEveryInstant(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Shanghai"} {
		t.Run(name, func(t *testing.T) {
			loc := mustZone(t, name)
			from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			to := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			var events []Event
			for u := from; u.Before(to); u = u.Add(time.Hour) {
				events = append(events, zoned(u.Format(utcLayout), u, u.Add(30*time.Minute), loc))
			}
			c := zoneCalendar(events...)
			cal := parse(t, render(t, c))
			zones := readZones(t, cal)
			got := cal.Events()
			if len(got) != len(events) {
				t.Fatalf("%d events, want %d", len(got), len(events))
			}
			for i := range events {
				for _, p := range []struct {
					name string
					want time.Time
				}{{"DTSTART", events[i].Start}, {"DTEND", events[i].End}} {
					u, _ := instant(t, got[i], p.name, zones)
					if !u.Equal(p.want) {
						t.Fatalf("%s of %s reads as %v, want %v", p.name, events[i].UID, u, p.want)
					}
				}
			}
		})
	}
}

// TestRepeatedLocalTimeWrittenInUTC: 01:30 happens twice in New York on
// 2025-11-02; RFC 5545 reads a TZID time as the first, so the second must
// be written in UTC.
func TestRepeatedLocalTimeWrittenInUTC(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	first := time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC)  // 01:30 EDT
	second := time.Date(2025, 11, 2, 6, 30, 0, 0, time.UTC) // 01:30 EST
	after := time.Date(2025, 11, 2, 7, 0, 0, 0, time.UTC)   // 02:00 EST
	tests := []struct {
		start time.Time
		want  string
	}{
		{first, "DTSTART;TZID=America/New_York:20251102T013000\r\n"},
		{second, "DTSTART:20251102T063000Z\r\n"},
		{after, "DTSTART;TZID=America/New_York:20251102T020000\r\n"},
		// Spring forward skips 02:00-03:00 but no instant maps there.
		{time.Date(2025, 3, 9, 7, 0, 0, 0, time.UTC), "DTSTART;TZID=America/New_York:20250309T030000\r\n"},
	}
	for _, tc := range tests {
		out := string(render(t, zoneCalendar(zoned("x", tc.start, time.Time{}, ny))))
		if !strings.Contains(out, tc.want) {
			t.Errorf("start %v: output lacks %q:\n%s", tc.start, tc.want, out)
		}
	}
}

func TestUTCOffset(t *testing.T) {
	tests := []struct {
		sec  int
		want string
	}{
		{0, "+0000"}, {3600, "+0100"}, {-5 * 3600, "-0500"}, {5*3600 + 45*60, "+0545"},
		{-(9*3600 + 30*60), "-0930"}, {1172, "+001932"}, {-(4*3600 + 56*60 + 2), "-045602"}, {14 * 3600, "+1400"},
	}
	for _, tc := range tests {
		if got := utcOffset(tc.sec); got != tc.want {
			t.Errorf("utcOffset(%d) = %q, want %q", tc.sec, got, tc.want)
		}
	}
}
