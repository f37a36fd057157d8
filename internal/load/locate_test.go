package load

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// countingFS counts the files opened, to show each is read once.
type countingFS struct {
	fs.FS
	opened map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opened[name]++
	return c.FS.Open(name)
}

func TestLocate(t *testing.T) {
	files := fstest.MapFS{
		"content/events/a.toml": {Data: []byte(lines(
			"[[event]]", `id = "a"`, `title = "A"`, "",
			"[[event]]", `title = "B"`, `  timelines = ["x"]`,
		))},
		mdPath: {Data: []byte(article(`events = ["nope"]`))},
	}
	const ev = "content/events/a.toml"
	at := func(path, key string) timeline.Pos { return timeline.Pos{Path: path, Key: key} }
	tests := []struct {
		name    string
		pos     timeline.Pos
		want    string // the place as Problem.Error prints it
		fsysNil bool
	}{
		{"a key of the second event", at(ev, "event.1.timelines"), ev + ":7:3", false},
		{"an event's table", at(ev, "event.1"), ev + ":5:1", false},
		{"a key not written: its table", at(ev, "event.1.id"), ev + ":5:1", false},
		{"a key of an article's front matter, counted in the .md file", at(mdPath, "events"), mdPath + ":3:1", false},
		{"a key an article lacks: its first line", at(mdPath, "tags"), mdPath + ":1:1", false},
		{"a file gone since it was loaded: its path", at("content/events/gone.toml", "event.0.id"), "content/events/gone.toml", false},
		{"no file system: the path", at(ev, "event.0.id"), ev, true},
		{"a place with a line already", timeline.Pos{Path: ev, Line: 9, Col: 2}, ev + ":9:2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fsys fs.FS = files
			if tt.fsysNil {
				fsys = nil
			}
			got := Locate(fsys, timeline.Problems{{Pos: tt.pos, Msg: "m"}})[0]
			if got.Pos.String() != tt.want || got.Pos.Key != "" {
				t.Errorf("located at %+v, want %s and no key", got.Pos, tt.want)
			}
		})
	}
}

func TestLocateRewritesTheOtherPlace(t *testing.T) {
	fsys := countingFS{FS: fstest.MapFS{
		"content/events/a.toml": {Data: []byte(lines("[[event]]", `title = "A"`, `id = "dup"`))},
		"content/events/b.toml": {Data: []byte(lines("", "[[event]]", `id = "dup"`, `tags = ["a"]`))},
	}, opened: map[string]int{}}
	ref := timeline.Pos{Path: "content/events/a.toml", Key: "event.0.id"}
	probs := timeline.Problems{
		{Pos: timeline.Pos{Path: "content/events/b.toml", Key: "event.0.id"}, Ref: ref,
			Msg: "event id \"dup\" is already used at " + ref.String() + "; give one of them another id"},
		{Pos: timeline.Pos{Path: "content/events/b.toml", Key: "event.0.tags"}, Msg: "second problem in b.toml"},
	}
	got := Locate(fsys, probs)
	if want := `event id "dup" is already used at content/events/a.toml:3:1; give one of them another id`; got[0].Msg != want {
		t.Errorf("message %q, want %q", got[0].Msg, want)
	}
	if got[0].Pos.String() != "content/events/b.toml:3:1" || got[1].Pos.String() != "content/events/b.toml:4:1" {
		t.Errorf("placed at %s and %s", got[0].Pos, got[1].Pos)
	}
	for name, n := range fsys.opened {
		if n != 1 {
			t.Errorf("%s opened %d times, want once", name, n)
		}
	}
}
