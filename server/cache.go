package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
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
// keyed by the data version and the request URI. The version changes in the
// same transaction as any write readers could see, so a cached answer is
// never older than the version read for the request: no expiry, no purge.
// Old versions' entries simply fall out of the least-recently-used list.
//
// It also makes the answers revalidatable: the ETag names the version and
// the URI, so a browser asking again with If-None-Match gets a 304 without
// the page being rendered or even looked up. And it compresses each answer
// once, when it is stored, for every later reader that accepts gzip.
type responseCache struct {
	version func(context.Context) (int64, error)
	max     int

	mu      sync.Mutex
	size    int
	lru     *list.List // of *cachedResponse, most recent first
	entries map[string]*list.Element
}

type cachedResponse struct {
	key         string
	contentType string
	body        []byte
	gzipped     []byte // body compressed, or nil when that would not be smaller
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
	return &responseCache{version: version, max: maxBytes, lru: list.New(), entries: map[string]*list.Element{}}
}

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

func (rc *responseCache) put(r *cachedResponse) {
	cost := r.cost()
	if cost > rc.max {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if _, ok := rc.entries[r.key]; ok {
		return // a concurrent miss got here first with the same answer
	}
	rc.entries[r.key] = rc.lru.PushFront(r)
	rc.size += cost
	for rc.size > rc.max {
		old := rc.lru.Remove(rc.lru.Back()).(*cachedResponse)
		delete(rc.entries, old.key)
		rc.size -= old.cost()
	}
}

// etag names what a URI shows at a data version. It is weak: equal tags mean
// the same content, not necessarily the same bytes.
func etag(version int64, uri string) string {
	h := fnv.New64a()
	h.Write([]byte(uri))
	return fmt.Sprintf(`W/"%d-%x"`, version, h.Sum64())
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
		v, err := rc.version(req.Context())
		if err != nil {
			return next(c)
		}
		uri := req.URL.RequestURI()
		tag := etag(v, uri)
		res := c.Response()
		res.Header().Set(echo.HeaderCacheControl, "no-cache")
		res.Header().Set("ETag", tag)
		res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		if matches(req.Header.Get("If-None-Match"), tag) {
			return c.NoContent(http.StatusNotModified)
		}
		key := strconv.FormatInt(v, 10) + " " + uri
		if hit := rc.get(key); hit != nil {
			res.Header().Set("X-Cache", "hit")
			if hit.gzipped != nil && acceptsGzip(req.Header.Get(echo.HeaderAcceptEncoding)) {
				res.Header().Set(echo.HeaderContentEncoding, "gzip")
				return c.Blob(http.StatusOK, hit.contentType, hit.gzipped)
			}
			return c.Blob(http.StatusOK, hit.contentType, hit.body)
		}
		res.Header().Set("X-Cache", "miss")
		rec := &recorder{ResponseWriter: res.Writer}
		res.Writer = rec
		err = next(c)
		res.Writer = rec.ResponseWriter
		if err == nil && res.Status == http.StatusOK && !rec.overflow && shareable(res.Header()) {
			entry := &cachedResponse{key: key, contentType: res.Header().Get(echo.HeaderContentType), body: rec.body.Bytes()}
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
