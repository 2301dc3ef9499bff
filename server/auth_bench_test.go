package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/static"
	"timeline/web"
)

// percentiles reports p50 and p99 of lat in milliseconds.
func percentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkSignIn50 signs 50 users in at once, again and again, through the
// real router with the production argon2id costs (19 MiB, t=2), and reports
// the latency of one sign-in and the heap's peak above its level before.
// "default" bounds concurrent hashes as the server does (one per CPU, at
// least two); "unbounded" lets all 50 hash at once, to show what the bound
// saves.
func BenchmarkSignIn50(b *testing.B) {
	const n = 50
	ctx := context.Background()
	// Users are made with cheap hashes; each first sign-in rehashes to the
	// real costs, so the measured rounds all verify production hashes.
	store := benchStore(b)
	const pw = "correct horse battery staple"
	for i := range n {
		if _, err := store.CreateUser(ctx, models.NewUser{Email: fmt.Sprintf("u%02d@example.org", i), Role: models.RoleEditor, Password: pw}); err != nil {
			b.Fatal(err)
		}
	}
	for _, mode := range []struct {
		name  string
		limit int
	}{{"default", 0}, {"unbounded", n}} {
		store.Passwords = models.NewHasher(models.DefaultHashParams, mode.limit, time.Minute)
		e, err := New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{BaseURL: "http://bench"})
		if err != nil {
			b.Fatal(err)
		}
		// One pre-session CSRF cookie and token serve every attempt.
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
		cookie := rec.Result().Cookies()[0]
		tok := between(rec.Body.String(), `name="csrf-token" content="`, `"`)
		signIn := func(i int) time.Duration {
			form := url.Values{"_csrf": {tok}, "email": {fmt.Sprintf("u%02d@example.org", i)}, "password": {pw}}
			req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = fmt.Sprintf("192.0.2.%d:4000", i+1)
			req.AddCookie(cookie)
			rec := httptest.NewRecorder()
			t0 := time.Now()
			e.ServeHTTP(rec, req)
			d := time.Since(t0)
			if rec.Code != http.StatusSeeOther {
				b.Fatalf("sign in %d: %d %.200s", i, rec.Code, rec.Body.String())
			}
			return d
		}
		for i := range n { // the rehash to production costs, outside the measure
			signIn(i)
		}
		b.Run(mode.name, func(b *testing.B) {
			var lat []time.Duration
			var mu sync.Mutex
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var peak atomic.Uint64
			stop := make(chan struct{})
			sampled := make(chan struct{})
			go func() {
				defer close(sampled)
				var ms runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-time.After(2 * time.Millisecond):
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak.Load() {
							peak.Store(ms.HeapInuse)
						}
					}
				}
			}()
			for b.Loop() {
				var wg sync.WaitGroup
				for i := range n {
					wg.Go(func() {
						d := signIn(i)
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
					})
				}
				wg.Wait()
			}
			close(stop)
			<-sampled
			percentiles(b, lat)
			b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(store.Passwords.Limit()), "hash-limit")
		})
	}
}

// benchStore is a fresh database with cheap password hashing.
func benchStore(b *testing.B) *models.Store {
	store, err := models.Open(context.Background(), pgtest.New(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	store.Passwords = models.NewHasher(models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 0, time.Minute)
	return store
}

func between(s, start, end string) string {
	_, rest, _ := strings.Cut(s, start)
	v, _, _ := strings.Cut(rest, end)
	return v
}

// BenchmarkSessionCheck measures what the session check adds to a request
// of the signed-in side: the same trivial handler served with and without
// requireRole in front of it, side by side in one run, through echo.
func BenchmarkSessionCheck(b *testing.B) {
	ctx := context.Background()
	store := benchStore(b)
	if _, err := store.CreateUser(ctx, models.NewUser{Email: "ed@example.org", Role: models.RoleEditor, Password: "correct horse battery staple"}); err != nil {
		b.Fatal(err)
	}
	_, token, err := store.SignIn(ctx, models.SignInRequest{Email: "ed@example.org", Password: "correct horse battery staple"})
	if err != nil {
		b.Fatal(err)
	}
	assets, err := static.New()
	if err != nil {
		b.Fatal(err)
	}
	h := web.NewHandler(store, assets, nil, "http://bench", "")
	e := echo.New()
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	e.GET("/open", ok)
	e.GET("/admin/checked", ok, requireRole(h, models.RoleEditor))
	for _, path := range []string{"/open", "/admin/checked"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.AddCookie(&http.Cookie{Name: h.SessionCookie(), Value: token})
				rec := httptest.NewRecorder()
				t0 := time.Now()
				e.ServeHTTP(rec, req)
				lat = append(lat, time.Since(t0))
				if rec.Code != http.StatusNoContent {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
			percentiles(b, lat)
		})
	}
}
