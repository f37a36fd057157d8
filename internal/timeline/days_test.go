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
		{
			// The example's person page: September 2025 in Beijing starts
			// an hour after 1 September in Pyongyang, so by first instant
			// the month fell between the days of September.
			name: "a month heads its days",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "takes-power", "2011", "Asia/Pyongyang"),
					ev(t, "leaves", "2025-09-01", "Asia/Pyongyang"),
					ev(t, "summits", "2025-09", "Asia/Shanghai"),
					ev(t, "assessment", "2025-09-02", "Asia/Seoul"),
					ev(t, "arrives", "2025-09-02T16:00", "Asia/Shanghai"),
					ev(t, "parade", "2025-09-03", "Asia/Shanghai"),
				}
			},
			want: []day{
				{"2011", "2011", []entry{{"takes-power", ""}}},
				{"2025-09", "September 2025", []entry{{"summits", ""}}},
				{"2025-09-01", "Monday 1 September 2025", []entry{{"leaves", ""}}},
				{"2025-09-02", "Tuesday 2 September 2025", []entry{{"assessment", ""}, {"arrives", ""}}},
				{"2025-09-03", "Wednesday 3 September 2025", []entry{{"parade", ""}}},
			},
		},
		{
			// September in Pyongyang starts at 15:00 UTC on 31 August,
			// before the evening of 31 August in Beijing: the month moves
			// on to its first day, and the gap between the two evening
			// events, no longer split by it, shows.
			name: "a month moves on to its days",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "evening", "2025-08-31T22:00", "Asia/Shanghai"),
					ev(t, "month", "2025-09", "Asia/Pyongyang"),
					ev(t, "late", "2025-08-31T23:30", "Asia/Shanghai"),
					ev(t, "first", "2025-09-01T08:00", "Asia/Shanghai"),
				}
			},
			want: []day{
				{"2025-08-31", "Sunday 31 August 2025", []entry{{"evening", ""}, {"late", "about 2 hours later"}}},
				{"2025-09", "September 2025", []entry{{"month", ""}}},
				{"2025-09-01", "Monday 1 September 2025", []entry{{"first", ""}}},
			},
		},
		{
			name: "a year heads its months and days",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "new-year", "2025-01-01", "Asia/Pyongyang"),
					ev(t, "year", "2025", "Asia/Shanghai"),
					ev(t, "leaves", "2025-09-01", "Asia/Pyongyang"),
					ev(t, "month", "2025-09", "Asia/Shanghai"),
					ev(t, "arrives", "2025-09-02", "Asia/Shanghai"),
				}
			},
			want: []day{
				{"2025", "2025", []entry{{"year", ""}}},
				{"2025-01-01", "Wednesday 1 January 2025", []entry{{"new-year", ""}}},
				{"2025-09", "September 2025", []entry{{"month", ""}}},
				{"2025-09-01", "Monday 1 September 2025", []entry{{"leaves", ""}}},
				{"2025-09-02", "Tuesday 2 September 2025", []entry{{"arrives", ""}}},
			},
		},
		{
			name: "a coarse date with nothing within it stays",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "before", "2024-05-30", ""),
					ev(t, "june", "2024-06", ""),
					ev(t, "july", "2024-07-01", ""),
					ev(t, "y2026", "2026", ""),
				}
			},
			want: []day{
				{"2024-05-30", "Thursday 30 May 2024", []entry{{"before", ""}}},
				{"2024-06", "June 2024", []entry{{"june", ""}}},
				{"2024-07-01", "Monday 1 July 2024", []entry{{"july", ""}}},
				{"2026", "2026", []entry{{"y2026", ""}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := tt.events(t)
			if !slices.IsSortedFunc(events, CompareEvents) {
				t.Fatal("the case's events are not in the order Days is given them")
			}
			var got []day
			for _, d := range Days(events) {
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

// TestDaysLeavesItsListAlone: reordering coarse dates copies the list,
// which belongs to the model and is never changed.
func TestDaysLeavesItsListAlone(t *testing.T) {
	events := []*Event{
		ev(t, "leaves", "2025-09-01", "Asia/Pyongyang"),
		ev(t, "month", "2025-09", "Asia/Shanghai"),
	}
	before := slices.Clone(events)
	if got := Days(events); len(got) != 2 || got[0].Entries[0].Event.ID != "month" {
		t.Fatalf("Days did not move the month first: %+v", got)
	}
	if !slices.Equal(events, before) {
		t.Errorf("Days changed its list: %v, was %v", ids(events), ids(before))
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
