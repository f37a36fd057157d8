package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dateline-ssg/dateline/internal/deploy"
	"github.com/dateline-ssg/dateline/internal/scaffold"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/version"
)

type runFunc = func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// needsSite wraps the run of a command that reads the site in --source, so
// that a folder without site.toml is refused before the command starts,
// with the folder named in full and what to do, rather than as one more
// unreadable file (or, for serve, a preview of nothing).
func needsSite(run runFunc) runFunc {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if dir, ok := sourceFlag(ctx, run, args); ok {
			if err := requireSite(dir); err != nil {
				return err
			}
		}
		return run(ctx, args, stdout, stderr)
	}
}

// sourceFlag reads --source from args with the command's own flag set;
// ok is false when args have a mistake, which the command itself reports.
func sourceFlag(ctx context.Context, run runFunc, args []string) (string, bool) {
	var help *helpRequest
	if !errors.As(run(ctx, []string{"-h"}, io.Discard, io.Discard), &help) || help.flags == nil {
		return "", false
	}
	fs := help.flags
	if fs.Parse(args) != nil || fs.NArg() > 0 || fs.Lookup("source") == nil {
		return "", false
	}
	return fs.Lookup("source").Value.String(), true
}

// requireSite refuses a dir that is not a site's folder.
func requireSite(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	const how = "dateline new site DIR starts a new site"
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("there is no folder %s: pass --source DIR naming a site's folder, the one holding site.toml; %s", abs, how)
	case err == nil && !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder: pass --source DIR naming a site's folder, the one holding site.toml; %s", abs, how)
	}
	if _, err := os.Lstat(filepath.Join(dir, source.ConfigFile)); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no %s in %s, so it is not a site's folder: run dateline in the site's folder or pass --source DIR; %s", source.ConfigFile, abs, how)
	}
	return nil
}

// currentVersion is which dateline this is; tests replace it.
var currentVersion = version.Current

// checkWarnings prints what check finds worth knowing about the site in
// dir without its being a mistake: a base_url still the placeholder (unless
// baseURL overrides it), and a GitHub Pages workflow that installs another
// dateline than this one.
func checkWarnings(w io.Writer, dir, baseURL string) {
	if baseURL == "" {
		if folder, err := source.Open(dir); err == nil {
			if pos, base, ok := deploy.PlaceholderBase(folder); ok {
				fmt.Fprintf(w, "%s: warning: base_url is still the placeholder %q; set it to the address the site will be published at, like https://you.github.io/repo/ (the Pages workflow passes --base-url itself)\n", pos, base)
			}
			folder.Close()
		}
	}
	if msg := workflowWarning(dir, currentVersion().Pin()); msg != "" {
		fmt.Fprintln(w, msg)
	}
}

// workflowWarning is the warning for a GitHub Pages workflow in dir that
// installs another dateline than the one pinned as own, or "". A binary
// that knows no version of its own ("latest") cannot tell.
func workflowWarning(dir, own string) string {
	if own == "latest" {
		return ""
	}
	text, err := readSmall(filepath.Join(dir, filepath.FromSlash(scaffold.WorkflowFile)), 1<<20)
	if err != nil {
		return ""
	}
	pin, line, col, ok := scaffold.WorkflowPin(text)
	if !ok || samePin(pin, own) {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d: warning: the workflow publishes with dateline %s, but this is dateline %s, so what you check here may not be what gets published; write %s there to publish with this one",
		scaffold.WorkflowFile, line, col, pin, own, own)
}

// samePin reports whether two pins name the same dateline: equal, or one
// an abbreviation of the other revision.
func samePin(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || len(a) >= 7 && isHex(b) && strings.HasPrefix(b, a)
}

func isHex(s string) bool {
	return strings.Trim(s, "0123456789abcdef") == ""
}

// readSmall reads at most limit bytes of the file at path: a workflow is
// small, and a huge file there is not one to scan.
func readSmall(path string, limit int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit))
	return string(data), err
}
