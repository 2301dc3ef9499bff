// Package pglocal runs a private PostgreSQL cluster under a data folder, from
// the server binaries installed on the machine, so that the app and its tests
// need no database set up beforehand.
//
// The server is a child process of the caller: on Linux the kernel asks it for
// a fast shutdown if the caller dies without calling Stop, and a server left
// running by a caller that died elsewhere is stopped by the next Start.
package pglocal

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

const (
	// superuser owns the cluster; the app connects as it too, since the
	// cluster serves one app on the loopback and migrations may need it.
	superuser = "timeline"
	// appDB is the database URL points at, created on first start.
	appDB = "timeline"

	startTimeout = 60 * time.Second
	stopTimeout  = 60 * time.Second
	// portAttempts bounds the retries when the free port we picked was taken
	// by someone else before the server bound it.
	portAttempts = 3
)

// ErrLocked is returned, wrapped with the folder and the holder's pid when
// known, when another Cluster (in this process or another) holds the data folder.
var ErrLocked = errors.New("data folder is in use by another running cluster")

// errPortInUse marks a start that failed because the port was taken between
// our pick and the server's bind, which is worth another try on another port.
var errPortInUse = errors.New("port already in use")

// Options configure Start.
type Options struct {
	// DataDir is the folder of the cluster: the cluster lives in DataDir/pg,
	// its password in DataDir/pg-password, its log in DataDir/pg.log, and
	// DataDir/timeline.lock keeps two processes from sharing it.
	DataDir string
	// BinDir holds initdb and postgres. Empty means searching as FindBinDir
	// does, preferring the version that made an existing cluster.
	BinDir string
	// Logger receives progress and recovery messages; nil discards them.
	Logger *slog.Logger
}

// Cluster is a running private PostgreSQL server. Stop it when done.
type Cluster struct {
	dir      string
	pgDir    string
	logPath  string
	password string
	port     int
	log      *slog.Logger
	lock     *os.File
	server   *process

	// Supervision (supervise.go): what a restart needs, and the flag that
	// tells an exit asked for by Stop from a crash.
	binDir   string
	acct     *account
	mu       sync.Mutex // guards server and stopping once started
	stopping bool
	done     chan struct{}

	stopOnce sync.Once
	stopErr  error
}

// process is one run of the postgres server.
type process struct {
	proc     *os.Process
	exited   chan struct{} // closed once the server has exited and err is set
	err      error
	logStart int64 // size of pg.log when this run began, to quote only its lines
}

// Start starts the cluster in opts.DataDir, creating it on first use, and
// returns once the server accepts connections on 127.0.0.1. It fails with
// ErrLocked when another Cluster holds the folder and with ErrNoBinaries when
// the PostgreSQL server is not installed. ctx bounds the start only: the
// server runs until Stop.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.DataDir == "" {
		return nil, errors.New("pglocal: Options.DataDir is empty")
	}
	dir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	binDir := opts.BinDir
	if binDir == "" {
		major, _ := os.ReadFile(filepath.Join(dir, "pg", "PG_VERSION"))
		if binDir, err = findBinDir(strings.TrimSpace(string(major))); err != nil {
			return nil, err
		}
	} else if err := checkBinDir(binDir); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	c := &Cluster{
		dir:     dir,
		pgDir:   filepath.Join(dir, "pg"),
		logPath: filepath.Join(dir, "pg.log"),
		log:     log,
		lock:    lock,
		done:    make(chan struct{}),
	}
	if err := c.start(ctx, binDir); err != nil {
		lock.Close()
		return nil, err
	}
	return c, nil
}

// start does the work of Start once the folder is locked.
func (c *Cluster) start(ctx context.Context, binDir string) error {
	began := time.Now()
	acct, err := serverAccount()
	if err != nil {
		return err
	}
	if err := acct.checkReach(c.dir); err != nil {
		return err
	}
	if err := c.prepare(ctx, binDir, acct); err != nil {
		return err
	}
	if err := c.clearStalePid(); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		err = c.launch(ctx, binDir, acct)
		if err == nil {
			break
		}
		if attempt == portAttempts || !errors.Is(err, errPortInUse) {
			return err
		}
		c.log.Warn("port taken before the server bound it, retrying", "port", c.port)
		c.port = 0
	}
	if err := c.ensureDatabase(ctx); err != nil {
		c.shutdown()
		return err
	}
	c.log.Info("postgres started", "dir", c.pgDir, "port", c.port, "bin_dir", binDir,
		"duration", time.Since(began).Round(time.Millisecond))
	c.binDir, c.acct = binDir, acct
	if err := c.publish(); err != nil {
		c.shutdown()
		return err
	}
	go c.supervise()
	return nil
}

// prepare makes sure DataDir/pg holds a cluster, running initdb the first
// time, and loads the superuser password.
func (c *Cluster) prepare(ctx context.Context, binDir string, acct *account) error {
	pwPath := filepath.Join(c.dir, "pg-password")
	_, err := os.Stat(filepath.Join(c.pgDir, "PG_VERSION"))
	switch {
	case err == nil:
		pw, err := os.ReadFile(pwPath)
		if err != nil {
			return fmt.Errorf("pglocal: password of the cluster in %s: %w", c.pgDir, err)
		}
		c.password = strings.TrimSpace(string(pw))
		// A cluster copied in or created by another user must belong to the
		// account that runs the server, or postgres refuses to start.
		return acct.chownTree(c.pgDir)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("pglocal: %w", err)
	}
	if _, err := os.Stat(c.pgDir); err == nil {
		return fmt.Errorf("pglocal: %s exists but holds no PostgreSQL cluster: move it away to start afresh", c.pgDir)
	}
	return c.initdb(ctx, binDir, acct, pwPath)
}

// initdb creates the cluster. It works in a side folder renamed into place at
// the end, so an interrupted first start leaves nothing half made behind.
func (c *Cluster) initdb(ctx context.Context, binDir string, acct *account, pwPath string) error {
	began := time.Now()
	c.password = rand.Text()
	// Removed first: WriteFile keeps the mode of a file that is already there.
	if err := removeIfExists(pwPath); err != nil {
		return err
	}
	if err := os.WriteFile(pwPath, []byte(c.password), 0o600); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	// initdb runs as the server account and must read the password file.
	if err := acct.chown(pwPath); err != nil {
		return err
	}
	tmp := c.pgDir + ".init"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if err := acct.chown(tmp); err != nil {
		return err
	}
	args := []string{"-D", tmp, "-U", superuser, "--pwfile=" + pwPath,
		"--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"}
	if initdbSkipsSync {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
	cmd.Dir = c.dir
	cmd.Env = serverEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	acct.apply(cmd.SysProcAttr)
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("pglocal: initdb: %w\n%s", err, bytes.TrimSpace(out))
	}
	if err := os.Rename(tmp, c.pgDir); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if initdbSkipsSync {
		if err := syncFS(c.pgDir); err != nil {
			return err
		}
	}
	c.log.Info("postgres cluster created", "dir", c.pgDir, "duration", time.Since(began).Round(time.Millisecond))
	return nil
}

// launch starts the server on a free port and waits until it is ready.
func (c *Cluster) launch(ctx context.Context, binDir string, acct *account) error {
	// A restart keeps the port, so open URLs stay valid; it is only ever
	// written before the server first runs, so URL can read it unlocked
	// while the supervisor restarts the server.
	if c.port == 0 {
		port, err := freePort()
		if err != nil {
			return err
		}
		c.port = port
	}
	port := c.port
	logFile, err := os.OpenFile(c.logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	defer logFile.Close()
	logStart, err := logFile.Seek(0, io.SeekEnd)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	// Settings go on the command line rather than in postgresql.conf so that
	// every start applies them, whatever version of this code made the cluster.
	// No unix socket: paths under temporary folders are often too long for one.
	cmd := exec.Command(filepath.Join(binDir, "postgres"), "-D", c.pgDir,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=",
		"-c", "max_connections=100",
		"-c", "shared_buffers=128MB")
	if v, _ := os.ReadFile(filepath.Join(c.pgDir, "PG_VERSION")); majorAtLeast(string(v), 14) {
		// After a crash postgres fsyncs every file of the cluster, one by one,
		// before replaying the log: seconds on a busy disk. One syncfs of the
		// file system is the same guarantee, and quicker (PostgreSQL 14+).
		cmd.Args = append(cmd.Args, "-c", "recovery_init_sync_method=syncfs")
	}
	cmd.Dir = c.dir
	cmd.Env = serverEnv()
	// The file descriptor is handed to the server as is, so it can write the
	// log even when it runs as an account that could not open the file.
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	// Its own process group keeps a terminal's Ctrl-C from reaching the server
	// directly: the caller stops it, after it has finished with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(cmd.SysProcAttr)
	acct.apply(cmd.SysProcAttr)
	p, err := spawn(cmd)
	if err != nil {
		return fmt.Errorf("pglocal: starting postgres: %w", err)
	}
	p.logStart = logStart
	c.server = p
	return c.waitReady(ctx)
}

// spawn starts cmd and reaps it in the background.
func spawn(cmd *exec.Cmd) (*process, error) {
	p := &process{exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		// Linux delivers the parent-death signal when the thread that forked
		// the child exits, not the process: hold this thread until the server
		// has exited so that the signal means what it should.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		p.proc = cmd.Process
		started <- nil
		p.err = cmd.Wait()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// waitReady waits until the server says it accepts connections, as pg_ctl -w
// does: postgres writes "ready" into postmaster.pid once it does.
func (c *Cluster) waitReady(ctx context.Context) error {
	deadline := time.NewTimer(startTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-c.server.exited:
			tail := c.logTail()
			err := fmt.Errorf("pglocal: postgres exited during start (%v); %s:\n%s", c.server.err, c.logPath, tail)
			if strings.Contains(tail, "Address already in use") {
				return fmt.Errorf("%w: %w", errPortInUse, err)
			}
			return err
		case <-ctx.Done():
			c.shutdown()
			return fmt.Errorf("pglocal: waiting for postgres to start: %w", ctx.Err())
		case <-deadline.C:
			c.shutdown()
			return fmt.Errorf("pglocal: postgres not ready after %s; %s:\n%s", startTimeout, c.logPath, c.logTail())
		case <-tick.C:
			if pid, status := readPidFile(c.pgDir); pid == c.server.proc.Pid && status == "ready" {
				return nil
			}
		}
	}
}

// ensureDatabase creates the app's database. It checks on every start, not
// only after initdb, in case an earlier first start died before creating it.
func (c *Cluster) ensureDatabase(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, c.AdminURL("postgres"))
	if err != nil {
		return fmt.Errorf("pglocal: connecting to the new server: %w; %s:\n%s", err, c.logPath, c.logTail())
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", appDB).Scan(&exists); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+appDB); err != nil {
		return fmt.Errorf("pglocal: creating database %s: %w", appDB, err)
	}
	return nil
}

// URL returns the URL of the app's database "timeline", with credentials.
func (c *Cluster) URL() string {
	return c.AdminURL(appDB)
}

// AdminURL returns the URL of database db on the same server, connecting as
// the superuser that owns the cluster (tests use it to create databases).
func (c *Cluster) AdminURL(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(superuser, c.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Stop shuts the server down the way pg_ctl stop -m fast does (open
// transactions roll back, a checkpoint is written) and releases the data
// folder. Calling it again returns the first result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		began := time.Now()
		c.mu.Lock() // waits for a restart in progress
		c.stopping = true
		close(c.done)
		c.unpublish()
		err := c.shutdown()
		c.mu.Unlock()
		if cerr := c.lock.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("pglocal: releasing %s: %w", c.dir, cerr)
		}
		c.stopErr = err
		c.log.Info("postgres stopped", "dir", c.pgDir, "duration", time.Since(began).Round(time.Millisecond))
	})
	return c.stopErr
}

// shutdown stops the server: fast shutdown first, then immediate, then kill.
func (c *Cluster) shutdown() error {
	p := c.server
	select {
	case <-p.exited:
		return fmt.Errorf("pglocal: postgres had exited on its own (%v); %s:\n%s", p.err, c.logPath, c.logTail())
	default:
	}
	// SIGINT is the fast shutdown that pg_ctl stop -m fast sends.
	if err := p.proc.Signal(syscall.SIGINT); err != nil {
		return fmt.Errorf("pglocal: stopping postgres: %w", err)
	}
	select {
	case <-p.exited:
		return nil
	case <-time.After(stopTimeout):
	}
	// SIGQUIT is the immediate shutdown: no checkpoint, recovery on next start.
	p.proc.Signal(syscall.SIGQUIT)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		p.proc.Kill()
		<-p.exited
	}
	return fmt.Errorf("pglocal: postgres did not stop within %s and was forced to; %s:\n%s", stopTimeout, c.logPath, c.logTail())
}

// logTail returns the last lines the current server run wrote to pg.log.
func (c *Cluster) logTail() string {
	const limit = 4 << 10
	var from int64
	if c.server != nil {
		from = c.server.logStart
	}
	f, err := os.Open(c.logPath)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err.Error()
	}
	if fi.Size()-from > limit {
		from = fi.Size() - limit
	}
	b, err := io.ReadAll(io.NewSectionReader(f, from, fi.Size()-from))
	if err != nil {
		return err.Error()
	}
	return string(bytes.TrimSpace(b))
}

// serverEnv is the environment of initdb and postgres: only what they use,
// so that the app's secrets do not reach a process of another user, and
// messages in English so that errors quoted from the log read the same
// everywhere.
func serverEnv() []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C", "LANG=C"}
	if tz, ok := os.LookupEnv("TZ"); ok {
		env = append(env, "TZ="+tz)
	}
	return env
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pglocal: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// majorAtLeast reports whether a PG_VERSION file's content ("15\n", "9.6")
// names major version min or later.
func majorAtLeast(pgVersion string, min int) bool {
	major, _, _ := strings.Cut(strings.TrimSpace(pgVersion), ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= min
}
