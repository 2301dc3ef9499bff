package web

import (
	"strings"
	"testing"

	"timeline/models"
)

// TestPieces marks the date words, the place (by an alias too) and the
// actors inside the evidence, and gives the evidence back whole.
func TestPieces(t *testing.T) {
	ev := &models.Event{DateText: "on Monday", Place: &models.Place{Name: "Perm", Aliases: []string{"Пермь"}},
		Actors: []models.Actor{{Name: "Police"}, {Name: "Perm police"}}}
	evidence := "Perm police detained seven on Monday in Пермь; police said so."
	ps := pieces(evidence, ev)
	var whole strings.Builder
	kinds := map[string][]string{}
	for _, p := range ps {
		whole.WriteString(p.Text)
		if p.Kind != "" {
			kinds[p.Kind] = append(kinds[p.Kind], p.Text)
		}
	}
	if whole.String() != evidence {
		t.Fatalf("pieces join to %q", whole.String())
	}
	if got := strings.Join(kinds["date"], "|"); got != "on Monday" {
		t.Errorf("date marks %q", got)
	}
	// "Perm police" starts where "Perm" does and is longer: the actor wins.
	if got := strings.Join(kinds["actor"], "|"); got != "Perm police|police" {
		t.Errorf("actor marks %q", got)
	}
	if got := strings.Join(kinds["place"], "|"); got != "Пермь" {
		t.Errorf("place marks %q", got)
	}
	if pieces("nothing to mark", &models.Event{}) != nil {
		t.Error("no marks: want nil, so the evidence shows as one mark")
	}
}

// FuzzPieces: whatever the evidence and the words to mark, the pieces
// give the evidence back exactly, none empty.
func FuzzPieces(f *testing.F) {
	f.Add("Police detained seven on Monday in Perm", "on Monday", "Perm", "police")
	f.Add("ǅ ǆ İstanbul", "İ", "ǅ", "")
	f.Fuzz(func(t *testing.T, evidence, date, place, actor string) {
		ev := &models.Event{DateText: date, Place: &models.Place{Name: place}, Actors: []models.Actor{{Name: actor}}}
		var b strings.Builder
		for _, p := range pieces(evidence, ev) {
			if p.Text == "" {
				t.Fatalf("an empty piece of %q", evidence)
			}
			b.WriteString(p.Text)
		}
		if got := b.String(); got != evidence && got != "" {
			t.Fatalf("pieces of %q join to %q", evidence, got)
		}
	})
}

// FuzzParsePick: a bulk pick or an undo offer is two positive numbers, or
// refused.
func FuzzParsePick(f *testing.F) {
	for _, s := range []string{"12.3", "0.1", "1.0", "-1.2", "1.2.3", "", ".", "9223372036854775807.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, v, ok := parsePick(s)
		if ok && (id < 1 || v < 1) {
			t.Fatalf("%q read as %d.%d", s, id, v)
		}
	})
}

// FuzzQueueForm: any query string is a filter or a 400, never a panic,
// and a filter it accepts is one the store can use.
func FuzzQueueForm(f *testing.F) {
	f.Add("protest", "3", "0.5", "1", "2022-09-01", "2022-09-30", "2")
	f.Add("", "x", "-1", "NaN", "2022-13-01", "", "0")
	f.Fuzz(func(t *testing.T, typ, source, lo, hi, from, to, page string) {
		fl, err := queueForm{Type: typ, Source: source, ConfMin: lo, ConfMax: hi, From: from, To: to, Page: page}.filter()
		if err != nil {
			if _, ok := IsInputError(err); !ok {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		if fl.MinConf != nil && !(*fl.MinConf >= 0 && *fl.MinConf <= 1) || fl.MaxConf != nil && !(*fl.MaxConf >= 0 && *fl.MaxConf <= 1) || fl.Page < 0 || fl.SourceID < 0 {
			t.Fatalf("accepted %+v", fl)
		}
		if !fl.From.IsZero() && !fl.To.IsZero() && fl.To.Before(fl.From) {
			t.Fatalf("accepted a range that ends before it starts")
		}
	})
}
