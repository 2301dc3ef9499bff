package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestReviewFlow walks the review flow through HTTP: suggestions on the
// review screen, a merge that keeps the older id and its undoing, "not a
// duplicate", refused merges, bulk decisions and the queue's filters.
func TestReviewFlow(t *testing.T) {
	s := newAuthSite(t)
	first, second, published := seedReview(t, s)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	tok := ed.token(reviewPath(first))
	post := func(path string, form url.Values, hdr ...string) answer {
		form.Set("_csrf", tok)
		return ed.post(path, form, hdr...)
	}

	// The first draft (a protest in Perm) and the published protest share
	// type, dates and source: the published one is suggested.
	d := ed.get(reviewPath(first)).doc(t)
	sugg := d.Find(`[data-testid="suggestion"]`)
	if sugg.Length() == 0 || sugg.First().AttrOr("data-event-id", "") != itoa(published) {
		t.Fatalf("suggestions: %d, first %q; want %d first", sugg.Length(), sugg.First().AttrOr("data-event-id", ""), published)
	}
	if got := d.Find(`[data-testid="evidence-mark"]`).Text(); got != "Police detained seven of them" {
		t.Errorf("evidence %q", got)
	}

	for _, tc := range []struct {
		name string
		id   int64
		form url.Values
	}{
		{"into itself", first, url.Values{"into": {itoa(first)}, "version": {"1"}}},
		{"into nothing", first, url.Values{"into": {"x"}, "version": {"1"}}},
		{"no version", first, url.Values{"into": {itoa(published)}}},
		{"into a missing event", first, url.Values{"into": {"999999"}, "version": {"1"}}},
	} {
		if a := post("/admin/events/"+itoa(tc.id)+"/merge", tc.form); a.Code != http.StatusBadRequest {
			t.Errorf("merge %s: %d, want 400", tc.name, a.Code)
		}
	}
	// Reject the second draft, then merging into it is refused.
	if a := post("/admin/events/"+itoa(second)+"/status", url.Values{"version": {"1"}, "status": {"rejected"}}); a.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", a.Code)
	}
	if a := post("/admin/events/"+itoa(first)+"/merge", url.Values{"into": {itoa(second)}, "version": {"1"}}); a.Code != http.StatusBadRequest {
		t.Errorf("merge into a rejected event: %d, want 400", a.Code)
	}
	// Merge the newer published event into the older draft, as the
	// suggestion's default form does (it keeps the older id).
	form := sugg.First().Find(`[data-testid="merge-form"]`)
	if got, want := form.AttrOr("action", ""), "/admin/events/"+itoa(published)+"/merge"; got != want {
		t.Fatalf("default merge posts to %q, want %q (the newer into the older)", got, want)
	}
	a := post(form.AttrOr("action", ""), url.Values{"into": {itoa(first)}, "version": {"1"}, "back": {itoa(first)}}, "Accept", "application/json")
	if a.Code != http.StatusOK || !strings.Contains(a.Body, `"undo_id":`+itoa(published)) || !strings.Contains(a.Body, `"next":"`+reviewPath(first)+`"`) {
		t.Fatalf("merge as JSON: %d %s", a.Code, a.Body)
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND status = 'merged' AND merged_into_id = $2`, published, first); n != 1 {
		t.Errorf("not merged")
	}
	if a := post("/admin/events/"+itoa(first)+"/merge", url.Values{"into": {itoa(published)}, "version": {"2"}}); a.Code != http.StatusBadRequest {
		t.Errorf("merge into a merged event: %d, want 400", a.Code)
	}
	if a := post("/admin/events/"+itoa(published)+"/undo", url.Values{"version": {"1"}}); a.Code != http.StatusConflict && a.Code != http.StatusBadRequest {
		t.Errorf("stale undo: %d", a.Code)
	}
	a = post("/admin/events/"+itoa(published)+"/undo", url.Values{"version": {"2"}})
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != reviewPath(published)+"?done=undone" {
		t.Fatalf("undo merge: %d → %q", a.Code, a.Header.Get("Location"))
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND status = 'published' AND merged_into_id IS NULL`, published); n != 1 {
		t.Errorf("unmerge did not restore the event")
	}
	// Not a duplicate: the pair is not suggested again.
	if a := post("/admin/events/"+itoa(first)+"/distinct", url.Values{"other": {itoa(published)}}); a.Code != http.StatusSeeOther {
		t.Fatalf("not a duplicate: %d", a.Code)
	}
	d = ed.get(reviewPath(first)).doc(t)
	if strings.Contains(d.Find(`[data-testid="suggestions"]`).Text(), "Already published") {
		t.Errorf("a pair marked not a duplicate is suggested again")
	}
	if a := post("/admin/events/"+itoa(first)+"/distinct", url.Values{"other": {itoa(first)}}); a.Code != http.StatusBadRequest {
		t.Errorf("not a duplicate of itself: %d", a.Code)
	}

	// Bulk: the first draft is at version 3 (merged into, unmerged); the
	// rejected second is no draft.
	if a := post("/admin/review/bulk", url.Values{"status": {"published"}, "pick": {itoa(first) + ".3", itoa(second) + ".2"}}); a.Code != http.StatusSeeOther ||
		a.Header.Get("Location") != "/admin/review?done=bulk_published&n=1&skipped=1" {
		t.Fatalf("bulk: %d → %q", a.Code, a.Header.Get("Location"))
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'event.bulk_publish' AND entity_id = $1`, first); n != 1 {
		t.Errorf("bulk audit rows: %d", n)
	}
	if got := ed.get("/admin/review?done=bulk_published&n=1&skipped=1").doc(t).Find(`[data-testid="notice"]`).Text(); !strings.Contains(got, "1 draft published") {
		t.Errorf("bulk notice %q", got)
	}
	// The history says, in words, what the review's own actions did.
	for id, want := range map[int64]string{first: "Published with others", published: "Merge undone"} {
		if got := ed.get("/admin/events/" + itoa(id) + "/history").doc(t).Find("main").Text(); !strings.Contains(got, want) {
			t.Errorf("history of %d does not say %q", id, want)
		}
	}
	for _, f := range []url.Values{
		{"status": {"merged"}, "pick": {itoa(first) + ".1"}},
		{"status": {"published"}},
		{"status": {"published"}, "pick": {"12"}},
	} {
		if a := post("/admin/review/bulk", f); a.Code != http.StatusBadRequest {
			t.Errorf("bulk %v: %d, want 400", f, a.Code)
		}
	}
	for _, q := range []string{"conf_min=2", "conf_max=x", "from=2022-13-01", "from=2022-10-01&to=2022-09-01", "page=0", "source=abc"} {
		if a := ed.get("/admin/review?" + q); a.Code != http.StatusBadRequest {
			t.Errorf("queue ?%s: %d, want 400", q, a.Code)
		}
	}
}
