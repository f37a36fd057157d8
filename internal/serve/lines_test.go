package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-ssg/dateline/internal/build"
	"github.com/dateline-ssg/dateline/internal/sitetest"
)

func TestLogStampsEveryLine(t *testing.T) {
	at := time.Date(2025, 9, 3, 15, 4, 5, 0, time.Local)
	for _, tc := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"one line", []string{"built 3 pages in 9 ms\n"}, "15:04:05 built 3 pages in 9 ms\n"},
		{"several lines in one write", []string{"build failed:\na.toml:1:1: x\nb.toml:2:1: y\n"},
			"15:04:05 build failed:\n15:04:05 a.toml:1:1: x\n15:04:05 b.toml:2:1: y\n"},
		{"a line in pieces", []string{"still ", "rendering\n"}, "15:04:05 still rendering\n"},
		{"a piece ending one line and starting the next", []string{"a", "b\nc", "d\n"}, "15:04:05 ab\n15:04:05 cd\n"},
		{"an empty line", []string{"\n"}, "15:04:05 \n"},
		{"nothing", []string{""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			l := &logWriter{w: &out, now: func() time.Time { return at }}
			for _, w := range tc.writes {
				if n, err := l.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if out.String() != tc.want {
				t.Errorf("got %q, want %q", out.String(), tc.want)
			}
		})
	}
	var out bytes.Buffer
	if l := NewLog(&out); NewLog(l) != l {
		t.Errorf("NewLog of a log wraps it again: lines would carry two times")
	}
}

func TestDescribeChange(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{"content/events/journey.toml"}, "a change to content/events/journey.toml"},
		{[]string{"a.toml", "b.md"}, "changes to a.toml and b.md"},
		{[]string{"a.toml", "b.md", "c.md", "d.md"}, "changes to a.toml and 3 other files"},
	} {
		if got := describeChange(tc.paths); got != tc.want {
			t.Errorf("describeChange(%q) = %q, want %q", tc.paths, got, tc.want)
		}
	}
}

// TestFirstLines serves sites with several base_url values and checks the
// first lines printed: the address to open, under the path of base_url
// only, then the first build, not "32 of 32 re-rendered"; and that every
// line starts with the time.
func TestFirstLines(t *testing.T) {
	for _, tc := range []struct {
		baseURL, path string
	}{
		{"https://CHANGE-ME.example/", "/"}, // what "dateline new site" writes
		{"https://example.github.io/dateline/", "/dateline/"},
		{"https://example.org", "/"},
		{"/docs/", "/docs/"},
	} {
		t.Run(tc.baseURL, func(t *testing.T) {
			src := sitetest.CopyExample(t)
			config := sitetest.ReadFile(t, src+"/site.toml")
			config = regexp.MustCompile(`(?m)^base_url = .*$`).ReplaceAllString(config, `base_url = "`+tc.baseURL+`"`)
			sitetest.WriteFile(t, src+"/site.toml", config)
			out, url := startOn(t, src, "")
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if want := "serving " + url + tc.path + " (Ctrl-C to stop)"; len(lines) < 2 || lines[0][len(timeLayout):] != want {
				t.Fatalf("first line is not %q:\n%s", want, out.String())
			}
			if !regexp.MustCompile(`^\d\d:\d\d:\d\d built \d+ pages in \d+ ms$`).MatchString(lines[1]) {
				t.Errorf("second line is not the first build's:\n%s", out.String())
			}
			for _, line := range lines {
				if !regexp.MustCompile(`^\d\d:\d\d:\d\d `).MatchString(line) {
					t.Errorf("line without its time: %q", line)
				}
			}
			resp, err := http.Get(url + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d", url+tc.path, resp.StatusCode)
			}
		})
	}
}

// startOn serves src on a free port until the test ends, as Run would
// after finding port busy in use, and returns its output once the first
// build is done, and the server's address (http://127.0.0.1:port).
func startOn(t *testing.T, src, busy string) (*syncBuffer, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveListener(ctx, ln, Options{Options: build.Options{Source: src}}, out, busy) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	eventually(t, "the first build is done", func() bool { return strings.Contains(out.String(), " built ") })
	return out, "http://" + ln.Addr().String()
}

// TestListen holds a port and checks what listen makes of it being in use.
func TestListen(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	taken := held.Addr().String()
	_, takenPort, _ := net.SplitHostPort(taken)
	port, _ := strconv.Atoi(takenPort)

	for _, tc := range []struct {
		name      string
		addr, def string
		ports     int
		busy      string // the port said to be in use
		err       string // part of the error, when one is expected
	}{
		{name: "the default is free", def: "127.0.0.1:0", ports: 10},
		{name: "the default is in use", def: taken, ports: 10, busy: takenPort},
		{name: "the default and all others tried are in use", def: taken, ports: 1,
			err: "cannot listen at " + taken + ": it is in use; use --addr 127.0.0.1:0 for any free port, or stop the other server"},
		{name: "an address given is in use", addr: taken, def: "127.0.0.1:0", ports: 10,
			err: "cannot listen at " + taken + ": it is in use; use --addr 127.0.0.1:0 for any free port"},
		{name: "an address given is free", addr: "127.0.0.1:0", def: taken, ports: 10},
		{name: "an address that cannot be", addr: "127.0.0.1:99999", ports: 10, err: "invalid port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, busy, err := listen(tc.addr, tc.def, tc.ports)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one with %q", err, tc.err)
				}
				var inUse *AddrInUseError
				if want := strings.Contains(tc.err, "in use"); errors.As(err, &inUse) != want {
					t.Errorf("err is an AddrInUseError: %v, want %v", !want, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			if busy != tc.busy {
				t.Errorf("busy = %q, want %q", busy, tc.busy)
			}
			if tc.busy != "" {
				_, p, _ := net.SplitHostPort(ln.Addr().String())
				if got, _ := strconv.Atoi(p); got <= port || got >= port+tc.ports {
					t.Errorf("listens at port %d, want one of the %d after %d", got, tc.ports-1, port)
				}
			}
		})
	}
	if got, want := (&AddrInUseError{Addr: "127.0.0.1:1313", Ports: 10}).Error(),
		"ports 1313 to 1322 of 127.0.0.1 are all in use; use --addr 127.0.0.1:0 for any free port, or stop the other servers"; got != want {
		t.Errorf("all default ports in use: %q, want %q", got, want)
	}
}

// TestMovedPortIsSaid checks the first line when the default port was in
// use and serve moved to another.
func TestMovedPortIsSaid(t *testing.T) {
	src := sitetest.CopyExample(t)
	out, url := startOn(t, src, "1313")
	want := fmt.Sprintf("port 1313 is in use; serving at %s/dateline/ instead (Ctrl-C to stop)\n", url)
	if first, _, _ := strings.Cut(out.String(), "\n"); first[len(timeLayout):]+"\n" != want {
		t.Errorf("first line %q, want %q after the time", first, want)
	}
}

// TestOpenURL checks the address the first line names: the listening one,
// or localhost when serve listens on every interface.
func TestOpenURL(t *testing.T) {
	for _, tc := range []struct{ listen, host string }{
		{"127.0.0.1:0", "127.0.0.1"},
		{"0.0.0.0:0", "localhost"},
		{"[::]:0", "localhost"},
	} {
		ln, err := net.Listen("tcp", tc.listen)
		if err != nil {
			t.Logf("%s: %v", tc.listen, err) // no IPv6 here
			continue
		}
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		if got, want := openURL(ln, "/docs/"), "http://"+net.JoinHostPort(tc.host, port)+"/docs/"; got != want {
			t.Errorf("listening at %s: %q, want %q", tc.listen, got, want)
		}
		ln.Close()
	}
}
