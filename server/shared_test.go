package server_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"timeline/models"
)

// chronologyParts reads what the page's shared parts put on "/": the place
// options, the actor suggestions, the listed titles and the data version
// the view is cited at.
func chronologyParts(t *testing.T, f *fixture) (places, actors, titles []string, version string) {
	t.Helper()
	rec := f.get(t, "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	if m := regexp.MustCompile(`data version (\d+)`).FindStringSubmatch(body); m != nil {
		version = m[1]
	} else {
		t.Fatal("the page cites no data version")
	}
	d := doc(t, rec)
	d.Find(`[data-testid="place-filter"] input[name="place"]`).Each(func(_ int, s *goquery.Selection) {
		places = append(places, s.AttrOr("value", ""))
	})
	d.Find(`#f-actors option`).Each(func(_ int, s *goquery.Selection) { actors = append(actors, s.AttrOr("value", "")) })
	d.Find(`[data-testid="event-link"]`).Each(func(_ int, s *goquery.Selection) { titles = append(titles, s.Text()) })
	return places, actors, titles, version
}

// The places, actor names and version are read once per data version: a
// write is seen on the very next request, and so is an event withdrawn.
func TestSharedPartsFollowTheData(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	places, actors, _, v1 := chronologyParts(t, f)
	if !slices.Equal(places, []string{"Yakutsk"}) || !slices.Contains(actors, "Mothers' Council") {
		t.Fatalf("before: places %q, actors %q", places, actors)
	}
	if _, _, _, again := chronologyParts(t, f); again != v1 {
		t.Fatalf("version moved without a write: %s then %s", v1, again)
	}

	src := &models.Source{Title: "Omsk report", Outlet: "Example Wire", Body: "y", PublishedAt: ptr(day("2022-10-02"))}
	_, err := f.store.ImportEvents(ctx, []models.NewEvent{{ImportKey: "omsk", Title: "Veterans rally in Omsk",
		Type: "protest", Status: models.StatusPublished, DateStart: day("2022-10-02"), DateEnd: day("2022-10-02"),
		Precision: models.PrecisionDay, Confidence: 1, Place: &models.Place{Name: "Omsk", Kind: "city", CountryCode: "RU"},
		Actors:    []models.Actor{{Name: "Omsk Veterans", Kind: "organisation"}},
		Citations: []models.Citation{{Source: src, Quote: "quoted omsk"}}}})
	if err != nil {
		t.Fatal(err)
	}
	places, actors, titles, v2 := chronologyParts(t, f)
	if v2 == v1 {
		t.Errorf("data version still %s after an import", v2)
	}
	if !slices.Equal(places, []string{"Omsk", "Yakutsk"}) || !slices.Contains(actors, "Omsk Veterans") ||
		!slices.Contains(titles, "Veterans rally in Omsk") {
		t.Errorf("after import: places %q, actors %q, titles %q", places, actors, titles)
	}

	yak, err := f.store.Event(ctx, f.ids["yak"])
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetStatus(ctx, yak.ID, yak.Version, models.StatusRejected); err != nil {
		t.Fatal(err)
	}
	places, actors, titles, v3 := chronologyParts(t, f)
	if v3 == v2 || !slices.Equal(places, []string{"Omsk"}) || slices.Contains(actors, "Mothers' Council") ||
		slices.Contains(titles, "Women protest in Yakutsk") {
		t.Errorf("after rejecting Yakutsk: version %s (was %s), places %q, actors %q, titles %q", v3, v2, places, actors, titles)
	}
}

// A view's total is counted once per data version, and counted again after
// any write: the citation of a search names as many events as match now.
func TestViewCountFollowsTheData(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	total := func() string {
		t.Helper()
		rec := f.get(t, "/cite?format=ris&type=protest")
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		m := regexp.MustCompile(`TI  - .*?: (\w+) events?`).FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("no count in the citation:\n%s", rec.Body)
		}
		return m[1]
	}
	before := total()
	if again := total(); again != before {
		t.Fatalf("the count moved without a write: %s then %s", before, again)
	}
	_, err := f.store.ImportEvents(ctx, []models.NewEvent{{ImportKey: "omsk-count", Title: "Veterans rally in Omsk",
		Type: "protest", Status: models.StatusPublished, DateStart: day("2022-10-02"), DateEnd: day("2022-10-02"),
		Precision: models.PrecisionDay, Confidence: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if after := total(); after == before {
		t.Fatalf("still %s protests after one more was published", after)
	}
}
