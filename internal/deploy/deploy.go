// Package deploy publishes a Dateline site to a branch of its git
// repository, the branch GitHub Pages serves with "Deploy from a branch".
//
// Prepare builds the site with its production base URL into a private
// temporary folder (never the site's public/), adds an empty .nojekyll and,
// from site.toml's cname, a CNAME file, fetches the branch from the remote and
// commits the site as one new commit on top of it, so the branch keeps its
// history; the commit message names the source commit. Push then pushes that
// commit. It promises:
//
//   - The user's working tree, index, HEAD and branches are never touched.
//     The commit is made from a private index file with git hash-object,
//     update-index, write-tree and commit-tree; the only ref written locally
//     is the remote-tracking refs/remotes/REMOTE/BRANCH, as "git fetch" would.
//   - The files are committed exactly as built: no .gitignore, attribute or
//     line-ending setting can drop or change one. The .dateline-output marker
//     of dateline build is left out.
//   - A push is a fast-forward unless forced: when the branch on the remote
//     has commits the deploy was not built on (pushed after the fetch, or to a
//     push URL other than the fetch URL), Push returns a DivergedError and the
//     remote keeps them.
//   - A deploy whose files equal the branch's makes no commit.
//   - A CNAME file already on the branch (GitHub's settings page writes one
//     there) is kept when site.toml has no cname and static/ has no CNAME.
//   - git never waits for a password (GIT_TERMINAL_PROMPT=0): credentials
//     must come from a credential helper or an SSH key.
//   - A base_url that is still the placeholder of dateline new site is
//     refused before anything is built or fetched.
//   - When git knows no author identity, as on a fresh CI machine, the
//     commit is by "dateline <dateline@localhost>" rather than failing after
//     the build.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/source"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// Options say what to deploy and where.
type Options struct {
	Source  string // site folder, inside a git work tree; default "."
	BaseURL string // overrides site.toml's base_url when set
	Remote  string // name of the git remote; default "origin"
	Branch  string // branch to publish on; default "gh-pages"
	Message string // commit message; default names the source commit
}

// Defaults for Options.
const (
	DefaultRemote = "origin"
	DefaultBranch = "gh-pages"
)

// The identity of deploy commits made where git knows none.
const (
	fallbackName  = "dateline"
	fallbackEmail = "dateline@localhost"
)

// A Deploy is a site built and committed locally, ready to push.
type Deploy struct {
	Remote, Branch string
	Summary        build.Summary
	// Address is where GitHub Pages will serve the site; "" when base_url
	// has no host and the remote is not on github.com.
	Address string
	// Notes are what the user should know: a base_url that does not fit the
	// address, a CNAME kept from the branch, a stand-in identity.
	Notes []string
	// Parent is the branch's tip on the remote that the deploy builds on;
	// "" when the remote has no such branch yet.
	Parent string
	// Unchanged is set when the built site equals Parent's files; then there
	// is no Commit and nothing to push.
	Unchanged bool
	Commit    string // the new commit
	Message   string // its message

	repo git
}

// DivergedError is a push refused because the branch on the remote has
// commits that the deploy was not built on, which pushing would lose.
type DivergedError struct {
	Remote, Branch string
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("the %s branch on %s has commits this deploy would lose (someone pushed there after dateline fetched it, or %s pushes to another URL than it fetches from); nothing was pushed. Run dateline deploy again to deploy on top of them, or add --force to replace them",
		e.Branch, e.Remote, e.Remote)
}

// Prepare builds the site and commits it on top of the remote's branch,
// without pushing. Site content problems are returned as timeline.Problems.
func Prepare(ctx context.Context, opts Options) (*Deploy, error) {
	opts = withDefaults(opts)
	if err := (build.Options{BaseURL: opts.BaseURL}).Validate(); err != nil {
		return nil, err
	}
	if err := refusePlaceholder(opts); err != nil {
		return nil, err
	}
	repo, gitDir, err := openRepo(ctx, opts.Source)
	if err != nil {
		return nil, err
	}
	pushURL, err := remotePushURL(ctx, repo, opts.Remote)
	if err != nil {
		return nil, err
	}
	if err := checkBranch(ctx, repo, opts.Remote, opts.Branch); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "dateline-deploy-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	siteDir := filepath.Join(tmp, "site")
	d := &Deploy{Remote: opts.Remote, Branch: opts.Branch, repo: repo}
	cfg, err := buildSite(ctx, opts, siteDir, &d.Summary)
	if err != nil {
		return nil, err
	}
	if d.Parent, err = fetchBranch(ctx, repo, opts.Remote, opts.Branch); err != nil {
		return nil, err
	}
	cname, err := addPagesFiles(ctx, d, siteDir, cfg.CNAME)
	if err != nil {
		return nil, err
	}
	address, warnings := siteAddress(cfg.BaseURL, cname, pushURL)
	d.Address, d.Notes = address, append(warnings, d.Notes...)
	tree, err := writeTree(ctx, gitDir, siteDir, filepath.Join(tmp, "index"))
	if err != nil {
		return nil, err
	}
	if d.Unchanged, err = sameTree(ctx, repo, d.Parent, tree); err != nil {
		return nil, err
	}
	if d.Unchanged {
		return d, nil
	}
	d.Message = opts.Message
	if d.Message == "" {
		d.Message = defaultMessage(ctx, repo)
	}
	if d.Commit, err = commitTree(ctx, d, tree); err != nil {
		return nil, err
	}
	return d, nil
}

func withDefaults(opts Options) Options {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Remote == "" {
		opts.Remote = DefaultRemote
	}
	if opts.Branch == "" {
		opts.Branch = DefaultBranch
	}
	return opts
}

// openRepo finds the git repository that holds source and its git folder.
func openRepo(ctx context.Context, source string) (git, string, error) {
	if info, err := os.Stat(source); err != nil || !info.IsDir() {
		return git{}, "", fmt.Errorf("no site folder at %s; pass the folder holding site.toml with --source", source)
	}
	repo := git{dir: source}
	gitDir, err := repo.line(ctx, "rev-parse", "--absolute-git-dir")
	var gerr *GitError
	if errors.As(err, &gerr) && strings.Contains(gerr.Stderr, "not a git repository") {
		return git{}, "", fmt.Errorf("%s is not in a git repository, and dateline deploy publishes the site on a branch of its repository: run git init there, commit your site, add the repository you publish from with git remote add origin URL, and deploy again", source)
	}
	if err != nil {
		return git{}, "", err
	}
	if inside, _ := repo.line(ctx, "rev-parse", "--is-inside-work-tree"); inside != "true" {
		return git{}, "", fmt.Errorf("%s is not in the work tree of a git repository; pass the site folder of a checkout with --source", source)
	}
	return repo, gitDir, nil
}

// remotePushURL is the URL that pushes to remote go to.
func remotePushURL(ctx context.Context, repo git, remote string) (string, error) {
	u, err := repo.line(ctx, "remote", "get-url", "--push", remote)
	if err != nil {
		return "", fmt.Errorf("the repository has no remote named %q; add the repository you publish from with git remote add %s URL, or name another with --remote (git remote -v lists them)", remote, remote)
	}
	return u, nil
}

// checkBranch refuses a branch name git would not take, and the branch the
// user works on: a deploy would replace its files with the built site.
func checkBranch(ctx context.Context, repo git, remote, branch string) error {
	if _, err := repo.run(ctx, "", "check-ref-format", "refs/heads/"+branch); err != nil {
		return fmt.Errorf("%q is not a valid branch name; pass another with --branch", branch)
	}
	current, _ := repo.line(ctx, "symbolic-ref", "--quiet", "--short", "HEAD")
	if current == "" {
		return nil // detached HEAD: no branch of the user's to protect
	}
	upRemote, _ := repo.line(ctx, "config", "branch."+current+".remote")
	upMerge, _ := repo.line(ctx, "config", "branch."+current+".merge")
	if upRemote == remote && upMerge == "refs/heads/"+branch || upRemote == "" && current == branch {
		return fmt.Errorf("will not deploy to the %s branch on %s: it is where your branch %s goes, and a deploy would put the built site in place of your source; deploy to a branch of its own such as %s (--branch)", branch, remote, current, DefaultBranch)
	}
	return nil
}

// buildSite builds the site into dir as dateline build would, and returns
// its settings.
func buildSite(ctx context.Context, opts Options, dir string, sum *build.Summary) (timeline.Config, error) {
	var err error
	*sum, err = build.Run(ctx, build.Options{Source: opts.Source, Dest: dir, BaseURL: opts.BaseURL})
	if err != nil {
		return timeline.Config{}, err
	}
	return sum.Config, nil
}

// fetchBranch fetches branch from remote into its remote-tracking ref and
// returns its tip, or "" when the remote has no such branch yet.
func fetchBranch(ctx context.Context, repo git, remote, branch string) (string, error) {
	tracking := "refs/remotes/" + remote + "/" + branch
	_, err := repo.run(ctx, "", "fetch", "--quiet", "--no-tags", remote, "+refs/heads/"+branch+":"+tracking)
	var gerr *GitError
	if errors.As(err, &gerr) && strings.Contains(gerr.Stderr, "couldn't find remote ref") {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("could not fetch the %s branch from %s: %w%s", branch, remote, err, credentialHint(err))
	}
	return repo.line(ctx, "rev-parse", "--verify", "--quiet", tracking+"^{commit}")
}

// credentialHint adds what to do when git needed a password it may not ask for.
func credentialHint(err error) string {
	var gerr *GitError
	if errors.As(err, &gerr) && strings.Contains(gerr.Stderr, "terminal prompts disabled") {
		return "\n(dateline does not let git ask for a password: set up a credential helper, for example with gh auth setup-git, or use an SSH remote)"
	}
	return ""
}

// addPagesFiles makes sure the site has the files GitHub Pages reads: an
// empty .nojekyll, so the branch is served as it is rather than through
// Jekyll (which drops files whose names start with "_"), and CNAME for a
// custom domain. It returns the custom domain, if any.
func addPagesFiles(ctx context.Context, d *Deploy, dir, cname string) (string, error) {
	if err := writeIfAbsent(filepath.Join(dir, ".nojekyll"), nil); err != nil {
		return "", err
	}
	cnamePath := filepath.Join(dir, "CNAME")
	if cname != "" {
		return cname, writeIfAbsent(cnamePath, []byte(cname+"\n"))
	}
	if own, err := os.ReadFile(cnamePath); err == nil { // the site's static/CNAME
		return domainIn(own), nil
	}
	kept, err := branchCNAME(ctx, d.repo, d.Parent)
	if err != nil || kept == nil {
		return "", err
	}
	d.Notes = append(d.Notes, fmt.Sprintf("kept the CNAME file (%s) that the %s branch already had, which GitHub writes when a custom domain is set in its Pages settings; set cname in site.toml to choose the domain there", domainIn(kept), d.Branch))
	return domainIn(kept), os.WriteFile(cnamePath, kept, 0o644)
}

// writeIfAbsent leaves a file that the build already wrote as it is.
func writeIfAbsent(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// domainIn is the domain a CNAME file names: its first line.
func domainIn(cname []byte) string {
	first, _, _ := strings.Cut(string(cname), "\n")
	return strings.ToLower(strings.TrimSpace(first))
}

// branchCNAME returns the CNAME file at the root of commit, or nil.
func branchCNAME(ctx context.Context, repo git, commit string) ([]byte, error) {
	if commit == "" {
		return nil, nil
	}
	name, err := repo.line(ctx, "ls-tree", "--full-tree", "--name-only", commit, "--", "CNAME")
	if err != nil || name != "CNAME" {
		return nil, err
	}
	data, err := repo.run(ctx, "", "cat-file", "blob", commit+":CNAME")
	return []byte(data), err
}

// sameTree reports whether commit holds exactly tree.
func sameTree(ctx context.Context, repo git, commit, tree string) (bool, error) {
	if commit == "" {
		return false, nil
	}
	old, err := repo.line(ctx, "rev-parse", "--verify", commit+"^{tree}")
	return old == tree, err
}

// defaultMessage names the commit the site was built from, and says so when
// the site's files had changes not yet committed.
func defaultMessage(ctx context.Context, repo git) string {
	full, err := repo.line(ctx, "rev-parse", "--verify", "--quiet", "HEAD")
	if err != nil || full == "" {
		return "Deploy a site not yet committed\n\nBuilt by dateline deploy in a repository with no commits yet.\n"
	}
	short, _ := repo.line(ctx, "rev-parse", "--short", "HEAD")
	subject, _ := repo.line(ctx, "log", "-1", "--no-show-signature", "--format=%s", "HEAD")
	title := "Deploy " + short
	if branch, _ := repo.line(ctx, "symbolic-ref", "--quiet", "--short", "HEAD"); branch != "" {
		title += " of " + branch
	}
	body := "Built by dateline deploy from commit " + full
	if dirty(ctx, repo) {
		title += " (with uncommitted changes)"
		body += " and changes to the site's files not yet committed"
	}
	return title + ": " + subject + "\n\n" + body + ".\n"
}

// dirty reports whether the files a build reads (under the site folder,
// where git runs) differ from the commit, new files included.
func dirty(ctx context.Context, repo git) bool {
	args := append([]string{"status", "--porcelain", "--untracked-files=normal", "--", source.ConfigFile}, source.Trees...)
	out, err := repo.run(ctx, "", args...)
	return err != nil || strings.TrimSpace(out) != ""
}

// commitTree makes the deploy commit of tree on top of d.Parent.
func commitTree(ctx context.Context, d *Deploy, tree string) (string, error) {
	args := []string{"commit-tree", tree}
	if d.Parent != "" {
		args = append(args, "-p", d.Parent)
	}
	msg := d.Message
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	out, err := d.repo.with(identityEnv(ctx, d)...).run(ctx, msg, append(args, "-F", "-")...)
	return strings.TrimSpace(out), err
}

// identityEnv gives the commit a stand-in author or committer where git
// knows none, rather than failing at the last step of a deploy.
func identityEnv(ctx context.Context, d *Deploy) []string {
	var env []string
	for _, role := range []string{"AUTHOR", "COMMITTER"} {
		if _, err := d.repo.run(ctx, "", "var", "GIT_"+role+"_IDENT"); err != nil {
			env = append(env, "GIT_"+role+"_NAME="+fallbackName, "GIT_"+role+"_EMAIL="+fallbackEmail)
		}
	}
	if env != nil {
		d.Notes = append(d.Notes, fmt.Sprintf("git has no user.name and user.email here, so the deploy commit is by %s <%s>; set them with git config to sign deploys with your name", fallbackName, fallbackEmail))
	}
	return env
}

// Push pushes the deploy commit to the branch on the remote. Unless force
// is set, git only moves the branch forward, and a branch that has commits
// this deploy was not built on is left as it is with a DivergedError; force
// replaces them.
func (d *Deploy) Push(ctx context.Context, force bool) error {
	if d.Unchanged {
		return nil
	}
	spec := d.Commit + ":refs/heads/" + d.Branch
	if force {
		spec = "+" + spec
	}
	out, err := d.repo.run(ctx, "", "push", "--porcelain", d.Remote, spec)
	if err == nil {
		return nil
	}
	if lostCommits(out) {
		return &DivergedError{Remote: d.Remote, Branch: d.Branch}
	}
	return fmt.Errorf("could not push to the %s branch on %s: %w%s", d.Branch, d.Remote, err, credentialHint(err))
}

// lostCommits reports whether git push --porcelain refused a ref because
// the remote has commits the pushed one does not contain: the client saw it
// ("fetch first", "non-fast-forward") or the server did, when the branch
// moved during the push ("is at X but expected Y").
func lostCommits(porcelain string) bool {
	for line := range strings.Lines(porcelain) {
		if !strings.HasPrefix(line, "!") {
			continue
		}
		for _, why := range []string{"(fetch first)", "(non-fast-forward)", "(stale info)", "but expected"} {
			if strings.Contains(line, why) {
				return true
			}
		}
	}
	return false
}
