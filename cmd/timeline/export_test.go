package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"timeline/models"
	"timeline/pglocal/pgtest"
)

func TestExportCommand(t *testing.T) {
	url := pgtest.New(t)
	vars := env(map[string]string{"DATABASE_URL": url, "TIMELINE_LOG_LEVEL": "error",
		"TIMELINE_BASE_URL": "https://journal.example", "TIMELINE_SITE_NAME": "Mobilization Watch"})
	ctx := context.Background()
	if err := run(ctx, []string{"seed"}, vars, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	store, err := models.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	want, err := store.Count(ctx, models.Filter{Types: []string{"protest", "arson"}})
	if err != nil || want == 0 {
		t.Fatalf("count %d, %v", want, err)
	}

	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"export", "--format", "csv", "--type", "protest", "--type", "arson"}, vars, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rows) - 1; got != want {
		t.Errorf("csv rows = %d, want %d", got, want)
	}
	if !strings.HasPrefix(rows[1][1], "https://journal.example/events/") {
		t.Errorf("permalink = %q", rows[1][1])
	}

	out.Reset()
	if err := run(ctx, []string{"export", "--format", "json", "--type", "protest", "--type", "arson"}, vars, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Attribution string `json:"attribution"`
		Source      string `json:"source"`
		Count       int    `json:"count"`
	}
	if err := json.Unmarshal(out.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if js.Count != want || !strings.Contains(js.Attribution, "Mobilization Watch") || js.Source != "https://journal.example/?type=arson&type=protest" {
		t.Errorf("json = %+v", js)
	}

	for _, args := range [][]string{
		{"export", "--format", "xlsx"},
		{"export", "--type", "picnic"},
		{"export", "--from", "yesterday"},
		{"export", "stray"},
	} {
		errOut.Reset()
		err := run(ctx, args, vars, &bytes.Buffer{}, &errOut)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 2 {
			t.Errorf("%q: %v, want exit code 2", args, err)
		}
	}
	err = run(ctx, []string{"export", "--format", "xlsx"}, vars, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "csv, json, geojson, timelinejs, ics") {
		t.Errorf("unknown format: %v, want the known ones named", err)
	}
}
