package models_test

import (
	"context"
	"errors"
	"testing"

	"timeline/models"
)

// TestDuplicateCandidates ranks live events that overlap a draft's dates:
// the same type and a similar title first, a rejected or merged one never,
// and a pair marked "not a duplicate" no more.
func TestDuplicateCandidates(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	draft := newEvent("draft", "protest", "2022-09-25", "2022-09-25", models.StatusDraft)
	draft.Title = "Women protest against mobilization in Yakutsk"
	twin := newEvent("twin", "protest", "2022-09-24", "2022-09-26", models.StatusPublished)
	twin.Title = "Women protest mobilization in Yakutsk"
	other := newEvent("other", "protest", "2022-09-25", "2022-09-25", models.StatusDraft)
	other.Title = "Students picket the university in Perm"
	arson := newEvent("arson", "arson", "2022-09-25", "2022-09-25", models.StatusPublished)
	arson.Title = "Enlistment office set on fire in Uryupinsk"
	gone := newEvent("gone", "protest", "2022-09-25", "2022-09-25", models.StatusRejected)
	gone.Title = "Women protest against mobilization in Yakutsk"
	later := newEvent("later", "protest", "2022-10-25", "2022-10-25", models.StatusPublished)
	later.Title = "Women protest against mobilization in Yakutsk"
	ids := seedAny(t, s, draft, twin, other, arson, gone, later)
	ev, err := s.Event(ctx, ids["draft"])
	if err != nil {
		t.Fatal(err)
	}
	got := func() []int64 {
		cs, err := s.DuplicateCandidates(ctx, ev, 20)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if c := got(); len(c) != 2 || c[0] != ids["twin"] || c[1] != ids["other"] {
		t.Errorf("candidates %v, want twin %d then other %d (not arson, rejected or later)", c, ids["twin"], ids["other"])
	}
	if err := s.MarkDistinct(ctx, ids["twin"], ids["draft"]); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDistinct(ctx, ids["draft"], ids["twin"]); err != nil {
		t.Fatalf("marking again: %v", err)
	}
	if c := got(); len(c) != 1 || c[0] != ids["other"] {
		t.Errorf("after not-a-duplicate: %v, want only other", c)
	}
	if err := s.MarkDistinct(ctx, ids["draft"], ids["draft"]); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("an event distinct from itself: %v", err)
	}
	if err := s.MarkDistinct(ctx, ids["draft"], 999999); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("distinct from nothing: %v", err)
	}
}

// TestUndoDecisions publishes and rejects drafts, takes each back, and
// refuses an undo once the event changed again.
func TestUndoDecisions(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ids := seedAny(t, s, newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusDraft),
		newEvent("b", "protest", "2022-09-25", "2022-09-25", models.StatusPublished))
	pub, err := s.Decide(ctx, ids["a"], 1, models.StatusPublished, "")
	if err != nil {
		t.Fatal(err)
	}
	if pub.PublishedAt == nil {
		t.Fatal("published without a date")
	}
	back, err := s.Undo(ctx, ids["a"], pub.Version)
	if err != nil {
		t.Fatal(err)
	}
	if back.Status != models.StatusDraft || back.PublishedAt != nil || back.Version != pub.Version+1 {
		t.Errorf("undone publish: %s, published %v, v%d", back.Status, back.PublishedAt, back.Version)
	}
	if _, err := s.Undo(ctx, ids["a"], back.Version); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("undoing an undo: %v, want ErrInvalid", err)
	}
	if _, err := s.Undo(ctx, ids["a"], pub.Version); !errors.Is(err, models.ErrInvalid) && !errors.Is(err, models.ErrConflict) {
		t.Errorf("a stale undo: %v", err)
	}
	// A published event rejected, then the rejection undone: published
	// again, with its publication date kept.
	b, err := s.Event(ctx, ids["b"])
	if err != nil {
		t.Fatal(err)
	}
	rej, err := s.Decide(ctx, ids["b"], b.Version, models.StatusRejected, "A queue, not a protest.")
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Undo(ctx, ids["b"], rej.Version)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != models.StatusPublished || again.StatusReason != "" || again.PublishedAt == nil {
		t.Errorf("undone rejection: %s %q published %v", again.Status, again.StatusReason, again.PublishedAt)
	}
	// A merge is undone by unmerging.
	m, err := s.MergeInto(ctx, ids["a"], back.Version, ids["b"])
	if err != nil {
		t.Fatal(err)
	}
	_ = m
	un, err := s.Undo(ctx, ids["a"], back.Version+1)
	if err != nil {
		t.Fatal(err)
	}
	if un.Status != models.StatusDraft || un.MergedIntoID != nil {
		t.Errorf("undone merge: %s into %v", un.Status, un.MergedIntoID)
	}
	revs, err := s.Revisions(ctx, ids["a"])
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range revs {
		actions = append(actions, r.Action)
	}
	if got, want := len(actions), 5; got != want { // created, publish, undo, merge, unmerge
		t.Errorf("revisions %v, want %d", actions, want)
	}
}

// TestDecideMany publishes drafts in bulk, one revision and audit row
// each, skipping a stale one and one that is no longer a draft.
func TestDecideMany(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ids := seedAny(t, s, newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusDraft),
		newEvent("b", "protest", "2022-09-25", "2022-09-25", models.StatusDraft),
		newEvent("c", "protest", "2022-09-25", "2022-09-25", models.StatusDraft),
		newEvent("d", "protest", "2022-09-25", "2022-09-25", models.StatusPublished))
	if _, err := s.Update(ctx, ids["c"], 1, models.Edit{Title: "Changed meanwhile", Type: "protest",
		DateStart: day("2022-09-25"), DateEnd: day("2022-09-25"), Precision: models.PrecisionDay}); err != nil {
		t.Fatal(err)
	}
	res, err := s.DecideMany(ctx, []models.Pick{{ids["a"], 1}, {ids["b"], 1}, {ids["c"], 1}, {ids["d"], 1}, {ids["a"], 1}},
		models.StatusPublished, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Done) != 2 || len(res.Skipped) != 2 {
		t.Errorf("done %d, skipped %v; want 2 and [c d]", len(res.Done), res.Skipped)
	}
	for _, k := range []string{"a", "b"} {
		revs, err := s.Revisions(ctx, ids[k])
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[1].Action != "bulk_publish" {
			t.Errorf("%s: revisions %+v", k, revs)
		}
	}
	page, err := s.AuditLog(ctx, models.AuditFilter{Action: "event.bulk_publish"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 2 {
		t.Errorf("%d audit rows, want 2", len(page.Entries))
	}
	for _, bad := range [][]models.Pick{nil, make([]models.Pick, models.MaxBulk+1)} {
		if _, err := s.DecideMany(ctx, bad, models.StatusPublished, ""); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("%d picks: %v", len(bad), err)
		}
	}
	if _, err := s.DecideMany(ctx, []models.Pick{{ids["a"], 2}}, models.StatusMerged, ""); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("bulk merge: %v", err)
	}
}

// TestDraftQueueFilters filters the queue by type, article, confidence
// and dates, with its counts and pages.
func TestDraftQueueFilters(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	src := &models.Source{Title: "Report", Outlet: "Wire", Body: "women protested in Yakutsk"}
	a := newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusDraft)
	a.Confidence = 0.4
	a.Citations = []models.Citation{{Source: src, Quote: "women protested"}}
	b := newEvent("b", "protest", "2022-10-01", "2022-10-03", models.StatusDraft)
	c := newEvent("c", "arson", "2022-09-20", "2022-09-20", models.StatusDraft)
	d := newEvent("d", "arson", "2022-09-20", "2022-09-20", models.StatusPublished)
	ids := seedAny(t, s, a, b, c, d)
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name   string
		filter models.DraftFilter
		want   []string
		total  int
	}{
		{"all", models.DraftFilter{}, []string{"a", "b", "c"}, 3},
		{"type", models.DraftFilter{Type: "arson"}, []string{"c"}, 1},
		{"confidence", models.DraftFilter{MinConf: f(0.5)}, []string{"b", "c"}, 2},
		{"low confidence", models.DraftFilter{MaxConf: f(0.5)}, []string{"a"}, 1},
		{"dates", models.DraftFilter{From: day("2022-09-24"), To: day("2022-10-01")}, []string{"a", "b"}, 2},
		{"page 2", models.DraftFilter{Limit: 2, Page: 2}, []string{"c"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := s.Drafts(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range q.Drafts {
				got = append(got, e.ID)
			}
			if len(got) != len(tc.want) || q.Total != tc.total || q.All != 3 {
				t.Fatalf("got %v total %d all %d, want %v total %d", got, q.Total, q.All, tc.want, tc.total)
			}
			for i, k := range tc.want {
				if got[i] != ids[k] {
					t.Errorf("draft %d is %d, want %s", i, got[i], k)
				}
			}
		})
	}
	srcs, err := s.QueueSources(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Drafts != 1 {
		t.Fatalf("queue sources %+v", srcs)
	}
	q, err := s.Drafts(ctx, models.DraftFilter{SourceID: srcs[0].ID, Type: "protest"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Total != 1 || q.ByType["protest"] != 1 || q.ByType["arson"] != 0 {
		t.Errorf("by source: total %d by type %v", q.Total, q.ByType)
	}
	q, _ = s.Drafts(ctx, models.DraftFilter{Type: "protest"})
	if q.ByType["arson"] != 1 || q.ByType["protest"] != 2 {
		t.Errorf("counts by type under a type filter: %v", q.ByType)
	}
}

// seedAny is seed for events of any status: their ids by import key.
func seedAny(t *testing.T, s *models.Store, evs ...models.NewEvent) map[string]int64 {
	t.Helper()
	if _, err := s.ImportEvents(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ImportKey string
		ID        int64
	}
	if err := s.DB().Raw(`SELECT import_key, id FROM events`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, r := range rows {
		ids[r.ImportKey] = r.ID
	}
	return ids
}
