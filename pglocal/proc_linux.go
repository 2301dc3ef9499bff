package pglocal

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// initdbSkipsSync says whether initdb runs with --no-sync, followed by one
// syncfs of the file system: as durable, and about half a second faster
// than initdb's fsync of each of its thousand files.
const initdbSkipsSync = true

// syncFS flushes the file system that holds dir.
func syncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	defer f.Close()
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		return fmt.Errorf("pglocal: syncfs %s: %w", dir, err)
	}
	return nil
}

// setDeathSignal asks the kernel to send the server SIGINT, PostgreSQL's
// fast shutdown, if we die without stopping it.
func setDeathSignal(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGINT
}

// alive reports whether process pid exists and is not a zombie waiting for
// a parent that will never reap it.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may
	// itself contain spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || i+2 >= len(b) || b[i+2] != 'Z'
}

// processDir returns the working folder of process pid: postgres processes
// work in their data folder.
func processDir(pid int) (string, error) {
	return os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd")
}
