package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"timeline/server"
)

// Unknown parameters neither miss the cache nor pass silently: pages
// ignore them (and share the cached answer), the API refuses them by name,
// with the cache on or off.
func TestUnknownParameters(t *testing.T) {
	f := newFixture(t)
	if rec := f.get(t, "/?from=2022-09-01&to=2022-09-30"); rec.Code != 200 || rec.Header().Get("X-Cache") != "miss" {
		t.Fatalf("first: %d %s", rec.Code, rec.Header().Get("X-Cache"))
	}
	if rec := f.get(t, "/?utm_source=feed&to=2022-09-30&from=2022-09-01&q="); rec.Code != 200 || rec.Header().Get("X-Cache") != "hit" {
		t.Errorf("same page with a made-up parameter: %d, X-Cache %q, want a hit", rec.Code, rec.Header().Get("X-Cache"))
	}

	uncached, err := server.New(f.store, slog.New(slog.NewTextHandler(io.Discard, nil)),
		server.Config{BaseURL: "https://timeline.test", CacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]http.Handler{"cached": f.h, "uncached": uncached} {
		for _, target := range []string{"/api/v1/events?from=2022-09-01&tpye=protest", "/api/v1/histogram?tpye=protest",
			"/api/v1/events/1?tpye=protest"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			var body struct{ Error struct{ Message string } }
			json.Unmarshal(rec.Body.Bytes(), &body)
			if rec.Code != 400 || !strings.Contains(body.Error.Message, "tpye") {
				t.Errorf("%s %s: %d %q, want 400 naming tpye", name, target, rec.Code, body.Error.Message)
			}
		}
	}
	if rec := f.get(t, "/api/v1/events?from=2022-09-01&type=protest&limit=5"); rec.Code != 200 {
		t.Errorf("known parameters: %d %.200s", rec.Code, rec.Body.String())
	}
}
