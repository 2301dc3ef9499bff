//go:build !linux

package pglocal

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// initdbSkipsSync is false: without syncfs, initdb's own sync is the way.
const initdbSkipsSync = false

func syncFS(string) error { return nil }

// setDeathSignal does nothing: only Linux has a parent-death signal, and a
// server we leave behind is stopped by the next Start on its folder.
func setDeathSignal(*syscall.SysProcAttr) {}

// alive reports whether process pid exists.
func alive(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// processDir returns the working folder of process pid, as lsof reports it:
// postgres processes work in their data folder.
func processDir(pid int) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "lsof", "-a", "-p", strconv.Itoa(pid), "-d", "cwd", "-Fn").Output()
	if err != nil {
		return "", fmt.Errorf("lsof: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if line := sc.Text(); len(line) > 1 && line[0] == 'n' {
			return line[1:], nil
		}
	}
	return "", fmt.Errorf("lsof: no cwd for pid %d", pid)
}
