// Package scaffold writes the files of "dateline new": a whole starter site,
// or one new event or article in an existing site.
//
// It promises that:
//   - every file comes from a template embedded in the binary, and every
//     value taken from the user is written as a quoted and escaped TOML
//     string, so no title can break the file it lands in;
//   - every event and article it writes loads without a problem (each is
//     loaded in memory before it is written), and a new site checks clean
//     once its CHANGE-ME placeholders are replaced;
//   - it never overwrites: each file is created exclusively, a site only in
//     a new or empty folder (a lone .git allowed), and a taken name is refused, never replaced by
//     another name behind the user's back;
//   - a new site is never written outside its folder, even through a
//     symbolic link; an event or article goes only to
//     content/events/<slug>.toml or content/articles/<slug>.md, where the
//     slug holds only a-z, 0-9 and -.
package scaffold

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Version is the dateline release that the workflow of a new site installs
// with go install. It must name a released tag of
// github.com/dateline-ssg/dateline, or every new site's first deployment
// fails; raise it with each release (or set it at build time with
// -ldflags "-X github.com/dateline-ssg/dateline/internal/scaffold.Version=v1.2.3").
var Version = "v0.1.0"

// An InputError is a value given to dateline new that cannot be used, such
// as a date that does not parse; Flag names where it was given.
type InputError struct {
	Flag string // "--when", "--timeline", or "title" for the argument
	Msg  string
}

func (e *InputError) Error() string { return e.Flag + ": " + e.Msg }

func inputErr(flag, format string, args ...any) error {
	return &InputError{Flag: flag, Msg: fmt.Sprintf(format, args...)}
}

// An ExistsError refuses to replace a file or to fill a folder in use.
type ExistsError struct {
	Path string // as the user would find it: the folder given, joined with the file
	Msg  string
}

func (e *ExistsError) Error() string { return e.Path + " " + e.Msg }

// SiteOptions are the answers a new site starts with. An empty Title or
// BaseURL leaves a CHANGE-ME placeholder that dateline check reports.
type SiteOptions struct {
	Title   string
	BaseURL string
	Now     time.Time // the example article's date; zero means now
}

// sitePlaceholders stand in for what SiteOptions left empty.
var sitePlaceholders = SiteOptions{
	Title:   load.Placeholder,
	BaseURL: "https://" + load.Placeholder + ".github.io/" + load.Placeholder + "/",
}

// siteFiles maps each file of a new site to its template.
var siteFiles = []struct{ path, template string }{
	{source.ConfigFile, "site.toml.tmpl"},
	{source.EventsDir + "/apollo-11.toml", "example-events.toml.tmpl"},
	{source.ArticlesDir + "/apollo-11-lands-on-the-moon.md", "example-article.md.tmpl"},
	{".gitignore", "gitignore.tmpl"},
	{".github/workflows/pages.yml", "pages.yml.tmpl"},
}

// NewSite writes a starter site into dir, which must be missing or empty
// but for a .git folder, and returns the paths it created, relative to dir and slash-separated.
func NewSite(dir string, opts SiteOptions) ([]string, error) {
	files, err := renderSite(opts)
	if err != nil {
		return nil, err
	}
	t, err := openEmptyDir(dir)
	if err != nil {
		return nil, err
	}
	defer t.close()
	var created []string
	for _, f := range siteFiles {
		if err := t.create(f.path, files[f.path]); err != nil {
			t.undo()
			return nil, err
		}
		created = append(created, f.path)
	}
	return created, nil
}

// renderSite makes every file of a new site, in memory, and loads them to
// be sure they make a site.
func renderSite(opts SiteOptions) (map[string][]byte, error) {
	title := oneLine(opts.Title)
	baseURL := strings.TrimSpace(opts.BaseURL)
	if baseURL != "" {
		if err := checkBaseURL(baseURL); err != nil {
			return nil, err
		}
	}
	data := struct {
		Title, BaseURL, Date, Version string
		Placeholders                  bool
	}{
		Title:        cmp.Or(title, sitePlaceholders.Title),
		BaseURL:      cmp.Or(baseURL, sitePlaceholders.BaseURL),
		Date:         tomlDateTime(nowOr(opts.Now).UTC()),
		Version:      Version,
		Placeholders: title == "" || baseURL == "",
	}
	files := map[string][]byte{}
	for _, f := range siteFiles {
		text, err := execute(f.template, data)
		if err != nil {
			return nil, err
		}
		files[f.path] = text
	}
	if err := selfCheck(files, ""); err != nil {
		return nil, err
	}
	return files, nil
}

// checkBaseURL accepts what site.toml's base_url does: an http(s) address
// with a host, or a path from the root.
func checkBaseURL(s string) error {
	const how = `write the address the site will be published at, like https://you.github.io/repo/, or a path like /repo/`
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return nil
	}
	if strings.ContainsAny(s, " \t\r\n\x00") {
		return inputErr("--base-url", "%q holds spaces or control characters; encode them (%%20)", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return inputErr("--base-url", "%q is not an address (%v); %s", s, errors.Unwrap(err), how)
	}
	if scheme := strings.ToLower(u.Scheme); (scheme == "http" || scheme == "https") && u.Host != "" {
		return nil
	}
	return inputErr("--base-url", "%q is neither an http(s) address nor a path from /; %s", s, how)
}

// EventOptions describe one new event. Title, Timeline and When are required.
type EventOptions struct {
	Title    string
	Timeline string // id of a timeline declared in site.toml
	When     string // as an event's when is written: "2025", "2025-09-02T16:00"…
	Slug     string // the file name and id; default the slug of Title
}

// NewEvent writes siteDir/content/events/<slug>.toml holding one event and
// returns its path (siteDir joined with the file's path).
func NewEvent(siteDir string, opts EventOptions) (string, error) {
	title, slug, err := titleAndSlug(opts.Title, opts.Slug, "event")
	if err != nil {
		return "", err
	}
	site, err := readSite(siteDir)
	if err != nil {
		return "", err
	}
	if err := site.checkTimeline(opts.Timeline); err != nil {
		return "", err
	}
	when, err := site.checkWhen(opts.When)
	if err != nil {
		return "", err
	}
	rel := source.EventsDir + "/" + slug + ".toml"
	if err := site.checkEventID(slug, siteDir, rel); err != nil {
		return "", err
	}
	statuses := make([]string, len(timeline.Statuses))
	for i, s := range timeline.Statuses {
		statuses[i] = string(s)
	}
	text, err := execute("new-event.toml.tmpl", struct {
		ID, Title, When, TimeZone, Timeline, Statuses string
	}{slug, title, when, site.content.Config.TimeZone, opts.Timeline, strings.Join(statuses, ", ")})
	if err != nil {
		return "", err
	}
	return site.add(siteDir, rel, text)
}

// ArticleOptions describe one new article. Title is required.
type ArticleOptions struct {
	Title string
	Slug  string    // the file name; default the slug of Title
	Now   time.Time // the publication date written; zero means now
}

// NewArticle writes siteDir/content/articles/<slug>.md, a draft dated now
// in the site's time zone, and returns its path.
//
// The article is a draft (draft = true) so that a half-written text is never
// published by the next build; dateline serve --drafts shows it, and
// deleting the line publishes it.
func NewArticle(siteDir string, opts ArticleOptions) (string, error) {
	title, slug, err := titleAndSlug(opts.Title, opts.Slug, "article")
	if err != nil {
		return "", err
	}
	site, err := readSite(siteDir)
	if err != nil {
		return "", err
	}
	rel := source.ArticlesDir + "/" + slug + ".md"
	if err := site.checkArticleSlug(slug, siteDir, rel); err != nil {
		return "", err
	}
	now := nowOr(opts.Now)
	if loc, err := time.LoadLocation(site.content.Config.TimeZone); err == nil {
		now = now.In(loc)
	}
	text, err := execute("new-article.md.tmpl", struct{ Title, Date string }{title, tomlDateTime(now)})
	if err != nil {
		return "", err
	}
	return site.add(siteDir, rel, text)
}

// titleAndSlug tidies a title onto one line and picks the file name.
func titleAndSlug(rawTitle, slug, what string) (title, _ string, _ error) {
	title = oneLine(rawTitle)
	if title == "" {
		return "", "", inputErr("title", "the %s needs a title; give it in quotes, like dateline new %s \"What happened\"", what, what)
	}
	if slug != "" {
		if !timeline.ValidID(slug) {
			return "", "", inputErr("--slug", "%q may hold only a-z, 0-9 and - (at most %d characters), like %q", slug, timeline.MaxIDLen, cmp.Or(validSlug(slug), "a-short-name"))
		}
		return title, slug, nil
	}
	slug = timeline.Slugify(title)
	if !timeline.ValidID(slug) {
		return "", "", inputErr("--slug", "cannot make a file name of a-z, 0-9 and - from the title %q; give one with --slug a-short-name", title)
	}
	return title, slug, nil
}

// validSlug is the slug of s when that is a valid id, else "".
func validSlug(s string) string {
	if slug := timeline.Slugify(s); timeline.ValidID(slug) {
		return slug
	}
	return ""
}

// oneLine collapses runs of white space, newlines included, into single
// spaces: a title is shown on one line, whatever the shell passed.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func nowOr(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// tomlDateTime writes t as a TOML offset date-time, to the second.
func tomlDateTime(t time.Time) string { return t.Truncate(time.Second).Format(time.RFC3339) }

// site is an existing site that a new file is added to.
type site struct {
	config  []byte // site.toml as written, for the self-check
	content *load.Content
}

// readSite loads the site at dir. Its own problems are not this command's
// business: only the timelines, time zone and names in use are needed.
func readSite(dir string) (*site, error) {
	config, err := os.ReadFile(filepath.Join(dir, source.ConfigFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no %s in %s: run this in a site's folder or pass --dir DIR; dateline new site DIR starts a new site", source.ConfigFile, displayDir(dir))
	}
	if err != nil {
		return nil, err
	}
	folder, err := source.Open(dir)
	if err != nil {
		return nil, err
	}
	defer folder.Close()
	content, _ := load.Load(folder, load.Options{Drafts: true})
	return &site{config: config, content: content}, nil
}

func displayDir(dir string) string {
	if dir == "" || dir == "." {
		return "the current folder"
	}
	return dir
}

func (s *site) checkTimeline(id string) error {
	var known []string
	for _, def := range s.content.Config.Timelines {
		if def.ID == id {
			return nil
		}
		known = append(known, def.ID)
	}
	switch {
	case len(known) == 0:
		return inputErr("--timeline", "site.toml declares no timelines; add one ([[timelines]] with id and title) first")
	case id == "":
		return inputErr("--timeline", "name the event's timeline, one of: %s", strings.Join(known, ", "))
	}
	if sug := timeline.Suggest(id, known); sug != "" {
		return inputErr("--timeline", "unknown timeline %q; did you mean %q?", id, sug)
	}
	return inputErr("--timeline", "unknown timeline %q; site.toml declares: %s", id, strings.Join(known, ", "))
}

// checkWhen parses when as an event's when is read: on the clocks of the
// site's time zone, which the new event names as its own.
func (s *site) checkWhen(when string) (string, error) {
	when = strings.TrimSpace(when)
	if when == "" {
		return "", inputErr("--when", `give the event's date, at the precision you know: "2025", "2025-09", "2025-09-02" or "2025-09-02T16:00"`)
	}
	zone := s.content.Config.TimeZone
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return "", err
	}
	if _, err := timeline.ParseDate(when, loc, zone); err != nil {
		return "", inputErr("--when", "%v (read on %s clocks, the site's time_zone)", err, zone)
	}
	return when, nil
}

func (s *site) checkEventID(id, siteDir, rel string) error {
	for _, e := range s.content.Events {
		// An id in the very file to be created is left for create to
		// refuse, naming the file rather than the id.
		if e.ID == id && e.Pos.Path != rel {
			return &ExistsError{Path: filepath.Join(siteDir, rel), Msg: fmt.Sprintf("would hold event id %q, which is already used at %s; choose another title or give an id with --slug", id, locate(siteDir, e.KeyPos("id")))}
		}
	}
	return nil
}

// locate finds the line of the key at p in the site at dir, for a message:
// the model names keys, not lines (see load.Locate).
func locate(dir string, p timeline.Pos) timeline.Pos {
	folder, err := source.Open(dir)
	if err != nil {
		return timeline.Pos{Path: p.Path}
	}
	defer folder.Close()
	return load.Locate(folder, timeline.Problems{{Pos: p}})[0].Pos
}

func (s *site) checkArticleSlug(slug, siteDir, rel string) error {
	for _, a := range s.content.Articles {
		if a.Slug == slug && a.Pos.Path != rel {
			return &ExistsError{Path: filepath.Join(siteDir, rel), Msg: fmt.Sprintf("would have the slug %q of %s; choose another title or give a file name with --slug", slug, a.Pos.Path)}
		}
	}
	return nil
}

// add checks that text loads as the file rel of this site, then creates it.
func (s *site) add(siteDir, rel string, text []byte) (string, error) {
	if err := selfCheck(map[string][]byte{source.ConfigFile: s.config, rel: text}, rel); err != nil {
		return "", err
	}
	return addFile(siteDir, rel, text)
}

// selfCheck loads files as a site and fails on any problem in the file only
// (or in any file when only is ""), except the placeholders a new site is
// meant to start with. A failure here is a bug in a template or in escaping:
// it stops the command before anything is written.
func selfCheck(files map[string][]byte, only string) error {
	fsys := mapFS(files)
	content, probs := load.Load(fsys, load.Options{Drafts: true})
	_, more := timeline.Assemble(content.Config, content.Events, content.Articles, content.Drafts)
	more = load.Locate(fsys, more)
	var bad timeline.Problems
	for _, p := range slices.Concat(probs, more) {
		placeholder := p.Pos.Path == source.ConfigFile && strings.Contains(p.Msg, "placeholder "+load.Placeholder)
		if only != "" && p.Pos.Path != only || placeholder {
			continue
		}
		bad = append(bad, p)
	}
	if len(bad) == 0 {
		return nil
	}
	what := "the new site"
	if only != "" {
		what = path.Base(only)
	}
	return fmt.Errorf("%s would not load, so nothing was written (this is a bug in dateline new; please report it with the command you ran): %w", what, bad.Sort())
}
