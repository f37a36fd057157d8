package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestFragmentKeeping follows which partials are kept for reuse: all from
// their first use while they fit the budget, none once it is spent, and
// never one whose dot cannot be compared; partials rendered for one use
// are dropped once spliced.
func TestFragmentKeeping(t *testing.T) {
	type use struct {
		dot      any
		size     int
		wantKeep bool // what keep says before the partial is rendered
		wantKept bool
	}
	big := fragmentBudget - 100
	for _, tc := range []struct {
		name string
		uses []use
	}{
		{"kept from the first use", []use{{1, 10, true, true}, {2, 10, true, true}}},
		{"kept while they fit", []use{{1, big, true, true}, {2, 200, true, false}, {3, 50, true, true}, {4, 10, true, true}}},
		{"none once the budget is spent", []use{{1, fragmentBudget, true, true}, {2, 10, false, false}, {1, 0, true, true}}},
		{"not comparable", []use{{[]int{1}, 10, false, false}, {[]int{1}, 10, false, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Renderer{frags: newFragments()}
			f := r.frags
			for i, u := range tc.uses {
				if keep := r.keep("", "event-card", u.dot); keep != u.wantKeep {
					t.Errorf("use %d (dot %v): keep = %v, want %v", i, u.dot, keep, u.wantKeep)
				}
				key := fragmentKey{"", "event-card", u.dot}
				id := f.add(key, isComparable(u.dot), bytes.Repeat([]byte("x"), u.size))
				_, kept := f.kept[id]
				if kept != u.wantKept {
					t.Errorf("use %d (dot %v): kept = %v, want %v", i, u.dot, kept, u.wantKept)
				}
				var out bytes.Buffer
				if err := f.splice(&out, []byte(f.marker(id))); err != nil || out.Len() != len(f.kept[id])+len(f.once[id]) && out.Len() != u.size {
					t.Fatalf("use %d: splice = %d bytes, %v", i, out.Len(), err)
				}
				if err := f.splice(&out, []byte(f.marker(id))); (err == nil) != kept {
					t.Errorf("use %d: splicing again: err = %v, want an error only for a one-use partial", i, err)
				}
			}
		})
	}
}

// TestSplice replaces this Renderer's markers and nothing else.
func TestSplice(t *testing.T) {
	f := newFragments()
	card := f.add(fragmentKey{"", "event-card", 1}, true, []byte("<article>A</article>"))
	other := newFragments() // another Renderer: another nonce
	for _, tc := range []struct {
		name, page, want, err string
	}{
		{"no markers", "<p>plain</p>", "<p>plain</p>", ""},
		{"one marker", "<li>" + f.marker(card) + "</li>", "<li><article>A</article></li>", ""},
		{"twice", f.marker(card) + f.marker(card), "<article>A</article><article>A</article>", ""},
		{"another renderer's marker", "<li>" + other.marker(0) + "</li>", "<li>" + other.marker(0) + "</li>", ""},
		{"private use characters alone", markerOpen + "0" + markerClose, markerOpen + "0" + markerClose, ""},
		{"unknown number", string(f.prefix) + "99" + markerClose, "", "no fragment 99"},
		{"not a number", string(f.prefix) + "x" + markerClose, "", "bad fragment marker"},
		{"unterminated", string(f.prefix) + "0", "", "unterminated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := f.splice(&out, []byte(tc.page))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || out.String() != tc.want {
				t.Errorf("splice = %q, %v; want %q", out.String(), err, tc.want)
			}
		})
	}
}
