//go:build ops

// `make bench-uncached`: the public pages with the response cache off,
// measured as the issue asks (wrk -t1 -c16 beside the same server's static
// CSS file in the same run, then a steady open-loop rate), with the CPU the
// server and its PostgreSQL spent per request and the server's allocations
// per request, the working metrics on a shared machine.

package main

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchRoute is one measured URL, or a wrk script that varies it.
type benchRoute struct {
	name, path string
	lua        string // wrk script choosing each request's path, or ""
}

// searchWords give the route that searches for something else every time:
// a word and a made-up word to leave out ("protest -zq17"), so that neither
// the response cache nor the counts kept per data version ever saw it.
var searchWords = []string{"protest", "arson", "Kazan", "mobilization", "exemption", "refusal", "recruitment",
	"Yakutsk", "prisoner", "exodus", "office", "court", "Dagestan", "Buryatia", "casualties", "attack",
	"border", "Moscow", "students", "fathers", "Wagner", "summons", "Novosibirsk", "veterans"}

func benchRoutes() []benchRoute {
	quoted := make([]string, len(searchWords))
	for i, w := range searchWords {
		quoted[i] = strconv.Quote("/?q=" + w)
	}
	varied := "local paths = {" + strings.Join(quoted, ",") + "}\nlocal n = 0\n" +
		"request = function()\n  n = n + 1\n  return wrk.format(\"GET\", paths[(n % #paths) + 1] .. \"+-zq\" .. n)\nend\n"
	return []benchRoute{
		{name: "page-all", path: "/"},
		{name: "page-month", path: "/?from=2022-09-01&to=2022-09-30"},
		{name: "page-search", path: "/?q=protest"},
		{name: "page-search-varied", path: "/?q=" + searchWords[0], lua: varied},
		{name: "api-viewport-month", path: "/api/v1/events?from=2022-09-01&to=2022-09-30"},
		{name: "event", path: "/events/50000"},
	}
}

// TestBenchUncached seeds BENCH_EVENTS (100000) synthetic events into
// BENCH_DATA_DIR (a temporary folder unless given; a folder seeded before is
// reused), serves them with TIMELINE_CACHE_MB=0 from BENCH_BIN (built from
// this tree unless given) and prints, per route: wrk's rate and its ratio to
// the static CSS file measured just before it, wrk's p50 and p99, CPU ms per
// request of the server and of PostgreSQL, and allocations per request; then
// the p50/p99 of each at a steady BENCH_RATE (200) req/s. BENCH_SECONDS (10)
// is each wrk run and each steady run; BENCH_ROUTES is a regexp of route
// names to measure.
func TestBenchUncached(t *testing.T) {
	events := envInt(t, "BENCH_EVENTS", 100_000)
	secs := envInt(t, "BENCH_SECONDS", 10)
	rate := envInt(t, "BENCH_RATE", 200)
	port := envInt(t, "BENCH_PORT", 18160)
	if _, err := exec.LookPath("wrk"); err != nil {
		t.Fatal("wrk is not installed (apt-get install wrk)")
	}
	bin := os.Getenv("BENCH_BIN")
	if bin == "" {
		bin = buildBinary(t)
	}
	dataDir := os.Getenv("BENCH_DATA_DIR")
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	for _, d := range []string{filepath.Dir(dataDir), dataDir} {
		os.MkdirAll(d, 0o755)
		os.Chmod(d, 0o755) // the cluster may run as another user
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	metrics := fmt.Sprintf("http://127.0.0.1:%d/metrics", port+1)
	env := append(os.Environ(), "DATABASE_URL=", "TIMELINE_DATA_DIR="+dataDir, "TIMELINE_CACHE_MB=0",
		"TIMELINE_RATE_LIMIT=off", "TIMELINE_MAX_CONNS_PER_CLIENT=0", "TIMELINE_LOG_LEVEL=warn",
		fmt.Sprintf("TIMELINE_ADDR=127.0.0.1:%d", port), fmt.Sprintf("TIMELINE_METRICS_ADDR=127.0.0.1:%d", port+1))
	marker := filepath.Join(dataDir, fmt.Sprintf(".bench-seeded-%d", events))
	if _, err := os.Stat(marker); err != nil {
		began := time.Now()
		seed := exec.Command(bin, "seed", "--synthetic", strconv.Itoa(events))
		seed.Env = env
		if out, err := seed.CombinedOutput(); err != nil {
			t.Fatalf("seed: %v\n%s", err, out)
		}
		os.WriteFile(marker, nil, 0o644)
		t.Logf("seeded %d synthetic events in %s", events, time.Since(began).Round(time.Second))
	}
	srv := exec.Command(bin, "serve")
	srv.Env = env
	stderr := &syncBuffer{}
	srv.Stderr = stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() {
		srv.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			srv.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("server log:\n%.20000s", stderr.String())
		}
	})
	for i := 0; ; i++ {
		if code, _, _ := status(t, base+"/readyz"); code == 200 {
			break
		}
		if i == 300 {
			t.Fatal("server not ready within a minute")
		}
		time.Sleep(200 * time.Millisecond)
	}
	_, _, home := status(t, base+"/")
	css := regexp.MustCompile(`/static/css/app\.[0-9a-f]+\.css`).FindString(home)
	if css == "" {
		t.Fatal("no static CSS file linked from /")
	}

	routes := benchRoutes()
	if pat := os.Getenv("BENCH_ROUTES"); pat != "" {
		re := regexp.MustCompile(pat)
		routes = slices.DeleteFunc(routes, func(r benchRoute) bool { return !re.MatchString(r.name) })
	}
	dur := time.Duration(secs) * time.Second
	out := &strings.Builder{}
	fmt.Fprintf(out, "\n%d events, cache off, wrk -t1 -c16 -d%ds; load average before: %s\n", events, secs, loadAvg())
	fmt.Fprintf(out, "%-20s %9s %9s %7s %8s %8s %8s %8s %8s %9s\n", "route", "req/s", "css req/s", "ratio", "p50 ms", "p99 ms", "Go ms", "PG ms", "CPU ms", "allocs")
	for _, r := range routes {
		scriptPath := ""
		if r.lua != "" {
			scriptPath = filepath.Join(t.TempDir(), r.name+".lua")
			os.WriteFile(scriptPath, []byte(r.lua), 0o644)
		}
		for range 50 { // warm PostgreSQL's and the server's caches
			status(t, base+r.path)
		}
		cssRun := runWrk(t, base+css, "", dur)
		pm, pids := clusterPids(t, dataDir)
		goBefore, pgBefore := cpuTicks(srv.Process.Pid), cpuTicks(pids...)
		mallocsBefore := metricValue(t, metrics, "go_memstats_mallocs_total")
		run := runWrk(t, base+r.path, scriptPath, dur)
		_, pids2 := clusterPids(t, dataDir)
		goAfter, pgAfter := cpuTicks(srv.Process.Pid), cpuTicks(union(pids, pids2)...)
		mallocs := metricValue(t, metrics, "go_memstats_mallocs_total") - mallocsBefore
		_ = pm
		if run.requests == 0 || run.errors > 0 {
			t.Errorf("%s: %d requests, %d errors or non-2xx answers", r.name, run.requests, run.errors)
			continue
		}
		perReq := func(ticks int64) float64 { return float64(ticks) * 1000 / clockTicks / float64(run.requests) }
		goMS, pgMS := perReq(goAfter-goBefore), perReq(pgAfter-pgBefore)
		fmt.Fprintf(out, "%-20s %9.0f %9.0f %7s %8.2f %8.2f %8.2f %8.2f %8.2f %9.0f\n", r.name, run.rate, cssRun.rate,
			fmt.Sprintf("1/%.1f", cssRun.rate/run.rate), run.p50, run.p99, goMS, pgMS, goMS+pgMS, mallocs/float64(run.requests))
	}
	fmt.Fprintf(out, "\nsteady %d req/s for %ds each (open loop); load average before: %s\n", rate, secs, loadAvg())
	fmt.Fprintf(out, "%-20s %8s %8s %8s %8s %s\n", "route", "sent", "p50 ms", "p99 ms", "max ms", "answers")
	for _, r := range routes {
		next := func(int) string { return base + r.path }
		if r.lua != "" {
			next = func(n int) string { return base + "/?q=" + searchWords[n%len(searchWords)] + "+-zq" + strconv.Itoa(n) }
		}
		stop := make(chan struct{})
		l := runLoadOf(rate, stop, next)
		time.Sleep(dur)
		close(stop)
		<-l.finished
		l.mu.Lock()
		slices.Sort(l.latencies)
		q := func(p float64) float64 {
			if len(l.latencies) == 0 {
				return math.NaN()
			}
			return float64(l.latencies[int(p*float64(len(l.latencies)-1))].Microseconds()) / 1000
		}
		fmt.Fprintf(out, "%-20s %8d %8.2f %8.2f %8.2f %v %v\n", r.name, l.sent.Load(), q(.5), q(.99), q(1), l.codes, l.errs)
		if len(l.errs) > 0 || l.codes[http.StatusOK] != int(l.sent.Load()) {
			t.Errorf("%s: not every request answered 200: %v %v", r.name, l.codes, l.errs)
		}
		l.mu.Unlock()
	}
	fmt.Fprintf(out, "load average after: %s\n", loadAvg())
	t.Log(out.String())
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/PID/stat's times.
const clockTicks = 100

// cpuTicks adds up the user and system time of the processes, in ticks.
func cpuTicks(pids ...int) int64 {
	var n int64
	for _, pid := range pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		// After the command's closing parenthesis: state is field 3, utime 14, stime 15.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			s, _ := strconv.ParseInt(f[12], 10, 64)
			n += u + s
		}
	}
	return n
}

func union(a, b []int) []int {
	out := slices.Clone(a)
	for _, p := range b {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func metricValue(t *testing.T, url, name string) float64 {
	t.Helper()
	_, _, body := status(t, url)
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	t.Fatalf("no %s in the metrics", name)
	return 0
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// wrkRun is what one wrk run reports.
type wrkRun struct {
	rate             float64
	requests, errors int
	p50, p99         float64 // ms
}

var (
	wrkRate     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkErrors   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)|Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkLatency  = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
)

func runWrk(t *testing.T, url, script string, d time.Duration) wrkRun {
	t.Helper()
	args := []string{"-t1", "-c16", "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency"}
	if script != "" {
		args = append(args, "-s", script)
	}
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		t.Fatalf("wrk %s: %v\n%s", url, err, out)
	}
	s := string(out)
	var r wrkRun
	if m := wrkRate.FindStringSubmatch(s); m != nil {
		r.rate, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := wrkRequests.FindStringSubmatch(s); m != nil {
		r.requests, _ = strconv.Atoi(m[1])
	}
	for _, m := range wrkErrors.FindAllStringSubmatch(s, -1) {
		for _, v := range m[1:] {
			n, _ := strconv.Atoi(v)
			r.errors += n
		}
	}
	for _, m := range wrkLatency.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		switch m[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		if m[1] == "50" {
			r.p50 = v
		} else {
			r.p99 = v
		}
	}
	return r
}
