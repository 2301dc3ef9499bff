package pglocal_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestSupervisedRestart kills the postmaster as a crash would and expects
// the cluster back on the same URL, with its data, without anyone calling
// Start again.
func TestSupervisedRestart(t *testing.T) {
	dir := dataDir(t)
	c := start(t, dir)
	exec1(t, c.URL(), "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)")
	// A busy backend, as under load: it must not hold the restart up.
	busy, err := pgx.Connect(context.Background(), c.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close(context.Background())
	go busy.Exec(context.Background(), "SELECT pg_sleep(30)")
	time.Sleep(100 * time.Millisecond)

	pid, err := c.Kill(syscall.SIGKILL)
	if err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	for {
		conn, err := pgx.Connect(context.Background(), c.URL())
		if err == nil {
			var n int
			err = conn.QueryRow(context.Background(), "SELECT n FROM kept").Scan(&n)
			conn.Close(context.Background())
			if err == nil && n == 7 {
				break
			}
		}
		if time.Since(killed) > 60*time.Second {
			b, _ := os.ReadFile(filepath.Join(dir, "pg.log"))
			t.Fatalf("%s\nno server 60 s after killing postmaster %d: %v", b, pid, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("back %s after kill -9", time.Since(killed).Round(time.Millisecond))
}
