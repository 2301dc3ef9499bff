package fetch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"timeline/fetch"
)

func TestRefusesPrivateAddressesUnlessAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hop" {
			http.Redirect(w, r, "/article", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>hello</p></body></html>"))
	}))
	defer srv.Close()
	ctx := context.Background()

	if _, err := fetch.New(fetch.Options{}).Get(ctx, srv.URL+"/article"); !errors.Is(err, fetch.ErrForbiddenAddress) {
		t.Errorf("loopback: err = %v, want ErrForbiddenAddress", err)
	}
	p, err := fetch.New(fetch.Options{AllowPrivate: true}).Get(ctx, srv.URL+"/hop")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p.URL, "/article") || !strings.Contains(string(p.Body), "hello") {
		t.Errorf("page = %+v", p)
	}
}

func TestLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write([]byte(strings.Repeat("x", 5000)))
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/ftp":
			http.Redirect(w, r, "ftp://example.org/x", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{AllowPrivate: true, MaxBytes: 1000})
	ctx := context.Background()
	if _, err := c.Get(ctx, srv.URL+"/big"); !errors.Is(err, fetch.ErrTooLarge) {
		t.Errorf("big: %v", err)
	}
	for _, path := range []string{"/loop", "/ftp", "/missing"} {
		if _, err := c.Get(ctx, srv.URL+path); err == nil {
			t.Errorf("%s: no error", path)
		}
	}
	for _, bad := range []string{"file:///etc/passwd", "javascript:alert(1)", "not a url", "http://"} {
		if _, err := c.Get(ctx, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2a00:1450::1": true,
		"127.0.0.1": false, "10.1.2.3": false, "192.168.1.1": false, "172.16.0.1": false,
		"169.254.169.254": false, "::1": false, "fe80::1": false, "100.64.0.1": false,
		"0.0.0.0": false, "::ffff:127.0.0.1": false, "fd00::1": false,
	} {
		if got := fetch.Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
}
