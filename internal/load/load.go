// Package load reads a Dateline site's source from a file system: site.toml,
// the event files under content/events (TOML, one or more [[event]] tables
// each) and the articles under content/articles (Markdown with TOML front
// matter between +++ lines).
//
// Load never stops at the first mistake: it returns every problem it finds,
// each at the path, line and column where it was written, with what to do
// about it. Front matter keeps the line numbers of its .md file. The events
// and articles it returns name where they were written by file and TOML key;
// Locate finds the line of a key for a problem found later, scanning only
// the files with such problems. It does no rendering and writes nothing. Files are read and parsed on all cores; a
// Cache (for live preview) keeps each file's parse between Loads, so that
// only files that changed are parsed again.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Where a site's parts live, relative to its source folder.
const (
	ConfigFile  = source.ConfigFile
	EventsDir   = source.EventsDir
	ArticlesDir = source.ArticlesDir
)

// MaxFileSize caps any one source file; a file over it is refused, not read.
const MaxFileSize = 8 << 20

// Options change what Load includes.
type Options struct {
	Drafts bool // include articles marked draft = true
	// Cache, when set, keeps what each file parsed to, so that a later Load
	// with the same Cache parses again only the files whose text (or the
	// site's time zone) changed. Live preview uses it; one Cache must not be
	// used by two Loads at once.
	Cache *Cache
	// Unchanged, when set with a Cache, reports the paths the caller knows
	// have not changed since the last Load with that Cache (live preview
	// knows from the file watcher); their parse comes from the Cache
	// without even a look at the file.
	Unchanged func(path string) bool
	// Now is the time of the build, after which no event update may be
	// dated; zero means time.Now(). Tests set it to load the same
	// content the same way whenever they run.
	Now time.Time
	// BaseURL, when set, is the address the site is built for in place of
	// site.toml's base_url (a --base-url flag), so that the checks that
	// depend on the address (cname) check that one.
	BaseURL string
}

// Content is a site's source, read and checked field by field but not yet
// cross-referenced (see timeline.Assemble).
type Content struct {
	Config   timeline.Config
	Events   []*timeline.Event
	Articles []*timeline.Article
	// Drafts names the articles left out, so that links to them are not
	// errors: drafts, and articles that could not be read (their own
	// problem is reported; "unknown article" for each event naming one
	// would only repeat it).
	Drafts map[string]bool
}

// Load reads the whole site in fsys. Files are read and parsed on all
// cores; the result, problems included, is the same as reading them one by
// one in path order.
func Load(fsys fs.FS, opts Options) (*Content, timeline.Problems) {
	l := &loader{fsys: fsys, zones: &zones{byName: map[string]*time.Location{}}}
	c := &Content{Drafts: map[string]bool{}}
	c.Config = l.config(opts.BaseURL)
	eventFiles := l.files(EventsDir, ".toml")
	articleFiles := l.files(ArticlesDir, ".md")
	parsed := l.parseAll(append(eventFiles, articleFiles...), c.Config, opts)
	for _, f := range parsed {
		l.probs = append(l.probs, f.probs...)
		c.Events = append(c.Events, f.events...)
		switch a := f.article; {
		case a == nil:
		case a.Draft && !opts.Drafts:
			c.Drafts[a.Slug] = true
		default:
			c.Articles = append(c.Articles, a)
		}
		if f.lost != nil {
			lost := l.loss()
			lost.events = append(lost.events, f.lost.events...)
			lost.allEvents = lost.allEvents || f.lost.allEvents
			if f.lost.article != "" {
				c.Drafts[f.lost.article] = true
			}
		}
	}
	if l.lost != nil {
		l.lost.forget(c)
	}
	l.probs = append(l.probs, futureUpdates(fsys, c.Events, opts.Now)...)
	l.probs = append(l.probs, resolveImages(fsys, c, opts.keptImages())...)
	return c, l.probs
}

// keptImages is the copies of events and articles with images that the
// last Load with opts.Cache made, or nil without a Cache.
func (opts Options) keptImages() *imageMemo {
	if opts.Cache == nil {
		return nil
	}
	return &opts.Cache.images
}

// futureUpdates reports the updates of events dated after now (or after
// the present, when now is zero). It runs on every Load rather than with
// each file's parse, which a Cache keeps: an update in the future when its
// file was parsed is in the past a little later, with the file unchanged.
// Such updates are rare, so their keys are located only when there are any.
func futureUpdates(fsys fs.FS, events []*timeline.Event, now time.Time) timeline.Problems {
	if now.IsZero() {
		now = time.Now()
	}
	var probs timeline.Problems
	for _, e := range events {
		if e.Updated().After(now) { // updates are in time order: only the last can tell
			for _, u := range e.Updates {
				if u.At.After(now) {
					probs = append(probs, timeline.Problem{Pos: timeline.Pos{Path: u.Pos.Path, Key: u.Pos.Key + ".at"},
						Msg: fmt.Sprintf("update at %s is in the future (this build runs at %s); an update records a change already known, so add it once it has happened or correct its date",
							u.Date().Machine(), now.In(u.At.Location()).Format("2006-01-02T15:04:05Z07:00"))})
				}
			}
		}
	}
	if probs == nil {
		return nil
	}
	return Locate(fsys, probs)
}

// lost is what a site declares but could not be read: ids that events or
// articles refer to. A reference to one is not checked (as a reference to
// a draft is not): its file's own problem is reported, and "unknown" for
// every reference would only repeat it as many false errors.
type lost struct {
	timelines    []string // declared with an id that is not valid
	allTimelines bool     // site.toml's timelines could not all be read
	events       []string // ids of events in files or tables that could not be read
	allEvents    bool     // an event file could not be read at all
	article      string   // the slug of an article that could not be read
}

// forget removes from c's events and articles the references to what was
// lost and is not declared elsewhere. Events and articles may be shared
// with a Cache and the Loads before, so a changed one is a copy; the site
// does not build anyway, as the loss is itself a problem.
func (lo *lost) forget(c *Content) {
	declared := make(map[string]bool, len(c.Config.Timelines))
	for _, def := range c.Config.Timelines {
		declared[def.ID] = true
	}
	lostTimeline := func(id string) bool {
		return !declared[id] && (lo.allTimelines || slices.Contains(lo.timelines, id))
	}
	for i, e := range c.Events {
		if slices.ContainsFunc(e.Timelines, lostTimeline) {
			cp := *e
			cp.Timelines = slices.DeleteFunc(slices.Clone(e.Timelines), lostTimeline)
			c.Events[i] = &cp
		}
	}
	if len(lo.events) == 0 && !lo.allEvents {
		return
	}
	ids := make(map[string]bool, len(c.Events))
	for _, e := range c.Events {
		ids[e.ID] = true
	}
	lostEvent := func(id string) bool {
		return !ids[id] && (lo.allEvents || slices.Contains(lo.events, id))
	}
	for i, a := range c.Articles {
		if slices.ContainsFunc(a.Events, lostEvent) {
			cp := *a
			cp.Events = slices.DeleteFunc(slices.Clone(a.Events), lostEvent)
			c.Articles[i] = &cp
		}
	}
}

type loader struct {
	fsys  fs.FS
	probs timeline.Problems
	zones *zones // shared by the loaders of one Load
	lost  *lost  // what could not be read, for references to it; nil for nothing
}

// loss is l.lost, made when first needed: files seldom lose anything, and
// a site has tens of thousands of files.
func (l *loader) loss() *lost {
	if l.lost == nil {
		l.lost = &lost{}
	}
	return l.lost
}

// zones resolves each IANA zone name once per Load, for all its workers.
type zones struct {
	mu     sync.Mutex
	byName map[string]*time.Location
}

func (l *loader) problem(p timeline.Pos, format string, args ...any) {
	l.probs = append(l.probs, timeline.Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// files lists the site's files under dir with the given extension, in
// path order (see source.Files); a missing dir is no files.
func (l *loader) files(dir, ext string) []string {
	out, probs := source.Files(l.fsys, dir, ext)
	l.probs = append(l.probs, probs...)
	return out
}

// read returns a file's text, or "" and false after reporting why it cannot
// be used: unreadable, too big, not UTF-8.
func (l *loader) read(p string) (string, bool) {
	f, err := l.fsys.Open(p)
	if err != nil {
		l.probs = append(l.probs, source.LinkProblem(l.fsys, p, err))
		return "", false
	}
	defer f.Close()
	tooBig := func(size string) {
		l.problem(timeline.Pos{Path: p}, "file is %s, over the limit of %d MiB (%d bytes) for one file; split it into smaller files", size, MaxFileSize>>20, MaxFileSize)
	}
	sizeHint := -1
	if info, err := f.Stat(); err == nil {
		if info.Size() > MaxFileSize {
			tooBig(fmt.Sprintf("%d bytes", info.Size()))
			return "", false
		}
		sizeHint = int(info.Size())
	}
	buf := getReadBuffer()
	defer putReadBuffer(buf)
	// Read from the file already open, never more than the limit: a file
	// may grow, or not know its size, after Stat.
	data, err := readAtMost(f, *buf, sizeHint, MaxFileSize+1)
	*buf = data
	if err != nil {
		l.problem(timeline.Pos{Path: p}, "cannot read: %v", source.Cause(err))
		return "", false
	}
	if len(data) > MaxFileSize {
		tooBig(fmt.Sprintf("more than %d bytes", MaxFileSize))
		return "", false
	}
	text := string(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if !utf8.ValidString(text) {
		line, col := firstInvalidUTF8(text)
		msg := "file is not UTF-8 text; save it with UTF-8 encoding"
		if strings.HasPrefix(text, "\xff\xfe") || strings.HasPrefix(text, "\xfe\xff") {
			msg = "file is UTF-16 text, not UTF-8; save it with UTF-8 encoding"
		}
		l.problem(timeline.Pos{Path: p, Line: line, Col: col}, "%s", msg)
		return "", false
	}
	if line, col, r, ok := firstControl(text); ok {
		l.problem(timeline.Pos{Path: p, Line: line, Col: col}, "the control character %U cannot be shown on a page; remove it (editors often show it as a box or ^%c)", r, caret(r))
		return "", false
	}
	return text, true
}

// readAtMost reads r to its end into buf, or stops at limit bytes. With the
// size Stat gave, one read fills the buffer and a second finds the end,
// where growing from a small buffer would take a read for every step.
func readAtMost(r io.Reader, buf []byte, sizeHint, limit int) ([]byte, error) {
	buf = buf[:0]
	if sizeHint >= 0 {
		// One byte more than the size, so that the read finding the end
		// does not need the buffer grown first.
		buf = slices.Grow(buf, min(sizeHint+1, limit))
	}
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(max(cap(buf), 512), limit-len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// readBuffers hold file bytes only until they are copied into a string,
// so that each file read costs one allocation, the string.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBuffer keeps a rare huge file from pinning its buffer.
const maxPooledBuffer = 1 << 20

func getReadBuffer() *[]byte { return readBuffers.Get().(*[]byte) }

func putReadBuffer(buf *[]byte) {
	if cap(*buf) <= maxPooledBuffer {
		readBuffers.Put(buf)
	}
}

// isControl reports whether r is a control character that a page cannot
// show: C0 and C1 controls and DEL, but not tab, line feed or carriage
// return, which text files are made of.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

// firstControl finds the first control character of s, if any.
func firstControl(s string) (line, col int, r rune, ok bool) {
	if !strings.ContainsFunc(s, isControl) {
		return 0, 0, 0, false
	}
	line, col = 1, 1
	for _, c := range s {
		if isControl(c) {
			return line, col, c, true
		}
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return 0, 0, 0, false
}

// caret is how terminals and some editors show a C0 control: ^A for U+0001.
func caret(r rune) rune {
	if r < 0x20 {
		return r + '@'
	}
	return '?'
}

func firstInvalidUTF8(s string) (line, col int) {
	line, col = 1, 1
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return line, col
			}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// decode parses TOML text whose first line is line 1+lineOffset of file p.
// Text nested deeper than MaxNesting is refused before the parser sees it.
func (l *loader) decode(p, text string, lineOffset int) (map[string]any, *keyIndex, bool) {
	if at := tooDeep(text); at >= 0 {
		line, col := lineCol(text, at)
		l.problem(timeline.Pos{Path: p, Line: line + lineOffset, Col: col}, "nesting deeper than %d levels of [ ] and { }; flatten this value", MaxNesting)
		return nil, nil, false
	}
	// Decoding into an interface takes the parser's own map of the document;
	// a map target would be filled with a copy of it, key by key.
	var doc any
	if _, err := toml.Decode(text, &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.Usage != "" {
				msg += " (" + oneLine(pe.Usage) + ")"
			}
			line, col := errorPos(text, pe.Position)
			l.problem(timeline.Pos{Path: p, Line: line + lineOffset, Col: col}, "TOML syntax error: %s", msg)
		} else {
			l.problem(timeline.Pos{Path: p, Line: 1 + lineOffset}, "TOML error: %v", err)
		}
		return nil, nil, false
	}
	return doc.(map[string]any), &keyIndex{text: text, lineOffset: lineOffset}, true
}

// errorPos is the line and column of a TOML syntax error, counted from its
// byte offset: the parser's own line is one too many after a "\r\n" inside
// a string, and its column counts bytes where an editor counts characters.
// Blanks at the start of the span the error covers are skipped, to point at
// what is wrong rather than before it.
func errorPos(text string, at toml.Position) (line, col int) {
	start, end := at.Start, min(at.Start+at.Len, len(text))
	if start < 0 || start > len(text) || start == 0 && at.Line > 1 {
		return at.Line, at.Col
	}
	for start < end-1 && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	return strings.Count(text[:lineStart], "\n") + 1, utf8.RuneCountInString(text[lineStart:start]) + 1
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// location resolves an IANA zone name once per build.
func (l *loader) location(name string) (*time.Location, error) {
	l.zones.mu.Lock()
	defer l.zones.mu.Unlock()
	if loc, ok := l.zones.byName[name]; ok {
		return loc, nil
	}
	if name == "" || name == "Local" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return nil, fmt.Errorf("unknown time zone %q; use an IANA name such as \"Asia/Shanghai\" or \"UTC\"", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		all := knownZones()
		if s := timeline.Suggest(name, all); s != "" {
			return nil, fmt.Errorf("unknown time zone %q; did you mean %q?", name, s)
		}
		return nil, fmt.Errorf("unknown time zone %q; use an IANA name such as \"Asia/Shanghai\" or \"UTC\"", name)
	}
	l.zones.byName[name] = loc
	return loc, nil
}

// knownZones are zone names to suggest from when one is misspelt.
func knownZones() []string {
	return []string{"UTC", "Asia/Shanghai", "Asia/Pyongyang", "Asia/Seoul", "Asia/Tokyo", "Asia/Kolkata",
		"Asia/Hong_Kong", "Asia/Singapore", "Asia/Dubai", "Europe/London", "Europe/Paris", "Europe/Berlin",
		"Europe/Moscow", "Europe/Kyiv", "America/New_York", "America/Chicago", "America/Denver",
		"America/Los_Angeles", "America/Sao_Paulo", "Australia/Sydney", "Africa/Cairo", "Africa/Lagos"}
}

func (l *loader) config(baseURL string) timeline.Config {
	cfg := timeline.Config{Language: "en", TimeZone: "UTC", BaseURL: "/", Labels: timeline.Labels{}}
	text, ok := l.read(ConfigFile)
	if !ok {
		l.loss().allTimelines = true
		return cfg
	}
	raw, keys, ok := l.decode(ConfigFile, text, 0)
	if !ok {
		// Not one of its settings is known, nor which timelines there are.
		l.loss().allTimelines = true
		return cfg
	}
	t := &table{file: ConfigFile, raw: raw, keys: keys, probs: &l.probs}
	cfg.Title = t.str("title", true)
	cfg.Description = t.str("description", false)
	if base := strings.TrimSpace(t.str("base_url", false)); base != "" {
		if msg := CheckBaseURL(base); msg != "" {
			t.problem("base_url", "base_url %q %s", base, msg)
		} else {
			cfg.BaseURL = base
		}
	}
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	if cname := strings.TrimSpace(t.str("cname", false)); cname != "" {
		if msg := checkHostname(cname); msg != "" {
			t.problem("cname", "cname %q %s", cname, msg)
		} else {
			cfg.CNAME = strings.ToLower(cname)
			if msg := cnameMismatch(cfg.CNAME, cfg.BaseURL); msg != "" {
				t.problem("cname", "%s", msg)
			}
		}
	}
	// A base_url placeholder builds and previews (at the root); deploy
	// refuses it and check warns, because only publishing needs the address.
	for _, key := range []string{"title", "description", "cname"} {
		if s, ok := t.raw[key].(string); ok && strings.Contains(s, Placeholder) {
			t.problem(key, "%s still holds the placeholder %s; replace it with your site's own %s", key, Placeholder, placeholderHint[key])
		}
	}
	if lang := t.str("language", false); lang != "" {
		cfg.Language = lang
	}
	if zone := t.str("time_zone", false); zone != "" {
		if _, err := l.location(zone); err != nil {
			t.problem("time_zone", "time_zone: %v", err)
		} else {
			cfg.TimeZone = zone
		}
	}
	cfg.PageSize = t.positiveInt("page_size", 1_000_000)
	cfg.Labels = l.zoneLabels(t)
	cfg.Timelines = l.timelineDefs(t)
	if md := t.sub("markdown"); md != nil {
		cfg.UnsafeMarkdown = md.boolean("unsafe")
		md.unknownKeys()
	}
	t.unknownKeys()
	return cfg
}

// Placeholder marks the values "dateline new site" could not know; check
// reports every one left in site.toml.
const Placeholder = "CHANGE-ME"

// PlaceholderBaseURL is the base_url of a new site whose address is not
// known yet: a valid address (in the .example domain, which is reserved and
// never published) under which the site builds and previews at the root.
const PlaceholderBaseURL = "https://" + Placeholder + ".example/"

var placeholderHint = map[string]string{
	"title":       "title",
	"description": "one-sentence description",
	"cname":       "domain, like timeline.example.org, or remove the line",
}

// cnameMismatch explains why base_url cannot be the address of a site
// published at the custom domain cname, or returns "". GitHub Pages serves
// such a site at the domain's root, so links made from any other base break.
func cnameMismatch(cname, base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" && u.Path == "/" {
		return ""
	}
	want := "https://" + cname + "/"
	if u.Host != "" && !strings.EqualFold(u.Hostname(), cname) {
		return fmt.Sprintf("cname %q does not match base_url %q: a site with a custom domain is served at %s; set base_url = %q", cname, base, want, want)
	}
	if u.Path != "/" && u.Path != "" {
		return fmt.Sprintf("base_url %q has the path %s, but a site with a custom domain (cname %q) is served at the domain's root; set base_url = %q", base, u.Path, cname, want)
	}
	return ""
}

// checkHostname accepts a bare domain name such as "news.example.org", the
// form GitHub Pages wants in a CNAME file.
func checkHostname(s string) string {
	if strings.Contains(s, "://") || strings.ContainsAny(s, "/:@ ") {
		return "is not a bare domain name; write just the host, like timeline.example.org"
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return "is not a domain name; write a full host name, like timeline.example.org"
	}
	for _, label := range labels {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "is not a valid domain name; each part between dots must be 1–63 letters, digits or hyphens"
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return "is not a valid domain name; use only letters, digits, hyphens and dots"
			}
		}
	}
	return ""
}

// CheckBaseURL accepts an absolute http(s) URL or a path starting with "/"
// as the address a site is published at, or says what is wrong with s.
func CheckBaseURL(s string) string {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return "contains spaces or control characters; encode them (%20)"
		}
		if _, err := url.Parse(s); err != nil {
			return "is not a valid URL path: " + err.Error()
		}
		return ""
	}
	return checkWebURL(s)
}

func (l *loader) zoneLabels(t *table) timeline.Labels {
	labels := timeline.Labels{}
	v, ok := t.get("time_zone_labels")
	if !ok {
		return labels
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.problem("time_zone_labels", "time_zone_labels must be a table, like [time_zone_labels] then \"Asia/Shanghai\" = \"Beijing time\"")
		return labels
	}
	sub := &table{file: t.file, raw: m, prefix: "time_zone_labels", keys: t.keys, probs: t.probs}
	for _, zone := range slices.Sorted(maps.Keys(m)) {
		s, ok := m[zone].(string)
		if !ok {
			sub.problem(zone, "the label of %s must be a string in quotes", zone)
			continue
		}
		if _, err := l.location(zone); err != nil {
			sub.problem(zone, "time_zone_labels: %v", err)
			continue
		}
		labels[zone] = s
	}
	return labels
}

func (l *loader) timelineDefs(t *table) []timeline.TimelineDef {
	var defs []timeline.TimelineDef
	seen := map[string]table{} // the first table of each id
	before := len(*t.probs)
	tables := t.subtables("timelines", "start each one with a line [[timelines]] (double brackets), then id = \"…\" and title = \"…\"")
	if len(*t.probs) > before {
		l.loss().allTimelines = true // some tables were not read
	}
	for _, tt := range tables {
		def := timeline.TimelineDef{
			ID:          tt.str("id", true),
			Title:       tt.str("title", true),
			Description: tt.str("description", false),
			Order:       timelineOrder(&tt),
			Pos:         tt.place(),
		}
		tt.unknownKeys()
		switch first, dup := seen[def.ID]; {
		case def.ID == "":
			l.loss().allTimelines = true // any unknown id may be this one's
			continue
		case !timeline.ValidID(def.ID):
			tt.problem("id", "%s", badID("timeline id", def.ID))
			l.loss().timelines = append(l.loss().timelines, def.ID)
			continue
		case dup:
			tt.problem("id", "timeline id %q is already declared at %s", def.ID, first.pos("id"))
			continue
		}
		seen[def.ID] = tt
		defs = append(defs, def)
	}
	return defs
}

// eventFile reads every [[event]] table of one file.
func (l *loader) eventFile(p, text string, cfg timeline.Config) []*timeline.Event {
	if strings.TrimSpace(text) == "" {
		l.problem(timeline.Pos{Path: p, Line: 1, Col: 1}, "empty event file; add an [[event]] table or delete the file")
		return nil
	}
	raw, keys, ok := l.decode(p, text, 0)
	if !ok {
		l.loss().events = writtenIDs(text)
		return nil
	}
	doc := &table{file: p, raw: raw, keys: keys, probs: &l.probs}
	tables := doc.subtables("event", "start each event with a line [[event]] (double brackets)")
	keysOutsideEvents(doc, raw)
	if _, has := raw["event"]; !has {
		l.problem(timeline.Pos{Path: p, Line: 1, Col: 1}, "no events in this file; each event starts with a line [[event]]")
	}
	events := make([]*timeline.Event, 0, len(tables))
	for i := range tables {
		if e := l.event(&tables[i], cfg); e != nil {
			events = append(events, e)
		}
	}
	return events
}

// keysOutsideEvents reports the keys written before the first [[event]].
// Files seldom have any, so their keys are sorted only when they do.
func keysOutsideEvents(doc *table, raw map[string]any) {
	if _, hasEvents := raw["event"]; len(raw) == 0 || len(raw) == 1 && hasEvents {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if k != "event" {
			doc.problem(k, "%s = … is outside any event; start each event with a line [[event]] above its keys", k)
		}
	}
}

func (l *loader) event(t *table, cfg timeline.Config) *timeline.Event {
	e := &timeline.Event{
		Title:       strings.TrimSpace(t.str("title", true)),
		Summary:     t.str("summary", false),
		Approximate: t.boolean("approximate"),
		WhenText:    strings.TrimSpace(t.str("when_text", false)),
		Place:       strings.TrimSpace(t.str("place", false)),
		Timelines:   t.strList("timelines"),
		People:      t.strList("people"),
		Tags:        t.strList("tags"),
		Articles:    t.strList("articles"),
		Key:         t.boolean("key"),
		Pos:         t.place(),
	}
	e.ID = l.eventID(t, e.Title)
	checkMarkdownField(t, "summary", e.Summary)
	zone := t.str("time_zone", false)
	loc, _ := l.location(cfg.TimeZone)
	locZone := cfg.TimeZone
	if zone != "" {
		var err error
		if loc, err = l.location(zone); err != nil {
			t.problem("time_zone", "time_zone: %v", err)
			// Still read the dates, in UTC and keeping any offset, so that
			// their own mistakes are reported in this build too.
			loc, zone = time.UTC, ""
		}
		locZone = zone
	}
	// An offset datetime without the event's own zone keeps its offset:
	// the site default does not apply to it (zone "" below).
	e.When = t.date("when", loc, zone, true)
	e.End = t.date("end", loc, zone, false)
	e.When, e.End = defaultZone(e.When, locZone), defaultZone(e.End, locZone)
	if !e.When.IsZero() && !e.End.IsZero() && e.End.Start.Before(e.When.Start) {
		t.problem("end", "end %s is before when %s; swap them or fix the date", e.End.Machine(), e.When.Machine())
	}
	e.Status = l.status(t)
	e.Coordinates = coordinates(t)
	e.Sources = sources(t, "write sources = [{ name = \"…\", url = \"https://…\" }]")
	e.Updates, e.Status = l.updates(t, loc, e.Status)
	e.Image = readImage(t)
	t.unknownKeys()
	if e.ID == "" || e.When.IsZero() && e.Title == "" {
		// Articles may name the event by the id written, valid or not.
		if id, ok := t.raw["id"].(string); ok {
			l.loss().events = append(l.loss().events, id)
		} else if e.ID != "" {
			l.loss().events = append(l.loss().events, e.ID)
		}
		return nil
	}
	detachTexts(e)
	return e
}

// sources reads the list of sources at key "sources" of t; how says how to
// write one. A table without sources keeps a nil list.
func sources(t *table, how string) []timeline.Source {
	tables := t.subtables("sources", how)
	if len(tables) == 0 {
		return nil
	}
	out := make([]timeline.Source, 0, len(tables))
	for _, st := range tables {
		src := timeline.Source{Name: strings.TrimSpace(st.str("name", true)), URL: st.webURL("url"), Note: st.str("note", false)}
		st.unknownKeys()
		out = append(out, src)
	}
	return out
}

// updates reads the event's [[event.updates]], whose wall-clock times are
// read in loc (the event's time_zone, else the site's), and
// returns them with the event's current status: that of the latest update
// naming one, else first, the status its file gives it. An update that
// cannot be read is left out after its problem is reported.
func (l *loader) updates(t *table, loc *time.Location, first timeline.Status) ([]timeline.Update, timeline.Status) {
	tables := t.subtables("updates", "start each update with a line [[event.updates]] under its event, then at = 2025-09-03T10:30:00+08:00 and what changed")
	if len(tables) == 0 {
		return nil, first
	}
	out := make([]timeline.Update, 0, len(tables))
	current := first
	var prev *table // the last update read, which the next must follow
	for i := range tables {
		ut := &tables[i]
		u := timeline.Update{
			At:      updateTime(ut, loc),
			Status:  l.status(ut),
			From:    current,
			Note:    ut.str("note", false),
			Sources: sources(ut, "write sources = [{ name = \"…\", url = \"https://…\" }]"),
			Pos:     ut.place(),
		}
		checkMarkdownField(ut, "note", u.Note)
		ut.unknownKeys()
		if u.At.IsZero() {
			continue
		}
		if n := len(out); n > 0 && !u.At.After(out[n-1].At) {
			before := out[n-1].Date()
			ut.problem("at", "update at %s is not later than the update before it, at %s (%s); list updates oldest first, each later than the one before",
				u.Date().Machine(), before.Machine(), prev.pos("at"))
			continue
		}
		if u.Status != "" {
			current = u.Status
		}
		out = append(out, u)
		prev = ut
	}
	return out, current
}

// updateForms says how to write an update's time.
const updateForms = `write a date and a time of day to the minute at least, with an offset (at = 2025-09-03T10:30:00+08:00) or on the clocks of the event's time zone (at = 2025-09-03T10:30:00)`

// updateTime reads an update's "at": a TOML datetime or a string of the
// same forms, precise to the minute or better, as an instant in loc. An
// offset is the writer's clock, which need not be the event's: the time is
// moved to the event's zone, so that it reads on the event's clock.
func updateTime(t *table, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	v, ok := t.get("at")
	if !ok {
		t.missing("at", "2025-09-03T10:30:00+08:00")
		return time.Time{}
	}
	var (
		d   timeline.Date
		err error
	)
	switch v := v.(type) {
	case string:
		// Zone "" keeps an offset as written rather than checking it
		// against the event's zone; wall-clock times are read in loc.
		d, err = timeline.ParseDate(strings.TrimSpace(v), loc, "")
	case time.Time:
		kind := v.Location().String() // BurntSushi/toml marks local kinds by zone name
		if kind == "time-local" || kind == "date-local" {
			t.problem("at", "at needs a date and a time of day; %s", updateForms)
			return time.Time{}
		}
		d, err = timeline.FromTime(v, false, kind == "datetime-local", loc, "")
	default:
		t.problem("at", "at must be a date and time; %s; got %s", updateForms, describe(v))
		return time.Time{}
	}
	switch {
	case err != nil:
		t.problem("at", "at: %v; %s", err, updateForms)
		return time.Time{}
	case !d.HasClock():
		t.problem("at", "at %q has no time of day: an update is dated to the minute at least; %s", d.Machine(), updateForms)
		return time.Time{}
	}
	return d.Start.In(loc)
}

// detachTexts copies the text fields of e into one string of their own. A
// string the TOML parser returns shares the memory of its copy of the whole
// file, which a title alone would otherwise keep for as long as the site.
func detachTexts(e *timeline.Event) {
	size := 0
	eachText(e, func(s *string) { size += len(*s) })
	var b strings.Builder
	b.Grow(size)
	eachText(e, func(s *string) {
		start := b.Len()
		b.WriteString(*s)
		*s = b.String()[start:]
	})
}

// eachText calls f with every text field of e that is read from its file.
func eachText(e *timeline.Event, f func(*string)) {
	for _, s := range []*string{&e.ID, &e.Title, &e.Summary, &e.WhenText, &e.Place, &e.When.Zone, &e.End.Zone} {
		f(s)
	}
	for _, list := range [][]string{e.Timelines, e.People, e.Tags, e.Articles} {
		for i := range list {
			f(&list[i])
		}
	}
	for i := range e.Sources {
		f(&e.Sources[i].Name)
		f(&e.Sources[i].URL)
		f(&e.Sources[i].Note)
	}
	if img := e.Image; img != nil {
		for _, s := range []*string{&img.Src, &img.Alt, &img.Caption, &img.Credit} {
			f(s)
		}
	}
	for i := range e.Updates {
		u := &e.Updates[i]
		f(&u.Note)
		for j := range u.Sources {
			f(&u.Sources[j].Name)
			f(&u.Sources[j].URL)
			f(&u.Sources[j].Note)
		}
	}
}

// defaultZone names the zone of a date read in the site's or event's zone
// without an offset of its own, so its wall clock can be labelled.
func defaultZone(d timeline.Date, zone string) timeline.Date {
	if !d.IsZero() && d.Zone == "" && d.Start.Location().String() == zone {
		d.Zone = zone
	}
	return d
}

func (l *loader) eventID(t *table, title string) string {
	v, given := t.raw["id"]
	id := t.str("id", false)
	if !given {
		id = timeline.Slugify(title)
		if !timeline.ValidID(id) && title != "" {
			// Slugs keep letters of any script, but ids are plain a-z 0-9 -.
			t.problem("title", "cannot make an id of a-z, 0-9 and - from title %q; add id = \"a-short-name\"", title)
			return ""
		}
		return id
	}
	if _, isStr := v.(string); isStr && !timeline.ValidID(id) {
		t.problem("id", "%s", badID("event id", id))
		return ""
	}
	return id
}

// badID explains why id cannot be used as an id or slug and what would do.
func badID(what, id string) string {
	hint := timeline.Slugify(id)
	if !timeline.ValidID(hint) {
		hint = "a-short-name"
	}
	switch {
	case id == "":
		return fmt.Sprintf("%s is empty; write one such as %q, or remove the line to use the slug of the title", what, hint)
	case len(id) > timeline.MaxIDLen:
		return fmt.Sprintf("%s is %d characters long; at most %d are allowed, e.g. %q", what, len(id), timeline.MaxIDLen, hint)
	}
	return fmt.Sprintf("%s %q may hold only a-z, 0-9 and -; try %q", what, id, hint)
}

func (l *loader) status(t *table) timeline.Status {
	s := t.str("status", false)
	if s == "" {
		return ""
	}
	for _, st := range timeline.Statuses {
		if s == string(st) {
			return st
		}
	}
	names := make([]string, len(timeline.Statuses))
	for i, st := range timeline.Statuses {
		names[i] = string(st)
	}
	if sug := timeline.Suggest(s, names); sug != "" {
		t.problem("status", "unknown status %q; did you mean %q?", s, sug)
	} else {
		t.problem("status", "unknown status %q; use one of %s", s, strings.Join(names, ", "))
	}
	return ""
}

// timelineOrder reads a timeline's order, OldestFirst when it has none.
func timelineOrder(t *table) timeline.Order {
	s := t.str("order", false)
	if s == "" {
		return timeline.OldestFirst
	}
	names := make([]string, len(timeline.Orders))
	for i, o := range timeline.Orders {
		if s == string(o) {
			return o
		}
		names[i] = strconv.Quote(string(o))
	}
	t.problem("order", "unknown order %q; use %s (the default) or %s", s, names[0], names[1])
	return timeline.OldestFirst
}

func coordinates(t *table) *timeline.Coordinates {
	v, ok := t.get("coordinates")
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok || len(list) != 2 {
		t.problem("coordinates", "coordinates must be [latitude, longitude], like coordinates = [39.9029, 116.4270]")
		return nil
	}
	var ll [2]float64
	for i, x := range list {
		switch x := x.(type) {
		case float64:
			ll[i] = x
		case int64:
			ll[i] = float64(x)
		default:
			t.problem("coordinates", "coordinates must be two numbers, [latitude, longitude]; got %s", describe(x))
			return nil
		}
	}
	if !(ll[0] >= -90 && ll[0] <= 90 && ll[1] >= -180 && ll[1] <= 180) { // also refuses NaN
		t.problem("coordinates", "coordinates [%v, %v] are out of range: latitude runs from -90 to 90, longitude from -180 to 180 (is the order [latitude, longitude]?)", ll[0], ll[1])
		return nil
	}
	return &timeline.Coordinates{Lat: ll[0], Lon: ll[1]}
}

// article reads one Markdown article; its slug is its file name.
func (l *loader) article(p, text string, cfg timeline.Config) *timeline.Article {
	slug := articleSlug(p)
	if !timeline.ValidID(slug) {
		hint := timeline.Slugify(slug)
		if !timeline.ValidID(hint) {
			hint = "a-short-name"
		}
		l.problem(timeline.Pos{Path: p}, "file name %q cannot be an article slug: use only a-z, 0-9 and - (at most %d characters before .md), e.g. %q", path.Base(p), timeline.MaxIDLen, hint+".md")
		return nil
	}
	fm, err := splitFrontMatter(text)
	if err != nil {
		l.problem(timeline.Pos{Path: p, Line: err.line, Col: 1}, "%s", err.msg)
		return nil
	}
	raw, keys, ok := l.decode(p, fm.meta, fm.metaLine-1)
	if !ok {
		return nil
	}
	t := &table{file: p, raw: raw, keys: keys, probs: &l.probs}
	a := &timeline.Article{
		Slug:      slug,
		Title:     strings.TrimSpace(t.str("title", true)),
		Author:    t.str("author", false),
		Source:    t.str("source", false),
		SourceURL: t.webURL("source_url"),
		Summary:   t.str("summary", false),
		Tags:      t.strList("tags"),
		Events:    t.strList("events"),
		Draft:     t.boolean("draft"),
		Body:      fm.body,
		BodyLine:  fm.bodyLine,
		Pos:       timeline.Pos{Path: p, Line: 1, Col: 1},
	}
	l.checkMarkdown(p, fm.body, fm.bodyLine)
	checkMarkdownField(t, "summary", a.Summary)
	if loc, err := l.location(cfg.TimeZone); err == nil {
		a.Date = defaultZone(t.date("date", loc, "", false), cfg.TimeZone)
	}
	a.Image = readImage(t)
	t.unknownKeys()
	return a
}
