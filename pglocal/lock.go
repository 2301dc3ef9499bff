package pglocal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockDir takes the lock on DataDir/timeline.lock for as long as the returned
// file stays open, and writes our pid into it for whoever finds it taken.
// flock locks belong to the open file, so a second Start in this same process
// is refused too, and the kernel drops the lock when a holder dies.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, "timeline.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("pglocal: locking %s: %w", path, err)
		}
		if pid := lockHolder(path); pid > 0 {
			return nil, fmt.Errorf("pglocal: %s (held by pid %d): %w", dir, pid, ErrLocked)
		}
		return nil, fmt.Errorf("pglocal: %s: %w", dir, ErrLocked)
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	return f, nil
}

// lockHolder returns the pid written in the lock file, or 0.
func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}
