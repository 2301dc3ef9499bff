package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The cache never holds more than its budget, drops the least recently used
// answer first, and does not keep an answer larger than the whole budget.
func TestResponseCacheBudget(t *testing.T) {
	rc := newResponseCache(1000, func(context.Context) (int64, error) { return 1, nil })
	body := []byte(strings.Repeat("x", 190)) // 200 bytes with a 10-byte key
	for i := range 5 {
		rc.put(&cachedResponse{key: fmt.Sprintf("1 /page-%02d", i), body: body})
	}
	if rc.size != 1000 || len(rc.entries) != 5 {
		t.Fatalf("size %d with %d entries, want 1000 with 5", rc.size, len(rc.entries))
	}
	rc.get("1 /page-00") // now the most recently used
	rc.put(&cachedResponse{key: "1 /page-05", body: body})
	if rc.get("1 /page-01") != nil || rc.get("1 /page-00") == nil || rc.get("1 /page-05") == nil {
		t.Error("eviction did not drop the least recently used entry (page-01)")
	}
	if rc.size > 1000 {
		t.Errorf("size %d over the budget", rc.size)
	}
	rc.put(&cachedResponse{key: "1 /huge", body: make([]byte, 2000)})
	if rc.get("1 /huge") != nil || rc.size > 1000 {
		t.Error("an answer larger than the budget was kept")
	}
}

func TestETagMatching(t *testing.T) {
	tag := etag(7, "/?type=protest")
	if tag != etag(7, "/?type=protest") || tag == etag(8, "/?type=protest") || tag == etag(7, "/?type=arson") {
		t.Fatal("tags must be equal for the same version and URI, and differ otherwise")
	}
	for header, want := range map[string]bool{
		"":                                   false,
		tag:                                  true,
		strings.TrimPrefix(tag, "W/"):        true,
		`"other", ` + tag:                    true,
		"*":                                  true,
		etag(6, "/?type=protest"):            false,
		`W/"7-0", ` + etag(7, "/?q=protest"): false,
	} {
		if got := matches(header, tag); got != want {
			t.Errorf("matches(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                     false,
		"gzip":                 true,
		"deflate, GZIP":        true,
		"br;q=1.0, gzip;q=0.5": true,
		"gzip;q=0":             false,
		"gzip; q=0.000":        false,
		"br":                   false,
		"x-gzip-ish":           false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
