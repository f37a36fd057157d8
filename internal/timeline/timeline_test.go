package timeline

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// ev makes an event dated when, read in the IANA zone named zone.
func ev(t testing.TB, id, when, zone string) *Event {
	t.Helper()
	return &Event{ID: id, Title: id, When: mustParse(t, when, zone), Pos: Pos{Path: "content/events/" + id + ".toml", Key: "event.0"}}
}

func ids(events []*Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.ID
	}
	return out
}

func slugs(articles []*Article) []string {
	out := make([]string, len(articles))
	for i, a := range articles {
		out[i] = a.Slug
	}
	return out
}

func TestCompareEventsOrder(t *testing.T) {
	tests := []struct {
		name   string
		events func(t *testing.T) []*Event
		want   []string
	}{
		{
			name: "journey across zones",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai"),
					ev(t, "crossing", "2025-09-02T05:00", "Asia/Shanghai"),
					ev(t, "departure", "2025-09-01", "Asia/Pyongyang"),
				}
			},
			want: []string{"departure", "crossing", "arrival"},
		},
		{
			name: "year before a day in it",
			events: func(t *testing.T) []*Event {
				return []*Event{ev(t, "a-day", "2024-06-19", ""), ev(t, "b-year", "2024", "")}
			},
			want: []string{"b-year", "a-day"},
		},
		{
			name: "tie goes to coarser precision before id",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "a", "2024-01-01", "Asia/Shanghai"),
					ev(t, "b", "2024-01", "Asia/Shanghai"),
					ev(t, "c", "2024-01-01T00:00", "Asia/Shanghai"),
					ev(t, "z", "2024", "Asia/Shanghai"),
				}
			},
			want: []string{"z", "b", "a", "c"},
		},
		{
			name: "full tie goes to id",
			events: func(t *testing.T) []*Event {
				return []*Event{ev(t, "c", "2024-05", ""), ev(t, "a", "2024-05", ""), ev(t, "b", "2024-05", "")}
			},
			want: []string{"a", "b", "c"},
		},
		{
			name: "same instant in two zones ties to id",
			events: func(t *testing.T) []*Event {
				return []*Event{ev(t, "b", "2025-09-02T16:00", "Asia/Shanghai"), ev(t, "a", "2025-09-02T17:00", "Asia/Pyongyang")}
			},
			want: []string{"a", "b"},
		},
		{
			name: "Pyongyang day starts 15:00 UTC the day before",
			events: func(t *testing.T) []*Event {
				return []*Event{
					ev(t, "a-utc-evening", "2025-08-31T20:00Z", ""),
					ev(t, "z-pyongyang-day", "2025-09-01", "Asia/Pyongyang"),
					ev(t, "m-utc-afternoon", "2025-08-31T14:59Z", ""),
				}
			},
			want: []string{"m-utc-afternoon", "z-pyongyang-day", "a-utc-evening"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := tt.events(t)
			slices.SortFunc(events, CompareEvents)
			if got := ids(events); !slices.Equal(got, tt.want) {
				t.Errorf("order = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompareEventsDeterministic(t *testing.T) {
	events := []*Event{
		ev(t, "departure", "2025-09-01", "Asia/Pyongyang"),
		ev(t, "crossing", "2025-09-02T05:00", "Asia/Shanghai"),
		ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai"),
		ev(t, "year", "2025", "Asia/Shanghai"),
		ev(t, "month", "2025-09", "Asia/Shanghai"),
		ev(t, "same-a", "2025-09-02T16:00", "Asia/Shanghai"),
		ev(t, "same-b", "2025-09-02T17:00", "Asia/Pyongyang"),
		ev(t, "seconds", "2025-09-02T16:00:00", "Asia/Shanghai"),
		ev(t, "utc", "2025-08-31T20:00Z", ""),
		ev(t, "old", "2011", ""),
	}
	want := slices.Clone(events)
	slices.SortFunc(want, CompareEvents)
	wantIDs := ids(want)
	if !slices.Equal(wantIDs, []string{"old", "year", "departure", "month", "utc", "crossing", "arrival", "same-a", "same-b", "seconds"}) {
		t.Errorf("order = %q", wantIDs)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		s := slices.Clone(events)
		rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		slices.SortFunc(s, CompareEvents)
		if got := ids(s); !slices.Equal(got, wantIDs) {
			t.Fatalf("shuffle %d sorted to %q, want %q", i, got, wantIDs)
		}
	}
	// The order is total: a comparison and its reverse agree, and only an event equals itself.
	for _, a := range events {
		for _, b := range events {
			ab, ba := CompareEvents(a, b), CompareEvents(b, a)
			if ab != -ba {
				t.Errorf("CompareEvents(%s, %s) = %d but reverse = %d", a.ID, b.ID, ab, ba)
			}
			if (ab == 0) != (a == b) {
				t.Errorf("CompareEvents(%s, %s) = %d", a.ID, b.ID, ab)
			}
		}
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		p    Pos
		want string
	}{
		{Pos{Path: "site.toml"}, "site.toml"},
		{Pos{Path: "site.toml", Line: 3}, "site.toml:3"},
		{Pos{Path: "site.toml", Line: 3, Col: 7}, "site.toml:3:7"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
	p := Problem{Pos: Pos{Path: "a.toml", Line: 2, Col: 5}, Msg: "bad"}
	if got := p.Error(); got != "a.toml:2:5: bad" {
		t.Errorf("Problem.Error() = %q", got)
	}
}

func TestProblemsSortAndErr(t *testing.T) {
	ps := Problems{
		{Pos: Pos{Path: "b.toml", Line: 1, Col: 1}, Msg: "x"},
		{Pos: Pos{Path: "a.toml", Line: 10, Col: 1}, Msg: "x"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 9}, Msg: "y"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 3}, Msg: "z"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 3}, Msg: "a"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 3}, Msg: "z"}, // exact repeat, dropped
		{Pos: Pos{Path: "a.toml", Line: 0, Col: 0}, Msg: "whole file"},
	}
	got := ps.Sort()
	want := Problems{
		{Pos: Pos{Path: "a.toml", Line: 0, Col: 0}, Msg: "whole file"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 3}, Msg: "a"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 3}, Msg: "z"},
		{Pos: Pos{Path: "a.toml", Line: 2, Col: 9}, Msg: "y"},
		{Pos: Pos{Path: "a.toml", Line: 10, Col: 1}, Msg: "x"},
		{Pos: Pos{Path: "b.toml", Line: 1, Col: 1}, Msg: "x"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Sort() =\n%v\nwant\n%v", got, want)
	}

	var none Problems
	if err := none.Err(); err != nil {
		t.Errorf("empty Problems.Err() = %v, want nil", err)
	}
	if err := (Problems{}).Err(); err != nil {
		t.Errorf("Problems{}.Err() = %v, want nil", err)
	}

	two := Problems{{Pos: Pos{Path: "b.toml", Line: 1, Col: 1}, Msg: "second"}, {Pos: Pos{Path: "a.toml", Line: 1, Col: 1}, Msg: "first"}}
	err := two.Err()
	if err == nil {
		t.Fatal("non-empty Problems.Err() = nil")
	}
	if want := "a.toml:1:1: first\nb.toml:1:1: second"; err.Error() != want {
		t.Errorf("Err().Error() = %q, want %q", err.Error(), want)
	}
	var back Problems
	if !errors.As(err, &back) || len(back) != 2 {
		t.Errorf("Err() does not unwrap to the Problems: %#v", err)
	}
}

func TestStatus(t *testing.T) {
	want := map[Status]string{
		Confirmed: "Confirmed", Reported: "Reported", Claimed: "Claimed",
		Expected: "Expected", Speculated: "Speculated", Cancelled: "Cancelled",
	}
	if len(Statuses) != len(want) {
		t.Errorf("len(Statuses) = %d, want %d", len(Statuses), len(want))
	}
	symbols := map[string]Status{}
	for _, s := range Statuses {
		if got := s.Label(); got != want[s] {
			t.Errorf("%q.Label() = %q, want %q", s, got, want[s])
		}
		sym := s.Symbol()
		if sym == "" {
			t.Errorf("%q.Symbol() is empty", s)
		}
		if other, dup := symbols[sym]; dup {
			t.Errorf("%q and %q share the symbol %q", s, other, sym)
		}
		symbols[sym] = s
	}
	if Status("").Label() != "" || Status("").Symbol() != "" || Status("rumoured").Symbol() != "" {
		t.Error("empty or unknown status should have no label or symbol")
	}
}

func TestKeyPos(t *testing.T) {
	tests := []struct {
		name string
		got  Pos
		want Pos
	}{
		{"key of an event's table", (&Event{Pos: Pos{Path: "e.toml", Key: "event.2"}}).KeyPos("when"), Pos{Path: "e.toml", Key: "event.2.when"}},
		{"key of an article's front matter", (&Article{Pos: Pos{Path: "a.md", Line: 1, Col: 1}}).KeyPos("events"), Pos{Path: "a.md", Key: "events"}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: KeyPos = %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

// journeySite is a small site with two timelines, in deliberately scrambled input order.
func journeySite(t *testing.T) (Config, []*Event, []*Article) {
	cfg := Config{
		Title:    "Test",
		TimeZone: "Asia/Shanghai",
		Timelines: []TimelineDef{
			{ID: "journey", Title: "The journey", Pos: Pos{Path: "site.toml", Line: 10, Col: 1}},
			{ID: "politics", Title: "Politics", Pos: Pos{Path: "site.toml", Line: 14, Col: 1}},
			{ID: "empty", Title: "Nothing yet", Pos: Pos{Path: "site.toml", Line: 18, Col: 1}},
		},
	}
	arrival := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
	arrival.Timelines = []string{"journey"}
	arrival.Articles = []string{"first-report"} // declared only on the event side
	arrival.Tags = []string{"Rail"}
	arrival.People = []string{"Kim Jong-un"}

	crossing := ev(t, "crossing", "2025-09-02T05:00", "Asia/Shanghai")
	crossing.Timelines = []string{"journey", "politics"}
	crossing.Articles = []string{"both-sides"}
	crossing.Tags = []string{"Rail", "Border"}

	departure := ev(t, "departure", "2025-09-01", "Asia/Pyongyang")
	departure.Timelines = []string{"journey"}
	departure.People = []string{"Kim Jong-un"}

	parade := ev(t, "parade", "2025-09-03T09:00", "Asia/Shanghai")
	parade.Timelines = []string{"politics"}
	parade.People = []string{"Xi Jinping", "Kim Jong-un"}

	first := &Article{Slug: "first-report", Title: "He left", Date: mustParse(t, "2025-09-02T18:00", "Asia/Shanghai"), Pos: Pos{Path: "content/articles/first-report.md"}}
	second := &Article{Slug: "second-report", Title: "He arrived", Date: mustParse(t, "2025-09-03T08:00", "Asia/Shanghai"),
		Events: []string{"arrival", "departure"}, // declared only on the article side
		Tags:   []string{"Rail"}, Pos: Pos{Path: "content/articles/second-report.md"}}
	both := &Article{Slug: "both-sides", Title: "Over the border", Date: mustParse(t, "2025-09-02", "Asia/Shanghai"),
		Events: []string{"crossing", "crossing"}, Pos: Pos{Path: "content/articles/both-sides.md"}}

	return cfg, []*Event{parade, arrival, departure, crossing}, []*Article{both, first, second}
}

func TestAssembleValidSite(t *testing.T) {
	cfg, events, articles := journeySite(t)
	site, probs := Assemble(cfg, events, articles, nil)
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	if got := ids(site.Events); !slices.Equal(got, []string{"departure", "crossing", "arrival", "parade"}) {
		t.Errorf("Events = %q", got)
	}
	if got := slugs(site.Articles); !slices.Equal(got, []string{"second-report", "first-report", "both-sides"}) {
		t.Errorf("Articles (newest first) = %q", got)
	}
	if site.Event("arrival") == nil || site.Event("nope") != nil {
		t.Error("Site.Event lookup is wrong")
	}
	if site.Article("first-report") == nil || site.Article("nope") != nil {
		t.Error("Site.Article lookup is wrong")
	}

	// Timelines keep the declared order, each with its events in order.
	if len(site.Timelines) != 3 {
		t.Fatalf("%d timelines, want 3", len(site.Timelines))
	}
	for i, want := range [][]string{{"departure", "crossing", "arrival"}, {"crossing", "parade"}, {}} {
		tl := site.Timelines[i]
		if tl.ID != cfg.Timelines[i].ID || tl.Title != cfg.Timelines[i].Title {
			t.Errorf("Timelines[%d] = %q, want %q", i, tl.ID, cfg.Timelines[i].ID)
		}
		if got := ids(tl.Events); !slices.Equal(got, want) {
			t.Errorf("timeline %s events = %q, want %q", tl.ID, got, want)
		}
	}
}

func TestAssembleNav(t *testing.T) {
	cfg, events, articles := journeySite(t)
	site, _ := Assemble(cfg, events, articles, nil)
	type nav struct{ timeline, prev, next string }
	name := func(e *Event) string {
		if e == nil {
			return ""
		}
		return e.ID
	}
	want := map[string][]nav{
		"departure": {{"journey", "", "crossing"}},
		"crossing":  {{"journey", "departure", "arrival"}, {"politics", "", "parade"}},
		"arrival":   {{"journey", "crossing", ""}},
		"parade":    {{"politics", "crossing", ""}},
	}
	for id, w := range want {
		e := site.Event(id)
		var got []nav
		for _, n := range site.Nav(e) {
			got = append(got, nav{n.Timeline.ID, name(n.Prev), name(n.Next)})
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s.Nav = %v, want %v", id, got, w)
		}
	}
}

func TestAssembleLinksBothWays(t *testing.T) {
	cfg, events, articles := journeySite(t)
	site, _ := Assemble(cfg, events, articles, nil)
	tests := []struct {
		id      string
		reports []string // newest first
	}{
		{"departure", []string{"second-report"}},
		{"crossing", []string{"both-sides"}}, // named on both sides and twice: linked once
		{"arrival", []string{"second-report", "first-report"}},
		{"parade", nil},
	}
	for _, tt := range tests {
		if got := slugs(site.Reports(site.Event(tt.id))); !slices.Equal(got, tt.reports) {
			t.Errorf("%s.Reports = %q, want %q", tt.id, got, tt.reports)
		}
	}
	covers := []struct {
		slug   string
		events []string // in timeline order
	}{
		{"first-report", []string{"arrival"}},
		{"second-report", []string{"departure", "arrival"}},
		{"both-sides", []string{"crossing"}},
	}
	for _, tt := range covers {
		if got := ids(site.Covers(site.Article(tt.slug))); !slices.Equal(got, tt.events) {
			t.Errorf("%s.Covers = %q, want %q", tt.slug, got, tt.events)
		}
	}
}

func TestAssembleGroups(t *testing.T) {
	cfg, events, articles := journeySite(t)
	site, _ := Assemble(cfg, events, articles, nil)
	type group struct {
		name, slug string
		events     []string
		articles   []string
	}
	var tags, people []group
	for _, g := range site.Tags {
		tags = append(tags, group{g.Name, g.Slug, ids(g.Events), slugs(g.Articles)})
	}
	for _, g := range site.People {
		people = append(people, group{g.Name, g.Slug, ids(g.Events), slugs(g.Articles)})
	}
	wantTags := []group{
		{"Border", "border", []string{"crossing"}, []string{}},
		{"Rail", "rail", []string{"crossing", "arrival"}, []string{"second-report"}},
	}
	wantPeople := []group{
		{"Kim Jong-un", "kim-jong-un", []string{"departure", "arrival", "parade"}, []string{}},
		{"Xi Jinping", "xi-jinping", []string{"parade"}, []string{}},
	}
	eq := func(a, b group) bool {
		return a.name == b.name && a.slug == b.slug && slices.Equal(a.events, b.events) && slices.Equal(a.articles, b.articles)
	}
	if !slices.EqualFunc(tags, wantTags, eq) {
		t.Errorf("Tags = %v, want %v", tags, wantTags)
	}
	if !slices.EqualFunc(people, wantPeople, eq) {
		t.Errorf("People = %v, want %v", people, wantPeople)
	}
}

func TestAssembleProblems(t *testing.T) {
	// at is the place of key in file: problems found after loading name
	// the key, and load.Locate finds its line.
	at := func(file, key string) Pos { return Pos{Path: file, Key: key} }
	tests := []struct {
		name     string
		build    func(t *testing.T) ([]*Event, []*Article, map[string]bool)
		wantPos  []Pos
		wantRefs []Pos      // the other place each message names, if any
		wantMsgs [][]string // substrings of each problem's message, after sorting
	}{
		{
			name: "timeline typo suggests the close one",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				e := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
				e.Timelines = []string{"journy"}
				e.Pos = at("ev.toml", "event.3")
				return []*Event{e}, nil, nil
			},
			wantPos:  []Pos{at("ev.toml", "event.3.timelines")},
			wantMsgs: [][]string{{`unknown timeline "journy"`, `did you mean "journey"?`}},
		},
		{
			name: "unknown timeline with nothing close gives a hint",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				e := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
				e.Timelines = []string{"economy-and-trade"}
				return []*Event{e}, nil, nil
			},
			wantPos:  []Pos{at("content/events/arrival.toml", "event.0.timelines")},
			wantMsgs: [][]string{{`unknown timeline "economy-and-trade"`, "[[timelines]]", "site.toml"}},
		},
		{
			name: "duplicate event ids report both positions",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				a := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
				a.Pos = at("a.toml", "event.1")
				b := ev(t, "arrival", "2025-09-01", "Asia/Shanghai")
				b.Pos = at("b.toml", "event.0")
				return []*Event{a, b}, nil, nil
			},
			wantPos:  []Pos{at("b.toml", "event.0.id")},
			wantRefs: []Pos{at("a.toml", "event.1.id")},
			wantMsgs: [][]string{{`"arrival"`, "already used at a.toml;"}},
		},
		{
			name: "duplicate article slugs",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				return nil, []*Article{
					{Slug: "report", Pos: Pos{Path: "one/report.md"}},
					{Slug: "report", Pos: Pos{Path: "two/report.md"}},
				}, nil
			},
			wantPos:  []Pos{{Path: "two/report.md"}},
			wantMsgs: [][]string{{`"report"`, "one/report.md"}},
		},
		{
			name: "unknown event and article references",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				e := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
				e.Articles = []string{"frist-report", "completely-unrelated-slug", "draft-post"}
				e.Pos = at("ev.toml", "event.0")
				a := &Article{Slug: "first-report", Events: []string{"arival", "zzzzzzzzzzzz"},
					Pos: Pos{Path: "first-report.md", Line: 1, Col: 1}}
				return []*Event{e}, []*Article{a}, map[string]bool{"draft-post": true}
			},
			wantPos: []Pos{at("ev.toml", "event.0.articles"), at("ev.toml", "event.0.articles"), at("first-report.md", "events"), at("first-report.md", "events")},
			wantMsgs: [][]string{
				{`unknown article "completely-unrelated-slug"`, "content/articles"},
				{`unknown article "frist-report"`, `did you mean "first-report"?`},
				{`unknown event "arival"`, `did you mean "arrival"?`},
				{`unknown event "zzzzzzzzzzzz"`, "content/events"},
			},
		},
		{
			name: "tags that share a slug",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				a := ev(t, "a", "2025-09-01", "")
				a.Tags = []string{"Rail"}
				a.Pos = at("a.toml", "event.0")
				b := ev(t, "b", "2025-09-02", "")
				b.Tags = []string{"rail"}
				b.Pos = at("b.toml", "event.0")
				art := &Article{Slug: "x", Tags: []string{"RAIL"}, Pos: Pos{Path: "x.md", Line: 1, Col: 1}}
				return []*Event{b, a}, []*Article{art}, nil
			},
			wantPos:  []Pos{at("b.toml", "event.0.tags"), at("x.md", "tags")},
			wantRefs: []Pos{at("a.toml", "event.0.tags"), at("a.toml", "event.0.tags")},
			wantMsgs: [][]string{
				{`"rail"`, `"Rail"`, "(at a.toml)", "rail"},
				{`"RAIL"`, `"Rail"`, "(at a.toml)"},
			},
		},
		{
			name: "people that share a slug, and names with no letters",
			build: func(t *testing.T) ([]*Event, []*Article, map[string]bool) {
				a := ev(t, "a", "2025-09-01", "")
				a.People = []string{"Kim Jong-un", "Kim Jong Un"}
				a.Tags = []string{"!!!"}
				a.Pos = at("a.toml", "event.0")
				return []*Event{a}, nil, nil
			},
			wantPos:  []Pos{at("a.toml", "event.0.people"), at("a.toml", "event.0.tags")},
			wantRefs: []Pos{at("a.toml", "event.0.people"), {}},
			wantMsgs: [][]string{
				{"person", `"Kim Jong Un"`, `"Kim Jong-un"`, "kim-jong-un"},
				{"tag", `"!!!"`, "letters or digits"},
			},
		},
	}
	cfg := Config{Timelines: []TimelineDef{{ID: "journey"}, {ID: "politics"}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, articles, drafts := tt.build(t)
			site, probs := Assemble(cfg, events, articles, drafts)
			if site == nil {
				t.Fatal("Assemble returned a nil site")
			}
			probs = probs.Sort()
			if len(probs) != len(tt.wantPos) {
				t.Fatalf("got %d problems, want %d:\n%v", len(probs), len(tt.wantPos), probs)
			}
			for i, p := range probs {
				if p.Pos != tt.wantPos[i] {
					t.Errorf("problem %d at %+v, want %+v (%s)", i, p.Pos, tt.wantPos[i], p.Msg)
				}
				if tt.wantRefs != nil && p.Ref != tt.wantRefs[i] {
					t.Errorf("problem %d names %+v, want %+v (%s)", i, p.Ref, tt.wantRefs[i], p.Msg)
				}
				for _, w := range tt.wantMsgs[i] {
					if !strings.Contains(p.Msg, w) {
						t.Errorf("problem %d %q does not mention %q", i, p.Msg, w)
					}
				}
			}
		})
	}
}

func TestAssembleDuplicateKeepsFirst(t *testing.T) {
	a := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
	a.Title = "first"
	b := ev(t, "arrival", "2025-09-01", "Asia/Shanghai")
	b.Title = "second"
	site, probs := Assemble(Config{}, []*Event{a, b}, nil, nil)
	if len(probs) != 1 {
		t.Fatalf("problems = %v", probs)
	}
	if got := site.Event("arrival"); got != a {
		t.Errorf("Event(arrival) = %q, want the first one", got.Title)
	}
	if len(site.Events) != 1 {
		t.Errorf("site has %d events, want 1", len(site.Events))
	}
}

func TestAssembleDraftLinksDropped(t *testing.T) {
	e := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
	e.Articles = []string{"draft-post"}
	site, probs := Assemble(Config{}, []*Event{e}, nil, map[string]bool{"draft-post": true})
	if len(probs) != 0 {
		t.Errorf("problems = %v, want none for a link to a draft", probs)
	}
	if len(site.Reports(site.Event("arrival"))) != 0 {
		t.Error("a draft was linked")
	}
}

func TestAssembleArticlesOrder(t *testing.T) {
	mk := func(slug, title, date string) *Article {
		a := &Article{Slug: slug, Title: title}
		if date != "" {
			a.Date = mustParse(t, date, "")
		}
		return a
	}
	arts := []*Article{
		mk("undated", "Undated", ""),
		mk("b", "Bravo", "2025-09-02"),
		mk("a", "Alpha", "2025-09-02"),
		mk("a2", "Alpha", "2025-09-02"),
		mk("newest", "Zulu", "2025-09-03T10:00"),
		mk("old", "Old", "2024"),
	}
	site, probs := Assemble(Config{}, nil, arts, nil)
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	want := []string{"newest", "a", "a2", "b", "old", "undated"}
	if got := slugs(site.Articles); !slices.Equal(got, want) {
		t.Errorf("Articles = %q, want %q", got, want)
	}
}

func TestAssembleEventOnTimelineTwice(t *testing.T) {
	e := ev(t, "arrival", "2025-09-02T16:00", "Asia/Shanghai")
	e.Timelines = []string{"journey", "journey"}
	site, probs := Assemble(Config{Timelines: []TimelineDef{{ID: "journey"}}}, []*Event{e}, nil, nil)
	onTimeline := len(site.Timelines[0].Events)
	selfNav := false
	for _, n := range site.Nav(e) {
		selfNav = selfNav || n.Prev == e || n.Next == e
	}
	if onTimeline != 1 || selfNav {
		t.Errorf("event appears %d times on its timeline (self-neighbour in Nav: %v)", onTimeline, selfNav)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "listed twice") {
		t.Errorf("problems = %v, want one saying the timeline is listed twice", probs)
	}
}
