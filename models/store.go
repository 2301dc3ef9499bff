package models

import (
	"context"
	"fmt"
	"log/slog"
	neturl "net/url"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store is the one way into the database: every query of the application is
// a method here.
type Store struct {
	db *gorm.DB
	// Now is the clock used for timestamps the store writes itself, and for
	// session timeouts and sign-in throttling.
	Now func() time.Time
	// Passwords hashes and checks passwords.
	Passwords *Hasher
	// Sessions says how long sessions last.
	Sessions SessionPolicy
	// Throttle says how sign-in failures slow down the next attempts.
	Throttle ThrottlePolicy

	log     *slog.Logger
	pending *[]AuditEntry // audit entries of the transaction this store is in, logged at commit
}

// maxConns caps the connections one process opens.
const maxConns = 20

// Open connects to PostgreSQL at url. The caller closes the store.
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	db, err := gorm.Open(postgres.Open(withCustomPlans(url)), &gorm.Config{
		Logger:                 slogGorm{log: log},
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("models: open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("models: open database: %w", err)
	}
	// As many idle connections as open ones: with fewer, every burst above
	// the idle count closed connections and opened new ones (a fork and a
	// SCRAM handshake each), which put 200 ms on the slowest requests.
	// Idle ones still go after five minutes.
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, Now: time.Now, log: log, Passwords: NewHasher(DefaultHashParams, 0, 10*time.Second),
		Sessions: DefaultSessionPolicy, Throttle: DefaultThrottlePolicy}
	if err := s.Ping(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// withCustomPlans asks PostgreSQL to plan every execution of a prepared
// statement for its actual parameters. A generic plan, which it would switch
// to after five runs, cannot tell a one-day window from a decade and picked
// plans a hundred times slower for the viewport queries.
func withCustomPlans(dsn string) string {
	const param = "plan_cache_mode"
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := neturl.Parse(dsn)
		if err != nil {
			return dsn // the driver reports the malformed URL
		}
		q := u.Query()
		if q.Get(param) == "" {
			q.Set(param, "force_custom_plan")
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	if strings.Contains(dsn, param) {
		return dsn
	}
	return strings.TrimSpace(dsn + " " + param + "=force_custom_plan")
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("models: ping: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("models: ping: %w", err)
	}
	return nil
}

// Close releases the connections.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// slogGorm sends GORM's errors to slog and drops its chatter: a missing row
// is an answer, not an error worth a log line.
type slogGorm struct{ log *slog.Logger }

func (l slogGorm) LogMode(logger.LogLevel) logger.Interface { return l }
func (l slogGorm) Info(context.Context, string, ...any)     {}
func (l slogGorm) Warn(ctx context.Context, msg string, args ...any) {
	if l.log != nil {
		l.log.WarnContext(ctx, fmt.Sprintf(msg, args...))
	}
}
func (l slogGorm) Error(ctx context.Context, msg string, args ...any) {
	if l.log != nil {
		l.log.ErrorContext(ctx, fmt.Sprintf(msg, args...))
	}
}
func (l slogGorm) Trace(context.Context, time.Time, func() (string, int64), error) {}
