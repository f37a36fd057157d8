package timeline

import (
	"sync"
	"testing"
	"time"
)

// fuzzZones caches the zones the fuzzer has named, so that each input does
// not load a zone again.
var fuzzZones sync.Map // name → *time.Location, or nil when it does not load

func fuzzZone(name string) (*time.Location, bool) {
	if name == "" {
		return time.UTC, true
	}
	if v, ok := fuzzZones.Load(name); ok {
		loc, _ := v.(*time.Location)
		return loc, loc != nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		loc = nil
	}
	fuzzZones.Store(name, loc)
	return loc, loc != nil
}

// FuzzParseDate checks that ParseDate never panics and that every date it
// accepts can be written with Machine and read back unchanged.
func FuzzParseDate(f *testing.F) {
	inputs := []string{
		"2011", "2024-06", "2025-09-01", "2025-09-02T16:00", "2025-09-02T16:00:30",
		"2025-09-02T16:00:30+08:00", "2025-09-02T16:00Z", "2025-09-02t16:00-05:00", "2025-09-02 16:00",
		"2025-02-30", "2024-02-29", "", "2025-9-1", "24:30", "2025-09-02T24:30", "2025-03-09T02:30",
		"2025-11-02T01:30", "1900-01-01T12:00", "0000-01-01T00:00+14:00", "9999-12-31T23:59:59-12:00",
	}
	for _, s := range inputs {
		for _, zone := range []string{"Asia/Shanghai", "America/New_York", "Europe/Amsterdam", "UTC", ""} {
			f.Add(s, zone)
		}
	}
	f.Fuzz(func(t *testing.T, s, zone string) {
		loc, ok := fuzzZone(zone)
		if !ok {
			return
		}
		d, err := ParseDate(s, loc, zone)
		if err != nil {
			if _, ok := err.(*DateError); !ok {
				t.Fatalf("ParseDate(%q, %q) error %v is a %T, not a *DateError", s, zone, err, err)
			}
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q, %q) failed with %v but returned %+v", s, zone, err, d)
			}
			return
		}
		if d.IsZero() || d.Precision < Year || d.Precision > Second {
			t.Fatalf("ParseDate(%q, %q) = %+v: precision %v", s, zone, d, d.Precision)
		}
		if d.Zone != zone && !(d.Zone == "" && zone == "") {
			t.Fatalf("ParseDate(%q, %q) = %+v: zone %q", s, zone, d, d.Zone)
		}
		m := d.Machine()
		if m == "" {
			t.Fatalf("ParseDate(%q, %q) = %+v: empty Machine()", s, zone, d)
		}
		back, err := ParseDate(m, loc, zone)
		if err != nil {
			t.Fatalf("ParseDate(%q, %q).Machine() = %q does not parse back: %v", s, zone, m, err)
		}
		if !back.Start.Equal(d.Start) || back.Precision != d.Precision {
			t.Fatalf("ParseDate(%q, %q) = %v at %v; its Machine() %q reads back as %v at %v",
				s, zone, d.Start, d.Precision, m, back.Start, back.Precision)
		}
		if again := back.Machine(); again != m {
			t.Fatalf("Machine() of %q is %q, then %q", s, m, again)
		}
		if d.Display(false, "", nil) == "" || d.Display(true, "", Labels{zone: "x"}) == "" {
			t.Fatalf("ParseDate(%q, %q): empty Display()", s, zone)
		}
		if !d.End().After(d.Start) {
			t.Fatalf("ParseDate(%q, %q): End() %v is not after Start %v", s, zone, d.End(), d.Start)
		}
		if d.DayKey() == "" || d.DayHeading() == "" {
			t.Fatalf("ParseDate(%q, %q): empty DayKey or DayHeading", s, zone)
		}
	})
}
