package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// atomicSave writes p as editors that save atomically do: a scratch file
// beside it, renamed over it.
func atomicSave(t *testing.T, p, text string) {
	t.Helper()
	tmp := p + ".tmp"
	sitetest.WriteFile(t, tmp, text)
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// sedSave writes p as "sed -i" does: a temporary file with a random name
// beside it, which is not an editor's scratch name, renamed over it.
func sedSave(t *testing.T, p, text string) {
	t.Helper()
	f, err := os.CreateTemp(filepath.Dir(p), "sed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe to write from the server and read from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// liveServer is serve running on a free port of 127.0.0.1 over a site folder.
type liveServer struct {
	*Server
	src string
	url string // http://127.0.0.1:port
	out *syncBuffer
}

func startServer(t *testing.T, src string, poll time.Duration) *liveServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	s := New(build.Options{Source: src}, out)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, poll) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop after its context was cancelled")
		}
	})
	ls := &liveServer{Server: s, src: src, url: "http://" + ln.Addr().String(), out: out}
	eventually(t, "the server answers", func() bool { return ls.status("/dateline/") == http.StatusOK })
	return ls
}

func (ls *liveServer) get(path string) (int, string) {
	resp, err := http.Get(ls.url + path)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (ls *liveServer) status(path string) int { code, _ := ls.get(path); return code }

func (ls *liveServer) stateEvent() (string, string) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.state.Event, ls.state.Data
}

// eventually polls cond for up to 20 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkServedEqualsBuild compares every served file with a fresh full build.
func checkServedEqualsBuild(t *testing.T, s *Server) {
	t.Helper()
	want, _, err := buildSite(context.Background(), s.opts)
	if err != nil {
		t.Fatalf("fresh build: %v", err)
	}
	got := s.site.Load()
	if got.base != want.base {
		t.Errorf("base %q, fresh build %q", got.base, want.base)
	}
	if !maps.EqualFunc(got.files, want.files, bytes.Equal) {
		for name := range want.files {
			if !bytes.Equal(got.files[name], want.files[name]) {
				t.Errorf("served %s differs from a fresh build's", name)
			}
		}
		for name := range got.files {
			if _, ok := want.files[name]; !ok {
				t.Errorf("served %s, which a fresh build lacks", name)
			}
		}
	}
}

// collect renders every file of site into a map, as build.Write gives them.
func collect(ctx context.Context, site *build.Site) (map[string][]byte, error) {
	var mu sync.Mutex
	files := map[string][]byte{}
	err := build.Write(ctx, site, nil, func(rel string, data []byte) error {
		mu.Lock()
		files[rel] = data
		mu.Unlock()
		return nil
	})
	return files, err
}

// TestServedSiteMatchesBuild checks that serve adds only its client to what
// build.Write of a fresh Prepare produces, and injects the client script.
func TestServedSiteMatchesBuild(t *testing.T) {
	src := sitetest.CopyExample(t)
	s := New(build.Options{Source: src}, io.Discard)
	s.Rebuild(context.Background(), nil)
	site := s.site.Load()
	if site == nil || site.base != "/dateline/" {
		t.Fatalf("site not built under /dateline/: %+v", site)
	}
	plain, err := build.Prepare(os.DirFS(src), build.Options{Source: src, BaseURL: "/dateline/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	plainFiles, err := collect(context.Background(), plain)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.files) != len(plainFiles)+1 || site.files[clientPath] == nil {
		t.Errorf("served %d files, build %d: want the build's plus %s", len(site.files), len(plainFiles), clientPath)
	}
	if home := string(site.files["index.html"]); !strings.Contains(home, `<script src="/dateline/_dateline/live.js" defer>`) {
		t.Errorf("home page lacks the live-reload script")
	}
	if strings.Contains(string(plainFiles["index.html"]), "_dateline") {
		t.Errorf("a build without serve's script mentions _dateline")
	}
	checkServedEqualsBuild(t, s)
}

func TestHandler(t *testing.T) {
	src := sitetest.CopyExample(t)
	s := New(build.Options{Source: src}, io.Discard)
	s.Rebuild(context.Background(), nil)
	srv := httptest.NewServer(s)
	defer srv.Close()
	notFound := string(s.site.Load().files["404.html"])
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	for _, tc := range []struct {
		path     string
		code     int
		location string
		ctype    string
		body     string // expected exactly, when set
	}{
		{path: "/", code: http.StatusFound, location: "/dateline/"},
		{path: "/dateline", code: http.StatusFound, location: "/dateline/"},
		{path: "/dateline/", code: 200, ctype: "text/html; charset=utf-8"},
		{path: "/dateline/index.html", code: 200, ctype: "text/html; charset=utf-8"},
		{path: "/dateline/timelines/journey/", code: 200, ctype: "text/html; charset=utf-8"},
		{path: "/dateline/timelines/journey", code: http.StatusFound, location: "/dateline/timelines/journey/"},
		{path: "/dateline/timelines/", code: 404, body: notFound}, // a folder without index.html: no listing
		{path: "/dateline/style.css", code: 200, ctype: "text/css; charset=utf-8"},
		{path: "/dateline/_dateline/live.js", code: 200, ctype: "text/javascript; charset=utf-8", body: string(liveJS)},
		{path: "/dateline/no-such-page/", code: 404, ctype: "text/html; charset=utf-8", body: notFound},
		{path: "/elsewhere", code: 404, body: notFound},
		{path: "/dateline/../site.toml", code: 404, body: notFound},
		{path: "/dateline/%2e%2e/site.toml", code: 404, body: notFound},
		{path: "/dateline/%2E%2E/%2e%2e/etc/passwd", code: 404, body: notFound},
		{path: "/dateline/..%2fsite.toml", code: 404, body: notFound},
		{path: "/dateline/..%5csite.toml", code: 404, body: notFound},
		{path: "//etc/passwd", code: 404, body: notFound},
		{path: "/dateline//etc/passwd", code: 404, body: notFound},
		{path: "/dateline/./index.html", code: 404, body: notFound},
		{path: "/dateline/%00", code: 404, body: notFound},
	} {
		t.Run(tc.path, func(t *testing.T) {
			// Raw request lines, so that no client cleans the path first.
			req, err := http.NewRequest("GET", srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.URL.Opaque = tc.path
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.code {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.code)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
			if tc.location != "" && resp.Header.Get("Location") != tc.location {
				t.Errorf("Location %q, want %q", resp.Header.Get("Location"), tc.location)
			}
			if tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tc.ctype)
			}
			if tc.body != "" && string(body) != tc.body {
				t.Errorf("body is not the expected one (%d bytes)", len(body))
			}
			if strings.Contains(string(body), "base_url") || strings.Contains(string(body), "root:") {
				t.Errorf("body leaks a file: %.200s", body)
			}
		})
	}
	resp, err := http.Post(srv.URL+"/dateline/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

// sseStream reads Server-Sent Events from the server.
type sseStream struct {
	events chan [2]string // event, data
}

func openEvents(t testing.TB, url string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	st := &sseStream{events: make(chan [2]string, 100)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev != "":
				st.events <- [2]string{ev, data}
				ev, data = "", ""
			}
		}
	}()
	return st
}

// next waits for the next event named one of names, skipping others.
func (st *sseStream) next(t testing.TB, names ...string) (string, string) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case e := <-st.events:
			for _, n := range names {
				if e[0] == n {
					return e[0], e[1]
				}
			}
		case <-deadline:
			t.Fatalf("no %v event", names)
		}
	}
}

// TestLiveEdits drives the watcher, rebuilds and event stream through the
// edits of a writing session, with inotify and with polling.
func TestLiveEdits(t *testing.T) {
	for _, poll := range []time.Duration{0, 50 * time.Millisecond} {
		t.Run(fmt.Sprintf("poll=%v", poll), func(t *testing.T) {
			testLiveEdits(t, poll)
		})
	}
}

func testLiveEdits(t *testing.T, poll time.Duration) {
	src := sitetest.CopyExample(t)
	ls := startServer(t, src, poll)
	events := openEvents(t, ls.url+"/dateline/_dateline/events")
	if ev, _ := events.next(t, "ok", "error", "reload"); ev != "ok" {
		t.Fatalf("first event %q, want ok", ev)
	}
	journey := filepath.Join(src, "content/events/journey.toml")
	original := sitetest.ReadFile(t, journey)

	// An edit by "sed -i": the page changes and the stream says reload.
	sedSave(t, journey, strings.Replace(original, `title = "`, `title = "Edited: `, 1))
	events.next(t, "reload")
	eventually(t, "the edited title is served", func() bool {
		_, body := ls.get("/dateline/")
		return strings.Contains(body, "Edited: ")
	})
	// One line a rebuild: how many pages were rendered again, after a
	// change to which file (sed's temporary file is none of them).
	if line := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d rebuilt (\d+) of (\d+) pages in \d+ ms after a change to content/events/journey\.toml$`).FindStringSubmatch(ls.out.String()); line == nil {
		t.Errorf("no rebuild line for the edit in:\n%s", ls.out.String())
	} else if line[1] == line[2] || line[1] == "0" {
		t.Errorf("rebuild line %q: an edit of one event should re-render some pages, not all", line[0])
	}

	// A new sub-folder with a new event file.
	sitetest.WriteFile(t, filepath.Join(src, "content/events/extra/more/new.toml"),
		"[[event]]\nid = \"brand-new\"\ntitle = \"A brand new event\"\nwhen = \"2025-09-01\"\ntimelines = [\"journey\"]\n")
	eventually(t, "the new event's page is served", func() bool { return ls.status("/dateline/events/brand-new/") == 200 })

	// Deleting it removes its page.
	if err := os.RemoveAll(filepath.Join(src, "content/events/extra")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the deleted event's page is gone", func() bool { return ls.status("/dateline/events/brand-new/") == 404 })

	// A broken file: the last good site stays, the state carries path:line:col.
	before := ls.builds.Load()
	atomicSave(t, journey, "[[event]]\ntitle = \"unterminated\n")
	_, data := events.next(t, "error")
	if !strings.Contains(data, `"pos":"content/events/journey.toml:2:`) || !strings.Contains(data, `"line":"title = \"unterminated"`) {
		t.Errorf("error event lacks the position or source line: %s", data)
	}
	if ev, _ := ls.stateEvent(); ev != "error" {
		t.Errorf("state %q after a broken build, want error", ev)
	}
	if _, body := ls.get("/dateline/"); !strings.Contains(body, "Edited: ") {
		t.Errorf("the last good site is not served after a failed build")
	}
	if ls.builds.Load() <= before {
		t.Errorf("no rebuild counted")
	}
	if out := ls.out.String(); !strings.Contains(out, "content/events/journey.toml:2:") {
		t.Errorf("terminal lacks the problem:\n%s", out)
	}
	// A page opened now learns of the error first thing.
	late := openEvents(t, ls.url+"/dateline/_dateline/events")
	if ev, _ := late.next(t, "ok", "error"); ev != "error" {
		t.Errorf("a new stream starts with %q, want error", ev)
	}

	// Fixed: the state clears and pages reload.
	atomicSave(t, journey, original)
	events.next(t, "reload")
	eventually(t, "the state clears", func() bool { ev, _ := ls.stateEvent(); return ev == "ok" })
	checkServedEqualsBuild(t, ls.Server)

	// A burst of 1,000 files costs few rebuilds.
	eventually(t, "the watcher is idle", func() bool {
		n := ls.builds.Load()
		time.Sleep(700 * time.Millisecond)
		return ls.builds.Load() == n
	})
	before = ls.builds.Load()
	burst := filepath.Join(src, "content/events/burst")
	if err := os.MkdirAll(burst, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		sitetest.WriteFile(t, filepath.Join(burst, fmt.Sprintf("e%04d.toml", i)),
			fmt.Sprintf("[[event]]\nid = \"burst-%d\"\ntitle = \"Burst %d\"\nwhen = \"2025-09-01\"\ntimelines = [\"journey\"]\n", i, i))
	}
	eventually(t, "the last burst file's page is served", func() bool { return ls.status("/dateline/events/burst-999/") == 200 })
	eventually(t, "rebuilding settles", func() bool {
		n := ls.builds.Load()
		time.Sleep(700 * time.Millisecond)
		return ls.builds.Load() == n
	})
	// Polling sees a long burst in slices, one per scan, so only inotify
	// promises the bound; polling must still end with the right site.
	if n := ls.builds.Load() - before; poll == 0 && n > 2 {
		t.Errorf("a burst of 1,000 files caused %d rebuilds, want one or two:\n%s", n, ls.out.String())
	}
	checkServedEqualsBuild(t, ls.Server)
}

// TestCSSOnlyChange checks that a stylesheet change is announced as "css".
func TestCSSOnlyChange(t *testing.T) {
	src := sitetest.CopyExample(t)
	sitetest.WriteFile(t, filepath.Join(src, "static/extra.css"), "body{}\n")
	ls := startServer(t, src, 0)
	events := openEvents(t, ls.url+"/dateline/_dateline/events")
	events.next(t, "ok")
	atomicSave(t, filepath.Join(src, "static/extra.css"), "body{color:red}\n")
	events.next(t, "css")
	eventually(t, "the new stylesheet is served", func() bool {
		_, body := ls.get("/dateline/extra.css")
		return strings.Contains(body, "red")
	})
}

// TestFirstBuildFails checks, through real HTTP requests, that while the
// site has never built every page lists the problems of the last build, as
// the overlay does (position, message, escaped source line), that the
// terminal says so after the address, and that pages reload once the site
// builds.
func TestFirstBuildFails(t *testing.T) {
	src := sitetest.CopyExample(t)
	journey := filepath.Join(src, "content/events/journey.toml")
	original := sitetest.ReadFile(t, journey)
	sitetest.WriteFile(t, journey, "[[event]]\ntitle = \"<b>unterminated\n")
	ls := startServer(t, src, 0)

	lines := strings.Split(ls.out.String(), "\n")
	if len(lines) < 3 || !regexp.MustCompile(`^\d\d:\d\d:\d\d serving http://127\.0\.0\.1:\d+/dateline/ \(Ctrl-C to stop\)$`).MatchString(lines[0]) ||
		!regexp.MustCompile(`^\d\d:\d\d:\d\d build failed in \d+ ms:$`).MatchString(lines[1]) ||
		!regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d content/events/journey\.toml:2:\d+: `).MatchString(ls.out.String()) {
		t.Errorf("terminal does not start with the address, then the failure and its problems:\n%s", ls.out.String())
	}
	for _, tc := range []struct {
		path string
		code int
	}{{"/dateline/", http.StatusOK}, {"/dateline/events/no-such-event/", http.StatusNotFound}} {
		code, body := ls.get(tc.path)
		if code != tc.code {
			t.Errorf("%s: status %d, want %d", tc.path, code, tc.code)
		}
		for _, want := range []string{
			"Build failed: the site has not built yet",
			`<div>content/events/journey.toml:2:`,
			`<pre>title = &#34;&lt;b&gt;unterminated</pre>`, // the source line, escaped
			`<script src="/dateline/_dateline/live.js" data-placeholder defer>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q:\n%s", tc.path, want, body)
			}
		}
	}
	events := openEvents(t, ls.url+"/dateline/_dateline/events")
	if _, data := events.next(t, "ok", "error"); !strings.Contains(data, `"pos":"content/events/journey.toml:2:`) {
		t.Errorf("the stream does not start with the problems: %s", data)
	}

	// Still broken, differently: the page lists this build's problem.
	atomicSave(t, journey, "[[event]]\ntitle = \"A\"\ntittle = \"B\"\n")
	events.next(t, "error")
	if _, body := ls.get("/dateline/"); !strings.Contains(body, "content/events/journey.toml:3:") || strings.Contains(body, "unterminated") {
		t.Errorf("the page does not list the problems of the latest build:\n%s", body)
	}

	atomicSave(t, journey, original)
	events.next(t, "reload")
	if _, body := ls.get("/dateline/"); strings.Contains(body, "Build failed") || !strings.Contains(body, "The journey") {
		t.Errorf("the site is not served once it builds:\n%.500s", body)
	}
	checkServedEqualsBuild(t, ls.Server)
}
