package load

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Names in this file start with "fuzz" so as not to collide with the
// helpers of the other test files of the package.

var fuzzArticleSeeds = []string{
	"+++\ntitle = \"Why it matters\"\ndate = \"2025-09-03\"\nevents = [\"arrives-beijing\"]\n+++\n\nThe *body*.\n",
	"+++\ntitle = \"Never closed\"\n\nThe body.\n",
	"+++\r\ntitle = \"CRLF\"\r\n+++\r\n\r\nBody.\r\n",
	"",
	"\n\n  \t\n",
	"+++\n+++\n",
	"+++\n+++",
	"+++",
	"+++\n",
	"+++ \t\ntitle = \"Trailing spaces\"\n+++  \nBody.",
	"+++\ntitle = \"A\"\n+++\n+++\nsecond fence is body\n",
	"---\ntitle: yaml\n---\n",
	"title = \"no fence\"\n",
	" +++\ntitle = \"indented fence\"\n+++\n",
	"++++\n+++\n",
	"+++\n\n\n+++\n\n\nlate body",
}

// fuzzIsFence is the definition of a fence line, written out again so the
// test does not check splitFrontMatter against its own helper.
func fuzzIsFence(line string) bool {
	return strings.TrimRight(line, " \t\r") == "+++"
}

// FuzzSplitFrontMatter checks splitFrontMatter against a line-by-line
// reading of the same text: the front matter is the lines strictly between
// the first line and the next fence line, each with its newline, and the
// body is everything after the closing fence's newline.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range fuzzArticleSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fm, err := splitFrontMatter(text)

		lines := strings.Split(text, "\n")
		closing := -1 // index in lines of the closing fence
		if fuzzIsFence(lines[0]) {
			for i := 1; i < len(lines); i++ {
				if fuzzIsFence(lines[i]) {
					closing = i
					break
				}
			}
		}
		if strings.TrimSpace(text) == "" || closing < 0 {
			if err == nil {
				t.Fatalf("splitFrontMatter(%q) = %+v, want an error", text, fm)
			}
			if err.line < 1 || err.line > len(lines) || err.msg == "" {
				t.Fatalf("splitFrontMatter(%q) error %+v: bad line or empty message", text, *err)
			}
			return
		}
		if err != nil {
			t.Fatalf("splitFrontMatter(%q) failed: %+v; the closing fence is line %d", text, *err, closing+1)
		}

		// Front matter: lines 2 .. closing (1-based), each ending in "\n".
		wantMeta := strings.Join(lines[1:closing], "\n")
		if closing > 1 {
			wantMeta += "\n"
		}
		if fm.metaLine != 2 {
			t.Fatalf("splitFrontMatter(%q): metaLine %d, want 2", text, fm.metaLine)
		}
		if fm.bodyLine != closing+2 {
			t.Fatalf("splitFrontMatter(%q): bodyLine %d, want %d (line after the fence on line %d)", text, fm.bodyLine, closing+2, closing+1)
		}
		if fm.meta != wantMeta {
			t.Fatalf("splitFrontMatter(%q): meta %q, want %q", text, fm.meta, wantMeta)
		}
		// The same, in the terms of the fields: the front matter lines are
		// lines[metaLine-1 : bodyLine-2].
		if got := strings.Join(lines[fm.metaLine-1:fm.bodyLine-2], "\n"); strings.TrimSuffix(fm.meta, "\n") != got {
			t.Fatalf("splitFrontMatter(%q): meta %q is not lines %d..%d %q", text, fm.meta, fm.metaLine, fm.bodyLine-2, got)
		}
		if wantBody := strings.Join(lines[closing+1:], "\n"); fm.body != wantBody {
			t.Fatalf("splitFrontMatter(%q): body %q, want %q", text, fm.body, wantBody)
		}
		if !strings.HasSuffix(text, fm.body) {
			t.Fatalf("splitFrontMatter(%q): body %q is not the end of the text", text, fm.body)
		}
		before := text[:len(text)-len(fm.body)]
		newlines := strings.Count(before, "\n")
		if closing+1 < len(lines) {
			// The fence line ends in a newline: the body starts on the line after it.
			if newlines != fm.bodyLine-1 {
				t.Fatalf("splitFrontMatter(%q): %d newlines before the body, but bodyLine is %d", text, newlines, fm.bodyLine)
			}
		} else if fm.body != "" || newlines != fm.bodyLine-2 {
			// The fence is the last line, with no newline: no body.
			t.Fatalf("splitFrontMatter(%q): fence on the last line, but body %q and %d newlines before it", text, fm.body, newlines)
		}
		if before != lines[0]+"\n"+fm.meta+lines[closing]+strings.Repeat("\n", min(1, len(lines)-closing-1)) {
			t.Fatalf("splitFrontMatter(%q): fence, meta %q, fence and body %q do not make up the text", text, fm.meta, fm.body)
		}
	})
}

const fuzzSite = "title = \"Fuzz\"\n\n[[timelines]]\nid = \"journey\"\ntitle = \"The journey\"\n"

var fuzzEventSeeds = []string{
	// A full, valid event.
	"[[event]]\nid = \"arrives-beijing\"\ntitle = \"Kim arrives in Beijing\"\nsummary = \"By *train*.\"\n" +
		"when = \"2025-09-02T16:00\"\nend = \"2025-09-02T18:30\"\ntime_zone = \"Asia/Shanghai\"\napproximate = true\n" +
		"place = \"Beijing\"\ntimelines = [\"journey\"]\npeople = [\"Kim Jong Un\"]\ntags = [\"travel\"]\n" +
		"status = \"confirmed\"\ncoordinates = [39.9029, 116.4270]\n\n" +
		"[[event.sources]]\nname = \"KCNA\"\nurl = \"https://example.com/kcna\"\nnote = \"state media\"\n",
	// Several events, TOML dates and inline tables.
	"[[event]]\ntitle = \"A\"\nwhen = 2025-09-01\n\n[[event]]\ntitle = \"B\"\nwhen = 2025-09-02T16:00:00+08:00\n" +
		"sources = [{ name = \"X\", url = \"https://x.example\" }, { name = \"Y\" }]\n",
	"[[event]]\ntitle = \"Local\"\nwhen = 2025-09-02T16:00:00\nend = 16:00:00\n",
	// Mistakes of every kind.
	"[[event]]\ntitle = \"Broken\nwhen = \"2025\"\n",
	"[[event]\ntitle = \"x\"\n",
	"title = \"outside\"\n[[event]]\nwhen = \"2025-02-30\"\n",
	"[[event]]\nid = \"Bad ID\"\ntitle = \"\"\nwhen = \"24:30\"\ntimelines = \"journey\"\n",
	"[[event]]\ntitle = \"x\"\nwhen = \"2025-09-02T16:00+09:00\"\ntime_zone = \"Asia/Shanghia\"\ntimelines = [\"jouney\"]\n",
	"[[event]]\ntitle = \"x\"\nwhen = \"2025-09-03\"\nend = \"2025-09-01\"\ncoordinates = [200, 1]\nstatus = \"confimed\"\n",
	"[[event]]\ntitle = \"x\"\nwhen = \"2025\"\n[[event]]\ntitle = \"x\"\nwhen = \"2025\"\n",
	"[event]\ntitle = \"table not array\"\n",
	"event = 3\n",
	"[[event]]\ntitle = '''multi\nline'''\nsummary = \"\"\"\nmore\nlines\"\"\"\nwhen = \"2025\"\nbad =\n",
	"[[event]]\r\ntitle = \"CRLF\"\r\nwhen = \"2025-09-01\"\r\n",
	"\uFEFF[[event]]\ntitle = \"BOM\"\nwhen = \"2025\"\n",
	"[[event]]\ntitle = \"x\"\nwhen = \"2025\"\nunknown = 1\n[event.nested]\na = 1\n",
	"",
	"\n\n",
	"# only a comment\n",
	"[[event]]\ntitle = \"\xff\"\n",
	"a = \"\\u00\"\n",
	"[[event]]\ntitle = \"x\"\nwhen = \"2025\"\npeople = [\"\", 1, \"!!!\"]\ntags = [\"Travel\", \"travel \"]\n",
	// Updates, valid and not: out of order, in the future, without a time.
	"[[event]]\ntitle = \"x\"\nwhen = \"2025-09-03\"\nstatus = \"expected\"\ntime_zone = \"Asia/Shanghai\"\n" +
		"[[event.updates]]\nat = 2025-09-03T10:40:00+08:00\nstatus = \"confirmed\"\nnote = \"*Held*.\"\n" +
		"sources = [{ name = \"Xinhua\", url = \"https://english.news.cn/\" }]\n" +
		"[[event.updates]]\nat = \"2025-09-03T09:00\"\nstatus = \"confimred\"\nextra = 1\n" +
		"[[event.updates]]\nat = 2999-01-01T00:00:00Z\n[[event.updates]]\nat = 2025-09-04\n",
	"[[event]]\ntitle = \"y\"\nwhen = \"2025\"\nupdates = [{ at = 2025-09-02T08:00:00 }, { status = \"cancelled\" }, 3]\n",
}

// FuzzLoadEvent loads a site whose one event file holds the fuzzed text,
// assembles it and locates the problems found after loading, with the place
// of every event's "when" among them so that the key scanner reads every
// text that parsed: whatever the text, nothing panics and every problem
// names its file, with a line for TOML syntax errors and all keys located.
func FuzzLoadEvent(f *testing.F) {
	for _, s := range fuzzEventSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// The fuzzer has no time limit per input, and a hung worker would
		// only stall it: crash instead, so that the input is saved.
		watchdog := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("Load and Assemble have not returned after 10s on %q", text))
		})
		defer watchdog.Stop()
		const p = "content/events/fuzz.toml"
		fsys := fstest.MapFS{
			ConfigFile: {Data: []byte(fuzzSite)},
			p:          {Data: []byte(text)},
		}
		c, probs := Load(fsys, Options{})
		if c == nil {
			t.Fatalf("Load returned no content for %q", text)
		}
		site, more := timeline.Assemble(c.Config, c.Events, c.Articles, c.Drafts)
		if site == nil {
			t.Fatalf("Assemble returned no site for %q", text)
		}
		for _, e := range c.Events {
			more = append(more, timeline.Problem{Pos: e.KeyPos("when"), Msg: "where when is"})
		}
		probs = append(probs, Locate(fsys, more)...)
		nlines := strings.Count(text, "\n") + 1
		for _, pr := range probs {
			if pr.Pos.Path == "" {
				t.Errorf("problem without a path for %q: %v", text, pr)
			}
			if pr.Msg == "" {
				t.Errorf("problem without a message for %q: %v", text, pr)
			}
			if pr.Pos.Key != "" || pr.Ref.Key != "" {
				t.Errorf("problem not located for %q: %+v", text, pr)
			}
			if pr.Pos.Line < 0 || pr.Pos.Col < 0 || pr.Pos.Line == 0 && pr.Pos.Col != 0 {
				t.Errorf("problem at an impossible position for %q: %v", text, pr)
			}
			if strings.Contains(pr.Msg, "TOML syntax error") && pr.Pos.Line < 1 {
				t.Errorf("TOML syntax error without a line for %q: %v", text, pr)
			}
			if pr.Pos.Path == p && pr.Pos.Line > nlines {
				t.Errorf("problem past the end of the %d-line file %q: %v", nlines, text, pr)
			}
		}
		if len(c.Config.Timelines) != 1 || c.Config.Title != "Fuzz" {
			t.Fatalf("site.toml was not read: %+v", c.Config)
		}
		for _, e := range c.Events {
			if e.ID == "" || !timeline.ValidID(e.ID) {
				t.Errorf("event with id %q loaded from %q", e.ID, text)
			}
		}
	})
}
