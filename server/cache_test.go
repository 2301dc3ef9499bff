package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"timeline/models"
)

// A page comes from the cache until what it shows changes; then the next
// reader gets the new page, and a browser's revalidation gets it too.
func TestResponseCacheFollowsTheData(t *testing.T) {
	f := newFixture(t)
	const target = "/?from=2022-09-01&to=2022-09-30"
	first := f.get(t, target)
	if first.Code != http.StatusOK || first.Header().Get("X-Cache") != "miss" {
		t.Fatalf("first GET: %d, X-Cache %q", first.Code, first.Header().Get("X-Cache"))
	}
	if !strings.Contains(first.Body.String(), "Women protest in Yakutsk") {
		t.Fatal("the page does not list the Yakutsk protest")
	}
	tag := first.Header().Get("ETag")
	if tag == "" || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q: want a tag and no-cache", tag, first.Header().Get("Cache-Control"))
	}

	second := f.get(t, target)
	if second.Header().Get("X-Cache") != "hit" || second.Body.String() != first.Body.String() {
		t.Fatalf("second GET: X-Cache %q, same body %v", second.Header().Get("X-Cache"), second.Body.String() == first.Body.String())
	}
	if ct := second.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("a hit is served as %q", ct)
	}
	if second.Header().Get("Content-Security-Policy") == "" || second.Header().Get("X-Request-Id") == "" {
		t.Error("a hit lost the security headers or the request id")
	}
	revalidate := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("If-None-Match", tag)
		f.h.ServeHTTP(rec, req)
		return rec
	}
	if rec := revalidate(); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Fatalf("revalidation with the same tag: %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
	}

	// An editor rejects the event: nobody may see the old page again.
	ev, err := f.store.Event(t.Context(), f.ids["yak"])
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetStatus(t.Context(), ev.ID, ev.Version, models.StatusRejected); err != nil {
		t.Fatal(err)
	}
	after := f.get(t, target)
	if after.Header().Get("X-Cache") != "miss" || strings.Contains(after.Body.String(), "Women protest in Yakutsk") {
		t.Errorf("after the rejection: X-Cache %q, still lists the rejected event: %v",
			after.Header().Get("X-Cache"), strings.Contains(after.Body.String(), "Women protest in Yakutsk"))
	}
	if rec := revalidate(); rec.Code != http.StatusOK || after.Header().Get("ETag") == tag {
		t.Errorf("revalidation after the change: %d, tag %q (was %q); want 200 and a new tag", rec.Code, after.Header().Get("ETag"), tag)
	}
	if rec := f.get(t, "/api/v1/events/"+strconv.FormatInt(ev.ID, 10)); rec.Code != http.StatusNotFound && rec.Code != http.StatusGone {
		t.Errorf("the API still serves the rejected event: %d", rec.Code)
	}
}

// A cached answer goes compressed to readers that accept gzip, and as is to
// the others.
func TestResponseCacheCompresses(t *testing.T) {
	f := newFixture(t)
	plain := f.get(t, "/")
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "br;q=1, gzip;q=0.8")
	f.h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("X-Cache") != "hit" {
		t.Fatalf("Content-Encoding %q, X-Cache %q: want a gzipped hit", rec.Header().Get("Content-Encoding"), rec.Header().Get("X-Cache"))
	}
	if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary = %q", rec.Header().Get("Vary"))
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != plain.Body.String() || rec.Body.Len() >= len(body) {
		t.Errorf("gzipped body: %d bytes for %d, same as the plain answer: %v", rec.Body.Len(), len(body), string(body) == plain.Body.String())
	}
	if again := f.get(t, "/"); again.Header().Get("Content-Encoding") != "" || again.Body.String() != plain.Body.String() {
		t.Error("a reader that does not accept gzip got it")
	}
}

// Only successful answers are kept: errors are rendered each time, and
// carry no tag a browser could revalidate with.
func TestResponseCacheKeepsNoErrors(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{"/?from=2022-13-01", "/events/999999", "/api/v1/histogram?buckets=0"} {
		for i := range 2 {
			rec := f.get(t, target)
			if rec.Code < 400 {
				t.Fatalf("%s: %d, want an error", target, rec.Code)
			}
			if rec.Header().Get("ETag") != "" || (i == 1 && rec.Header().Get("X-Cache") == "hit") {
				t.Errorf("%s (request %d): ETag %q, X-Cache %q", target, i+1, rec.Header().Get("ETag"), rec.Header().Get("X-Cache"))
			}
		}
	}
}

// Many readers at once share the cache safely (run with -race).
func TestResponseCacheConcurrentReaders(t *testing.T) {
	f := newFixture(t)
	targets := []string{"/", "/?type=protest", "/api/v1/events?from=2022-09-01&to=2022-09-30", "/api/v1/histogram", "/categories.css"}
	want := map[string]string{}
	for _, target := range targets {
		want[target] = f.get(t, target).Body.String()
	}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			target := targets[i%len(targets)]
			if rec := f.get(t, target); rec.Code != http.StatusOK || rec.Body.String() != want[target] {
				t.Errorf("%s: %d, body differs from the first answer: %v", target, rec.Code, rec.Body.String() != want[target])
			}
		})
	}
	wg.Wait()
}
