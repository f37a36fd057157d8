package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dateline-ssg/dateline/internal/deploy"
)

func runDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var opts deploy.Options
	var force, dryRun bool
	fs := newFlagSet("deploy", stderr)
	fs.StringVar(&opts.Source, "source", ".", "site folder holding site.toml and content/, inside a git repository")
	fs.StringVar(&opts.BaseURL, "base-url", "", "base URL the site is served at, overriding site.toml")
	fs.StringVar(&opts.Remote, "remote", deploy.DefaultRemote, "git remote to push to")
	fs.StringVar(&opts.Branch, "branch", deploy.DefaultBranch, "branch to publish the site on")
	fs.StringVar(&opts.Message, "message", "", "commit message (default: names the commit the site was built from)")
	fs.BoolVar(&force, "force", false, "push even when the branch on the remote has commits this deploy would lose")
	fs.BoolVar(&dryRun, "dry-run", false, "build and commit locally, print what would be pushed, and push nothing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(opts.Remote) == "" || strings.TrimSpace(opts.Branch) == "" {
		return usageFor("deploy", "--remote and --branch need a name")
	}
	d, err := deploy.Prepare(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built: %s\n", d.Summary)
	for _, note := range d.Notes {
		fmt.Fprintf(stderr, "dateline: note: %s\n", note)
	}
	if d.Unchanged {
		fmt.Fprintf(stdout, "nothing changed since the deploy at %s/%s (%s); not deploying\n", d.Remote, d.Branch, shortID(d.Parent))
		printAddress(stdout, d, "is")
		return nil
	}
	fmt.Fprintf(stdout, "committed %s %s: %s\n", shortID(d.Commit), describeParent(d), firstLine(d.Message))
	if dryRun {
		fmt.Fprintf(stdout, "dry run: nothing was pushed; inspect the commit with git show --stat %s\n", shortID(d.Commit))
		printAddress(stdout, d, "would be")
		return nil
	}
	if err := d.Push(ctx, force); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pushed to the %s branch on %s\n", d.Branch, d.Remote)
	printAddress(stdout, d, "will be")
	return nil
}

func describeParent(d *deploy.Deploy) string {
	if d.Parent == "" {
		return fmt.Sprintf("as the first commit of %s (the branch is new on %s)", d.Branch, d.Remote)
	}
	return fmt.Sprintf("on top of %s/%s (%s)", d.Remote, d.Branch, shortID(d.Parent))
}

func printAddress(w io.Writer, d *deploy.Deploy, verb string) {
	if d.Address == "" {
		fmt.Fprintf(w, "the site %s on the %s branch of %s; where it is served depends on your host, as base_url names no host\n", verb, d.Branch, d.Remote)
		return
	}
	fmt.Fprintf(w, "the site %s at %s\n", verb, d.Address)
}

// shortID abbreviates a commit id for display, as git does by default.
func shortID(id string) string {
	if len(id) > 7 {
		return id[:7]
	}
	return id
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
