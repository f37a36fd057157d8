package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// git runs the git command in one folder with a fixed set of extra
// environment variables.
type git struct {
	dir string   // where git runs, and so which repository it finds
	env []string // added after the inherited environment, so they win
}

// baseEnv keeps every git call non-interactive and its messages parseable:
// no password prompt that would hang a deploy, English messages, and no
// optional lock (so that "git status" never rewrites the user's index).
var baseEnv = []string{"GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0"}

// GitError is a git command that failed, with what it printed on stderr.
type GitError struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *GitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), msg)
}

func (e *GitError) Unwrap() error { return e.Err }

// errNoGit is returned when there is no git command to run.
var errNoGit = errors.New("dateline deploy needs the git command, and none was found on PATH; install git (https://git-scm.com/downloads) and run it again")

// with returns a copy of g that also sets env.
func (g git) with(env ...string) git {
	return git{dir: g.dir, env: append(append([]string(nil), g.env...), env...)}
}

// run runs git with args, feeding it stdin, and returns its standard output.
func (g git) run(ctx context.Context, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = g.dir
	cmd.Env = append(append(os.Environ(), baseEnv...), g.env...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", errNoGit
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return "", ctxErr
		}
		return stdout.String(), &GitError{Args: args, Stderr: stderr.String(), Err: err}
	}
	return stdout.String(), nil
}

// line runs git and returns the first line of its output, trimmed.
func (g git) line(ctx context.Context, args ...string) (string, error) {
	out, err := g.run(ctx, "", args...)
	first, _, _ := strings.Cut(out, "\n")
	return strings.TrimSpace(first), err
}
