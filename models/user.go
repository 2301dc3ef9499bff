package models

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// Role is what a user may do. Editors curate events; admins also manage
// users and read the audit log.
type Role string

// The roles, from least to most allowed.
const (
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// ParseRole reads a role's name.
func ParseRole(s string) (Role, bool) {
	switch Role(s) {
	case RoleEditor, RoleAdmin:
		return Role(s), true
	}
	return "", false
}

// Allows reports whether a user of role r may do what needs role need.
func (r Role) Allows(need Role) bool {
	return r == RoleAdmin || r == need
}

// User is a person who signs in to curate.
type User struct {
	ID           int64
	Email        string
	DisplayName  string
	Role         Role
	PasswordHash string `json:"-"`
	DisabledAt   *time.Time
	CreatedAt    time.Time
	LastLoginAt  *time.Time
}

// Name is how the user is shown: the display name, else the email.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Email
}

// Limits of a user's fields.
const (
	MaxEmailLen = 254
	MaxNameLen  = 100
)

// ErrForbidden means the actor may not do this.
var ErrForbidden = errors.New("forbidden")

// FieldError is input that breaks a rule, named by its form field so the
// form can say so beside it.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return "models: " + e.Field + ": " + e.Message }

// Unwrap makes a FieldError an ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// ValidEmail reports whether s is one plain address (no display name, no
// angle brackets) of at most MaxEmailLen bytes.
func ValidEmail(s string) bool {
	if len(s) < 3 || len(s) > MaxEmailLen || strings.ContainsAny(s, " <>\"\t\r\n") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return domain != "" && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// NewUser is what creating a user needs.
type NewUser struct {
	Email    string
	Name     string
	Role     Role
	Password string
}

func (n NewUser) validate() error {
	switch {
	case !ValidEmail(n.Email):
		return &FieldError{"email", "This is not an email address."}
	case utf8.RuneCountInString(n.Name) > MaxNameLen || !utf8.ValidString(n.Name):
		return &FieldError{"name", fmt.Sprintf("The name is limited to %d characters.", MaxNameLen)}
	}
	if _, ok := ParseRole(string(n.Role)); !ok {
		return &FieldError{"role", "The role must be admin or editor."}
	}
	if p := PasswordProblem(n.Password, n.Email, n.Name); p != "" {
		return &FieldError{"password", p}
	}
	return nil
}

// userAudit is what the audit log records of a user: never the hash.
func userAudit(u *User) map[string]any {
	m := map[string]any{"email": u.Email, "name": u.DisplayName, "role": u.Role}
	if u.DisabledAt != nil {
		m["disabled_at"] = u.DisabledAt.UTC()
	}
	return m
}

// CreateUser adds a user, audited. An email already taken, whatever its
// case, is a FieldError.
func (s *Store) CreateUser(ctx context.Context, n NewUser) (*User, error) {
	n.Email, n.Name = strings.TrimSpace(n.Email), strings.TrimSpace(n.Name)
	if err := n.validate(); err != nil {
		return nil, err
	}
	hash, err := s.Passwords.Hash(ctx, n.Password)
	if err != nil {
		return nil, err
	}
	u := &User{Email: n.Email, DisplayName: n.Name, Role: n.Role, PasswordHash: hash, CreatedAt: s.Now().UTC()}
	err = s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Omit("ID").Create(u).Error; err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "23505" {
				return &FieldError{"email", "There is already a user with this email."}
			}
			return fmt.Errorf("models: create user: %w", err)
		}
		return tx.Audit(ctx, AuditEntry{Action: ActionUserCreate, Entity: "user", EntityID: &u.ID, After: JSON(userAudit(u))})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// User returns the user with the id.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err, "user %d", id)
	}
	return &u, nil
}

// UserByEmail returns the user with the email, whatever its case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).Where("lower(email) = lower(?)", email).First(&u).Error; err != nil {
		return nil, notFound(err, "user %q", email)
	}
	return &u, nil
}

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("models: "+format+": %w", append(args, ErrNotFound)...)
	}
	return fmt.Errorf("models: "+format+": %w", append(args, err)...)
}

// UserSummary is a user with their live sessions counted, for lists.
type UserSummary struct {
	User
	Sessions int
}

// Users lists every user, admins first, then by email.
func (s *Store) Users(ctx context.Context) ([]UserSummary, error) {
	var out []UserSummary
	now := s.Now().UTC()
	err := s.db.WithContext(ctx).Raw(`SELECT u.*, (SELECT count(*) FROM sessions s WHERE s.user_id = u.id
			AND s.expires_at > ? AND s.last_seen_at > ?) AS sessions
		FROM users u ORDER BY u.role = 'admin' DESC, lower(u.email)`, now, now.Add(-s.Sessions.Idle)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: users: %w", err)
	}
	return out, nil
}

// lockUser reads a user for update inside a transaction.
func (tx *Store) lockUser(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := tx.db.WithContext(ctx).Clauses(forUpdate).First(&u, id).Error; err != nil {
		return nil, notFound(err, "user %d", id)
	}
	return &u, nil
}

// DisableUser stops a user from signing in and ends their sessions at once,
// audited. The last admin who can sign in cannot be disabled: no one could
// manage users after.
func (s *Store) DisableUser(ctx context.Context, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.lockUser(ctx, id)
		if err != nil {
			return err
		}
		if u.DisabledAt != nil {
			return nil
		}
		if u.Role == RoleAdmin {
			// Lock every active admin row, so two admins disabling each
			// other at once cannot both succeed.
			var active []int64
			if err := tx.db.WithContext(ctx).Model(&User{}).Clauses(forUpdate).
				Where("role = 'admin' AND disabled_at IS NULL").Order("id").Pluck("id", &active).Error; err != nil {
				return fmt.Errorf("models: disable user %d: %w", id, err)
			}
			if len(active) <= 1 {
				return &FieldError{"user", "This is the last admin who can sign in; add another admin first."}
			}
		}
		before := userAudit(u)
		now := tx.Now().UTC()
		if err := tx.db.WithContext(ctx).Model(u).Update("disabled_at", now).Error; err != nil {
			return fmt.Errorf("models: disable user %d: %w", id, err)
		}
		u.DisabledAt = &now
		n, err := tx.endSessions(ctx, id, 0)
		if err != nil {
			return err
		}
		after := userAudit(u)
		after["sessions_ended"] = n
		return tx.Audit(ctx, AuditEntry{Action: ActionUserDisable, Entity: "user", EntityID: &id, Before: JSON(before), After: JSON(after)})
	})
}

// SetPassword gives a user a new password and ends their sessions, except
// keep (the session of the person changing their own password; 0 for none),
// audited.
func (s *Store) SetPassword(ctx context.Context, id int64, password string, keep int64) error {
	u, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	if p := PasswordProblem(password, u.Email, u.DisplayName); p != "" {
		return &FieldError{"password", p}
	}
	hash, err := s.Passwords.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.lockUser(ctx, id); err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Update("password_hash", hash).Error; err != nil {
			return fmt.Errorf("models: set password of user %d: %w", id, err)
		}
		n, err := tx.endSessions(ctx, id, keep)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Action: ActionUserPassword, Entity: "user", EntityID: &id,
			After: JSON(map[string]any{"email": u.Email, "sessions_ended": n})})
	})
}

// ChangeOwnPassword is SetPassword for a user who proves they know the
// current password; their session keep stays signed in.
func (s *Store) ChangeOwnPassword(ctx context.Context, id int64, current, password string, keep int64) error {
	u, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	if len(current) > MaxPasswordBytes {
		return &FieldError{"current", "The current password is not right."}
	}
	ok, _, err := s.Passwords.Verify(ctx, u.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return &FieldError{"current", "The current password is not right."}
	}
	return s.SetPassword(ctx, id, password, keep)
}

// EndSessions signs a user out everywhere, except session keep (0 for
// none), audited. It returns how many sessions ended.
func (s *Store) EndSessions(ctx context.Context, userID, keep int64) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Store) error {
		u, err := tx.lockUser(ctx, userID)
		if err != nil {
			return err
		}
		if n, err = tx.endSessions(ctx, userID, keep); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Action: ActionSessionsEnd, Entity: "user", EntityID: &userID,
			After: JSON(map[string]any{"email": u.Email, "sessions_ended": n})})
	})
	return n, err
}

func (tx *Store) endSessions(ctx context.Context, userID, keep int64) (int, error) {
	res := tx.db.WithContext(ctx).Where("user_id = ? AND id <> ?", userID, keep).Delete(&Session{})
	if res.Error != nil {
		return 0, fmt.Errorf("models: end sessions of user %d: %w", userID, res.Error)
	}
	return int(res.RowsAffected), nil
}
