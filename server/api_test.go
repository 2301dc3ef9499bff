package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type apiPage struct {
	Events []struct {
		ID                           int64
		Title, Type, Start, End, URL string
		Precision, Colour, Place     string
		DateWords                    string `json:"date_words"`
	}
	NextCursor *string `json:"next_cursor"`
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, body)
	}
	return v
}

func TestAPIEvents(t *testing.T) {
	f := newFixture(t)
	rec := f.get(t, "/api/v1/events?limit=2")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	page := decode[apiPage](t, rec.Body.String())
	if len(page.Events) != 2 || page.NextCursor == nil {
		t.Fatalf("first page: %d events, cursor %v", len(page.Events), page.NextCursor)
	}
	first := page.Events[0]
	if first.Title != "Soldiers quit contracts" || first.Start != "2022-07-11" || first.End != "2022-07-20" ||
		first.Precision != "month-part" || first.DateWords != "mid-July 2022" || !strings.HasPrefix(first.Colour, "#") {
		t.Errorf("first event = %+v", first)
	}
	rest := decode[apiPage](t, f.get(t, "/api/v1/events?limit=2&cursor="+*page.NextCursor).Body.String())
	if len(rest.Events) != 1 || rest.NextCursor != nil || rest.Events[0].Place != "Yakutsk" {
		t.Errorf("second page = %+v", rest)
	}
	one := decode[struct {
		Title   string
		Sources []struct{ Outlet, Quote string }
	}](t, f.get(t, "/api/v1/events/2").Body.String())
	if one.Title != "Women protest in Yakutsk" || len(one.Sources) != 1 || one.Sources[0].Outlet != "Example Wire" {
		t.Errorf("event 2 = %+v", one)
	}
	if rec := f.get(t, "/api/v1/events/5"); rec.Code != http.StatusGone {
		t.Errorf("rejected event: %d", rec.Code)
	}
	// The arson of 21-27 September is under way on the 22nd: listed, unless skipped.
	if got := decode[apiPage](t, f.get(t, "/api/v1/events?from=2022-09-22&to=2022-09-30").Body.String()); len(got.Events) != 2 {
		t.Errorf("overlapping the 22nd to the 30th: %d events, want 2", len(got.Events))
	}
	if got := decode[apiPage](t, f.get(t, "/api/v1/events?from=2022-09-22&to=2022-09-30&ongoing=skip").Body.String()); len(got.Events) != 1 || got.Events[0].Place != "Yakutsk" {
		t.Errorf("starting from the 22nd: %+v, want the Yakutsk protest alone", got.Events)
	}
}

func TestAPIHistogram(t *testing.T) {
	f := newFixture(t)
	type hist struct {
		From, To   *string
		Extent     *struct{ Start, End string }
		Unit       string
		BucketDays int `json:"bucket_days"`
		Total      int
		Buckets    []struct {
			Start, End string
			Total      int
			Counts     map[string]int
		}
		Types []struct{ Slug, Colour string }
	}
	h := decode[hist](t, f.get(t, "/api/v1/histogram?buckets=3").Body.String())
	if h.From == nil || *h.From != "2022-07-11" || *h.To != "2022-09-27" || h.Total != 3 || len(h.Types) != 10 {
		t.Fatalf("extent histogram = %+v", h)
	}
	if len(h.Buckets) != 3 || h.Buckets[0].Counts["refusal"] != 1 || h.Buckets[2].Total != 2 {
		t.Errorf("buckets = %+v", h.Buckets)
	}
	h = decode[hist](t, f.get(t, "/api/v1/histogram?from=2022-09-01&to=2022-09-30&buckets=30&type=protest").Body.String())
	if h.BucketDays != 1 || len(h.Buckets) != 30 || h.Total != 1 || h.Buckets[24].Counts["protest"] != 1 {
		t.Errorf("daily protest histogram: days %d, %d buckets, total %d", h.BucketDays, len(h.Buckets), h.Total)
	}
	h = decode[hist](t, f.get(t, "/api/v1/histogram?type=exemption").Body.String())
	if h.Total != 0 || h.From != nil || len(h.Buckets) != 0 {
		t.Errorf("empty histogram = %+v", h)
	}

	// By calendar unit, the window widens to whole units.
	h = decode[hist](t, f.get(t, "/api/v1/histogram?unit=month").Body.String())
	if *h.From != "2022-07-01" || *h.To != "2022-09-30" || h.Unit != "month" || h.BucketDays != 0 || len(h.Buckets) != 3 {
		t.Fatalf("monthly histogram = %+v", h)
	}
	if h.Extent == nil || h.Extent.Start != "2022-07-11" || h.Extent.End != "2022-09-27" {
		t.Errorf("the matches' extent = %+v, want 2022-07-11 to 2022-09-27", h.Extent)
	}
	if b := h.Buckets; b[0].Counts["refusal"] != 1 || b[1].Start != "2022-08-01" || b[1].End != "2022-08-31" || b[1].Total != 0 || b[2].Total != 2 {
		t.Errorf("monthly buckets = %+v", b)
	}
	h = decode[hist](t, f.get(t, "/api/v1/histogram?from=2022-09-23&to=2022-09-30&unit=week").Body.String())
	if *h.From != "2022-09-19" || *h.To != "2022-10-02" || len(h.Buckets) != 2 || h.Buckets[0].Total != 2 || h.Buckets[1].Total != 0 {
		t.Errorf("weeks from Monday: %+v", h)
	}
	for target, want := range map[string]string{
		"/api/v1/histogram?unit=auto&buckets=5": "month",   // 79 days, 12 weeks, 3 months
		"/api/v1/histogram?unit=auto":           "day",     // 79 days fit in 100 buckets
		"/api/v1/histogram?unit=auto&buckets=1": "quarter", // July to September
	} {
		if h := decode[hist](t, f.get(t, target).Body.String()); h.Unit != want {
			t.Errorf("%s: unit %q, want %q", target, h.Unit, want)
		}
	}
	// An arson that began on the 21st is in progress on the 22nd: counted
	// in the first bucket, unless skipped.
	if h := decode[hist](t, f.get(t, "/api/v1/histogram?from=2022-09-22&to=2022-09-30&buckets=9").Body.String()); h.Total != 2 || h.Buckets[0].Counts["arson"] != 1 {
		t.Errorf("ongoing counted first: %+v", h)
	}
	if h := decode[hist](t, f.get(t, "/api/v1/histogram?from=2022-09-22&to=2022-09-30&buckets=9&ongoing=skip").Body.String()); h.Total != 1 || h.Buckets[0].Total != 0 {
		t.Errorf("ongoing skipped: %+v", h)
	}
}

func TestAPIBadInput(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{
		"/api/v1/events?from=2022-10-01&to=2022-01-01",
		"/api/v1/events?type=unknown",
		"/api/v1/events?limit=0",
		"/api/v1/events?limit=100000",
		"/api/v1/events?limit=ten",
		"/api/v1/events?q=" + url.QueryEscape(strings.Repeat("war ", 2500)),
		"/api/v1/histogram?buckets=1000000",
		"/api/v1/histogram?buckets=-1",
		"/api/v1/histogram?from=0001-01-01",
		"/api/v1/histogram?unit=fortnight",
		"/api/v1/histogram?unit=day&buckets=10",
		"/api/v1/histogram?unit=day&from=1900-01-01&to=2100-12-31",
		"/api/v1/histogram?ongoing=maybe",
		"/api/v1/events?ongoing=first",
		"/api/v1/events?cursor=garbage",
	} {
		rec := f.get(t, target)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%.80s: status %d, want 400", target, rec.Code)
			continue
		}
		e := decode[struct{ Error struct{ Message string } }](t, rec.Body.String())
		if e.Error.Message == "" {
			t.Errorf("%.80s: no message", target)
		}
	}
	if rec := f.get(t, "/api/v1/events/abc"); rec.Code != http.StatusNotFound {
		t.Errorf("non-numeric id: %d", rec.Code)
	}
}
