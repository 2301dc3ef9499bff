package demo_test

import (
	"context"
	"strings"
	"testing"

	"timeline/demo"
	"timeline/models"
	"timeline/pglocal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestDatasetIsCompleteAndLoadsOnce(t *testing.T) {
	evs, err := demo.Events()
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) < 40 {
		t.Errorf("%d demo events, want at least 40", len(evs))
	}
	types := map[string]bool{}
	for _, e := range evs {
		types[e.Type] = true
		if len(e.Citations) == 0 {
			t.Errorf("%s: no source", e.ImportKey)
		}
		if e.Place != nil && (e.Place.Lat == nil || e.Place.Lon == nil) {
			t.Errorf("%s: place %s has no coordinates", e.ImportKey, e.Place.Name)
		}
	}
	if len(types) < 8 {
		t.Errorf("only %d event types in the demo", len(types))
	}

	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i, want := range []int{len(evs), 0} {
		evs, _ := demo.Events()
		n, err := store.ImportEvents(ctx, evs)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("load %d created %d, want %d", i+1, n, want)
		}
	}
	page, err := store.ListEvents(ctx, models.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != len(evs) {
		t.Errorf("published %d, want %d", len(page.Events), len(evs))
	}
}

func TestSyntheticIsDeterministicAndValid(t *testing.T) {
	a, b := demo.Synthetic(500, 7), demo.Synthetic(500, 7)
	for i := range a {
		if err := a[i].Validate(); err != nil {
			t.Fatal(err)
		}
		if a[i].Title != b[i].Title || !a[i].DateStart.Equal(b[i].DateStart) {
			t.Fatalf("event %d differs between runs", i)
		}
		if !strings.HasPrefix(a[i].ImportKey, "synthetic:7:") {
			t.Fatalf("key %q", a[i].ImportKey)
		}
	}
}

func TestSyntheticBulkInsert(t *testing.T) {
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for i, want := range []int{2500, 0} {
		n, err := store.BulkInsert(ctx, demo.Synthetic(2500, 3))
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("insert %d created %d, want %d", i+1, n, want)
		}
	}
}
