package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"timeline/models"
)

// reviewBody is written for this test; it carries markup that must show as
// text.
const reviewBody = `Students in Perm picketed the university on Monday against the call-up. <script>alert(1)</script> Police detained seven of them, the rector's office said.`

// seedReview stores two drafts and a published event; the first draft's
// evidence stands at its offsets, the second's does not.
func seedReview(t *testing.T, s *authSite) (first, second, published int64) {
	t.Helper()
	ctx := context.Background()
	quote := "Police detained seven of them"
	start := strings.Index(reviewBody, quote)
	end := start + len(quote)
	src := &models.Source{Title: "Picket in Perm", Outlet: "Example Wire", Body: reviewBody, PublishedAt: ptr(day("2022-09-26"))}
	ev := func(key, title, typ string, status models.Status, cite models.Citation) models.NewEvent {
		return models.NewEvent{ImportKey: key, Title: title, Type: typ, Status: status,
			DateStart: day("2022-09-26"), DateEnd: day("2022-09-26"), Precision: models.PrecisionDay, Confidence: 0.8,
			Citations: []models.Citation{cite}}
	}
	if _, err := s.store.ImportEvents(ctx, []models.NewEvent{
		ev("a", "Students detained in Perm", "protest", models.StatusDraft, models.Citation{Source: src, Quote: quote, QuoteStart: &start, QuoteEnd: &end}),
		ev("b", "Enlistment office <b>burned</b>", "arson", models.StatusDraft, models.Citation{Source: src, Quote: "not in the text", QuoteStart: ptr(0), QuoteEnd: ptr(15)}),
		ev("c", "Already published", "protest", models.StatusPublished, models.Citation{Source: src, Quote: quote}),
	}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	rows, err := s.db.Query(`SELECT import_key, id FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var id int64
		rows.Scan(&k, &id)
		ids[k] = id
	}
	return ids["a"], ids["b"], ids["c"]
}

func TestReviewQueue(t *testing.T) {
	s := newAuthSite(t)
	first, second, published := seedReview(t, s)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")

	a := ed.get("/admin/review")
	if a.Code != http.StatusOK {
		t.Fatalf("GET /admin/review: %d", a.Code)
	}
	d := a.doc(t)
	var links []string
	d.Find(`[data-testid="review-row"] a`).Each(func(_ int, l *goquery.Selection) { links = append(links, l.AttrOr("href", "")) })
	if got, want := strings.Join(links, " "), reviewPath(first)+" "+reviewPath(second); got != want {
		t.Errorf("queue links %q, want %q (drafts only, oldest first; not %d)", got, want, published)
	}
	if got := d.Find(`[data-testid="review-total"]`).Text(); !strings.HasPrefix(got, "2 drafts") {
		t.Errorf("total %q, want 2 drafts", got)
	}
	if !strings.Contains(a.Body, "Enlistment office &lt;b&gt;burned&lt;/b&gt;") {
		t.Errorf("a title's markup must show as text")
	}

	d = ed.get("/admin/review?type=arson").doc(t)
	if got := d.Find(`[data-testid="review-row"]`).Length(); got != 1 {
		t.Errorf("filtered by arson: %d rows, want 1", got)
	}
}

func TestReviewScreenMarksEvidence(t *testing.T) {
	s := newAuthSite(t)
	first, second, _ := seedReview(t, s)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")

	a := ed.get(reviewPath(first))
	if a.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", reviewPath(first), a.Code)
	}
	d := a.doc(t)
	if got, want := d.Find(`[data-testid="evidence-mark"]`).Text(), "Police detained seven of them"; got != want {
		t.Errorf("marked %q, want %q", got, want)
	}
	if got := d.Find(`[data-testid="evidence"] .article-text`).Text(); got != reviewBody {
		t.Errorf("the article shown is %q, want the stored body whole", got)
	}
	if strings.Contains(a.Body, "<script>alert(1)") {
		t.Errorf("the article's markup reached the page unescaped")
	}
	if got := d.Find(`#e-title`).AttrOr("value", ""); got != "Students detained in Perm" {
		t.Errorf("title field %q", got)
	}
	if got := d.Find(`#e-type option[selected]`).AttrOr("value", ""); got != "protest" {
		t.Errorf("type selected %q, want protest", got)
	}

	d = ed.get(reviewPath(second)).doc(t)
	if n := d.Find(`[data-testid="evidence-mark"]`).Length(); n != 0 {
		t.Errorf("a quote not at its offsets was marked %d times", n)
	}
	if !strings.Contains(d.Find(`[data-testid="evidence"]`).Text(), "not found at its place") {
		t.Errorf("a quote not at its offsets must be flagged")
	}
	if a := ed.get("/admin/review/999999"); a.Code != http.StatusNotFound {
		t.Errorf("unknown draft: %d, want 404", a.Code)
	}
}

func editForm(tok, version, title string) url.Values {
	return url.Values{"_csrf": {tok}, "version": {version}, "title": {title}, "summary": {"Seven students were detained."},
		"type": {"protest"}, "date_start": {"2022-09-26"}, "date_end": {"2022-09-27"}, "precision": {"range"}, "date_text": {"on Monday"},
		"actors": {"Perm students' union\r\n\r\nPerm police"}}
}

func TestEditEventWithOptimisticLocking(t *testing.T) {
	s := newAuthSite(t)
	first, _, _ := seedReview(t, s)
	path := "/admin/events/" + itoa(first)
	one, two := s.browser(), s.browser()
	one.signIn("editor@example.org", goodPassword, "")
	two.signIn("admin@example.org", goodPassword, "")
	tok1, tok2 := one.token(reviewPath(first)), two.token(reviewPath(first))

	a := one.post(path, editForm(tok1, "1", "Seven students detained in Perm"))
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != reviewPath(first)+"?done=saved" {
		t.Fatalf("save: %d → %q: %.300s", a.Code, a.Header.Get("Location"), a.Body)
	}
	ev, err := s.store.Event(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Title != "Seven students detained in Perm" || ev.Version != 2 || ev.DatePrecision != models.PrecisionRange ||
		ev.DateEnd.Format("2006-01-02") != "2022-09-27" || ev.Slug != "seven-students-detained-in-perm" {
		t.Errorf("after saving: %q v%d %s to %s, slug %q", ev.Title, ev.Version, ev.DatePrecision, ev.DateEnd, ev.Slug)
	}
	if len(ev.Actors) != 2 {
		t.Errorf("actors after saving: %+v, want the two named", ev.Actors)
	}
	if n := s.count(`SELECT count(*) FROM event_revisions WHERE event_id = $1 AND action = 'edit' AND version = 2
		AND snapshot->>'title' = 'Seven students detained in Perm'`, first); n != 1 {
		t.Errorf("edit revisions: %d, want 1 snapshot of version 2", n)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'event.edit' AND entity_id = $1 AND actor_id = $2
		AND before->>'title' = 'Students detained in Perm' AND after->>'title' = 'Seven students detained in Perm'`, first, s.editor.ID); n != 1 {
		t.Errorf("edit audit rows: %d, want 1 with before and after", n)
	}

	// The second editor loaded version 1 too: their save is refused whole,
	// and their input is kept.
	a = two.post(path, editForm(tok2, "1", "My own <em>title</em>"))
	if a.Code != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", a.Code)
	}
	d := a.doc(t)
	if got := d.Find(`#e-title`).AttrOr("value", ""); got != "My own <em>title</em>" {
		t.Errorf("the 409 form holds title %q, want this editor's input", got)
	}
	if got := d.Find(`[data-testid="review-changed"]`).Text(); !strings.Contains(got, "Seven students detained in Perm") {
		t.Errorf("the 409 page must show the other editor's title; shows %q", got)
	}
	if got := d.Find(`[data-testid="edit-form"] input[name="version"]`).AttrOr("value", ""); got != "2" {
		t.Errorf("the 409 form carries version %q, want the stored 2", got)
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND version = 2 AND title = 'Seven students detained in Perm'`, first); n != 1 {
		t.Errorf("a stale save changed the event")
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'event.edit'`); n != 1 {
		t.Errorf("edit audit rows after a refused save: %d, want 1", n)
	}

	for _, tc := range []struct {
		name  string
		set   func(url.Values)
		field string
	}{
		{"empty title", func(f url.Values) { f.Set("title", " ") }, "e-title"},
		{"unknown type", func(f url.Values) { f.Set("type", "nope") }, "e-type"},
		{"bad day", func(f url.Values) { f.Set("date_start", "2022-13-40") }, "e-start"},
		{"end before start", func(f url.Values) { f.Set("date_end", "2022-09-01") }, "e-end"},
		{"bad precision", func(f url.Values) { f.Set("precision", "decade") }, "e-precision"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := editForm(tok1, "2", "Kept title")
			tc.set(f)
			a := one.post(path, f)
			if a.Code != http.StatusBadRequest {
				t.Fatalf("%d, want 400", a.Code)
			}
			d := a.doc(t)
			if d.Find("#"+tc.field).AttrOr("aria-invalid", "") != "true" {
				t.Errorf("field %s not marked invalid", tc.field)
			}
			if got := d.Find(`#e-title`).AttrOr("value", ""); tc.field != "e-title" && got != "Kept title" {
				t.Errorf("title %q not kept", got)
			}
		})
	}
	if a := one.post(path, url.Values{"_csrf": {tok1}, "title": {"x"}}); a.Code != http.StatusBadRequest {
		t.Errorf("no version: %d, want 400", a.Code)
	}
	if a := one.post(path, editForm(tok1, "-1", "Any version")); a.Code != http.StatusBadRequest {
		t.Errorf("version -1 (the store's any): %d, want 400", a.Code)
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND version = 2`, first); n != 1 {
		t.Errorf("refused saves changed the event")
	}
}

func TestPublishAndReject(t *testing.T) {
	s := newAuthSite(t)
	first, second, _ := seedReview(t, s)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	tok := ed.token(reviewPath(first))
	status := func(id int64, form url.Values) answer {
		form.Set("_csrf", tok)
		return ed.post("/admin/events/"+itoa(id)+"/status", form)
	}

	if a := ed.get("/events/" + itoa(first)); a.Code != http.StatusNotFound {
		t.Fatalf("a draft's permalink: %d, want 404", a.Code)
	}
	a := status(first, url.Values{"version": {"1"}, "status": {"published"}})
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != reviewPath(second)+"?done=published&undo="+itoa(first)+".2" {
		t.Fatalf("publish: %d → %q, want the next draft", a.Code, a.Header.Get("Location"))
	}
	if a := ed.get("/events/" + itoa(first)); a.Code != http.StatusMovedPermanently {
		t.Errorf("a published event's permalink: %d, want 301 to its slug", a.Code)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'event.publish' AND entity_id = $1 AND actor_id = $2
		AND before->>'status' = 'draft' AND after->>'status' = 'published'`, first, s.editor.ID); n != 1 {
		t.Errorf("publish audit rows: %d, want 1", n)
	}
	// The same form again is stale: nothing is decided twice.
	if a := status(first, url.Values{"version": {"1"}, "status": {"rejected"}}); a.Code != http.StatusConflict {
		t.Errorf("stale decision: %d, want 409", a.Code)
	}

	long := strings.Repeat("x", models.MaxReasonLen+1)
	for _, f := range []url.Values{
		{"version": {"1"}, "status": {"merged"}},
		{"version": {"1"}, "status": {"gone"}},
		{"version": {"one"}, "status": {"rejected"}},
		{"version": {"-1"}, "status": {"rejected"}}, // the store's "any version"
		{"version": {"1"}, "status": {"rejected"}, "reason": {long}},
	} {
		if a := status(second, f); a.Code != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400", f, a.Code)
		}
	}
	a = status(second, url.Values{"version": {"1"}, "status": {"rejected"}, "reason": {"Not in the article"}})
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != "/admin/review?done=rejected&undo="+itoa(second)+".2" {
		t.Fatalf("reject: %d → %q, want the queue (no drafts left)", a.Code, a.Header.Get("Location"))
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'event.reject' AND entity_id = $1
		AND after->>'reason' = 'Not in the article'`, second); n != 1 {
		t.Errorf("reject audit rows with the reason: %d, want 1", n)
	}
	if n := s.count(`SELECT count(*) FROM events WHERE status = 'draft'`); n != 0 {
		t.Errorf("%d drafts left, want 0", n)
	}
	if got := ed.get("/admin/review").doc(t).Find(`[data-testid="review-total"]`).Text(); !strings.HasPrefix(got, "0 drafts") {
		t.Errorf("queue total %q after deciding both", got)
	}
}

func reviewPath(id int64) string { return "/admin/review/" + itoa(id) }
