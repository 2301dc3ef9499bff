package dates

import (
	"strings"
	"testing"
	"time"

	"timeline/models"
)

// dateNewsRef is a Tuesday, the publication date of most cases below.
var dateNewsRef = time.Date(2022, 9, 27, 15, 4, 0, 0, time.UTC)

// dateDucklingRef is the reference of Duckling's corpus, also a Tuesday.
var dateDucklingRef = time.Date(2013, 2, 12, 4, 30, 0, 0, time.FixedZone("", -2*3600))

func TestParse(t *testing.T) {
	tests := []struct {
		phrase     string
		ref        time.Time
		prefer     Prefer
		start, end string
		prec       models.Precision
	}{
		// Explicit dates.
		{"17 July 2022", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"July 17, 2022", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"on July 17", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"the 17th of July", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"2022-07-17", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"17/07/2022", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"07/17/2022", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"05/06/2022", dateNewsRef, PreferPast, "2022-05-06", "2022-05-06", models.PrecisionDay},
		{"17.07.2022", dateNewsRef, PreferPast, "2022-07-17", "2022-07-17", models.PrecisionDay},
		{"Sept. 21", dateNewsRef, PreferPast, "2022-09-21", "2022-09-21", models.PrecisionDay},
		{"Oct.02 - 2024", dateNewsRef, PreferPast, "2024-10-02", "2024-10-02", models.PrecisionDay},
		{"Monday, Sept. 26", dateNewsRef, PreferPast, "2022-09-26", "2022-09-26", models.PrecisionDay},
		{"December 3", dateNewsRef, PreferPast, "2021-12-03", "2021-12-03", models.PrecisionDay},
		{"December 3", dateNewsRef, PreferFuture, "2022-12-03", "2022-12-03", models.PrecisionDay},
		{"on the 15th", dateNewsRef, PreferPast, "2022-09-15", "2022-09-15", models.PrecisionDay},
		{"on the 28th", dateNewsRef, PreferPast, "2022-08-28", "2022-08-28", models.PrecisionDay},
		{"in May", dateNewsRef, PreferPast, "2022-05-01", "2022-05-31", models.PrecisionMonth},
		{"in December", dateNewsRef, PreferPast, "2021-12-01", "2021-12-31", models.PrecisionMonth},
		{"in December", dateNewsRef, PreferFuture, "2022-12-01", "2022-12-31", models.PrecisionMonth},
		{"May 2022", dateNewsRef, PreferPast, "2022-05-01", "2022-05-31", models.PrecisionMonth},
		{"in 2021", dateNewsRef, PreferPast, "2021-01-01", "2021-12-31", models.PrecisionYear},
		{"the 1990s", dateNewsRef, PreferPast, "1990-01-01", "1999-12-31", models.PrecisionYear},

		// Relative days and weekdays.
		{"today", dateNewsRef, PreferPast, "2022-09-27", "2022-09-27", models.PrecisionDay},
		{"tonight", dateNewsRef, PreferPast, "2022-09-27", "2022-09-27", models.PrecisionDay},
		{"yesterday", dateNewsRef, PreferPast, "2022-09-26", "2022-09-26", models.PrecisionDay},
		{"last night", dateNewsRef, PreferPast, "2022-09-26", "2022-09-26", models.PrecisionDay},
		{"tomorrow", dateNewsRef, PreferPast, "2022-09-28", "2022-09-28", models.PrecisionDay},
		{"the day before yesterday", dateNewsRef, PreferPast, "2022-09-25", "2022-09-25", models.PrecisionDay},
		{"on Sunday", dateNewsRef, PreferPast, "2022-09-25", "2022-09-25", models.PrecisionDay},
		{"on Sunday", dateNewsRef, PreferFuture, "2022-10-02", "2022-10-02", models.PrecisionDay},
		{"on Tuesday", dateNewsRef, PreferPast, "2022-09-27", "2022-09-27", models.PrecisionDay},
		{"on Tuesday", dateNewsRef, PreferFuture, "2022-10-04", "2022-10-04", models.PrecisionDay},
		{"last Tuesday", dateNewsRef, PreferPast, "2022-09-20", "2022-09-20", models.PrecisionDay},
		{"next Friday", dateNewsRef, PreferPast, "2022-10-07", "2022-10-07", models.PrecisionDay},
		{"this Friday", dateNewsRef, PreferPast, "2022-09-30", "2022-09-30", models.PrecisionDay},
		{"Sunday night", dateNewsRef, PreferPast, "2022-09-25", "2022-09-25", models.PrecisionDay},

		// This, last and next units.
		{"this week", dateNewsRef, PreferPast, "2022-09-26", "2022-09-27", models.PrecisionWeek},
		{"this week", dateNewsRef, PreferFuture, "2022-09-26", "2022-10-02", models.PrecisionWeek},
		{"last week", dateNewsRef, PreferPast, "2022-09-19", "2022-09-25", models.PrecisionWeek},
		{"final week", dateNewsRef, PreferPast, "2022-09-19", "2022-09-25", models.PrecisionWeek},
		{"next week", dateNewsRef, PreferPast, "2022-10-03", "2022-10-09", models.PrecisionWeek},
		{"this month", dateNewsRef, PreferPast, "2022-09-01", "2022-09-27", models.PrecisionMonth},
		{"this month", dateNewsRef, PreferFuture, "2022-09-01", "2022-09-30", models.PrecisionMonth},
		{"last month", dateNewsRef, PreferPast, "2022-08-01", "2022-08-31", models.PrecisionMonth},
		{"very last thirty day period", dateNewsRef, PreferPast, "2022-08-01", "2022-08-31", models.PrecisionMonth},
		{"this 7 days", dateNewsRef, PreferPast, "2022-09-26", "2022-09-27", models.PrecisionWeek},
		{"last year", dateNewsRef, PreferPast, "2021-01-01", "2021-12-31", models.PrecisionYear},
		{"this year", dateNewsRef, PreferPast, "2022-01-01", "2022-12-31", models.PrecisionYear},
		{"last quarter", dateNewsRef, PreferPast, "2022-04-01", "2022-06-30", models.PrecisionQuarter},
		{"earlier this month", dateNewsRef, PreferFuture, "2022-09-01", "2022-09-27", models.PrecisionMonth},
		{"last weekend", dateNewsRef, PreferPast, "2022-09-24", "2022-09-25", models.PrecisionRange},
		{"over the weekend", dateNewsRef, PreferPast, "2022-09-24", "2022-09-25", models.PrecisionRange},
		{"over the weekend", dateNewsRef, PreferFuture, "2022-10-01", "2022-10-02", models.PrecisionRange},

		// Counted units.
		{"3 days ago", dateNewsRef, PreferPast, "2022-09-24", "2022-09-24", models.PrecisionDay},
		{"three weeks ago", dateNewsRef, PreferPast, "2022-09-06", "2022-09-06", models.PrecisionDay},
		{"two months ago", dateNewsRef, PreferPast, "2022-07-01", "2022-07-31", models.PrecisionMonth},
		{"two years ago", dateNewsRef, PreferPast, "2020-01-01", "2020-12-31", models.PrecisionYear},
		{"two years ago", dateDucklingRef, PreferFuture, "2011-02-01", "2011-02-28", models.PrecisionMonth},
		{"twenty-one days ago", dateNewsRef, PreferPast, "2022-09-06", "2022-09-06", models.PrecisionDay},
		{"a few days ago", dateNewsRef, PreferPast, "2022-09-22", "2022-09-25", models.PrecisionRange},
		{"the past 10 days", dateNewsRef, PreferPast, "2022-09-17", "2022-09-26", models.PrecisionRange},
		{"the last two weeks", dateNewsRef, PreferPast, "2022-09-12", "2022-09-25", models.PrecisionRange},
		{"the past 24 hours", dateNewsRef, PreferPast, "2022-09-26", "2022-09-27", models.PrecisionRange},
		{"in recent months", dateNewsRef, PreferPast, "2022-06-27", "2022-09-27", models.PrecisionRange},
		{"in a week", dateNewsRef, PreferPast, "2022-10-04", "2022-10-04", models.PrecisionDay},

		// Parts of periods.
		{"early August", dateNewsRef, PreferPast, "2022-08-01", "2022-08-10", models.PrecisionMonthPart},
		{"mid-July", dateNewsRef, PreferPast, "2022-07-11", "2022-07-20", models.PrecisionMonthPart},
		{"late July", dateNewsRef, PreferPast, "2022-07-21", "2022-07-31", models.PrecisionMonthPart},
		{"as of late July", dateNewsRef, PreferPast, "2022-07-21", "2022-07-31", models.PrecisionMonthPart},
		{"the beginning of September", dateNewsRef, PreferPast, "2022-09-01", "2022-09-10", models.PrecisionMonthPart},
		{"the end of September", dateNewsRef, PreferPast, "2022-09-21", "2022-09-30", models.PrecisionMonthPart},
		{"the end of February", dateNewsRef, PreferPast, "2022-02-21", "2022-02-28", models.PrecisionMonthPart},
		{"late last month", dateNewsRef, PreferPast, "2022-08-21", "2022-08-31", models.PrecisionMonthPart},
		{"early 2022", dateNewsRef, PreferPast, "2022-01-01", "2022-04-30", models.PrecisionMonth},
		{"late 2021", dateNewsRef, PreferPast, "2021-09-01", "2021-12-31", models.PrecisionMonth},
		{"the end of the year", dateNewsRef, PreferPast, "2022-09-01", "2022-12-31", models.PrecisionMonth},
		{"the beginning of this week", dateNewsRef, PreferPast, "2022-09-26", "2022-09-28", models.PrecisionRange},

		// Seasons, halves, quarters.
		{"the summer", dateNewsRef, PreferPast, "2022-06-01", "2022-08-31", models.PrecisionSeason},
		{"in the spring", dateNewsRef, PreferPast, "2022-03-01", "2022-05-31", models.PrecisionSeason},
		{"autumn", dateNewsRef, PreferPast, "2022-09-01", "2022-11-30", models.PrecisionSeason},
		{"winter", dateNewsRef, PreferPast, "2021-12-01", "2022-02-28", models.PrecisionSeason},
		{"this winter", dateNewsRef, PreferPast, "2022-12-01", "2023-02-28", models.PrecisionSeason},
		{"last summer", dateNewsRef, PreferPast, "2022-06-01", "2022-08-31", models.PrecisionSeason},
		{"the summer of 2021", dateNewsRef, PreferPast, "2021-06-01", "2021-08-31", models.PrecisionSeason},
		{"this summer", dateDucklingRef, PreferFuture, "2013-06-21", "2013-09-23", models.PrecisionSeason},
		{"the first half of the year", dateNewsRef, PreferPast, "2022-01-01", "2022-06-30", models.PrecisionHalfYear},
		{"second half of 2023", dateNewsRef, PreferPast, "2023-07-01", "2023-12-31", models.PrecisionHalfYear},
		{"Q3 2022", dateNewsRef, PreferPast, "2022-07-01", "2022-09-30", models.PrecisionQuarter},
		{"the third quarter", dateNewsRef, PreferPast, "2022-07-01", "2022-09-30", models.PrecisionQuarter},
		{"the fourth quarter", dateNewsRef, PreferPast, "2021-10-01", "2021-12-31", models.PrecisionQuarter},

		// Ranges and since.
		{"since February 24", dateNewsRef, PreferPast, "2022-02-24", "2022-09-27", models.PrecisionRange},
		{"since the summer", dateNewsRef, PreferPast, "2022-06-01", "2022-09-27", models.PrecisionRange},
		{"since Monday", dateNewsRef, PreferFuture, "2022-09-26", "2022-09-27", models.PrecisionRange},
		{"July 13 to 15", dateNewsRef, PreferPast, "2022-07-13", "2022-07-15", models.PrecisionRange},
		{"13-15 July", dateNewsRef, PreferPast, "2022-07-13", "2022-07-15", models.PrecisionRange},
		{"from July 13 to July 20", dateNewsRef, PreferPast, "2022-07-13", "2022-07-20", models.PrecisionRange},
		{"December 28 to January 3", dateNewsRef, PreferPast, "2021-12-28", "2022-01-03", models.PrecisionRange},
		{"between March and May", dateNewsRef, PreferPast, "2022-03-01", "2022-05-31", models.PrecisionMonth},
		{"from 2014 to 2016", dateNewsRef, PreferPast, "2014-01-01", "2016-12-31", models.PrecisionYear},
		{"2014-16", dateNewsRef, PreferPast, "2014-01-01", "2016-12-31", models.PrecisionYear},

		// Years after a date, decades, "all", "rest of", parts of days.
		{"Feb. 24 last year", dateNewsRef, PreferPast, "2021-02-24", "2021-02-24", models.PrecisionDay},
		{"in May this year", dateNewsRef, PreferPast, "2022-05-01", "2022-05-31", models.PrecisionMonth},
		{"this decade", dateNewsRef, PreferPast, "2020-01-01", "2029-12-31", models.PrecisionYear},
		{"the early 1990s", dateNewsRef, PreferPast, "1990-01-01", "1993-12-31", models.PrecisionYear},
		{"all week", dateNewsRef, PreferPast, "2022-09-26", "2022-09-27", models.PrecisionWeek},
		{"the rest of the month", dateNewsRef, PreferPast, "2022-09-27", "2022-09-30", models.PrecisionMonth},
		{"late last night", dateNewsRef, PreferPast, "2022-09-26", "2022-09-26", models.PrecisionDay},
		{"early Monday", dateNewsRef, PreferPast, "2022-09-26", "2022-09-26", models.PrecisionDay},
		{"in the coming weeks", dateNewsRef, PreferPast, "2022-10-03", "2022-10-23", models.PrecisionRange},
		{"late summer", dateNewsRef, PreferPast, "2022-08-01", "2022-08-31", models.PrecisionSeason},
		{"last weekend of October 2017", dateNewsRef, PreferPast, "2017-10-28", "2017-10-29", models.PrecisionRange},
		{"(on Sunday)", dateNewsRef, PreferPast, "2022-09-25", "2022-09-25", models.PrecisionDay},

		// Holidays and offsets.
		{"Christmas", dateNewsRef, PreferPast, "2021-12-25", "2021-12-25", models.PrecisionDay},
		{"orthodox easter 2018", dateNewsRef, PreferPast, "2018-04-08", "2018-04-08", models.PrecisionDay},
		// New Year's night runs from the Eve into the Day.
		{"on New Year's night", dateNewsRef, PreferPast, "2021-12-31", "2022-01-01", models.PrecisionRange},
		{"New Year's night 2023", dateNewsRef, PreferPast, "2023-12-31", "2024-01-01", models.PrecisionRange},
		{"New Year's Day", dateNewsRef, PreferPast, "2022-01-01", "2022-01-01", models.PrecisionDay},
		{"three days after Easter", dateDucklingRef, PreferFuture, "2013-04-03", "2013-04-03", models.PrecisionDay},

		// Duckling's forms, for the future.
		{"the week of october 6th", dateDucklingRef, PreferFuture, "2013-10-07", "2013-10-13", models.PrecisionWeek},
		{"last Monday of March", dateDucklingRef, PreferFuture, "2013-03-25", "2013-03-25", models.PrecisionDay},
		{"first week of october 2014", dateDucklingRef, PreferFuture, "2014-10-06", "2014-10-12", models.PrecisionWeek},
		{"Thu 15th", dateDucklingRef, PreferFuture, "2013-08-15", "2013-08-15", models.PrecisionDay},
		{"Sunday, Feb 10", dateDucklingRef, PreferFuture, "2013-02-10", "2013-02-10", models.PrecisionDay},
		{"friday after next", dateDucklingRef, PreferFuture, "2013-02-22", "2013-02-22", models.PrecisionDay},
		{"next wednesday", dateDucklingRef, PreferFuture, "2013-02-20", "2013-02-20", models.PrecisionDay},
		{"20th of the previous month", dateDucklingRef, PreferFuture, "2013-01-20", "2013-01-20", models.PrecisionDay},
		{"14th April 15", dateDucklingRef, PreferFuture, "2015-04-14", "2015-04-14", models.PrecisionDay},
		{"10/31/74", dateDucklingRef, PreferFuture, "1974-10-31", "1974-10-31", models.PrecisionDay},
		{"2 thursdays ago", dateDucklingRef, PreferFuture, "2013-01-31", "2013-01-31", models.PrecisionDay},
	}
	for _, tt := range tests {
		name := tt.phrase
		if tt.prefer == PreferFuture {
			name += "/future"
		}
		t.Run(name, func(t *testing.T) {
			r, err := Parse(tt.phrase, tt.ref, tt.prefer)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := r.Start.Format(time.DateOnly)+".."+r.End.Format(time.DateOnly), tt.start+".."+tt.end; got != want {
				t.Errorf("range = %s, want %s", got, want)
			}
			if got, want := r.Precision, tt.prec; got != want {
				t.Errorf("precision = %s, want %s", got, want)
			}
			if r.Start.Location() != time.UTC || r.Start.Hour() != 0 || r.End.Hour() != 0 {
				t.Errorf("range %v..%v is not whole days in UTC", r.Start, r.End)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, phrase := range []string{
		"", "   ", "hello", "the", "May have", "300,000", "24 hours", "age 50", "10:30",
		"February 30 2022", "13/13/2022", "the 3rd Army Corps", "since then", "1.2.3.4",
		strings.Repeat("9", 1000), "July 13 to 10", "2014 to March 3",
	} {
		t.Run(phrase, func(t *testing.T) {
			if r, err := Parse(phrase, dateNewsRef, PreferPast); err == nil {
				t.Errorf("Parse(%q) = %v..%v, want an error", phrase, r.Start, r.End)
			}
		})
	}
}

func TestFind(t *testing.T) {
	type match struct{ text, start, end string }
	tests := []struct {
		name   string
		text   string
		prefer Prefer
		want   []match
	}{
		{"weekday", "Women protested in Yakutsk on Sunday, police said.", PreferPast,
			[]match{{"Sunday", "2022-09-25", "2022-09-25"}}},
		{"explicit and relative",
			"Putin announced the call-up on Sept. 21, 2022. Last week, queues formed; yesterday the border closed.", PreferPast,
			[]match{{"Sept. 21, 2022", "2022-09-21", "2022-09-21"}, {"Last week", "2022-09-19", "2022-09-25"},
				{"yesterday", "2022-09-26", "2022-09-26"}}},
		{"month after preposition", "A recruiting centre opened in May possibly.", PreferPast,
			[]match{{"May", "2022-05-01", "2022-05-31"}}},
		{"spun week", "The British military said this 7 days that Russia had formed a corps.", PreferPast,
			[]match{{"this 7 days", "2022-09-26", "2022-09-27"}}},
		{"as of", "He estimated that as of late July, about 1,500 might have applied.", PreferPast,
			[]match{{"late July", "2022-07-21", "2022-07-31"}}},
		{"since", "Since the end of September the ministry has recruited convicts, and Wagner since the summer.", PreferPast,
			[]match{{"Since the end of September", "2022-09-21", "2022-09-27"}, {"since the summer", "2022-06-01", "2022-09-27"}}},
		{"range", "Talks were held July 13-15 and again from 1 to 3 August.", PreferPast,
			[]match{{"July 13-15", "2022-07-13", "2022-07-15"}, {"from 1 to 3 August", "2022-08-01", "2022-08-03"}}},
		{"year after preposition", "In 2014 Russia annexed Crimea.", PreferPast,
			[]match{{"2014", "2014-01-01", "2014-12-31"}}},
		{"day after on", "On the 24th, officials met.", PreferPast,
			[]match{{"the 24th", "2022-09-24", "2022-09-24"}}},
		{"curly apostrophe", "Monday’s decree exempted IT workers.", PreferPast,
			[]match{{"Monday", "2022-09-26", "2022-09-26"}}},
		{"season with year", "In the spring of 2022, reports surfaced.", PreferPast,
			[]match{{"the spring of 2022", "2022-03-01", "2022-05-31"}}},
		{"non-ASCII around", "Résumé: «mid-July» — Москва, 13 июля.", PreferPast,
			[]match{{"mid-July", "2022-07-11", "2022-07-20"}}},
		{"article left out", "The Jan. 6 attack was on the news.", PreferPast,
			[]match{{"Jan. 6", "2022-01-06", "2022-01-06"}}},
		{"since a year", "Since 2000, prices rose; since 2000 people left.", PreferPast,
			[]match{{"Since 2000", "2000-01-01", "2022-09-27"}}},
		{"future", "The rally is planned for Sunday, and the vote for December 3.", PreferFuture,
			[]match{{"Sunday", "2022-10-02", "2022-10-02"}, {"December 3", "2022-12-03", "2022-12-03"}}},
		{"iso", "The report dated 2022-07-17 was leaked.", PreferPast,
			[]match{{"2022-07-17", "2022-07-17", "2022-07-17"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, dateNewsRef, tt.prefer)
			if len(got) != len(tt.want) {
				t.Fatalf("Find = %v, want %d matches", got, len(tt.want))
			}
			for i, m := range got {
				w := tt.want[i]
				if m.Text != w.text {
					t.Errorf("match %d text = %q, want %q", i, m.Text, w.text)
				}
				if tt.text[m.Start:m.End] != m.Text {
					t.Errorf("match %d offsets %d:%d hold %q, not %q", i, m.Start, m.End, tt.text[m.Start:m.End], m.Text)
				}
				if wantStart := strings.Index(tt.text, w.text); m.Start != wantStart {
					t.Errorf("match %d start = %d, want %d", i, m.Start, wantStart)
				}
				if got, want := m.Range.Start.Format(time.DateOnly)+".."+m.Range.End.Format(time.DateOnly), w.start+".."+w.end; got != want {
					t.Errorf("match %d %q range = %s, want %s", i, m.Text, got, want)
				}
			}
		})
	}
}

func TestFindFalsePositives(t *testing.T) {
	for _, text := range []string{
		"About 1,500 prisoners may have applied.",
		"Russia formed the 3rd Army Corps from volunteer battalions.",
		"Shoigu said 300,000 men would be called up.",
		"Officials counted 40 such units in 20 areas.",
		"Men up to age 50 may serve; the queue lasted 24 hours.",
		"The March for Peace drew thousands.",
		"Theresa May spoke to reporters.",
		"The Sunday Times reported it first.",
		"Marchers remembered Bloody Sunday.",
		"A crowd of 2000 people gathered.",
		"Prices rose 3.5 percent, version 1.2.3 says.",
		"The offices were on the 3rd floor.",
		"From 5 to 10 people were detained.",
		"The Arab Spring changed the region.",
		"After the fall of Kabul, many fled.",
		"Open 24/7 at 10:30.",
		"The Sun and the Sat reported.",
		"It happened for the first time.",
		"It is true in 2/3 of cases.",
		"The 24-year-old was detained with Covid-19.",
		"Su-25 jets and S-300 missiles; a 1-0 win.",
	} {
		t.Run(text, func(t *testing.T) {
			if got := Find(text, dateNewsRef, PreferPast); len(got) != 0 {
				t.Errorf("Find(%q) = %v, want none", text, got)
			}
		})
	}
}

func TestFindAdversarial(t *testing.T) {
	// A parser that backtracked or rescanned would take minutes here; a
	// linear one takes well under a second per case.
	size := 1 << 20
	if testing.Short() {
		size = 64 << 10
	}
	for _, unit := range []string{"7", "1-", "May May ", "the 3rd of ", "July 13 - ", "3 days after ", ",000", "é—"} {
		t.Run(unit, func(t *testing.T) {
			text := strings.Repeat(unit, size/len(unit))
			start := time.Now()
			ms := Find(text, dateNewsRef, PreferPast)
			if d := time.Since(start); d > time.Minute {
				t.Errorf("Find took %v on %d bytes", d, len(text))
			}
			dateCheckMatches(t, text, ms)
		})
	}
}

// dateCheckMatches verifies the invariants Find promises for any input.
func dateCheckMatches(t *testing.T, text string, ms []Match) {
	t.Helper()
	last := 0
	for _, m := range ms {
		if m.Start < last || m.Start > m.End || m.End > len(text) {
			t.Fatalf("match %q at %d:%d out of order or range (previous end %d, text %d bytes)", m.Text, m.Start, m.End, last, len(text))
		}
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("match %d:%d holds %q, not %q", m.Start, m.End, text[m.Start:m.End], m.Text)
		}
		if !dateSane(m.Range) {
			t.Fatalf("match %q has range %v..%v %q", m.Text, m.Range.Start, m.Range.End, m.Range.Precision)
		}
		last = m.End
	}
}
