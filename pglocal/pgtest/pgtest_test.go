package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"timeline/pglocal"
)

func TestMain(m *testing.M) { Main(m) }

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func dbName(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

func TestNew(t *testing.T) {
	ctx := context.Background()
	began := time.Now()
	a, b := New(t), New(t)
	t.Logf("two New took %s", time.Since(began).Round(time.Millisecond))
	if a == b {
		t.Fatalf("New returned the same database twice: %s", a)
	}
	dbA, dbB := open(t, a), open(t, b)

	t.Run("migrated", func(t *testing.T) {
		for _, table := range []string{"events", "sources", "categories", "places", "event_sources"} {
			for _, db := range []*sql.DB{dbA, dbB} {
				var found bool
				if err := db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", table).Scan(&found); err != nil {
					t.Fatal(err)
				}
				if !found {
					t.Errorf("table %s missing", table)
				}
			}
		}
	})

	t.Run("isolated", func(t *testing.T) {
		if _, err := dbA.ExecContext(ctx,
			"INSERT INTO categories (slug, name, colour) VALUES ('only_in_a', 'Only in A', '#123456')"); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			db   *sql.DB
			want int
		}{
			{"writer", dbA, 1},
			{"other", dbB, 0},
		}
		for _, tt := range tests {
			var n int
			if err := tt.db.QueryRowContext(ctx, "SELECT count(*) FROM categories WHERE slug = 'only_in_a'").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != tt.want {
				t.Errorf("%s sees %d rows, want %d", tt.name, n, tt.want)
			}
		}
	})
}

func TestNewParallel(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			dsn := New(t)
			mu.Lock()
			dup := seen[dsn]
			seen[dsn] = true
			mu.Unlock()
			if dup {
				t.Errorf("database %s handed out twice", dsn)
			}
			db := open(t, dsn)
			if _, err := db.Exec("INSERT INTO places (name, kind) VALUES ('Yakutsk', 'city')"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNewDropsDatabase(t *testing.T) {
	db := open(t, New(t))
	var inner string
	t.Run("inner", func(t *testing.T) {
		dsn := New(t)
		inner = dbName(t, dsn)
		// Left open on purpose: the drop must not wait for it.
		conn := open(t, dsn)
		if err := conn.Ping(); err != nil {
			t.Fatal(err)
		}
	})
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", inner).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s still exists after its test", inner)
	}
}

func TestSweep(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	old := time.Now().Add(-time.Hour)
	tests := []struct {
		name      string
		lockHeld  bool
		lockFile  bool
		modTime   time.Time
		wantSwept bool
	}{
		{"old, lock free", false, true, old, true},
		{"old, no lock file", false, false, old, true},
		{"old, lock held", true, true, old, false},
		{"new, lock free", false, true, time.Now(), false},
	}
	dirs := make([]string, len(tests))
	for i, tt := range tests {
		dirs[i] = filepath.Join(tmp, fmt.Sprintf("%s%d", tempPrefix, i))
		if err := os.Mkdir(dirs[i], 0o700); err != nil {
			t.Fatal(err)
		}
		if tt.lockFile {
			f, err := os.Create(filepath.Join(dirs[i], "timeline.lock"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if tt.lockHeld {
				if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := os.Chtimes(dirs[i], tt.modTime, tt.modTime); err != nil {
			t.Fatal(err)
		}
	}
	sweep()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := os.Stat(dirs[i])
			if swept := errors.Is(err, fs.ErrNotExist); swept != tt.wantSwept {
				t.Errorf("swept = %v, want %v", swept, tt.wantSwept)
			}
		})
	}
}

func TestStartWithoutBinaries(t *testing.T) {
	_, _, err := start(context.Background(), "", t.TempDir())
	if !errors.Is(err, pglocal.ErrNoBinaries) {
		t.Fatalf("start() error = %v, want ErrNoBinaries", err)
	}
}

// TestMainExitCode runs this test binary again with TIMELINE_TEST_DATABASE_URL
// set, so that Main takes the existing-server path for real.
func TestMainExitCode(t *testing.T) {
	tests := []struct {
		name     string
		dsn      string
		wantCode int
		wantOut  string
	}{
		{"existing server", current.url("postgres"), 0, "--- PASS: TestNew"},
		{"no server there", "postgres://nobody:secret@127.0.0.1:1/postgres?connect_timeout=5", 1, "pgtest: connecting to"},
		{"not a URL", "host=localhost dbname=postgres", 1, "must be a postgres:// URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestNew$", "-test.v")
			cmd.Env = append(os.Environ(), envURL+"="+tt.dsn)
			out, err := cmd.CombinedOutput()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || !strings.Contains(string(out), tt.wantOut) {
				t.Errorf("exit code %d, want %d, output:\n%s", code, tt.wantCode, out)
			}
			if strings.Contains(string(out), "secret") {
				t.Errorf("output shows the password:\n%s", out)
			}
		})
	}
}
