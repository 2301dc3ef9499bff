package pglocal_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"timeline/pglocal"
)

// holdEnv makes the test binary a helper process that starts a cluster in
// the folder it names, prints its URL and keeps it until stdin closes: the
// "other process" of the lock and crash tests.
const holdEnv = "PGLOCAL_TEST_HOLD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(holdEnv); dir != "" {
		os.Exit(hold(dir))
	}
	os.Exit(m.Run())
}

func hold(dir string) int {
	c, err := pglocal.Start(context.Background(), pglocal.Options{DataDir: dir})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println(c.URL())
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := c.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// dataDir returns a new empty folder for a cluster. When the tests run as
// root the server runs as another user, which must be able to enter it, and
// t.TempDir's folders are private.
func dataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() == 0 {
		for _, d := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(d, 0o711); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func start(t *testing.T, dir string) *pglocal.Cluster {
	t.Helper()
	began := time.Now()
	c, err := pglocal.Start(context.Background(), pglocal.Options{
		DataDir: dir,
		Logger:  slog.New(slog.NewTextHandler(t.Output(), nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start took %s", time.Since(began).Round(time.Millisecond))
	t.Cleanup(func() { c.Stop() })
	return c
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func queryInt(t *testing.T, dsn, sql string) int {
	t.Helper()
	var n int
	if err := connect(t, dsn).QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func exec1(t *testing.T, dsn, sql string) {
	t.Helper()
	if _, err := connect(t, dsn).Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// postmasterPid returns the server's pid from its postmaster.pid.
func postmasterPid(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "pg", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func alive(pid int) bool {
	if runtime.GOOS == "linux" {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		return err == nil && !strings.Contains(string(b), ") Z ")
	}
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	t.Fatalf("process %d still running", pid)
}

func port(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

func TestFindBinDir(t *testing.T) {
	dir, err := pglocal.FindBinDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("FindBinDir() = %s: %v", dir, err)
		}
	}
}

func TestStartWithoutBinaries(t *testing.T) {
	onlyInitdb := t.TempDir()
	if err := os.WriteFile(filepath.Join(onlyInitdb, "initdb"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		binDir string
	}{
		{"empty folder", t.TempDir()},
		{"missing folder", filepath.Join(t.TempDir(), "nothing")},
		{"initdb only", onlyInitdb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := pglocal.Start(context.Background(), pglocal.Options{DataDir: dir, BinDir: tt.binDir})
			if !errors.Is(err, pglocal.ErrNoBinaries) {
				t.Fatalf("Start() error = %v, want ErrNoBinaries", err)
			}
			if !strings.Contains(err.Error(), "apt-get install postgresql") {
				t.Errorf("error %q does not say how to install PostgreSQL", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "pg")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Start made %s/pg without binaries", dir)
			}
		})
	}
}

func TestUnreachableDataDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the server to another user")
	}
	private := dataDir(t)
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := pglocal.Start(context.Background(), pglocal.Options{DataDir: filepath.Join(private, "data")})
	if err == nil || !strings.Contains(err.Error(), "cannot enter "+private) {
		t.Fatalf("Start() error = %v, want one naming %s", err, private)
	}
}

// TestCluster follows one cluster through its life: each step needs the
// state the one before left, and one initdb serves them all.
func TestCluster(t *testing.T) {
	dir := dataDir(t)

	c := start(t, dir)
	if got := queryInt(t, c.URL(), "SELECT 1"); got != 1 {
		t.Fatalf("SELECT 1 = %d", got)
	}
	exec1(t, c.URL(), "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)")
	pgVersion, err := os.Stat(filepath.Join(dir, "pg", "PG_VERSION"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("settings", func(t *testing.T) {
		conn := connect(t, c.AdminURL("postgres"))
		tests := []struct{ setting, want string }{
			{"listen_addresses", "127.0.0.1"},
			{"unix_socket_directories", ""},
			{"server_encoding", "UTF8"},
			{"lc_collate", "C"},
			{"password_encryption", "scram-sha-256"},
			{"max_connections", "100"},
			{"fsync", "on"},
			{"recovery_init_sync_method", "syncfs"},
			{"current_user", "timeline"},
		}
		for _, tt := range tests {
			var got string
			q := "SHOW " + tt.setting
			if tt.setting == "current_user" {
				q = "SELECT current_user"
			}
			if err := conn.QueryRow(context.Background(), q).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("%s = %q, want %q", tt.setting, got, tt.want)
			}
		}
		var trust int
		if err := conn.QueryRow(context.Background(),
			"SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'").Scan(&trust); err != nil {
			t.Fatal(err)
		}
		if trust != 0 {
			t.Errorf("%d pg_hba rules without scram-sha-256", trust)
		}
		fi, err := os.Stat(filepath.Join(dir, "pg-password"))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("pg-password mode = %v, want 0600", got)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		u, err := url.Parse(c.URL())
		if err != nil {
			t.Fatal(err)
		}
		u.User = url.UserPassword("timeline", "wrong")
		if conn, err := pgx.Connect(context.Background(), u.String()); err == nil {
			conn.Close(context.Background())
			t.Fatal("connected with a wrong password")
		}
	})

	t.Run("runs unprivileged", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("not root: the server runs as us")
		}
		backend := queryInt(t, c.URL(), "SELECT pg_backend_pid()")
		for _, pid := range []int{postmasterPid(t, dir), backend} {
			status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
			if err != nil {
				t.Fatal(err)
			}
			for line := range strings.Lines(string(status)) {
				if uids, ok := strings.CutPrefix(line, "Uid:"); ok {
					for _, uid := range strings.Fields(uids) {
						if uid == "0" {
							t.Errorf("process %d runs as root: %s", pid, line)
						}
					}
				}
			}
		}
	})

	t.Run("locked in this process", func(t *testing.T) {
		_, err := pglocal.Start(context.Background(), pglocal.Options{DataDir: dir})
		if !errors.Is(err, pglocal.ErrLocked) {
			t.Fatalf("second Start() error = %v, want ErrLocked", err)
		}
		if want := "pid " + strconv.Itoa(os.Getpid()); !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name the holder (%s)", err, want)
		}
		if got := queryInt(t, c.URL(), "SELECT n FROM kept"); got != 42 {
			t.Errorf("after a refused Start, kept = %d, want 42", got)
		}
	})

	t.Run("stop", func(t *testing.T) {
		pid := postmasterPid(t, dir)
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
		if alive(pid) {
			t.Errorf("server process %d still running after Stop", pid)
		}
		if conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", port(t, c.URL())), time.Second); err == nil {
			conn.Close()
			t.Error("port still accepts connections after Stop")
		}
		if err := c.Stop(); err != nil {
			t.Errorf("second Stop() = %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "pg", "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("postmaster.pid left after a clean stop: %v", err)
		}
	})

	t.Run("reuse", func(t *testing.T) {
		c2 := start(t, dir)
		if got := queryInt(t, c2.URL(), "SELECT n FROM kept"); got != 42 {
			t.Errorf("kept = %d after restart, want 42", got)
		}
		fi, err := os.Stat(filepath.Join(dir, "pg", "PG_VERSION"))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(fi, pgVersion) || !fi.ModTime().Equal(pgVersion.ModTime()) {
			t.Error("PG_VERSION was rewritten: initdb ran again")
		}
		if err := c2.Stop(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("outlives the context of Start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		c3, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer c3.Stop()
		cancel()
		time.Sleep(100 * time.Millisecond)
		if got := queryInt(t, c3.URL(), "SELECT n FROM kept"); got != 42 {
			t.Errorf("kept = %d, want 42", got)
		}
		if err := c3.Stop(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("canceled start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir}); !errors.Is(err, context.Canceled) {
			t.Fatalf("Start() error = %v, want context.Canceled", err)
		}
		// The folder is free again and no server was left behind.
		start(t, dir).Stop()
	})

	t.Run("failed start quotes the log", func(t *testing.T) {
		conf := filepath.Join(dir, "pg", "postgresql.auto.conf")
		orig, err := os.ReadFile(conf)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(conf, append(slices.Clone(orig), "no_such_setting = 1\n"...), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err = pglocal.Start(context.Background(), pglocal.Options{DataDir: dir})
		if err == nil || !strings.Contains(err.Error(), `unrecognized configuration parameter "no_such_setting"`) {
			t.Fatalf("Start() error = %v, want the server's complaint", err)
		}
		if err := os.WriteFile(conf, orig, 0o600); err != nil {
			t.Fatal(err)
		}
		start(t, dir).Stop()
	})

	t.Run("stale postmaster.pid", func(t *testing.T) { stalePidFile(t, dir) })
	t.Run("another process", func(t *testing.T) { otherProcess(t, dir) })
}

// stalePidFile starts the cluster in dir over the postmaster.pid that a
// server not stopped cleanly leaves behind.
func stalePidFile(t *testing.T, dir string) {
	pgDir := filepath.Join(dir, "pg")
	pidFile := filepath.Join(pgDir, "postmaster.pid")
	writePid := func(t *testing.T, pid int) {
		t.Helper()
		content := fmt.Sprintf("%d\n%s\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready   \n", pid, pgDir)
		if err := os.WriteFile(pidFile, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name  string
		setup func(t *testing.T) (pid int)
	}{
		{"dead process", func(t *testing.T) int {
			cmd := exec.Command("true")
			if err := cmd.Run(); err != nil {
				t.Fatal(err)
			}
			writePid(t, cmd.Process.Pid)
			return cmd.Process.Pid
		}},
		{"pid reused by another process", func(t *testing.T) int {
			cmd := exec.Command("sleep", "60")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			writePid(t, cmd.Process.Pid)
			return 0 // not ours to stop
		}},
		{"server left running", func(t *testing.T) int {
			return startOrphan(t, dir)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := tt.setup(t)
			c := start(t, dir)
			if got := queryInt(t, c.URL(), "SELECT n FROM kept"); got != 42 {
				t.Errorf("kept = %d, want 42", got)
			}
			if old != 0 && alive(old) {
				t.Errorf("old server %d still running", old)
			}
			if err := c.Stop(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// startOrphan starts the cluster in dir with pg_ctl, outside any Cluster,
// as a process that died without calling Stop would leave it, and returns
// the server's pid.
func startOrphan(t *testing.T, dir string) int {
	t.Helper()
	binDir, err := pglocal.FindBinDir()
	if err != nil {
		t.Fatal(err)
	}
	pgDir := filepath.Join(dir, "pg")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	freePort := l.Addr().(*net.TCPAddr).Port
	l.Close()
	logFile := filepath.Join(dir, "orphan.log")
	cmd := exec.Command(filepath.Join(binDir, "pg_ctl"), "start", "-w", "-D", pgDir, "-l", logFile,
		"-o", fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", freePort))
	if os.Geteuid() == 0 {
		fi, err := os.Stat(pgDir)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if err := os.WriteFile(logFile, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(logFile, int(st.Uid), int(st.Gid)); err != nil {
			t.Fatal(err)
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: st.Uid, Gid: st.Gid}}
	}
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
	pid := postmasterPid(t, dir)
	t.Cleanup(func() {
		if alive(pid) {
			syscall.Kill(pid, syscall.SIGQUIT)
		}
	})
	return pid
}

// otherProcess holds the cluster in dir in another process, then kills that
// process without letting it stop the server.
func otherProcess(t *testing.T, dir string) {
	holder := exec.Command(os.Args[0], "-test.run=^$")
	holder.Env = append(os.Environ(), holdEnv+"="+dir)
	stdin, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	holder.Stderr = os.Stderr
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); holder.Process.Kill(); holder.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	dsn := strings.TrimSpace(line)
	if !strings.HasPrefix(dsn, "postgres://") {
		t.Fatalf("helper: %s", dsn)
	}

	t.Run("locked", func(t *testing.T) {
		_, err := pglocal.Start(context.Background(), pglocal.Options{DataDir: dir})
		if !errors.Is(err, pglocal.ErrLocked) {
			t.Fatalf("Start() error = %v, want ErrLocked", err)
		}
		if want := "pid " + strconv.Itoa(holder.Process.Pid); !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name the holder (%s)", err, want)
		}
		if got := queryInt(t, dsn, "SELECT n FROM kept"); got != 42 {
			t.Errorf("holder's server: kept = %d, want 42", got)
		}
	})

	t.Run("holder killed", func(t *testing.T) {
		server := postmasterPid(t, dir)
		if err := holder.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		holder.Wait()
		if runtime.GOOS == "linux" {
			// The parent-death signal shuts the orphaned server down.
			waitGone(t, server)
		}
		c := start(t, dir)
		if got := queryInt(t, c.URL(), "SELECT n FROM kept"); got != 42 {
			t.Errorf("kept = %d, want 42", got)
		}
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
	})
}
