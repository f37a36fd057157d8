package scaffold

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/load"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

var testNow = time.Date(2025, 9, 2, 8, 30, 15, 0, time.UTC)

// hostileTitles are titles that would break a file written by pasting them
// into a template: quotes, backslashes, newlines, TOML and Markdown syntax,
// markup, workflow expressions.
var hostileTitles = []string{
	`Kim says "no" to 'talks'`,
	`C:\path\to\file \" \\ \u0041`,
	"two\nlines\r\nand\ttabs",
	"</script><script>alert(1)</script>",
	"+++\ntitle = \"injected\"\n+++",
	`]] [[event]] id = "x"`,
	`""" ''' ${{ github.token }} {{ .Title }} {% .Title %}`,
	"control \x01\x1f\x7f characters",
	"Ünïcödé title — 北京 🚂 end",
}

func TestQuoteTOMLReadsBack(t *testing.T) {
	cases := append(slices.Clone(hostileTitles), "", "plain", "trailing backslash \\", "not UTF-8 \xff here", "\u2028 \ufeff")
	for _, s := range cases {
		got := decodeTOMLString(t, load.Quote(s))
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want {
			t.Errorf("load.Quote(%q) reads back as %q", s, got)
		}
	}
}

func FuzzQuoteTOML(f *testing.F) {
	for _, s := range hostileTitles {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var doc struct{ V string }
		text := "v = " + load.Quote(s)
		if _, err := toml.Decode(text, &doc); err != nil {
			t.Fatalf("load.Quote(%q) = %s does not parse: %v", s, text, err)
		}
		var want strings.Builder
		for _, r := range s { // the one change: each invalid byte becomes U+FFFD
			want.WriteRune(r)
		}
		if doc.V != want.String() {
			t.Fatalf("load.Quote(%q) reads back as %q", s, doc.V)
		}
	})
}

func decodeTOMLString(t *testing.T, quoted string) string {
	t.Helper()
	var doc struct{ V string }
	if _, err := toml.Decode("v = "+quoted, &doc); err != nil {
		t.Fatalf("%s does not parse as TOML: %v", quoted, err)
	}
	return doc.V
}

// newTestSite makes a complete site with its placeholders filled in.
func newTestSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := NewSite(dir, SiteOptions{Title: "Test site", BaseURL: "https://example.org/site/", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestNewSiteBuildsClean(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  SiteOptions
		title string
	}{
		{"plain", SiteOptions{Title: "My timeline", BaseURL: "https://you.github.io/repo/"}, "My timeline"},
		{"root path, no final slash", SiteOptions{Title: "T", BaseURL: "https://you.github.io/repo"}, "T"},
		{"path only", SiteOptions{Title: "T", BaseURL: "/"}, "T"},
		{"hostile title", SiteOptions{Title: hostileTitles[3] + "\n" + hostileTitles[1], BaseURL: "/"}, hostileTitles[3] + " " + hostileTitles[1]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a", "new-site") // parents missing too
			files, err := NewSite(dir, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"site.toml", "content/events/apollo-11.toml", "content/articles/apollo-11-lands-on-the-moon.md", ".gitignore", ".github/workflows/pages.yml"}
			if !slices.Equal(files, want) {
				t.Errorf("created %q, want %q", files, want)
			}
			assertTree(t, dir, want)
			sum, err := build.Check(context.Background(), build.Options{Source: dir})
			if err != nil {
				t.Fatalf("check of the new site: %v", err)
			}
			if sum.Events != 2 || sum.Articles != 1 || sum.Timelines != 1 {
				t.Errorf("check = %v, want 2 events, 1 article, 1 timeline", sum)
			}
			if _, err := build.Run(context.Background(), build.Options{Source: dir}); err != nil {
				t.Fatalf("build of the new site: %v", err)
			}
			content, _ := load.Load(os.DirFS(dir), load.Options{})
			if content.Config.Title != tc.title {
				t.Errorf("site title = %q, want %q", content.Config.Title, tc.title)
			}
			if gitignore := sitetest.ReadFile(t, filepath.Join(dir, ".gitignore")); !strings.Contains(gitignore, "\npublic/\n") {
				t.Errorf(".gitignore does not ignore public/:\n%s", gitignore)
			}
		})
	}
}

func TestNewSiteExampleContent(t *testing.T) {
	dir := newTestSite(t)
	content, probs := load.Load(os.DirFS(dir), load.Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, e := range content.Events {
		if e.Status == "" || len(e.Sources) == 0 || e.When.Zone == "" || len(e.Timelines) == 0 {
			t.Errorf("example event %s lacks a status, a source, a time zone or a timeline", e.ID)
		}
	}
	if precisions := []timeline.Precision{content.Events[0].When.Precision, content.Events[1].When.Precision}; precisions[0] == precisions[1] {
		t.Errorf("both example events are written at the precision %v; show two", precisions[0])
	}
	a := content.Articles[0]
	if !slices.Equal(a.Events, []string{content.Events[0].ID, content.Events[1].ID}) {
		t.Errorf("the example article covers %q, want both example events", a.Events)
	}
	if !a.Date.Start.Equal(testNow) {
		t.Errorf("the example article is dated %v, want %v", a.Date.Start, testNow)
	}
}

// TestNewSiteDefaults: without --title a site is named after its folder,
// and without --base-url it has the placeholder address; either way it
// builds and checks clean at once.
func TestNewSiteDefaults(t *testing.T) {
	for _, tc := range []struct {
		name    string
		folder  string
		opts    SiteOptions
		title   string
		baseURL string
	}{
		{"none given", "my-timeline", SiteOptions{}, "My timeline", load.PlaceholderBaseURL},
		{"title only", "x", SiteOptions{Title: "Kim's train"}, "Kim's train", load.PlaceholderBaseURL},
		{"base URL only", "kim_train_2025", SiteOptions{BaseURL: "https://you.github.io/kim/"}, "Kim train 2025", "https://you.github.io/kim/"},
		{"blank title", "élysée-summit", SiteOptions{Title: " \n"}, "Élysée summit", load.PlaceholderBaseURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), tc.folder)
			if _, err := NewSite(dir, tc.opts); err != nil {
				t.Fatal(err)
			}
			if _, err := build.Check(context.Background(), build.Options{Source: dir}); err != nil {
				t.Fatalf("check of the new site: %v", err)
			}
			if _, err := build.Run(context.Background(), build.Options{Source: dir}); err != nil {
				t.Fatalf("build of the new site: %v", err)
			}
			content, _ := load.Load(os.DirFS(dir), load.Options{})
			if content.Config.Title != tc.title || content.Config.BaseURL != tc.baseURL {
				t.Errorf("title %q, base_url %q; want %q, %q", content.Config.Title, content.Config.BaseURL, tc.title, tc.baseURL)
			}
			text := sitetest.ReadFile(t, filepath.Join(dir, "site.toml"))
			if strings.Contains(text, "will not build") {
				t.Errorf("site.toml still says the site will not build:\n%s", text)
			}
			if placeholder := tc.baseURL == load.PlaceholderBaseURL; placeholder != strings.Contains(text, "dateline deploy") {
				t.Errorf("site.toml explains the placeholder: %v, want %v:\n%s", !placeholder, placeholder, text)
			}
		})
	}
}

func TestFolderTitle(t *testing.T) {
	for _, tc := range []struct{ dir, want string }{
		{"my-timeline", "My timeline"},
		{"/home/kim/kim_train_2025", "Kim train 2025"},
		{"sites/élysée--summit/", "Élysée summit"},
		{"Moon Landing", "Moon Landing"},
		{"/", "My timeline"},
		{"-_-", "My timeline"},
	} {
		if got := FolderTitle(tc.dir); got != tc.want {
			t.Errorf("FolderTitle(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}

func TestSlugOf(t *testing.T) {
	for _, tc := range []struct {
		title, slug string
		unspelt     string
	}{
		{"Élysée summit", "elysee-summit", ""},
		{"Straße der Pariser Kommune", "strasse-der-pariser-kommune", ""},
		{"Æsir and Œuvre", "aesir-and-oeuvre", ""},
		{"Øresund, Łódź, Đakovo", "oresund-lodz-dakovo", ""},
		{"Þingvellir: Iceland's ðing", "thingvellir-iceland-s-ding", ""},
		{"Nguyễn Ánh crowned", "nguyen-anh-crowned", ""},
		{"ﬁnal Ｒｏｕｎｄ ²", "final-round-2", ""},
		{"🚂 Train — day 2", "train-day-2", ""},
		{"北京", "", "北京"},
		{"Kim 北京 visit", "", "北京"},
		{"Day ٣", "", "٣"},
	} {
		slug, unspelt := slugOf(tc.title)
		if slug != tc.slug || string(unspelt) != tc.unspelt {
			t.Errorf("slugOf(%q) = %q, %q; want %q, %q", tc.title, slug, string(unspelt), tc.slug, tc.unspelt)
		}
	}
}

func TestNewSiteRefusesUsedFolders(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) string
	}{
		{"a file in it", func(t *testing.T) string {
			dir := t.TempDir()
			sitetest.WriteFile(t, filepath.Join(dir, "notes.txt"), "mine")
			return dir
		}},
		{"a hidden folder in it", func(t *testing.T) string {
			dir := t.TempDir()
			sitetest.WriteFile(t, filepath.Join(dir, ".vscode/settings.json"), "{}")
			return dir
		}},
		{"a clone with a file besides .git", func(t *testing.T) string {
			dir := t.TempDir()
			sitetest.WriteFile(t, filepath.Join(dir, ".git/HEAD"), "ref: refs/heads/main\n")
			sitetest.WriteFile(t, filepath.Join(dir, "README.md"), "mine")
			return dir
		}},
		{"an existing site", newTestSite},
		{"a file, not a folder", func(t *testing.T) string {
			dir := t.TempDir()
			sitetest.WriteFile(t, filepath.Join(dir, "site"), "not a folder")
			return filepath.Join(dir, "site")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup(t)
			before := sitetest.Snapshot(t, filepath.Dir(dir))
			_, err := NewSite(dir, SiteOptions{Title: "T", BaseURL: "/"})
			var exists *ExistsError
			if !errors.As(err, &exists) || exists.Path != dir {
				t.Fatalf("NewSite = %v, want an ExistsError naming %s", err, dir)
			}
			if after := sitetest.Snapshot(t, filepath.Dir(dir)); !maps.Equal(before, after) {
				t.Errorf("a refused NewSite changed files: before %v, after %v", before, after)
			}
		})
	}
}

func TestNewSiteInEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewSite(dir, SiteOptions{Title: "T", BaseURL: "/"}); err != nil {
		t.Fatal(err)
	}
	if _, err := build.Check(context.Background(), build.Options{Source: dir}); err != nil {
		t.Fatal(err)
	}
}

// TestNewSiteInFreshClone: a clone of an empty repository holds only .git,
// and starting the site there is the usual first step.
func TestNewSiteInFreshClone(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteFile(t, filepath.Join(dir, ".git/HEAD"), "ref: refs/heads/main\n")
	if _, err := NewSite(dir, SiteOptions{Title: "T", BaseURL: "/"}); err != nil {
		t.Fatal(err)
	}
	if _, err := build.Check(context.Background(), build.Options{Source: dir}); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, ".git", "HEAD")); err != nil || string(data) != "ref: refs/heads/main\n" {
		t.Errorf(".git/HEAD = %q, %v; want it untouched", data, err)
	}
}

func TestNewSiteRejectsBadBaseURL(t *testing.T) {
	for _, bad := range []string{"example.org", "ftp://example.org/", "//example.org/", "https://", "https://exa mple.org/", "javascript:alert(1)"} {
		dir := filepath.Join(t.TempDir(), "site")
		_, err := NewSite(dir, SiteOptions{Title: "T", BaseURL: bad})
		var input *InputError
		if !errors.As(err, &input) || input.Flag != "--base-url" {
			t.Errorf("--base-url %q: err = %v, want an InputError for --base-url", bad, err)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("--base-url %q: the folder was made anyway", bad)
		}
	}
}

// TestTreeStaysInside plants the symbolic links a new site's files could be
// led through and checks that nothing lands outside the folder.
func TestTreeStaysInside(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "content")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(outside, "site.toml"), filepath.Join(dir, "site.toml")); err != nil {
		t.Fatal(err)
	}
	tr, err := openDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.close()
	for _, rel := range []string{"content/events/x.toml", "site.toml", "../escape.toml"} {
		if err := tr.create(rel, []byte("x")); err == nil {
			t.Errorf("create(%q) wrote through a link or out of the folder", rel)
		}
	}
	if got := sitetest.Snapshot(t, outside); len(got) != 0 {
		t.Errorf("files appeared outside the folder: %v", got)
	}
}

func TestNewEvent(t *testing.T) {
	type check func(t *testing.T, site, file string, err error)
	wantInput := func(flag, msg string) check {
		return func(t *testing.T, site, file string, err error) {
			var input *InputError
			if !errors.As(err, &input) || input.Flag != flag || !strings.Contains(input.Msg, msg) {
				t.Errorf("err = %v, want an InputError for %s saying %q", err, flag, msg)
			}
		}
	}
	wantExists := func(path string) check {
		return func(t *testing.T, site, file string, err error) {
			var exists *ExistsError
			if !errors.As(err, &exists) || exists.Path != filepath.Join(site, path) {
				t.Errorf("err = %v, want an ExistsError naming %s", err, path)
			}
		}
	}
	wantEvent := func(path, id, title string, prec timeline.Precision) check {
		return func(t *testing.T, site, file string, err error) {
			if err != nil {
				t.Fatal(err)
			}
			if file != filepath.Join(site, path) {
				t.Errorf("file = %s, want %s", file, filepath.Join(site, path))
			}
			e := loadClean(t, site).Event(id)
			if e == nil {
				t.Fatalf("no event %q after NewEvent", id)
			}
			if e.Title != title || e.When.Precision != prec || e.KeyPos("id").Path != path || !slices.Equal(e.Timelines, []string{"apollo-11"}) {
				t.Errorf("event = %q %v in %s on %q; want %q %v in %s", e.Title, e.When.Precision, e.KeyPos("id").Path, e.Timelines, title, prec, path)
			}
		}
	}
	cases := []struct {
		name  string
		opts  EventOptions
		setup func(t *testing.T, site string)
		check check
	}{
		{"minute", EventOptions{Title: "Train reaches Beijing", Timeline: "apollo-11", When: "2025-09-02T16:00"}, nil,
			wantEvent("content/events/train-reaches-beijing.toml", "train-reaches-beijing", "Train reaches Beijing", timeline.Minute)},
		{"year", EventOptions{Title: "Kim takes power", Timeline: "apollo-11", When: " 2011 "}, nil,
			wantEvent("content/events/kim-takes-power.toml", "kim-takes-power", "Kim takes power", timeline.Year)},
		{"offset", EventOptions{Title: "Z", Timeline: "apollo-11", When: "2025-09-02T16:00:30Z"}, nil,
			wantEvent("content/events/z.toml", "z", "Z", timeline.Second)},
		{"slug given", EventOptions{Title: "Café au lait", Timeline: "apollo-11", When: "2025-09", Slug: "coffee"}, nil,
			wantEvent("content/events/coffee.toml", "coffee", "Café au lait", timeline.Month)},
		{"file taken", EventOptions{Title: "Taken", Timeline: "apollo-11", When: "2025"},
			func(t *testing.T, site string) {
				sitetest.WriteFile(t, filepath.Join(site, "content/events/taken.toml"), "# mine\n")
			},
			wantExists("content/events/taken.toml")},
		{"id taken in another file", EventOptions{Title: "Eagle lands", Timeline: "apollo-11", When: "2025"}, nil,
			func(t *testing.T, site, file string, err error) {
				var exists *ExistsError
				if !errors.As(err, &exists) || !strings.Contains(exists.Msg, "content/events/apollo-11.toml:") {
					t.Errorf("err = %v, want the id refused, naming where it is used", err)
				}
			}},
		{"bad when", EventOptions{Title: "X", Timeline: "apollo-11", When: "2025-02-30"}, nil, wantInput("--when", "February 2025 has 28 days")},
		{"not a date", EventOptions{Title: "X", Timeline: "apollo-11", When: "yesterday"}, nil, wantInput("--when", `"yesterday"`)},
		{"empty when", EventOptions{Title: "X", Timeline: "apollo-11"}, nil, wantInput("--when", "2025-09-02T16:00")},
		{"unknown timeline", EventOptions{Title: "X", Timeline: "apolo-11", When: "2025"}, nil, wantInput("--timeline", `did you mean "apollo-11"?`)},
		{"far-off timeline", EventOptions{Title: "X", Timeline: "zzz", When: "2025"}, nil, wantInput("--timeline", "site.toml declares: apollo-11")},
		{"empty title", EventOptions{Title: " \n\t", Timeline: "apollo-11", When: "2025"}, nil, wantInput("title", "needs a title")},
		{"title without a-z", EventOptions{Title: "北京", Timeline: "apollo-11", When: "2025"}, nil, wantInput("--slug", "as 北, 京 are not Latin letters; give one with --slug, like --slug a-short-name")},
		{"title partly in Chinese", EventOptions{Title: "Kim 北京 visit", Timeline: "apollo-11", When: "2025"}, nil, wantInput("--slug", "like --slug kim-visit")},
		{"title of symbols", EventOptions{Title: "🚂 → ✈", Timeline: "apollo-11", When: "2025"}, nil, wantInput("--slug", "has no letters or digits")},
		{"accented title", EventOptions{Title: "Élysée summit", Timeline: "apollo-11", When: "2025-09-02"}, nil,
			wantEvent("content/events/elysee-summit.toml", "elysee-summit", "Élysée summit", timeline.Day)},
		{"bad slug", EventOptions{Title: "X", Timeline: "apollo-11", When: "2025", Slug: "../../etc/x"}, nil, wantInput("--slug", "may hold only")},
	}
	for i, title := range hostileTitles[:len(hostileTitles)-1] { // the last one's slug is not a-z
		cases = append(cases, struct {
			name  string
			opts  EventOptions
			setup func(t *testing.T, site string)
			check check
		}{"hostile title " + string(rune('a'+i)), EventOptions{Title: title, Timeline: "apollo-11", When: "2025-09-02"}, nil,
			wantEvent("content/events/"+timeline.Slugify(title)+".toml", timeline.Slugify(title), oneLine(title), timeline.Day)})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			site := newTestSite(t)
			if tc.setup != nil {
				tc.setup(t, site)
			}
			before := sitetest.Snapshot(t, site)
			file, err := NewEvent(site, tc.opts)
			tc.check(t, site, file, err)
			if err != nil && !maps.Equal(before, sitetest.Snapshot(t, site)) {
				t.Errorf("a refused NewEvent changed files")
			}
		})
	}
}

func TestNewArticle(t *testing.T) {
	for _, tc := range []struct {
		name     string
		title    string
		slug     string
		setup    func(t *testing.T, site string)
		wantPath string // "" when it must fail
		wantErr  string
	}{
		{"plain", "What we know", "", nil, "content/articles/what-we-know.md", ""},
		{"slug given", "What we know", "known", nil, "content/articles/known.md", ""},
		{"accented title", "Straße à Paris", "", nil, "content/articles/strasse-a-paris.md", ""},
		{"title in Chinese", "北京阅兵", "", nil, "", "as 北, 京, 阅, … are not Latin letters"},
		{"file taken", "Apollo 11 lands on the Moon", "", nil, "", "content/articles/apollo-11-lands-on-the-moon.md already exists"},
		{"slug taken in a subfolder", "Old news", "",
			func(t *testing.T, site string) {
				sitetest.WriteFile(t, filepath.Join(site, "content/articles/2024/old-news.md"), "+++\ntitle = \"Old\"\n+++\n")
			},
			"", `slug "old-news" of content/articles/2024/old-news.md`},
		{"slug taken by a draft", "Draft", "",
			func(t *testing.T, site string) {
				sitetest.WriteFile(t, filepath.Join(site, "content/articles/drafts/draft.md"), "+++\ntitle = \"D\"\ndraft = true\n+++\n")
			},
			"", `slug "draft"`},
		{"empty title", "", "", nil, "", "needs a title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newTestSite(t)
			if tc.setup != nil {
				tc.setup(t, site)
			}
			before := sitetest.Snapshot(t, site)
			file, err := NewArticle(site, ArticleOptions{Title: tc.title, Slug: tc.slug, Now: testNow})
			if tc.wantPath == "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want it to say %q", err, tc.wantErr)
				}
				if !maps.Equal(before, sitetest.Snapshot(t, site)) {
					t.Errorf("a refused NewArticle changed files")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if file != filepath.Join(site, tc.wantPath) {
				t.Errorf("file = %s, want %s", file, tc.wantPath)
			}
			slug := strings.TrimSuffix(filepath.Base(file), ".md")
			if a := loadClean(t, site).Article(slug); a == nil || a.Title != tc.title || !a.Draft || !a.Date.Start.Equal(testNow) {
				t.Errorf("article %q loads as %+v; want a draft titled %q dated %v", slug, a, tc.title, testNow)
			}
		})
	}
}

func TestNewArticleHostileTitles(t *testing.T) {
	site := newTestSite(t)
	for _, title := range hostileTitles[:len(hostileTitles)-1] {
		file, err := NewArticle(site, ArticleOptions{Title: title, Now: testNow})
		if err != nil {
			t.Fatalf("title %q: %v", title, err)
		}
		a := loadClean(t, site).Article(strings.TrimSuffix(filepath.Base(file), ".md"))
		if a == nil || a.Title != oneLine(title) || !a.Draft {
			t.Errorf("title %q: loaded %+v", title, a)
		}
	}
}

// TestNewArticleDatedInSiteZone writes the date on the site's own clocks.
func TestNewArticleDatedInSiteZone(t *testing.T) {
	site := t.TempDir()
	sitetest.WriteFile(t, filepath.Join(site, "site.toml"), "title = \"T\"\ntime_zone = \"Asia/Shanghai\"\n")
	file, err := NewArticle(site, ArticleOptions{Title: "T", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if text := sitetest.ReadFile(t, filepath.Join(site, "content/articles/t.md")); !strings.Contains(text, "\ndate = 2025-09-02T16:30:15+08:00 ") {
		t.Errorf("%s does not hold the date in Beijing time:\n%s", file, text)
	}
}

func TestNewEventInSiteZone(t *testing.T) {
	site := t.TempDir()
	sitetest.WriteFile(t, filepath.Join(site, "site.toml"), "title = \"T\"\ntime_zone = \"Asia/Shanghai\"\n[[timelines]]\nid = \"j\"\ntitle = \"J\"\n")
	if _, err := NewEvent(site, EventOptions{Title: "Skewed", Timeline: "j", When: "2025-09-02T16:00+09:00"}); err == nil {
		t.Errorf("an offset that disagrees with the site's zone was accepted")
	}
	if _, err := NewEvent(site, EventOptions{Title: "Arrives", Timeline: "j", When: "2025-09-02T16:00+08:00"}); err != nil {
		t.Fatal(err)
	}
	e := loadClean(t, site).Event("arrives")
	if e.When.Zone != "Asia/Shanghai" || e.When.Start.UTC().Hour() != 8 {
		t.Errorf("when = %v in %q, want 08:00 UTC in Asia/Shanghai", e.When.Start, e.When.Zone)
	}
}

func TestNewWithoutSite(t *testing.T) {
	dir := t.TempDir()
	_, errEvent := NewEvent(dir, EventOptions{Title: "X", Timeline: "j", When: "2025"})
	_, errArticle := NewArticle(dir, ArticleOptions{Title: "X"})
	for _, err := range []error{errEvent, errArticle} {
		if err == nil || !strings.Contains(err.Error(), "no site.toml in "+dir) {
			t.Errorf("err = %v, want it to say there is no site.toml", err)
		}
	}
	if got := sitetest.Snapshot(t, dir); len(got) != 0 {
		t.Errorf("files written without a site: %v", got)
	}
}

// loadClean checks the whole site as a build would, with and without
// drafts, fails on any problem, and returns its model, drafts included.
func loadClean(t *testing.T, dir string) *timeline.Site {
	t.Helper()
	for _, drafts := range []bool{false, true} {
		if _, err := build.Check(context.Background(), build.Options{Source: dir, Drafts: drafts}); err != nil {
			t.Fatalf("the site no longer checks clean (drafts %v): %v", drafts, err)
		}
	}
	site, err := build.Prepare(os.DirFS(dir), build.Options{Drafts: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return site.Model
}

// assertTree fails unless the files below dir are exactly files.
func assertTree(t *testing.T, dir string, files []string) {
	t.Helper()
	got := sitetest.Files(t, dir)
	want := slices.Sorted(slices.Values(files))
	if !slices.Equal(got, want) {
		t.Errorf("files in the new site = %q, want %q", got, want)
	}
}
