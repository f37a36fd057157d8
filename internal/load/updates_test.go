package load

import (
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// updatesNow is the build time of the update tests: after every update
// they write but one, so that whether a test passes does not depend on
// the day it runs.
var updatesNow = time.Date(2025, 9, 4, 12, 0, 0, 0, time.UTC)

// expectedEvent is an event file holding one event in Asia/Shanghai,
// first "expected", and extra lines after it (from line 7 on).
func expectedEvent(extra ...string) string {
	return lines(append([]string{
		"[[event]]",
		`id = "parade"`,
		`title = "Parade"`,
		`when = "2025-09-03"`,
		`time_zone = "Asia/Shanghai"`,
		`status = "expected"`,
	}, extra...)...)
}

func TestLoadUpdateProblems(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []want
	}{
		{"missing at, at the update's table",
			[]string{"[[event.updates]]", `status = "confirmed"`},
			[]want{{evPath + ":7:1", "at is required; add a line like at = 2025-09-03T10:30:00+08:00"}}},
		{"a date without a time of day",
			[]string{"[[event.updates]]", "at = 2025-09-03"},
			[]want{{evPath + ":8:1", "at needs a date and a time of day; write a date and a time of day to the minute at least"}}},
		{"a string without a time of day",
			[]string{"[[event.updates]]", `at = "2025-09-03"`},
			[]want{{evPath + ":8:1", `at "2025-09-03" has no time of day: an update is dated to the minute at least`}}},
		{"a time of day without a date",
			[]string{"[[event.updates]]", "at = 10:30:00"},
			[]want{{evPath + ":8:1", "at needs a date and a time of day"}}},
		{"not a date at all",
			[]string{"[[event.updates]]", "at = 3"},
			[]want{{evPath + ":8:1", "at must be a date and time; write a date and a time of day to the minute at least, with an offset (at = 2025-09-03T10:30:00+08:00)"}}},
		{"a string that is not a date",
			[]string{"[[event.updates]]", `at = "yesterday"`},
			[]want{{evPath + ":8:1", `at: date "yesterday": the year must have 4 digits`}}},
		{"a wall-clock time skipped by daylight saving",
			[]string{"[[event.updates]]", `at = "2025-03-09T02:30"`, "[[event]]", `title = "Y"`, `when = "2025"`, `time_zone = "America/New_York"`,
				"[[event.updates]]", `at = "2025-03-09T02:30"`},
			[]want{{evPath + ":14:1", "02:30 does not exist in America/New_York"}}},
		{"updates out of order name both",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", "[[event.updates]]", "at = 2025-09-03T09:00:00"},
			[]want{{evPath + ":10:1", "update at 2025-09-03T09:00+08:00 is not later than the update before it, at 2025-09-03T10:30+08:00 (" + evPath + ":8:1)"}}},
		{"two updates at the same instant, on different clocks",
			[]string{"updates = [", "  { at = 2025-09-03T10:30:00+08:00 },", "  { at = 2025-09-03T02:30:00Z },", "]"},
			[]want{{evPath + ":9:5", "update at 2025-09-03T10:30+08:00 is not later than the update before it, at 2025-09-03T10:30+08:00 (" + evPath + ":8:5)"}}},
		{"an update in the future of the build",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", "[[event.updates]]", "at = 2025-09-05T08:00:00+08:00"},
			[]want{{evPath + ":10:1", "update at 2025-09-05T08:00+08:00 is in the future (this build runs at 2025-09-04T20:00:00+08:00)"}}},
		{"an unknown status, with a suggestion",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", `status = "confimred"`},
			[]want{{evPath + ":9:1", `unknown status "confimred"; did you mean "confirmed"?`}}},
		{"an unknown status, with the valid ones",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", `status = "rumoured"`},
			[]want{{evPath + ":9:1", `unknown status "rumoured"; use one of confirmed, reported, claimed, expected, speculated, cancelled`}}},
		{"unknown keys in an update",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", `notes = "x"`, "colour = 1"},
			[]want{
				{evPath + ":9:1", `unknown key "notes"; did you mean "note"?`},
				{evPath + ":10:1", `unknown key "colour"; the keys allowed here are at, note, sources, status`},
			}},
		{"a source without a name, and a bad URL",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", `sources = [{ url = "javascript:alert(1)" }]`},
			[]want{
				{evPath + ":9:12", "name is required"},
				{evPath + ":9:14", "is not a web address"},
			}},
		{"updates must be a list of tables",
			[]string{`updates = "confirmed"`},
			[]want{{evPath + ":7:1", "updates must be a list of tables: start each update with a line [[event.updates]]"}}},
		{"an update that cannot be read is left out of the order",
			[]string{"[[event.updates]]", "at = 2025-09-03T10:30:00+08:00", "[[event.updates]]", "at = 2025-09-03", "[[event.updates]]", "at = 2025-09-03T10:00:00"},
			[]want{
				{evPath + ":10:1", "at needs a date and a time of day"},
				{evPath + ":12:1", "is not later than the update before it, at 2025-09-03T10:30+08:00 (" + evPath + ":8:1)"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := Load(siteFS(map[string]string{evPath: expectedEvent(tc.lines...)}), Options{Now: updatesNow})
			checkProblems(t, probs, tc.want)
		})
	}
}

func TestLoadUpdates(t *testing.T) {
	src := expectedEvent(
		"[[event.updates]]",
		"at = 2025-09-02T20:00:00", // the event's wall clock
		`note = "Seating plan *reported*."`,
		"[[event.updates]]",
		"at = 2025-09-03T02:40:00Z", // another clock: shown on the event's
		`status = "confirmed"`,
		`note = "The parade took place."`,
		`sources = [{ name = "Xinhua", url = "https://english.news.cn/" }]`,
		"[[event.updates]]",
		`at = "2025-09-03T18:00:30"`,
		`status = "confirmed"`,
		"[[event]]",
		`id = "plain"`,
		`title = "Plain"`,
		`when = "2025-09-01"`,
		`status = "reported"`,
		"[[event]]",
		`id = "site-zone"`,
		`title = "In the site's zone"`,
		`when = "2025-09-01"`,
		"updates = [{ at = 2025-09-02T08:00:00, status = \"cancelled\" }]",
	)
	c := loadOK(t, map[string]string{evPath: src}, Options{Now: updatesNow})
	e := eventByID(t, c, "parade")
	if e.Status != timeline.Confirmed {
		t.Errorf("current status %q, want confirmed", e.Status)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	want := []struct {
		at           time.Time
		machine      string
		status, from timeline.Status
		changes      bool
		note         string
		sources      int
		key          string
	}{
		{time.Date(2025, 9, 2, 20, 0, 0, 0, shanghai), "2025-09-02T20:00+08:00", "", timeline.Expected, false, "Seating plan *reported*.", 0, "event.0.updates.0"},
		{time.Date(2025, 9, 3, 10, 40, 0, 0, shanghai), "2025-09-03T10:40+08:00", timeline.Confirmed, timeline.Expected, true, "The parade took place.", 1, "event.0.updates.1"},
		{time.Date(2025, 9, 3, 18, 0, 30, 0, shanghai), "2025-09-03T18:00:30+08:00", timeline.Confirmed, timeline.Confirmed, false, "", 0, "event.0.updates.2"},
	}
	if len(e.Updates) != len(want) {
		t.Fatalf("%d updates, want %d: %+v", len(e.Updates), len(want), e.Updates)
	}
	for i, w := range want {
		u := e.Updates[i]
		if !u.At.Equal(w.at) || u.At.Location().String() != "Asia/Shanghai" || u.Date().Machine() != w.machine ||
			u.Date().Zone != "Asia/Shanghai" || u.Status != w.status || u.From != w.from || u.Changes() != w.changes ||
			u.Note != w.note || len(u.Sources) != w.sources || u.Pos != (timeline.Pos{Path: evPath, Key: w.key}) {
			t.Errorf("update %d: got %+v (%s), want %+v", i, u, u.Date().Machine(), w)
		}
	}
	if got := e.Updated(); !got.Equal(want[2].at) {
		t.Errorf("Updated() = %v, want %v", got, want[2].at)
	}
	if u := e.Updates[1]; u.Sources[0] != (timeline.Source{Name: "Xinhua", URL: "https://english.news.cn/"}) {
		t.Errorf("source read wrongly: %+v", u.Sources)
	}
	if got := e.Updates[1].Date().Display(false, "", timeline.Labels{"Asia/Shanghai": "Beijing time"}); got != "Wed 3 Sep 2025, 10:40 Beijing time (UTC+8)" {
		t.Errorf("update shown as %q", got)
	}

	plain := eventByID(t, c, "plain")
	if plain.Updates != nil || plain.Status != timeline.Reported || !plain.Updated().IsZero() {
		t.Errorf("event without updates: status %q, updates %v, Updated %v", plain.Status, plain.Updates, plain.Updated())
	}
	// No time_zone: an update's wall clock is the site's (UTC here), and a
	// first status of none is From "".
	site := eventByID(t, c, "site-zone")
	if len(site.Updates) != 1 || site.Status != timeline.Cancelled || site.Updates[0].From != "" ||
		site.Updates[0].Date().Machine() != "2025-09-02T08:00Z" {
		t.Errorf("update in the site's zone: status %q, %+v", site.Status, site.Updates)
	}
	if got := timeline.LatestUpdate(c.Events); got != &e.Updates[2] {
		t.Errorf("LatestUpdate = %+v, want the parade's last", got)
	}
}

// TestLoadUpdatesLaterNow loads, with one Cache, a file whose update is in
// the future of the first Load and in the past of the second: the second
// must not keep the first's problem.
func TestLoadUpdatesLaterNow(t *testing.T) {
	fsys := siteFS(map[string]string{evPath: expectedEvent("[[event.updates]]", "at = 2025-09-05T08:00:00+08:00")})
	cache := NewCache()
	if _, probs := Load(fsys, Options{Cache: cache, Now: updatesNow}); len(probs) != 1 {
		t.Fatalf("first Load: %v, want the update in the future", probs)
	}
	if _, probs := Load(fsys, Options{Cache: cache, Now: updatesNow.AddDate(0, 0, 2)}); len(probs) != 0 {
		t.Fatalf("second Load, two days later: %v", probs)
	}
}
