package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dateline-ssg/dateline/internal/scaffold"
)

const newUsageText = `Usage:
  dateline new site DIR [--title T] [--base-url URL]
      start a site in DIR (a new or empty folder): site.toml, an example
      timeline, two events and an article, and a GitHub Pages workflow
  dateline new event "Title" --timeline ID --when WHEN [--slug S] [--source DIR]
      add content/events/<slug>.toml holding one event
  dateline new article "Title" [--slug S] [--source DIR]
      add content/articles/<slug>.md, a draft (dateline serve --drafts shows it)

New files are never written over old ones: a name in use is refused.
Run 'dateline new KIND -h' for a kind's flags.
`

// runNew creates a site, an event or an article from the built-in templates.
func runNew(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsageText)
		return usagef("new: say what to create: site, event or article")
	}
	switch kind, rest := args[0], args[1:]; kind {
	case "site":
		return runNewSite(rest, stdout, stderr)
	case "event":
		return runNewEvent(rest, stdout, stderr)
	case "article":
		return runNewArticle(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, newUsageText)
		return nil
	default:
		return usagef("new: cannot create %q; say site, event or article", kind)
	}
}

func newKindFlagSet(kind, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := newFlagSet("new "+kind, stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dateline new %s %s\n", kind, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func runNewSite(args []string, stdout, stderr io.Writer) error {
	var opts scaffold.SiteOptions
	fs := newKindFlagSet("site", "DIR [--title T] [--base-url URL]", stderr)
	fs.StringVar(&opts.Title, "title", "", "the site's title (default: a CHANGE-ME placeholder, which dateline check reports)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the address the site will be published at, like https://you.github.io/repo/ (default: a CHANGE-ME placeholder)")
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
	fmt.Fprintf(stdout, "\nNext steps:\n")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(stdout, "  cd %s\n", shellQuote(dir))
	}
	var left []string
	for _, f := range []struct{ key, value string }{{"title", opts.Title}, {"base_url", opts.BaseURL}} {
		if strings.TrimSpace(f.value) == "" {
			left = append(left, f.key)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(stdout, "  edit site.toml: replace the CHANGE-ME of %s\n", strings.Join(left, " and "))
	}
	fmt.Fprint(stdout, `  dateline serve    preview the site, rebuilt on every save
  dateline check    run every check before you publish
To publish with GitHub Pages, push the folder to a GitHub repository and set
Settings > Pages > Source to "GitHub Actions": .github/workflows/pages.yml
builds and deploys it on every push to main.
`)
	return nil
}

func runNewEvent(args []string, stdout, stderr io.Writer) error {
	var opts scaffold.EventOptions
	source := "."
	fs := newKindFlagSet("event", `"Title" --timeline ID --when WHEN [--slug S] [--source DIR]`, stderr)
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
			return usagef("new event: %s is required", f.name)
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
	fs := newKindFlagSet("article", `"Title" [--slug S] [--source DIR]`, stderr)
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
	cmd := strings.TrimPrefix(fs.Name(), "dateline ")
	switch len(positional) {
	case 0:
		return "", usagef("%s: %s", cmd, missing)
	case 1:
		return positional[0], nil
	}
	return "", usagef("%s: unexpected argument %q (put a title with spaces in quotes)", cmd, positional[1])
}

// parseInterspersed is flag parsing that, unlike fs.Parse, does not stop at
// the first argument that is not a flag, since "new event "Title" --when …"
// reads naturally. Everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usagef("%v", err)
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
		return usagef("%s: %v", cmd, input)
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
