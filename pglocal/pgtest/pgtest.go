// Package pgtest gives each test a database of its own on a real PostgreSQL
// server, already migrated, so tests can run in parallel without seeing each
// other's rows. A test binary opts in from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and each test calls New for the URL of its database. The server is a
// private pglocal cluster in a temporary folder, or the existing server that
// TIMELINE_TEST_DATABASE_URL names (a superuser URL; PostgreSQL 13 or later).
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"timeline/migrations"
	"timeline/pglocal"
)

// envURL names the variable that points the tests at an existing server.
const envURL = "TIMELINE_TEST_DATABASE_URL"

// tempPrefix begins the names of the temporary folders of the clusters.
const tempPrefix = "pgtest-"

// current is the server of this test binary. It is a package variable,
// against house style, because testing hands New nothing but t: Main sets it
// before any test runs and nothing changes it afterwards.
var current *server

// server is where New creates databases.
type server struct {
	admin    *sql.DB  // superuser connection, for CREATE and DROP DATABASE
	base     *url.URL // superuser URL; New swaps in the database name
	template string   // migrated database that New copies
}

// Main starts a server for the test binary (or connects to the one
// TIMELINE_TEST_DATABASE_URL names), migrates a template database, runs the
// tests and cleans up. It exits non-zero, saying why, when there is no server
// to be had: tests that need PostgreSQL must fail, not skip, without one.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	s, stop, err := start(ctx, os.Getenv(envURL), "")
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, pglocal.ErrNoBinaries) {
			fmt.Fprintf(os.Stderr, "pgtest: for the tests, set %s to a superuser URL of an existing server instead of DATABASE_URL\n", envURL)
		}
		return 1
	}
	current = s
	code := m.Run()
	if err := stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// start readies a server with a migrated template: the one at externalURL,
// or else a new cluster from the binaries in binDir (empty: FindBinDir).
// The returned function drops the template and stops what start started.
func start(ctx context.Context, externalURL, binDir string) (*server, func() error, error) {
	adminURL := externalURL
	stopCluster := func() error { return nil }
	if adminURL == "" {
		sweep()
		dir, err := os.MkdirTemp("", tempPrefix)
		if err != nil {
			return nil, nil, fmt.Errorf("pgtest: %w", err)
		}
		// When the tests run as root the server runs as another user, which
		// must be able to enter the folder; MkdirTemp makes it private.
		if err := os.Chmod(dir, 0o711); err != nil {
			os.RemoveAll(dir)
			return nil, nil, fmt.Errorf("pgtest: %w", err)
		}
		c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, BinDir: binDir})
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, fmt.Errorf("pgtest: %w", err)
		}
		adminURL = c.AdminURL("postgres")
		stopCluster = func() error {
			err := c.Stop()
			if rerr := os.RemoveAll(dir); rerr != nil && err == nil {
				err = rerr
			}
			if err != nil {
				return fmt.Errorf("pgtest: %w", err)
			}
			return nil
		}
	}
	s, err := connect(ctx, adminURL)
	if err != nil {
		stopCluster()
		return nil, nil, err
	}
	stop := func() error {
		err := s.dropTemplate()
		s.admin.Close()
		if serr := stopCluster(); serr != nil && err == nil {
			err = serr
		}
		return err
	}
	return s, stop, nil
}

// connect opens the server at adminURL and creates the migrated template.
func connect(ctx context.Context, adminURL string) (*server, error) {
	base, err := url.Parse(adminURL)
	if err != nil || (base.Scheme != "postgres" && base.Scheme != "postgresql") {
		return nil, fmt.Errorf("pgtest: %s must be a postgres:// URL", envURL)
	}
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("pgtest: connecting to %s: %w", base.Redacted(), err)
	}
	s := &server{admin: admin, base: base, template: "tmpl_" + randomHex()}
	if err := s.createTemplate(ctx); err != nil {
		s.dropTemplate()
		admin.Close()
		return nil, err
	}
	return s, nil
}

// createTemplate migrates a database once for the whole test binary, so each
// New is a file copy rather than a run of every migration.
func (s *server) createTemplate(ctx context.Context) error {
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+s.template); err != nil {
		return fmt.Errorf("pgtest: creating template: %w", err)
	}
	db, err := sql.Open("pgx", s.url(s.template))
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	// Closed before any copy: PostgreSQL refuses to copy a database that
	// has connections.
	defer db.Close()
	if err := migrations.Up(ctx, db); err != nil {
		return fmt.Errorf("pgtest: migrating template: %w", err)
	}
	return nil
}

func (s *server) dropTemplate() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+s.template+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("pgtest: dropping template %s: %w", s.template, err)
	}
	return nil
}

// url returns the superuser URL of database db.
func (s *server) url(db string) string {
	u := *s.base
	u.Path = "/" + db
	u.RawPath = ""
	return u.String()
}

// New returns the URL of a new database for this test, a copy of the
// migrated template, and drops it when the test ends. It needs Main.
func New(t testing.TB) string {
	t.Helper()
	s := current
	if s == nil {
		t.Fatal("pgtest: no server: call pgtest.Main from TestMain: func TestMain(m *testing.M) { pgtest.Main(m) }")
	}
	name := "test_" + randomHex()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+s.template); err != nil {
		t.Fatalf("pgtest: creating database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// FORCE ends connections the test left open, which would otherwise
		// make the drop fail.
		if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: dropping database %s: %v", name, err)
		}
	})
	return s.url(name)
}

// randomHex returns 16 random hex digits, for database names.
func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// sweep removes the folders of earlier test binaries that died without
// cleaning up (Ctrl-C, a go test -timeout panic): their server stopped with
// them, but not their folder of some 40 MB. A folder in use has its lock
// taken within moments of being made, so an old one whose lock is free is dead.
func sweep() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, dir := range dirs {
		fi, err := os.Stat(dir)
		if err != nil || time.Since(fi.ModTime()) < 10*time.Minute {
			continue
		}
		// The lock pglocal takes on its data folder.
		f, err := os.Open(filepath.Join(dir, "timeline.lock"))
		if errors.Is(err, fs.ErrNotExist) {
			os.RemoveAll(dir)
			continue
		}
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			os.RemoveAll(dir)
		}
		f.Close()
	}
}
