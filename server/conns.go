package server

import (
	"net"
	"sync"
)

// The connection caps. Together with the header and read timeouts of
// Serve, they keep a client that opens connections and sends nothing
// (slowloris) from using up what other readers need: past its own cap a
// client's new connections are closed at once, and the total cap bounds
// the file descriptors and goroutines the server can be made to hold.
const (
	DefaultMaxConns          = 4096
	DefaultMaxConnsPerClient = 256
)

// capListener accepts at most total connections at once (further ones
// wait in the kernel's backlog) and at most perClient from one peer
// address (further ones are closed); perClient 0 means no per-client cap,
// as behind a proxy, where every connection comes from the proxy.
type capListener struct {
	net.Listener
	slots     chan struct{}
	perClient int

	mu     sync.Mutex
	counts map[string]int
}

func capConnections(ln net.Listener, total, perClient int) *capListener {
	if total <= 0 {
		total = DefaultMaxConns
	}
	return &capListener{Listener: ln, slots: make(chan struct{}, total), perClient: perClient, counts: map[string]int{}}
}

func (l *capListener) Accept() (net.Conn, error) {
	for {
		l.slots <- struct{}{}
		c, err := l.Listener.Accept()
		if err != nil {
			<-l.slots
			return nil, err
		}
		peer := peerHost(c)
		if !l.admit(peer) {
			c.Close()
			<-l.slots
			continue
		}
		return &cappedConn{Conn: c, done: func() { l.leave(peer); <-l.slots }}, nil
	}
}

func (l *capListener) admit(peer string) bool {
	if l.perClient <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts[peer] >= l.perClient {
		return false
	}
	l.counts[peer]++
	return true
}

func (l *capListener) leave(peer string) {
	if l.perClient <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts[peer]--; l.counts[peer] <= 0 {
		delete(l.counts, peer)
	}
}

func peerHost(c net.Conn) string {
	host, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		return c.RemoteAddr().String()
	}
	return host
}

// cappedConn gives its slot back once, however often it is closed.
type cappedConn struct {
	net.Conn
	once sync.Once
	done func()
}

func (c *cappedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.done)
	return err
}
