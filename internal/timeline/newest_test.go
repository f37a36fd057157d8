package timeline

import (
	"slices"
	"testing"
)

// TestNewestDays checks that a newest-first list is the mirror of the
// oldest-first one: days from the latest back, events within a day from
// the latest, a month known only coarsely after the earliest day of it,
// and gaps measured back from the event above.
func TestNewestDays(t *testing.T) {
	arrival := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
	arrival.Approximate = true
	events := []*Event{
		ev(t, "background", "2024", ""),
		ev(t, "september", "2025-09", "Asia/Shanghai"),
		ev(t, "departure", "2025-09-01", "Asia/Pyongyang"),
		ev(t, "crossing", "2025-09-02T05:00", "Asia/Shanghai"),
		arrival,
		ev(t, "talks", "2025-09-02T18:30", "Asia/Shanghai"),
		ev(t, "parade", "2025-09-03T09:00", "Asia/Shanghai"),
	}
	type entry struct{ id, gap string }
	var got []string
	var entries []entry
	for _, d := range NewestDays(events) {
		got = append(got, d.Key)
		for _, e := range d.Entries {
			entries = append(entries, entry{e.Event.ID, e.Gap})
		}
	}
	wantDays := []string{"2025-09-03", "2025-09-02", "2025-09-01", "2025-09", "2024"}
	if !slices.Equal(got, wantDays) {
		t.Errorf("days = %v, want %v", got, wantDays)
	}
	wantEntries := []entry{
		{"parade", ""},
		{"talks", "about 15 hours earlier"},
		{"arrival", "about 3 hours earlier"},
		{"crossing", "about 11 hours earlier"},
		{"departure", ""},
		{"september", ""},
		{"background", ""},
	}
	if !slices.Equal(entries, wantEntries) {
		t.Errorf("entries = %v, want %v", entries, wantEntries)
	}
	// The model's order is untouched.
	if events[0].ID != "background" || Days(events)[0].Key != "2024" {
		t.Error("NewestDays changed the list it was given")
	}
}

// TestStatusGroups checks that Assemble groups events by their current
// status, firmest first, with only the statuses some event has.
func TestStatusGroups(t *testing.T) {
	a, b, c := ev(t, "a", "2025-09-01", ""), ev(t, "b", "2025-09-02", ""), ev(t, "c", "2025-09-03", "")
	a.Status, b.Status, c.Status = Reported, Confirmed, Reported
	s, probs := Assemble(Config{}, []*Event{a, b, c}, nil, nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	var got []string
	for _, g := range s.Statuses {
		got = append(got, g.Slug+":"+g.Name)
		for _, e := range g.Events {
			got = append(got, e.ID)
		}
	}
	want := []string{"confirmed:Confirmed", "b", "reported:Reported", "a", "c"}
	if !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}
