package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"timeline/web"
)

// Cache limits: the default memory for cached responses, and the largest
// response worth keeping (a full list page is about 150 KB).
const (
	DefaultCacheBytes = 64 << 20
	maxCachedResponse = 2 << 20
)

// responseCache keeps the public pages and API answers readers ask for,
// keyed by the normal request (web.NormalQuery: known parameters only, in
// a fixed order) and stamped with the data version it was computed at. The
// version changes in the same transaction as any write readers could see,
// so an answer of the current version is never out of date: no expiry, no
// purge. Old answers stay until the least-recently-used list drops them.
//
// One computation per miss: concurrent requests for the same answer wait
// for the first one (singleflight) instead of computing it again. While one
// request recomputes an answer after a write, the others get the previous
// version's answer at once (X-Cache: stale) rather than waiting.
//
// It also makes the answers revalidatable: the ETag names the version and
// the normal URI, so a browser asking again with If-None-Match gets a 304
// without the page being rendered or even looked up. And it compresses each
// answer once, when it is stored, for every later reader that accepts gzip.
type responseCache struct {
	version func(context.Context) (int64, error)
	max     int

	mu      sync.Mutex
	size    int
	lru     *list.List // of *cachedResponse, most recent first
	entries map[string]*list.Element
	flights map[string]*flight // by version and key: computations under way
}

type cachedResponse struct {
	key         string // the normal URI
	version     int64
	contentType string
	body        []byte
	gzipped     []byte // body compressed, or nil when that would not be smaller
}

// flight is one computation of an answer that others may wait for; res is
// nil when the answer turned out not to be shareable.
type flight struct {
	done chan struct{}
	res  *cachedResponse
}

// cost is what an entry counts against the cache's memory.
func (r *cachedResponse) cost() int { return len(r.key) + len(r.body) + len(r.gzipped) }

// compress fills in the gzipped body when it saves at least a tenth.
func (r *cachedResponse) compress() {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(r.body); err != nil || zw.Close() != nil {
		return
	}
	if buf.Len() < len(r.body)*9/10 {
		r.gzipped = buf.Bytes()
	}
}

func newResponseCache(maxBytes int, version func(context.Context) (int64, error)) *responseCache {
	return &responseCache{version: version, max: maxBytes, lru: list.New(),
		entries: map[string]*list.Element{}, flights: map[string]*flight{}}
}

// get returns the answer kept for key, of whatever version.
func (rc *responseCache) get(key string) *cachedResponse {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	el, ok := rc.entries[key]
	if !ok {
		return nil
	}
	rc.lru.MoveToFront(el)
	return el.Value.(*cachedResponse)
}

// put keeps r, replacing an older version's answer for its key.
func (rc *responseCache) put(r *cachedResponse) {
	cost := r.cost()
	if cost > rc.max {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.entries[r.key]; ok {
		old := el.Value.(*cachedResponse)
		if old.version >= r.version {
			return // a concurrent miss got here first
		}
		rc.size -= old.cost()
		el.Value = r
		rc.lru.MoveToFront(el)
	} else {
		rc.entries[r.key] = rc.lru.PushFront(r)
	}
	rc.size += cost
	for rc.size > rc.max {
		old := rc.lru.Remove(rc.lru.Back()).(*cachedResponse)
		delete(rc.entries, old.key)
		rc.size -= old.cost()
	}
}

// join returns the computation of key at version v under way, or starts
// one: lead is true for the request that must compute it. When that
// computation ended since the caller looked, its answer comes back as hit.
func (rc *responseCache) join(v int64, key string) (f *flight, lead bool, hit *cachedResponse) {
	id := strconv.FormatInt(v, 10) + " " + key
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.entries[key]; ok && el.Value.(*cachedResponse).version == v {
		return nil, false, el.Value.(*cachedResponse)
	}
	if f := rc.flights[id]; f != nil {
		return f, false, nil
	}
	f = &flight{done: make(chan struct{})}
	rc.flights[id] = f
	return f, true, nil
}

// land ends a computation and wakes those waiting for it.
func (rc *responseCache) land(v int64, key string, f *flight, res *cachedResponse) {
	rc.mu.Lock()
	delete(rc.flights, strconv.FormatInt(v, 10)+" "+key)
	rc.mu.Unlock()
	f.res = res
	close(f.done)
}

// etag names what a URI shows at a data version. It is weak: equal tags mean
// the same content, not necessarily the same bytes.
func etag(version int64, uri string) string {
	h := fnv.New64a()
	h.Write([]byte(uri))
	return fmt.Sprintf(`W/"%d-%x"`, version, h.Sum64())
}

// normalise rewrites the request's query to its normal form, so that what
// the handler reads is exactly what keys the cache, and returns the normal
// URI. ok is false when the request is to go through untouched: a route
// outside the table, a malformed query, or unknown parameters on the API,
// which the handler refuses by name.
func normalise(c echo.Context) (uri string, ok bool) {
	req := c.Request()
	q, err := url.ParseQuery(req.URL.RawQuery)
	if err != nil {
		return "", false
	}
	normal, unknown, ok := web.NormalQuery(c.Path(), q)
	if !ok || (len(unknown) > 0 && strings.HasPrefix(req.URL.Path, "/api/")) {
		return "", false
	}
	req.URL.RawQuery = normal.Encode()
	params := c.QueryParams() // echo keeps the parsed query: make it agree
	clear(params)
	maps.Copy(params, normal)
	return req.URL.EscapedPath() + "?" + req.URL.RawQuery, true
}

// middleware serves GET requests from the cache, and keeps successful
// answers for the next reader. When the version cannot be read, the request
// goes through uncached and the handler meets the database error itself.
func (rc *responseCache) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet || web.Guarded(req.URL.Path) {
			return next(c) // the signed-in side is never cached, even if routed here by mistake
		}
		uri, ok := normalise(c)
		if !ok {
			return next(c)
		}
		v, err := rc.version(req.Context())
		if err != nil {
			return next(c)
		}
		req = req.WithContext(web.WithDataVersion(req.Context(), v))
		c.SetRequest(req)
		res := c.Response()
		res.Header().Set(echo.HeaderCacheControl, "no-cache")
		res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		tag := etag(v, uri)
		if matches(req.Header.Get("If-None-Match"), tag) {
			res.Header().Set("ETag", tag)
			return c.NoContent(http.StatusNotModified)
		}
		kept := rc.get(uri)
		if kept != nil && kept.version == v {
			return serve(c, kept, "hit")
		}
		f, lead, hit := rc.join(v, uri)
		if hit != nil {
			return serve(c, hit, "hit")
		}
		if !lead {
			if kept != nil && kept.version < v {
				return serve(c, kept, "stale") // one request is refreshing it
			}
			select {
			case <-f.done:
			case <-req.Context().Done():
				return req.Context().Err()
			}
			if f.res != nil {
				return serve(c, f.res, "shared")
			}
			return next(c) // not shareable: this request computes its own
		}
		var entry *cachedResponse
		defer func() { rc.land(v, uri, f, entry) }() // also when next panics
		res.Header().Set("ETag", tag)
		res.Header().Set("X-Cache", "miss")
		rec := &recorder{ResponseWriter: res.Writer}
		res.Writer = rec
		err = next(c)
		res.Writer = rec.ResponseWriter
		if err == nil && res.Status == http.StatusOK && !rec.overflow && shareable(res.Header()) {
			entry = &cachedResponse{key: uri, version: v, contentType: res.Header().Get(echo.HeaderContentType), body: rec.body.Bytes()}
			entry.compress()
			rc.put(entry)
		}
		if err != nil || res.Status != http.StatusOK {
			// Errors and redirects are not cached, and must not be revalidated
			// against a tag meant for the page.
			res.Header().Del("ETag")
		}
		return err
	}
}

// serve answers with a kept answer; how says where it came from.
func serve(c echo.Context, r *cachedResponse, how string) error {
	h := c.Response().Header()
	h.Set("ETag", etag(r.version, r.key))
	h.Set("X-Cache", how)
	if r.gzipped != nil && acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Blob(http.StatusOK, r.contentType, r.gzipped)
	}
	return c.Blob(http.StatusOK, r.contentType, r.body)
}

// shareable reports whether an answer may be kept for other readers: not
// when its handler marked it private or no-store (an answer that depends
// on who asks), nor when it sets a cookie.
func shareable(h http.Header) bool {
	cc := strings.ToLower(h.Get(echo.HeaderCacheControl))
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") && h.Get(echo.HeaderSetCookie) == ""
}

// matches reports whether an If-None-Match header names tag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func matches(header, tag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(tag, "W/") {
			return true
		}
	}
	return false
}

// acceptsGzip reads an Accept-Encoding header: gzip listed and not refused
// with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// recorder passes a response through and keeps a copy of its body, up to
// the largest response worth caching.
type recorder struct {
	http.ResponseWriter
	body     bytes.Buffer
	overflow bool
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.overflow {
		if r.body.Len()+len(p) > maxCachedResponse {
			r.overflow = true
			r.body = bytes.Buffer{}
		} else {
			r.body.Write(p)
		}
	}
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
