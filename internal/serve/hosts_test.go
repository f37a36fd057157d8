package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// serveOn runs Serve over src on a free port of 127.0.0.1 and returns its
// address. Requests made before the first build is done wait for it in the
// listener's queue.
func serveOn(t *testing.T, src string, allowed ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opts := Options{Options: build.Options{Source: src}, AllowedHosts: allowed}
	go func() { done <- Serve(ctx, ln, opts, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// getAs sends GET path to addr with exactly the given Host header, or with
// none when host is "", as a browser would that reached addr through that
// name. It returns the status, Content-Type and body; an event stream's body
// is not read, as it does not end.
func getAs(t *testing.T, addr, host, path string) (int, string, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(20 * time.Second)); err != nil {
		t.Fatal(err)
	}
	request := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	if host == "" {
		// HTTP/1.1 requires a Host header, HTTP/1.0 does not.
		request = fmt.Sprintf("GET %s HTTP/1.0\r\n\r\n", path)
	}
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctype := resp.Header.Get("Content-Type")
	if ctype == "text/event-stream" {
		// Closing the body would wait for the stream's end; closing the
		// connection ends it.
		return resp.StatusCode, ctype, firstEvent(t, resp.Body)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, ctype, string(body)
}

// firstEvent is the "event:" line of the first message of an event stream.
func firstEvent(t *testing.T, stream io.Reader) string {
	t.Helper()
	sc := bufio.NewScanner(stream)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "event: ") {
			return sc.Text()
		}
	}
	t.Fatalf("the event stream ended without an event: %v", sc.Err())
	return ""
}

// TestForeignHostsRefused sends requests for many Host names to a real
// server on 127.0.0.1, on every kind of route: only its own names get in.
func TestForeignHostsRefused(t *testing.T) {
	addr := serveOn(t, sitetest.CopyExample(t), "preview.example.test")
	_, port, _ := net.SplitHostPort(addr)
	routes := []struct {
		path  string
		code  int
		ctype string
	}{
		{"/", http.StatusFound, ""},
		{"/dateline/", http.StatusOK, "text/html; charset=utf-8"},
		{"/dateline/" + clientPath, http.StatusOK, "text/javascript; charset=utf-8"},
		{"/dateline/" + eventsPath, http.StatusOK, "text/event-stream"}, // its body is its first event
		{"/dateline/no-such-page/", http.StatusNotFound, "text/html; charset=utf-8"},
	}
	for _, tc := range []struct {
		host string // %s is the listening port
		ok   bool
	}{
		{"127.0.0.1:%s", true},
		{"localhost:%s", true},
		{"LOCALHOST:%s", true},
		{"localhost.:%s", true},
		{"[::1]:%s", true},
		{"[::ffff:127.0.0.1]:%s", true},
		{"127.0.0.2:%s", true}, // loopback too, and no name to re-point
		{"preview.example.test:%s", true},
		{"Preview.Example.Test.:%s", true},

		{"evil.example:%s", false},
		{"localhost.evil.example:%s", false},
		{"preview.example.test.evil.example:%s", false},
		{"127.0.0.1.evil.example:%s", false},
		{"192.0.2.1:%s", false}, // an address this server does not listen on
		{"127.0.0.1:1", false},
		{"localhost", false}, // port 80
		{"preview.example.test", false},
		{"", false},
	} {
		host := tc.host
		if strings.Contains(host, "%s") {
			host = fmt.Sprintf(host, port)
		}
		for _, route := range routes {
			t.Run(host+" "+route.path, func(t *testing.T) {
				code, ctype, body := getAs(t, addr, host, route.path)
				if tc.ok {
					if code != route.code || (route.ctype != "" && ctype != route.ctype) {
						t.Errorf("status %d, Content-Type %q; want %d, %q", code, ctype, route.code, route.ctype)
					}
					if ctype == "text/event-stream" && body != "event: ok" {
						t.Errorf("the stream starts with %q, want event: ok", body)
					}
					return
				}
				if code != http.StatusForbidden || !strings.HasPrefix(ctype, "text/plain") {
					t.Fatalf("status %d, Content-Type %q; want 403 in plain text", code, ctype)
				}
				if want := fmt.Sprintf("refused host %q", host); !strings.Contains(body, want) || !strings.Contains(body, "--allowed-host NAME") {
					t.Errorf("body %q does not name the host and --allowed-host NAME", body)
				}
			})
		}
	}
}

// TestHostGuardByListenAddress checks which hosts each listening address
// answers: any IP address on all interfaces, else only its own and loopback.
func TestHostGuardByListenAddress(t *testing.T) {
	for _, tc := range []struct {
		listen  string
		allowed []string
		host    string
		ok      bool
	}{
		{"0.0.0.0:1313", nil, "192.0.2.7:1313", true},
		{"0.0.0.0:1313", nil, "[2001:db8::7]:1313", true},
		{"0.0.0.0:1313", nil, "localhost:1313", true},
		{"0.0.0.0:1313", nil, "evil.example:1313", false},
		{"0.0.0.0:1313", nil, "192.0.2.7:1314", false},
		{"[::]:1313", nil, "192.0.2.7:1313", true},
		{"[::]:1313", nil, "[fe80::1%25eth0]:1313", true},
		{"[::]:1313", nil, "mac-mini.local:1313", false},
		{"[::]:1313", []string{"Mac-Mini.local"}, "mac-mini.local:1313", true},
		{"192.0.2.1:1313", nil, "192.0.2.1:1313", true},
		{"192.0.2.1:1313", nil, "192.0.2.2:1313", false},
		{"192.0.2.1:1313", nil, "127.0.0.1:1313", true},
		{"[::1]:1313", nil, "[::1]:1313", true},
		{"[::1]:1313", nil, "[::1]:1314", false},
		{"127.0.0.1:80", nil, "localhost", true},
		{"127.0.0.1:80", nil, "127.0.0.1", true},
		{"127.0.0.1:80", nil, "evil.example", false},
		{"127.0.0.1:1313", []string{"192.0.2.9"}, "192.0.2.9:1313", true},
		{"127.0.0.1:1313", []string{"[2001:db8::9]"}, "[2001:db8::9]:1313", true},
		{"127.0.0.1:1313", []string{"preview.example.test"}, "preview.example.test:8080", false},
	} {
		t.Run(tc.listen+" "+tc.host, func(t *testing.T) {
			addr := net.TCPAddrFromAddrPort(netip.MustParseAddrPort(tc.listen))
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
			req := httptest.NewRequest("GET", "/", nil)
			req.Host = tc.host
			rec := httptest.NewRecorder()
			guardHosts(next, addr, tc.allowed).ServeHTTP(rec, req)
			if ok := rec.Code == http.StatusOK; ok != tc.ok {
				t.Errorf("status %d, want answered = %v", rec.Code, tc.ok)
			}
		})
	}
}

func TestCheckAllowedHost(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"preview.example.test", true},
		{"Mac-Mini.local.", true},
		{"build_box", true},
		{"192.0.2.1", true},
		{"[2001:db8::1]", true},
		{"2001:db8::1", true},
		{"", false},
		{".", false},
		{"preview.example.test:8080", false},
		{"*.example.test", false},
		{"a..b", false},
		{"two words", false},
		{"http://preview.example.test", false},
		{"preview.example.test/", false},
		{strings.Repeat("a.", 127) + "ab", false},
	} {
		if err := CheckAllowedHost(tc.name); (err == nil) != tc.ok {
			t.Errorf("CheckAllowedHost(%q) = %v, want ok = %v", tc.name, err, tc.ok)
		}
	}
}

// TestServeRefusesBadAllowedHost checks that Serve itself checks the names.
func TestServeRefusesBadAllowedHost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	opts := Options{Options: build.Options{Source: t.TempDir()}, AllowedHosts: []string{"*.example.test"}}
	if err := Serve(context.Background(), ln, opts, io.Discard); err == nil || !strings.Contains(err.Error(), "*.example.test") {
		t.Errorf("Serve with a wildcard host: %v, want an error naming it", err)
	}
}

// TestProblemLinesStayInsideSite gives problemsOf positions in files that
// symbolic links lead to outside the site: their lines are never shown,
// while the lines of files inside it, linked or not, are.
func TestProblemLinesStayInsideSite(t *testing.T) {
	src, outside := t.TempDir(), t.TempDir()
	const secret = "root:SECRET-FIRST-LINE"
	sitetest.WriteFiles(t, outside, map[string]string{"secret.toml": secret + "\n", "dir/secret.toml": secret + "\n"})
	sitetest.WriteFiles(t, src, map[string]string{"content/events/inside.toml": "title = \"inside\"\n"})
	events := filepath.Join(src, "content/events")
	relSecret, err := filepath.Rel(events, filepath.Join(outside, "secret.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		filepath.Join(events, "absolute.toml"): filepath.Join(outside, "secret.toml"),
		filepath.Join(events, "relative.toml"): relSecret,
		filepath.Join(src, "content/linked"):   filepath.Join(outside, "dir"),
		filepath.Join(events, "alias.toml"):    "inside.toml",
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	for _, tc := range []struct {
		path string
		line string
	}{
		{"content/events/inside.toml", `title = "inside"`},
		{"content/events/alias.toml", `title = "inside"`},
		{"content/events/absolute.toml", ""},
		{"content/events/relative.toml", ""},
		{"content/linked/secret.toml", ""},
		{"../" + filepath.Base(outside) + "/secret.toml", ""},
		{filepath.Join(outside, "secret.toml"), ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			probs := timeline.Problems{{Pos: timeline.Pos{Path: tc.path, Line: 1, Col: 1}, Msg: "broken"}}
			got := problemsOf(src, fmt.Errorf("build: %w", probs))
			if len(got) != 1 || got[0].Line != tc.line {
				t.Errorf("problems %+v, want line %q", got, tc.line)
			}
			if data := encodeProblems(problemsOf(src, probs)); strings.Contains(data, "SECRET") {
				t.Errorf("error event shows a line from outside the site: %s", data)
			}
		})
	}
	if got := problemsOf(src, errors.New("plain")); len(got) != 1 || got[0].Line != "" {
		t.Errorf("a plain error: %+v", got)
	}
}
