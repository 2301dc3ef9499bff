package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"timeline/server"
)

func TestRateLimits(t *testing.T) {
	f := newFixture(t)
	tight := server.Rate{PerSecond: 0.001, Burst: 3} // no refill within the test
	e, err := server.New(f.store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{
		BaseURL:    "https://timeline.test",
		RateLimits: server.RateLimits{Search: tight, Histogram: tight, Export: tight},
	})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target, from string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.RemoteAddr = from + ":4242"
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	const a, b = "203.0.113.7", "198.51.100.9"
	limited := func(t *testing.T, rec *httptest.ResponseRecorder) {
		t.Helper()
		if rec.Code != http.StatusTooManyRequests {
			t.Fatalf("status %d, want 429: %.200s", rec.Code, rec.Body.String())
		}
		if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("Retry-After %q, want whole seconds", rec.Header().Get("Retry-After"))
		}
	}

	t.Run("search", func(t *testing.T) {
		if rec := get("/?q=yakutsk", a); rec.Code != 200 { // cached from now on
			t.Fatalf("first search: %d", rec.Code)
		}
		for i := range 2 {
			if rec := get("/?q=protest"+strconv.Itoa(i), a); rec.Code != 200 {
				t.Fatalf("search %d within the burst: %d", i, rec.Code)
			}
		}
		rec := get("/?q=another", a)
		limited(t, rec)
		if !strings.Contains(rec.Body.String(), "<html") || !strings.Contains(rec.Body.String(), "Too many requests") {
			t.Errorf("the HTML answer does not explain itself: %.300s", rec.Body.String())
		}
		// The API's searches share the bucket, and answer in JSON.
		rec = get("/api/v1/events?q=another", a)
		limited(t, rec)
		var body struct{ Error struct{ Status int } }
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Status != 429 {
			t.Errorf("API 429 body %.200s", rec.Body.String())
		}
		// What the cache holds costs nothing and is still answered; so
		// are pages without a search, and other clients.
		if rec := get("/?q=yakutsk", a); rec.Code != 200 || rec.Header().Get("X-Cache") != "hit" {
			t.Errorf("cached search while limited: %d, X-Cache %q", rec.Code, rec.Header().Get("X-Cache"))
		}
		if rec := get("/?from=2022-09-01&to=2022-09-30", a); rec.Code != 200 {
			t.Errorf("a page without a search while limited: %d", rec.Code)
		}
		if rec := get("/?q=another", b); rec.Code != 200 {
			t.Errorf("another client: %d", rec.Code)
		}
	})

	t.Run("histogram", func(t *testing.T) {
		for i := range 3 {
			if rec := get("/api/v1/histogram?from=2022-0"+strconv.Itoa(i+1)+"-01&to=2022-12-31", a); rec.Code != 200 {
				t.Fatalf("histogram %d: %d %.200s", i, rec.Code, rec.Body.String())
			}
		}
		limited(t, get("/api/v1/histogram?from=2022-06-01&to=2022-12-31", a))
	})

	t.Run("export", func(t *testing.T) {
		for i := range 3 {
			if rec := get("/export/events.csv", a); rec.Code != 200 {
				t.Fatalf("export %d: %d", i, rec.Code)
			}
		}
		limited(t, get("/export/events.json", a))
		if rec := get("/export/events.csv", b); rec.Code != 200 {
			t.Errorf("another client's export: %d", rec.Code)
		}
	})

	t.Run("IPv6 clients are counted per /64", func(t *testing.T) {
		for i := range 3 {
			if rec := get("/export/events.csv", "[2001:db8:1:2::"+strconv.Itoa(i+1)+"]"); rec.Code != 200 {
				t.Fatalf("export %d: %d", i, rec.Code)
			}
		}
		limited(t, get("/export/events.csv", "[2001:db8:1:2:ffff::9]"))
		if rec := get("/export/events.csv", "[2001:db8:1:3::1]"); rec.Code != 200 {
			t.Errorf("the next /64: %d", rec.Code)
		}
	})
}

func TestRateLimitsDefaultAllowReaders(t *testing.T) {
	f := newFixture(t) // default limits
	// A reader's burst of distinct searches (typing, refining) is answered.
	for i := range 20 {
		if rec := f.get(t, "/?q=term"+strconv.Itoa(i)); rec.Code != 200 {
			t.Fatalf("search %d: %d", i, rec.Code)
		}
	}
	// A script hammering the search is not.
	var refused int
	for i := range 200 {
		if rec := f.get(t, "/api/v1/events?q=flood"+strconv.Itoa(i)); rec.Code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Error("200 distinct searches in a row from one client: none refused")
	}
}
