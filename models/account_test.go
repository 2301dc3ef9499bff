package models_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"timeline/models"
	"timeline/pglocal/pgtest"
)

// fastHashes are cheap argon2id costs, so tests sign in quickly; the
// production costs are measured by the benchmarks.
var fastHashes = models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const goodPassword = "correct horse battery staple"

// clock is a test's time: it stands still unless the test moves it (so
// waits measured on a loaded machine come out exact), and the store may
// read it from any goroutine.
type clock struct {
	base   time.Time
	offset atomic.Int64
}

func (c *clock) now() time.Time          { return c.base.Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// accountStore is a store with cheap hashing and a clock the test moves.
func accountStore(t *testing.T) (*models.Store, *clock) {
	t.Helper()
	s := newStore(t)
	s.Passwords = models.NewHasher(fastHashes, 4, time.Second)
	c := &clock{base: time.Now()}
	s.Now = c.now
	return s, c
}

func addUser(t *testing.T, s *models.Store, email string, role models.Role) *models.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), models.NewUser{Email: email, Name: "Test " + string(role), Role: role, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPasswordProblem(t *testing.T) {
	tests := []struct {
		pw   string
		good bool
	}{
		{"short", false},
		{"password1234", false},
		{"aaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"qwertyuiop123", false},
		{"editor@example.org1", false}, // the email itself
		{goodPassword, true},
		{"vN7#kq2!Lw9z", true},
		{strings.Repeat("ж", 12) + " river lamp 7", true}, // characters, not bytes
		{strings.Repeat("x", models.MaxPasswordLen+1), false},
		{"Tr0ub4dour & a long walk to the sea " + strings.Repeat("b", 200), true}, // 256 characters are allowed
	}
	for _, tt := range tests {
		got := models.PasswordProblem(tt.pw, "editor@example.org", "Ed Itor")
		if (got == "") != tt.good {
			t.Errorf("PasswordProblem(%.40q) = %q, want good=%v", tt.pw, got, tt.good)
		}
	}
}

func TestHasherRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := models.NewHasher(fastHashes, 1, time.Second)
	phc, err := h.Hash(ctx, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("PHC string %q", phc)
	}
	for pw, want := range map[string]bool{goodPassword: true, goodPassword + " ": false, "": false, goodPassword[:20]: false} {
		ok, rehash, err := h.Verify(ctx, phc, pw)
		if err != nil || ok != want || rehash {
			t.Errorf("Verify(%q) = %v, %v, %v; want %v", pw, ok, rehash, err, want)
		}
	}
	// A hash of other costs still verifies, and asks to be redone.
	other := models.NewHasher(models.HashParams{Memory: 128, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, 1, time.Second)
	if ok, rehash, err := other.Verify(ctx, phc, goodPassword); !ok || !rehash || err != nil {
		t.Errorf("other costs: %v %v %v, want a match that asks for a rehash", ok, rehash, err)
	}
	// An empty stored hash (an unknown account) never matches.
	if ok, _, err := h.Verify(ctx, "", goodPassword); ok || err != nil {
		t.Errorf("empty hash: %v %v", ok, err)
	}
	for _, bad := range []string{"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "plain"} {
		if ok, _, err := h.Verify(ctx, bad, goodPassword); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
}

// The semaphore bounds concurrent hashes, and a hash that cannot start in
// time is ErrBusy rather than a queue without end.
func TestHasherBusy(t *testing.T) {
	h := models.NewHasher(models.HashParams{Memory: 8 * 1024, Time: 8, Threads: 1, SaltLen: 16, KeyLen: 32}, 1, time.Millisecond)
	var wg sync.WaitGroup
	var busy atomic.Int32
	for range 8 {
		wg.Go(func() {
			if _, err := h.Hash(context.Background(), goodPassword); errors.Is(err, models.ErrBusy) {
				busy.Add(1)
			}
		})
	}
	wg.Wait()
	if busy.Load() == 0 {
		t.Error("eight hashes through a limit of one, waiting 1 ms, all ran")
	}
}

func TestCreateUser(t *testing.T) {
	s, _ := accountStore(t)
	ctx := context.Background()
	u := addUser(t, s, "Admin@Example.org", models.RoleAdmin)
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("hash %q", u.PasswordHash)
	}
	tests := []struct {
		n     models.NewUser
		field string
	}{
		{models.NewUser{Email: "admin@example.ORG", Role: models.RoleEditor, Password: goodPassword}, "email"},
		{models.NewUser{Email: "not an email", Role: models.RoleEditor, Password: goodPassword}, "email"},
		{models.NewUser{Email: "Ann <ann@example.org>", Role: models.RoleEditor, Password: goodPassword}, "email"},
		{models.NewUser{Email: "ann@example.org", Role: "owner", Password: goodPassword}, "role"},
		{models.NewUser{Email: "ann@example.org", Role: models.RoleEditor, Password: "password1234"}, "password"},
		{models.NewUser{Email: "ann@example.org", Name: strings.Repeat("n", 101), Role: models.RoleEditor, Password: goodPassword}, "name"},
	}
	for _, tt := range tests {
		_, err := s.CreateUser(ctx, tt.n)
		var fe *models.FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, models.ErrInvalid) {
			t.Errorf("CreateUser(%+v) = %v, want a FieldError on %s", tt.n.Email, err, tt.field)
		}
	}
	got, err := s.UserByEmail(ctx, "ADMIN@example.org")
	if err != nil || got.ID != u.ID {
		t.Errorf("UserByEmail regardless of case: %v %v", got, err)
	}
	log, err := s.AuditLog(ctx, models.AuditFilter{Action: models.ActionUserCreate})
	if err != nil || len(log.Entries) != 1 || strings.Contains(string(log.Entries[0].After), "argon2") {
		t.Errorf("audit of creation: %+v %v (one entry, without the hash)", log.Entries, err)
	}
}

// The audit log refuses to be changed, and an entry written in a
// transaction that fails is gone with it.
func TestAuditLogAppendOnly(t *testing.T) {
	s, _ := accountStore(t)
	ctx := models.WithCaller(context.Background(), models.Caller{Label: "tester", RequestID: "req-1", IP: "192.0.2.7"})
	if err := s.Audit(ctx, models.AuditEntry{Action: "test.first", Entity: "thing"}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx *models.Store) error {
		if err := tx.Audit(ctx, models.AuditEntry{Action: "test.rolled_back"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	db := s.DB()
	for _, stmt := range []string{`UPDATE audit_log SET action = 'test.changed'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		if err := db.Exec(stmt).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", stmt, err)
		}
	}
	page, err := s.AuditLog(ctx, models.AuditFilter{})
	if err != nil || len(page.Entries) != 1 {
		t.Fatalf("audit log: %+v %v, want only the first entry", page.Entries, err)
	}
	e := page.Entries[0]
	if e.Action != "test.first" || e.ActorLabel != "tester" || e.RequestID != "req-1" || e.IP == nil || *e.IP != "192.0.2.7" {
		t.Errorf("entry = %+v", e)
	}
}

func TestAuditLogFilterAndPages(t *testing.T) {
	s, c := accountStore(t)
	ctx := context.Background()
	a := addUser(t, s, "a@example.org", models.RoleAdmin)
	b := addUser(t, s, "b@example.org", models.RoleAdmin)
	for i := range 7 {
		actor := a
		if i%2 == 1 {
			actor = b
		}
		cctx := models.WithCaller(ctx, models.Caller{UserID: &actor.ID, Label: actor.Email})
		if err := s.Audit(cctx, models.AuditEntry{Action: "test.step"}); err != nil {
			t.Fatal(err)
		}
		c.advance(24 * time.Hour)
	}
	page, err := s.AuditLog(ctx, models.AuditFilter{Action: "test.step", ActorID: a.ID, Limit: 3})
	if err != nil || len(page.Entries) != 3 || page.Next == 0 {
		t.Fatalf("first page: %d entries, next %d, %v", len(page.Entries), page.Next, err)
	}
	rest, err := s.AuditLog(ctx, models.AuditFilter{Action: "test.step", ActorID: a.ID, Limit: 3, Before: page.Next})
	if err != nil || len(rest.Entries) != 1 || rest.Next != 0 {
		t.Fatalf("second page: %d entries, next %d, %v", len(rest.Entries), rest.Next, err)
	}
	first := page.Entries[2].At
	if got, _ := s.AuditLog(ctx, models.AuditFilter{Action: "test.step", From: first.Truncate(24 * time.Hour), To: first.Truncate(24 * time.Hour)}); len(got.Entries) != 1 {
		t.Errorf("one day: %d entries, want 1", len(got.Entries))
	}
	actions, err := s.AuditActions(ctx)
	if err != nil || strings.Join(actions, ",") != "test.step,user.create" {
		t.Errorf("actions = %q, %v", actions, err)
	}
}

func signIn(s *models.Store, email, pw, ip string) (*models.SignedIn, string, error) {
	return s.SignIn(context.Background(), models.SignInRequest{Email: email, Password: pw, IP: ip, UserAgent: "test"})
}

func TestSignInAndSessions(t *testing.T) {
	s, c := accountStore(t)
	ctx := context.Background()
	u := addUser(t, s, "editor@example.org", models.RoleEditor)

	for _, bad := range [][2]string{{"editor@example.org", "wrong password here"}, {"nobody@example.org", goodPassword}, {"not-an-email", goodPassword}} {
		if _, _, err := signIn(s, bad[0], bad[1], "192.0.2.1"); !errors.Is(err, models.ErrBadCredentials) {
			t.Errorf("sign in %q: %v, want ErrBadCredentials", bad[0], err)
		}
	}
	in, token, err := signIn(s, "EDITOR@example.org", goodPassword, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if in.User.ID != u.ID || len(token) != models.TokenLen {
		t.Fatalf("signed in as %d with token %q", in.User.ID, token)
	}
	got, err := s.SessionByToken(ctx, token)
	if err != nil || got.User.Email != "editor@example.org" || got.User.Role != models.RoleEditor {
		t.Fatalf("SessionByToken = %+v, %v", got, err)
	}
	var row struct{ TokenHash []byte }
	s.DB().Raw(`SELECT token_hash FROM sessions WHERE id = ?`, got.Session.ID).Scan(&row)
	stored := row.TokenHash
	if len(stored) != 32 || strings.Contains(string(stored), token) {
		t.Errorf("stored %x: want the SHA-256 only", stored)
	}

	// No fixation: signing in again with the old token ends it.
	_, token2, err := s.SignIn(ctx, models.SignInRequest{Email: "editor@example.org", Password: goodPassword, OldToken: token})
	if err != nil {
		t.Fatal(err)
	}
	if token2 == token {
		t.Fatal("the same token twice")
	}
	if _, err := s.SessionByToken(ctx, token); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("old token after a new sign-in: %v, want ErrNoSession", err)
	}

	// Idle timeout, measured on the store's clock; being seen keeps it alive.
	s.Sessions = models.SessionPolicy{Idle: time.Hour, Max: 3 * time.Hour}
	_, tok, _ := signIn(s, "editor@example.org", goodPassword, "")
	for range 3 {
		c.advance(50 * time.Minute)
		if _, err := s.SessionByToken(ctx, tok); err != nil {
			t.Fatalf("active session ended: %v", err)
		}
	}
	// 190 minutes in, seen 40 minutes ago: past the absolute limit of three hours.
	c.advance(40 * time.Minute)
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("past the absolute timeout: %v", err)
	}
	_, tok, _ = signIn(s, "editor@example.org", goodPassword, "")
	c.advance(61 * time.Minute)
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("idle past an hour: %v", err)
	}

	// Sign out ends the session for good.
	_, tok, _ = signIn(s, "editor@example.org", goodPassword, "")
	if err := s.EndSession(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("after sign-out: %v", err)
	}
	for _, junk := range []string{"", "x", strings.Repeat("A", models.TokenLen), strings.Repeat("!", models.TokenLen)} {
		if _, err := s.SessionByToken(ctx, junk); !errors.Is(err, models.ErrNoSession) {
			t.Errorf("token %q: %v", junk, err)
		}
	}
	counts := map[string]int{}
	page, _ := s.AuditLog(ctx, models.AuditFilter{Limit: 500})
	for _, e := range page.Entries {
		counts[e.Action]++
	}
	if counts[models.ActionLoginFailure] != 3 || counts[models.ActionLoginSuccess] != 5 || counts[models.ActionLogout] != 1 {
		t.Errorf("audited %v", counts)
	}
}

// Disabling a user or changing a password ends sessions at once; a disabled
// user cannot sign in; the last admin cannot be disabled.
func TestDisableAndPasswordEndSessions(t *testing.T) {
	s, _ := accountStore(t)
	ctx := context.Background()
	admin := addUser(t, s, "admin@example.org", models.RoleAdmin)
	ed := addUser(t, s, "editor@example.org", models.RoleEditor)
	_, tok1, _ := signIn(s, ed.Email, goodPassword, "")
	in2, tok2, _ := signIn(s, ed.Email, goodPassword, "")

	const newPassword = "a different long passphrase"
	if err := s.SetPassword(ctx, ed.ID, newPassword, in2.Session.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, tok1); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("other session after a password change: %v", err)
	}
	if _, err := s.SessionByToken(ctx, tok2); err != nil {
		t.Errorf("the session that changed the password: %v", err)
	}
	if err := s.ChangeOwnPassword(ctx, ed.ID, "not the password", goodPassword, 0); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("own change with a wrong current password: %v", err)
	}
	if err := s.SetPassword(ctx, ed.ID, "password1234", 0); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("weak reset: %v", err)
	}

	if err := s.DisableUser(ctx, ed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, tok2); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("session of a disabled user: %v", err)
	}
	if _, _, err := signIn(s, ed.Email, newPassword, ""); !errors.Is(err, models.ErrBadCredentials) {
		t.Errorf("disabled user signs in: %v", err)
	}
	if err := s.DisableUser(ctx, admin.ID); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("disabling the last admin: %v", err)
	}
	// A session still in the table when its user is disabled by hand (say,
	// by another replica's SQL) is refused at its next request all the same.
	ed2 := addUser(t, s, "second@example.org", models.RoleEditor)
	_, tok, _ := signIn(s, ed2.Email, goodPassword, "")
	s.DB().Exec(`UPDATE users SET disabled_at = now() WHERE id = ?`, ed2.ID)
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, models.ErrNoSession) {
		t.Errorf("live session of a user disabled in SQL: %v", err)
	}
}

func TestThrottle(t *testing.T) {
	s, c := accountStore(t)
	s.Throttle = models.ThrottlePolicy{Free: 3, FreeIP: 6, Base: 10 * time.Second, Max: 80 * time.Second, Window: 24 * time.Hour}
	addUser(t, s, "editor@example.org", models.RoleEditor)
	fail := func(ip string) error {
		_, _, err := signIn(s, "editor@example.org", "not the password at all", ip)
		return err
	}
	retry := func(err error) time.Duration {
		var te *models.ThrottledError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v, want a ThrottledError", err)
		}
		return te.RetryAfter
	}
	for i := range 3 {
		if err := fail("192.0.2.1"); !errors.Is(err, models.ErrBadCredentials) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	// The fourth attempt waits 10 s after the third failure, even with the
	// right password, and from another address.
	if d := retry(fail("192.0.2.1")); d <= 9*time.Second || d > 10*time.Second {
		t.Errorf("retry after %s, want 10 s", d)
	}
	if _, _, err := signIn(s, "editor@example.org", goodPassword, "198.51.100.9"); !errors.Is(err, models.ErrThrottled) {
		t.Errorf("right password while throttled: %v", err)
	}
	// Waits double with each failure, up to the maximum.
	var waits []time.Duration
	for range 5 {
		c.advance(90 * time.Second)
		if err := fail("192.0.2.1"); !errors.Is(err, models.ErrBadCredentials) {
			t.Fatalf("after waiting: %v", err)
		}
		waits = append(waits, retry(fail("192.0.2.1")).Round(time.Second))
	}
	if want := []time.Duration{20 * time.Second, 40 * time.Second, 80 * time.Second, 80 * time.Second, 80 * time.Second}; !equalDurations(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	// A success resets the account's count.
	c.advance(90 * time.Second)
	if _, _, err := signIn(s, "editor@example.org", goodPassword, "203.0.113.5"); err != nil {
		t.Fatalf("sign in after waiting: %v", err)
	}
	if err := fail("203.0.113.5"); !errors.Is(err, models.ErrBadCredentials) {
		t.Errorf("first failure after a success: %v", err)
	}
	// Per address: many accounts from one address.
	for i := range 6 {
		_, _, err := signIn(s, "guess"+string(rune('a'+i))+"@example.org", goodPassword, "192.0.2.200")
		if !errors.Is(err, models.ErrBadCredentials) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, _, err := signIn(s, "other@example.org", goodPassword, "192.0.2.200"); !errors.Is(err, models.ErrThrottled) {
		t.Errorf("seventh account from one address: %v", err)
	}
	var attempts, throttled int
	s.DB().Raw(`SELECT count(*) FROM login_attempts`).Scan(&attempts)
	s.DB().Raw(`SELECT count(*) FROM audit_log WHERE action = ?`, models.ActionLoginThrottled).Scan(&throttled)
	if attempts != 3+1+1+10+1+1+6+1 || throttled != 1+1+5+1 {
		t.Errorf("recorded %d attempts and %d throttles", attempts, throttled)
	}
}

// Concurrent guesses cannot all slip in under the limit: each attempt is
// counted before its password is checked.
func TestThrottleHoldsUnderConcurrency(t *testing.T) {
	s, _ := accountStore(t)
	s.Throttle = models.ThrottlePolicy{Free: 5, FreeIP: 1000, Base: time.Minute, Max: time.Hour, Window: time.Hour}
	addUser(t, s, "editor@example.org", models.RoleEditor)
	var wg sync.WaitGroup
	var checked atomic.Int32
	for i := range 30 {
		wg.Go(func() {
			_, _, err := signIn(s, "editor@example.org", "wrong guess number "+string(rune('a'+i)), "192.0.2.1")
			if errors.Is(err, models.ErrBadCredentials) {
				checked.Add(1)
			}
		})
	}
	wg.Wait()
	if n := checked.Load(); n != 5 {
		t.Errorf("%d of 30 concurrent guesses had their password checked, want 5", n)
	}
}

func TestOversizedPasswordIsRefusedBeforeHashing(t *testing.T) {
	s, _ := accountStore(t)
	_, _, err := signIn(s, "a@example.org", strings.Repeat("x", 10<<10), "")
	if !errors.Is(err, models.ErrInvalid) {
		t.Errorf("10 KB password: %v", err)
	}
	var n int
	s.DB().Raw(`SELECT count(*) FROM login_attempts`).Scan(&n)
	if n != 0 {
		t.Errorf("%d attempts recorded for a request refused at the door", n)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Audit entries are logged as JSON once their transaction commits, with the
// request id; a rolled-back entry is never logged.
func TestAuditEntriesAreLoggedAfterCommit(t *testing.T) {
	var buf syncBuffer
	s, err := models.Open(context.Background(), pgtest.New(t), slog.New(slog.NewJSONHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Passwords = models.NewHasher(fastHashes, 2, time.Second)
	ctx := models.WithCaller(context.Background(), models.Caller{RequestID: "req-42", IP: "192.0.2.9"})
	if _, err := s.CreateUser(ctx, models.NewUser{Email: "a@example.org", Role: models.RoleAdmin, Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	s.InTx(ctx, func(tx *models.Store) error {
		tx.Audit(ctx, models.AuditEntry{Action: "test.rolled_back"})
		return errors.New("no")
	})
	var line struct {
		RequestID string `json:"request_id"`
	}
	logged := buf.String()
	if strings.Count(logged, `"msg":"audit"`) != 1 || strings.Contains(logged, "rolled_back") {
		t.Fatalf("log:\n%s", logged)
	}
	first, _, _ := strings.Cut(logged, "\n")
	if err := json.Unmarshal([]byte(first), &line); err != nil || line.RequestID != "req-42" || !strings.Contains(first, `"action":"user.create"`) {
		t.Errorf("logged %s (%v)", first, err)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
