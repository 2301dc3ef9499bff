package web

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"timeline/models"
)

var testTypes = []models.Category{{Slug: "protest"}, {Slug: "arson"}}

func TestFilterForm(t *testing.T) {
	tests := []struct {
		query   string
		bad     string // part of the message, when the query must be refused
		from    string
		to      string
		types   int
		places  int
		withCur bool
	}{
		{query: "", from: "", to: ""},
		{query: "from=2022-09&to=2022-09", from: "2022-09-01", to: "2022-09-30"},
		{query: "from=2022&to=2022", from: "2022-01-01", to: "2022-12-31"},
		{query: "to=2024-02", to: "2024-02-29"},
		{query: "type=protest,arson&type=protest", types: 2},
		{query: "place=Yakutsk&place=Kazan&place=Yakutsk", places: 2},
		{query: "cursor=" + models.Cursor{Date: time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC), ID: 3}.String(), withCur: true},
		{query: "from=2022-9-1", bad: "not a date"},
		{query: "from=1899-12-31", bad: "outside"},
		{query: "to=2101", bad: "outside"},
		{query: "from=2022-02-01&to=2022-01-01", bad: "is after"},
		{query: "type=picnic", bad: "not an event type"},
		{query: "q=" + strings.Repeat("a", 201), bad: "limited to"},
		{query: "place=" + strings.Repeat("p", 101), bad: "at most"},
		{query: "cursor=xyz", bad: "cursor"},
		{query: "q=%zz", bad: "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			form, err := readFilterForm(tt.query)
			var f models.Filter
			if err == nil {
				f, err = form.filter(testTypes)
			}
			if tt.bad != "" {
				msg, ok := IsInputError(err)
				if !ok || !strings.Contains(msg, tt.bad) {
					t.Fatalf("err = %v, want an input error saying %q", err, tt.bad)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dayOrEmpty(f.From); got != tt.from {
				t.Errorf("from = %q, want %q", got, tt.from)
			}
			if got := dayOrEmpty(f.To); got != tt.to {
				t.Errorf("to = %q, want %q", got, tt.to)
			}
			if len(f.Types) != tt.types || len(f.Places) != tt.places || (f.After != nil) != tt.withCur {
				t.Errorf("filter = %+v", f)
			}
		})
	}
}

// FuzzFilterForm: whatever the query string, the answer is a valid filter or
// an input error (a 400), never a panic or another kind of error (a 500).
func FuzzFilterForm(f *testing.F) {
	for _, seed := range []string{"from=2022-09-01&to=2022-09-30", "type=protest&q=war", "cursor=MjAyMi0wOS0wMS4z",
		"from=2022-13", "q=%zz", "place=%00", "to=2100-12-31&from=1900-01-01",
		"before=MjAyMi0wOS0wMS4z", "before=MjAyMi0wOS0wMS4z&cursor=MjAyMi0wOS0wMS4z", "type=protest,picnic&type=%E2%80%9D"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := readFilterForm(raw)
		if err == nil {
			// The page drops unknown types with a notice; what stays is known.
			known, unknown := knownTypes(form.Types, testTypes)
			if len(known)+len(unknown) != len(form.Types) {
				t.Fatalf("%q: %d types split into %d and %d", raw, len(form.Types), len(known), len(unknown))
			}
			if note := unknownNotice(unknown, testTypes); (note == "") != (len(unknown) == 0) || utf8.RuneCountInString(note) > 2000 {
				t.Fatalf("%q: notice %q for %d unknown types", raw, note, len(unknown))
			}
			var mf models.Filter
			mf, err = form.filter(testTypes)
			if err == nil {
				if !mf.From.IsZero() && !mf.To.IsZero() && mf.From.After(mf.To) {
					t.Fatalf("accepted an inverted window: %q", raw)
				}
				if mf.After != nil && mf.Before != nil {
					t.Fatalf("accepted paging both ways at once: %q", raw)
				}
				if len(mf.Query) > 4*maxQueryLen {
					t.Fatalf("accepted a %d-byte query", len(mf.Query))
				}
				return
			}
		}
		if _, ok := IsInputError(err); !ok || !errors.Is(err, models.ErrInvalid) {
			t.Fatalf("%q: error %v is not an input error", raw, err)
		}
	})
}

// FuzzReadCut: whatever the histogram parameters, the answer is a cut the
// store accepts or an input error, never a panic.
func FuzzReadCut(f *testing.F) {
	for _, seed := range []string{"buckets=30", "unit=month", "unit=auto&buckets=400", "unit=day&buckets=3",
		"buckets=1e3", "unit=Month", "buckets=-0"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return // refused before the cut is read (TestFilterForm, FuzzFilterForm)
		}
		cut, auto, err := readCut(q)
		if err != nil {
			if _, ok := IsInputError(err); !ok {
				t.Fatalf("%q: error %v is not an input error", raw, err)
			}
			return
		}
		if cut.Buckets < 1 || cut.Buckets > models.MaxBuckets {
			t.Fatalf("%q: accepted %d buckets", raw, cut.Buckets)
		}
		if cut.Unit != "" && (!cut.Unit.Valid() || auto) {
			t.Fatalf("%q: accepted unit %q (auto %v)", raw, cut.Unit, auto)
		}
	})
}

func TestVerbatim(t *testing.T) {
	body := "Police detained 40 people on Saturday."
	at := func(n int) *int { return &n }
	src := &models.Source{Body: body}
	tests := []struct {
		name string
		es   models.EventSource
		want bool
	}{
		{"at its offsets", models.EventSource{Source: src, Quote: "detained 40 people", QuoteStart: at(7), QuoteEnd: at(25)}, true},
		{"no offsets", models.EventSource{Source: src, Quote: "detained 40 people"}, false},
		{"wrong offsets", models.EventSource{Source: src, Quote: "detained 40 people", QuoteStart: at(0), QuoteEnd: at(18)}, false},
		{"out of range", models.EventSource{Source: src, Quote: "x", QuoteStart: at(30), QuoteEnd: at(99)}, false},
		{"no body", models.EventSource{Source: &models.Source{}, Quote: "a paraphrase", QuoteStart: at(0), QuoteEnd: at(0)}, false},
	}
	for _, tt := range tests {
		if got := verbatim(tt.es); got != tt.want {
			t.Errorf("%s: verbatim = %v, want %v", tt.name, got, tt.want)
		}
	}
}
