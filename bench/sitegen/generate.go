package sitegen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// folder is the subfolder holding item n, so that none holds more than
// FilesPerFolder files.
func folder(n int) string { return fmt.Sprintf("%03d", n/FilesPerFolder) }

// EventPath is the path, below the site folder, of event i's file as
// Generate writes it.
func (s Spec) EventPath(i int) string {
	return filepath.Join("content", "events", folder(i), EventID(i)+".toml")
}

// ArticlePath is the path, below the site folder, of article j's file.
func (s Spec) ArticlePath(j int) string {
	return filepath.Join("content", "articles", folder(j), ArticleSlug(j)+".md")
}

// SiteTOML is the spec's site configuration: its timelines and labels for
// the zones its events use.
func (s Spec) SiteTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %q\n", fmt.Sprintf("Synthetic site: %d events, %d articles", s.Events, s.Articles))
	b.WriteString("description = \"A generated site for benchmarks.\"\n")
	b.WriteString("base_url = \"https://example.org/synthetic/\"\n")
	b.WriteString("language = \"en\"\n")
	b.WriteString("time_zone = \"UTC\"\n")
	b.WriteString("\n[time_zone_labels]\n")
	for _, z := range zones {
		if z.label != "" {
			fmt.Fprintf(&b, "%q = %q\n", z.name, z.label)
		}
	}
	for _, id := range s.TimelineIDs() {
		fmt.Fprintf(&b, "\n[[timelines]]\nid = %q\ntitle = %q\ndescription = %q\n", id, capitalize(strings.ReplaceAll(id, "-", " ")), "Generated events about "+id+".")
	}
	return b.String()
}

// TOML is the event as an [[event]] table.
func (e EventData) TOML() string {
	var b strings.Builder
	b.WriteString("[[event]]\n")
	fmt.Fprintf(&b, "id = %q\n", e.ID)
	fmt.Fprintf(&b, "title = %q\n", e.Title)
	fmt.Fprintf(&b, "summary = %s\n", multiline(e.Summary))
	fmt.Fprintf(&b, "when = %s\n", e.When.TOML())
	if e.End != nil {
		fmt.Fprintf(&b, "end = %s\n", e.End.TOML())
	}
	if e.TimeZone != "" {
		fmt.Fprintf(&b, "time_zone = %q\n", e.TimeZone)
	}
	if e.Approximate {
		b.WriteString("approximate = true\n")
	}
	if e.WhenText != "" {
		fmt.Fprintf(&b, "when_text = %q\n", e.WhenText)
	}
	if e.Place != "" {
		fmt.Fprintf(&b, "place = %q\n", e.Place)
	}
	if c := e.Coordinates; c != nil {
		fmt.Fprintf(&b, "coordinates = [%.4f, %.4f]\n", c[0], c[1])
	}
	fmt.Fprintf(&b, "timelines = %s\n", list(e.Timelines))
	if e.Status != "" {
		fmt.Fprintf(&b, "status = %q\n", e.Status)
	}
	if len(e.Sources) > 0 {
		b.WriteString("sources = [\n")
		for _, s := range e.Sources {
			fmt.Fprintf(&b, "  { name = %q, url = %q", s.Name, s.URL)
			if s.Note != "" {
				fmt.Fprintf(&b, ", note = %q", s.Note)
			}
			b.WriteString(" },\n")
		}
		b.WriteString("]\n")
	}
	for _, kv := range []struct {
		key   string
		items []string
	}{{"people", e.People}, {"tags", e.Tags}, {"articles", e.Articles}} {
		if len(kv.items) > 0 {
			fmt.Fprintf(&b, "%s = %s\n", kv.key, list(kv.items))
		}
	}
	return b.String()
}

// basicStringEscapes escapes text for a TOML basic string.
var basicStringEscapes = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// multiline is text as a TOML multi-line basic string; generated text has
// no control characters but newlines, so only \ and " need escaping.
func multiline(text string) string {
	return "\"\"\"\n" + basicStringEscapes.Replace(text) + "\"\"\""
}

// Markdown is the article's file: TOML front matter between +++ lines, then
// its body.
func (a ArticleData) Markdown() string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", a.Title)
	fmt.Fprintf(&b, "date = %s\n", a.Date.TOML())
	fmt.Fprintf(&b, "author = %q\n", a.Author)
	fmt.Fprintf(&b, "source = %q\n", a.Source)
	fmt.Fprintf(&b, "source_url = %q\n", a.SourceURL)
	fmt.Fprintf(&b, "summary = %q\n", a.Summary)
	fmt.Fprintf(&b, "tags = %s\n", list(a.Tags))
	fmt.Fprintf(&b, "events = %s\n", list(a.Events))
	if a.Draft {
		b.WriteString("draft = true\n")
	}
	b.WriteString("+++\n\n")
	b.WriteString(a.Body)
	b.WriteString("\n")
	return b.String()
}

// Generate writes the site s describes into dir, which should be empty or
// absent: site.toml, one file per event under content/events/ and one per
// article under content/articles/, at most FilesPerFolder to a folder. The
// same spec always gives the same files. Files are written by a few
// workers at once, as writing is mostly waiting on the file system.
func Generate(dir string, s Spec) error {
	if err := write(filepath.Join(dir, "site.toml"), s.SiteTOML()); err != nil {
		return err
	}
	for _, kind := range []struct {
		n    int
		path func(int) string
	}{{s.Events, s.EventPath}, {s.Articles, s.ArticlePath}} {
		for k := 0; k < kind.n; k += FilesPerFolder {
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(kind.path(k))), 0o755); err != nil {
				return err
			}
		}
	}
	return inParallel(s.Events+s.Articles, func(k int) error {
		if k < s.Events {
			return os.WriteFile(filepath.Join(dir, s.EventPath(k)), []byte(s.EventData(k).TOML()), 0o644)
		}
		j := k - s.Events
		return os.WriteFile(filepath.Join(dir, s.ArticlePath(j)), []byte(s.ArticleData(j).Markdown()), 0o644)
	})
}

// inParallel calls do(0) … do(n-1) on a bounded pool of workers. After an
// error the calls not yet started are skipped; the errors are returned.
func inParallel(n int, do func(k int) error) error {
	var (
		next   atomic.Int64
		failed atomic.Bool
		mu     sync.Mutex
		errs   []error
		wg     sync.WaitGroup
	)
	for range min(n, 2*runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for !failed.Load() {
				k := int(next.Add(1) - 1)
				if k >= n {
					return
				}
				if err := do(k); err != nil {
					failed.Store(true)
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
