package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"timeline/models"
)

const userUsage = `usage: timeline user <command>

  add EMAIL --role admin|editor [--name NAME]   create a user; the password is read from stdin
  passwd EMAIL                                  set a new password (ends the user's sessions)
  disable EMAIL                                 stop the user signing in (ends their sessions)
  list                                          list the users

The password is the first line of standard input; on a terminal it is asked
for twice, without echo.`

// cmdUser manages the accounts of admins and editors. There is no default
// account: the first admin is made here.
func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, userUsage)
		return &exitError{code: 2, err: errors.New("user: no command given")}
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "`admin` or editor")
	name := fs.String("name", "", "the name shown for the user")
	if err := parseInterspersed(fs, rest); err != nil {
		return &exitError{code: 2, err: err}
	}
	wantArgs := map[string]int{"add": 1, "passwd": 1, "disable": 1, "list": 0}
	n, known := wantArgs[sub]
	if !known {
		fmt.Fprintln(stderr, userUsage)
		return &exitError{code: 2, err: fmt.Errorf("user: unknown command %q", sub)}
	}
	if fs.NArg() != n {
		fmt.Fprintln(stderr, userUsage)
		return &exitError{code: 2, err: fmt.Errorf("user %s: want %d argument(s), got %d", sub, n, fs.NArg())}
	}
	if sub != "add" && (*role != "" || *name != "") {
		return &exitError{code: 2, err: fmt.Errorf("user %s: --role and --name belong to user add", sub)}
	}
	var r models.Role
	if sub == "add" {
		var ok bool
		if r, ok = models.ParseRole(*role); !ok {
			return &exitError{code: 2, err: errors.New("user add: --role must be admin or editor")}
		}
	}
	email := fs.Arg(0)
	var password string
	if sub == "add" || sub == "passwd" {
		if !models.ValidEmail(email) {
			return &exitError{code: 2, err: fmt.Errorf("user %s: %q is not an email address", sub, email)}
		}
		pw, err := readPassword(stdin, stderr)
		if err != nil {
			return err
		}
		// Checked before the database starts, so a weak password costs nothing.
		if p := models.PasswordProblem(pw, email, *name); p != "" {
			return &exitError{code: 2, err: errors.New("user " + sub + ": " + p)}
		}
		password = pw
	}

	log := newLogger(getenv, stderr)
	store, closeStore, err := openStore(ctx, getenv, log)
	if err != nil {
		return err
	}
	defer closeStore()
	ctx = models.WithCaller(ctx, models.Caller{Label: cliLabel()})
	switch sub {
	case "add":
		u, err := store.CreateUser(ctx, models.NewUser{Email: email, Name: *name, Role: r, Password: password})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	case "passwd":
		u, err := store.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if err := store.SetPassword(ctx, u.ID, password, 0); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions ended\n", u.Email)
	case "disable":
		u, err := store.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if err := store.DisableUser(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s disabled; their sessions ended\n", u.Email)
	case "list":
		users, err := store.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tSTATUS\tLAST SIGN-IN\tSESSIONS")
		for _, u := range users {
			status, last := "active", "never"
			if u.DisabledAt != nil {
				status = "disabled " + u.DisabledAt.UTC().Format("2006-01-02")
			}
			if u.LastLoginAt != nil {
				last = u.LastLoginAt.UTC().Format("2006-01-02 15:04 UTC")
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\n", u.ID, u.Email, u.DisplayName, u.Role, status, last, u.Sessions)
		}
		return tw.Flush()
	}
	return nil
}

// readPassword reads the first line of stdin, or on a terminal asks twice
// without echo. The line is taken whole: only the line ending is removed.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("user: read password: %w", err)
		}
		fmt.Fprint(stderr, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("user: read password: %w", err)
		}
		if string(a) != string(b) {
			return "", &exitError{code: 2, err: errors.New("user: the passwords differ")}
		}
		return string(a), nil
	}
	// The reader stops well past the longest password allowed, so a huge
	// input is refused without being held in memory.
	line, err := bufio.NewReaderSize(io.LimitReader(stdin, models.MaxPasswordBytes+2), models.MaxPasswordBytes+2).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("user: read password: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", &exitError{code: 2, err: errors.New("user: no password on standard input")}
	}
	return line, nil
}

// cliLabel names the command line as the actor in the audit log.
func cliLabel() string {
	if u, err := user.Current(); err == nil {
		return "command line (" + u.Username + ")"
	}
	return "command line"
}
