package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"timeline/server"
)

func TestSiteHeaders(t *testing.T) {
	f := newFixture(t) // base URL https://timeline.test
	rec := f.get(t, "/")
	if got := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("https base URL: Strict-Transport-Security %q", got)
	}
	if got := rec.Header().Get("Permissions-Policy"); !strings.Contains(got, "camera=()") {
		t.Errorf("Permissions-Policy %q", got)
	}

	// On a plain-http site, a client claiming https must not switch HSTS on.
	plain, err := server.New(f.store, slog.New(slog.NewTextHandler(io.Discard, nil)),
		server.Config{BaseURL: "http://localhost:8080"})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	rec = httptest.NewRecorder()
	plain.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("plain site: %d", rec.Code)
	}
	if got := rec.Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("http base URL with X-Forwarded-Proto https: Strict-Transport-Security %q, want none", got)
	}
	if rec.Header().Get("Permissions-Policy") == "" {
		t.Error("plain site: no Permissions-Policy")
	}
}

func TestRequestIDFromClient(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		sent string
		kept bool
	}{
		{"3f2a9c1e-77b0-4e0e-9d7e-0c1a2b3c4d5e", true},
		{"edge.proxy_42", true},
		{"", false},
		{"has space", false},
		{"<script>", false},
		{"line\tbreak", false},
		{strings.Repeat("a", 65), false},
	} {
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		if tc.sent != "" {
			req.Header.Set("X-Request-ID", tc.sent)
		}
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		got := rec.Header().Get("X-Request-ID")
		switch {
		case tc.kept && got != tc.sent:
			t.Errorf("sent %q: answered with %q, want it kept", tc.sent, got)
		case !tc.kept && (got == tc.sent || got == ""):
			t.Errorf("sent %q: answered with %q, want a fresh id", tc.sent, got)
		case !tc.kept && len(got) > 64:
			t.Errorf("fresh id %q too long", got)
		}
	}
}
