package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

var forUpdate = clause.Locking{Strength: "UPDATE"}

// SessionPolicy is how long a session lasts: it ends after Idle without a
// request, and after Max whatever happens.
type SessionPolicy struct {
	Idle time.Duration
	Max  time.Duration
}

// DefaultSessionPolicy is eight idle hours, seven days at most.
var DefaultSessionPolicy = SessionPolicy{Idle: 8 * time.Hour, Max: 7 * 24 * time.Hour}

// touchEvery is how stale last_seen_at may get before a request writes it:
// a write on every request would cost more than the read, and a minute is
// nothing against an idle timeout of hours.
const touchEvery = time.Minute

// Session is one signed-in browser. Its token is known only to the browser;
// the table keeps its SHA-256.
type Session struct {
	ID         int64
	TokenHash  []byte
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         *string `gorm:"type:inet"`
	UserAgent  string
}

// tokenBytes is a session token's length before encoding: 256 bits.
const tokenBytes = 32

// TokenLen is the length of an encoded session token.
var TokenLen = base64.RawURLEncoding.EncodedLen(tokenBytes)

func newToken() string {
	b := make([]byte, tokenBytes)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what the sessions table keeps of a token.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// validToken reports whether s could be a token this package made, so junk
// cookies cost no query.
func validToken(s string) bool {
	if len(s) != TokenLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// SignedIn is a live session and its user.
type SignedIn struct {
	Session Session
	User    User
}

// ErrNoSession means a request carries no live session: none, an unknown
// or ended one, an expired one, or a disabled user's.
var ErrNoSession = errors.New("no session")

// SessionByToken returns the live session of token and its user, and marks
// it seen. Expired sessions are deleted when found.
func (s *Store) SessionByToken(ctx context.Context, token string) (*SignedIn, error) {
	if !validToken(token) {
		return nil, fmt.Errorf("models: session: %w", ErrNoSession)
	}
	var row struct {
		Session
		User User `gorm:"embedded;embeddedPrefix:u_"`
	}
	err := s.db.WithContext(ctx).Raw(`SELECT s.*, u.id AS u_id, u.email AS u_email, u.display_name AS u_display_name,
			u.role AS u_role, u.disabled_at AS u_disabled_at, u.created_at AS u_created_at, u.last_login_at AS u_last_login_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token)).Take(&row).Error
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("models: session: %w", ErrNoSession)
		}
		return nil, fmt.Errorf("models: session: %w", err)
	}
	now := s.Now().UTC()
	if row.User.DisabledAt != nil || !now.Before(row.ExpiresAt) || !now.Before(row.LastSeenAt.Add(s.Sessions.Idle)) {
		if err := s.db.WithContext(ctx).Delete(&Session{}, row.Session.ID).Error; err != nil {
			return nil, fmt.Errorf("models: end expired session: %w", err)
		}
		return nil, fmt.Errorf("models: session %d ended: %w", row.Session.ID, ErrNoSession)
	}
	if now.Sub(row.LastSeenAt) >= touchEvery {
		if err := s.db.WithContext(ctx).Model(&Session{}).Where("id = ?", row.Session.ID).Update("last_seen_at", now).Error; err != nil {
			return nil, fmt.Errorf("models: touch session: %w", err)
		}
		row.LastSeenAt = now
	}
	return &SignedIn{Session: row.Session, User: row.User}, nil
}

// createSession starts a session for user inside a sign-in transaction and
// returns its token, the only copy there will ever be.
func (tx *Store) createSession(ctx context.Context, userID int64, ip, userAgent string) (*Session, string, error) {
	token := newToken()
	now := tx.Now().UTC()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	for !utf8.ValidString(userAgent) {
		userAgent = userAgent[:len(userAgent)-1]
	}
	ses := &Session{TokenHash: hashToken(token), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(tx.Sessions.Max), IP: inet(ip), UserAgent: userAgent}
	if err := tx.db.WithContext(ctx).Omit("ID").Create(ses).Error; err != nil {
		return nil, "", fmt.Errorf("models: create session: %w", err)
	}
	return ses, token, nil
}

// EndSession deletes the session of token (signing out), audited when there
// was one. Unknown tokens are no error: the browser is signed out either way.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if !validToken(token) {
		return nil
	}
	return s.InTx(ctx, func(tx *Store) error {
		var ses Session
		err := tx.db.WithContext(ctx).Clauses(clause.Returning{}).Where("token_hash = ?", hashToken(token)).Delete(&ses).Error
		if err != nil {
			return fmt.Errorf("models: end session: %w", err)
		}
		if ses.ID == 0 {
			return nil
		}
		return tx.Audit(ctx, AuditEntry{Action: ActionLogout, Entity: "session", EntityID: &ses.ID, ActorID: &ses.UserID})
	})
}

// UserSessions lists a user's live sessions, the latest seen first.
func (s *Store) UserSessions(ctx context.Context, userID int64) ([]Session, error) {
	var out []Session
	now := s.Now().UTC()
	err := s.db.WithContext(ctx).Where("user_id = ? AND expires_at > ? AND last_seen_at > ?", userID, now, now.Add(-s.Sessions.Idle)).
		Order("last_seen_at DESC, id DESC").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: sessions of user %d: %w", userID, err)
	}
	return out, nil
}

// EndUserSession ends one session of a user (from their account page),
// audited; a session of someone else is ErrNotFound.
func (s *Store) EndUserSession(ctx context.Context, userID, sessionID int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		res := tx.db.WithContext(ctx).Where("id = ? AND user_id = ?", sessionID, userID).Delete(&Session{})
		if res.Error != nil {
			return fmt.Errorf("models: end session %d: %w", sessionID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("models: session %d of user %d: %w", sessionID, userID, ErrNotFound)
		}
		return tx.Audit(ctx, AuditEntry{Action: ActionSessionsEnd, Entity: "session", EntityID: &sessionID,
			After: JSON(map[string]any{"user_id": userID, "sessions_ended": 1})})
	})
}
