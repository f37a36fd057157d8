package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// buildConfig is what the build command's flags set.
type buildConfig struct {
	build.Options
}

// newFlagSet makes the flag set of the command name ("build", "new site").
// The flag package writes nothing: its messages become dateline's usage
// errors and -h is answered by dateline's help (see help.go), so stderr
// never gets its raw usage dump. stderr is kept for the callers' sake.
func newFlagSet(name string, _ io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("dateline "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// topicOf is the help topic of the command fs belongs to: "build", "new site".
func topicOf(fs *flag.FlagSet) string { return strings.TrimPrefix(fs.Name(), "dateline ") }

// parseFlags parses args, which hold no argument but flags, turning flag
// mistakes into usage errors and -h into a helpRequest.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseOnly(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageFor(topicOf(fs), "unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// parseOnly is fs.Parse with dateline's errors.
func parseOnly(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return &helpRequest{topic: topicOf(fs), flags: fs}
	}
	if err != nil {
		return usageFor(topicOf(fs), "%s", flagMessage(fs, err))
	}
	return nil
}

// The flag package's messages name a flag with one dash, "-dest"; these
// patterns find that name to write it as dateline's help does, "--dest".
var (
	unknownFlag = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	needsValue  = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagName    = regexp.MustCompile(`(for (?:flag )?)-+([\w-]+)`)
)

// flagMessage rewrites err from fs.Parse in dateline's words, suggesting
// the flag meant when an unknown one is close to one of fs's.
func flagMessage(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := timeline.Suggest(m[1], names); s != "" {
			return fmt.Sprintf("unknown flag --%s; did you mean --%s?", m[1], s)
		}
		return fmt.Sprintf("unknown flag --%s", m[1])
	}
	if m := needsValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s needs a value", m[1])
	}
	return flagName.ReplaceAllString(msg, "${1}--${2}")
}

func (c *buildConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Source, "source", ".", "site folder holding site.toml and content/")
	fs.StringVar(&c.Dest, "dest", "", "output folder (default SOURCE/public)")
	fs.StringVar(&c.BaseURL, "base-url", "", "base URL the site is served at, overriding site.toml (e.g. https://user.github.io/repo/)")
	fs.BoolVar(&c.Drafts, "drafts", false, "include articles marked draft = true")
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg buildConfig
	fs := newFlagSet("build", stderr)
	cfg.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.Loaded, cfg.Slow = boundHeap(), slowNotice(stderr)
	sum, err := build.Run(ctx, cfg.Options)
	if err != nil {
		return interrupted(ctx, err, destOf(cfg.Options)+" is as it was before this build")
	}
	fmt.Fprintf(stdout, "built %s: %s\n", destOf(cfg.Options), sum)
	return nil
}

// interrupted is the error of a command that ctx's end (Ctrl-C, SIGTERM)
// stopped, saying so and what it means for the output, in place of what
// the stopped work returned ("context canceled") or failed on meanwhile.
func interrupted(ctx context.Context, err error, outcome string) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	return fmt.Errorf("interrupted; %s", outcome)
}

func destOf(o build.Options) string {
	if o.Dest != "" {
		return o.Dest
	}
	if o.Source == "." || o.Source == "" {
		return "public"
	}
	return o.Source + "/public"
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var opts build.Options
	fs := newFlagSet("check", stderr)
	fs.StringVar(&opts.Source, "source", ".", "site folder holding site.toml and content/")
	fs.StringVar(&opts.BaseURL, "base-url", "", "base URL to check the site's links under, overriding site.toml")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include articles marked draft = true")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	checkWarnings(stderr, opts.Source, opts.BaseURL)
	opts.Loaded, opts.Slow = boundHeap(), slowNotice(stderr)
	sum, err := build.Check(ctx, opts)
	if err != nil {
		return interrupted(ctx, err, "the check did not finish")
	}
	fmt.Fprintf(stdout, "ok: %s\n", sum)
	return nil
}
