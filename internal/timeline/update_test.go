package timeline

import (
	"testing"
	"time"
)

func TestUpdates(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	at := func(h, m, s int) time.Time { return time.Date(2025, 9, 3, h, m, s, 0, shanghai) }
	a := &Event{ID: "a", Status: Confirmed, Updates: []Update{
		{At: at(9, 0, 0), From: Expected},
		{At: at(10, 40, 0), Status: Confirmed, From: Expected},
	}}
	b := &Event{ID: "b", Updates: []Update{{At: at(10, 40, 30), Status: Reported, From: Reported}}}
	none := &Event{ID: "none"}

	if a.Updates[0].Changes() || !a.Updates[1].Changes() || b.Updates[0].Changes() {
		t.Error("Changes: only a status other than From is a change")
	}
	if got := a.Updated(); !got.Equal(at(10, 40, 0)) {
		t.Errorf("Updated = %v, want the last update's time", got)
	}
	if !none.Updated().IsZero() {
		t.Error("an event without updates has a zero Updated")
	}
	labels := Labels{"Asia/Shanghai": "Beijing time"}
	for _, tc := range []struct {
		u             Update
		machine, text string
	}{
		{a.Updates[1], "2025-09-03T10:40+08:00", "Wed 3 Sep 2025, 10:40 Beijing time (UTC+8)"},
		{b.Updates[0], "2025-09-03T10:40:30+08:00", "Wed 3 Sep 2025, 10:40:30 Beijing time (UTC+8)"},
	} {
		d := tc.u.Date()
		if d.Machine() != tc.machine || d.Display(false, "", labels) != tc.text {
			t.Errorf("Date() of %v: %q, %q; want %q, %q", tc.u.At, d.Machine(), d.Display(false, "", labels), tc.machine, tc.text)
		}
	}
	if d := a.Updates[1].Day(); d.Machine() != "2025-09-03" || d.Display(false, "", labels) != "Wed 3 Sep 2025" || d.Short() != "3 Sep 2025" {
		t.Errorf("Day() = %q, %q, %q", d.Machine(), d.Display(false, "", labels), d.Short())
	}
	if a.LastUpdate() != &a.Updates[1] || none.LastUpdate() != nil {
		t.Error("LastUpdate is the last of Updates, or nil")
	}
	if got := LatestUpdate([]*Event{none, a, b}); got != &b.Updates[0] {
		t.Errorf("LatestUpdate = %+v, want b's", got)
	}
	if got := LatestUpdate([]*Event{none}); got != nil {
		t.Errorf("LatestUpdate of events without updates = %+v, want nil", got)
	}
	for d, want := range map[Date]string{
		{Start: at(0, 0, 0), Precision: Year}:  "2025",
		{Start: at(0, 0, 0), Precision: Month}: "Sep 2025",
		{}:                                     "",
	} {
		if got := d.Short(); got != want {
			t.Errorf("Short() of %v = %q, want %q", d, got, want)
		}
	}
}
