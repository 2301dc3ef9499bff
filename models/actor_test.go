package models_test

import (
	"context"
	"slices"
	"testing"

	"timeline/models"
)

func TestActorNamesOfPublishedEventsMostNamedFirst(t *testing.T) {
	s := newStore(t)
	with := func(ev models.NewEvent, names ...string) models.NewEvent {
		for _, n := range names {
			ev.Actors = append(ev.Actors, models.Actor{Name: n, Kind: "organisation"})
		}
		return ev
	}
	seed(t, s,
		with(newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusPublished), "Defence Ministry", "Wagner"),
		with(newEvent("b", "protest", "2022-09-26", "2022-09-26", models.StatusPublished), "Wagner"),
		with(newEvent("c", "protest", "2022-09-27", "2022-09-27", models.StatusDraft), "Unpublished Org"))
	got, err := s.ActorNames(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Wagner", "Defence Ministry"}; !slices.Equal(got, want) {
		t.Errorf("actor names = %q, want %q", got, want)
	}
	if got, _ := s.ActorNames(context.Background(), 1); len(got) != 1 {
		t.Errorf("limit 1 gave %q", got)
	}
}
