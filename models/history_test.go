package models_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"timeline/models"
)

// TestHistoryDiffAndRestore edits a published event twice, checks each
// revision's snapshot and the field-by-field difference between them
// (title, dates, actors, sources, status), restores the first as a new
// revision and reads the public corrections.
func TestHistoryDiffAndRestore(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	body := "Mothers blocked the road in Makhachkala. Police detained dozens."
	ev := newEvent("road", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
	ev.Citations = []models.Citation{{Source: &models.Source{Title: "Road", Body: body}, Quote: "Mothers blocked the road", QuoteStart: ptr(0), QuoteEnd: ptr(24)}}
	ev.Actors = []models.Actor{{Name: "Police"}}
	ids := seed(t, s, ev)
	id := ids["road"]
	orig, err := s.Event(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	src := orig.Sources[0].SourceID

	edit := models.Edit{Title: "Mothers block a road in <b>Makhachkala</b>", Summary: orig.Summary, Type: "protest",
		DateStart: day("2022-09-25"), DateEnd: day("2022-09-26"), Precision: models.PrecisionRange,
		Actors: []string{"Police", "Mothers of Dagestan"}, Note: "It went on for two days.",
		Quotes: []models.QuoteEdit{{SourceID: src, Quote: "Police detained dozens", QuoteStart: ptr(42), QuoteEnd: ptr(64)}}}
	v2, err := s.Update(ctx, id, 1, edit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(ctx, id, v2.Version, models.StatusRejected, "A rumour."); err != nil {
		t.Fatal(err)
	}
	revs, err := s.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range revs {
		actions = append(actions, r.Action)
	}
	if got, want := strings.Join(actions, " "), "created edit reject"; got != want {
		t.Fatalf("revisions %q, want %q", got, want)
	}
	if !revs[1].Public || revs[2].Public || revs[0].Public {
		t.Errorf("public: %v %v %v; only the edit of the published event is a correction", revs[0].Public, revs[1].Public, revs[2].Public)
	}
	a, err := revs[0].Snap()
	if err != nil {
		t.Fatal(err)
	}
	b, err := revs[1].Snap()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]models.Change{}
	for _, c := range models.Diff(a, b) {
		got[c.Field] = c
	}
	srcKey := "source:" + itoa(src)
	for field, want := range map[string][2]string{
		"title":     {"Event road", "Mothers block a road in <b>Makhachkala</b>"},
		"date_end":  {"2022-09-25", "2022-09-26"},
		"precision": {"day", "range"},
		"actors":    {"Police", "Mothers of Dagestan, Police"},
		srcKey:      {"Road: “Mothers blocked the road” (characters 0 to 24)", "Road: “Police detained dozens” (characters 42 to 64)"},
	} {
		if c, ok := got[field]; !ok || c.Before != want[0] || c.After != want[1] {
			t.Errorf("diff %s: %+v, want %q → %q", field, c, want[0], want[1])
		}
	}
	for _, same := range []string{"summary", "type", "status", "date_start", "place"} {
		if c, ok := got[same]; ok {
			t.Errorf("diff lists %s, which did not change: %+v", same, c)
		}
	}
	if len(got) != 5 {
		t.Errorf("diff has %d fields, want 5: %+v", len(got), got)
	}
	c, err := revs[2].Snap()
	if err != nil {
		t.Fatal(err)
	}
	st := models.Diff(b, c)
	if len(st) != 2 || st[0].Field != "status" || st[0].After != "rejected" || st[1].Field != "reason" || st[1].After != "A rumour." {
		t.Errorf("diff of the rejection: %+v, want status and reason", st)
	}

	// Restoring the first revision brings its content back as version 4;
	// the status stays rejected.
	if _, err := s.Restore(ctx, id, 2, revs[0].ID); !errors.Is(err, models.ErrConflict) {
		t.Errorf("stale restore: %v, want ErrConflict", err)
	}
	if _, err := s.Restore(ctx, id, 3, revs[0].ID+1000); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("restore of another event's or no revision: %v, want ErrInvalid", err)
	}
	r, err := s.Restore(ctx, id, 3, revs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != 4 || r.Title != "Event road" || r.Status != models.StatusRejected || len(r.Actors) != 1 ||
		len(r.Sources) != 1 || r.Sources[0].Quote != "Mothers blocked the road" || !r.DateEnd.Equal(day("2022-09-25")) {
		t.Errorf("restored: v%d %q %s, %d actors, sources %+v, ends %v", r.Version, r.Title, r.Status, len(r.Actors), r.Sources, r.DateEnd)
	}
	revs, err = s.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	last := revs[len(revs)-1]
	if last.Action != "restore" || last.Version != 4 || last.Public {
		t.Errorf("last revision %s v%d public %v, want a restore of version 4, not public (the event is withdrawn)", last.Action, last.Version, last.Public)
	}
	d, err := last.Snap()
	if err != nil {
		t.Fatal(err)
	}
	if ch := models.Diff(a, d); len(ch) != 2 || ch[0].Field != "status" {
		t.Errorf("the restored snapshot differs from the first in %+v, want only status and reason", ch)
	}
	var n int64
	if err := s.DB().Raw(`SELECT count(*) FROM audit_log WHERE action = 'event.restore' AND entity_id = ?`, id).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("restore audit rows %d, want 1", n)
	}

	corr, err := s.PublicCorrections(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(corr) != 1 || corr[0].Note != "It went on for two days." ||
		strings.Join(corr[0].Fields, " ") != "title date_end precision actors sources" {
		t.Errorf("corrections %+v", corr)
	}
}

// TestSoftLock: an editor opening the form is seen by others for the
// lease, with the time the sitting began; a lapsed lease starts afresh.
func TestSoftLock(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	seed(t, s, newEvent("x", "protest", "2022-09-25", "2022-09-25", models.StatusDraft))
	ids := allIDs(t, s)
	var users []*models.User
	for _, e := range []string{"one@example.org", "two@example.org"} {
		u, err := s.CreateUser(ctx, models.NewUser{Email: e, Name: strings.ToUpper(e[:3]), Role: models.RoleEditor, Password: "correct horse battery staple"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	one, two := users[0].ID, users[1].ID
	if err := s.Heartbeat(ctx, ids["x"], one); err != nil {
		t.Fatal(err)
	}
	if eds, err := s.Editors(ctx, ids["x"], one); err != nil || len(eds) != 0 {
		t.Errorf("an editor sees themself: %+v %v", eds, err)
	}
	now = now.Add(100 * time.Second)
	if err := s.Heartbeat(ctx, ids["x"], one); err != nil {
		t.Fatal(err)
	}
	now = now.Add(140 * time.Second) // 240 s after the first beat, 140 after the last
	eds, err := s.Editors(ctx, ids["x"], two)
	if err != nil {
		t.Fatal(err)
	}
	if len(eds) != 1 || eds[0].Name != "ONE" || !eds[0].Since.Equal(now.Add(-240*time.Second)) {
		t.Errorf("editors %+v, want ONE since the first beat", eds)
	}
	now = now.Add(11 * time.Second) // the lease lapsed
	if eds, _ := s.Editors(ctx, ids["x"], two); len(eds) != 0 {
		t.Errorf("a lapsed lease still shows: %+v", eds)
	}
	if err := s.Heartbeat(ctx, ids["x"], one); err != nil {
		t.Fatal(err)
	}
	if eds, _ := s.Editors(ctx, ids["x"], two); len(eds) != 1 || !eds[0].Since.Equal(now) {
		t.Errorf("after a lapse the sitting starts again: %+v", eds)
	}
	if err := s.LeaveEdit(ctx, ids["x"], one); err != nil {
		t.Fatal(err)
	}
	if eds, _ := s.Editors(ctx, ids["x"], two); len(eds) != 0 {
		t.Errorf("after leaving: %+v", eds)
	}
	if err := s.Heartbeat(ctx, 999999, one); err != nil {
		t.Errorf("heartbeat on no event: %v (nothing to lock, no error)", err)
	}
}

// TestProposalStats: what editors made of the extractor's proposals, per
// proposed type and field.
func TestProposalStats(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	var evs []models.NewEvent
	for _, k := range []string{"kept", "retyped", "redated", "rejected", "pending", "arson"} {
		typ := "protest"
		if k == "arson" {
			typ = "arson"
		}
		e := newEvent(k, typ, "2022-09-25", "2022-09-25", models.StatusDraft)
		e.ExtractorVersion = "test-1"
		evs = append(evs, e)
	}
	hand := newEvent("hand", "protest", "2022-09-25", "2022-09-25", models.StatusDraft) // no extractor: not counted
	seed(t, s, append(evs, hand)...)
	ids := allIDs(t, s)
	publish := func(k string, e *models.Edit) {
		t.Helper()
		v := 1
		if e != nil {
			ev, err := s.Update(ctx, ids[k], 1, *e)
			if err != nil {
				t.Fatal(err)
			}
			v = ev.Version
		}
		if _, err := s.Decide(ctx, ids[k], v, models.StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
	}
	base := func(k string) *models.Edit {
		return &models.Edit{Title: "Event " + k, Type: "protest", DateStart: day("2022-09-25"), DateEnd: day("2022-09-25"), Precision: models.PrecisionDay}
	}
	publish("kept", nil)
	publish("arson", nil)
	e := base("retyped")
	e.Type, e.Title = "refusal", "A refusal"
	publish("retyped", e)
	e = base("redated")
	e.Precision = models.PrecisionMonth
	publish("redated", e)
	if _, err := s.Decide(ctx, ids["rejected"], 1, models.StatusRejected, ""); err != nil {
		t.Fatal(err)
	}
	publish("hand", nil)

	stats, err := s.ProposalStatsByType(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 || stats[0].Type != "arson" || stats[1].Type != "protest" {
		t.Fatalf("stats %+v, want arson and protest", stats)
	}
	a, p := stats[0], stats[1]
	if a.Proposed != 1 || a.TypeField != (models.Judged{Kept: 1}) || a.Title != (models.Judged{Kept: 1}) {
		t.Errorf("arson %+v", a)
	}
	if p.Proposed != 5 || p.Pending != 1 || p.Merged != 0 {
		t.Errorf("protest counts %+v", p)
	}
	for name, tc := range map[string][2]models.Judged{
		"type":  {p.TypeField, {Kept: 2, Changed: 1, Rejected: 1}},
		"dates": {p.Dates, {Kept: 2, Changed: 1, Rejected: 1}},
		"place": {p.Place, {Kept: 3, Changed: 0, Rejected: 1}},
		"title": {p.Title, {Kept: 2, Changed: 1, Rejected: 1}},
	} {
		if tc[0] != tc[1] {
			t.Errorf("protest %s: %+v, want %+v", name, tc[0], tc[1])
		}
	}
}

func ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// allIDs maps every event's key (its title after "Event ") to its id,
// drafts too (seed sees published events only).
func allIDs(t *testing.T, s *models.Store) map[string]int64 {
	t.Helper()
	var rows []struct {
		ID    int64
		Title string
	}
	if err := s.DB().Raw(`SELECT id, title FROM events`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, r := range rows {
		ids[strings.TrimPrefix(r.Title, "Event ")] = r.ID
	}
	return ids
}

// FuzzVerbatim: offsets come from the edit form, any numbers at all;
// Verbatim never panics and says yes only when the quote is the body's
// bytes at exactly those offsets.
func FuzzVerbatim(f *testing.F) {
	f.Add("Police detained seven of them", "detained", 7, 15)
	f.Add("Пермь: задержаны семь", "Пермь", 0, 10)
	f.Add("short", "anything", -1, 400)
	f.Fuzz(func(t *testing.T, body, quote string, start, end int) {
		ok := models.Verbatim(body, quote, &start, &end)
		if ok && (start < 0 || end > len(body) || start > end || body[start:end] != quote) {
			t.Fatalf("Verbatim(%q, %q, %d, %d) = true", body, quote, start, end)
		}
		if !ok && start >= 0 && start <= end && end <= len(body) && body[start:end] == quote {
			t.Fatalf("Verbatim(%q, %q, %d, %d) = false", body, quote, start, end)
		}
	})
}
