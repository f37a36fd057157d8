package render

import (
	"maps"
	"slices"
	"testing"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// TestAgain: of lists shown one after another, each event's first place
// is its own and every later one is marked, so that its id there is
// qualified; a page where no event repeats has no marks at all.
func TestAgain(t *testing.T) {
	a, b, c := &timeline.Event{ID: "a"}, &timeline.Event{ID: "b"}, &timeline.Event{ID: "c"}
	type ev = *timeline.Event
	for _, tc := range []struct {
		name  string
		lists [][]ev
		want  [][]string // the ids marked in each list; nil for no marks at all
	}{
		{"nothing", nil, nil},
		{"no repeats", [][]ev{{a, b}, {c}}, nil},
		{"one event in two lists", [][]ev{{a, b}, {b, c}}, [][]string{nil, {"b"}}},
		{"in three lists", [][]ev{{a}, {a}, {b, a}}, [][]string{nil, {"a"}, {"a"}}},
		{"first in a later list", [][]ev{{}, {c}, {a, c}}, [][]string{nil, nil, {"c"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := again(tc.lists)
			if tc.want == nil {
				if got != nil {
					t.Errorf("again = %v, want nil", got)
				}
				return
			}
			if len(got) != len(tc.lists) {
				t.Fatalf("again has %d lists, want %d", len(got), len(tc.lists))
			}
			for i, marks := range got {
				var ids []string
				for id := range maps.Keys(marks) {
					ids = append(ids, id)
				}
				slices.Sort(ids)
				if !slices.Equal(ids, tc.want[i]) {
					t.Errorf("list %d: marked %v, want %v", i, ids, tc.want[i])
				}
			}
		})
	}
}
