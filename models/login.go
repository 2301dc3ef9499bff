package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ThrottlePolicy slows down guessing. After Free failed sign-ins for one
// account since its last success (or FreeIP from one address), each further
// attempt must wait Base after the last failure, doubling with every
// failure up to Max. Failures older than Window are forgotten.
type ThrottlePolicy struct {
	Free, FreeIP int
	Base, Max    time.Duration
	Window       time.Duration
}

// DefaultThrottlePolicy allows five failures per account and twenty per
// address (people behind one NAT share it) before waits of 30 s, 1 min,
// 2 min ... up to an hour.
var DefaultThrottlePolicy = ThrottlePolicy{Free: 5, FreeIP: 20, Base: 30 * time.Second, Max: time.Hour, Window: 24 * time.Hour}

// wait is how long after the last of n failures the next attempt must wait.
func (p ThrottlePolicy) wait(n, free int) time.Duration {
	if n < free {
		return 0
	}
	d := p.Base
	for i := free; i < n && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// ErrThrottled means too many attempts: wait and try again.
var ErrThrottled = errors.New("throttled")

// ThrottledError is ErrThrottled with how long to wait.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("models: sign-in throttled for %s", e.RetryAfter)
}

// Unwrap makes a ThrottledError an ErrThrottled.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// ErrBadCredentials is every failed sign-in, whatever the cause (unknown
// email, wrong password, disabled user), so the answer tells nothing.
var ErrBadCredentials = errors.New("email or password not right")

// SignInRequest is one attempt to sign in.
type SignInRequest struct {
	Email, Password string
	IP, UserAgent   string
	// OldToken is the session the browser had, if any: it ends, and the new
	// session gets a new token (no session fixation).
	OldToken string
}

// emailKey is how attempts are counted per account: lower case, trimmed,
// clipped to a valid column value.
func emailKey(email string) string {
	k := strings.ToLower(strings.TrimSpace(email))
	if len(k) > MaxEmailLen {
		k = k[:MaxEmailLen]
	}
	for !utf8.ValidString(k) {
		k = k[:len(k)-1]
	}
	return k
}

// SignIn checks an email and password and starts a session, returning it
// with its token. Every attempt is recorded and audited. Too many recent
// failures give a ThrottledError before any hashing; any failure is
// ErrBadCredentials, and costs the same hashing whether or not the account
// exists.
func (s *Store) SignIn(ctx context.Context, in SignInRequest) (*SignedIn, string, error) {
	if len(in.Password) > MaxPasswordBytes {
		return nil, "", &FieldError{"password", "The password is too long."}
	}
	key := emailKey(in.Email)
	var user *User
	var attempt int64
	var wait time.Duration
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if user, err = tx.lockAttempts(ctx, key, in.Email, in.IP); err != nil {
			return err
		}
		if wait, err = tx.throttled(ctx, key, in.IP); err != nil {
			return err
		}
		var uid *int64
		if user != nil {
			uid = &user.ID
		}
		now := tx.Now().UTC()
		if wait > 0 {
			if err := tx.recordAttempt(ctx, now, key, in.IP, uid, "throttled", nil); err != nil {
				return err
			}
			return tx.Audit(ctx, AuditEntry{Action: ActionLoginThrottled, Entity: "user", EntityID: uid,
				After: JSON(map[string]any{"email": key, "retry_after_s": wait.Seconds()})})
		}
		return tx.recordAttempt(ctx, now, key, in.IP, uid, "pending", &attempt)
	})
	if err != nil {
		return nil, "", err
	}
	if wait > 0 {
		return nil, "", &ThrottledError{RetryAfter: wait}
	}

	stored := ""
	if user != nil {
		stored = user.PasswordHash
	}
	ok, rehash, err := s.Passwords.Verify(ctx, stored, in.Password)
	if err != nil && !errors.Is(err, errBadHash) {
		return nil, "", err // the attempt stays pending: it counts as a failure
	}
	reason := ""
	switch {
	case user == nil:
		reason = "unknown email"
	case !ok:
		reason = "wrong password"
	case user.DisabledAt != nil:
		reason = "disabled"
	}
	if reason != "" {
		err := s.InTx(ctx, func(tx *Store) error {
			if err := tx.settleAttempt(ctx, attempt, "failure"); err != nil {
				return err
			}
			var uid *int64
			if user != nil {
				uid = &user.ID
			}
			return tx.Audit(ctx, AuditEntry{Action: ActionLoginFailure, Entity: "user", EntityID: uid,
				After: JSON(map[string]any{"email": key, "reason": reason})})
		})
		if err != nil {
			return nil, "", err
		}
		return nil, "", fmt.Errorf("models: sign in %q: %w", key, ErrBadCredentials)
	}

	newHash := ""
	if rehash {
		if newHash, err = s.Passwords.Hash(ctx, in.Password); err != nil {
			newHash = "" // keep the old hash; it still works
		}
	}
	var out *SignedIn
	var token string
	err = s.InTx(ctx, func(tx *Store) error {
		if err := tx.settleAttempt(ctx, attempt, "success"); err != nil {
			return err
		}
		now := tx.Now().UTC()
		updates := map[string]any{"last_login_at": now}
		if newHash != "" {
			updates["password_hash"] = newHash
		}
		if err := tx.db.WithContext(ctx).Model(&User{}).Where("id = ?", user.ID).Updates(updates).Error; err != nil {
			return fmt.Errorf("models: sign in: %w", err)
		}
		if validToken(in.OldToken) {
			if err := tx.db.WithContext(ctx).Where("token_hash = ?", hashToken(in.OldToken)).Delete(&Session{}).Error; err != nil {
				return fmt.Errorf("models: sign in: end old session: %w", err)
			}
		}
		ses, tok, err := tx.createSession(ctx, user.ID, in.IP, in.UserAgent)
		if err != nil {
			return err
		}
		user.LastLoginAt = &now
		out, token = &SignedIn{Session: *ses, User: *user}, tok
		return tx.Audit(ctx, AuditEntry{Action: ActionLoginSuccess, Entity: "session", EntityID: &ses.ID,
			ActorID: &user.ID, ActorLabel: user.Email})
	})
	if err != nil {
		return nil, "", err
	}
	return out, token, nil
}

// lockAttempts serialises sign-in attempts per account and per address for
// the rest of the transaction, so counting and recording cannot interleave
// across requests or replicas, and returns the account when there is one.
// The account lock is always taken before the address lock: no deadlock.
func (tx *Store) lockAttempts(ctx context.Context, key, email, ip string) (*User, error) {
	db := tx.db.WithContext(ctx)
	if err := db.Exec(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, "login-email:"+key).Error; err != nil {
		return nil, fmt.Errorf("models: sign in: %w", err)
	}
	if a := inet(ip); a != nil {
		if err := db.Exec(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, "login-ip:"+*a).Error; err != nil {
			return nil, fmt.Errorf("models: sign in: %w", err)
		}
	}
	if !ValidEmail(strings.TrimSpace(email)) {
		return nil, nil
	}
	u, err := tx.UserByEmail(ctx, strings.TrimSpace(email))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return u, err
}

// throttled is how long the next attempt for key from ip must still wait.
func (tx *Store) throttled(ctx context.Context, key, ip string) (time.Duration, error) {
	p := tx.Throttle
	now := tx.Now().UTC()
	since := now.Add(-p.Window)
	var acct struct {
		N    int
		Last *time.Time
	}
	err := tx.db.WithContext(ctx).Raw(`SELECT count(*) AS n, max(at) AS last FROM login_attempts
		WHERE email = ? AND at > ? AND result IN ('pending', 'failure')
		AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = ? AND result = 'success'), '-infinity')`,
		key, since, key).Scan(&acct).Error
	if err != nil {
		return 0, fmt.Errorf("models: sign-in throttle: %w", err)
	}
	wait := time.Duration(0)
	if acct.Last != nil {
		wait = acct.Last.Add(p.wait(acct.N, p.Free)).Sub(now)
	}
	if a := inet(ip); a != nil {
		var byIP struct {
			N    int
			Last *time.Time
		}
		err := tx.db.WithContext(ctx).Raw(`SELECT count(*) AS n, max(at) AS last FROM login_attempts
			WHERE ip = ? AND at > ? AND result IN ('pending', 'failure')`, *a, since).Scan(&byIP).Error
		if err != nil {
			return 0, fmt.Errorf("models: sign-in throttle: %w", err)
		}
		if byIP.Last != nil {
			wait = max(wait, byIP.Last.Add(p.wait(byIP.N, p.FreeIP)).Sub(now))
		}
	}
	if wait <= 0 {
		return 0, nil
	}
	return wait, nil
}

// loginAttempt is a row of login_attempts.
type loginAttempt struct {
	ID     int64
	At     time.Time
	Email  string
	IP     *string `gorm:"type:inet"`
	UserID *int64
	Result string
}

func (loginAttempt) TableName() string { return "login_attempts" }

func (tx *Store) recordAttempt(ctx context.Context, at time.Time, key, ip string, uid *int64, result string, id *int64) error {
	a := loginAttempt{At: at, Email: key, IP: inet(ip), UserID: uid, Result: result}
	if err := tx.db.WithContext(ctx).Omit("ID").Create(&a).Error; err != nil {
		return fmt.Errorf("models: record sign-in attempt: %w", err)
	}
	if id != nil {
		*id = a.ID
	}
	return nil
}

func (tx *Store) settleAttempt(ctx context.Context, id int64, result string) error {
	if err := tx.db.WithContext(ctx).Model(&loginAttempt{}).Where("id = ?", id).Update("result", result).Error; err != nil {
		return fmt.Errorf("models: record sign-in attempt: %w", err)
	}
	return nil
}
