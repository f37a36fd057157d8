// Command hugogen writes, as a Hugo site, the events of the site that
// sitegen.Generate writes for the same spec, for bench/hugo.sh's side-by-side
// builds:
//
//	go run ./bench/hugogen -events 10000 -out DIR
//
// Each event becomes content/events/NNN/ID.md (at most sitegen.FilesPerFolder
// to a folder) with its title, date (the first instant Dateline reads it
// as), tags, place, status and sources in TOML front matter and its Markdown
// summary as the body. The layouts give what the Dateline side is compared
// on: a page per event, a page per tag listing its events by day, a list of
// tags, and a home page of every event grouped by day, where each entry
// shows the event's rendered Markdown as Dateline's do. Event pages live at
// /events/ID/ as Dateline's do. RSS, sitemap,
// robots.txt and section pages are off; tags are the only taxonomy.
// Articles are not written. DIR should be empty or absent.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // event zones must not depend on the host's zoneinfo

	"github.com/dateline-ssg/dateline/bench/sitegen"
)

func main() {
	events := flag.Int("events", 1000, "number of events")
	timelines := flag.Int("timelines", len(sitegen.Timelines), "number of timelines (they change which events are which)")
	out := flag.String("out", "", "folder to write the Hugo site into (required)")
	flag.Parse()
	if *out == "" || *events < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: hugogen -events N [-timelines N] -out DIR")
		os.Exit(2)
	}
	spec := sitegen.Spec{Events: *events, Timelines: *timelines}
	if err := write(*out, spec); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func write(dir string, spec sitegen.Spec) error {
	files := map[string]string{"config.toml": config(spec)}
	for name, text := range layouts {
		files[filepath.Join("layouts", filepath.FromSlash(name))] = text
	}
	for name, text := range files {
		if err := writeFile(filepath.Join(dir, name), text); err != nil {
			return err
		}
	}
	zones := map[string]*time.Location{"": time.UTC}
	for i := range spec.Events {
		e := spec.EventData(i)
		loc, ok := zones[e.TimeZone]
		if !ok {
			var err error
			if loc, err = time.LoadLocation(e.TimeZone); err != nil {
				return err
			}
			zones[e.TimeZone] = loc
		}
		rel := filepath.Join("content", "events", fmt.Sprintf("%03d", i/sitegen.FilesPerFolder), e.ID+".md")
		if err := writeFile(filepath.Join(dir, rel), page(e, loc)); err != nil {
			return err
		}
	}
	return nil
}

// config is the Hugo configuration: only what the comparison needs.
func config(spec sitegen.Spec) string {
	return fmt.Sprintf(`baseURL = "https://example.org/synthetic/"
title = "Synthetic site: %d events"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT", "section"]
enableRobotsTXT = false

[taxonomies]
tag = "tags"

[permalinks]
events = "/events/:filename/"
`, spec.Events)
}

// page is one event as Hugo content: TOML front matter, then the summary.
func page(e sitegen.EventData, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", e.Title)
	fmt.Fprintf(&b, "date = %s\n", e.When.Time(loc).Format(time.RFC3339))
	fmt.Fprintf(&b, "tags = %s\n", quoted(e.Tags))
	if e.Place != "" {
		fmt.Fprintf(&b, "place = %q\n", e.Place)
	}
	if e.Status != "" {
		fmt.Fprintf(&b, "status = %q\n", e.Status)
	}
	for _, s := range e.Sources {
		fmt.Fprintf(&b, "[[sources]]\nname = %q\nurl = %q\n", s.Name, s.URL)
	}
	b.WriteString("+++\n\n")
	b.WriteString(e.Summary)
	b.WriteString("\n")
	return b.String()
}

func quoted(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func writeFile(p, text string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}

// layouts are the Hugo templates, by path below layouts/.
var layouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a> · <a href="{{ "tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
	"partials/card.html": `<article class="event">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "Mon 2 Jan 2006, 15:04 (MST)" }}</time>{{ with .Params.place }} · {{ . }}{{ end }}{{ with .Params.status }} · {{ . }}{{ end }}</p>
<div class="summary">{{ .Content }}</div>
</article>
`,
	"partials/days.html": `<ol class="days">
{{ range .GroupByDate "2006-01-02" }}<li><h2>{{ .Key }}</h2>
<ol>{{ range .Pages }}<li>{{ partial "card.html" . }}</li>{{ end }}</ol></li>
{{ end }}</ol>
`,
	"_default/single.html": `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "Mon 2 Jan 2006, 15:04 (MST)" }}</time>{{ with .Params.place }} · {{ . }}{{ end }}{{ with .Params.status }} · {{ . }}{{ end }}</p>
{{ .Content }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.sources }}<h2>Sources</h2><ul>{{ range . }}<li><a href="{{ .url }}" rel="noopener">{{ .name }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
`,
	"index.html": `{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ partial "days.html" (where .Site.RegularPages "Section" "events") }}{{ end }}
`,
	"_default/term.html": `{{ define "main" }}<h1>Tag: {{ .Title }}</h1>
<p>{{ len .Pages }} events.</p>
{{ partial "days.html" .Pages }}{{ end }}
`,
	"_default/taxonomy.html": `{{ define "main" }}<h1>Tags</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "days.html" .Pages }}{{ end }}
`,
	"404.html": `{{ define "main" }}<h1>Page not found</h1>{{ end }}
`,
}
