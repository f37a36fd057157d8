package timeline

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo
)

// mustLoad loads an IANA zone or stops the test.
func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// mustParse parses s in the IANA zone named zone ("" for UTC with no zone name).
func mustParse(t testing.TB, s, zone string) Date {
	t.Helper()
	loc := time.UTC
	if zone != "" {
		loc = mustLoad(t, zone)
	}
	d, err := ParseDate(s, loc, zone)
	if err != nil {
		t.Fatalf("ParseDate(%q, %q): %v", s, zone, err)
	}
	return d
}

func TestPrecisionString(t *testing.T) {
	tests := []struct {
		p    Precision
		want string
	}{
		{Year, "year"}, {Month, "month"}, {Day, "day"}, {Minute, "minute"}, {Second, "second"}, {0, "none"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("Precision(%d).String() = %q, want %q", int(tt.p), got, tt.want)
		}
	}
	if !(Year < Month && Month < Day && Day < Minute && Minute < Second) {
		t.Error("precisions are not ordered coarsest to finest")
	}
}

func TestParseDateForms(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	london := mustLoad(t, "Europe/London")
	plus8 := time.FixedZone("", 8*3600)
	tests := []struct {
		in, zone  string
		prec      Precision
		start     time.Time // compared as an instant; its wall clock is compared too
		machine   string
		wantZone  string
		wantClock bool
	}{
		{"2011", "Asia/Shanghai", Year, time.Date(2011, 1, 1, 0, 0, 0, 0, shanghai), "2011", "Asia/Shanghai", false},
		{"2024", "", Year, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "2024", "", false},
		{"2024-06", "Asia/Shanghai", Month, time.Date(2024, 6, 1, 0, 0, 0, 0, shanghai), "2024-06", "Asia/Shanghai", false},
		{"2025-09-01", "Asia/Shanghai", Day, time.Date(2025, 9, 1, 0, 0, 0, 0, shanghai), "2025-09-01", "Asia/Shanghai", false},
		{"2025-09-02T16:00", "Asia/Shanghai", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, shanghai), "2025-09-02T16:00+08:00", "Asia/Shanghai", true},
		{"2025-09-02t16:00", "Asia/Shanghai", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, shanghai), "2025-09-02T16:00+08:00", "Asia/Shanghai", true},
		{"2025-09-02 16:00", "Asia/Shanghai", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, shanghai), "2025-09-02T16:00+08:00", "Asia/Shanghai", true},
		{"2025-09-02T16:00:30", "Asia/Shanghai", Second, time.Date(2025, 9, 2, 16, 0, 30, 0, shanghai), "2025-09-02T16:00:30+08:00", "Asia/Shanghai", true},
		{"2025-09-02T09:00+01:00", "Europe/London", Minute, time.Date(2025, 9, 2, 9, 0, 0, 0, london), "2025-09-02T09:00+01:00", "Europe/London", true},
		{"2025-01-02T08:00Z", "Europe/London", Minute, time.Date(2025, 1, 2, 8, 0, 0, 0, london), "2025-01-02T08:00Z", "Europe/London", true},
		{"2025-09-02T08:00Z", "", Minute, time.Date(2025, 9, 2, 8, 0, 0, 0, time.UTC), "2025-09-02T08:00Z", "", true},
		{"2025-09-02T08:00z", "", Minute, time.Date(2025, 9, 2, 8, 0, 0, 0, time.UTC), "2025-09-02T08:00Z", "", true},
		{"2025-09-02T08:00:30Z", "", Second, time.Date(2025, 9, 2, 8, 0, 30, 0, time.UTC), "2025-09-02T08:00:30Z", "", true},
		{"2025-09-02T16:00+08:00", "Asia/Shanghai", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, shanghai), "2025-09-02T16:00+08:00", "Asia/Shanghai", true},
		{"2025-09-02T16:00:30+08:00", "Asia/Shanghai", Second, time.Date(2025, 9, 2, 16, 0, 30, 0, shanghai), "2025-09-02T16:00:30+08:00", "Asia/Shanghai", true},
		// With no zone an offset date stays at its own offset.
		{"2025-09-02T16:00+08:00", "", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, plus8), "2025-09-02T16:00+08:00", "", true},
		{"2025-09-02T16:00-05:00", "", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, time.FixedZone("", -5*3600)), "2025-09-02T16:00-05:00", "", true},
		{"2025-09-02T16:00+05:30", "", Minute, time.Date(2025, 9, 2, 16, 0, 0, 0, time.FixedZone("", 5*3600+1800)), "2025-09-02T16:00+05:30", "", true},
		{"2024-02-29", "", Day, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.zone, func(t *testing.T) {
			d := mustParse(t, tt.in, tt.zone)
			if d.Precision != tt.prec {
				t.Errorf("Precision = %v, want %v", d.Precision, tt.prec)
			}
			if !d.Start.Equal(tt.start) {
				t.Errorf("Start = %v, want instant %v", d.Start, tt.start)
			}
			if got, want := d.Start.Format("2006-01-02T15:04:05-07:00"), tt.start.Format("2006-01-02T15:04:05-07:00"); got != want {
				t.Errorf("Start wall clock = %s, want %s", got, want)
			}
			if got := d.Machine(); got != tt.machine {
				t.Errorf("Machine() = %q, want %q", got, tt.machine)
			}
			if d.Zone != tt.wantZone {
				t.Errorf("Zone = %q, want %q", d.Zone, tt.wantZone)
			}
			if d.HasClock() != tt.wantClock {
				t.Errorf("HasClock() = %v, want %v", d.HasClock(), tt.wantClock)
			}
			if d.IsZero() {
				t.Error("IsZero() = true for a parsed date")
			}
		})
	}
}

func TestParseDateInZoneStartsAtLocalMidnight(t *testing.T) {
	// "2025-09-02" in Asia/Pyongyang starts at 00:00 Pyongyang time, 15:00 UTC the day before.
	d := mustParse(t, "2025-09-02", "Asia/Pyongyang")
	if want := time.Date(2025, 9, 1, 15, 0, 0, 0, time.UTC); !d.Start.Equal(want) {
		t.Errorf("Start = %v, want %v", d.Start, want)
	}
	if got := d.Start.Location().String(); got != "Asia/Pyongyang" {
		t.Errorf("Start location = %q, want Asia/Pyongyang", got)
	}
}

func TestParseDateNilLocation(t *testing.T) {
	d, err := ParseDate("2025-09-02T16:00", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 9, 2, 16, 0, 0, 0, time.UTC); !d.Start.Equal(want) {
		t.Errorf("Start = %v, want %v (UTC)", d.Start, want)
	}
	if got := d.Machine(); got != "2025-09-02T16:00Z" {
		t.Errorf("Machine() = %q, want 2025-09-02T16:00Z", got)
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in, zone string
		want     []string // substrings the message must contain
	}{
		{"2025-02-30", "", []string{"28 days", "February 2025", "30"}},
		{"2024-02-30", "", []string{"29 days", "February 2024"}},
		{"2025-04-31", "", []string{"30 days", "April"}},
		{"2025-09-00", "", []string{"day 00 does not exist"}},
		{"2025-13-01", "", []string{"01 to 12", "13"}},
		{"2025-00", "", []string{"01 to 12"}},
		{"2025-9-1", "", []string{"month", "2 digits"}},
		{"2025-09-1", "", []string{"day", "2 digits"}},
		{"25", "", []string{"year", "4 digits"}},
		{"abcd", "", []string{"year", "4 digits"}},
		{"2025-09-01T24:30", "", []string{"hour 24", "00 to 23"}},
		{"2025-09-01T16:60", "", []string{"minute 60", "00 to 59"}},
		{"2025-09-01T16:00:60", "", []string{"second 60", "00 to 59"}},
		{"2025-09-01T1:00", "", []string{"hour", "2 digits"}},
		{"2025-09-01T16:0", "", []string{"minute", "2 digits"}},
		{"2025-09-01T16:00:5", "", []string{"second", "2 digits"}},
		{"", "", []string{"empty", "YYYY"}},
		{"20250", "", []string{`unexpected "0"`, "YYYY-MM-DD"}},
		{"2025-09-01T16", "", []string{"hours and minutes"}},
		{"2025-09-01T", "", []string{"hour", "2 digits"}},
		{"2025-09-01X", "", []string{`unexpected "X"`}},
		{"2025-09-02T16:00X", "", []string{`unexpected "X"`}},
		{"2025-09-02T16:00 ", "", []string{"unexpected"}},
		{"2024Z", "", []string{`unexpected "Z"`}},
		{"2025-09-02Z", "", []string{`unexpected "Z"`}},
		{"2025-09-02T16:00+0800", "", []string{"+08:00"}},
		{"2025-09-02T16:00+8:00", "", []string{"+08:00"}},
		{"2025-09-02T16:00+15:00", "", []string{"out of range"}},
		{"2025-09-02T16:00+08:60", "", []string{"out of range"}},
		{"2025-09-02T16:00+09:00", "Asia/Shanghai", []string{"disagrees", "UTC+9", "Asia/Shanghai", "UTC+8"}},
		{"2025-09-02T16:00Z", "Asia/Shanghai", []string{"disagrees", "UTC+0", "UTC+8"}},
		{"2025-07-04T12:00-05:00", "America/New_York", []string{"disagrees", "UTC-4"}},
		{"2025-01-04T12:00-04:00", "America/New_York", []string{"disagrees", "UTC-5"}},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+tt.zone, func(t *testing.T) {
			loc := time.UTC
			if tt.zone != "" {
				loc = mustLoad(t, tt.zone)
			}
			d, err := ParseDate(tt.in, loc, tt.zone)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %+v, want an error", tt.in, d)
			}
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) returned non-zero date %+v with error", tt.in, d)
			}
			var de *DateError
			if !errors.As(err, &de) {
				t.Fatalf("error %T is not a *DateError", err)
			}
			if de.Input != tt.in {
				t.Errorf("DateError.Input = %q, want %q", de.Input, tt.in)
			}
			msg := err.Error()
			if !strings.Contains(msg, `"`+tt.in+`"`) && tt.in != "" {
				t.Errorf("message %q does not quote the input", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not mention %q", msg, w)
				}
			}
		})
	}
}

func TestParseDateNewYorkDST(t *testing.T) {
	ny := mustLoad(t, "America/New_York")

	// 02:30 on 9 March 2025 is skipped when New York springs forward.
	_, err := ParseDate("2025-03-09T02:30", ny, "America/New_York")
	if err == nil {
		t.Fatal("2025-03-09T02:30 in America/New_York: want an error, the time does not exist")
	}
	for _, w := range []string{"02:30", "does not exist", "daylight saving", "America/New_York"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
	// The day itself, and the minutes either side of the gap, are fine.
	for _, s := range []string{"2025-03-09", "2025-03-09T01:59", "2025-03-09T03:00"} {
		if _, err := ParseDate(s, ny, "America/New_York"); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}

	// 01:30 on 2 November 2025 happens twice; it is accepted as one of them.
	d, err := ParseDate("2025-11-02T01:30", ny, "America/New_York")
	if err != nil {
		t.Fatalf("ambiguous 2025-11-02T01:30: %v", err)
	}
	if got := d.Start.Format("15:04"); got != "01:30" {
		t.Errorf("ambiguous time wall clock = %s, want 01:30", got)
	}
	if m := d.Machine(); m != "2025-11-02T01:30-04:00" && m != "2025-11-02T01:30-05:00" {
		t.Errorf("ambiguous Machine() = %q", m)
	}
	// An explicit offset picks either reading.
	for _, s := range []string{"2025-11-02T01:30-04:00", "2025-11-02T01:30-05:00"} {
		d, err := ParseDate(s, ny, "America/New_York")
		if err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
			continue
		}
		if got := d.Machine(); got != s {
			t.Errorf("ParseDate(%q).Machine() = %q", s, got)
		}
	}

	// Summer and winter offsets.
	for _, tt := range []struct{ in, want string }{
		{"2025-07-04T12:00", "2025-07-04T12:00-04:00"},
		{"2025-01-15T12:00", "2025-01-15T12:00-05:00"},
		{"2025-07-04T12:00-04:00", "2025-07-04T12:00-04:00"},
	} {
		d, err := ParseDate(tt.in, ny, "America/New_York")
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if got := d.Machine(); got != tt.want {
			t.Errorf("ParseDate(%q).Machine() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFromTime(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	// BurntSushi/toml gives local values odd fixed zones; only the wall clock counts.
	localish := time.FixedZone("datetime-local", 86400)
	tests := []struct {
		name            string
		in              time.Time
		dateOnly, local bool
		zone            string
		prec            Precision
		machine         string
		wantErr         string
	}{
		{"local date", time.Date(2025, 9, 1, 0, 0, 0, 0, localish), true, true, "Asia/Shanghai", Day, "2025-09-01", ""},
		{"local date utc", time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), true, true, "Asia/Shanghai", Day, "2025-09-01", ""},
		{"local datetime, zero seconds", time.Date(2025, 9, 2, 16, 0, 0, 0, localish), false, true, "Asia/Shanghai", Minute, "2025-09-02T16:00+08:00", ""},
		{"local datetime, seconds", time.Date(2025, 9, 2, 16, 0, 30, 0, localish), false, true, "Asia/Shanghai", Second, "2025-09-02T16:00:30+08:00", ""},
		{"offset datetime agrees", time.Date(2025, 9, 2, 16, 0, 0, 0, time.FixedZone("", 8*3600)), false, false, "Asia/Shanghai", Minute, "2025-09-02T16:00+08:00", ""},
		{"offset datetime utc disagrees", time.Date(2025, 9, 2, 8, 0, 0, 0, time.UTC), false, false, "Asia/Shanghai", 0, "", "disagrees"},
		{"offset datetime utc, no zone", time.Date(2025, 9, 2, 8, 0, 0, 0, time.UTC), false, false, "", Minute, "2025-09-02T08:00Z", ""},
		{"offset datetime, seconds", time.Date(2025, 9, 2, 16, 0, 30, 0, time.FixedZone("", 8*3600)), false, false, "Asia/Shanghai", Second, "2025-09-02T16:00:30+08:00", ""},
		{"offset datetime, no zone keeps offset", time.Date(2025, 9, 2, 16, 0, 0, 0, time.FixedZone("", 9*3600)), false, false, "", Minute, "2025-09-02T16:00+09:00", ""},
		{"offset datetime disagrees", time.Date(2025, 9, 2, 16, 0, 0, 0, time.FixedZone("", 9*3600)), false, false, "Asia/Shanghai", 0, "", "disagrees"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := shanghai
			if tt.zone == "" {
				loc = time.UTC
			}
			d, err := FromTime(tt.in, tt.dateOnly, tt.local, loc, tt.zone)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("FromTime error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromTime: %v", err)
			}
			if d.Precision != tt.prec {
				t.Errorf("Precision = %v, want %v", d.Precision, tt.prec)
			}
			if got := d.Machine(); got != tt.machine {
				t.Errorf("Machine() = %q, want %q", got, tt.machine)
			}
			if d.Zone != tt.zone {
				t.Errorf("Zone = %q, want %q", d.Zone, tt.zone)
			}
		})
	}
}

func TestFromTimeLocalSkippedByDST(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	_, err := FromTime(time.Date(2025, 3, 9, 2, 30, 0, 0, time.UTC), false, true, ny, "America/New_York")
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("FromTime of skipped local time: err = %v, want 'does not exist'", err)
	}
}

func TestDateEnd(t *testing.T) {
	tests := []struct {
		in, zone string
		want     time.Time
	}{
		{"2024", "", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2024-12", "", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2024-02", "", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"2025-09-01", "", time.Date(2025, 9, 2, 0, 0, 0, 0, time.UTC)},
		{"2025-09-02T16:00", "", time.Date(2025, 9, 2, 16, 1, 0, 0, time.UTC)},
		{"2025-09-02T16:00:30", "", time.Date(2025, 9, 2, 16, 0, 31, 0, time.UTC)},
		// The day of a DST change is 23 hours long; End is the next local midnight.
		{"2025-03-09", "America/New_York", time.Date(2025, 3, 10, 4, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		d := mustParse(t, tt.in, tt.zone)
		if got := d.End(); !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q).End() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, az, b, bz string
		want         int
	}{
		{"2024", "", "2024-06-19", "", -1},
		{"2024-06-19", "", "2024", "", 1},
		{"2024", "", "2024-01-01", "", -1},
		{"2024-01-01", "", "2024-01", "", 1},
		{"2024-01-01", "", "2024-01-01", "", 0},
		{"2025-09-02T16:00", "Asia/Shanghai", "2025-09-02T08:00Z", "", 0},
		{"2025-09-02T16:00", "Asia/Shanghai", "2025-09-02T08:00:00Z", "", -1},
		// Absolute time, not wall clock: 00:00 in Pyongyang is 15:00 UTC the day before.
		{"2025-09-01", "Asia/Pyongyang", "2025-08-31T20:00Z", "", -1},
		{"2025-09-01", "Asia/Pyongyang", "2025-09-01", "", -1},
	}
	for _, tt := range tests {
		a, b := mustParse(t, tt.a, tt.az), mustParse(t, tt.b, tt.bz)
		if got := a.Compare(b); got != tt.want {
			t.Errorf("%s@%s Compare %s@%s = %d, want %d", tt.a, tt.az, tt.b, tt.bz, got, tt.want)
		}
	}
}

func TestDayKeyAndHeading(t *testing.T) {
	tests := []struct {
		in, zone, key, heading string
	}{
		{"2011", "", "2011", "2011"},
		{"2025-09", "", "2025-09", "September 2025"},
		{"2025-09-02", "", "2025-09-02", "Tuesday 2 September 2025"},
		{"2025-09-02T16:00", "Asia/Shanghai", "2025-09-02", "Tuesday 2 September 2025"},
		{"2025-09-02T16:00:30", "Asia/Shanghai", "2025-09-02", "Tuesday 2 September 2025"},
		// The local calendar day, not the UTC one.
		{"2025-09-02T05:00", "Asia/Shanghai", "2025-09-02", "Tuesday 2 September 2025"},
		{"2025-09-02T05:00+09:00", "Asia/Pyongyang", "2025-09-02", "Tuesday 2 September 2025"},
		{"2025-09-01T23:30-04:00", "", "2025-09-01", "Monday 1 September 2025"},
		{"2025-09-02T05:00+08:00", "", "2025-09-02", "Tuesday 2 September 2025"},
	}
	for _, tt := range tests {
		d := mustParse(t, tt.in, tt.zone)
		if got := d.DayKey(); got != tt.key {
			t.Errorf("%s@%s DayKey() = %q, want %q", tt.in, tt.zone, got, tt.key)
		}
		if got := d.DayHeading(); got != tt.heading {
			t.Errorf("%s@%s DayHeading() = %q, want %q", tt.in, tt.zone, got, tt.heading)
		}
	}
}

func TestDisplay(t *testing.T) {
	labels := Labels{"Asia/Shanghai": "Beijing time"}
	tests := []struct {
		in, zone string
		approx   bool
		text     string
		labels   Labels
		want     string
	}{
		{"2024", "", false, "", nil, "2024"},
		{"2024", "", true, "", nil, "c. 2024"},
		{"2024-06", "", false, "", nil, "June 2024"},
		{"2024-06", "", true, "", nil, "c. June 2024"},
		{"2025-09-01", "Asia/Shanghai", false, "", labels, "Mon 1 Sep 2025"},
		{"2025-09-01", "Asia/Shanghai", true, "", labels, "c. Mon 1 Sep 2025"},
		{"2025-09-01", "Asia/Shanghai", false, "evening", labels, "Mon 1 Sep 2025, evening"},
		{"2024", "", false, "spring", nil, "2024, spring"},
		{"2025-09-02T16:00", "Asia/Shanghai", true, "", labels, "Tue 2 Sep 2025, c. 16:00 Beijing time (UTC+8)"},
		{"2025-09-02T16:00", "Asia/Shanghai", false, "", labels, "Tue 2 Sep 2025, 16:00 Beijing time (UTC+8)"},
		{"2025-09-02T16:00", "Asia/Shanghai", false, "", nil, "Tue 2 Sep 2025, 16:00 (UTC+8)"},
		{"2025-09-02T16:00", "Asia/Shanghai", false, "", Labels{"Asia/Tokyo": "Tokyo time"}, "Tue 2 Sep 2025, 16:00 (UTC+8)"},
		{"2025-09-02T16:00:30", "Asia/Shanghai", false, "", labels, "Tue 2 Sep 2025, 16:00:30 Beijing time (UTC+8)"},
		{"2025-09-02T05:00", "Asia/Shanghai", false, "at dawn", labels, "Tue 2 Sep 2025, at dawn"},
		{"2025-09-02T05:00", "Asia/Shanghai", true, "at dawn", labels, "Tue 2 Sep 2025, at dawn"},
		{"2025-01-15T09:00", "America/New_York", false, "", nil, "Wed 15 Jan 2025, 09:00 (UTC-5)"},
		{"2025-07-15T09:00", "America/New_York", false, "", nil, "Tue 15 Jul 2025, 09:00 (UTC-4)"},
		{"2025-09-02T09:15", "Asia/Kolkata", false, "", nil, "Tue 2 Sep 2025, 09:15 (UTC+5:30)"},
		{"2025-09-02T09:15", "Asia/Kathmandu", false, "", nil, "Tue 2 Sep 2025, 09:15 (UTC+5:45)"},
		{"2025-09-02T16:00Z", "", false, "", labels, "Tue 2 Sep 2025, 16:00 UTC"},
		{"2025-09-02T16:00", "UTC", false, "", nil, "Tue 2 Sep 2025, 16:00 UTC"},
		{"2025-01-15T09:00", "Europe/London", false, "", Labels{"Europe/London": "London time"}, "Wed 15 Jan 2025, 09:00 London time (UTC)"},
		{"2025-07-15T09:00", "Europe/London", false, "", Labels{"Europe/London": "London time"}, "Tue 15 Jul 2025, 09:00 London time (UTC+1)"},
		{"2025-09-02T16:00+08:00", "", false, "", labels, "Tue 2 Sep 2025, 16:00 (UTC+8)"},
	}
	for _, tt := range tests {
		d := mustParse(t, tt.in, tt.zone)
		if got := d.Display(tt.approx, tt.text, tt.labels); got != tt.want {
			t.Errorf("%s@%s Display(%v, %q) = %q, want %q", tt.in, tt.zone, tt.approx, tt.text, got, tt.want)
		}
	}
	if got := (Date{}).Display(true, "at dawn", labels); got != "" {
		t.Errorf("zero Date Display = %q, want empty", got)
	}
}

func TestFormatOffset(t *testing.T) {
	tests := []struct {
		off  int
		want string
	}{
		{0, "UTC+0"},
		{8 * 3600, "UTC+8"},
		{-5 * 3600, "UTC-5"},
		{5*3600 + 30*60, "UTC+5:30"},
		{5*3600 + 45*60, "UTC+5:45"},
		{-(3*3600 + 30*60), "UTC-3:30"},
		{14 * 3600, "UTC+14"},
		{-12 * 3600, "UTC-12"},
	}
	for _, tt := range tests {
		if got := FormatOffset(tt.off); got != tt.want {
			t.Errorf("FormatOffset(%d) = %q, want %q", tt.off, got, tt.want)
		}
	}
}

func TestGap(t *testing.T) {
	tests := []struct {
		name         string
		a, az, b, bz string
		approx       bool
		want         string
	}{
		{"crossing to arrival, approximate", "2025-09-02T05:00", "Asia/Shanghai", "2025-09-02T16:00", "Asia/Shanghai", true, "about 11 hours later"},
		{"crossing to arrival, exact", "2025-09-02T05:00", "Asia/Shanghai", "2025-09-02T16:00", "Asia/Shanghai", false, "11 hours later"},
		{"one hour", "2025-09-02T05:00", "", "2025-09-02T06:00", "", false, "1 hour later"},
		{"90 minutes rounds to hours", "2025-09-02T05:00", "", "2025-09-02T06:30", "", false, "about 2 hours later"},
		{"80 minutes rounds down", "2025-09-02T05:00", "", "2025-09-02T06:20", "", false, "about 1 hour later"},
		{"minutes", "2025-09-02T05:00", "", "2025-09-02T05:45", "", false, "45 minutes later"},
		{"one minute", "2025-09-02T05:00", "", "2025-09-02T05:01", "", false, "1 minute later"},
		{"minutes approximate", "2025-09-02T05:00", "", "2025-09-02T05:45", "", true, "about 45 minutes later"},
		{"seconds round to minutes", "2025-09-02T05:00:00", "", "2025-09-02T05:01:40", "", false, "about 2 minutes later"},
		{"same time", "2025-09-02T05:00", "", "2025-09-02T05:00", "", false, "at the same time"},
		{"same time approximate", "2025-09-02T05:00", "", "2025-09-02T05:00", "", true, "around the same time"},
		{"same instant different zones", "2025-09-02T16:00", "Asia/Shanghai", "2025-09-02T17:00", "Asia/Pyongyang", false, "at the same time"},
		{"across zones counts real time", "2025-09-02T05:00", "Asia/Pyongyang", "2025-09-02T16:00", "Asia/Shanghai", false, "12 hours later"},
		{"47 hours", "2025-09-01T05:00", "", "2025-09-03T04:00", "", false, "47 hours later"},
		{"two days exact", "2025-09-01T05:00", "", "2025-09-03T05:00", "", false, "2 days later"},
		{"three days and a bit", "2025-09-01T05:00", "", "2025-09-04T08:00", "", false, "about 3 days later"},
		{"days round up", "2025-09-01T05:00", "", "2025-09-04T20:00", "", false, "about 4 days later"},
		{"across DST is real elapsed time", "2025-03-09T01:00", "America/New_York", "2025-03-09T04:00", "America/New_York", false, "2 hours later"},
		{"day-precision before", "2025-09-01", "Asia/Pyongyang", "2025-09-02T05:00", "Asia/Shanghai", false, ""},
		{"day-precision after", "2025-09-02T05:00", "Asia/Shanghai", "2025-09-03", "Asia/Shanghai", true, ""},
		{"years", "2011", "", "2013", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustParse(t, tt.a, tt.az), mustParse(t, tt.b, tt.bz)
			if got := Gap(a, b, tt.approx); got != tt.want {
				t.Errorf("Gap(%s, %s, %v) = %q, want %q", tt.a, tt.b, tt.approx, got, tt.want)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		a, az, b, bz string
		want         string
	}{
		{"2025-09-01", "", "2025-09-03", "", "3 days"},
		{"2025-09-01", "", "2025-09-01", "", "1 day"},
		{"2025-02-27", "", "2025-03-02", "", "4 days"},
		// A 23-hour DST day still counts as a day.
		{"2025-03-08", "America/New_York", "2025-03-10", "America/New_York", "3 days"},
		{"2025-09-02T14:00", "Asia/Shanghai", "2025-09-02T16:30", "Asia/Shanghai", "2 hours 30 minutes"},
		{"2025-09-02T14:00", "Asia/Shanghai", "2025-09-02T16:00", "Asia/Shanghai", "2 hours"},
		{"2025-09-02T14:00", "Asia/Shanghai", "2025-09-02T15:00", "Asia/Shanghai", "1 hour"},
		{"2025-09-02T14:00", "Asia/Shanghai", "2025-09-02T14:45", "Asia/Shanghai", "45 minutes"},
		{"2025-09-02T14:00", "Asia/Shanghai", "2025-09-02T15:01", "Asia/Shanghai", "1 hour 1 minute"},
		{"2025-09-02T14:00", "Asia/Shanghai", "2025-09-02T16:00", "Asia/Pyongyang", "1 hour"},
		{"2011", "", "2013", "", "3 years"},
		{"2011", "", "2011", "", "1 year"},
		{"2024-11", "", "2025-02", "", "4 months"},
		{"2024-06", "", "2024-06", "", "1 month"},
		// Mixed precision counts in the coarser unit.
		{"2011", "", "2013-06-01", "", "3 years"},
		{"2025-09-01", "", "2025-09-03T10:00", "", "3 days"},
	}
	for _, tt := range tests {
		a, b := mustParse(t, tt.a, tt.az), mustParse(t, tt.b, tt.bz)
		if got := Duration(a, b); got != tt.want {
			t.Errorf("Duration(%s, %s) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestZoneLabel(t *testing.T) {
	tests := []struct {
		in, zone string
		labels   Labels
		want     string
	}{
		{"2025-09-02T16:00", "Asia/Shanghai", Labels{"Asia/Shanghai": "Beijing time"}, "Beijing time (UTC+8)"},
		{"2025-09-02T16:00", "Asia/Shanghai", nil, "(UTC+8)"},
		{"2025-09-02T16:00", "Asia/Shanghai", Labels{"Asia/Shanghai": ""}, "(UTC+8)"},
		{"2025-09-02T16:00+08:00", "", nil, "(UTC+8)"},
		// UTC itself is named, not written as an offset of zero.
		{"2025-09-02T14:00", "UTC", nil, "UTC"},
		{"2025-09-02T14:00", "Etc/UTC", nil, "UTC"},
		{"2025-09-02T14:00Z", "", nil, "UTC"},
		{"2025-09-02T14:00+00:00", "", nil, "UTC"},
		{"2025-09-02T14:00", "UTC", Labels{"UTC": "UTC"}, "UTC"},
		{"2025-01-15T09:00", "Europe/London", Labels{"Europe/London": "London time"}, "London time (UTC)"},
		{"2025-01-15T09:00", "Europe/London", nil, "UTC"},
		{"2025-07-15T09:00", "Europe/London", Labels{"Europe/London": "London time"}, "London time (UTC+1)"},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.in, tt.zone).ZoneLabel(tt.labels); got != tt.want {
			t.Errorf("%s@%s ZoneLabel(%v) = %q, want %q", tt.in, tt.zone, tt.labels, got, tt.want)
		}
	}
}

// TestUnderHeading: under its day heading an event's date says only what
// the heading does not.
func TestUnderHeading(t *testing.T) {
	labels := Labels{"Asia/Shanghai": "Beijing time"}
	tests := []struct {
		in, zone string
		approx   bool
		text     string
		want     string
	}{
		{"2025-09-02T16:00", "Asia/Shanghai", true, "", "c. 16:00 Beijing time (UTC+8)"},
		{"2025-09-02T16:00", "Asia/Shanghai", false, "", "16:00 Beijing time (UTC+8)"},
		{"2025-09-02T16:00:30", "Asia/Shanghai", false, "", "16:00:30 Beijing time (UTC+8)"},
		{"2025-09-02T16:00", "Asia/Tokyo", false, "", "16:00 (UTC+9)"},
		{"2025-09-02T14:00", "UTC", false, "", "14:00 UTC"},
		{"2025-09-02T05:00", "Asia/Shanghai", true, "at dawn", "at dawn"},
		{"2025-09-01", "Asia/Shanghai", false, "", ""},
		{"2025-09-01", "Asia/Shanghai", true, "", "approximate date"},
		{"2025-09-02", "Asia/Seoul", false, "earlier in the day", "earlier in the day"},
		{"2025-09", "Asia/Shanghai", false, "during the visit", "during the visit"},
		{"2025-09", "Asia/Shanghai", false, "", ""},
		{"2011", "", false, "", ""},
		{"2011", "", true, "", "approximate date"},
	}
	for _, tt := range tests {
		d := mustParse(t, tt.in, tt.zone)
		if got := d.UnderHeading(tt.approx, tt.text, labels); got != tt.want {
			t.Errorf("%s@%s UnderHeading(%v, %q) = %q, want %q", tt.in, tt.zone, tt.approx, tt.text, got, tt.want)
		}
		// What the heading and the text under it say together is what
		// Display says on its own.
		if full := d.Display(tt.approx, tt.text, labels); tt.want != "" && !strings.HasSuffix(full, tt.want) && tt.want != "approximate date" {
			t.Errorf("%s@%s: Display %q does not end with UnderHeading %q", tt.in, tt.zone, full, tt.want)
		}
	}
	if got := (Date{}).UnderHeading(true, "", labels); got != "" {
		t.Errorf("zero Date UnderHeading = %q, want empty", got)
	}
}

func TestZeroDate(t *testing.T) {
	var d Date
	if !d.IsZero() || d.HasClock() {
		t.Errorf("zero Date: IsZero = %v, HasClock = %v", d.IsZero(), d.HasClock())
	}
	if got := d.Machine(); got != "" {
		t.Errorf("zero Date Machine() = %q, want empty", got)
	}
}

func TestFromTimeNilLocation(t *testing.T) {
	d, err := FromTime(time.Date(2025, 9, 2, 16, 0, 30, 0, time.UTC), false, true, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Machine(); got != "2025-09-02T16:00:30Z" {
		t.Errorf("Machine() = %q, want UTC", got)
	}
}

func TestParseDateSkippedNamesLocation(t *testing.T) {
	// With no zone name the error names the location itself.
	_, err := ParseDate("2025-03-09T02:30", mustLoad(t, "America/New_York"), "")
	if err == nil || !strings.Contains(err.Error(), "America/New_York") {
		t.Errorf("err = %v, want it to name America/New_York", err)
	}
}

// TestOffsetsShareALocation: dates written with the same offset share one
// location, however many there are, and keep their offset's name.
func TestOffsetsShareALocation(t *testing.T) {
	a, errA := ParseDate("2025-09-02T16:00+08:00", time.UTC, "")
	b, errB := ParseDate("1994-02-08T17:57:48+08:00", time.UTC, "")
	c, errC := ParseDate("2025-09-02T16:00+05:30", time.UTC, "")
	if errA != nil || errB != nil || errC != nil {
		t.Fatal(errA, errB, errC)
	}
	if a.Start.Location() != b.Start.Location() {
		t.Error("two dates at +08:00 have locations of their own")
	}
	if a.Start.Location() == c.Start.Location() {
		t.Error("+08:00 and +05:30 share a location")
	}
	if name, off := c.Start.Zone(); off != 5*3600+1800 || name != FormatOffset(off) {
		t.Errorf("zone of +05:30 = %q, %d", name, off)
	}
}
