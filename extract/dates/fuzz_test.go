package dates

import (
	"testing"
	"time"
	"unicode/utf8"
)

// dateFuzzSeeds are phrases and sentences that reach most productions.
var dateFuzzSeeds = []string{
	"17 July 2022", "July 17, 2022", "Sept. 21", "Oct.02 - 2024", "2022-07-17", "17/07/2022",
	"10.31.1974", "2/15", "in May", "on Sunday night", "last Tuesday", "friday after next",
	"3 fridays from now", "this 7 days", "very last thirty day period", "the past 24 hours",
	"a few days ago", "in recent months", "early August", "mid-July", "the end of the year",
	"beginning of this week", "late summer", "the early 1990s", "since the summer",
	"the first half of 2023", "Q3 2022", "the last quarter of 2022", "first Monday of last month",
	"last week of September 2014", "20th of next month", "the week of October 6th",
	"orthodox good friday 2020", "three days after Easter", "for 10 days from 18th Dec",
	"between March and May", "from 13th to 15th of July", "2014-16", "last week's Sunday",
	"About 1,500 prisoners may have applied as of late July, the 3rd Army Corps said on Monday.",
	"1-1-1-1-1", "the the the", "'15", "Москва, 13 июля — mid-July",
}

func FuzzParse(f *testing.F) {
	for _, s := range dateFuzzSeeds {
		f.Add(s, int64(1360643400), false)
	}
	f.Fuzz(func(t *testing.T, phrase string, unix int64, future bool) {
		ref := time.Unix(unix%(200*365*86400), 0).UTC() // within 1770-2170
		prefer := PreferPast
		if future {
			prefer = PreferFuture
		}
		r, err := Parse(phrase, ref, prefer)
		if err != nil {
			return
		}
		if !dateSane(r) || r.Start.Location() != time.UTC || r.End.Location() != time.UTC {
			t.Fatalf("Parse(%q) = %v..%v %q", phrase, r.Start, r.End, r.Precision)
		}
		for _, x := range []time.Time{r.Start, r.End} {
			if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
				t.Fatalf("Parse(%q) gives %v, not midnight", phrase, x)
			}
		}
	})
}

func FuzzFind(f *testing.F) {
	for _, s := range dateFuzzSeeds {
		f.Add(s, int64(1664236800), false)
	}
	f.Fuzz(func(t *testing.T, text string, unix int64, future bool) {
		ref := time.Unix(unix%(200*365*86400), 0).UTC()
		prefer := PreferPast
		if future {
			prefer = PreferFuture
		}
		ms := Find(text, ref, prefer)
		dateCheckMatches(t, text, ms)
		for _, m := range ms {
			if m.Start == m.End {
				t.Fatalf("empty match at %d", m.Start)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[m.Start]) || (m.End < len(text) && !utf8.RuneStart(text[m.End]))) {
				t.Fatalf("match %d:%d splits a rune", m.Start, m.End)
			}
		}
	})
}
