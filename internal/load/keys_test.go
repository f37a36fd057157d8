package load

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestKeyPositions(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		offset int
		want   map[string]pos
		absent []string // paths the scanner must not invent
	}{
		{
			name: "nested arrays of tables",
			src: lines(
				"[[event]]",             // 1
				`title = "a"`,           // 2
				"[[event.sources]]",     // 3
				`name = "s0"`,           // 4
				"[[event.sources]]",     // 5
				`name = "s1"`,           // 6
				"[[event]]",             // 7
				`title = "b"`,           // 8
				"[[ event . sources ]]", // 9
				`  url = "https://x/"`,  // 10
				"[event.place]",         // 11
				`name = "Beijing"`,      // 12
			),
			want: map[string]pos{
				"event.0": {1, 1}, "event.0.title": {2, 1},
				"event.0.sources.0": {3, 1}, "event.0.sources.0.name": {4, 1},
				"event.0.sources.1": {5, 1}, "event.0.sources.1.name": {6, 1},
				"event.1": {7, 1}, "event.1.title": {8, 1},
				"event.1.sources.0": {9, 1}, "event.1.sources.0.url": {10, 3},
				"event.1.place": {11, 1}, "event.1.place.name": {12, 1},
			},
			absent: []string{"event.sources.0", "event.2", "event.1.sources.1"},
		},
		{
			name: "inline tables across lines",
			src: lines(
				"[[event]]",
				`sources = [ {name="a"},`,
				` {name="b", url="x"} ]`,
				`tags = ["x", "y"]`,
			),
			want: map[string]pos{
				"event.0.sources": {2, 1}, "event.0.sources.0": {2, 13}, "event.0.sources.0.name": {2, 14},
				"event.0.sources.1": {3, 2}, "event.0.sources.1.name": {3, 3}, "event.0.sources.1.url": {3, 13},
				"event.0.tags": {4, 1},
			},
		},
		{
			name: "inline tables over several lines, empty and with a trailing comma (TOML 1.1)",
			src: lines(
				"[[event]]",               // 1
				"sources = [",             // 2
				"  {},",                   // 3
				"  {",                     // 4
				`    name = "a",`,         // 5
				`    url = "b",`,          // 6
				"  },",                    // 7
				"]",                       // 8
				`when = "2025"`,           // 9
				`place = { name = "p", }`, // 10
				`tags = []`,               // 11
			),
			want: map[string]pos{
				"event.0.sources.0": {3, 3}, "event.0.sources.1": {4, 3},
				"event.0.sources.1.name": {5, 5}, "event.0.sources.1.url": {6, 5},
				"event.0.when": {9, 1}, "event.0.place.name": {10, 11}, "event.0.tags": {11, 1},
			},
		},
		{
			name: "multi-line strings holding keys and headers",
			src: lines(
				"[[event]]",                           // 1
				`summary = """`,                       // 2
				`title = "not a key"`,                 // 3
				"[[event]]",                           // 4
				`"""`,                                 // 5
				`when = "2025"`,                       // 6
				"[[event]]",                           // 7
				`note = '''x = [[event]]`,             // 8
				`{ y = 1 '''`,                         // 9
				`quote = """He said \""" = [[event]]`, // 10
				`and left.""""`,                       // 11
				`tags = ["a = b", 'c # d']`,           // 12
				`place = "[[event]] \" x = 1"`,        // 13
				"[[event]]",                           // 14
			),
			want: map[string]pos{
				"event.0.summary": {2, 1}, "event.0.when": {6, 1},
				"event.1": {7, 1}, "event.1.note": {8, 1}, "event.1.quote": {10, 1},
				"event.1.tags": {12, 1}, "event.1.place": {13, 1}, "event.2": {14, 1},
			},
			absent: []string{"event.0.title", "event.3", "event.1.y", "event.1.and left"},
		},
		{
			name: "quoted keys",
			src: lines(
				`"title" = "x"`,
				`'time zone' = "y"`,
				`"a.b" = 1`,
				`site."base url" = 2`,
				`[ "quoted table" . inner ]`,
				`"k\u00e9y" = 1`,
				`[time_zone_labels]`,
				`"Asia/Shanghai" = "Beijing time"`,
			),
			want: map[string]pos{
				"title": {1, 1}, "time zone": {2, 1}, "a.b": {3, 1}, "site.base url": {4, 1},
				"quoted table.inner": {5, 1}, "quoted table.inner.kéy": {6, 1},
				"time_zone_labels": {7, 1}, "time_zone_labels.Asia/Shanghai": {8, 1},
			},
		},
		{
			name: "comments",
			src: lines(
				`# title = "commented"`,
				`title = "x" # when = 1`,
				"[[event]] # [[event]]",
				"# [[event]]",
				"  when = 1 # ] } [ {",
				"tags = [ # open",
				`  "a", # ]`,
				"]",
				"[[event]]",
			),
			want:   map[string]pos{"title": {2, 1}, "event.0": {3, 1}, "event.0.when": {5, 3}, "event.0.tags": {6, 1}, "event.1": {9, 1}},
			absent: []string{"when", "event.2"},
		},
		{
			name: "columns count characters",
			src:  lines(`x = { a = "éé", b = 1 }`, `"ключ" = 1`, `y = 2`),
			want: map[string]pos{"x.a": {1, 7}, "x.b": {1, 17}, "ключ": {2, 1}, "y": {3, 1}},
		},
		{
			name: "CRLF line endings",
			src:  strings.ReplaceAll(lines("[[event]]", `summary = """a`, `b"""`, `  when = "2025"`), "\n", "\r\n"),
			want: map[string]pos{"event.0": {1, 1}, "event.0.summary": {2, 1}, "event.0.when": {4, 3}},
		},
		{
			name:   "front matter offset",
			src:    lines(`title = "A"`, `events = ["x"]`),
			offset: 1,
			want:   map[string]pos{"title": {2, 1}, "events": {3, 1}},
		},
		{
			name: "arrays of arrays",
			src:  lines("[[event]]", "coordinates = [[1, 2],", "  [3, 4]]", "when = 1"),
			want: map[string]pos{"event.0.coordinates": {2, 1}, "event.0.coordinates.0": {2, 16}, "event.0.coordinates.1": {3, 3}, "event.0.when": {4, 1}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// keyPositions runs only on documents that parsed; make sure these do.
			var doc map[string]any
			if _, err := toml.Decode(tc.src, &doc); err != nil {
				t.Fatalf("test input is not valid TOML: %v", err)
			}
			got := keyPositions(tc.src, tc.offset)
			for path, want := range tc.want {
				if p, ok := got[path]; !ok {
					t.Errorf("%s: missing", path)
				} else if p != want {
					t.Errorf("%s: at %d:%d, want %d:%d", path, p.line, p.col, want.line, want.col)
				}
			}
			for _, path := range tc.absent {
				if p, ok := got[path]; ok {
					t.Errorf("%s: found at %d:%d, but there is no such key", path, p.line, p.col)
				}
			}
			if t.Failed() {
				t.Logf("all positions: %v", got)
			}
		})
	}
}

func TestSplitDotted(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"title", []string{"title"}},
		{" a . b ", []string{"a", "b"}},
		{`site."base.url"`, []string{"site", "base.url"}},
		{`'a.b'.c`, []string{"a.b", "c"}},
		{`"a\".b"`, []string{`a".b`}},
		{`"k\u00e9y"`, []string{"kéy"}},
	}
	for _, tc := range tests {
		got := splitDotted(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("splitDotted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestKeyPositionsOfCutText: text that ends inside a string, escape and
// all, in a key or a value, yields the keys before it and no panic. (Load
// scans only text that parsed, but the scanner should not depend on that.)
func TestKeyPositionsOfCutText(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // a key it must find, if any
	}{
		{`a = "\`, "a"},
		{`a = "x\`, "a"},
		{`a = """\`, "a"},
		{`a = 'x`, "a"},
		{"a = 1\nb = \"\\", "a"},
		{`"\`, ""},
		{`a."\`, ""},
		{`[a."\`, ""},
		{`x = { "\`, "x"},
		{`[["\`, ""},
	} {
		got := keyPositions(tc.src, 0)
		if _, ok := got[tc.want]; tc.want != "" && !ok {
			t.Errorf("keyPositions(%q) = %v, want %s", tc.src, got, tc.want)
		}
	}
}
