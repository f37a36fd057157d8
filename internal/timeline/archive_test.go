package timeline

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// describe writes an archive as one line per page: path, label, events
// shown and in all, and their IDs, indented by depth.
func describe(a *Archive) string {
	var b strings.Builder
	for _, p := range a.Pages() {
		indent := ""
		for up := p.Up; up != nil; up = up.Up {
			indent += "  "
		}
		fmt.Fprintf(&b, "%s%s %q %d/%d %s\n", indent, p.Path, p.Label, len(p.Events), p.Total, strings.Join(ids(p.Events), ","))
	}
	return b.String()
}

func TestArchived(t *testing.T) {
	events := func(t *testing.T, whens ...string) []*Event {
		var out []*Event
		for i, w := range whens {
			out = append(out, ev(t, fmt.Sprintf("e%d", i), w, "UTC"))
		}
		slices.SortFunc(out, CompareEvents)
		return out
	}
	for _, tc := range []struct {
		name  string
		whens []string
		size  int
		want  string // describe's output; "" for no archive
	}{
		{"fits on one page", []string{"2020", "2021"}, 2, ""},
		{"one page per decade", []string{"1999", "2020", "2020-05-01", "2021-01", "2033-12-31T23:00"}, 3,
			"1990s/ \"1990s\" 1/1 e0\n" +
				"2020s/ \"2020s\" 3/3 e1,e2,e3\n" +
				"2030s/ \"2030s\" 1/1 e4\n"},
		{"a decade too big becomes years", []string{"2020", "2020-05-01", "2021-01", "2021-02", "2030"}, 2,
			"2020s/ \"2020s\" 0/4 \n" +
				"  2020/ \"2020\" 2/2 e0,e1\n" +
				"  2021/ \"2021\" 2/2 e2,e3\n" +
				"2030s/ \"2030s\" 1/1 e4\n"},
		{"a year too big becomes months; year-only events stay on the year's page",
			[]string{"2020", "2020-01-05", "2020-01-06", "2020-03", "2020-03-02", "2021"}, 3,
			"2020s/ \"2020s\" 0/6 \n" +
				"  2020/ \"2020\" 1/5 e0\n" +
				"    2020/01/ \"January 2020\" 2/2 e1,e2\n" +
				"    2020/03/ \"March 2020\" 2/2 e3,e4\n" +
				"  2021/ \"2021\" 1/1 e5\n"},
		{"a month too big runs over parts",
			[]string{"2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05", "2020-02-01"}, 2,
			"2020s/ \"2020s\" 0/6 \n" +
				"  2020/ \"2020\" 0/6 \n" +
				"    2020/01/ \"January 2020, part 1 of 3\" 2/5 e0,e1\n" +
				"    2020/01/2/ \"January 2020, part 2 of 3\" 2/5 e2,e3\n" +
				"    2020/01/3/ \"January 2020, part 3 of 3\" 1/5 e4\n" +
				"    2020/02/ \"February 2020\" 1/1 e5\n"},
		{"too many events known only to the year run over parts",
			[]string{"2020", "2020", "2020", "2020-06-01"}, 2,
			"2020s/ \"2020s\" 0/4 \n" +
				"  2020/ \"2020, part 1 of 2\" 2/4 e0,e1\n" +
				"  2020/2/ \"2020, part 2 of 2\" 1/4 e2\n" +
				"    2020/06/ \"June 2020\" 1/1 e3\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Archived(events(t, tc.whens...), tc.size)
			if tc.want == "" {
				if a != nil {
					t.Fatalf("archived, want one page:\n%s", describe(a))
				}
				return
			}
			if got := describe(a); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestArchiveBounds checks, on a large list, that no page holds more than
// the page size, that every event is on exactly one page, in order, and
// that paths are unique.
func TestArchiveBounds(t *testing.T) {
	var events []*Event
	for i := range 5000 {
		when := fmt.Sprintf("%04d", 2000+i%7)
		switch i % 3 {
		case 1:
			when = fmt.Sprintf("%04d-%02d", 2000+i%7, 1+i%12)
		case 2:
			when = fmt.Sprintf("%04d-%02d-%02dT10:00", 2000+i%7, 1+i%12, 1+i%28)
		}
		events = append(events, ev(t, fmt.Sprintf("e%d", i), when, "Asia/Tokyo"))
	}
	slices.SortFunc(events, CompareEvents)
	for _, size := range []int{50, 300, 1000} {
		a := Archived(events, size)
		seen := map[string]bool{}
		paths := map[string]bool{}
		for _, p := range a.Pages() {
			if len(p.Events) > size {
				t.Errorf("size %d: page %s shows %d events", size, p.Path, len(p.Events))
			}
			if paths[p.Path] {
				t.Errorf("size %d: path %s twice", size, p.Path)
			}
			paths[p.Path] = true
			for _, e := range p.Events {
				if seen[e.ID] {
					t.Errorf("size %d: %s on two pages", size, e.ID)
				}
				seen[e.ID] = true
			}
		}
		if len(seen) != len(events) {
			t.Errorf("size %d: %d of %d events on a page", size, len(seen), len(events))
		}
		if a.Total != len(events) {
			t.Errorf("size %d: Total %d", size, a.Total)
		}
	}
}
