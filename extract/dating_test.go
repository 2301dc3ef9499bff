package extract

import (
	"testing"
	"time"
)

// TestDatingClasses covers how a time expression is attached to the event
// of its sentence, class by class (issue 12), each class beside look-alikes
// that keep the news's reading. Every article is published on Wednesday
// 2023-11-15; all sentences are invented for this test.
func TestDatingClasses(t *testing.T) {
	tests := []struct {
		class, text string
		start, end  string // the first event's range; "" for the publication day
	}{
		// A time in a clause embedded in the sentence dates that clause's
		// deed: the ruling the sentence reports takes its own time.
		{"embedded: gerund of cause after the ruling's day",
			"A military court in Yekaterinburg on Tuesday jailed a contract soldier for five years for refusing to return to his unit in May.",
			"2023-11-14", "2023-11-14"},
		{"embedded: a deed told with its year, the ruling with its day",
			"The court found him guilty of setting fire to the enlistment office in Omsk in October 2022 and jailed him for 12 years on Monday.",
			"2023-11-13", "2023-11-13"},
		{"embedded: a relative clause after the ruling's day",
			"A court in Ufa on Thursday sentenced a man who threw firebombs at the enlistment office in May to eight years.",
			"2023-11-09", "2023-11-09"},
		{"embedded: the gunman judged on a day",
			"The man who opened fire at an enlistment office in Ust-Ilimsk in September 2022 was sentenced on Tuesday to life in prison.",
			"2023-11-14", "2023-11-14"},
		// Look-alikes: no other time (the deed's then dates the report),
		// or the clause closed by a comma.
		{"look-alike: a ruling with only the deed's time",
			"A court in Ufa sentenced a man to 19 years for an arson attack on an enlistment office carried out last March.",
			"2023-03-01", "2023-03-31"},
		{"look-alike: a detention, the deed's day the only one",
			"A student who set fire to a military enlistment office in Perm on Sunday was detained hours later.",
			"2023-11-12", "2023-11-12"},
		{"look-alike: men called up, no other time",
			"Mobilised men who were called up in September staged a protest in Novosibirsk.",
			"2023-09-01", "2023-09-30"},
		{"look-alike: a non-restrictive clause and the main day",
			"A deserter, who fled his unit in June, was detained by military police in Samara on Friday.",
			"2023-11-10", "2023-11-10"},

		// A date told in the future resolves forward from publication.
		{"future: takes effect",
			"The law on electronic summonses takes effect on January 1, the Duma said.",
			"2024-01-01", "2024-01-01"},
		{"future: will begin",
			"The spring call-up will begin on 1 April, the General Staff said.",
			"2024-04-01", "2024-04-01"},
		{"future: a month ahead",
			"The ministry will open two more recruiting centres in Kazan in March.",
			"2024-03-01", "2024-03-31"},
		{"future: a clause opened by the date",
			"From 1 January, men up to 30 will be liable for conscription under the amendments.",
			"2024-01-01", "2024-01-01"},
		{"future: a weekday with until",
			"Reservists have until Friday to report for mobilisation, the enlistment office in Omsk said.",
			"2023-11-17", "2023-11-17"},
		// Look-alikes: the past of the same verbs, the future in the
		// past, and a saying that opens with its own time.
		{"look-alike: took effect",
			"The amendments on call-up papers took effect on January 1.",
			"2023-01-01", "2023-01-01"},
		{"look-alike: would begin",
			"Officials said the autumn call-up would begin on 1 October.",
			"2023-10-01", "2023-10-01"},
		{"look-alike: a dated saying of the future",
			"In May the ministry said it will call up 150,000 conscripts.",
			"2023-05-01", "2023-05-31"},
		{"look-alike: a year given",
			"The mobilisation will end on 1 March 2023, the decree says.",
			"2023-03-01", "2023-03-01"},

		// A target's period is not the time of the report about it.
		{"target: a quarter's target, the saying dated",
			"Governor Tsydenov said last week that the republic was on course to meet its recruitment target for the first quarter.",
			"2023-11-06", "2023-11-12"},
		{"target: a year's quota, the decision dated",
			"The regional government set a recruitment quota for 2024 of 5,000 contract soldiers on Monday.",
			"2023-11-13", "2023-11-13"},
		{"look-alike: a period that is the happening's",
			"The region recruited 5,000 contract soldiers in the first quarter, the governor said.",
			"2023-01-01", "2023-03-31"},

		// A clause told in the present ("now") is not dated by another
		// clause's time, unless the time opens the sentence.
		{"present: now beside a dated clause",
			"Yet in December the minister announced that the army would grow, and recruitment campaigns for contract service now run on billboards.",
			"", ""},
		{"look-alike: an opening time before a present clause",
			"On Monday, the governor said recruitment centres are now open in every district.",
			"2023-11-13", "2023-11-13"},

		// What happened "this year" happened up to the report; what will
		// happen this year may come later.
		{"this year: up to the report",
			"The group said it had received 900 complaints from conscripts pressed to sign army contracts this year.",
			"2023-01-01", "2023-11-15"},
		{"look-alike: a plan for this year",
			"The ministry will open ten more recruiting centres in Kazan this year.",
			"2023-01-01", "2023-12-31"},

		// Holidays the grammar reads.
		{"holiday: New Year's night",
			"The worst single blow came on New Year's night, when a Ukrainian strike killed 89 mobilised soldiers in Makiivka.",
			"2022-12-31", "2023-01-01"},
	}
	g := eventsGazetteer(t)
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			pub := evDay("2023-11-15")
			evs := Events(Document{Text: tt.text, Published: pub}, g)
			start, end := pub, pub
			if tt.start != "" {
				start, end = evDay(tt.start), evDay(tt.end)
			}
			if len(evs) == 0 || !evs[0].Start.Equal(start) || !evs[0].End.Equal(end) {
				for _, e := range evs {
					t.Logf("%s %s..%s %q", e.Type, e.Start.Format(time.DateOnly), e.End.Format(time.DateOnly), e.DateText)
				}
				t.Fatalf("want an event dated %s..%s", start.Format(time.DateOnly), end.Format(time.DateOnly))
			}
		})
	}
}
