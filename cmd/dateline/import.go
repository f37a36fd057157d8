package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/scaffold"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
	"github.com/dateline-ssg/dateline/internal/timelinejs"
)

// importKinds are the kinds of file dateline import reads.
var importKinds = []string{"timelinejs", "timelinesetter"}

// importSettings are the flags of dateline import.
type importSettings struct {
	timeline, zone, source string
}

// runImport reads a TimelineJS or TimelineSetter file into a new event
// file, content/events/<name>.toml, named after the file. Nothing is
// written unless every row can be read, and what was written is taken
// back unless the site still checks clean with it.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var set importSettings
	fset := newFlagSet("import", stderr)
	fset.StringVar(&set.timeline, "timeline", "", "put every event on this timeline, adding it to site.toml if needed (default: a timeline per group or series, and one named after the file)")
	fset.StringVar(&set.zone, "time-zone", "", "IANA zone, like Europe/Paris, whose clocks times naming no zone are read on (default: the site's time_zone)")
	fset.StringVar(&set.source, "source", ".", "site folder holding site.toml and content/")
	positional, err := parseInterspersed(fset, args)
	if err != nil {
		return err
	}
	format, file, err := importArgs(positional)
	if err != nil {
		return err
	}
	if set.timeline != "" && !timeline.ValidID(set.timeline) {
		return usagef("--timeline %q is not a timeline id: use a-z, 0-9 and - only, like %q", set.timeline, timeline.Slugify(set.timeline))
	}
	if set.zone != "" {
		if _, err := time.LoadLocation(set.zone); err != nil || set.zone == "Local" || strings.HasPrefix(set.zone, "/") {
			return usagef("--time-zone: unknown time zone %q; use an IANA name such as Europe/Paris or UTC", set.zone)
		}
	}
	data, err := readImportFile(file)
	if err != nil {
		return err
	}
	name := timeline.Slugify(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)))
	if !timeline.ValidID(name) {
		return usagef("cannot name an event file after %s: its name needs letters a-z or digits; copy it to a name like events.csv", file)
	}
	if err := requireSite(set.source); err != nil {
		return err
	}
	rel := source.EventsDir + "/" + name + ".toml"
	shown := filepath.Join(set.source, filepath.FromSlash(rel))
	if _, err := os.Lstat(shown); err == nil {
		return fmt.Errorf("%s already exists; nothing was written (move it away, or copy %s to another name, to import it again)", shown, filepath.Base(file))
	}
	content, err := loadForImport(set.source)
	if err != nil {
		return err
	}
	zone := set.zone
	if zone == "" {
		zone = content.Config.TimeZone
	}
	taken := map[string]bool{}
	for _, e := range content.Events {
		taken[e.ID] = true
	}
	res, probs := timelinejs.Import(format, data, timelinejs.Options{
		File:     filepath.Base(file),
		Timeline: set.timeline,
		Default:  timeline.TimelineDef{ID: name, Title: scaffold.FolderTitle(name)},
		Zone:     zone,
		Config:   content.Config,
		Taken:    func(id string) bool { return taken[id] },
	})
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stderr, p.Error())
		}
		return fmt.Errorf("%d %s in %s; nothing was written", len(probs), pluralWord(len(probs), "problem", "problems"), file)
	}
	w := &importWrite{dir: set.source, rel: rel}
	if err := w.write(res, filepath.Base(file)); err != nil {
		return err
	}
	if err := w.check(ctx, stderr); err != nil {
		return err
	}
	reportImport(stdout, shown, res, zone, set.zone != "")
	return nil
}

// importArgs reads the kind of file and the file from the arguments.
func importArgs(positional []string) (timelinejs.Format, string, error) {
	if len(positional) == 0 {
		return 0, "", usagef("say what to import: dateline import timelinejs FILE.json|FILE.csv, or dateline import timelinesetter FILE.csv")
	}
	kind := positional[0]
	if !slices.Contains(importKinds, kind) {
		if s := timeline.Suggest(kind, importKinds); s != "" {
			return 0, "", usagef("cannot import %q; did you mean %q?", kind, s)
		}
		return 0, "", usagef("cannot import %q; say timelinejs or timelinesetter", kind)
	}
	switch len(positional) {
	case 1:
		return 0, "", usagef("name the file to import: dateline import %s FILE", kind)
	case 2:
	default:
		return 0, "", usagef("unexpected argument %q: import one file at a time", positional[2])
	}
	file := positional[1]
	if kind == "timelinesetter" {
		return timelinejs.Setter, file, nil
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		return timelinejs.JSON, file, nil
	case ".csv":
		return timelinejs.Sheet, file, nil
	}
	return 0, "", usagef("%s: a TimelineJS file is .json (its JSON format) or .csv (its Google Sheets template, saved as CSV)", file)
}

// readImportFile reads the file to import; one that is not there is a
// mistake in the command, like any argument that cannot be used.
func readImportFile(file string) ([]byte, error) {
	info, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usagef("there is no file %s", file)
	case err != nil:
		return nil, err
	case info.IsDir():
		return nil, usagef("%s is a folder; name the file to import", file)
	case info.Size() > load.MaxFileSize:
		return nil, fmt.Errorf("%s is %d bytes, over the limit of %d MiB; split it", file, info.Size(), load.MaxFileSize>>20)
	}
	return os.ReadFile(file)
}

// loadForImport loads the site for what the import needs: its time zone,
// timelines and event ids. Its own problems are for dateline check.
func loadForImport(dir string) (*load.Content, error) {
	folder, err := source.Open(dir)
	if err != nil {
		return nil, err
	}
	defer folder.Close()
	content, _ := load.Load(folder, load.Options{Drafts: true})
	return content, nil
}

// importWrite is what an import writes into the site at dir, and how to
// take it back.
type importWrite struct {
	dir, rel   string
	madeFolder string // the events folder, when the import made it
	config     []byte // site.toml before the import, when it was appended to
	configLine int    // the first line appended to site.toml
}

// write writes the event file and declares its new timelines at the end
// of site.toml, when site.toml still loads the same with them appended;
// else it writes nothing and lists them for the user to add.
func (w *importWrite) write(res *timelinejs.Result, from string) error {
	root, err := os.OpenRoot(w.dir) // nothing is written outside the site, whatever links it holds
	if err != nil {
		return err
	}
	defer root.Close()
	var appended []byte
	if len(res.Added) > 0 {
		config, err := root.ReadFile(source.ConfigFile)
		if err != nil {
			return err
		}
		decl := timelinejs.Declarations(res.Added, from)
		if len(config) > 0 && !bytes.HasSuffix(config, []byte("\n")) {
			decl = "\n" + decl
		}
		if !appendable(config, decl, res.Added) {
			return fmt.Errorf("the events are on timelines site.toml does not declare, and site.toml cannot be safely appended to (it may list timelines = [...] in one array); nothing was written. Add these to site.toml, then import again:\n%s", decl)
		}
		w.config, w.configLine = config, bytes.Count(config, []byte("\n"))+1
		appended = []byte(decl)
	}
	eventsDir := source.EventsDir
	if _, err := root.Stat(eventsDir); errors.Is(err, fs.ErrNotExist) {
		if err := root.MkdirAll(eventsDir, 0o755); err != nil {
			return err
		}
		w.madeFolder = eventsDir
	}
	f, err := root.OpenFile(w.rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		w.removeFolder(root)
		return fmt.Errorf("%s already exists; nothing was written", filepath.Join(w.dir, filepath.FromSlash(w.rel)))
	}
	if err != nil {
		w.removeFolder(root)
		return err
	}
	_, err = f.Write(res.TOML)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && appended != nil {
		err = appendTo(root, source.ConfigFile, appended)
	}
	if err != nil {
		w.undo()
		return err
	}
	return nil
}

// appendable reports whether config with decl appended still loads as it
// did, declaring the timelines added besides; a site.toml that lists its
// timelines in an inline array, say, would break.
func appendable(config []byte, decl string, added []timeline.TimelineDef) bool {
	loadConfig := func(text []byte) (timeline.Config, map[string]bool) {
		c, probs := load.Load(fstest.MapFS{source.ConfigFile: {Data: text}}, load.Options{})
		msgs := map[string]bool{}
		for _, p := range probs {
			msgs[p.Error()] = true
		}
		return c.Config, msgs
	}
	_, before := loadConfig(config)
	after, probs := loadConfig(append(slices.Clip(config), decl...))
	for msg := range probs {
		if !before[msg] {
			return false
		}
	}
	for _, def := range added {
		if !slices.ContainsFunc(after.Timelines, func(d timeline.TimelineDef) bool { return d.ID == def.ID }) {
			return false
		}
	}
	return true
}

func appendTo(root *os.Root, name string, data []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// undo takes back what write wrote: the event file, the events folder if
// it made it, and the lines appended to site.toml.
func (w *importWrite) undo() {
	root, err := os.OpenRoot(w.dir)
	if err != nil {
		return
	}
	defer root.Close()
	root.Remove(w.rel)
	w.removeFolder(root)
	if w.config != nil {
		if f, err := root.OpenFile(source.ConfigFile, os.O_WRONLY, 0); err == nil {
			f.Truncate(int64(len(w.config)))
			f.Close()
		}
	}
}

func (w *importWrite) removeFolder(root *os.Root) {
	if w.madeFolder != "" {
		root.Remove(w.madeFolder)
	}
}

// check runs dateline check on the site with the new file. A problem in
// what the import wrote takes it all back; problems the site had anyway
// are only reported, as they are not the import's to fix.
func (w *importWrite) check(ctx context.Context, stderr io.Writer) error {
	_, err := build.Check(ctx, build.Options{Source: w.dir})
	if err == nil {
		return nil
	}
	var probs timeline.Problems
	if !errors.As(err, &probs) {
		w.undo()
		return fmt.Errorf("checking the site with the imported events: %w; nothing was kept", err)
	}
	var ours, others timeline.Problems
	for _, p := range probs {
		if w.wrote(p.Pos) || w.wrote(p.Ref) {
			ours = append(ours, p)
		} else {
			others = append(others, p)
		}
	}
	if len(ours) == 0 {
		fmt.Fprintf(stderr, "warning: the site has %d %s of its own, outside what was imported (dateline check lists them):\n", len(others), pluralWord(len(others), "problem", "problems"))
		for _, p := range others {
			fmt.Fprintln(stderr, "  "+p.Error())
		}
		return nil
	}
	w.undo()
	for _, p := range ours {
		fmt.Fprintln(stderr, p.Error())
	}
	return fmt.Errorf("the imported events do not build (%d %s above; this is a bug in dateline import, please report it with the file); nothing was kept", len(ours), pluralWord(len(ours), "problem", "problems"))
}

// wrote reports whether p is in what the import wrote.
func (w *importWrite) wrote(p timeline.Pos) bool {
	switch path.Clean(filepath.ToSlash(p.Path)) {
	case w.rel:
		return true
	case source.ConfigFile:
		return w.config != nil && p.Line >= w.configLine
	}
	return false
}

// reportImport says what was written, and what was assumed.
func reportImport(w io.Writer, file string, res *timelinejs.Result, zone string, zoneGiven bool) {
	fmt.Fprintf(w, "imported %d %s into %s\n", len(res.IDs), pluralWord(len(res.IDs), "event", "events"), file)
	if len(res.Added) > 0 {
		names := make([]string, len(res.Added))
		for i, def := range res.Added {
			names[i] = fmt.Sprintf("%s (%q)", def.ID, def.Title)
		}
		fmt.Fprintf(w, "added %d %s to site.toml: %s\n", len(res.Added), pluralWord(len(res.Added), "timeline", "timelines"), strings.Join(names, ", "))
	}
	if res.Zoned > 0 {
		whose := "the site's time_zone; --time-zone reads them on another zone's"
		if zoneGiven {
			whose = "as --time-zone says"
		}
		fmt.Fprintf(w, "%d %s no zone, so %s read on %s clocks (%s); each event names its time_zone\n",
			res.Zoned, pluralWord(res.Zoned, "time names", "times name"), pluralWord(res.Zoned, "it is", "they are"), zone, whose)
	}
	fmt.Fprintln(w, "Each event has status = \"reported\" unless the file said otherwise: set what its sources support, then run dateline check.")
	if len(res.Notes) > 0 {
		fmt.Fprintln(w, "Left out or changed:")
		for _, n := range res.Notes {
			fmt.Fprintln(w, "  "+n)
		}
	}
}
