package main

import (
	"context"
	"flag"
	"io"

	"github.com/dateline-ssg/dateline/internal/serve"
)

// allowedHostHelp explains --allowed-host, whose NAME the flag package shows
// as the value's placeholder.
const allowedHostHelp = "also answer requests for host `NAME` at the listening port (repeatable; exact names, no port or wildcard); " +
	"names other than localhost are refused, against DNS rebinding"

// flagGiven reports whether the flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// runServe builds the site into memory, serves it with live reload and
// rebuilds it on every change until ctx is done (Ctrl-C).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var opts serve.Options
	fs := newFlagSet("serve", stderr)
	fs.StringVar(&opts.Addr, "addr", serve.DefaultAddr, "address to listen at; keep it on 127.0.0.1 unless you mean to share the preview. "+
		"Left out, serve moves to the next free port (up to 1322) when 1313 is in use")
	fs.StringVar(&opts.Source, "source", ".", "site folder holding site.toml and content/")
	fs.StringVar(&opts.BaseURL, "base-url", "", "base URL whose path the site is served under, overriding site.toml")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include articles marked draft = true")
	fs.DurationVar(&opts.Poll, "poll", 0, "check for changes at this interval (e.g. 500ms) instead of using file system notifications")
	fs.Func("allowed-host", allowedHostHelp, func(name string) error {
		if err := serve.CheckAllowedHost(name); err != nil {
			return err
		}
		opts.AllowedHosts = append(opts.AllowedHosts, name)
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if opts.Poll < 0 {
		return usagef("serve: --poll must not be negative")
	}
	if !flagGiven(fs, "addr") {
		opts.Addr = "" // the default, which may move to the next free port
	}
	// One writer for all serve prints, so that every line, slow-rendering
	// notices included, starts with the time.
	out := serve.NewLog(stdout)
	opts.Slow = slowNotice(out)
	return serve.Run(ctx, opts, out)
}
