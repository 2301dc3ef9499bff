package server

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestStreamsOutliveWriteTimeout: a response that keeps writing for longer
// than the write timeout is cut, unless it is an export, whose deadline
// moves with each write; an export to a reader who stops reading is still
// cut, a write timeout after its last write went through.
func TestStreamsOutliveWriteTimeout(t *testing.T) {
	old := writeTimeout
	writeTimeout = 400 * time.Millisecond
	t.Cleanup(func() { writeTimeout = old })

	const chunks = 12
	slow := func(c echo.Context) error {
		c.Response().WriteHeader(http.StatusOK)
		for range chunks {
			io.WriteString(c.Response(), strings.Repeat("x", 100)+"\n")
			c.Response().Flush()
			time.Sleep(100 * time.Millisecond)
		}
		return nil
	}
	cut := make(chan error, 1)
	e := echo.New()
	e.Use(extendWhileWriting)
	e.GET("/export/slow", slow)
	e.GET("/slow", slow)
	e.GET("/export/big", func(c echo.Context) error {
		c.Response().WriteHeader(http.StatusOK)
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 4096 { // 256 MiB: far more than the sockets hold
			if _, err := c.Response().Write(chunk); err != nil {
				cut <- err
				return nil
			}
		}
		cut <- nil
		return nil
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: e, WriteTimeout: writeTimeout}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	lines := func(path string) int {
		res, err := http.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body) // a cut stream ends in an error: count what came
		return strings.Count(string(b), "\n")
	}
	if n := lines("/export/slow"); n != chunks {
		t.Errorf("an export writing for %s under a %s timeout got %d of %d lines", chunks*100*time.Millisecond, writeTimeout, n, chunks)
	}
	if n := lines("/slow"); n == chunks {
		t.Errorf("a page writing for %s under a %s timeout was not cut", chunks*100*time.Millisecond, writeTimeout)
	}

	res, err := http.Get("http://" + ln.Addr().String() + "/export/big")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	io.ReadFull(res.Body, make([]byte, 1<<10)) // then stop reading
	select {
	case err := <-cut:
		if err == nil {
			t.Error("256 MiB went to a reader that stopped reading")
		}
	case <-time.After(30 * time.Second):
		t.Error("an export to a reader who stopped reading still writes after 30 s")
	}
}
