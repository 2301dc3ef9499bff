// Package fetch downloads articles for ingest with the care an outbound
// request from a server needs: timeouts, a size cap, few redirects, and no
// connections to private, loopback or link-local addresses.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrForbiddenAddress is returned for URLs that resolve to addresses a
// server must not reach on a user's behalf.
var ErrForbiddenAddress = errors.New("fetch: address not allowed")

// ErrTooLarge is returned when the body exceeds the size cap.
var ErrTooLarge = errors.New("fetch: response too large")

// Client fetches pages. The zero value is not usable; call New.
type Client struct {
	http     *http.Client
	maxBytes int64
}

// Options tunes a Client.
type Options struct {
	Timeout      time.Duration // whole request; default 20s
	MaxBytes     int64         // body cap; default 10 MiB
	MaxRedirects int           // default 5
	AllowPrivate bool          // allow loopback and private addresses (tests only)
}

// Page is a fetched document.
type Page struct {
	URL         string // after redirects
	ContentType string
	Body        []byte
}

// New builds a client. The address check runs when each connection is
// dialled, after DNS resolution, so redirects and DNS rebinding cannot slip
// past it.
func New(o Options) *Client {
	if o.Timeout == 0 {
		o.Timeout = 20 * time.Second
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 10 << 20
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		if o.AllowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
		}
		if !Public(ap.Addr()) {
			return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
		}
		return nil
	}}
	transport := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
	}
	return &Client{
		maxBytes: o.MaxBytes,
		http: &http.Client{
			Timeout:   o.Timeout,
			Transport: transport,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > o.MaxRedirects {
					return fmt.Errorf("fetch: more than %d redirects", o.MaxRedirects)
				}
				if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
					return fmt.Errorf("fetch: redirect to %s URL refused", req.URL.Scheme)
				}
				return nil
			},
		},
	}
}

// Public reports whether a is an address on the public internet.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsValid() && !a.IsLoopback() && !a.IsPrivate() && !a.IsLinkLocalUnicast() &&
		!a.IsLinkLocalMulticast() && !a.IsMulticast() && !a.IsUnspecified() && !a.IsInterfaceLocalMulticast() &&
		!cgnat.Contains(a)
}

// cgnat is the shared address space of carrier-grade NAT, private in effect.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// Get fetches an http or https URL.
func (c *Client) Get(ctx context.Context, raw string) (*Page, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch: %q is not an http(s) URL", raw)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	req.Header.Set("User-Agent", "TimelineBot/1.0 (+news chronology ingest)")
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch: %s: %s", raw, resp.Status)
	}
	if resp.ContentLength > c.maxBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", raw, err)
	}
	if int64(len(body)) > c.maxBytes {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, c.maxBytes)
	}
	return &Page{URL: resp.Request.URL.String(), ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}
