package timeline

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

// Days groups events, already in order, under day headings. Events in
// different zones keep their own local day, so a heading may repeat when
// zones interleave; that is the honest reading of local dates.
func Days(events []*Event) []DayGroup {
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
