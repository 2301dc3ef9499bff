package pglocal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// connectionFile is where a running Cluster publishes how to reach it, so
// other processes wanting the same data folder connect instead of refusing.
const connectionFile = "connection.json"

type connectionInfo struct {
	PID int    `json:"pid"`
	URL string `json:"url"`
}

// publish writes DataDir/connection.json, readable by our account only
// since the URL carries the password.
func (c *Cluster) publish() error {
	b, err := json.Marshal(connectionInfo{PID: os.Getpid(), URL: c.URL()})
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	path := filepath.Join(c.dir, connectionFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	return nil
}

func (c *Cluster) unpublish() { os.Remove(filepath.Join(c.dir, connectionFile)) }

// Running returns the URL of the cluster another live process runs in
// dataDir, as it published it; ok is false when none does. Callers use it
// after Start failed with ErrLocked.
func Running(dataDir string) (url string, pid int, ok bool) {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return "", 0, false
	}
	b, err := os.ReadFile(filepath.Join(dir, connectionFile))
	if err != nil {
		return "", 0, false
	}
	var info connectionInfo
	if json.Unmarshal(b, &info) != nil || info.URL == "" || info.PID <= 0 {
		return "", 0, false
	}
	// The file must be the lock holder's, and the holder alive.
	if holder := lockHolder(filepath.Join(dir, "timeline.lock")); holder != info.PID || !alive(info.PID) {
		return "", 0, false
	}
	return info.URL, info.PID, true
}

// supervise restarts the server whenever it exits without Stop asking it
// to, with a backoff from a quarter second up to ten seconds between tries.
// Each crash and each return is logged once.
func (c *Cluster) supervise() {
	for {
		c.mu.Lock()
		p := c.server
		c.mu.Unlock()
		select {
		case <-c.done:
			return
		case <-p.exited:
		}
		c.mu.Lock()
		if c.stopping {
			c.mu.Unlock()
			return
		}
		tail := c.logTail()
		c.mu.Unlock()
		down := time.Now()
		c.log.Error("postgres exited unexpectedly: restarting it", "err", p.err, "port", c.port, "log_tail", tail)
		backoff := 250 * time.Millisecond
		for attempt := 1; ; attempt++ {
			select {
			case <-c.done:
				return
			case <-time.After(backoff):
			}
			err := c.restart()
			if errors.Is(err, errStopping) {
				return
			}
			if err == nil {
				c.log.Info("postgres restarted", "attempt", attempt, "port", c.port,
					"down_ms", time.Since(down).Milliseconds())
				break
			}
			backoff = min(backoff*2, 10*time.Second)
			if attempt == 1 || attempt%10 == 0 {
				c.log.Warn("postgres restart failed: retrying", "attempt", attempt, "next_in", backoff.String(), "err", err)
			}
		}
	}
}

var errStopping = errors.New("pglocal: stopping")

func (c *Cluster) restart() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopping {
		return errStopping
	}
	if err := c.clearStalePid(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	return c.launch(ctx, c.binDir, c.acct)
}

// Kill sends sig to the postmaster, as a crash or an operator would; tests
// and the fault checks use it. It returns the pid signalled.
func (c *Cluster) Kill(sig syscall.Signal) (int, error) {
	c.mu.Lock()
	p := c.server
	c.mu.Unlock()
	return p.proc.Pid, p.proc.Signal(sig)
}
