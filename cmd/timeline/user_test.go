package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"timeline/pglocal/pgtest"
)

func TestUserCommands(t *testing.T) {
	vars := env(map[string]string{"DATABASE_URL": pgtest.New(t), "TIMELINE_LOG_LEVEL": "error"})
	ctx := context.Background()
	user := func(stdin string, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := cmdUser(ctx, args, vars, strings.NewReader(stdin), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	const pw = "correct horse battery staple\n"
	if out, err := user(pw, "add", "Root@Example.org", "--role", "admin", "--name", "Rosa Admin"); err != nil || !strings.Contains(out, "created admin Root@Example.org") {
		t.Fatalf("add: %v %q", err, out)
	}
	if out, err := user(pw, "add", "ed@example.org", "--role=editor"); err != nil {
		t.Fatalf("add editor: %v %q", err, out)
	}
	refused := []struct {
		stdin string
		args  []string
		says  string
	}{
		{pw, []string{"add", "root@example.org", "--role", "editor"}, "already a user"},
		{"password1234\n", []string{"add", "x@example.org", "--role", "editor"}, "too easy to guess"},
		{"short\n", []string{"add", "x@example.org", "--role", "editor"}, "at least 12"},
		{strings.Repeat("long", 300) + "\n", []string{"add", "x@example.org", "--role", "editor"}, "longer than 256"},
		{"", []string{"add", "x@example.org", "--role", "editor"}, "no password"},
		{pw, []string{"add", "x@example.org"}, "--role must be"},
		{pw, []string{"add", "x@example.org", "--role", "owner"}, "--role must be"},
		{pw, []string{"add", "not-an-email", "--role", "editor"}, "not an email"},
		{pw, []string{"passwd", "nobody@example.org"}, "not found"},
		{"", []string{"disable", "root@example.org"}, "last admin"},
		{"", []string{"list", "extra"}, "want 0 argument"},
		{"", []string{"frobnicate"}, "unknown command"},
		{"", nil, "no command"},
	}
	for _, tt := range refused {
		out, err := user(tt.stdin, tt.args...)
		if err == nil || !strings.Contains(err.Error()+out, tt.says) {
			t.Errorf("user %q: %v %q, want it refused saying %q", tt.args, err, out, tt.says)
		}
	}
	var ee *exitError
	if _, err := user("", "list", "extra"); !errors.As(err, &ee) || ee.code != 2 {
		t.Errorf("usage error: %v, want exit code 2", err)
	}
	// The whole line is the password: spaces inside and at the ends count,
	// a Windows line ending does not.
	if out, err := user("  another long pass phrase  \r\n", "passwd", "ED@example.org"); err != nil || !strings.Contains(out, "sessions ended") {
		t.Fatalf("passwd: %v %q", err, out)
	}
	if out, err := user("", "disable", "ed@example.org"); err != nil || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %v %q", err, out)
	}
	out, err := user("", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "Root@Example.org") || !strings.Contains(lines[1], "Rosa Admin") ||
		!strings.Contains(lines[2], "editor") || !strings.Contains(lines[2], "disabled") {
		t.Errorf("list:\n%s", out)
	}
	if strings.Contains(out, "argon2") {
		t.Error("list shows password hashes")
	}
}
