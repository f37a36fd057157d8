package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dateline-ssg/dateline/internal/build"
)

// buildConfig is what the build command's flags set.
type buildConfig struct {
	build.Options
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("dateline "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, turning flag mistakes into usage errors and -h into errHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
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
	opts.Loaded, opts.Slow = boundHeap(), slowNotice(stderr)
	sum, err := build.Check(ctx, opts)
	if err != nil {
		return interrupted(ctx, err, "the check did not finish")
	}
	fmt.Fprintf(stdout, "ok: %s\n", sum)
	return nil
}
