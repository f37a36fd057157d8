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
	"strings"
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

// usageError is a mistake in how dateline was called (exit 2). Cmd is the
// help topic it concerns ("build", "new event"), or "" for dateline itself,
// so that the message can point at the right help.
type usageError struct{ cmd, msg string }

func (e *usageError) Error() string {
	if e.cmd == "" {
		return e.msg
	}
	return e.cmd + ": " + e.msg
}

// line is the error as printed: "dateline build: unexpected argument …".
func (e *usageError) line() string {
	if e.cmd == "" {
		return "dateline: " + e.msg
	}
	return "dateline " + e.cmd + ": " + e.msg
}

// usagef makes a usage error of the command being run; run fills in which.
func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// usageFor makes a usage error of the help topic cmd.
func usageFor(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// exitCode reports err and picks the exit code: 0 ok, 1 content or other
// errors, 2 usage errors.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var usage *usageError
	var probs timeline.Problems
	var refused *output.RefusedError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "%s\nRun '%s' for usage.\n", usage.line(), helpCommand(usage.cmd))
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

// run is dateline with its inputs and outputs made explicit, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		// Not a mistake as such: the list of commands is the answer.
		writeOverview(stderr)
		return &usageError{msg: "no command given"}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return asUsage("help", answerHelp(runHelp(ctx, rest, stdout), stdout))
	case "-version", "--version":
		name = "version"
	}
	cmd := lookup(name)
	if cmd == nil {
		return unknownCommand(name)
	}
	return asUsage(name, answerHelp(cmd.run(ctx, rest, stdout, stderr), stdout))
}

// answerHelp writes the help a command was asked for, if err asks for it.
func answerHelp(err error, stdout io.Writer) error {
	var help *helpRequest
	if errors.As(err, &help) {
		return writeHelp(stdout, help.topic, help.flags)
	}
	return err
}

// unknownCommand is the usage error for a command dateline does not have,
// suggesting the closest one it has.
func unknownCommand(name string) error {
	if s := timeline.Suggest(name, commandNames()); s != "" {
		return usagef("unknown command %q; did you mean %q?", name, s)
	}
	return usagef("unknown command %q", name)
}

// asUsage gives the usage errors of command name their topic: those that
// name none belong to the command (a "name: " they start with is dropped,
// as the topic is printed before them), and a bad option value is one.
func asUsage(name string, err error) error {
	var usage *usageError
	if errors.As(err, &usage) && usage.cmd == "" {
		return &usageError{cmd: name, msg: strings.TrimPrefix(usage.msg, name+": ")}
	}
	var badOption *build.OptionError
	if errors.As(err, &badOption) {
		return &usageError{cmd: name, msg: badOption.Error()}
	}
	return err
}
