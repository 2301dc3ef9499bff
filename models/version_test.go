package models_test

import (
	"context"
	"testing"

	"timeline/models"
)

// The data version must move with every committed write readers could see,
// and with nothing else: a response cached under it is only ever replaced
// by a newer one.
func TestDataVersionMovesWithWrites(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	version := func() int64 {
		t.Helper()
		v, err := s.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	last := version()
	step := func(what string, wantChange bool) {
		t.Helper()
		v := version()
		if changed := v != last; changed != wantChange {
			t.Errorf("%s: version %d → %d, want changed = %v", what, last, v, wantChange)
		}
		last = v
	}

	ids := seed(t, s,
		newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusPublished),
		newEvent("b", "protest", "2022-09-26", "2022-09-26", models.StatusPublished))
	step("import", true)

	if _, err := s.ListEvents(ctx, models.Filter{}); err != nil {
		t.Fatal(err)
	}
	step("a read", false)

	bad := newEvent("bad", "picnic", "2022-09-25", "2022-09-25", models.StatusPublished)
	if _, err := s.ImportEvents(ctx, []models.NewEvent{newEvent("c", "protest", "2022-09-27", "2022-09-27", models.StatusPublished), bad}); err == nil {
		t.Fatal("import of an unknown type succeeded")
	}
	step("a rolled-back import", false)

	ev, err := s.Event(ctx, ids["a"])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, ev.ID, ev.Version, models.StatusRejected); err != nil {
		t.Fatal(err)
	}
	step("rejecting an event", true)

	evB, err := s.Event(ctx, ids["b"])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, evB.ID, evB.Version+7, models.StatusRejected); err == nil {
		t.Fatal("a stale version was accepted")
	}
	step("a refused, stale update", false)
}
