package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"timeline/demo"
	"timeline/pglocal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"seed", "--synthetic", "-5"}, {"serve", "--nope"}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, env(nil), &out, &errOut)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 2 {
			t.Errorf("run %q: err = %v, want exit code 2", args, err)
		}
	}
	for _, mb := range []string{"lots", "-1", "99999"} {
		err := run(context.Background(), []string{"serve"}, env(map[string]string{"TIMELINE_CACHE_MB": mb}), io.Discard, io.Discard)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "TIMELINE_CACHE_MB") {
			t.Errorf("TIMELINE_CACHE_MB=%s: err = %v, want exit code 2 naming the variable", mb, err)
		}
	}
	for _, vars := range []map[string]string{{"TIMELINE_SESSION_IDLE": "forever"}, {"TIMELINE_SESSION_MAX": "1s"},
		{"TIMELINE_SESSION_IDLE": "9h", "TIMELINE_SESSION_MAX": "8h"}} {
		err := run(context.Background(), []string{"serve"}, env(vars), io.Discard, io.Discard)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(err.Error(), "TIMELINE_SESSION_") {
			t.Errorf("%v: err = %v, want exit code 2 naming the variable", vars, err)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), "usage: timeline") {
		t.Errorf("help: %v %q", err, out.String())
	}
}

func TestSeedAndMigrateAgainstDatabaseURL(t *testing.T) {
	vars := env(map[string]string{"DATABASE_URL": pgtest.New(t), "TIMELINE_LOG_LEVEL": "error"})
	ctx := context.Background()
	evs, err := demo.Events()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{fmt.Sprintf("%d events, %d new", len(evs), len(evs)), ", 0 new"} {
		var out, errOut bytes.Buffer
		if err := run(ctx, []string{"seed"}, vars, &out, &errOut); err != nil {
			t.Fatalf("seed %d: %v\n%s", i+1, err, errOut.String())
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("seed %d printed %q, want %q", i+1, out.String(), want)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate"}, vars, &out, &out); err != nil || !strings.Contains(out.String(), "migrations applied") {
		t.Errorf("migrate: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "--synthetic", "300"}, vars, &out, &out); err != nil || !strings.Contains(out.String(), "synthetic: 300 events, 300 new") {
		t.Errorf("synthetic: %v %q", err, out.String())
	}
}
