package ical

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/arran4/golang-ical"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

var stamp = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func sampleCalendar(t *testing.T) *Calendar {
	ny := mustZone(t, "America/New_York")
	sh := mustZone(t, "Asia/Shanghai")
	return &Calendar{
		ProdID: "-//dateline//dateline 1.0//EN",
		Name:   "Launches",
		Events: []Event{
			{
				UID:          "utc-1@example.org",
				Stamp:        stamp,
				Start:        time.Date(2025, 7, 20, 20, 17, 40, 0, time.UTC),
				End:          time.Date(2025, 7, 20, 22, 0, 0, 0, time.UTC),
				Summary:      "Apollo 11; lands, safely",
				Description:  "Line one\nLine two \\ backslash",
				Location:     "Sea of Tranquility",
				Geo:          &[2]float64{0.67408, 23.47297},
				URL:          "https://example.org/events/apollo-11/",
				Status:       "CONFIRMED",
				Sequence:     3,
				LastModified: time.Date(2025, 1, 1, 10, 0, 0, 0, time.FixedZone("X", 3600)),
			},
			{
				UID:     "allday-1@example.org",
				Stamp:   stamp,
				Start:   time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC),
				End:     time.Date(2025, 3, 16, 0, 0, 0, 0, time.UTC),
				AllDay:  true,
				Zone:    ny, // ignored for all-day events
				Summary: "Pi days",
				Status:  "TENTATIVE",
			},
			{
				UID:     "ny-summer@example.org",
				Stamp:   stamp,
				Start:   time.Date(2025, 7, 4, 21, 0, 0, 0, ny),
				End:     time.Date(2025, 7, 4, 22, 30, 0, 0, ny),
				Zone:    ny,
				Summary: "Fireworks",
				Status:  "CANCELLED",
			},
			{
				UID:     "ny-winter@example.org",
				Stamp:   stamp,
				Start:   time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), // 18:00 EST
				Zone:    ny,
				Summary: "New Year's Eve (an instant)",
			},
			{
				UID:     "sh-1@example.org",
				Stamp:   stamp,
				Start:   time.Date(2025, 10, 1, 10, 0, 0, 0, sh),
				End:     time.Date(2025, 10, 1, 12, 0, 0, 0, sh),
				Zone:    sh,
				Summary: "National Day",
			},
		},
	}
}

func render(t *testing.T, c *Calendar) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func parse(t *testing.T, out []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the output: %v\n%s", err, out)
	}
	return cal
}

func calProp(cal *goical.Calendar, name string) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == name {
			return p.Value
		}
	}
	return "<absent>"
}

func prop(c *goical.ComponentBase, name string) string {
	if p := c.GetProperty(goical.ComponentProperty(name)); p != nil {
		return p.Value
	}
	return ""
}

// componentBase opens a VTIMEZONE's sub-component.
func componentBase(t *testing.T, sub goical.Component) (*goical.ComponentBase, string) {
	t.Helper()
	switch s := sub.(type) {
	case *goical.Standard:
		return &s.ComponentBase, "STANDARD"
	case *goical.Daylight:
		return &s.ComponentBase, "DAYLIGHT"
	}
	t.Fatalf("VTIMEZONE holds a %T", sub)
	return nil, ""
}

// tzObservance is one STANDARD or DAYLIGHT read back from the output.
type tzObservance struct {
	onset  time.Time // UTC instant of the change
	to     int
	kind   string
	tzname string
}

// readZones reads every VTIMEZONE of the parsed output by TZID.
func readZones(t *testing.T, cal *goical.Calendar) map[string][]tzObservance {
	t.Helper()
	zones := map[string][]tzObservance{}
	for _, tz := range cal.Timezones() {
		id := prop(&tz.ComponentBase, "TZID")
		var obs []tzObservance
		for _, sub := range tz.Components {
			base, kind := componentBase(t, sub)
			wall, err := time.Parse(localLayout, prop(base, "DTSTART"))
			if err != nil {
				t.Fatalf("VTIMEZONE %s DTSTART: %v", id, err)
			}
			from := parseOffset(t, prop(base, "TZOFFSETFROM"))
			obs = append(obs, tzObservance{
				onset:  wall.Add(-time.Duration(from) * time.Second),
				to:     parseOffset(t, prop(base, "TZOFFSETTO")),
				kind:   kind,
				tzname: prop(base, "TZNAME"),
			})
		}
		sort.Slice(obs, func(i, j int) bool { return obs[i].onset.Before(obs[j].onset) })
		zones[id] = obs
	}
	return zones
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		t.Fatalf("bad UTC offset %q", s)
	}
	n := func(i int) int {
		v, err := strconv.Atoi(s[i : i+2])
		if err != nil {
			t.Fatalf("bad UTC offset %q", s)
		}
		return v
	}
	sec := n(1)*3600 + n(3)*60
	if len(s) == 7 {
		sec += n(5)
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

// inForce returns the observance in force at instant u, or nil before all.
func inForce(obs []tzObservance, u time.Time) *tzObservance {
	var cur *tzObservance
	for i := range obs {
		if !obs[i].onset.After(u) {
			cur = &obs[i]
		}
	}
	return cur
}

// resolveLocal turns a local time into an instant with the VTIMEZONE alone,
// as RFC 5545 3.3.5 says: of the offsets that make the local time consistent,
// the first occurrence wins.
func resolveLocal(obs []tzObservance, wall string) (time.Time, error) {
	l, err := time.Parse(localLayout, wall)
	if err != nil {
		return time.Time{}, err
	}
	var best time.Time
	for _, o := range obs {
		u := l.Add(-time.Duration(o.to) * time.Second)
		if f := inForce(obs, u); f != nil && f.to == o.to && (best.IsZero() || u.Before(best)) {
			best = u
		}
	}
	if best.IsZero() {
		return best, fmt.Errorf("no observance covers %s", wall)
	}
	return best, nil
}

// instant decodes DTSTART or DTEND of an event: UTC and DATE values through
// golang-ical, TZID values through the file's own VTIMEZONE.
func instant(t *testing.T, ev *goical.VEvent, name string, zones map[string][]tzObservance) (time.Time, bool) {
	t.Helper()
	p := ev.GetProperty(goical.ComponentProperty(name))
	if p == nil {
		return time.Time{}, false
	}
	if tzid, ok := p.ICalParameters["TZID"]; ok {
		obs, ok := zones[tzid[0]]
		if !ok {
			t.Fatalf("%s TZID=%s has no VTIMEZONE", name, tzid[0])
		}
		u, err := resolveLocal(obs, p.Value)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return u, true
	}
	var u time.Time
	var err error
	switch {
	case name == "DTSTART" && strings.Contains(fmt.Sprint(p.ICalParameters["VALUE"]), "DATE"):
		u, err = ev.GetAllDayStartAt()
	case name == "DTEND" && strings.Contains(fmt.Sprint(p.ICalParameters["VALUE"]), "DATE"):
		u, err = ev.GetAllDayEndAt()
	case name == "DTSTART":
		u, err = ev.GetStartAt()
	default:
		u, err = ev.GetEndAt()
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return u, true
}

func TestWriteParsesWithGolangIcal(t *testing.T) {
	c := sampleCalendar(t)
	cal := parse(t, render(t, c))
	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": c.ProdID, "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
		"NAME": c.Name, "X-WR-CALNAME": c.Name,
	} {
		if got := calProp(cal, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	zones := readZones(t, cal)
	if len(zones) != 2 || zones["America/New_York"] == nil || zones["Asia/Shanghai"] == nil {
		t.Errorf("VTIMEZONEs %v, want America/New_York and Asia/Shanghai", zones)
	}
	events := cal.Events()
	if len(events) != len(c.Events) {
		t.Fatalf("%d events, want %d", len(events), len(c.Events))
	}
	for i, want := range c.Events {
		t.Run(want.UID, func(t *testing.T) {
			ev := events[i]
			checkEvent(t, ev, &want, zones)
		})
	}
}

func checkEvent(t *testing.T, ev *goical.VEvent, want *Event, zones map[string][]tzObservance) {
	t.Helper()
	cb := &ev.ComponentBase
	geo, seq, lastMod := "", "", ""
	if want.Geo != nil {
		geo = fmt.Sprintf("%v;%v", want.Geo[0], want.Geo[1])
	}
	if want.Sequence != 0 {
		seq = strconv.Itoa(want.Sequence)
	}
	if !want.LastModified.IsZero() {
		lastMod = want.LastModified.UTC().Format(utcLayout)
	}
	for _, c := range []struct{ name, got, want string }{
		{"UID", prop(cb, "UID"), want.UID},
		{"SUMMARY", prop(cb, "SUMMARY"), want.Summary},
		{"DESCRIPTION", prop(cb, "DESCRIPTION"), want.Description},
		{"LOCATION", prop(cb, "LOCATION"), want.Location},
		{"GEO", prop(cb, "GEO"), geo},
		{"URL", prop(cb, "URL"), want.URL},
		{"STATUS", prop(cb, "STATUS"), want.Status},
		{"SEQUENCE", prop(cb, "SEQUENCE"), seq},
		{"LAST-MODIFIED", prop(cb, "LAST-MODIFIED"), lastMod},
		{"DTSTAMP", prop(cb, "DTSTAMP"), want.Stamp.UTC().Format(utcLayout)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if got, err := ev.GetDtStampTime(); err != nil || !got.Equal(want.Stamp) {
		t.Errorf("DTSTAMP decodes to %v (%v), want %v", got, err, want.Stamp)
	}
	if !want.LastModified.IsZero() {
		if got, err := ev.GetLastModifiedAt(); err != nil || !got.Equal(want.LastModified) {
			t.Errorf("LAST-MODIFIED decodes to %v (%v), want %v", got, err, want.LastModified)
		}
	}
	for _, c := range []struct {
		name string
		want time.Time
	}{{"DTSTART", want.Start}, {"DTEND", want.End}} {
		got, ok := instant(t, ev, c.name, zones)
		switch {
		case c.want.IsZero():
			if ok {
				t.Errorf("%s present, want none", c.name)
			}
		case want.AllDay:
			if got.Format(dateLayout) != c.want.Format(dateLayout) {
				t.Errorf("%s = %s, want date %s", c.name, got, c.want.Format(dateLayout))
			}
		case !got.Equal(c.want):
			t.Errorf("%s = %v, want the instant %v", c.name, got, c.want)
		}
	}
}

func TestWriteFormsOfTime(t *testing.T) {
	out := string(render(t, sampleCalendar(t)))
	for _, want := range []string{
		"DTSTAMP:20250102T030405Z\r\n",
		"DTSTART:20250720T201740Z\r\n",
		"DTSTART;VALUE=DATE:20250314\r\n",
		"DTEND;VALUE=DATE:20250316\r\n",
		"DTSTART;TZID=America/New_York:20250704T210000\r\n",
		"DTSTART;TZID=America/New_York:20251231T180000\r\n",
		"DTSTART;TZID=Asia/Shanghai:20251001T100000\r\n",
		"LAST-MODIFIED:20250101T090000Z\r\n",
		"GEO:0.67408;23.47297\r\n",
		"SUMMARY:Apollo 11\\; lands\\, safely\r\n",
		"DESCRIPTION:Line one\\nLine two \\\\ backslash\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The New Year's Eve event is an instant: one DTSTART and no DTEND.
	i := strings.Index(out, "UID:ny-winter")
	j := strings.Index(out[i:], "END:VEVENT")
	if strings.Contains(out[i:i+j], "DTEND") {
		t.Errorf("event without End has a DTEND:\n%s", out[i:i+j])
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", "END:VCALENDAR\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func checkLines(t *testing.T, out []byte) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("output does not end in CRLF")
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\r\n")), []byte("\r\n"))
	for n, l := range lines {
		if len(l) > maxOctets {
			t.Errorf("line %d has %d octets: %q", n+1, len(l), l)
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", n+1, l)
		}
		if !utf8.Valid(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", n+1, l)
		}
	}
}

func TestWriteLinesFoldedAndCRLF(t *testing.T) {
	c := sampleCalendar(t)
	c.Events[0].Description = strings.Repeat("ASCII text, long enough to fold. ", 10)
	c.Events[0].Summary = strings.Repeat("é", 100)  // 2-octet runes
	c.Events[0].Location = strings.Repeat("漢字", 60) // 3-octet runes
	c.Events[1].Summary = strings.Repeat("🚀", 50)   // 4-octet runes
	c.Events[1].Description = "x" + strings.Repeat("👩🏽‍🚀", 20)
	c.Events[2].URL = "https://example.org/" + strings.Repeat("segment/", 20)
	out := render(t, c)
	checkLines(t, out)
	if !bytes.Contains(out, []byte("\r\n ")) {
		t.Fatal("nothing was folded")
	}
	cal := parse(t, out)
	checkEvent(t, cal.Events()[0], &c.Events[0], readZones(t, cal))
	checkEvent(t, cal.Events()[1], &c.Events[1], readZones(t, cal))
	checkEvent(t, cal.Events()[2], &c.Events[2], readZones(t, cal))
}

func TestLineFoldsAtBoundaries(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"75 fits", strings.Repeat("a", 75), []string{strings.Repeat("a", 75)}},
		{"76 folds", strings.Repeat("a", 76), []string{strings.Repeat("a", 75), " a"}},
		{"continuations hold 74", strings.Repeat("a", 75+74+1), []string{strings.Repeat("a", 75), " " + strings.Repeat("a", 74), " a"}},
		{"rune straddling 75 moves down", strings.Repeat("a", 74) + "é", []string{strings.Repeat("a", 74), " é"}},
		{"4-octet rune straddling", strings.Repeat("a", 73) + "🚀b", []string{strings.Repeat("a", 73), " 🚀b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			line(&b, tc.in)
			want := strings.Join(tc.want, "\r\n") + "\r\n"
			if b.String() != want {
				t.Errorf("line(%q) = %q, want %q", tc.in, b.String(), want)
			}
		})
	}
}

var hostile = []struct {
	name, in, want string
}{
	{"plain", "Moon landing", "Moon landing"},
	{"TEXT specials", `a\b;c,d:e"f`, `a\b;c,d:e"f`},
	{"escaped-looking text", `\n \, \; \\`, `\n \, \; \\`},
	{"C0 controls dropped", "a\x00b\x01c\x08d\x0be\x0cf\x1bg\x1fh", "abcdefgh"},
	{"DEL and C1 dropped", "a\x7fb\u0085c\u009fd", "abcd"},
	{"tab kept", "a\tb", "a\tb"},
	{"newlines", "l1\r\nl2\rl3\nl4", "l1\nl2\nl3\nl4"},
	{"fake property after CRLF", "x\r\nEND:VEVENT\r\nBEGIN:VEVENT", "x\nEND:VEVENT\nBEGIN:VEVENT"},
	{"invalid UTF-8", "bad\xffbyte\xc3(", "bad\uFFFDbyte\uFFFD("},
	{"noncharacters dropped", "x\uFFFEy\uFFFFz", "xyz"},
	{"CDATA end and script", "]]></script><script>alert(1)</script>", "]]></script><script>alert(1)</script>"},
	{"emoji", "launch 🚀👩🏽‍🚀 done", "launch 🚀👩🏽‍🚀 done"},
	{"RTL", "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c \u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c \u0645\u0631\u062d\u0628\u0627"},
	{"long", strings.Repeat("ü;,\\\n", 40), strings.Repeat("ü;,\\\n", 40)},
}

func TestWriteHostileText(t *testing.T) {
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			c := sampleCalendar(t)
			c.ProdID = "P " + tc.in
			c.Name = "N " + tc.in
			e := &c.Events[0]
			e.UID = "U " + tc.in
			e.Summary = "S " + tc.in
			e.Description = "D " + tc.in
			e.Location = "L " + tc.in
			out := render(t, c)
			checkLines(t, out)
			cal := parse(t, out)
			if got := calProp(cal, "PRODID"); got != "P "+tc.want {
				t.Errorf("PRODID = %q, want %q", got, "P "+tc.want)
			}
			if got := calProp(cal, "X-WR-CALNAME"); got != "N "+tc.want {
				t.Errorf("X-WR-CALNAME = %q, want %q", got, "N "+tc.want)
			}
			if n := len(cal.Events()); n != len(c.Events) {
				t.Fatalf("%d events, want %d", n, len(c.Events))
			}
			cb := &cal.Events()[0].ComponentBase
			for _, p := range []struct{ name, want string }{
				{"UID", "U " + tc.want}, {"SUMMARY", "S " + tc.want},
				{"DESCRIPTION", "D " + tc.want}, {"LOCATION", "L " + tc.want},
			} {
				if got := prop(cb, p.name); got != p.want {
					t.Errorf("%s = %q, want %q", p.name, got, p.want)
				}
			}
		})
	}
}

func TestWriteHostileURL(t *testing.T) {
	c := sampleCalendar(t)
	c.Events[0].URL = "https://example.org/a b/é?q=\"x\"\r\nEND:VEVENT"
	out := render(t, c)
	checkLines(t, out)
	want := "https://example.org/a%20b/%C3%A9?q=%22x%22%0AEND:VEVENT"
	if got := prop(&parse(t, out).Events()[0].ComponentBase, "URL"); got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
}

// TestEncodedTextIsUsed: a calendar whose events carry the text Encode
// made for them is written byte for byte as one encoded whole, and an
// event whose text is kept is written as kept.
func TestEncodedTextIsUsed(t *testing.T) {
	c := sampleCalendar(t)
	var whole bytes.Buffer
	if err := Write(&whole, c); err != nil {
		t.Fatal(err)
	}
	kept := *c
	kept.Events = slices.Clone(c.Events)
	for i := range kept.Events {
		text, err := Encode(&kept.Events[i])
		if err != nil {
			t.Fatal(err)
		}
		kept.Events[i].Text = text
	}
	var parts bytes.Buffer
	if err := Write(&parts, &kept); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole.Bytes(), parts.Bytes()) {
		t.Errorf("written from encoded events:\n%s\nwant:\n%s", parts.Bytes(), whole.Bytes())
	}
	kept.Events[0].Text = []byte("BEGIN:VEVENT\r\nUID:kept\r\nEND:VEVENT\r\n")
	parts.Reset()
	if err := Write(&parts, &kept); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(parts.Bytes(), []byte("UID:kept\r\n")) {
		t.Error("an event's kept text was not written")
	}
	if _, err := Encode(&Event{Summary: "no uid"}); err == nil {
		t.Error("Encode accepted an event without UID")
	}
}
