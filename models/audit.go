package models

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"time"

	"gorm.io/gorm"
)

// Caller is who a request acts for, carried in its context from the edge to
// the audit log: the signed-in user, or a label such as "command line".
type Caller struct {
	UserID    *int64
	Label     string // the user's email when signed in; "command line (root)"; "" for nobody yet
	RequestID string
	IP        string
}

type callerKey struct{}

// WithCaller returns ctx carrying the caller whose changes it makes.
func WithCaller(ctx context.Context, a Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, a)
}

// CallerFrom returns the caller ctx carries, or the zero Caller.
func CallerFrom(ctx context.Context) Caller {
	a, _ := ctx.Value(callerKey{}).(Caller)
	return a
}

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    *int64
	ActorLabel string
	Action     string // "user.disable", "login.failure", "event.publish", ...
	Entity     string // "user", "event", "session", ...
	EntityID   *int64
	Before     json.RawMessage `gorm:"type:jsonb"`
	After      json.RawMessage `gorm:"type:jsonb"`
	RequestID  string
	IP         *string `gorm:"type:inet"`
}

// TableName is the table of audit entries.
func (AuditEntry) TableName() string { return "audit_log" }

// The audit actions this package writes itself. Curation adds its own.
const (
	ActionLoginSuccess   = "login.success"
	ActionLoginFailure   = "login.failure"
	ActionLoginThrottled = "login.throttled"
	ActionLogout         = "logout.success"
	ActionUserCreate     = "user.create"
	ActionUserDisable    = "user.disable"
	ActionUserPassword   = "user.password"
	ActionSessionsEnd    = "user.end_sessions"
)

// JSON marshals v for an entry's Before or After; nil stays NULL.
func JSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("models: audit value does not marshal: " + err.Error())
	}
	return b
}

// InTx runs fn in one transaction: every write fn makes through tx, audit
// rows included, commits or rolls back together. An error from fn rolls
// back. Inside a transaction already, InTx nests with a savepoint. Audit
// entries are logged once the outermost transaction commits, so the log
// never tells of a change that did not happen.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.pending != nil {
		return s.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
			return fn(s.with(db, s.pending))
		})
	}
	var pending []AuditEntry
	err := s.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		return fn(s.with(db, &pending))
	})
	if err != nil {
		return err
	}
	for _, e := range pending {
		s.logAudit(ctx, e)
	}
	return nil
}

// with is s on another connection handle (a transaction), sharing its
// settings.
func (s *Store) with(db *gorm.DB, pending *[]AuditEntry) *Store {
	c := *s
	c.db, c.pending = db, pending
	return &c
}

// Audit appends e to the audit log, filling in the time and, from ctx, the
// actor, request id and address. Call it on the tx of InTx so the entry
// commits with the change it records.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	a := CallerFrom(ctx)
	e.At = s.Now().UTC()
	if e.ActorID == nil {
		e.ActorID = a.UserID
	}
	if e.ActorLabel == "" {
		e.ActorLabel = a.Label
	}
	if e.RequestID == "" {
		e.RequestID = a.RequestID
	}
	if e.IP == nil {
		e.IP = inet(a.IP)
	}
	if err := s.db.WithContext(ctx).Omit("ID").Create(&e).Error; err != nil {
		return fmt.Errorf("models: audit %s: %w", e.Action, err)
	}
	if s.pending != nil {
		*s.pending = append(*s.pending, e)
	} else {
		s.logAudit(ctx, e)
	}
	return nil
}

func (s *Store) logAudit(ctx context.Context, e AuditEntry) {
	if s.log == nil {
		return
	}
	attrs := []any{"action", e.Action, "entity", e.Entity, "actor", e.ActorLabel, "request_id", e.RequestID}
	if e.ActorID != nil {
		attrs = append(attrs, "actor_id", *e.ActorID)
	}
	if e.EntityID != nil {
		attrs = append(attrs, "entity_id", *e.EntityID)
	}
	if e.IP != nil {
		attrs = append(attrs, "ip", *e.IP)
	}
	s.log.InfoContext(ctx, "audit", attrs...)
}

// inet returns a valid address for an inet column, or nil.
func inet(ip string) *string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return nil
	}
	s := a.Unmap().String()
	return &s
}

// AuditFilter chooses entries of the audit log, newest first.
type AuditFilter struct {
	ActorID  int64     // 0 for anyone
	Action   string    // "" for any
	From, To time.Time // zero for open; To is inclusive of its whole day
	Before   int64     // entries with ids below this one (a cursor); 0 from the newest
	Limit    int
}

// AuditPage is one page of the audit log and the cursor of the next.
type AuditPage struct {
	Entries []AuditEntry
	Next    int64 // 0 on the last page
}

// AuditLog lists entries matching f, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) (AuditPage, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := s.db.WithContext(ctx).Model(&AuditEntry{})
	if f.ActorID != 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.AddDate(0, 0, 1))
	}
	if f.Before > 0 {
		q = q.Where("id < ?", f.Before)
	}
	var p AuditPage
	if err := q.Order("id DESC").Limit(f.Limit + 1).Find(&p.Entries).Error; err != nil {
		return AuditPage{}, fmt.Errorf("models: audit log: %w", err)
	}
	if len(p.Entries) > f.Limit {
		p.Entries = p.Entries[:f.Limit]
		p.Next = p.Entries[f.Limit-1].ID
	}
	return p, nil
}

// AuditActions lists the actions the log holds, for a filter's choices. It
// skips through the action index one distinct value at a time, so its cost
// follows the number of actions, not the length of the log.
func (s *Store) AuditActions(ctx context.Context) ([]string, error) {
	var out []string
	if err := s.db.WithContext(ctx).Raw(`WITH RECURSIVE a AS (
			SELECT min(action) AS action FROM audit_log
			UNION ALL
			SELECT (SELECT min(action) FROM audit_log WHERE action > a.action) FROM a WHERE a.action IS NOT NULL)
		SELECT action FROM a WHERE action IS NOT NULL`).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("models: audit actions: %w", err)
	}
	return out, nil
}
