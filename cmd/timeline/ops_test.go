//go:build ops

// The long checks of `make soak` and `make faults`: too slow for make test.

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

type opsServer struct {
	cmd     *exec.Cmd
	base    string
	metrics string
	dataDir string
	stderr  *syncBuffer
	exited  chan error
}

// startOps starts `timeline serve --demo` with a synthetic dataset on the
// embedded cluster and waits until it is ready.
func startOps(t *testing.T, port int) *opsServer {
	t.Helper()
	bin := buildBinary(t)
	dataDir := t.TempDir()
	for _, d := range []string{filepath.Dir(dataDir), dataDir} {
		os.Chmod(d, 0o755)
	}
	s := &opsServer{base: fmt.Sprintf("http://127.0.0.1:%d", port), metrics: fmt.Sprintf("http://127.0.0.1:%d/metrics", port+1),
		dataDir: dataDir, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	env := append(os.Environ(), "TIMELINE_RATE_LIMIT=off", "TIMELINE_MAX_CONNS_PER_CLIENT=0", "TIMELINE_DATA_DIR="+dataDir, fmt.Sprintf("TIMELINE_ADDR=127.0.0.1:%d", port), "DATABASE_URL=",
		fmt.Sprintf("TIMELINE_METRICS_ADDR=127.0.0.1:%d", port+1), "TIMELINE_LOG_LEVEL=warn")
	seed := exec.Command(bin, "seed", "--synthetic", "20000")
	seed.Env = env
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	s.cmd = exec.Command(bin, "serve", "--demo")
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exited <- s.cmd.Wait() }()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.exited
		if t.Failed() {
			t.Logf("server log (warnings and errors):\n%.20000s", s.stderr.String())
		}
	})
	for i := 0; i < 300; i++ {
		if code, _, _ := status(t, s.base+"/readyz"); code == 200 {
			return s
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("server not ready within a minute")
	return nil
}

// load sends rate requests a second (open loop) over a mix of cached and
// uncached URLs until stop is closed, and tallies the answers.
type load struct {
	mu        sync.Mutex
	codes     map[int]int
	errs      map[string]int
	latencies []time.Duration
	sent      atomic.Int64
	finished  chan struct{} // closed once every request sent is answered
}

func runLoad(base string, rate int, stop <-chan struct{}) *load {
	urls := []string{"/", "/?from=2022-09-01&to=2022-09-30", "/api/v1/events?from=2022-09-01&to=2022-09-30",
		"/events/1", "/feed.atom", "/static/css/nope.css"}
	return runLoadOf(rate, stop, func(n int) string {
		if n%4 == 3 { // a long tail the cache never saw
			return fmt.Sprintf("%s/?q=mobil&from=2022-%02d-%02d", base, 1+n%12, 1+n%28)
		}
		return base + urls[n%len(urls)]
	})
}

// runLoadOf sends rate requests a second (open loop) to next(0), next(1), ...
// until stop is closed.
func runLoadOf(rate int, stop <-chan struct{}, next func(n int) string) *load {
	l := &load{codes: map[int]int{}, errs: map[string]int{}, finished: make(chan struct{})}
	client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(rate))
	go func() {
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-stop:
				wg.Wait()
				close(l.finished)
				return
			case <-tick.C:
			}
			u := next(n)
			wg.Add(1)
			l.sent.Add(1)
			go func() {
				defer wg.Done()
				began := time.Now()
				resp, err := client.Get(u)
				took := time.Since(began)
				l.mu.Lock()
				defer l.mu.Unlock()
				if err != nil {
					msg := err.Error()
					if i := strings.LastIndex(msg, ": "); i >= 0 {
						msg = msg[i+2:]
					}
					l.errs[msg]++
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				l.codes[resp.StatusCode]++
				l.latencies = append(l.latencies, took)
			}()
		}
	}()
	return l
}

func (l *load) report(t *testing.T, what string) {
	<-l.finished
	l.mu.Lock()
	defer l.mu.Unlock()
	sort.Slice(l.latencies, func(i, j int) bool { return l.latencies[i] < l.latencies[j] })
	q := func(p float64) time.Duration {
		if len(l.latencies) == 0 {
			return 0
		}
		return l.latencies[int(p*float64(len(l.latencies)-1))]
	}
	t.Logf("%s: %d sent, statuses %v, transport errors %v, p50 %s, p99 %s, max %s", what, l.sent.Load(), l.codes, l.errs,
		q(.5).Round(time.Microsecond), q(.99).Round(time.Microsecond), q(1).Round(time.Microsecond))
}

// sample reads the server's RSS (kB) and goroutines.
func (s *opsServer) sample(t *testing.T) (rssKB, goroutines int) {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "VmRSS:" {
			rssKB, _ = strconv.Atoi(f[1])
		}
	}
	_, _, body := status(t, s.metrics)
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			goroutines, _ = strconv.Atoi(v)
		}
	}
	return rssKB, goroutines
}

// TestSoak: SOAK_DURATION (default 10m) at SOAK_RATE req/s (default 500)
// with zero errors and flat memory.
func TestSoak(t *testing.T) {
	d, rate := 10*time.Minute, 500
	if v := os.Getenv("SOAK_DURATION"); v != "" {
		d, _ = time.ParseDuration(v)
	}
	if v := os.Getenv("SOAK_RATE"); v != "" {
		rate, _ = strconv.Atoi(v)
	}
	s := startOps(t, 18153)
	stop := make(chan struct{})
	l := runLoad(s.base, rate, stop)
	var samples [][2]int
	every := max(d/10, 5*time.Second)
	for began := time.Now(); time.Since(began) < d; {
		time.Sleep(every)
		rss, g := s.sample(t)
		samples = append(samples, [2]int{rss, g})
		t.Logf("after %s: RSS %d MB, %d goroutines", time.Since(began).Round(time.Second), rss/1024, g)
	}
	close(stop)
	l.report(t, fmt.Sprintf("soak %s at %d req/s", d, rate))
	if len(l.errs) > 0 {
		t.Errorf("transport errors: %v", l.errs)
	}
	for code, n := range l.codes {
		if code >= 500 {
			t.Errorf("%d answers with status %d", n, code)
		}
	}
	if len(samples) >= 3 {
		first, last := samples[1], samples[len(samples)-1] // after warming up
		if last[0] > first[0]*3/2 {
			t.Errorf("RSS grew from %d MB to %d MB", first[0]/1024, last[0]/1024)
		}
		if last[1] > first[1]*2+50 {
			t.Errorf("goroutines grew from %d to %d", first[1], last[1])
		}
	}
}

// TestFaultsUnderLoad: the postmaster killed and the database paused under
// load answer 503 (never 500) and recover by themselves; SIGTERM under load
// drops no request in flight.
func TestFaultsUnderLoad(t *testing.T) {
	s := startOps(t, 18155)
	pm, pids := clusterPids(t, s.dataDir)

	stop := make(chan struct{})
	l := runLoad(s.base, 100, stop)
	time.Sleep(3 * time.Second)
	syscall.Kill(pm, syscall.SIGKILL)
	killed := time.Now()
	for time.Since(killed) < 10*time.Second {
		if p, _ := clusterPids(t, s.dataDir); p != 0 && p != pm {
			if code, _, _ := status(t, s.base+"/?q=recovered"); code == 200 {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("kill -9 of the postmaster under load: serving again after %s", time.Since(killed).Round(time.Millisecond))
	if time.Since(killed) >= 10*time.Second {
		t.Error("not serving 10 s after the postmaster was killed")
	}
	time.Sleep(2 * time.Second)

	pm, pids = clusterPids(t, s.dataDir)
	for _, p := range pids {
		syscall.Kill(p, syscall.SIGSTOP)
	}
	time.Sleep(5 * time.Second)
	for _, p := range pids {
		syscall.Kill(p, syscall.SIGCONT)
	}
	resumed := time.Now()
	for time.Since(resumed) < 10*time.Second {
		if code, _, _ := status(t, s.base+"/?q=resumed"); code == 200 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("database paused 5 s under load: serving again %s after it resumed", time.Since(resumed).Round(time.Millisecond))
	if time.Since(resumed) > 5*time.Second {
		t.Error("not serving within 5 s of the database resuming")
	}
	time.Sleep(2 * time.Second)
	close(stop)
	l.report(t, "kill -9 and a 5 s pause at 100 req/s")
	for code, n := range l.codes {
		if code >= 500 && code != 503 {
			t.Errorf("%d answers with status %d during the faults (want 200 or 503)", n, code)
		}
	}
	if n := strings.Count(s.stderr.String(), "database unavailable: answering 503"); n < 1 || n > 4 {
		t.Errorf("outage logged %d times for two outages", n)
	}

	// SIGTERM under load: requests sent before it are all answered.
	stop = make(chan struct{})
	l = runLoad(s.base, 100, stop)
	time.Sleep(2 * time.Second)
	s.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(500 * time.Millisecond) // within the drain delay: still accepted
	close(stop)
	l.report(t, "SIGTERM at 100 req/s")
	if len(l.errs) > 0 {
		t.Errorf("requests lost around SIGTERM: %v", l.errs)
	}
	for code, n := range l.codes {
		if code >= 500 {
			t.Errorf("%d answers with status %d around SIGTERM", n, code)
		}
	}
	select {
	case err := <-s.exited:
		s.exited <- err
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("no exit 20 s after SIGTERM")
	}
}
