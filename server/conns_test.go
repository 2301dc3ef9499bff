package server_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"timeline/server"
)

// TestConnectionCaps runs the real listener: one client holding its
// share of idle connections is refused more, while another client is
// served, and a freed connection can be used again.
func TestConnectionCaps(t *testing.T) {
	f := newFixture(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := server.New(f.store, log, server.Config{BaseURL: "http://timeline.test", MaxConnsPerClient: 3, DrainDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Serve(ctx, e, ln, log) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := ln.Addr().String()

	dial := func(from string) net.Conn {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 2 * time.Second}
		c, err := d.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// served reports whether a request on c gets an answer.
	served := func(c net.Conn) bool {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: timeline.test\r\n\r\n"); err != nil {
			return false
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	}

	var idle []net.Conn
	for range 3 {
		idle = append(idle, dial("127.0.0.1")) // opened, nothing sent
	}
	time.Sleep(200 * time.Millisecond) // let the server accept them
	if served(dial("127.0.0.1")) {
		t.Error("a fourth connection from a client holding three was served")
	}
	if !served(dial("127.0.0.2")) {
		t.Error("another client was not served while the first held its cap")
	}
	idle[0].Close()
	time.Sleep(200 * time.Millisecond)
	if !served(dial("127.0.0.1")) {
		t.Error("a connection freed by the client was not given back")
	}
}
