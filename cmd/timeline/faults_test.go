package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a running process may write to while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// buildBinary compiles the command once per test into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "timeline")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// status GETs url and returns its status, a header and the body's start;
// 0 when no answer came within the client's timeout.
func status(t *testing.T, url string, header ...string) (int, http.Header, string) {
	t.Helper()
	client := http.Client{Timeout: 4 * time.Second}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, resp.Header, string(b)
}

// clusterPids returns the postmaster's pid and those of its children.
func clusterPids(t *testing.T, dataDir string) (int, []int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "pg", "postmaster.pid"))
	if err != nil {
		return 0, nil // between a crash and the restart
	}
	pm, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	pids := []int{pm}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the command's closing parenthesis: state, ppid.
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pm) {
			pids = append(pids, pid)
		}
	}
	return pm, pids
}

// TestServeFaults runs `timeline serve` on the embedded cluster as a real
// process and puts it through what operations throw at it: another
// subcommand on the same data folder, a paused database, a killed
// postmaster, SIGTERM.
func TestServeFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process and its own PostgreSQL cluster")
	}
	bin := buildBinary(t)
	dataDir := t.TempDir()
	for _, d := range []string{filepath.Dir(dataDir), dataDir} { // reachable by postgres when we run as root
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	const addr = "127.0.0.1:18151"
	base := "http://" + addr
	environ := append(os.Environ(), "TIMELINE_RATE_LIMIT=off", "TIMELINE_DATA_DIR="+dataDir, "TIMELINE_ADDR="+addr, "DATABASE_URL=",
		"TIMELINE_REQUEST_TIMEOUT=2s", "TIMELINE_DRAIN_DELAY=2s", "TIMELINE_METRICS_ADDR=127.0.0.1:18152")
	var stdout, stderr syncBuffer
	srv := exec.Command(bin, "serve", "--demo")
	srv.Env = environ
	srv.Stdout, srv.Stderr = &stdout, &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() {
		srv.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("server log:\n%s", stderr.String())
		}
	})
	waitFor := func(what string, limit time.Duration, ok func() bool) time.Duration {
		t.Helper()
		began := time.Now()
		for time.Since(began) < limit {
			select { // not srv.ProcessState: Wait writes it in another goroutine
			case err := <-exited:
				exited <- err
				t.Fatalf("%s: the server exited: %v", what, err)
			default:
			}
			if ok() {
				return time.Since(began)
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s: not within %s", what, limit)
		return 0
	}
	waitFor("server ready", 90*time.Second, func() bool { s, _, _ := status(t, base+"/readyz"); return s == 200 })

	// The first-run message says where it listens, where data lives and
	// how to make the first admin.
	for _, want := range []string{"serving at " + base, "Data: " + dataDir, "user add", "Ctrl-C"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("first-run message lacks %q:\n%s", want, stdout.String())
		}
	}

	// The connection file is private, and a second process uses it.
	fi, err := os.Stat(filepath.Join(dataDir, "connection.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("connection.json: %v, mode %v", err, fi)
	}
	sub := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = environ
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("timeline %s while serve runs: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if out := sub("correct horse battery staple\n", "user", "add", "ops@example.org", "--role", "admin"); !strings.Contains(out, "created admin") {
		t.Errorf("user add from a second process:\n%s", out)
	}
	if out := sub("", "user", "list"); !strings.Contains(out, "ops@example.org") {
		t.Errorf("user list from a second process:\n%s", out)
	}
	if out := sub("", "export", "--format", "csv"); strings.Count(out, "\n") < 2 {
		t.Errorf("export from a second process: %.300s", out)
	}

	// A paused database: answers come within their deadlines, as 503 with
	// Retry-After, an HTML page for pages and JSON under /api.
	_, pids := clusterPids(t, dataDir)
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGSTOP)
	}
	cont := func() {
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGCONT)
		}
	}
	t.Cleanup(cont)
	began := time.Now()
	s, _, _ := status(t, base+"/readyz")
	if s != http.StatusServiceUnavailable || time.Since(began) > 2*time.Second {
		t.Errorf("readyz with the database paused: %d after %s, want 503 within 2s", s, time.Since(began))
	}
	for i := 0; i < 3; i++ {
		s, h, body := status(t, base+"/?q=protest"+strconv.Itoa(i))
		if s != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(body, "<html") {
			t.Errorf("page with the database paused: %d, Retry-After %q, %.200s", s, h.Get("Retry-After"), body)
		}
	}
	s, h, body := status(t, base+"/api/v1/events?from=2022-09-01&to=2022-09-30")
	var js struct{ Error struct{ Status int } }
	if s != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || json.Unmarshal([]byte(body), &js) != nil || js.Error.Status != 503 {
		t.Errorf("API with the database paused: %d, Retry-After %q, %.200s", s, h.Get("Retry-After"), body)
	}
	// A client that gives up is logged as 499 at info level.
	quick := http.Client{Timeout: 300 * time.Millisecond}
	if resp, err := quick.Get(base + "/?q=impatient"); err == nil {
		resp.Body.Close()
		t.Errorf("an answer came with the database paused: %d", resp.StatusCode)
	}
	cont()
	waitFor("499 logged", 3*time.Second, func() bool {
		return strings.Contains(stderr.String(), `"uri":"/?q=impatient","status":499`)
	})
	took := waitFor("serving again after the pause", 5*time.Second, func() bool { s, _, _ := status(t, base+"/?q=back"); return s == 200 })
	t.Logf("served again %s after the database resumed", took)
	waitFor("outage end logged", 5*time.Second, func() bool { return strings.Contains(stderr.String(), "database available again") })
	if n := strings.Count(stderr.String(), "database unavailable: answering 503"); n != 1 {
		t.Errorf("outage logged %d times, want once for the whole outage", n)
	}
	if strings.Contains(stderr.String(), `"level":"ERROR","msg":"request`) {
		t.Errorf("the outage logged errors per request")
	}

	// A killed postmaster is restarted, and the site serves again.
	pm, _ := clusterPids(t, dataDir)
	if pm == 0 {
		t.Fatal("no postmaster.pid")
	}
	if err := syscall.Kill(pm, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	took = waitFor("serving again after the postmaster was killed", 8*time.Second, func() bool {
		s, _, _ := status(t, base+"/api/v1/events?from=2022-10-01&to=2022-10-31")
		p, _ := clusterPids(t, dataDir)
		return s == 200 && p != pm && p != 0
	})
	t.Logf("served again %s after kill -9 of the postmaster", took)
	for _, want := range []string{"postgres exited unexpectedly", "postgres restarted"} {
		if strings.Count(stderr.String(), want) != 1 {
			t.Errorf("log has %q %d times, want once", want, strings.Count(stderr.String(), want))
		}
	}

	// Metrics come on their own listener only.
	for _, u := range []string{base + "/", base + "/", base + "/nowhere"} {
		status(t, u)
	}
	s, _, body = status(t, "http://127.0.0.1:18152/metrics")
	for _, want := range []string{`timeline_http_requests_total{method="GET",route="/",status="200"}`,
		`timeline_http_requests_total{method="GET",route="/",status="503"}`,
		`timeline_http_requests_total{method="GET",route="unmatched",status="404"}`,
		`timeline_response_cache_total{result="hit"}`, `timeline_response_cache_total{result="miss"}`,
		"timeline_db_pool_open_connections", "timeline_http_request_duration_seconds_bucket", "timeline_ingest_jobs_unfinished 0"} {
		if s != 200 || !strings.Contains(body, want) {
			t.Errorf("metrics (%d) lack %s", s, want)
		}
	}
	if s, _, body := status(t, base+"/metrics"); strings.Contains(body, "timeline_http_requests_total") {
		t.Errorf("the public listener serves metrics (%d)", s)
	}

	// SIGTERM: /readyz turns 503 at once while the listener still answers,
	// then the process stops its cluster and exits 0.
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor("readyz 503 while draining", time.Second, func() bool { s, _, _ := status(t, base+"/readyz"); return s == 503 })
	if s, _, _ := status(t, base+"/healthz"); s != 200 {
		t.Errorf("healthz while draining: %d, want 200 (connections still accepted)", s)
	}
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			t.Errorf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit 20s after SIGTERM")
	}
	if _, err := os.Stat(filepath.Join(dataDir, "connection.json")); err == nil {
		t.Error("connection.json left behind after a clean stop")
	}
	if _, err := os.Stat(filepath.Join(dataDir, "pg", "postmaster.pid")); err == nil {
		t.Error("postgres still running after the server stopped")
	}
}
