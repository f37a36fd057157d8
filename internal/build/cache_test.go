package build

import "testing"

func TestCacheChanged(t *testing.T) {
	for _, tc := range []struct {
		name      string
		changed   []string
		path      string
		unchanged bool
		known     bool
	}{
		{"a file under content", []string{"content/events/a.toml"}, "content/events/b.toml", true, true},
		{"the file itself", []string{"content/events/a.toml"}, "content/events/a.toml", false, true},
		{"a folder stands for all below it", []string{"content/events/new"}, "content/events/new/x/y.toml", false, true},
		{"a sibling with a common prefix", []string{"content/events/new"}, "content/events/newer.toml", true, true},
		{"site.toml: nothing is known", []string{"content/events/a.toml", "site.toml"}, "content/events/b.toml", false, false},
		{"a template: nothing is known", []string{"templates/base.html"}, "content/events/b.toml", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewCache()
			m.Changed(tc.changed)
			f := m.unchangedFunc()
			if (f != nil) != tc.known {
				t.Fatalf("known = %v, want %v", f != nil, tc.known)
			}
			if f != nil && f(tc.path) != tc.unchanged {
				t.Errorf("unchanged(%q) = %v, want %v", tc.path, f(tc.path), tc.unchanged)
			}
			if m.unchangedFunc() != nil {
				t.Error("what Changed said was used for a second build")
			}
		})
	}
}

func TestSummaryString(t *testing.T) {
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{Events: 1, Articles: 1, Timelines: 1, Pages: 1, Static: 1}, "1 event, 1 article, 1 timeline → 1 page, 1 static file in 0 ms"},
		{Summary{Events: 9, Articles: 0, Timelines: 3, Pages: 32, Static: 2}, "9 events, 0 articles, 3 timelines → 32 pages, 2 static files in 0 ms"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
