package timelinejs

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

func mustDate(t *testing.T, s, zone string) timeline.Date {
	t.Helper()
	loc := time.UTC
	if zone != "" {
		var err error
		if loc, err = time.LoadLocation(zone); err != nil {
			t.Fatal(err)
		}
	}
	d, err := timeline.ParseDate(s, loc, zone)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var labels = timeline.Labels{"Asia/Shanghai": "Beijing time"}

// exported writes events with FromEvents and Write and reads the JSON
// back as plain maps, so that the test sees the fields as TimelineJS would.
func exported(t *testing.T, title string, events ...*timeline.Event) map[string]any {
	t.Helper()
	tl := FromEvents(title, "About <this>", events, labels,
		func(e *timeline.Event) string { return "<p>" + escapeText(e.Summary) + "</p>" },
		func(*timeline.Event) string { return "The journey" },
		func(e *timeline.Event) string { return "https://example.org/events/" + e.ID + "/" },
		func(e *timeline.Event) string { return "https://example.org/" + e.Image.Src })
	var buf bytes.Buffer
	if err := Write(&buf, tl); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("not valid JSON:\n%s", buf.String())
	}
	// The site writes its files from slides encoded one by one: the same bytes.
	slides := make([][]byte, len(tl.Events))
	for i, s := range tl.Events {
		var err error
		if slides[i], err = EncodeSlide(s); err != nil {
			t.Fatal(err)
		}
	}
	var parts bytes.Buffer
	if err := WriteEncoded(&parts, tl.Title, slides); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(parts.Bytes(), buf.Bytes()) {
		t.Fatalf("WriteEncoded wrote\n%s\nWrite wrote\n%s", parts.Bytes(), buf.Bytes())
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestFromEventsDates(t *testing.T) {
	for _, tc := range []struct {
		name        string
		when, end   string
		zone        string
		approx      bool
		whenText    string
		start, stop map[string]any // the date objects, display_date aside
		display     string
	}{
		{name: "year", when: "2011", zone: "Asia/Pyongyang",
			start: map[string]any{"year": 2011.0}, display: "2011"},
		{name: "month", when: "2024-06", zone: "Asia/Shanghai",
			start: map[string]any{"year": 2024.0, "month": 6.0}, display: "June 2024"},
		{name: "day", when: "2025-09-01", zone: "Asia/Pyongyang",
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 1.0}, display: "Mon 1 Sep 2025"},
		{name: "minute", when: "2025-09-02T16:00", zone: "Asia/Shanghai",
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 2.0, "hour": 16.0, "minute": 0.0}, display: "Tue 2 Sep 2025, 16:00 Beijing time (UTC+8)"},
		{name: "approximate", when: "2025-09-02T16:00", zone: "Asia/Shanghai", approx: true,
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 2.0, "hour": 16.0, "minute": 0.0}, display: "Tue 2 Sep 2025, c. 16:00 Beijing time (UTC+8)"},
		{name: "approximate day", when: "2025-09-02", zone: "Asia/Shanghai", approx: true,
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 2.0}, display: "c. Tue 2 Sep 2025"},
		{name: "when_text", when: "2025-09-02T05:00", zone: "Asia/Shanghai", approx: true, whenText: "at dawn",
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 2.0, "hour": 5.0, "minute": 0.0}, display: "Tue 2 Sep 2025, at dawn"},
		{name: "seconds", when: "2025-09-02T16:00:30", zone: "Asia/Shanghai",
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 2.0, "hour": 16.0, "minute": 0.0, "second": 30.0}, display: "Tue 2 Sep 2025, 16:00:30 Beijing time (UTC+8)"},
		{name: "day range", when: "2025-09-01", end: "2025-09-03", zone: "Asia/Shanghai",
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 1.0}, stop: map[string]any{"year": 2025.0, "month": 9.0, "day": 3.0},
			display: "Mon 1 Sep 2025 – Wed 3 Sep 2025 (3 days)"},
		{name: "summer time in New York", when: "2025-07-04T21:00", end: "2025-07-04T22:30", zone: "America/New_York",
			start: map[string]any{"year": 2025.0, "month": 7.0, "day": 4.0, "hour": 21.0, "minute": 0.0}, stop: map[string]any{"year": 2025.0, "month": 7.0, "day": 4.0, "hour": 22.0, "minute": 30.0},
			display: "Fri 4 Jul 2025, 21:00 (UTC-4) – Fri 4 Jul 2025, 22:30 (UTC-4) (1 hour 30 minutes)"},
		{name: "winter time in New York", when: "2025-01-20T12:00", zone: "America/New_York",
			start: map[string]any{"year": 2025.0, "month": 1.0, "day": 20.0, "hour": 12.0, "minute": 0.0}, display: "Mon 20 Jan 2025, 12:00 (UTC-5)"},
		{name: "across the autumn change", when: "2025-11-01T23:00", end: "2025-11-02T01:30", zone: "Europe/London",
			start: map[string]any{"year": 2025.0, "month": 11.0, "day": 1.0, "hour": 23.0, "minute": 0.0}, stop: map[string]any{"year": 2025.0, "month": 11.0, "day": 2.0, "hour": 1.0, "minute": 30.0},
			display: "Sat 1 Nov 2025, 23:00 UTC – Sun 2 Nov 2025, 01:30 UTC (2 hours 30 minutes)"},
		{name: "offset only", when: "2025-09-02T16:00+05:30",
			start: map[string]any{"year": 2025.0, "month": 9.0, "day": 2.0, "hour": 16.0, "minute": 0.0}, display: "Tue 2 Sep 2025, 16:00 (UTC+5:30)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &timeline.Event{ID: "e", Title: "E", When: mustDate(t, tc.when, tc.zone), Approximate: tc.approx, WhenText: tc.whenText, Status: timeline.Confirmed}
			if tc.end != "" {
				e.End = mustDate(t, tc.end, tc.zone)
			}
			doc := exported(t, "T", e)
			s := doc["events"].([]any)[0].(map[string]any)
			check := func(key string, want map[string]any) {
				got, _ := s[key].(map[string]any)
				if want == nil {
					if got != nil {
						t.Errorf("%s = %v, want none", key, got)
					}
					return
				}
				delete(got, "display_date")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", key, got, want)
				}
			}
			check("start_date", tc.start)
			check("end_date", tc.stop)
			if s["display_date"] != tc.display {
				t.Errorf("display_date = %q, want %q", s["display_date"], tc.display)
			}
			ext := s["dateline"].(map[string]any)
			if ext["time_zone"] != nilIfEmpty(tc.zone) || ext["approximate"] != nilIfFalse(tc.approx) || ext["status"] != "confirmed" {
				t.Errorf("dateline = %v", ext)
			}
			if s["unique_id"] != "e" || s["group"] != "The journey" {
				t.Errorf("unique_id, group = %v, %v", s["unique_id"], s["group"])
			}
			if _, has := s["media"]; has {
				t.Errorf("media written for an event without an image: %v", s["media"])
			}
		})
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nilIfFalse(b bool) any {
	if !b {
		return nil
	}
	return b
}

func TestFromEventsTextAndTitle(t *testing.T) {
	e := &timeline.Event{ID: "e", Title: "Kim's train", Summary: "S", When: mustDate(t, "2025", "UTC"),
		Sources: []timeline.Source{{Name: "IANS", URL: "https://ians.in/?a=1&b=2", Note: "wire"}, {Name: "KCNA"}}}
	doc := exported(t, "The site", e)
	title := doc["title"].(map[string]any)["text"].(map[string]any)
	if title["headline"] != "The site" || title["text"] != "<p>About &lt;this&gt;</p>" {
		t.Errorf("title slide = %v", title)
	}
	text := doc["events"].([]any)[0].(map[string]any)["text"].(map[string]any)
	if text["headline"] != "Kim's train" {
		t.Errorf("headline = %q", text["headline"])
	}
	want := `<p>S</p><div class="dateline-links"><p>Sources: <a href="https://ians.in/?a=1&amp;b=2">IANS</a> (wire); KCNA</p><p><a href="https://example.org/events/e/">This event on its own page</a></p></div>`
	if text["text"] != want {
		t.Errorf("text =\n%s\nwant\n%s", text["text"], want)
	}
}

// TestHostileText: text meant to break out of the JSON, or of the HTML
// TimelineJS puts it into, stays valid JSON and inert.
func TestHostileText(t *testing.T) {
	hostile := `</script><img src=x onerror=alert(1)>"&amp;` + "\u2028\x01"
	e := &timeline.Event{ID: "e", Title: hostile, When: mustDate(t, "2025", "UTC"), WhenText: hostile,
		Sources: []timeline.Source{{Name: hostile, URL: `https://x.org/"><script>`, Note: hostile}},
		Image:   &timeline.Image{Src: "a.png", Alt: hostile, Caption: hostile, Credit: hostile, Width: 1, Height: 1}}
	tl := FromEvents(hostile, hostile, []*timeline.Event{e}, nil,
		func(*timeline.Event) string { return "" }, func(*timeline.Event) string { return hostile },
		func(*timeline.Event) string { return `https://x.org/"onmouseover="alert(1)` },
		func(*timeline.Event) string { return "https://x.org/a.png" })
	var buf bytes.Buffer
	if err := Write(&buf, tl); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("not valid JSON: %s", out)
	}
	if strings.ContainsAny(out, "<>&\u2028") {
		t.Errorf("JSON holds <, >, & or U+2028 unescaped:\n%s", out)
	}
	var back Timeline
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	s := back.Events[0]
	for name, text := range map[string]string{"headline": s.Text.Headline, "text": s.Text.Text, "display_date": s.DisplayDate,
		"start display_date": s.StartDate.DisplayDate, "title": back.Title.Text.Headline, "title text": back.Title.Text.Text,
		"media caption": s.Media.Caption, "media credit": s.Media.Credit} {
		inert(t, name, text)
	}
	// Alt is set as a DOM property, not parsed: it stays the text written.
	if s.Media.Alt != hostile {
		t.Errorf("media alt = %q, want the alt text as written", s.Media.Alt)
	}
}

// inert fails unless the HTML s holds only the elements and attributes
// FromEvents writes itself, with links only to https://x.org/.
func inert(t *testing.T, name, s string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !slices.Contains([]string{"a", "p", "div"}, tok.Data) {
				t.Errorf("%s has a <%s> element: %s", name, tok.Data, s)
			}
			for _, a := range tok.Attr {
				ok := a.Key == "class" && a.Val == linksClass || a.Key == "href" && strings.HasPrefix(a.Val, "https://x.org/")
				if !ok {
					t.Errorf("%s has the attribute %s=%q: %s", name, a.Key, a.Val, s)
				}
			}
		}
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"A <b>bold</b> and <i> italic </i> word", "A **bold** and *italic* word"},
		{`See <a href="https://example.org/a b(c)">the report</a>.`, "See [the report](https://example.org/a%20b%28c%29)."},
		{`<a href="javascript:alert(1)">click</a> me`, "click me"},
		{`<a href="/relative">here</a>`, "here"},
		{"5 * 3 = 15 &amp; _x_ [y](z) `c` &lt;b&gt;", `5 \* 3 = 15 & \_x\_ \[y\](z) \` + "`c\\`" + ` \<b\>`},
		{"&amp;copy; AT&amp;T &amp;#38;", `\&copy; AT&T \&#38;`},
		{"1. not a list", `1\. not a list`},
		{"# not a heading", `\# not a heading`},
		{"<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>", "- a\n- b\n\n1. c"},
		{"before<script>alert(1)</script><style>p{}</style>after", "beforeafter"},
		{"x<br>y", "x\n\ny"},
		{`<img src="https://example.org/p.jpg" alt="A [pic]">`, `[A \[pic\]](https://example.org/p.jpg)`},
		{"<b>unclosed", "**unclosed**"},
		{"<b></b>empty", "empty"},
		{`<p>kept</p><div class="dateline-links"><p>Sources: <a href="https://a.org/">A</a></p></div>`, "kept"},
	} {
		if got := Markdown(tc.in); got != tc.want {
			t.Errorf("Markdown(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"<b>Kim</b>&#39;s   train": "Kim's train",
		"a<script>x</script>b":     "ab",
		"<p>one</p><p>two</p>":     "one two",
		"AT&amp;T &lt;script&gt;":  "AT&T <script>",
		"  spaced\n\tout  ":        "spaced out",
		"<h1>Title</h1><br/>sub":   "Title sub",
		"3 < 4":                    "3 < 4",
	} {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

const testSite = `title = "T"
time_zone = "Asia/Shanghai"
[[timelines]]
id = "journey"
title = "The journey"
`

// imported runs Import and loads what it wrote as the events of a site
// that declares the timelines it added, failing on any problem.
func imported(t *testing.T, format Format, data string, opts Options) (*Result, []*timeline.Event) {
	t.Helper()
	res, probs := Import(format, []byte(data), opts)
	if probs != nil {
		t.Fatalf("problems:\n%v", probs)
	}
	config := testSite + Declarations(res.Added, opts.File)
	fsys := fstest.MapFS{"site.toml": {Data: []byte(config)}, "content/events/x.toml": {Data: res.TOML}}
	content, lprobs := load.Load(fsys, load.Options{})
	_, aprobs := timeline.Assemble(content.Config, content.Events, content.Articles, content.Drafts)
	if len(lprobs)+len(aprobs) > 0 {
		t.Fatalf("the imported file does not load: %v %v\n%s\n%s", lprobs, aprobs, res.TOML, config)
	}
	return res, content.Events
}

func testOptions(file string) Options {
	cfg := timeline.Config{TimeZone: "Asia/Shanghai", Labels: labels, Timelines: []timeline.TimelineDef{{ID: "journey", Title: "The journey"}}}
	return Options{File: file, Default: timeline.TimelineDef{ID: "x", Title: "X"}, Zone: "Asia/Shanghai", Config: cfg,
		Taken: func(id string) bool { return id == "taken" }}
}

// got is what a test compares of an imported event.
type got struct {
	ID, When, End, Zone, WhenText string
	Approx                        bool
	Timelines                     string
}

func summarize(e *timeline.Event) got {
	return got{ID: e.ID, When: e.When.Machine(), End: e.End.Machine(), Zone: e.When.Zone, WhenText: e.WhenText, Approx: e.Approximate, Timelines: strings.Join(e.Timelines, ",")}
}

func TestImportSheet(t *testing.T) {
	const header = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
	for _, tc := range []struct {
		name string
		row  string
		opts func(*Options)
		want got
	}{
		{"year only", "1967,,,,,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1967", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"year and month", "1967,5,,,,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1967-05", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"month by name", "1967,May,,,,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1967-05", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"day", "1967,5,4,,,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1967-05-04", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"time in the site's zone", "1967,5,4,16:30,,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1967-05-04T16:30+08:00", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"12-hour time in a given zone", "2025,7,4,9:15 PM,,,,,,A,,,,,,,,", func(o *Options) { o.Zone = "America/New_York" },
			got{ID: "a", When: "2025-07-04T21:15-04:00", Zone: "America/New_York", Timelines: "x"}},
		{"seconds", "1967,5,4,16:30:05,,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1967-05-04T16:30:05+08:00", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"range of years", "1939,,,,1945,,,,,A,,,,,,,,", nil, got{ID: "a", When: "1939", End: "1945", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"range of times", "2025,9,2,16:00,2025,9,2,17:30,,A,,,,,,,,", nil, got{ID: "a", When: "2025-09-02T16:00+08:00", End: "2025-09-02T17:30+08:00", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"display date", "1967,,,,,,,,Summer of love,A,,,,,,,,", nil, got{ID: "a", When: "1967", Zone: "Asia/Shanghai", WhenText: "Summer of love", Timelines: "x"}},
		{"display date that repeats the date", "1967,,,,,,,,1967,A,,,,,,,,", nil, got{ID: "a", When: "1967", Zone: "Asia/Shanghai", Timelines: "x"}},
		{"group of a declared timeline", "1967,,,,,,,,,A,,,,,,,The Journey,", nil, got{ID: "a", When: "1967", Zone: "Asia/Shanghai", Timelines: "journey"}},
		{"new group", "1967,,,,,,,,,A,,,,,,,Early years,", nil, got{ID: "a", When: "1967", Zone: "Asia/Shanghai", Timelines: "early-years"}},
		{"--timeline", "1967,,,,,,,,,A,,,,,,,Early years,", func(o *Options) { o.Timeline = "journey" }, got{ID: "a", When: "1967", Zone: "Asia/Shanghai", Timelines: "journey"}},
		{"taken id", "1967,,,,,,,,,Taken,,,,,,,,", nil, got{ID: "taken-2", When: "1967", Zone: "Asia/Shanghai", Timelines: "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("s.csv")
			if tc.opts != nil {
				tc.opts(&opts)
			}
			_, events := imported(t, Sheet, header+tc.row+"\n", opts)
			if len(events) != 1 {
				t.Fatalf("%d events, want 1", len(events))
			}
			if g := summarize(events[0]); g != tc.want {
				t.Errorf("got  %+v\nwant %+v", g, tc.want)
			}
		})
	}
}

func TestImportSheetText(t *testing.T) {
	data := "headline,YEAR,text,media,media credit,media caption,extra column,type,group\n" +
		`The title,,<p>About it</p>,,,,,title,` + "\n" +
		`<b>Kim</b>&#39;s train,2025,"<p>It <a href=""https://ians.in/x"">arrived</a> *late*.</p><script>alert(1)</script>",https://example.org/p.jpg,AP,The train,ignored,,` + "\n" +
		",,,,,,,,\n" + // a blank row is no event
		`An era,2020,,,,,,era,` + "\n"
	res, events := imported(t, Sheet, data, testOptions("s.csv"))
	e := events[0]
	if e.Title != "Kim's train" || e.Summary != `It [arrived](https://ians.in/x) \*late\*.` {
		t.Errorf("title, summary = %q, %q", e.Title, e.Summary)
	}
	if len(e.Sources) != 1 || e.Sources[0] != (timeline.Source{Name: "AP", URL: "https://example.org/p.jpg", Note: "The train"}) {
		t.Errorf("sources = %v", e.Sources)
	}
	if len(res.Added) != 1 || res.Added[0] != (timeline.TimelineDef{ID: "x", Title: "The title", Description: "About it"}) {
		t.Errorf("added = %+v", res.Added)
	}
	// A sheet gives no image size: the photo stays a source, with a note.
	if len(res.Notes) != 2 || !strings.HasPrefix(res.Notes[0], `row 3: column media: image "https://example.org/p.jpg" kept as a source`) ||
		!strings.HasPrefix(res.Notes[1], "row 5: an era") {
		t.Errorf("notes = %q", res.Notes)
	}
}

func TestImportBadRows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format Format
		data   string
		want   []string
	}{
		{"sheet", Sheet, "Year,Month,Day,Time,End Year,Headline,Group\n" +
			"1967,13,,,,A,\n" +
			"1967,2,29,,,B,\n" +
			"1967,1,1,25:00,,C,\n" +
			"1967,1,1,noon,,D,\n" +
			",,,,,E,\n" +
			"1967,,4,,,F,\n" +
			"abc,,,,,G,\n" +
			"1967,,,,,,\n" +
			"1970,,,,1969,H,\n" +
			"10000,,,,,I,\n" +
			"1967,,,,,J,北京\n" +
			"1967,,,,,fine,\n", []string{
			`s.csv:row 2: column Month: "13" is not a month 1–12`,
			`s.csv:row 3: column Day: "29" is not a day of February 1967, which has 28 days`,
			`s.csv:row 4: column Time: "25:00" is not a time: hours run from 0 to 23`,
			`s.csv:row 5: column Time: "noon" is not a time like 16:00, 16:00:30 or 4:00 PM`,
			`s.csv:row 6: column Year: no date; every event needs at least a year`,
			`s.csv:row 7: column Day: a day without a month; give the month too, or leave the day out`,
			`s.csv:row 8: column Year: "abc" is not a whole number`,
			`s.csv:row 9: column Headline: empty; every event needs a title`,
			`s.csv:row 10: column End Year: the end 1969 is before the start 1970`,
			`s.csv:row 11: column Year: "10000" is not a year dateline can show; it takes years 0 to 9999`,
			`s.csv:row 12: column Group: cannot make a timeline id of a-z, 0-9 and - from "北京"; rename it, or pass --timeline ID to put every event on one timeline`,
		}},
		{"daylight saving gap", Sheet, "Year,Month,Day,Time,Headline\n2025,3,9,2:30,A\n", nil},
		{"missing columns", Sheet, "When,Title\n1967,A\n", []string{
			"s.csv:row 1: no column Year; the first row must name the columns, among them Year, Headline",
			"s.csv:row 1: no column Headline; the first row must name the columns, among them Year, Headline",
		}},
		{"not CSV", Sheet, "Year,Headline\n\"1967,A\n", []string{`s.csv:line 2: not CSV: extraneous or missing " in quoted-field`}},
		{"json", JSON, `{"events": [
			{"start_date": {"year": "1967", "month": 13}, "text": {"headline": "A"}},
			{"start_date": {"year": 1967, "day": "x"}, "text": {"headline": "B"}},
			{"text": {"headline": "C"}},
			{"start_date": {"year": 1967, "month": 1, "day": 1, "hour": 1, "millisecond": 5}, "text": {"headline": "D"}},
			{"start_date": {"year": 1967}, "text": {"headline": "E"}, "dateline": {"time_zone": "Mars/Olympus", "status": "rumoured"}},
			{"start_date": {"year": 1967}, "text": {"headline": "F"}}
		]}`, []string{
			`s.json:event 1: start_date.month: "13" is not a month 1–12`,
			`s.json:event 2: start_date.day: "x" is not a whole number`,
			`s.json:event 3: start_date: no date; every event needs at least a year`,
			`s.json:event 4: start_date.millisecond: "5": dateline keeps times to the second; leave milliseconds out`,
			`s.json:event 5: dateline.time_zone: unknown time zone "Mars/Olympus"; use an IANA name such as "Asia/Shanghai"`,
			`s.json:event 5: dateline.status: unknown status "rumoured"`,
		}},
		{"not JSON", JSON, "{\n\"events\": [,]}", []string{"s.json:line 2: not JSON: invalid character ',' looking for beginning of value"}},
		{"setter", Setter, "date,display_date,description,link,series,html\n" +
			"3/20/2010,,Fine,,,\n" +
			"13/20/2010,,Bad month,,,\n" +
			"yesterday,,Bad,,,\n" +
			"2010-03-20,,,,,\n", []string{
			`s.csv:row 3: column date: "13/20/2010" is not a month 1–12`,
			`s.csv:row 4: column date: "yesterday" is not a date like 2010-03-20, 3/20/2010, March 20, 2010 or 2010-03-20 16:00`,
			`s.csv:row 5: column description: empty; every event needs a title`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions("s.csv")
			if tc.format == JSON {
				opts.File = "s.json"
			}
			if tc.name == "daylight saving gap" {
				opts.Zone = "America/New_York"
				tc.want = []string{`s.csv:row 2: column Time: 02:30 does not exist in America/New_York on that day (the clocks skip it for daylight saving); write the time as it was shown on clocks (read on America/New_York clocks)`}
			}
			res, probs := Import(tc.format, []byte(tc.data), opts)
			if res != nil {
				t.Errorf("a result despite problems")
			}
			var gotLines []string
			for _, p := range probs {
				gotLines = append(gotLines, p.Error())
			}
			if !reflect.DeepEqual(gotLines, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(gotLines, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestImportJSON(t *testing.T) {
	data := `{"title": {"text": {"headline": "Apollo", "text": "<p>To the Moon</p>"}},
	"eras": [{"start_date": {"year": 1960}, "end_date": {"year": 1970}}],
	"events": [
		{"start_date": {"year": 1969, "month": 7, "day": 20, "hour": 20, "minute": 17}, "text": {"headline": "Landing"}, "group": "Missions", "unique_id": "landing",
		 "media": {"url": "https://nasa.gov/a11.jpg", "caption": "<i>Eagle</i>"}},
		{"start_date": {"year": "1969", "month": "7"}, "end_date": {"year": "1969", "month": "8"}, "text": {"headline": "Month"}, "display_date": "High summer"},
		{"start_date": {"year": 1969, "month": 7, "day": 16, "hour": 9, "minute": 32}, "text": {"headline": "Launch"},
		 "dateline": {"time_zone": "America/New_York", "approximate": true, "when_text": "in the morning", "status": "confirmed",
		              "sources": [{"name": "NASA", "url": "https://nasa.gov/"}]},
		 "media": {"url": "<iframe src=x>"}}
	]}`
	opts := testOptions("apollo.json")
	opts.Zone = "UTC"
	res, events := imported(t, JSON, data, opts)
	want := []got{
		{ID: "landing", When: "1969-07-20T20:17Z", Zone: "UTC", Timelines: "missions"},
		{ID: "month", When: "1969-07", End: "1969-08", Zone: "UTC", WhenText: "High summer", Timelines: "x"},
		{ID: "launch", When: "1969-07-16T09:32-04:00", Zone: "America/New_York", WhenText: "in the morning", Approx: true, Timelines: "x"},
	}
	for i, e := range events {
		if g := summarize(e); g != want[i] {
			t.Errorf("event %d:\ngot  %+v\nwant %+v", i+1, g, want[i])
		}
	}
	if events[0].Sources[0] != (timeline.Source{Name: "nasa.gov", URL: "https://nasa.gov/a11.jpg", Note: "Eagle"}) {
		t.Errorf("media source = %+v", events[0].Sources)
	}
	if events[2].Status != timeline.Confirmed || len(events[2].Sources) != 1 || events[2].Sources[0].Name != "NASA" {
		t.Errorf("extension not kept: %+v", events[2])
	}
	if events[0].Status != timeline.Reported {
		t.Errorf("status = %q, want reported", events[0].Status)
	}
	if res.Zoned != 1 {
		t.Errorf("zoned = %d, want 1 (the landing; the launch names its zone)", res.Zoned)
	}
	wantAdded := []timeline.TimelineDef{{ID: "missions", Title: "Missions"}, {ID: "x", Title: "Apollo", Description: "To the Moon"}}
	if !reflect.DeepEqual(res.Added, wantAdded) {
		t.Errorf("added = %+v", res.Added)
	}
	// The landing's photo has no size, so it stays a source, with a note.
	if len(res.Notes) != 3 || !strings.Contains(res.Notes[0], "1 era was left out") ||
		!strings.HasPrefix(res.Notes[1], `event 1: media.url: image "https://nasa.gov/a11.jpg" kept as a source: an event's image needs its width and height`) ||
		!strings.HasPrefix(res.Notes[2], "event 3: media.url:") {
		t.Errorf("notes = %q", res.Notes)
	}
}

func TestImportSetter(t *testing.T) {
	data := "date,display_date,description,link,series,html\n" +
		`"March 20, 2010",,The House passes the bill. A long night.,http://example.com/a,Congress,"<img src=""http://example.com/i.png"" alt=""Vote"">"` + "\n" +
		`"Mar. 21, 2010 11:59 PM",Late Sunday,Signing planned,javascript:alert(1),,` + "\n" +
		`3/22/2010,3/22/2010,A day,,,` + "\n" +
		`20 April 2010,,Another,,,` + "\n" +
		`2010-05-01 14:00,,Afternoon,,,` + "\n" +
		`March 2010,,A month,,,` + "\n"
	opts := testOptions("ts.csv")
	opts.Zone = "America/New_York"
	res, events := imported(t, Setter, data, opts)
	want := []got{
		{ID: "the-house-passes-the-bill", When: "2010-03-20", Zone: "America/New_York", Timelines: "congress"},
		{ID: "signing-planned", When: "2010-03-21T23:59-04:00", Zone: "America/New_York", WhenText: "Late Sunday", Timelines: "x"},
		{ID: "a-day", When: "2010-03-22", Zone: "America/New_York", Timelines: "x"},
		{ID: "another", When: "2010-04-20", Zone: "America/New_York", Timelines: "x"},
		{ID: "afternoon", When: "2010-05-01T14:00-04:00", Zone: "America/New_York", Timelines: "x"},
		{ID: "a-month", When: "2010-03", Zone: "America/New_York", Timelines: "x"},
	}
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d", len(events), len(want))
	}
	for i, e := range events {
		if g := summarize(e); g != want[i] {
			t.Errorf("event %d:\ngot  %+v\nwant %+v", i+1, g, want[i])
		}
	}
	if e := events[0]; e.Title != "The House passes the bill." || e.Summary != "[Vote](http://example.com/i.png)\n\nThe House passes the bill. A long night." ||
		len(e.Sources) != 1 || e.Sources[0].URL != "http://example.com/a" {
		t.Errorf("first event: %q %q %v", e.Title, e.Summary, e.Sources)
	}
	if len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], `row 3: column link: "javascript:alert(1)" left out`) {
		t.Errorf("notes = %q", res.Notes)
	}
}

// TestFromEventsImage: an event's image is its slide's media, at the
// address the caller gives, with caption and credit as HTML text and alt
// as written; the extension keeps its size. An event without one has no
// media.
func TestFromEventsImage(t *testing.T) {
	with := &timeline.Event{ID: "a", Title: "A", When: mustDate(t, "2025", "UTC"),
		Image: &timeline.Image{Src: "images/route.svg", Alt: "Route", Caption: "Pyongyang & Beijing", Credit: "Drawing: Dateline example", Width: 640, Height: 260}}
	without := &timeline.Event{ID: "b", Title: "B", When: mustDate(t, "2025", "UTC")}
	events := exported(t, "T", with, without)["events"].([]any)
	slide := events[0].(map[string]any)
	want := map[string]any{"url": "https://example.org/images/route.svg", "caption": "Pyongyang &amp; Beijing", "credit": "Drawing: Dateline example", "alt": "Route"}
	if !reflect.DeepEqual(slide["media"], want) {
		t.Errorf("media = %v, want %v", slide["media"], want)
	}
	if got := slide["dateline"].(map[string]any)["image"]; !reflect.DeepEqual(got, map[string]any{"width": 640.0, "height": 260.0}) {
		t.Errorf("dateline.image = %v", got)
	}
	if _, ok := events[1].(map[string]any)["media"]; ok {
		t.Error("an event without an image has media")
	}
}

// TestImportImage: media at an https address of an image file becomes the
// event's image when the extension gives its size (as dateline's export
// does) and it has alt text or is decorative; an image without a size or
// alt text stays a source, with a note saying what to add; media that is
// no image stays a source without one. What Import writes loads.
func TestImportImage(t *testing.T) {
	data := `{"events": [
		{"start_date": {"year": 2025}, "text": {"headline": "Drawn"}, "unique_id": "drawn",
		 "media": {"url": "https://example.org/images/route.svg?v=1", "caption": "The <i>route</i>", "credit": "Drawing: Dateline example", "alt": "Route map"},
		 "dateline": {"image": {"width": 640, "height": 260}}},
		{"start_date": {"year": 2025}, "text": {"headline": "Plain"}, "unique_id": "plain",
		 "media": {"url": "https://example.org/rule.PNG"}, "dateline": {"image": {"width": 10, "height": 2, "decorative": true}}},
		{"start_date": {"year": 2025}, "text": {"headline": "Video"}, "unique_id": "video",
		 "media": {"url": "https://www.youtube.com/watch?v=abc"}},
		{"start_date": {"year": 2025}, "text": {"headline": "Unsized"}, "unique_id": "unsized",
		 "media": {"url": "https://example.org/a.jpg", "alt": "A"}},
		{"start_date": {"year": 2025}, "text": {"headline": "No alt"}, "unique_id": "no-alt",
		 "media": {"url": "https://example.org/b.webp"}, "dateline": {"image": {"width": 3, "height": 4}}},
		{"start_date": {"year": 2025}, "text": {"headline": "Plain web"}, "unique_id": "http",
		 "media": {"url": "http://example.org/c.png"}, "dateline": {"image": {"width": 3, "height": 4}}}
	]}`
	res, events := imported(t, JSON, data, testOptions("images.json"))
	images := map[string]*timeline.Image{}
	sources := map[string]int{}
	for _, e := range events {
		images[e.ID], sources[e.ID] = e.Image, len(e.Sources)
	}
	if img := images["drawn"]; img == nil || *img != (timeline.Image{Src: "https://example.org/images/route.svg?v=1", Alt: "Route map",
		Caption: "The route", Credit: "Drawing: Dateline example", Width: 640, Height: 260}) || sources["drawn"] != 0 {
		t.Errorf("drawn: image %+v, %d sources", img, sources["drawn"])
	}
	if img := images["plain"]; img == nil || *img != (timeline.Image{Src: "https://example.org/rule.PNG", Decorative: true, Width: 10, Height: 2}) {
		t.Errorf("decorative: image %+v", img)
	}
	for _, id := range []string{"video", "unsized", "no-alt", "http"} {
		if images[id] != nil || sources[id] != 1 {
			t.Errorf("%s: image %+v and %d sources, want a source alone", id, images[id], sources[id])
		}
	}
	wantNotes := []string{
		`event 4: media.url: image "https://example.org/a.jpg" kept as a source: an event's image needs its width and height`,
		`event 5: media.url: image "https://example.org/b.webp" kept as a source: it has no alt text; to show it, add image = { src = …, alt = "what it shows", width = 3, height = 4 }`,
	}
	if len(res.Notes) != len(wantNotes) {
		t.Fatalf("notes = %q", res.Notes)
	}
	for i, w := range wantNotes {
		if !strings.HasPrefix(res.Notes[i], w) {
			t.Errorf("note %d = %q, want %q…", i, res.Notes[i], w)
		}
	}
	if !strings.Contains(string(res.TOML), `image = { src = "https://example.org/images/route.svg?v=1", alt = "Route map", caption = "The route", credit = "Drawing: Dateline example", width = 640, height = 260 }`) {
		t.Errorf("TOML written:\n%s", res.TOML)
	}
}
