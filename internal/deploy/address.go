package deploy

import (
	"fmt"
	"net/url"
	"strings"
)

// siteAddress says where GitHub Pages will serve the site, given the base
// URL it was built with, the custom domain it publishes (if any) and the
// URL the branch is pushed to; "" when that cannot be told. It also returns
// a warning when the base URL does not match that address, because then the
// site's links would lead nowhere.
func siteAddress(baseURL, cname, pushURL string) (string, []string) {
	mismatch := func(addr string) []string {
		return []string{fmt.Sprintf("the site was built for base_url %q, but GitHub Pages will serve it at %s, where its links would break; set base_url = %q in site.toml (or pass --base-url) and deploy again", baseURL, addr, addr)}
	}
	if cname != "" {
		addr := "https://" + cname + "/"
		if !sameAddress(baseURL, addr) {
			return addr, mismatch(addr)
		}
		return addr, nil
	}
	pages, onGitHub := githubPagesAddress(pushURL)
	base, err := url.Parse(baseURL)
	switch {
	case err != nil:
		return "", nil
	case base.IsAbs() && !(onGitHub && strings.HasSuffix(strings.ToLower(base.Hostname()), ".github.io")):
		// Another host, or a domain GitHub Pages gets from elsewhere (an
		// account-wide custom domain): the author knows best.
		return baseURL, nil
	case !onGitHub:
		return "", nil
	case !sameAddress(baseURL, pages):
		return pages, mismatch(pages)
	}
	return pages, nil
}

// sameAddress reports whether a site built for baseURL works at addr: the
// same host (when baseURL names one) and the same path.
func sameAddress(baseURL, addr string) bool {
	b, err1 := url.Parse(baseURL)
	a, err2 := url.Parse(addr)
	if err1 != nil || err2 != nil {
		return false
	}
	if b.IsAbs() && !strings.EqualFold(b.Hostname(), a.Hostname()) {
		return false
	}
	return withSlash(b.Path) == withSlash(a.Path)
}

func withSlash(p string) string {
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// githubPagesAddress is the address GitHub Pages gives the repository at
// remote, when remote is a github.com URL: https://OWNER.github.io/REPO/, or
// https://OWNER.github.io/ for the repository named OWNER.github.io.
func githubPagesAddress(remote string) (string, bool) {
	var p string
	if rest, ok := strings.CutPrefix(remote, "git@github.com:"); ok {
		p = rest
	} else if u, err := url.Parse(remote); err == nil && strings.EqualFold(u.Hostname(), "github.com") {
		p = u.Path
	} else {
		return "", false
	}
	p = strings.Trim(strings.TrimSuffix(strings.Trim(p, "/"), ".git"), "/")
	owner, repo, ok := strings.Cut(p, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return "", false
	}
	host := strings.ToLower(owner) + ".github.io"
	if strings.EqualFold(repo, host) {
		return "https://" + host + "/", true
	}
	return "https://" + host + "/" + repo + "/", true
}
