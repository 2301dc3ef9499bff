package pglocal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrNoBinaries is returned, wrapped, when the PostgreSQL server programs
// (initdb and postgres) cannot be found.
var ErrNoBinaries = errors.New("PostgreSQL server binaries not found: install the PostgreSQL server " +
	"(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql) " +
	"or set DATABASE_URL to use an existing server")

// FindBinDir returns the folder holding the PostgreSQL server programs,
// looking in PATH, then where pg_config says, then in the Debian/Ubuntu
// folders (/usr/lib/postgresql/*/bin, newest version first), then in the
// Homebrew ones. Distributions keep the server out of PATH, hence the search.
func FindBinDir() (string, error) {
	return findBinDir("")
}

// findBinDir is FindBinDir preferring, when major is set, an installation of
// that major version: an existing cluster needs the version that made it,
// and Debian keeps the old version installed next to a new one.
func findBinDir(major string) (string, error) {
	var first string
	for _, dir := range binDirCandidates() {
		if !hasServerPrograms(dir) {
			continue
		}
		if major == "" || serverMajor(dir) == major {
			return realBinDir(dir), nil
		}
		if first == "" {
			first = dir
		}
	}
	if first != "" {
		// postgres itself explains the mismatch, in the log Start quotes.
		return realBinDir(first), nil
	}
	return "", fmt.Errorf("pglocal: no initdb and postgres in PATH, pg_config --bindir, "+
		"/usr/lib/postgresql/*/bin or the Homebrew folders: %w", ErrNoBinaries)
}

// serverMajor returns the major version of the postgres in dir, written as
// in a cluster's PG_VERSION file ("16", "9.6"), or "" if it cannot tell.
func serverMajor(dir string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, filepath.Join(dir, "postgres"), "--version").Output()
	if err != nil {
		return ""
	}
	// "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
	fields := strings.Fields(string(out))
	if len(fields) < 3 {
		return ""
	}
	parts := strings.Split(fields[2], ".")
	if len(parts) >= 2 && parts[0] == "9" {
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

// checkBinDir reports whether dir, given by the caller, holds the server.
func checkBinDir(dir string) error {
	if !hasServerPrograms(dir) {
		return fmt.Errorf("pglocal: no initdb and postgres in %s: %w", dir, ErrNoBinaries)
	}
	return nil
}

// binDirCandidates lists the folders to search, in order.
func binDirCandidates() []string {
	dirs := filepath.SplitList(os.Getenv("PATH"))
	if dir := pgConfigBinDir(); dir != "" {
		dirs = append(dirs, dir)
	}
	dirs = append(dirs, globNewestFirst("/usr/lib/postgresql/*/bin")...)
	dirs = append(dirs, globNewestFirst("/opt/homebrew/opt/postgresql*/bin")...)
	dirs = append(dirs, globNewestFirst("/usr/local/opt/postgresql*/bin")...)
	return append(dirs, "/opt/homebrew/bin", "/usr/local/bin")
}

// pgConfigBinDir asks pg_config, which client packages often put in PATH
// without the server, where the server programs of its version live.
func pgConfigBinDir() string {
	path, err := exec.LookPath("pg_config")
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--bindir").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// globNewestFirst returns the matches of pattern sorted by the version number
// in their paths (postgresql/16 before postgresql/9.6, postgresql@17 before
// postgresql@14); a path without one, such as Homebrew's unversioned
// formula, counts as the newest.
func globNewestFirst(pattern string) []string {
	paths, _ := filepath.Glob(pattern)
	slices.SortStableFunc(paths, func(a, b string) int {
		return compareVersions(pathVersion(b), pathVersion(a))
	})
	return paths
}

// pathVersion returns the numbers of the version in the folder that holds
// bin ("15" in /usr/lib/postgresql/15/bin, "16" in .../postgresql@16/bin);
// nil when there is none.
func pathVersion(path string) []int {
	elem := filepath.Base(filepath.Dir(path))
	if _, after, ok := strings.Cut(elem, "@"); ok {
		elem = after
	}
	var nums []int
	for _, part := range strings.Split(elem, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil
		}
		nums = append(nums, n)
	}
	return nums
}

// compareVersions orders versions, nil (unversioned) being the highest.
func compareVersions(a, b []int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return slices.Compare(a, b)
}

// hasServerPrograms reports whether dir holds executable initdb and postgres.
func hasServerPrograms(dir string) bool {
	if dir == "" {
		return false
	}
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}

// realBinDir follows links such as /usr/local/bin/initdb to the folder of
// the installation itself, which names the version in logs and keeps initdb
// and postgres from two different installations.
func realBinDir(dir string) string {
	initdb, err := filepath.EvalSymlinks(filepath.Join(dir, "initdb"))
	if err != nil {
		return dir
	}
	if resolved := filepath.Dir(initdb); hasServerPrograms(resolved) {
		return resolved
	}
	return dir
}
