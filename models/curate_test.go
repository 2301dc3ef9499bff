package models_test

import (
	"context"
	"errors"
	"testing"

	"timeline/models"
)

// TestRevisionsMergeUnmergeRestore walks one event through a merge, its
// undoing, an edit and a restore, checking the snapshots, the survivor's
// sources and the reader's view at each step.
func TestRevisionsMergeUnmergeRestore(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	keep := newEvent("keep", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
	keep.Citations = []models.Citation{{Source: &models.Source{Title: "A", Body: "women protested in Yakutsk"}, Quote: "women protested"}}
	dup := newEvent("dup", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
	dup.Citations = []models.Citation{{Source: &models.Source{Title: "B", Body: "a second report"}, Quote: "second report"}}
	dup.Actors = []models.Actor{{Name: "Police"}}
	ids := seed(t, s, keep, dup)

	if err := s.Merge(ctx, ids["dup"], 1, ids["dup"]); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("merge into itself: %v, want ErrInvalid", err)
	}
	survivor, err := s.MergeInto(ctx, ids["dup"], 1, ids["keep"])
	if err != nil {
		t.Fatal(err)
	}
	if len(survivor.Sources) != 2 || len(survivor.Actors) != 1 {
		t.Errorf("survivor has %d sources, %d actors; want 2, 1", len(survivor.Sources), len(survivor.Actors))
	}
	if ev, err := s.PublicEvent(ctx, ids["dup"]); err != nil || ev.ID != ids["keep"] {
		t.Errorf("merged id: %v, %v; want the survivor", ev, err)
	}
	back, err := s.Unmerge(ctx, ids["dup"], 2)
	if err != nil {
		t.Fatal(err)
	}
	if back.Status != models.StatusPublished || back.MergedIntoID != nil {
		t.Errorf("unmerged: status %s, merged into %v", back.Status, back.MergedIntoID)
	}
	kept, err := s.Event(ctx, ids["keep"])
	if err != nil {
		t.Fatal(err)
	}
	if len(kept.Sources) != 1 || len(kept.Actors) != 0 {
		t.Errorf("after unmerge the survivor has %d sources, %d actors; want 1, 0", len(kept.Sources), len(kept.Actors))
	}

	ed := models.Edit{Title: "Women protest in Yakutsk", Type: "protest", DateStart: day("2022-09-25"), DateEnd: day("2022-09-26"),
		Precision: models.PrecisionRange, Note: "The protest went on into a second day."}
	if _, err := s.Update(ctx, ids["keep"], kept.Version-1, ed); !errors.Is(err, models.ErrConflict) {
		t.Errorf("stale edit: %v, want ErrConflict", err)
	}
	edited, err := s.Update(ctx, ids["keep"], kept.Version, ed)
	if err != nil {
		t.Fatal(err)
	}
	if edited.Slug != "women-protest-in-yakutsk" {
		t.Errorf("edited slug %q", edited.Slug)
	}
	corr, err := s.PublicCorrections(ctx, ids["keep"])
	if err != nil {
		t.Fatal(err)
	}
	if len(corr) != 1 || corr[0].Note != ed.Note {
		t.Errorf("corrections: %+v, want the one edit", corr)
	}
	revs, err := s.Revisions(ctx, ids["keep"])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(revs), 4; got != want { // created, merged_in, unmerged_out, edit
		t.Fatalf("%d revisions, want %d", got, want)
	}
	restored, err := s.Restore(ctx, ids["keep"], edited.Version, revs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Title != "Event keep" || !restored.DateEnd.Equal(day("2022-09-25")) {
		t.Errorf("restored: %q ends %v", restored.Title, restored.DateEnd)
	}
	if _, err := s.Decide(ctx, ids["keep"], restored.Version, models.StatusRejected, "Not a protest: a queue."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublicEvent(ctx, ids["keep"]); !errors.Is(err, models.ErrGone) || models.GoneReason(err) != "Not a protest: a queue." {
		t.Errorf("rejected after publication: %v (reason %q)", err, models.GoneReason(err))
	}
}
