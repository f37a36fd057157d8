package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// TestFragmentKeeping follows which partials are kept for reuse: all from
// their first use while they fit the budget, none once it is spent (the
// stub then executes them in place), and never one whose dot cannot be
// compared; partials rendered for one use are dropped once spliced.
func TestFragmentKeeping(t *testing.T) {
	type use struct {
		dot  any    // the partial prints it: a string of size bytes
		want string // "kept", "once" (rendered for this use), "in place"
	}
	text := func(name string, size int) string { return name + strings.Repeat("x", size-len(name)) }
	const budget = 1 << 20
	big := text("big", budget-100)
	for _, tc := range []struct {
		name string
		uses []use
	}{
		{"kept from the first use", []use{{"a", "kept"}, {"b", "kept"}, {"a", "kept"}}},
		{"kept while they fit", []use{{big, "kept"}, {text("c", 200), "once"}, {text("d", 50), "kept"}, {"e", "kept"}, {big, "kept"}}},
		{"in place once the budget is spent", []use{{text("full", budget), "kept"}, {"f", "in place"}, {text("full", budget), "kept"}}},
		{"not comparable", []use{{[]string{"g"}, "in place"}, {[]string{"g"}, "in place"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Renderer{frags: newFragments(budget)}
			r.shared = template.Must(template.New("").Parse(`{{define "dateline-own:event-line"}}{{.}}{{end}}`))
			for i, u := range tc.uses {
				marker, err := r.fragment("", "event-line", u.dot)
				if err != nil {
					t.Fatal(err)
				}
				got := "in place"
				if marker != "" {
					var out bytes.Buffer
					if err := r.frags.splice(&out, []byte(marker)); err != nil || out.String() != u.dot {
						t.Fatalf("use %d: splice gave %d bytes, %v; want the partial", i, out.Len(), err)
					}
					got = "once"
					if err := r.frags.splice(&out, []byte(marker)); err == nil {
						got = "kept"
					}
				}
				if got != u.want {
					t.Errorf("use %d: %s, want %s", i, got, u.want)
				}
			}
		})
	}
}

// TestSplice replaces this Renderer's markers and nothing else.
func TestSplice(t *testing.T) {
	f := newFragments(1 << 20)
	card := f.add(fragmentKey{"", "event-card", 1}, []byte("<article>A</article>"))
	unused := f.add(fragmentKey{"", "event-card", 2}, []byte("<article>B</article>"))
	other := newFragments(1 << 20) // another Renderer: another nonce
	for _, tc := range []struct {
		name, page, want, err string
	}{
		{"no markers", "<p>plain</p>", "<p>plain</p>", ""},
		{"one marker", "<li>" + card + "</li>", "<li><article>A</article></li>", ""},
		{"twice", card + card, "<article>A</article><article>A</article>", ""},
		{"another renderer's marker", "<li>" + other.marker(0) + "</li>", "<li>" + other.marker(0) + "</li>", ""},
		{"private use characters alone", markerOpen + "0" + markerClose, markerOpen + "0" + markerClose, ""},
		{"unknown number", string(f.prefix) + "99" + markerClose, "", "no fragment 99"},
		{"another of its markers", unused, "<article>B</article>", ""},
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
