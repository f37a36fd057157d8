// Command dateline builds event-timeline websites from Markdown articles and
// TOML events. Run "dateline help" for its commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/output"
	"github.com/dateline-ssg/dateline/internal/timeline"

	_ "time/tzdata" // time zones work on machines without a zoneinfo database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a mistake in how dateline was called (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitCode reports err and picks the exit code: 0 ok, 1 content or other
// errors, 2 usage errors.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var usage *usageError
	var probs timeline.Problems
	var refused *output.RefusedError
	var badOption *build.OptionError
	switch {
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "dateline: %v\nRun 'dateline help' for usage.\n", usage)
		return 2
	case errors.As(err, &badOption):
		fmt.Fprintf(stderr, "dateline: %v\nRun 'dateline help' for usage.\n", badOption)
		return 2
	case errors.As(err, &refused):
		fmt.Fprintf(stderr, "dateline: %v\n", refused)
		return 2
	case errors.As(err, &probs):
		for _, p := range probs {
			fmt.Fprintln(stderr, p.Error())
		}
		fmt.Fprintf(stderr, "dateline: %d %s; nothing was written\n", len(probs), pluralWord(len(probs), "problem", "problems"))
		return 1
	}
	fmt.Fprintf(stderr, "dateline: %v\n", err)
	return 1
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

const usageText = `Dateline builds event-timeline websites from Markdown articles and TOML events.

Usage:
  dateline build [flags]    check the site and build it into a folder (default ./public)
  dateline check [flags]    run every check of a build and write nothing
  dateline serve [flags]    preview the site at http://127.0.0.1:1313/, rebuilding on every change
  dateline deploy [flags]   build the site and publish it on the gh-pages branch for GitHub Pages
  dateline new KIND ...     start a site (new site DIR), or add an event or article to one
  dateline help             show this help

Run 'dateline COMMAND -h' for a command's flags.
`

var errHelp = errors.New("help shown")

// run is dateline with its inputs and outputs made explicit, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return usagef("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "deploy":
		return runDeploy(ctx, rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usageText)
		return nil
	default:
		return usagef("unknown command %q", cmd)
	}
}
