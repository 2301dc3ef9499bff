package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"timeline/models"
)

// fullEdit is the edit page's form for the first draft of seedReview,
// citing its one source (id src) with quote q at no given offsets.
func fullEdit(tok, version string, src int64, q string) url.Values {
	f := editForm(tok, version, "Students detained in Perm")
	f.Set("form", "edit")
	id := strconv.FormatInt(src, 10)
	f.Set("quote_"+id, q)
	f.Set("quote_start_"+id, "")
	f.Set("quote_end_"+id, "")
	return f
}

func TestEditPage(t *testing.T) {
	s := newAuthSite(t)
	first, second, _ := seedReview(t, s)
	if _, err := s.db.Exec(`INSERT INTO places (name, kind, lat, lon) VALUES ('Perm', 'city', 58.01, 56.25)`); err != nil {
		t.Fatal(err)
	}
	var src int64
	if err := s.db.QueryRow(`SELECT source_id FROM event_sources WHERE event_id = $1`, first).Scan(&src); err != nil {
		t.Fatal(err)
	}
	sid := itoa(src)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	edit := "/admin/events/" + itoa(first) + "/edit"
	save := "/admin/events/" + itoa(first)

	a := ed.get(edit)
	if a.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", edit, a.Code)
	}
	d := a.doc(t)
	for _, sel := range []string{"#e-title", "#e-summary", "#e-type", "#e-start", "#e-end", "#e-precision", "#e-datetext",
		"#e-place[list=place-list]", "#place-list option[value=Perm]", "#e-newplace", "#e-newkind", "#e-newlat", "#e-newlon",
		"#e-actors", "#q-" + sid, "#qs-" + sid, "#qe-" + sid, "input[name=remove_" + sid + "]", "#e-note",
		`input[name=form][value=edit]`, `input[name=version][value="1"]`, `[data-heartbeat="/admin/events/` + itoa(first) + `/heartbeat"]`} {
		if d.Find(sel).Length() != 1 {
			t.Errorf("the edit page lacks %s", sel)
		}
	}
	if got := d.Find("#qs-"+sid).AttrOr("value", ""); got != strconv.Itoa(strings.Index(reviewBody, "Police")) {
		t.Errorf("quote start %q", got)
	}
	if n := d.Find(`[data-testid="not-verbatim"]`).Length(); n != 0 {
		t.Errorf("a verbatim quote is flagged")
	}
	d = ed.get("/admin/events/" + itoa(second) + "/edit").doc(t)
	if n := d.Find(`[data-testid="not-verbatim"]`).Length(); n != 1 {
		t.Errorf("a quote not at its offsets is not flagged")
	}
	if got := d.Find(`[data-testid="edit-heading-title"]`).Text(); got != "Enlistment office <b>burned</b>" {
		t.Errorf("title shown %q", got)
	}
	if a := ed.get("/admin/events/999999/edit"); a.Code != http.StatusNotFound {
		t.Errorf("unknown event: %d", a.Code)
	}
	tok := ed.token(edit)

	// A place from the gazetteer, a quote whose offsets are found from its
	// words, markup kept as text.
	f := fullEdit(tok, "1", src, "detained seven")
	f.Set("place", "perm")
	f.Set("title", "Students <i>detained</i> in Perm")
	a = ed.post(save, f)
	if a.Code != http.StatusSeeOther || a.Header.Get("Location") != edit+"?done=saved" {
		t.Fatalf("save: %d → %q %s", a.Code, a.Header.Get("Location"), a.doc(t).Find("main").Text())
	}
	ev, err := s.store.Event(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(reviewBody, "detained seven")
	if ev.Place == nil || ev.Place.Name != "Perm" || ev.Sources[0].Quote != "detained seven" ||
		ev.Sources[0].QuoteStart == nil || *ev.Sources[0].QuoteStart != at || *ev.Sources[0].QuoteEnd != at+len("detained seven") {
		t.Errorf("saved: place %+v, source %+v", ev.Place, ev.Sources[0])
	}
	a = ed.get(edit + "?done=saved")
	if strings.Contains(a.Body, "<i>detained") {
		t.Errorf("a title's markup reached the edit page")
	}

	// Offsets outside the article: 400, nothing saved, the input kept.
	f = fullEdit(tok, "2", src, "anything at all")
	f.Set("quote_start_"+sid, "3")
	f.Set("quote_end_"+sid, strconv.Itoa(len(reviewBody)+1))
	f.Set("summary", "Kept summary")
	a = ed.post(save, f)
	if a.Code != http.StatusBadRequest {
		t.Fatalf("offsets outside the body: %d, want 400", a.Code)
	}
	d = a.doc(t)
	if d.Find("#qe-"+sid).AttrOr("aria-invalid", "") != "true" || d.Find("#e-summary").Text() != "Kept summary" ||
		d.Find("#q-"+sid).Text() != "anything at all" {
		t.Errorf("the 400 page does not mark the offset or keep the input")
	}
	for name, set := range map[string]func(url.Values){
		"offset not a number": func(f url.Values) { f.Set("quote_start_"+sid, "x"); f.Set("quote_end_"+sid, "4") },
		"one offset only":     func(f url.Values) { f.Set("quote_start_"+sid, "3") },
		"end before start":    func(f url.Values) { f.Set("quote_start_"+sid, "9"); f.Set("quote_end_"+sid, "4") },
		"unknown place":       func(f url.Values) { f.Set("place", "Atlantis") },
		"new place no coords": func(f url.Values) { f.Set("new_place", "Kungur"); f.Set("new_place_kind", "city") },
		"new place bad lat": func(f url.Values) {
			f.Set("new_place", "Kungur")
			f.Set("new_place_kind", "city")
			f.Set("new_place_lat", "95")
			f.Set("new_place_lon", "57")
		},
		"new place bad kind": func(f url.Values) {
			f.Set("new_place", "Kungur")
			f.Set("new_place_kind", "moon")
			f.Set("new_place_lat", "57.4")
			f.Set("new_place_lon", "56.9")
		},
	} {
		f := fullEdit(tok, "2", src, "detained seven")
		set(f)
		if a := ed.post(save, f); a.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, a.Code)
		} else if a.doc(t).Find(`[aria-invalid="true"]`).Length() == 0 {
			t.Errorf("%s: no field marked", name)
		}
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND version = 2`, first); n != 1 {
		t.Errorf("refused saves changed the event")
	}

	// A new place with its coordinates.
	f = fullEdit(tok, "2", src, "detained seven")
	f.Set("new_place", "Kungur")
	f.Set("new_place_kind", "city")
	f.Set("new_place_lat", "57.43")
	f.Set("new_place_lon", "56.94")
	if a := ed.post(save, f); a.Code != http.StatusSeeOther {
		t.Fatalf("new place: %d %.300s", a.Code, a.Body)
	}
	if n := s.count(`SELECT count(*) FROM events e JOIN places p ON p.id = e.place_id WHERE e.id = $1 AND p.name = 'Kungur' AND p.lat = 57.43 AND p.lon = 56.94`, first); n != 1 {
		t.Errorf("the new place was not stored with its coordinates")
	}
	// Removing the source, then a paraphrase at wrong offsets is saved and flagged.
	f = fullEdit(tok, "3", src, "Seven were held")
	f.Set("quote_start_"+sid, "0")
	f.Set("quote_end_"+sid, "15")
	if a := ed.post(save, f); a.Code != http.StatusSeeOther {
		t.Fatalf("paraphrase: %d", a.Code)
	}
	if n := ed.get(edit).doc(t).Find(`[data-testid="not-verbatim"]`).Length(); n != 1 {
		t.Errorf("a quote saved at offsets that do not hold it is not flagged")
	}
	f = fullEdit(tok, "4", src, "")
	f.Set("remove_"+sid, "1")
	if a := ed.post(save, f); a.Code != http.StatusSeeOther {
		t.Fatalf("remove: %d", a.Code)
	}
	if n := s.count(`SELECT count(*) FROM event_sources WHERE event_id = $1`, first); n != 0 {
		t.Errorf("the source is still cited")
	}
}

func TestEditConflictAndSoftLock(t *testing.T) {
	s := newAuthSite(t)
	first, _, published := seedReview(t, s)
	edit := "/admin/events/" + itoa(first) + "/edit"
	one, two := s.browser(), s.browser()
	one.signIn("editor@example.org", goodPassword, "")
	two.signIn("admin@example.org", goodPassword, "")
	var src int64
	if err := s.db.QueryRow(`SELECT source_id FROM event_sources WHERE event_id = $1`, first).Scan(&src); err != nil {
		t.Fatal(err)
	}

	tok1 := one.token(edit)
	since := s.store.Now().UTC().Format("15:04")
	s.advance(30 * time.Second)
	d := two.get(edit).doc(t)
	if got := d.Find(`[data-testid="edit-lock"]`).Text(); !strings.Contains(got, "Being edited by Eddie Editor since "+since+" UTC") {
		t.Errorf("lock notice %q", got)
	}
	tok2 := d.Find(`meta[name="csrf-token"]`).AttrOr("content", "")
	if got := one.get(edit).doc(t).Find(`[data-testid="edit-lock"]`).Text(); !strings.Contains(got, "Ada Admin") {
		t.Errorf("the first editor does not see the second: %q", got)
	}

	// The heartbeat: CSRF by header, JSON.
	hb := "/admin/events/" + itoa(first) + "/heartbeat"
	if a := one.post(hb, nil); a.Code != http.StatusForbidden {
		t.Errorf("heartbeat without a token: %d, want 403", a.Code)
	}
	a := one.post(hb, nil, "X-CSRF-Token", tok1, "Accept", "application/json")
	var beat struct {
		Editors []struct{ Name, Since string }
		Lease   int `json:"lease_seconds"`
	}
	if err := json.Unmarshal([]byte(a.Body), &beat); a.Code != http.StatusOK || err != nil || len(beat.Editors) != 1 ||
		beat.Editors[0].Name != "Ada Admin" || beat.Lease != 150 {
		t.Errorf("heartbeat: %d %s", a.Code, a.Body)
	}
	if a := one.post("/admin/events/999999/heartbeat", nil, "X-CSRF-Token", tok1, "Accept", "application/json"); a.Code != http.StatusNotFound {
		t.Errorf("heartbeat of no event: %d", a.Code)
	}
	// Leaving ends a sitting at once; the admin comes back.
	if a := two.post(hb, url.Values{"_csrf": {tok2}, "leave": {"1"}}); a.Code != http.StatusNoContent {
		t.Errorf("leave: %d, want 204", a.Code)
	}
	if got := one.get(edit).doc(t).Find(`[data-testid="edit-lock"]`).Text(); strings.TrimSpace(got) != "" {
		t.Errorf("after the admin left: %q", got)
	}
	two.get(edit)
	// Past the lease without a beat, the admin's sitting is over.
	s.advance(151 * time.Second)
	if got := one.get(edit).doc(t).Find(`[data-testid="edit-lock"]`).Text(); strings.TrimSpace(got) != "" {
		t.Errorf("a lapsed lock still shows: %q", got)
	}

	// Both loaded version 1: the first save wins, the second is 409 with
	// its input kept and the first's change shown field by field.
	f := fullEdit(tok1, "1", src, "Police detained seven of them")
	f.Set("title", "Seven detained in Perm")
	if a := one.post("/admin/events/"+itoa(first), f); a.Code != http.StatusSeeOther {
		t.Fatalf("first save: %d", a.Code)
	}
	f = fullEdit(tok2, "1", src, "Police detained seven of them")
	f.Set("title", "My <b>own</b> title")
	f.Set("date_text", "on Monday evening")
	a = two.post("/admin/events/"+itoa(first), f)
	if a.Code != http.StatusConflict {
		t.Fatalf("second save: %d, want 409", a.Code)
	}
	d = a.doc(t)
	if got := d.Find("#e-title").AttrOr("value", ""); got != "My <b>own</b> title" {
		t.Errorf("409 keeps title %q", got)
	}
	if got := d.Find("#e-datetext").AttrOr("value", ""); got != "on Monday evening" {
		t.Errorf("409 keeps date words %q", got)
	}
	if got := d.Find(`input[name=version]`).AttrOr("value", ""); got != "2" {
		t.Errorf("409 form version %q, want 2", got)
	}
	rows := map[string][2]string{}
	d.Find(`[data-testid="conflict-row"]`).Each(func(_ int, r *goquery.Selection) {
		rows[r.Find("th").Text()] = [2]string{strings.TrimSpace(r.Find("td").Eq(0).Text()), strings.TrimSpace(r.Find("td").Eq(1).Text())}
	})
	if rows["Title"] != [2]string{"Students detained in Perm", "Seven detained in Perm"} {
		t.Errorf("conflict rows %q", rows)
	}
	if _, ok := rows["Date words"]; !ok {
		t.Errorf("the first editor's date words are not shown: %q", rows)
	}
	if got := d.Find(`[data-testid="edit-conflict"] caption`).Text(); !strings.Contains(got, "editor@example.org") {
		t.Errorf("conflict caption %q", got)
	}
	if n := s.count(`SELECT count(*) FROM events WHERE id = $1 AND version = 2 AND title = 'Seven detained in Perm'`, first); n != 1 {
		t.Errorf("the refused save changed the event")
	}

	// A merged event's edit page points to the survivor; its save is refused.
	if _, err := s.store.MergeInto(context.Background(), first, 2, published); err != nil {
		t.Fatal(err)
	}
	a = one.get(edit)
	if a.Code != http.StatusOK {
		t.Fatalf("merged edit page: %d", a.Code)
	}
	if got := a.doc(t).Find(`[data-testid="survivor-link"]`).AttrOr("href", ""); got != "/admin/events/"+itoa(published)+"/edit" {
		t.Errorf("survivor link %q", got)
	}
	f = fullEdit(tok1, "3", src, "x")
	if a := one.post("/admin/events/"+itoa(first), f); a.Code != http.StatusConflict || a.doc(t).Find(`[data-testid="survivor-link"]`).Length() != 1 {
		t.Errorf("save on a merged event: %d, want 409 pointing to the survivor", a.Code)
	}
}

// TestEditCitesAnotherArticle: the edit page adds a source to an event,
// with its quote placed by its words; a wrong choice is a 400 that keeps
// what was typed and saves nothing.
func TestEditCitesAnotherArticle(t *testing.T) {
	s := newAuthSite(t)
	first, _, _ := seedReview(t, s)
	const body = "A second wire report. Seven students were held after the picket, a lawyer said."
	other := &models.Source{Title: "Lawyer on the <em>picket</em>", Outlet: "Other Wire", Body: body, PublishedAt: ptr(day("2022-09-27"))}
	if _, err := s.store.ImportEvents(context.Background(), []models.NewEvent{{ImportKey: "z", Title: "Unrelated", Type: "protest",
		Status: models.StatusDraft, DateStart: day("2022-09-27"), DateEnd: day("2022-09-27"), Precision: models.PrecisionDay,
		Citations: []models.Citation{{Source: other, Quote: "A second wire report"}}}}); err != nil {
		t.Fatal(err)
	}
	var otherID, cited int64
	if err := s.db.QueryRow(`SELECT id FROM sources WHERE outlet = 'Other Wire'`).Scan(&otherID); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT source_id FROM event_sources WHERE event_id = $1`, first).Scan(&cited); err != nil {
		t.Fatal(err)
	}
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	edit := "/admin/events/" + itoa(first) + "/edit"
	save := "/admin/events/" + itoa(first)
	d := ed.get(edit).doc(t)
	if got := d.Find(`#e-add-source option[value="` + itoa(otherID) + `"]`).Text(); got != "Lawyer on the <em>picket</em> (Other Wire)" {
		t.Errorf("the other article's option reads %q", got)
	}
	if n := d.Find(`#e-add-source option[value="` + itoa(cited) + `"]`).Length(); n != 0 {
		t.Errorf("an article the event cites is offered again")
	}
	tok := ed.token(edit)
	quote := "Seven students were held after the picket"
	version := 1
	for name, set := range map[string][2]string{
		"not a number":  {"abc", quote},
		"no article":    {"999999", quote},
		"already cited": {itoa(cited), quote},
		"no quote":      {itoa(otherID), ""},
	} {
		f := fullEdit(tok, strconv.Itoa(version), cited, "detained seven")
		f.Set("add_source", set[0])
		f.Set("add_quote", set[1])
		a := ed.post(save, f)
		if a.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, a.Code)
			continue
		}
		if d := a.doc(t); d.Find(`[aria-invalid="true"]`).Length() == 0 || d.Find("#e-add-quote").Text() != set[1] {
			t.Errorf("%s: the field is not marked or the quote not kept", name)
		}
	}
	if n := s.count(`SELECT count(*) FROM event_sources WHERE event_id = $1`, first); n != 1 {
		t.Fatalf("refused saves changed the sources: %d", n)
	}
	f := fullEdit(tok, strconv.Itoa(version), cited, "detained seven")
	f.Set("add_source", itoa(otherID))
	f.Set("add_quote", quote)
	if a := ed.post(save, f); a.Code != http.StatusSeeOther {
		t.Fatalf("cite another article: %d %s", a.Code, a.doc(t).Find("main").Text())
	}
	var start, end int
	if err := s.db.QueryRow(`SELECT quote_start, quote_end FROM event_sources WHERE event_id = $1 AND source_id = $2`, first, otherID).Scan(&start, &end); err != nil {
		t.Fatalf("the new citation: %v", err)
	}
	if body[start:end] != quote {
		t.Errorf("the new quote stands at %d–%d: %q", start, end, body[start:end])
	}
	if n := s.count(`SELECT count(*) FROM event_revisions WHERE event_id = $1`, first); n < 1 {
		t.Errorf("no revision for the new citation")
	}
}
