package timeline

import "slices"

// A DayGroup is a run of consecutive events that share a local calendar day (or
// year or month, for coarser dates), shown under one heading.
type DayGroup struct {
	Key     string // as in Date.DayKey: "2025-09-02", "2025-09", "2011"
	Heading string
	Entries []Entry
}

// An Entry is an event in a list, with the time elapsed since the one before
// it when both are precise to the hour or better.
type Entry struct {
	Event *Event
	Gap   string
}

// Days groups events, already in order, under headings: a local calendar
// day, or a month or year for events known only to that.
//
// An event known only to its month or year is listed just before the first
// event of the list that falls within that month or year (by the local
// dates the headings show), under its own heading, and stays in its place
// when none does. So "September 2025" heads the days of September rather
// than landing between two of them, which the order by first instant would
// do when the month is read in a zone ahead of or behind the days'. Before,
// not after: a month or year is the wider frame that its days narrow down,
// and the order of events already puts a coarse date first on a tie.
//
// Events in different zones keep their own local day, so a day heading
// may repeat when zones interleave; that is the honest reading of local
// dates.
func Days(events []*Event) []DayGroup {
	events = coarseFirst(events)
	var days []DayGroup
	var prev *Event
	for _, e := range events {
		key := e.When.DayKey()
		if len(days) == 0 || days[len(days)-1].Key != key {
			days = append(days, DayGroup{Key: key, Heading: e.When.DayHeading()})
		}
		entry := Entry{Event: e}
		if prev != nil {
			entry.Gap = Gap(prev.When, e.When, prev.Approximate || e.Approximate)
		}
		d := &days[len(days)-1]
		d.Entries = append(d.Entries, entry)
		prev = e
	}
	return days
}

// NewestDays groups events, already in order, as Days does, for a list
// read newest first: it is the exact mirror of Days. The headings run from
// the latest day back and each day's events from the latest; so an event
// known only to its month or year, which Days puts just before the first
// day of its period, comes just after the earliest day listed of it, and
// a range sorts by its start, as it does oldest first. Each entry's gap is
// the time back from the event listed above it ("2 hours earlier").
func NewestDays(events []*Event) []DayGroup {
	days := Days(events)
	slices.Reverse(days)
	var above *Event
	for i := range days {
		entries := slices.Clone(days[i].Entries)
		slices.Reverse(entries)
		for j := range entries {
			e := entries[j].Event
			entries[j].Gap = ""
			if above != nil {
				entries[j].Gap = GapBefore(e.When, above.When, e.Approximate || above.Approximate)
			}
			above = e
		}
		days[i].Entries = entries
	}
	return days
}

// coarseFirst moves each event known only to its month or year to just
// before the first event of the list within that month or year, as Days
// describes. It returns events itself when nothing moves (most lists), and
// a reordered copy otherwise: the list belongs to the model, which is
// never changed.
func coarseFirst(events []*Event) []*Event {
	coarse := false
	for _, e := range events {
		if e.When.Precision < Day {
			coarse = true
			break
		}
	}
	if !coarse {
		return events
	}
	// The first place in the list of each year and month, among the
	// events finer than that period; a coarse event's anchor is the first
	// place among the events it contains.
	years, months := map[int]int{}, map[int]int{}
	first := func(m map[int]int, k, i int) {
		if j, ok := m[k]; !ok || i < j {
			m[k] = i
		}
	}
	for i, e := range events {
		if e.When.Precision >= Day {
			y, m, _ := e.When.Start.Date()
			first(years, y, i)
			first(months, y*12+int(m)-1, i)
		}
	}
	anchors := make([]int, len(events))
	moved := false
	for i, e := range events {
		anchors[i] = i
		if e.When.Precision != Month {
			continue
		}
		y, m, _ := e.When.Start.Date()
		if j, ok := months[y*12+int(m)-1]; ok {
			anchors[i] = j
		}
		first(years, y, anchors[i])
		moved = moved || anchors[i] != i
	}
	for i, e := range events {
		if e.When.Precision != Year {
			continue
		}
		if j, ok := years[e.When.Start.Year()]; ok {
			anchors[i] = j
		}
		moved = moved || anchors[i] != i
	}
	if !moved {
		return events
	}
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	// By anchor; at one anchor the coarser first (a year before its month,
	// both before the event they precede), then in list order.
	slices.SortFunc(order, func(a, b int) int {
		if anchors[a] != anchors[b] {
			return anchors[a] - anchors[b]
		}
		if pa, pb := events[a].When.Precision, events[b].When.Precision; pa != pb {
			return int(pa - pb)
		}
		return a - b
	})
	out := make([]*Event, len(events))
	for i, j := range order {
		out[i] = events[j]
	}
	return out
}
