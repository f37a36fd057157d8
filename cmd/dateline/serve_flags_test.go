package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestServeAllowedHostFlag runs serve with two --allowed-host names and
// checks that those names are answered and others refused.
func TestServeAllowedHostFlag(t *testing.T) {
	src := t.TempDir()
	sitetest.WriteFiles(t, src, map[string]string{"site.toml": goodSite, "content/events/a.toml": "[[event]]\ntitle = \"A\"\nwhen = \"2025\"\ntimelines = [\"journey\"]\n"})
	out, stdout := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--source", src, "--addr", "127.0.0.1:0",
			"--allowed-host", "preview.example.test", "--allowed-host", "Laptop.Local."}, stdout, io.Discard)
		stdout.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	home := servingURL(t, out)
	go func() { _, _ = io.Copy(io.Discard, out) }() // later rebuild lines

	port := home.Port()
	for _, tc := range []struct {
		host string
		code int
	}{
		{"127.0.0.1:" + port, http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"preview.example.test:" + port, http.StatusOK},
		{"laptop.local:" + port, http.StatusOK},
		{"evil.example:" + port, http.StatusForbidden},
		{"preview.example.test.evil.example:" + port, http.StatusForbidden},
	} {
		req, err := http.NewRequest("GET", home.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = tc.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("Host %s: status %d, want %d", tc.host, resp.StatusCode, tc.code)
		}
	}
}

// servingURL reads serve's first line, "15:04:05 serving http://...", and
// returns that address.
func servingURL(t *testing.T, out io.Reader) *url.URL {
	t.Helper()
	sc := bufio.NewScanner(out)
	if !sc.Scan() {
		t.Fatalf("serve stopped before it served: %v", sc.Err())
	}
	m := regexp.MustCompile(`^\d\d:\d\d:\d\d serving (http://\S+) `).FindStringSubmatch(sc.Text())
	if m == nil {
		t.Fatalf("first line %q does not name the address", sc.Text())
	}
	u, err := url.Parse(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestServeAddrInUse runs serve at an address another server holds: it
// fails at once with exit code 1 (not a usage error: the same command works
// once the other server stops) and says what to do.
func TestServeAddrInUse(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	src := t.TempDir()
	sitetest.WriteFiles(t, src, map[string]string{"site.toml": goodSite})
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"serve", "--source", src, "--addr", held.Addr().String()}, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != 1 {
		t.Errorf("exit code %d, want 1 (err %v)", code, err)
	}
	want := "dateline: cannot listen at " + held.Addr().String() + ": it is in use; use --addr 127.0.0.1:0 for any free port, or stop the other server\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

func TestServeAllowedHostFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string // what stdout (help) or else stderr holds
	}{
		{[]string{"serve", "-h"}, 0, "--allowed-host NAME"},
		{[]string{"serve", "--allowed-host", "preview.example.test:8080"}, 2, `invalid value "preview.example.test:8080" for flag --allowed-host: want an exact host name`},
		{[]string{"serve", "--allowed-host", "*.example.test"}, 2, "without port or wildcard"},
		{[]string{"serve", "--allowed-host", ""}, 2, "want an exact host name"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			if code := exitCode(err, &stderr); code != tc.code {
				t.Errorf("exit code %d, want %d (err %v)", code, tc.code, err)
			}
			out := &stderr
			if tc.code == 0 {
				out = &stdout
			}
			if !strings.Contains(out.String(), tc.out) {
				t.Errorf("output = %q\nwant it to hold %q", out.String(), tc.out)
			}
		})
	}
}
