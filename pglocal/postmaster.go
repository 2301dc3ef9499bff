package pglocal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// readPidFile returns the pid and status lines of DataDir/pg/postmaster.pid,
// which postgres writes at start and updates to "ready" once it accepts
// connections; 0 and "" when there is no file.
func readPidFile(pgDir string) (pid int, status string) {
	b, err := os.ReadFile(filepath.Join(pgDir, "postmaster.pid"))
	if err != nil {
		return 0, ""
	}
	lines := strings.Split(string(b), "\n")
	pid, _ = strconv.Atoi(strings.TrimSpace(lines[0]))
	if len(lines) >= 8 {
		status = strings.TrimSpace(lines[7])
	}
	return pid, status
}

// clearStalePid deals with a postmaster.pid left by a server that was not
// stopped cleanly, before postgres sees it. We hold the folder's lock, so no
// other Cluster is using it; the pid in the file is then either dead, reused
// by an unrelated process (common in containers, where pids are small and
// reused across restarts, and postgres would refuse to start), or a server
// whose owner died without stopping it, which we stop.
func (c *Cluster) clearStalePid() error {
	pidFile := filepath.Join(c.pgDir, "postmaster.pid")
	pid, _ := readPidFile(c.pgDir)
	if pid == 0 {
		return nil
	}
	if !alive(pid) {
		c.log.Info("removing stale postmaster.pid", "dir", c.pgDir, "pid", pid)
		return removeIfExists(pidFile)
	}
	cwd, err := processDir(pid)
	if err != nil {
		// We cannot tell; postgres itself refuses to start if it matters.
		c.log.Warn("cannot tell what process owns postmaster.pid", "pid", pid, "err", err)
		return nil
	}
	resolved, err := filepath.EvalSymlinks(c.pgDir)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if cwd != resolved {
		c.log.Info("removing stale postmaster.pid: its pid now belongs to another process", "dir", c.pgDir, "pid", pid)
		return removeIfExists(pidFile)
	}
	// A postgres process works in its data folder: this is our server,
	// orphaned by a process that died without calling Stop.
	c.log.Warn("stopping a server left running by an earlier process", "dir", c.pgDir, "pid", pid)
	return stopOrphan(pid)
}

// stopOrphan asks a server we did not start for a fast shutdown and waits.
func stopOrphan(pid int) error {
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			return nil
		}
		return fmt.Errorf("pglocal: stopping the server left running (pid %d): %w", pid, err)
	}
	deadline := time.Now().Add(stopTimeout)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("pglocal: the server left running (pid %d) did not stop within %s", pid, stopTimeout)
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pglocal: %w", err)
	}
	return nil
}
