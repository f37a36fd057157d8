package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// A command is one help topic: a command of dateline ("build") or a kind
// of "dateline new" ("new event"). Its flags are not listed here: the help
// reads them from the command's own flag set, so they cannot drift.
type command struct {
	name     string
	args     string   // the arguments its usage line shows besides the flags, like "DIR"
	required []string // flags the command cannot run without, shown outside [ ]
	summary  string   // one line, for the list of commands
	about    string   // what it does, in a few lines
	examples []string
	exits    []string // "0 …", "1 …", "2 …"
	run      func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// A helpRequest is returned by a command asked for -h, --help or -help,
// with its flag set (nil for one without flags), for run to print its help.
type helpRequest struct {
	topic string
	flags *flag.FlagSet
}

func (h *helpRequest) Error() string { return "help requested for " + h.topic }

const usageExit = "2 a usage error: an unknown flag or command, a missing or extra argument, a value that cannot be used"

// commands are dateline's commands, in the order its help lists them.
var commands = []*command{
	{
		name:    "build",
		summary: "check the site and build it into a folder (default ./public)",
		about: `Reads site.toml and content/ in the site folder, runs every check, and writes
the site into the output folder, replacing it whole (only a folder that is
empty or was written by dateline build). A site with a mistake writes nothing.`,
		examples: []string{
			"dateline build",
			"dateline build --source my-timeline --dest /tmp/site --base-url /",
		},
		exits: []string{"0 built", "1 problems in the site, each printed as path:line:col: message; nothing was written", usageExit},
		run:   needsSite(runBuild),
	},
	{
		name:    "check",
		summary: "run every check of a build and write nothing",
		about: `Loads the site, renders every page in memory and checks every internal link,
as build does, without touching any output folder. It also warns, without
failing, about a base_url that is still the placeholder and about a GitHub
Pages workflow that installs another dateline version than this one.`,
		examples: []string{
			"dateline check",
			"dateline check --source my-timeline --drafts",
		},
		exits: []string{"0 no problems (warnings may be printed)", "1 problems in the site, each printed as path:line:col: message", usageExit},
		run:   needsSite(runCheck),
	},
	{
		name:    "serve",
		summary: "preview the site at http://127.0.0.1:1313/, rebuilding on every change",
		about: `Builds the site in memory (public/ is never touched) and serves it; every save
rebuilds it and reloads the open pages. A mistake keeps the last good site on
screen under a list of the errors. Stop it with Ctrl-C.`,
		examples: []string{
			"dateline serve",
			"dateline serve --drafts --addr 127.0.0.1:8080",
		},
		exits: []string{"0 stopped with Ctrl-C", "1 the preview could not start (no site here, the address is in use)", usageExit},
		run:   needsSite(runServe),
	},
	{
		name:    "deploy",
		summary: "build the site and publish it on the gh-pages branch for GitHub Pages",
		about: `Builds the site (never its drafts) with its production base_url, commits it
on top of the gh-pages branch of the remote and pushes it. Your working tree,
index and branches are never touched. A base_url that is still the
placeholder is refused: the site would be published with links that lead
nowhere.`,
		examples: []string{
			"dateline deploy",
			"dateline deploy --dry-run",
			"dateline deploy --base-url https://you.github.io/my-timeline/",
		},
		exits: []string{"0 deployed, or nothing changed since the last deploy", "1 problems in the site, a git error or a refused push", usageExit},
		run:   needsSite(runDeploy),
	},
	{
		name:    "new",
		args:    "site|event|article ...",
		summary: "start a site (new site DIR), or add an event or article to one",
		about:   newAbout(),
		examples: []string{
			"dateline new site my-timeline",
			`dateline new event "Élysée summit" --timeline apollo-11 --when 2025-09-02`,
			`dateline new article "What we know"`,
		},
		exits: newExits,
		run: func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			return runNew(args, stdout, stderr)
		},
	},
	{
		name:    "import",
		args:    "timelinejs|timelinesetter FILE",
		summary: "add the events of a TimelineJS (.json, .csv) or TimelineSetter (.csv) file",
		about: `Writes the events of FILE into content/events/<name>.toml, named after FILE
and never over a file that exists. Dates keep the precision FILE gives them;
times that name no zone are read on the clocks of --time-zone. Groups and
series become timelines, which are added to the end of site.toml when it
lacks them. Every bad row is listed, and then nothing is written; what is
written is checked as dateline check does, and taken back if it fails.`,
		examples: []string{
			"dateline import timelinejs timeline.json",
			"dateline import timelinejs sheet.csv --timeline apollo-11 --time-zone America/New_York",
			"dateline import timelinesetter events.csv",
		},
		exits: []string{"0 imported", "1 bad rows, each printed as FILE:row N: column C: message, a file that exists or a site that does not check; nothing was written", usageExit},
		run:   runImport,
	},
	{
		name:     "version",
		summary:  "print which dateline this is",
		about:    "Prints the version of this dateline, or the revision it was built from, and the Go version.",
		examples: []string{"dateline version", "dateline --version"},
		exits:    []string{"0 printed", usageExit},
		run:      func(_ context.Context, args []string, stdout, _ io.Writer) error { return runVersion(args, stdout) },
	},
	{
		name:     "help",
		args:     "[COMMAND]",
		summary:  "show help for dateline or one of its commands",
		about:    "Without a command, lists the commands; with one, shows its flags, examples and exit codes.",
		examples: []string{"dateline help build", "dateline help new event", "dateline build --help"},
		exits:    []string{"0 shown", "2 no such command"},
		// No run: run() answers help itself, and a reference to runHelp
		// here would make commands part of its own initialisation.
	},
}

var newExits = []string{"0 created", "1 refused: a folder in use, a name taken, no site.toml", usageExit}

// newKinds are the kinds of "dateline new", each a help topic of its own.
var newKinds = []*command{
	{
		name:    "new site",
		args:    "DIR",
		summary: "start a site in DIR, a new or empty folder",
		about: `Writes site.toml, an example timeline with two events and an article, a
.gitignore and a GitHub Pages workflow into DIR, which must be new or empty
(a fresh clone holding only .git counts as empty). Without --title the site
is named after its folder; without --base-url, base_url is a placeholder that
builds and previews, which dateline check reports and dateline deploy refuses.`,
		examples: []string{
			"dateline new site my-timeline",
			`dateline new site my-timeline --title "My timeline" --base-url https://you.github.io/my-timeline/`,
		},
		exits: newExits,
		run: func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			return runNewSite(args, stdout, stderr)
		},
	},
	{
		name:     "new event",
		args:     `"TITLE"`,
		required: []string{"timeline", "when"},
		summary:  "add content/events/<slug>.toml holding one event",
		about: `Adds one event to the site, named after the slug of its title (accents are
dropped: "Élysée summit" becomes elysee-summit), or --slug. It starts as
status = "reported" with an empty sources list to fill in.`,
		examples: []string{
			`dateline new event "Kim's train reaches Beijing" --timeline journey --when 2025-09-02T16:00`,
			`dateline new event "北京阅兵" --slug beijing-parade --timeline journey --when 2025-09-03`,
		},
		exits: newExits,
		run: func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			return runNewEvent(args, stdout, stderr)
		},
	},
	{
		name:    "new article",
		args:    `"TITLE"`,
		summary: "add content/articles/<slug>.md, a draft (dateline serve --drafts shows it)",
		about: `Adds one article, dated now and marked draft = true, so that no half-written
text is published by the next build; deleting that line publishes it.`,
		examples: []string{`dateline new article "What we know"`},
		exits:    newExits,
		run: func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			return runNewArticle(args, stdout, stderr)
		},
	},
}

// newAbout is the help of "dateline new" itself: its kinds.
func newAbout() string {
	var b strings.Builder
	b.WriteString("Starts a site or adds one file to a site; a name in use is refused, never\nwritten over. The kinds:\n")
	for _, k := range newKinds {
		fmt.Fprintf(&b, "  dateline %s %s\n      %s\n", k.name, k.args, k.summary)
	}
	b.WriteString("Run 'dateline help new KIND' for a kind's flags.")
	return b.String()
}

// lookup finds a command by name, or nil.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// topic finds a help topic, a command or a kind of new, or nil.
func topic(name string) *command {
	if c := lookup(name); c != nil {
		return c
	}
	for _, k := range newKinds {
		if k.name == name {
			return k
		}
	}
	return nil
}

func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return names
}

// helpCommand is what to run for the help of topic ("" for dateline's).
func helpCommand(topic string) string {
	if topic == "" {
		return "dateline help"
	}
	return "dateline help " + topic
}

// runHelp shows the list of commands, or the help of the one args name.
func runHelp(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		writeOverview(stdout)
		return nil
	}
	if slices.ContainsFunc(args, isHelpFlag) {
		return &helpRequest{topic: "help"}
	}
	name := strings.Join(args, " ")
	t := topic(name)
	if t == nil {
		return unknownTopic(name)
	}
	flags, err := flagsOf(ctx, t)
	if err != nil {
		return err
	}
	return writeHelp(stdout, t.name, flags)
}

func isHelpFlag(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// unknownTopic is the usage error of "dateline help NAME" for a NAME that
// has no help, suggesting the closest one that has.
func unknownTopic(name string) error {
	known := commandNames()
	for _, k := range newKinds {
		known = append(known, k.name)
	}
	if s := timeline.Suggest(name, known); s != "" {
		return usageFor("help", "no command %q; did you mean %q?", name, s)
	}
	return usageFor("help", "no command %q; 'dateline help' lists them", name)
}

// flagsOf gets the flag set of t by running it with -h: every command
// parses its flags before it does anything, and returns a helpRequest
// carrying them, so the help shows the flags the command really has.
func flagsOf(ctx context.Context, t *command) (*flag.FlagSet, error) {
	if t.run == nil {
		return nil, nil
	}
	err := t.run(ctx, []string{"-h"}, io.Discard, io.Discard)
	var help *helpRequest
	if !errors.As(err, &help) {
		return nil, fmt.Errorf("dateline %s -h did not ask for help (%v); this is a bug", t.name, err)
	}
	return help.flags, nil
}

// writeOverview lists the commands, each with its one line.
func writeOverview(w io.Writer) {
	fmt.Fprint(w, "Dateline builds event-timeline websites from Markdown articles and TOML events.\n\nUsage: dateline COMMAND [flags]\n\nCommands:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, "\nRun 'dateline help COMMAND' or 'dateline COMMAND --help' for a command's flags,\nexamples and exit codes.\n")
}

// writeHelp writes the help of the topic name, whose flags are fs (nil
// for none).
func writeHelp(w io.Writer, name string, fs *flag.FlagSet) error {
	t := topic(name)
	if t == nil {
		return fmt.Errorf("no help for %q; this is a bug", name)
	}
	fmt.Fprintf(w, "%s\n\n%s\n", usageLine(t, fs), t.about)
	if fs != nil && hasFlags(fs) {
		fmt.Fprint(w, "\nFlags:\n")
		writeFlags(w, fs)
	}
	fmt.Fprint(w, "\nExamples:\n")
	for _, e := range t.examples {
		fmt.Fprintf(w, "  %s\n", e)
	}
	fmt.Fprint(w, "\nExit codes:\n")
	for _, e := range t.exits {
		code, what, _ := strings.Cut(e, " ")
		fmt.Fprintf(w, "  %s  %s\n", code, what)
	}
	return nil
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// usageLine is "Usage: dateline NAME ARGS --required X [--optional Y] …",
// wrapped under itself to fit 80 columns.
func usageLine(t *command, fs *flag.FlagSet) string {
	words := []string{}
	if t.args != "" {
		words = append(words, t.args)
	}
	for _, name := range t.required {
		words = append(words, flagSpelling(fs.Lookup(name)))
	}
	if fs != nil {
		fs.VisitAll(func(f *flag.Flag) {
			if !slices.Contains(t.required, f.Name) {
				words = append(words, "["+flagSpelling(f)+"]")
			}
		})
	}
	head := "Usage: dateline " + t.name
	return wrapWords(head, words, 80)
}

// wrapWords writes words after head, starting a new line, indented under
// the first word, before a word that would pass width.
func wrapWords(head string, words []string, width int) string {
	var b strings.Builder
	b.WriteString(head)
	indent := strings.Repeat(" ", len(head)+1)
	col := len(head)
	for _, word := range words {
		if col+1+len(word) > width && col > len(head) {
			b.WriteString("\n" + indent[:len(indent)-1])
			col = len(indent) - 1
		}
		b.WriteString(" " + word)
		col += 1 + len(word)
	}
	return b.String()
}

// flagSpelling is how a flag is written on the command line: "--drafts",
// "--source DIR".
func flagSpelling(f *flag.Flag) string {
	if f == nil {
		return ""
	}
	if v := valueName(f); v != "" {
		return "--" + f.Name + " " + v
	}
	return "--" + f.Name
}

// valueNames name the values of dateline's flags in help, as the flag
// package would call them all "string". A flag missing here shows the
// name its usage puts in back quotes, else its type in capitals.
var valueNames = map[string]string{
	"source": "DIR", "dest": "DIR", "base-url": "URL", "addr": "HOST:PORT", "poll": "DURATION",
	"remote": "NAME", "branch": "NAME", "message": "TEXT", "title": "TITLE", "timeline": "ID",
	"when": "WHEN", "slug": "SLUG", "time-zone": "ZONE",
}

func valueName(f *flag.Flag) string {
	name, _ := flag.UnquoteUsage(f)
	switch {
	case name == "":
		return "" // a boolean flag takes no value
	case strings.Contains(f.Usage, "`"):
		return name
	case valueNames[f.Name] != "":
		return valueNames[f.Name]
	}
	return strings.ToUpper(name)
}

// writeFlags lists every flag of fs with its description and default, in
// the order of their names.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		_, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(tw, "  %s\t%s%s\n", flagSpelling(f), usage, defaultNote(f))
	})
	tw.Flush()
}

// defaultNote is " (default …)" for a flag whose default is not its
// type's zero value, which says nothing worth a note.
func defaultNote(f *flag.Flag) string {
	switch f.DefValue {
	case "", "false", "0", "0s":
		return ""
	}
	return fmt.Sprintf(" (default %q)", f.DefValue)
}
