package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestHistoryDiffRestore edits a published event, reads its history and
// the difference between two revisions, restores the first, and checks
// what readers see: the correction, then the 410 with its reason once the
// event is withdrawn, and the 301 of a merged id.
func TestHistoryDiffRestore(t *testing.T) {
	s := newAuthSite(t)
	first, _, published := seedReview(t, s)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	hist := "/admin/events/" + itoa(published) + "/history"

	a := ed.get(hist)
	if a.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", hist, a.Code)
	}
	if n := a.doc(t).Find(`[data-testid="history-empty"]`).Length(); n != 1 {
		t.Errorf("an event never changed shows no revisions")
	}
	tok := ed.token(hist)
	f := editForm(tok, "1", "Already published <script>alert(1)</script>")
	f.Set("note", "The date was <b>wrong</b>.")
	if a := ed.post("/admin/events/"+itoa(published), f); a.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %.300s", a.Code, a.Body)
	}

	a = ed.get(hist)
	d := a.doc(t)
	rows := d.Find(`[data-testid="revision-row"]`)
	if rows.Length() != 2 {
		t.Fatalf("%d revisions listed, want 2 (created, edit)", rows.Length())
	}
	newest := rows.First()
	if got := newest.Find("td").Eq(1).Text(); got != "editor@example.org" {
		t.Errorf("who: %q", got)
	}
	if got := newest.Text(); !strings.Contains(got, "Edited") || !strings.Contains(got, "public correction") || !strings.Contains(got, "The date was <b>wrong</b>.") {
		t.Errorf("newest row %q: want what, that it is public, and the note as text", got)
	}
	if strings.Contains(a.Body, "<script>alert(1)") || strings.Contains(a.Body, "<b>wrong") {
		t.Errorf("markup in a title or note reached the history unescaped")
	}
	// By default the last change is shown, field by field.
	diff := map[string][2]string{}
	d.Find(`[data-testid="diff-row"]`).Each(func(_ int, r *goquery.Selection) {
		diff[r.Find("th").Text()] = [2]string{strings.TrimSpace(r.Find("td").Eq(0).Text()), strings.TrimSpace(r.Find("td").Eq(1).Text())}
	})
	for label, want := range map[string][2]string{
		"Title":    {"Already published", "Already published <script>alert(1)</script>"},
		"Last day": {"2022-09-26", "2022-09-27"},
		"Known to": {"day", "range"},
		"Actors":   {"(none)", "Perm police, Perm students' union"},
	} {
		if diff[label] != want {
			t.Errorf("diff %s: %q, want %q", label, diff[label], want)
		}
	}
	if _, ok := diff["Status"]; ok {
		t.Errorf("the status did not change, but the diff lists it")
	}
	oldest := rows.Last().AttrOr("data-revision", "")
	newestID := newest.AttrOr("data-revision", "")

	// Any two, in either order; revisions of another event are refused.
	d = ed.get(hist + "?from=" + newestID + "&to=" + oldest).doc(t)
	if got := d.Find(`#diff-h`).Text(); got != "Changes from version 1 to version 2" {
		t.Errorf("reversed choice: %q", got)
	}
	if a := ed.get(hist + "?from=" + oldest + "&to=" + oldest); a.Code != http.StatusOK || a.doc(t).Find(`[data-testid="diff-none"]`).Length() != 1 {
		t.Errorf("a revision against itself: %d, want no differences", a.Code)
	}
	for _, q := range []string{"?from=x&to=1", "?from=" + oldest, "?from=" + oldest + "&to=999999"} {
		if a := ed.get(hist + q); a.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, a.Code)
		}
	}
	if a := ed.get("/admin/events/" + itoa(first) + "/history?from=" + oldest + "&to=" + newestID); a.Code != http.StatusBadRequest {
		t.Errorf("another event's revisions: %d, want 400", a.Code)
	}

	// Readers see the correction.
	pub := s.browser()
	perm := "/events/" + itoa(published) + "/already-published-script-alert-1-script"
	a = pub.get(perm)
	if a.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", perm, a.Code)
	}
	d = a.doc(t)
	if got := d.Find(`[data-testid="event-updated"]`).Text(); !strings.HasPrefix(got, "Updated ") {
		t.Errorf("updated line %q", got)
	}
	if got := d.Find(`[data-testid="correction"]`).Text(); !strings.Contains(got, "The date was <b>wrong</b>.") ||
		!strings.Contains(got, "(changed the title, the summary, the date and who is named)") {
		t.Errorf("correction %q", got)
	}

	// Restore: CSRF, version and revision checked; a new revision, audited.
	restore := "/admin/events/" + itoa(published) + "/restore"
	if a := ed.post(restore, url.Values{"version": {"2"}, "revision": {oldest}}); a.Code != http.StatusForbidden {
		t.Errorf("restore without CSRF: %d, want 403", a.Code)
	}
	if a := ed.post(restore, url.Values{"_csrf": {tok}, "version": {"1"}, "revision": {oldest}}); a.Code != http.StatusConflict {
		t.Errorf("stale restore: %d, want 409", a.Code)
	} else if a.doc(t).Find(`[data-testid="history-error"]`).Length() != 1 {
		t.Errorf("the 409 page does not say why")
	}
	for _, bad := range []url.Values{{"version": {"2"}}, {"version": {"2"}, "revision": {"999999"}}, {"revision": {oldest}}} {
		bad.Set("_csrf", tok)
		if a := ed.post(restore, bad); a.Code != http.StatusBadRequest {
			t.Errorf("restore %v: %d, want 400", bad, a.Code)
		}
	}
	a = ed.post(restore, url.Values{"_csrf": {tok}, "version": {"2"}, "revision": {oldest}})
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != hist+"?done=restored" {
		t.Fatalf("restore: %d → %q", a.Code, a.Header.Get("Location"))
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND version = 3 AND title = 'Already published' AND status = 'published'`, published); n != 1 {
		t.Errorf("restore did not bring back version 1's title as version 3")
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'event.restore' AND entity_id = $1 AND actor_id = $2`, published, s.editor.ID); n != 1 {
		t.Errorf("restore audit rows: %d, want 1", n)
	}
	d = ed.get(hist + "?done=restored").doc(t)
	if got := d.Find(`[data-testid="revision-row"]`).First().Text(); !strings.Contains(got, "Restored an earlier version") || !strings.Contains(got, "current") {
		t.Errorf("newest row after restoring: %q", got)
	}
	if n := pub.get("/events/" + itoa(published) + "/already-published").doc(t).Find(`[data-testid="correction"]`).Length(); n != 2 {
		t.Errorf("%d corrections after the restore, want 2", n)
	}

	// Withdrawn after publication: 410 with the editors' reason, as text.
	st := url.Values{"_csrf": {tok}, "version": {"3"}, "status": {"rejected"}, "reason": {"A <i>rumour</i>, not a protest."}}
	if a := ed.post("/admin/events/"+itoa(published)+"/status", st); a.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", a.Code)
	}
	a = pub.get("/events/" + itoa(published) + "/already-published")
	if a.Code != http.StatusGone {
		t.Fatalf("withdrawn: %d, want 410", a.Code)
	}
	if got := a.doc(t).Find(`[data-testid="gone-reason"]`).Text(); got != "The editors’ reason: A <i>rumour</i>, not a protest." {
		t.Errorf("410 reason %q", got)
	}
	if strings.Contains(a.Body, "<i>rumour") {
		t.Errorf("the reason's markup reached the page")
	}
	a = pub.get("/api/v1/events/"+itoa(published), "Accept", "application/json")
	if a.Code != http.StatusGone || !strings.Contains(a.Body, `"reason":"A \u003ci\u003erumour\u003c/i\u003e, not a protest."`) {
		t.Errorf("API 410: %d %s", a.Code, a.Body)
	}
	if a := pub.get("/events/" + itoa(first)); a.Code != http.StatusNotFound {
		t.Errorf("a draft never published: %d, want 404", a.Code)
	}
	if a := ed.post(restore, url.Values{"_csrf": {tok}, "version": {"4"}, "revision": {newestID}}); a.Code != http.StatusSeeOther {
		t.Errorf("restoring a withdrawn event's content: %d", a.Code)
	}
	if a := pub.get("/events/" + itoa(published)); a.Code != http.StatusGone {
		t.Errorf("a restore does not republish: %d, want 410", a.Code)
	}
}

// TestMergedEventRedirects: a merged id answers 301 to its survivor, and
// its history says where it went and offers no restore.
func TestMergedEventRedirects(t *testing.T) {
	s := newAuthSite(t)
	first, _, published := seedReview(t, s)
	ctx := context.Background()
	if _, err := s.store.MergeInto(ctx, first, 1, published); err != nil {
		t.Fatal(err)
	}
	pub := s.browser()
	a := pub.get("/events/" + itoa(first) + "/students-detained-in-perm")
	if a.Code != http.StatusMovedPermanently || a.Header.Get("Location") != "/events/"+itoa(published)+"/already-published" {
		t.Errorf("merged id: %d → %q, want 301 to the survivor", a.Code, a.Header.Get("Location"))
	}
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	d := ed.get("/admin/events/" + itoa(first) + "/history").doc(t)
	if got := d.Find(`[data-testid="history-merged"] a`).AttrOr("href", ""); got != "/admin/events/"+itoa(published)+"/history" {
		t.Errorf("merged history points to %q", got)
	}
	if n := d.Find(`[data-testid="restore"]`).Length(); n != 0 {
		t.Errorf("a merged event offers %d restores", n)
	}
	tok := ed.token("/admin")
	revs, err := s.store.Revisions(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if a := ed.post("/admin/events/"+itoa(first)+"/restore", url.Values{"_csrf": {tok}, "version": {"2"}, "revision": {itoa(revs[0].ID)}}); a.Code != http.StatusBadRequest {
		t.Errorf("restore of a merged event: %d, want 400", a.Code)
	}
}
