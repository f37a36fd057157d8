// Package scaffold writes the files of "dateline new": a whole starter site,
// or one new event or article in an existing site.
//
// It promises that:
//   - every file comes from a template embedded in the binary, and every
//     value taken from the user is written as a quoted and escaped TOML
//     string, so no title can break the file it lands in;
//   - every event and article it writes loads without a problem (each is
//     loaded in memory before it is written), and a new site builds and
//     checks clean as it is written (a base_url left to its placeholder
//     only draws a warning from dateline check, and a refusal from deploy);
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
	"unicode"
	"unicode/utf8"

	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
	"github.com/dateline-ssg/dateline/internal/version"
)

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

// SiteOptions are the answers a new site starts with.
type SiteOptions struct {
	// Title is the site's title; empty means one made from the folder's
	// name (see FolderTitle).
	Title string
	// BaseURL is where the site will be published; empty means
	// load.PlaceholderBaseURL, under which the site builds and previews
	// and which dateline deploy refuses.
	BaseURL string
	Now     time.Time // the example article's date; zero means now
	// Dateline is the dateline the GitHub Pages workflow installs; the
	// zero Info means this binary's (version.Current).
	Dateline version.Info
}

// siteFiles maps each file of a new site to its template.
var siteFiles = []struct{ path, template string }{
	{source.ConfigFile, "site.toml.tmpl"},
	{source.EventsDir + "/apollo-11.toml", "example-events.toml.tmpl"},
	{source.ArticlesDir + "/apollo-11-lands-on-the-moon.md", "example-article.md.tmpl"},
	{".gitignore", "gitignore.tmpl"},
	{WorkflowFile, "pages.yml.tmpl"},
}

// NewSite writes a starter site into dir, which must be missing or empty
// but for a .git folder, and returns the paths it created, relative to dir and slash-separated.
func NewSite(dir string, opts SiteOptions) ([]string, error) {
	if oneLine(opts.Title) == "" {
		opts.Title = FolderTitle(dir)
	}
	if opts.Dateline == (version.Info{}) {
		opts.Dateline = version.Current()
	}
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
	title := cmp.Or(oneLine(opts.Title), defaultTitle)
	baseURL := strings.TrimSpace(opts.BaseURL)
	if baseURL != "" {
		if err := checkBaseURL(baseURL); err != nil {
			return nil, err
		}
	}
	data := struct {
		Title, BaseURL, Date string
		PlaceholderBase      bool
		Install              install
	}{
		Title:           title,
		BaseURL:         cmp.Or(baseURL, load.PlaceholderBaseURL),
		Date:            tomlDateTime(nowOr(opts.Now).UTC()),
		PlaceholderBase: baseURL == "",
		Install:         installFor(opts.Dateline),
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

// defaultTitle is the title of a site whose folder's name gives none.
const defaultTitle = "My timeline"

// FolderTitle is the title of a site in dir when none is given: the
// folder's name with its hyphens and underscores as spaces and its first
// letter in capitals, so "my-timeline" is "My timeline". A name with
// nothing to show, such as "/", gives defaultTitle.
func FolderTitle(dir string) string {
	words := strings.FieldsFunc(filepath.Base(absDir(dir)), func(r rune) bool {
		return r == '-' || r == '_' || unicode.IsSpace(r) || unicode.IsControl(r)
	})
	title := strings.Join(words, " ")
	if strings.Trim(title, "./\\") == "" {
		return defaultTitle
	}
	first, size := utf8.DecodeRuneInString(title)
	return string(unicode.ToUpper(first)) + title[size:]
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
	slug, unspelt := slugOf(title)
	if len(unspelt) > 0 {
		return "", "", inputErr("--slug", "cannot make a file name of a-z, 0-9 and - from the title %q, as %s not Latin letters; give one with --slug, like --slug %s",
			title, listRunes(unspelt), cmp.Or(validSlug(title), "a-short-name"))
	}
	if !timeline.ValidID(slug) {
		return "", "", inputErr("--slug", "cannot make a file name of a-z, 0-9 and - from the title %q, which has no letters or digits; give one with --slug a-short-name", title)
	}
	return title, slug, nil
}

// validSlug is a valid id made of what s has in Latin letters and digits,
// else "": an example of a --slug to give.
func validSlug(s string) string {
	spelt, _ := asciiSpelling(s)
	if slug := timeline.Slugify(spelt); timeline.ValidID(slug) {
		return slug
	}
	return ""
}

// listRunes names the characters in rs, the first few of them, with a
// verb: "北 is", "北, 京 are", "北, 京, 阅, … are".
func listRunes(rs []rune) string {
	const most = 3
	var names []string
	for _, r := range rs {
		if s := string(r); !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	if len(names) == 1 {
		return names[0] + " is"
	}
	if len(names) > most {
		names = append(names[:most], "…")
	}
	return strings.Join(names, ", ") + " are"
}

// oneLine collapses runs of white space, newlines included, into single
// spaces, and drops control characters, which no page can show (load
// refuses them).
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

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
		return nil, fmt.Errorf("no %s in %s: run this in a site's folder or pass --source DIR; dateline new site DIR starts a new site", source.ConfigFile, absDir(dir))
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

// absDir is dir as an absolute path, which says where it is whatever the
// folder the command ran in.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
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
