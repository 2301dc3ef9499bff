package pglocal

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
)

// account is the unprivileged user that runs the server when we are root,
// because PostgreSQL refuses to run as root. A nil *account means "run as
// ourselves", and its methods then do nothing.
type account struct {
	name   string
	uid    uint32
	gid    uint32
	groups []uint32
}

// serverAccount returns the account to run the server as: nil unless we are
// root, else the postgres user the distribution's package creates, or nobody.
func serverAccount() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var firstErr error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		return newAccount(u)
	}
	return nil, fmt.Errorf("pglocal: running as root, and no postgres or nobody user to run PostgreSQL as: %w", firstErr)
}

func newAccount(u *user.User) (*account, error) {
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("pglocal: user %s: uid %q: %w", u.Username, u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("pglocal: user %s: gid %q: %w", u.Username, u.Gid, err)
	}
	a := &account{name: u.Username, uid: uint32(uid), gid: uint32(gid)}
	// Supplementary groups only widen what the server can reach; without the
	// list it still runs, so a lookup failure is not fatal.
	ids, _ := u.GroupIds()
	for _, id := range ids {
		if g, err := strconv.ParseUint(id, 10, 32); err == nil && uint32(g) != a.gid {
			a.groups = append(a.groups, uint32(g))
		}
	}
	return a, nil
}

// apply makes the process described by attr run as the account.
func (a *account) apply(attr *syscall.SysProcAttr) {
	if a == nil {
		return
	}
	attr.Credential = &syscall.Credential{Uid: a.uid, Gid: a.gid, Groups: a.groups}
}

// chown gives path to the account.
func (a *account) chown(path string) error {
	if a == nil {
		return nil
	}
	if err := os.Lchown(path, int(a.uid), int(a.gid)); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	return nil
}

// chownTree gives the tree at root to the account unless root already
// belongs to it.
func (a *account) chownTree(root string) error {
	if a == nil {
		return nil
	}
	fi, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid == a.uid {
		return nil
	}
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("pglocal: %w", err)
		}
		return a.chown(path)
	})
}

// checkReach reports, with a clear error, whether the account can reach dir:
// it needs search permission on dir and on every folder above it, and a
// folder private to root (a home folder, a test's temporary folder) is a
// common stumbling block that postgres itself reports obscurely.
func (a *account) checkReach(dir string) error {
	if a == nil {
		return nil
	}
	for p := dir; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pglocal: %w", err)
		}
		if !a.canSearch(fi) {
			return fmt.Errorf("pglocal: PostgreSQL refuses to run as root, so it runs as user %s, "+
				"which cannot enter %s (mode %s): make it reachable (chmod o+x %s) or use a data folder elsewhere",
				a.name, p, fi.Mode().Perm(), p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// canSearch reports whether the account may enter the folder fi describes.
func (a *account) canSearch(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	perm := fi.Mode().Perm()
	switch {
	case st.Uid == a.uid:
		return perm&0o100 != 0
	case st.Gid == a.gid || slices.Contains(a.groups, st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}
