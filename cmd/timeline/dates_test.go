package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestDatesCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	args := []string{"dates", "--ref", "2022-09-27", "last week", "mid-July", "on Sunday", "the first half of the year", "no date here"}
	if err := run(context.Background(), args, env(nil), &out, &errOut); err != nil {
		t.Fatalf("dates: %v\n%s", err, errOut.String())
	}
	want := []string{
		`{"text":"last week","start":"2022-09-19","end":"2022-09-25","precision":"week"}`,
		`{"text":"mid-July","start":"2022-07-11","end":"2022-07-20","precision":"month-part"}`,
		`{"text":"on Sunday","start":"2022-09-25","end":"2022-09-25","precision":"day"}`,
		`{"text":"the first half of the year","start":"2022-01-01","end":"2022-06-30","precision":"half-year"}`,
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(args)-3 {
		t.Fatalf("%d lines for %d phrases:\n%s", len(lines), len(args)-3, out.String())
	}
	for i, w := range want {
		var got, exp map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal([]byte(w), &exp)
		for k, v := range exp {
			if got[k] != v {
				t.Errorf("line %d: %s = %v, want %v", i, k, got[k], v)
			}
		}
	}
	if !strings.Contains(lines[4], `"error"`) {
		t.Errorf("a phrase without a date must give an error line: %s", lines[4])
	}
	var ee *exitError
	if err := run(context.Background(), []string{"dates", "--ref", "yesterday", "x"}, env(nil), &out, &errOut); !errors.As(err, &ee) || ee.code != 2 {
		t.Errorf("bad --ref: %v, want exit code 2", err)
	}
}
