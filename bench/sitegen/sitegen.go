// Package sitegen writes deterministic synthetic Dateline sites of any size,
// for benchmarks.
//
// Write makes the small, plain site the serve benchmarks edit: a site.toml
// with five timelines and one short event file per event.
//
// Generate makes a realistic one from a Spec: events with Markdown
// summaries of a few paragraphs, IANA zones, fixed offsets, ranges,
// approximate times, statuses, sources, places, people and tags, at year,
// month, day, minute and second precision; and articles with TOML front
// matter and bodies of a few hundred words that report 2–4 events each. No
// folder holds more than FilesPerFolder files. Every item is drawn from its
// own seeded random stream, so EventData(i) and ArticleData(j) are the same
// whatever else is generated, and other tools (bench/hugogen) can write the
// same content in another format.
package sitegen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Timelines are the generated site's timeline IDs.
var Timelines = []string{"politics", "economy", "science", "culture", "sport"}

var (
	tags   = []string{"europe", "asia", "africa", "americas", "oceania", "trade", "elections", "climate", "health", "space", "energy", "law"}
	people = []string{"Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson", "Claude Shannon", "Hedy Lamarr", "John von Neumann", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton"}
	places = []string{"Paris", "Nairobi", "Lima", "Osaka", "Oslo", "Perth", ""}
)

// EventPath is the path, below the site folder, of event i's file.
func EventPath(i int) string {
	return filepath.Join("content", "events", Timelines[i%len(Timelines)], fmt.Sprintf("e%05d.toml", i))
}

// EventID is event i's ID.
func EventID(i int) string { return fmt.Sprintf("event-%05d", i) }

// Event is the text of event i's file, with the given title.
func Event(i int, title string) string {
	var b strings.Builder
	b.WriteString("[[event]]\n")
	fmt.Fprintf(&b, "id = %q\n", EventID(i))
	fmt.Fprintf(&b, "title = %q\n", title)
	fmt.Fprintf(&b, "summary = %q\n", fmt.Sprintf("Synthetic event number %d, generated for benchmarks. It mentions *emphasis* and a [link](https://example.org/%d).", i, i))
	year := 1950 + i%75
	month := 1 + (i/7)%12
	day := 1 + (i/3)%28
	var when string
	switch i % 4 {
	case 0:
		when = fmt.Sprintf("%04d", year)
	case 1:
		when = fmt.Sprintf("%04d-%02d", year, month)
	case 2:
		when = fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	default:
		when = fmt.Sprintf("%04d-%02d-%02dT%02d:%02d", year, month, day, i%24, (i*7)%60)
	}
	fmt.Fprintf(&b, "when = %q\n", when)
	if p := places[i%len(places)]; p != "" {
		fmt.Fprintf(&b, "place = %q\n", p)
	}
	tl := []string{Timelines[i%len(Timelines)]}
	if i%10 == 0 {
		tl = append(tl, Timelines[(i+1)%len(Timelines)])
	}
	fmt.Fprintf(&b, "timelines = %s\n", list(tl))
	fmt.Fprintf(&b, "tags = %s\n", list([]string{tags[i%len(tags)], tags[(i/5)%len(tags)]}))
	if i%3 != 0 {
		fmt.Fprintf(&b, "people = %s\n", list([]string{people[i%len(people)]}))
	}
	return b.String()
}

// Title is event i's title as generated.
func Title(i int) string { return fmt.Sprintf("Synthetic event %d", i) }

func list(items []string) string {
	seen := map[string]bool{}
	var q []string
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			q = append(q, fmt.Sprintf("%q", s))
		}
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// SiteTOML is the generated site's configuration.
func SiteTOML(events int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %q\n", fmt.Sprintf("Synthetic site with %d events", events))
	b.WriteString("description = \"A generated site for benchmarks.\"\n")
	b.WriteString("base_url = \"https://example.org/synthetic/\"\n")
	b.WriteString("language = \"en\"\n")
	b.WriteString("time_zone = \"UTC\"\n")
	for _, id := range Timelines {
		fmt.Fprintf(&b, "\n[[timelines]]\nid = %q\ntitle = %q\ndescription = %q\n", id, strings.ToUpper(id[:1])+id[1:], "Generated events about "+id+".")
	}
	return b.String()
}

// Write writes a site with the given number of events into dir, which it
// creates if need be.
func Write(dir string, events int) error {
	if err := write(filepath.Join(dir, "site.toml"), SiteTOML(events)); err != nil {
		return err
	}
	for i := range events {
		if err := write(filepath.Join(dir, EventPath(i)), Event(i, Title(i))); err != nil {
			return err
		}
	}
	return nil
}

func write(p, text string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}
