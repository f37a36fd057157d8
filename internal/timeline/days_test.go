package timeline

import (
	"slices"
	"testing"
)

func TestDays(t *testing.T) {
	type entry struct{ id, gap string }
	type day struct {
		key, heading string
		entries      []entry
	}
	tests := []struct {
		name   string
		events func(t *testing.T) []*Event
		want   []day
	}{
		{
			name:   "no events",
			events: func(t *testing.T) []*Event { return nil },
			want:   nil,
		},
		{
			name: "journey",
			events: func(t *testing.T) []*Event {
				arrival := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
				arrival.Approximate = true
				return []*Event{
					ev(t, "departure", "2025-09-01", "Asia/Pyongyang"),
					ev(t, "crossing", "2025-09-02T05:00", "Asia/Shanghai"),
					arrival,
					ev(t, "talks", "2025-09-02T18:30", "Asia/Shanghai"),
					ev(t, "parade-day", "2025-09-03", "Asia/Shanghai"),
					ev(t, "parade", "2025-09-03T09:00", "Asia/Shanghai"),
					ev(t, "banquet", "2025-09-03T19:00", "Asia/Shanghai"),
					ev(t, "home", "2025-09-06T19:00", "Asia/Pyongyang"),
				}
			},
			want: []day{
				{"2025-09-01", "Monday 1 September 2025", []entry{{"departure", ""}}},
				{"2025-09-02", "Tuesday 2 September 2025", []entry{
					{"crossing", ""}, // the one before is only a day
					{"arrival", "about 11 hours later"},
					{"talks", "about 3 hours later"}, // approximate neighbour, rounded
				}},
				{"2025-09-03", "Wednesday 3 September 2025", []entry{
					{"parade-day", ""},
					{"parade", ""},
					{"banquet", "10 hours later"},
				}},
				{"2025-09-06", "Saturday 6 September 2025", []entry{{"home", "about 3 days later"}}},
			},
		},
		{
			name: "coarse dates head by year and month",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "founded", "2011", ""),
					ev(t, "summit", "2024-06", ""),
					ev(t, "visit", "2024-06-19", ""),
					ev(t, "visit-2", "2024-06-19T10:00", ""),
				}
			},
			want: []day{
				{"2011", "2011", []entry{{"founded", ""}}},
				{"2024-06", "June 2024", []entry{{"summit", ""}}},
				{"2024-06-19", "Wednesday 19 June 2024", []entry{{"visit", ""}, {"visit-2", ""}}},
			},
		},
		{
			name: "gaps cross day headings and zones",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "late", "2025-09-01T23:00", "Asia/Shanghai"),          // 15:00 UTC
					ev(t, "early", "2025-09-02T01:00", "Asia/Pyongyang"),        // 16:00 UTC
					ev(t, "same", "2025-09-02T00:00", "Asia/Shanghai"),          // 16:00 UTC
					ev(t, "utc", "2025-09-01T16:30:00Z", ""),                    // 16:30 UTC
					ev(t, "next-utc", "2025-09-01T16:30:45Z", ""),               // 45 s later
					ev(t, "pyongyang", "2025-09-02T02:00:45", "Asia/Pyongyang"), // 17:00:45 UTC
				}
			},
			want: []day{
				{"2025-09-01", "Monday 1 September 2025", []entry{{"late", ""}}},
				{"2025-09-02", "Tuesday 2 September 2025", []entry{{"early", "1 hour later"}, {"same", "at the same time"}}},
				// The UTC clock still reads 1 September: the heading repeats.
				{"2025-09-01", "Monday 1 September 2025", []entry{{"utc", "30 minutes later"}, {"next-utc", "at the same time"}}},
				{"2025-09-02", "Tuesday 2 September 2025", []entry{{"pyongyang", "30 minutes later"}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []day
			for _, d := range Days(tt.events(t)) {
				g := day{key: d.Key, heading: d.Heading}
				for _, e := range d.Entries {
					g.entries = append(g.entries, entry{e.Event.ID, e.Gap})
				}
				got = append(got, g)
			}
			eq := func(a, b day) bool {
				return a.key == b.key && a.heading == b.heading && slices.Equal(a.entries, b.entries)
			}
			if !slices.EqualFunc(got, tt.want, eq) {
				t.Errorf("Days =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestDaysKeysMatchDates(t *testing.T) {
	events := []*Event{
		ev(t, "a", "2025-09-01", "Asia/Pyongyang"),
		ev(t, "b", "2025-09-02T05:00", "Asia/Shanghai"),
		ev(t, "c", "2025-09-02T16:00", "Asia/Shanghai"),
	}
	total := 0
	for _, d := range Days(events) {
		for _, e := range d.Entries {
			total++
			if e.Event.When.DayKey() != d.Key {
				t.Errorf("%s (day %s) is under %s", e.Event.ID, e.Event.When.DayKey(), d.Key)
			}
			if e.Event.When.DayHeading() != d.Heading {
				t.Errorf("%s heading %q under %q", e.Event.ID, e.Event.When.DayHeading(), d.Heading)
			}
		}
	}
	if total != len(events) {
		t.Errorf("Days kept %d of %d events", total, len(events))
	}
}
