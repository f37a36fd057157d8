package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dateline-ssg/dateline/internal/scaffold"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// runNew creates a site, an event or an article from the built-in templates.
func runNew(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageFor("new", "say what to create: dateline new site DIR, new event \"TITLE\" or new article \"TITLE\"")
	}
	switch kind, rest := args[0], args[1:]; kind {
	case "site":
		return runNewSite(rest, stdout, stderr)
	case "event":
		return runNewEvent(rest, stdout, stderr)
	case "article":
		return runNewArticle(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		return &helpRequest{topic: "new"}
	default:
		if s := timeline.Suggest(kind, []string{"site", "event", "article"}); s != "" {
			return usageFor("new", "cannot create %q; did you mean %q?", kind, s)
		}
		return usageFor("new", "cannot create %q; say site, event or article", kind)
	}
}

func runNewSite(args []string, stdout, stderr io.Writer) error {
	opts := scaffold.SiteOptions{Dateline: currentVersion()}
	fs := newFlagSet("new site", stderr)
	fs.StringVar(&opts.Title, "title", "", "the site's title (default: the folder's name, so my-timeline gives \"My timeline\")")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the address the site will be published at, like https://you.github.io/repo/ (default: a placeholder that builds and previews, which dateline deploy refuses)")
	dir, err := parseOneArg(fs, args, "name the folder for the new site, like: dateline new site my-timeline")
	if err != nil {
		return err
	}
	files, err := scaffold.NewSite(dir, opts)
	if err != nil {
		return inputAsUsage("new site", err)
	}
	fmt.Fprintf(stdout, "created a new site in %s:\n", dir)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	writeNextSteps(stdout, dir, opts)
	return nil
}

// writeNextSteps tells what to do with a new site, and what was decided
// for the values not given.
func writeNextSteps(w io.Writer, dir string, opts scaffold.SiteOptions) {
	if strings.TrimSpace(opts.Title) == "" {
		fmt.Fprintf(w, "\nIts title is %q, after the folder's name; change it in site.toml.\n", scaffold.FolderTitle(dir))
	}
	fmt.Fprintf(w, "\nNext steps:\n")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(w, "  cd %s\n", shellQuote(dir))
	}
	fmt.Fprint(w, `  dateline serve    preview the site, rebuilt on every save
  dateline check    run every check before you publish
To publish with GitHub Pages, push the folder to a GitHub repository and set
Settings > Pages > Source to "GitHub Actions": .github/workflows/pages.yml
builds and deploys it on every push to main, at the address GitHub gives it.
`)
	if strings.TrimSpace(opts.BaseURL) == "" {
		fmt.Fprint(w, "To publish with dateline deploy instead, first set base_url in site.toml to\nthe site's address.\n")
	}
}

func runNewEvent(args []string, stdout, stderr io.Writer) error {
	var opts scaffold.EventOptions
	source := "."
	fs := newFlagSet("new event", stderr)
	fs.StringVar(&opts.Timeline, "timeline", "", "id of the timeline the event belongs to, as declared in site.toml (required)")
	fs.StringVar(&opts.When, "when", "", `the event's date, at the precision you know: 2025, 2025-09, 2025-09-02, 2025-09-02T16:00 (required)`)
	fs.StringVar(&opts.Slug, "slug", "", "file name and id of the event (default: the slug of the title)")
	fs.StringVar(&source, "source", ".", "site folder holding site.toml and content/")
	title, err := parseOneArg(fs, args, `give the event's title, in quotes: dateline new event "What happened" --timeline ID --when 2025-09-02`)
	if err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"--timeline", opts.Timeline}, {"--when", opts.When}} {
		if f.value == "" {
			return usageFor("new event", "%s is required", f.name)
		}
	}
	opts.Title = title
	file, err := scaffold.NewEvent(source, opts)
	if err != nil {
		return inputAsUsage("new event", err)
	}
	fmt.Fprintf(stdout, "created %s\nAdd its sources, a summary and a status you can vouch for, then run dateline check.\n", file)
	return nil
}

func runNewArticle(args []string, stdout, stderr io.Writer) error {
	var opts scaffold.ArticleOptions
	source := "."
	fs := newFlagSet("new article", stderr)
	fs.StringVar(&opts.Slug, "slug", "", "file name of the article (default: the slug of the title)")
	fs.StringVar(&source, "source", ".", "site folder holding site.toml and content/")
	title, err := parseOneArg(fs, args, `give the article's title, in quotes: dateline new article "What we know"`)
	if err != nil {
		return err
	}
	opts.Title = title
	file, err := scaffold.NewArticle(source, opts)
	if err != nil {
		return inputAsUsage("new article", err)
	}
	fmt.Fprintf(stdout, "created %s\nIt is a draft: dateline serve --drafts shows it, and deleting its draft = true line publishes it.\n", file)
	return nil
}

// parseOneArg parses flags written before or after the one argument a kind
// takes (the folder, or the title), which it returns; missing says how to
// give that argument.
func parseOneArg(fs *flag.FlagSet, args []string, missing string) (string, error) {
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return "", err
	}
	switch len(positional) {
	case 0:
		return "", usageFor(topicOf(fs), "%s", missing)
	case 1:
		return positional[0], nil
	}
	return "", usageFor(topicOf(fs), "unexpected argument %q (put a title with spaces in quotes)", positional[1])
}

// parseInterspersed is flag parsing that, unlike fs.Parse, does not stop at
// the first argument that is not a flag, since "new event "Title" --when …"
// reads naturally. Everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := parseOnly(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// inputAsUsage turns a value that cannot be used into a usage error (exit
// 2); refusals and other errors stay as they are (exit 1).
func inputAsUsage(cmd string, err error) error {
	var input *scaffold.InputError
	if errors.As(err, &input) {
		return usageFor(cmd, "%v", input)
	}
	return err
}

// shellQuote writes dir so that it can be pasted into a POSIX shell.
func shellQuote(dir string) string {
	safe := dir != "" && strings.Trim(dir, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+,:@") == ""
	if safe {
		return dir
	}
	return "'" + strings.ReplaceAll(dir, "'", `'\''`) + "'"
}
