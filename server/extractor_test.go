package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"timeline/models"
)

// TestDashboardExtractorRecord: the dashboard shows, per proposed type and
// field, what editors kept, changed or rejected of the extractor's drafts.
func TestDashboardExtractorRecord(t *testing.T) {
	s := newAuthSite(t)
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	if got := ed.get("/admin").doc(t).Find(`[data-testid="extractor-empty"]`).Length(); got != 1 {
		t.Errorf("with no machine drafts the dashboard says so")
	}
	ctx := context.Background()
	var evs []models.NewEvent
	for _, k := range []string{"a", "b", "c", "d"} {
		evs = append(evs, models.NewEvent{ImportKey: k, Title: "Protest " + k, Type: "protest", Status: models.StatusDraft,
			DateStart: day("2022-09-26"), DateEnd: day("2022-09-26"), Precision: models.PrecisionDay, Confidence: 0.7, ExtractorVersion: "t1"})
	}
	evs = append(evs, models.NewEvent{ImportKey: "e", Title: "Fire <b>e</b>", Type: "arson", Status: models.StatusDraft,
		DateStart: day("2022-09-26"), DateEnd: day("2022-09-26"), Precision: models.PrecisionDay, Confidence: 0.7, ExtractorVersion: "t1"})
	if _, err := s.store.ImportEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	rows, err := s.db.Query(`SELECT import_key, id FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var id int64
		rows.Scan(&k, &id)
		ids[k] = id
	}
	rows.Close()
	// a kept whole; b retitled and redated; c rejected; d waits; e kept.
	for _, k := range []string{"a", "e"} {
		if _, err := s.store.Decide(ctx, ids[k], 1, models.StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.store.Update(ctx, ids["b"], 1, models.Edit{Title: "A better title", Type: "protest",
		DateStart: day("2022-09-25"), DateEnd: day("2022-09-26"), Precision: models.PrecisionRange}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.Decide(ctx, ids["b"], 2, models.StatusPublished, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.Decide(ctx, ids["c"], 1, models.StatusRejected, ""); err != nil {
		t.Fatal(err)
	}

	a := ed.get("/admin")
	if a.Code != http.StatusOK {
		t.Fatalf("GET /admin: %d", a.Code)
	}
	d := a.doc(t)
	cell := func(typ, field string) string {
		return strings.Join(strings.Fields(d.Find(`[data-testid="extractor-row"][data-type="`+typ+`"] [data-testid="cell-`+field+`"]`).Text()), " ")
	}
	for _, tc := range []struct{ typ, field, want string }{
		{"Protest", "Type", "67% kept 2 kept · 0 changed · 1 rejected"},
		{"Protest", "Dates", "33% kept 1 kept · 1 changed · 1 rejected"},
		{"Protest", "Title", "33% kept 1 kept · 1 changed · 1 rejected"},
		{"Protest", "Place", "67% kept 2 kept · 0 changed · 1 rejected"},
		{"Arson", "Title", "100% kept 1 kept · 0 changed · 0 rejected"},
		{"All types", "Dates", "50% kept 2 kept · 1 changed · 1 rejected"},
	} {
		if got := cell(tc.typ, tc.field); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.typ, tc.field, got, tc.want)
		}
	}
	var drafts string
	d.Find(`[data-testid="extractor-row"][data-type="Protest"] td`).First().Each(func(_ int, s *goquery.Selection) {
		drafts = strings.Join(strings.Fields(s.Text()), " ")
	})
	if drafts != "4 1 waiting · 0 merged" {
		t.Errorf("protest drafts %q", drafts)
	}
}
