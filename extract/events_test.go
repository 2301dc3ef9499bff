package extract

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"timeline/extract/places"
)

func evDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func eventsGazetteer(t testing.TB) *places.Gazetteer {
	t.Helper()
	g, err := places.NewGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestEventTypes types single reports written for this test in the many
// ways news English puts them.
func TestEventTypes(t *testing.T) {
	tests := []struct {
		text string
		want []string // types, in order; nil means no event
	}{
		{"The governor announced on Monday that 5,000 reservists would be called up in the region.", []string{"mobilization"}},
		{"Thousands of men received draft notices in the first days after the decree.", []string{"mobilization"}},
		{"The ministry opened a new recruiting centre in the city, offering a signing bonus of 195,000 roubles.", []string{"recruitment"}},
		{"Private military companies have recruited convicts from at least 20 penal colonies this year.", []string{"prisoner_recruitment"}},
		{"Inmates were promised a pardon after six months of service, relatives of 30 prisoners said.", []string{"prisoner_recruitment"}},
		{"Hundreds of women staged a protest in the city centre on Sunday.", []string{"protest"}},
		{"Police detained dozens of demonstrators at a picket outside the mayor's office.", []string{"protest"}},
		{"A pensioner set himself on fire outside the town hall in protest on Tuesday.", []string{"protest"}},
		{"Unknown people threw firebombs at the military enlistment office overnight.", []string{"arson"}},
		{"Vandals torched the door of a district administration building on Friday.", []string{"arson"}},
		{"A gunman opened fire at a recruitment office, wounding the military commissar.", []string{"attack"}},
		{"A conscript shot dead two officers at a training ground on Saturday.", []string{"attack"}},
		{"Tens of thousands of men have fled to Kazakhstan and Georgia since the announcement.", []string{"exodus"}},
		{"Finland said it would close its border to Russian tourists on Friday.", []string{"exodus"}},
		{"Students and IT workers will be exempted from the call-up, the ministry said on Thursday.", []string{"exemption"}},
		{"Fathers of four children are entitled to a deferment under the new rules.", []string{"exemption"}},
		{"Dozens of soldiers refused to fight and asked to terminate their contracts last month.", []string{"refusal"}},
		{"A court sentenced a deserter to five years in a penal colony on Wednesday.", []string{"refusal"}},
		{"At least 50 mobilized soldiers were killed in a missile strike on their barracks, officials said.", []string{"casualties"}},
		{"Authorities began recruiting volunteers with cash bonuses in August, while protests against the draft continued in Dagestan on Sunday.", []string{"recruitment", "protest"}},

		// Class: a relative clause says who or what a noun is; its cue is
		// background to the sentence's own report.
		{"In Tuva, which had already sent hundreds of contract soldiers, officials handed out summonses on Monday.", []string{"mobilization"}},
		{"Of the forty men who arrived at the base with him, eleven were killed by the spring.", []string{"casualties"}},
		// Class: figurative fire, people who shun a call-up, "the mobilised"
		// as people, analysts' inferences and evaluations, habits.
		{"Several nationalist commentators came out firing at the generals over the loss of the town.", nil},
		{"Many young men say they are declining to be mobilised.", nil},
		{"We, the mobilised, were told the contract had no end date.", nil},
		{"Taken together, the payments imply a monthly intake of 20,000 to 25,000 recruits.", nil},
		{"It is hard to ask a farmer whose son was drafted to feel sympathy for the emigres.", nil},
		{"The ministry does not regularly publish its losses.", nil},
		// Class: a forecast with an interjected clause after its modal.
		{"A sharp fall in revenue could, however, force the authorities to close the border to men of military age.", nil},
		// Class: how a rule works, in the present, is no happening.
		{"Under the new rules the exit ban applies as soon as a notice counts as served.", nil},
		// Class: a classification told in passing.
		{"Armenia was one of the first refuges of the men who fled after the call-up in 2022.", nil},
		// Class: things and officials arrive without anyone leaving a country.
		{"Summonses arrived in mountain villages in large numbers last week, sometimes to men who had never served.", []string{"mobilization"}},
		{"Herders said an official arrived by boat with a list of names on Tuesday.", nil},

		// Not events.
		{"It is not the first time the country has used prisoners in a war.", nil},
		{"The ministry did not say how many soldiers were killed.", nil},
		{"Conscripts also fought in the Second World War.", nil},
		{"Some analysts believe mobilization could be extended next year.", nil},
		{"Residents fear that a second wave of mobilization might follow.", nil},
		{"There might be more call-ups if the front collapses.", nil},
		{"A soldier can terminate his contract only with his commander's consent.", nil},
		{"The Conscript's School legal aid group answers questions by phone.", nil},
		{"Photo: Reuters", nil},
		{"Millions of Ukrainians have fled the fighting since February.", nil},
		{"The rouble rallied on Monday as oil prices rose.", nil},
		{"The company's billboards advertise cheap flights to Turkey.", nil},

		// Classes of text the lexicon and rules of issue 12 read.
		{"A court on Monday fined a woman for a single picket outside the metro.", []string{"protest"}},
		{"The president pardoned two convicts who had fought in Ukraine, his office said.", []string{"prisoner_recruitment"}},
		{"Kazakhstan deported three Russian men who had fled the draft.", []string{"exodus"}},
		{"Georgia said 40,000 Russians had entered the country this week.", []string{"exodus"}},
		{"Norway stopped admitting Russian tourists on Thursday.", []string{"exodus"}},
		{"Local firms are struggling to recruit welders as wages rise.", nil},
		{"Families are mobilising their savings to pay the rent.", nil},
		{"Will there be a second wave of mobilisation?", nil},
		{"Under Russian law, men between 18 and 30 are required to serve for a year.", nil},
		{"Their sons are conscripts serving near the border.", nil},
		{"I don't go to protests, and nobody in our street does.", nil},
		{"The attacker fled the scene on foot.", nil},
	}
	g := eventsGazetteer(t)
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			doc := Document{Text: tt.text, Published: evDay("2022-10-10")}
			var got []string
			for _, e := range Events(doc, g) {
				got = append(got, e.Type)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("types = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEventsGeneral reads short articles written for this test, in wording
// unlike any seed article, and checks types, dates and places.
func TestEventsGeneral(t *testing.T) {
	type want struct {
		typ, start, end, place string
	}
	tests := []struct {
		name, text, published string
		want                  []want
	}{
		{
			name:      "rally with detentions",
			published: "2022-09-26",
			text:      "Police detained 40 people at an anti-war rally in Novosibirsk on Saturday, a rights group said. Protesters chanted slogans before they were taken away.",
			want:      []want{{"protest", "2022-09-24", "2022-09-24", "Novosibirsk"}},
		},
		{
			name:      "molotov at an office",
			published: "2022-09-26",
			text:      "A man threw a Molotov cocktail at a military enlistment office in Nizhny Novgorod on 24 September. The suspect was detained at the scene.",
			want:      []want{{"arson", "2022-09-24", "2022-09-24", "Nizhny Novgorod"}},
		},
		{
			name:      "border crossings",
			published: "2022-10-04",
			text:      "Kazakhstan said 98,000 Russians had crossed its border since the mobilization was announced.",
			want:      []want{{"exodus", "2022-10-04", "2022-10-04", "Kazakhstan"}},
		},
		{
			name:      "deferments",
			published: "2022-09-24",
			text:      "Authorities granted deferments to IT specialists and bank employees on Friday.",
			want:      []want{{"exemption", "2022-09-23", "2022-09-23", ""}},
		},
		{
			name:      "two happenings in two paragraphs",
			published: "2022-10-12",
			text: "Wagner has recruited thousands of inmates from penal colonies since July.\n\n" +
				"Meanwhile, a serviceman who refused to go to the front was detained in Kursk last week.",
			want: []want{
				{"prisoner_recruitment", "2022-07-01", "2022-10-12", ""},
				{"refusal", "2022-10-03", "2022-10-09", "Kursk"},
			},
		},
		{
			name:      "wire dateline city is not the place",
			published: "2022-09-29",
			text:      "MOSCOW, Sept 29 (Reuters) - Activists in the Buryatia region said on Thursday that men from remote villages had been handed call-up papers at night.",
			want:      []want{{"mobilization", "2022-09-29", "2022-09-29", "Buryatia"}},
		},
		{
			name:      "reported speech future is a decision",
			published: "2022-09-29",
			text:      "The governor of the Belgorod region said on Wednesday that men working in critical industries would be granted a deferral.",
			want:      []want{{"exemption", "2022-09-28", "2022-09-28", "Belgorod"}},
		},
		{
			name:      "narrative time after publication is not the date",
			published: "2022-08-07",
			text:      "Over the following days, a dozen inmates volunteered to fight for Wagner, a relative said.",
			want:      []want{{"prisoner_recruitment", "2022-08-07", "2022-08-07", ""}},
		},
		{
			name:      "elaborations in later paragraphs are evidence",
			published: "2022-10-03",
			text: "A man threw a firebomb at the enlistment office in Syzran on Sunday night, police said.\n\n" +
				"The fire damaged the door and a hallway before it was put out.\n\n" +
				"The suspect, 27, was detained an hour later and faces terrorism charges.",
			want: []want{{"arson", "2022-10-02", "2022-10-02", "Syzran"}},
		},
		{
			name:      "steps of a law are events of their own days",
			published: "2023-07-29",
			text: "The Duma on Tuesday passed a bill raising the conscription age to 30.\n\n" +
				"The upper house approved the bill on Wednesday, and the president signed it into law on Friday.",
			want: []want{
				{"mobilization", "2023-07-25", "2023-07-25", ""},
				{"mobilization", "2023-07-26", "2023-07-26", ""},
				{"mobilization", "2023-07-28", "2023-07-28", ""},
			},
		},
		{
			name:      "a narrative time counts from the day told before",
			published: "2022-10-15",
			text:      "The summons came on Friday, September 23. I crossed into Kazakhstan the next morning with a backpack.",
			want: []want{
				{"mobilization", "2022-09-23", "2022-09-23", ""},
				{"exodus", "2022-09-24", "2022-09-24", "Kazakhstan"},
			},
		},
		{
			name:      "two dated clauses",
			published: "2022-08-07",
			text:      "Reports of soldiers refusing to fight first appeared in the spring, but lawyers say the number of refusals reached the hundreds last month.",
			want: []want{
				{"refusal", "2022-03-01", "2022-05-31", ""},
				{"refusal", "2022-07-01", "2022-07-31", ""},
			},
		},
	}
	g := eventsGazetteer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Events(Document{Text: tt.text, Published: evDay(tt.published)}, g)
			if got, want := len(evs), len(tt.want); got != want {
				for _, e := range evs {
					t.Logf("got %s %s %q", e.Type, e.Start.Format(time.DateOnly), e.Evidence)
				}
				t.Fatalf("got %d events, want %d", got, want)
			}
			for i, w := range tt.want {
				e := evs[i]
				if e.Type != w.typ {
					t.Errorf("event %d: type %q, want %q", i, e.Type, w.typ)
				}
				if got := e.Start.Format(time.DateOnly) + ".." + e.End.Format(time.DateOnly); got != w.start+".."+w.end {
					t.Errorf("event %d: dates %s, want %s..%s (date text %q)", i, got, w.start, w.end, e.DateText)
				}
				if w.place != "" && !strings.Contains(e.Location, w.place) {
					t.Errorf("event %d: location %q, want %q", i, e.Location, w.place)
				}
			}
		})
	}
}

// TestEventsReported dates an event without a time of its own by its article.
func TestEventsReported(t *testing.T) {
	evs := Events(Document{Text: "Hundreds of soldiers are refusing to fight, lawyers say.", Published: evDay("2022-08-07")}, nil)
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1", len(evs))
	}
	e := evs[0]
	if e.Precision != "reported" || !e.Start.Equal(evDay("2022-08-07")) || !e.End.Equal(e.Start) {
		t.Errorf("got %s %s..%s, want reported 2022-08-07", e.Precision, e.Start, e.End)
	}
	if e.Confidence <= 0 || e.Confidence > 1 {
		t.Errorf("confidence %v out of 0..1", e.Confidence)
	}
}

// TestEventsLede drops the vague summary an article opens with when its
// body tells the same kind of happening in detail.
func TestEventsLede(t *testing.T) {
	text := "The call-up is causing an exodus from Russia.\n\n" +
		"Officials gave no details.\n\n" +
		"Tens of thousands of men have fled to Georgia since Wednesday, border guards said on Friday."
	evs := Events(Document{Text: text, Published: evDay("2022-09-25")}, nil)
	if len(evs) != 1 || !strings.HasPrefix(evs[0].Evidence, "Tens of thousands") {
		for _, e := range evs {
			t.Logf("%s %q", e.Type, e.Evidence)
		}
		t.Fatalf("want only the detailed exodus event, got %d events", len(evs))
	}
}

func TestEventsEvidenceOffsets(t *testing.T) {
	text := "Title line\n\nProtesters rallied in Yakutsk on Sunday. Police detained 12 people.\n\n“They took our sons,” one woman said."
	for _, e := range Events(Document{Text: text, Published: evDay("2022-09-27")}, eventsGazetteer(t)) {
		if text[e.EvidenceStart:e.EvidenceEnd] != e.Evidence {
			t.Errorf("evidence %q is not text[%d:%d]", e.Evidence, e.EvidenceStart, e.EvidenceEnd)
		}
		if e.Title == "" || e.Summary == "" {
			t.Errorf("event without title or summary: %+v", e)
		}
	}
}

func TestActorsAndNumbers(t *testing.T) {
	text := "Defence Minister Sergei Shoigu said on Wednesday that 300,000 reservists would be called up, the Kremlin confirmed."
	evs := Events(Document{Text: text, Published: evDay("2022-09-21")}, nil)
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1", len(evs))
	}
	e := evs[0]
	if !evHas(e.Actors, "Sergei Shoigu") || !evHas(e.Actors, "Kremlin") {
		t.Errorf("actors = %q, want Sergei Shoigu and Kremlin", e.Actors)
	}
	if len(e.Numbers) == 0 || !strings.HasPrefix(e.Numbers[0], "300,000") {
		t.Errorf("numbers = %q, want 300,000 first", e.Numbers)
	}
}

func evHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSameHappening(t *testing.T) {
	yakutsk := &places.Place{Name: "Yakutsk", Kind: "city", Country: "RU"}
	a := Event{Type: "protest", Start: evDay("2022-09-25"), End: evDay("2022-09-25"), Precision: "day", Place: yakutsk,
		Evidence: "Women protested against the mobilization in Yakutsk on Sunday."}
	b := Event{Type: "protest", Start: evDay("2022-09-25"), End: evDay("2022-09-25"), Precision: "day", Place: yakutsk,
		Evidence: "In Yakutsk, dozens of women danced in a circle to protest the call-up."}
	c := b
	c.Type = "arson"
	d := b
	d.Start, d.End = evDay("2022-10-20"), evDay("2022-10-20")
	e := Event{Type: "protest", Start: evDay("2022-09-28"), End: evDay("2022-09-28"), Precision: "reported",
		Evidence: "Women protested against the mobilization in Yakutsk, reports said."}
	for _, tt := range []struct {
		name string
		x, y Event
		want bool
	}{
		{"same place and day", a, b, true},
		{"other type", a, c, false},
		{"other date", a, d, false},
		{"reported a few days later in similar words", a, e, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameHappening(tt.x, tt.y); got != tt.want {
				t.Errorf("SameHappening = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzEvents runs the whole extractor on arbitrary text: no panic, offsets
// inside the text, evidence equal to the text they point at, valid UTF-8.
func FuzzEvents(f *testing.F) {
	f.Add("Police detained 40 people at a rally in Moscow on Saturday.", "2022-09-26")
	f.Add("“Why?” she asked. \"No war!\" 1,500 men fled. St. Petersburg, Sept. 3 ...", "2022-09-03")
	f.Add("Title\n\nA gunman opened fire at the enlistment office; the commissar was wounded, but survived.", "2023-01-01")
	f.Add("\xff\xfe broken \u00a0 text\r\nwith CRLF", "2022-01-01")
	g := eventsGazetteer(f)
	f.Fuzz(func(t *testing.T, text, published string) {
		pub, err := time.Parse(time.DateOnly, published)
		if err != nil {
			pub = evDay("2022-09-21")
		}
		for _, e := range Events(Document{Text: text, Published: pub}, g) {
			if e.EvidenceStart < 0 || e.EvidenceEnd > len(text) || e.EvidenceStart >= e.EvidenceEnd {
				t.Fatalf("evidence offsets %d:%d outside text of %d bytes", e.EvidenceStart, e.EvidenceEnd, len(text))
			}
			if text[e.EvidenceStart:e.EvidenceEnd] != e.Evidence {
				t.Fatalf("evidence %q is not text[%d:%d]", e.Evidence, e.EvidenceStart, e.EvidenceEnd)
			}
			for _, s := range append([]string{e.Evidence, e.Title, e.Summary, e.Location, e.DateText}, append(e.Actors, e.Numbers...)...) {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in output %q", s)
				}
			}
			if e.End.Before(e.Start) {
				t.Fatalf("range ends before it starts: %v..%v", e.Start, e.End)
			}
		}
	})
}

// BenchmarkEvents measures extraction speed on news-like text written for
// the benchmark; the goal is at least 1 MB/s per core.
func BenchmarkEvents(b *testing.B) {
	paras := []string{
		"Police detained 40 people at an anti-war rally in Novosibirsk on Saturday, a rights group said. Protesters chanted slogans before officers took them away in buses.",
		"A man threw a Molotov cocktail at a military enlistment office in Nizhny Novgorod on 24 September. Nobody was hurt, and the suspect was detained.",
		"Kazakhstan said 98,000 Russians had crossed its border since the mobilization was announced. Long queues of cars formed at the crossing into Georgia.",
		"Authorities granted deferments to IT specialists and bank employees, the Defence Ministry said on Friday.",
		"The regional governor said on Tuesday that 4,000 men had received summonses. Analysts believe the real number could be much higher.",
		"Wagner has recruited thousands of inmates from penal colonies across Russia since July, promising pardons after six months at the front.",
		"The weather in the capital was mild, and markets opened higher as traders looked ahead to the central bank's decision next week.",
		"Some 1,200 soldiers have deserted or refused to return to the front, a lawyer told reporters in early October.",
	}
	var sb strings.Builder
	for sb.Len() < 200_000 {
		for _, p := range paras {
			sb.WriteString(p)
			sb.WriteString("\n\n")
		}
	}
	doc := Document{Text: sb.String(), Published: evDay("2022-10-10")}
	g := eventsGazetteer(b)
	b.SetBytes(int64(len(doc.Text)))
	b.ResetTimer()
	for b.Loop() {
		Events(doc, g)
	}
}

// TestEventsRegressions covers error categories found on articles the
// extractor was not tuned on; each sentence is written for this test.
func TestEventsRegressions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // types, in order; nil means no event
	}{
		// Exodus without "flee" or "leave".
		{"flights sold out", "Flights from St Petersburg to Yerevan were sold out until Monday, travel agents said.", []string{"exodus"}},
		{"cars backed up", "Lorries and cars were backed up for 10 kilometres at the checkpoint on Friday.", []string{"exodus"}},
		{"border busier", "The crossing into Mongolia was busier than usual on Saturday, border officials said.", []string{"exodus"}},
		{"Russians entered", "Armenia said 30,000 Russians entered the country last week.", []string{"exodus"}},
		{"people arriving", "Some 4,000 people a day were arriving from Russia by Tuesday, Mongolian officials said.", []string{"exodus"}},
		{"when-clause anchor", "About 20,000 Russians have entered the country since Friday, when the call-up began.", []string{"exodus"}},
		// Protest without a protest word.
		{"road blocked", "On Monday, villagers blocked a regional highway and police used warning shots to disperse them.", []string{"protest"}},
		{"flowers", "On Sunday, mothers whose sons were mobilized laid flowers at a war memorial in Omsk.", []string{"protest"}},
		// Recruitment by contract bonuses.
		{"contract payment", "On Tuesday the regional government doubled the payment for men who sign a contract with the army.", []string{"recruitment"}},
		// Casualties without a figure; a need for men is not a casualty.
		{"heavy casualties", "On Monday, the ministry said the brigade had suffered heavy casualties near the river.", []string{"casualties"}},
		{"match losses", "The army is signing up about 20,000 volunteers a month, enough to replace its losses.", []string{"recruitment"}},
		// Exemptions win over the call-up they leave people out of.
		{"not be called up", "The minister said on Friday that university students would not be called up.", []string{"exemption"}},
		{"can apply", "On Wednesday the ministry said engineers could apply for deferrals.", []string{"exemption"}},
		// Desertion without the word.
		{"left unit", "On Monday a court jailed a mobilized soldier for leaving his unit without permission.", []string{"refusal"}},
		// A reported plan counts as a statement.
		{"said would", "On Tuesday the general said the new conscripts would not serve in combat zones.", []string{"mobilization"}},
		// Prisoner recruitment without "recruit".
		{"convicts in force", "In March officials said the unit had 9,000 fighters, including 6,000 convicts.", []string{"prisoner_recruitment"}},
		{"released with pardons", "On Friday 30 former inmates were released with pardons after their service.", []string{"prisoner_recruitment"}},
		{"freedom pitch", "In May a video showed a commander in a prison yard promising inmates freedom and warning that deserters would be punished.", []string{"prisoner_recruitment"}},
		{"prisoners of war", "On Sunday 90 prisoners of war were exchanged, including 40 soldiers.", nil},
		// A hedge after a dated report qualifies it; alone it is a guess.
		{"afterthought hedge", "On Monday, a news site said it had counted 20,000 soldiers killed, and warned that the real number is likely to be higher.", []string{"casualties"}},
		{"hedge alone", "The number of soldiers killed is likely to be higher than 20,000.", nil},
		// Summonses handed to detained protesters are the call-up at work.
		{"summonses to protesters", "On Saturday several arrested protesters were handed summonses at the police station.", []string{"mobilization"}},
		// Not events: negation, forecasts, accusations, relative clauses, abstractions.
		{"no comment", "The Kremlin has not commented on the protests.", nil},
		{"never", "The president has never signed a decree ending the mobilization.", nil},
		{"we assess", "We assess that a second mobilization wave is improbable this year.", nil},
		{"accused", "The mayor accused the protesters of working for foreign agents.", nil},
		{"where-clause", "The man walked into a hall where recruits were waiting.", nil},
		{"suppressed", "Open dissent has been largely suppressed, and protest is rare.", nil},
	}
	g := eventsGazetteer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Document{Text: tt.text, Published: evDay("2023-05-10")}
			var got []string
			for _, e := range Events(doc, g) {
				got = append(got, e.Type)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("types = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEventsForeignCountriesApart checks that reports from two foreign
// countries in one paragraph stay two events.
func TestEventsForeignCountriesApart(t *testing.T) {
	text := "Kazakhstan said 40,000 Russians had entered the country since Friday. Officials in Georgia said 3,000 people a day were arriving from Russia."
	evs := Events(Document{Text: text, Published: evDay("2023-05-10")}, eventsGazetteer(t))
	if len(evs) != 2 || evs[0].Type != "exodus" || evs[1].Type != "exodus" {
		var got []string
		for _, e := range evs {
			got = append(got, e.Type+":"+e.Location)
		}
		t.Fatalf("events = %q, want two exodus events", got)
	}
}

// TestEventsLedeAttributed keeps an attributed statement among the opening
// sentences: it is news, not the writer's summary of the body.
func TestEventsLedeAttributed(t *testing.T) {
	text := "The president on Monday ordered 120,000 men into the army for national service.\n\n" +
		"A deputy minister said the call-up would not reach beyond the country.\n\n" +
		"Last spring's draft called up 140,000 men in Tver on May 3."
	evs := Events(Document{Text: text, Published: evDay("2024-04-02")}, eventsGazetteer(t))
	found := false
	for _, e := range evs {
		found = found || strings.HasPrefix(e.Evidence, "A deputy minister said")
	}
	if !found {
		for _, e := range evs {
			t.Logf("%s %q", e.Type, e.Evidence)
		}
		t.Fatal("the attributed statement was dropped as a lede")
	}
}

// TestEventsDatedRestatement dates an undated statement by the attribution
// that follows it: "The spokesman said on Tuesday ...".
func TestEventsDatedRestatement(t *testing.T) {
	text := "The ministry keeps denying that a second wave of mobilization is being prepared. " +
		"Its spokeswoman said on Tuesday that nothing of the kind was on the table."
	evs := Events(Document{Text: text, Published: evDay("2023-05-12")}, eventsGazetteer(t))
	if len(evs) != 1 || evs[0].Type != "mobilization" || !evs[0].Start.Equal(evDay("2023-05-09")) {
		for _, e := range evs {
			t.Logf("%s %s %q", e.Type, e.Start.Format(time.DateOnly), e.Evidence)
		}
		t.Fatal("want one mobilization event dated Tuesday 2023-05-09")
	}
}

// TestEventsDateChoice covers which time expression governs a sentence.
func TestEventsDateChoice(t *testing.T) {
	tests := []struct {
		name, text, start string
	}{
		// A record's yardstick is no date: the report falls back to publication.
		{"comparison", "The ministry said 800 soldiers had been killed, the first official toll since January.", "2023-05-12"},
		// A clause-opening time beats a relative clause's date.
		{"opening time", "Earlier this month border guards said most of the Russians who crossed in March had gone home.", "2023-05-01"},
		// And a trailing background year.
		{"trailing year", "In the spring, the governor opened recruiting centres, a practice that began in 2022.", "2023-03-01"},
	}
	g := eventsGazetteer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Events(Document{Text: tt.text, Published: evDay("2023-05-12")}, g)
			if len(evs) != 1 || !evs[0].Start.Equal(evDay(tt.start)) {
				for _, e := range evs {
					t.Logf("%s %s..%s %q", e.Type, e.Start.Format(time.DateOnly), e.End.Format(time.DateOnly), e.DateText)
				}
				t.Fatalf("want one event starting %s", tt.start)
			}
		})
	}
}

// TestEventsPlaceAnaphor resolves "the republic" to the region named before.
func TestEventsPlaceAnaphor(t *testing.T) {
	text := "Dagestan has sent many men to the front.\n\n" +
		"At least 300 residents of the republic have been killed in Ukraine, a local outlet counted."
	evs := Events(Document{Text: text, Published: evDay("2023-05-12")}, eventsGazetteer(t))
	if len(evs) != 1 || evs[0].Type != "casualties" || !strings.Contains(evs[0].Location, "Dagestan") {
		for _, e := range evs {
			t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
		}
		t.Fatal("want one casualties event in Dagestan")
	}
}

// TestEventsOneReportOnce covers restatements: a sentence read as two types
// is one event, and a dated quote dates the undated lead it restates.
func TestEventsOneReportOnce(t *testing.T) {
	g := eventsGazetteer(t)
	mixed := "Of some 30,000 inmates recruited by the company, about 20,000 have been killed, a rights group estimated in April."
	if evs := Events(Document{Text: mixed, Published: evDay("2023-05-12")}, g); len(evs) != 1 {
		t.Errorf("mixed estimate: got %d events, want 1", len(evs))
	}
	lead := "The company's founder says it has stopped recruiting inmates from penal colonies.\n\n" +
		"Other news followed.\n\n" +
		"\"The recruitment of inmates by our company has been stopped,\" the founder said on Wednesday."
	evs := Events(Document{Text: lead, Published: evDay("2023-05-12")}, g)
	if len(evs) != 1 || !evs[0].Start.Equal(evDay("2023-05-10")) {
		for _, e := range evs {
			t.Logf("%s %s %q", e.Type, e.Start.Format(time.DateOnly), e.Evidence)
		}
		t.Fatal("want the lead once, dated Wednesday 2023-05-10")
	}
}

// TestEventsOwnPlaceAndFigure keeps a sentence with its own city and figures
// apart from the regional event before it.
func TestEventsOwnPlaceAndFigure(t *testing.T) {
	text := "On Monday the Tatarstan government raised the bonus for volunteers who sign a contract to 400,000 roubles. " +
		"Billboards in Kazan advertise army salaries of 210,000 roubles."
	evs := Events(Document{Text: text, Published: evDay("2023-05-12")}, eventsGazetteer(t))
	if len(evs) != 2 || evs[0].Type != "recruitment" || evs[1].Type != "recruitment" {
		for _, e := range evs {
			t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
		}
		t.Fatal("want two recruitment events")
	}
}

// TestEventsTallyApart keeps a national tally apart from the local
// happening before it.
func TestEventsTallyApart(t *testing.T) {
	text := "Someone threw a firebomb at the enlistment office in Tver overnight on Tuesday, police said. " +
		"At least 25 enlistment offices have been hit in arson attacks since the spring, a rights group counted."
	evs := Events(Document{Text: text, Published: evDay("2023-05-12")}, eventsGazetteer(t))
	if len(evs) != 2 || evs[0].Type != "arson" || evs[1].Type != "arson" {
		for _, e := range evs {
			t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
		}
		t.Fatal("want two arson events")
	}
}

// TestEventsElaborationAcrossParagraphs covers the class of sentences that
// go on about an event told in an earlier paragraph without naming it: the
// same type and nothing new (no figure, no other place or time) is more
// evidence for it; a statement by someone the event did not name, or a
// figure of its own, is news of its own.
func TestEventsElaborationAcrossParagraphs(t *testing.T) {
	g := eventsGazetteer(t)
	cases := []struct {
		name string
		text string
		pub  string
		want int
	}{
		{"details of one send-off", "Nine men from the district left for the regional capital on Tuesday to sign contracts with the army, the local council said.\n\n" +
			"The weather was cold.\n\n" +
			"A priest blessed the volunteers before the bus left the square.", "2024-05-16", 1},
		{"a more exact time", "Her brother was called up for military service last spring.\n\n" +
			"He was drafted in April, in the routine spring call-up.", "2024-11-20", 1},
		{"a new speaker", "The governor on Monday signed an order calling up 2,000 reservists in the region.\n\n" +
			"Colonel Pavel Orlov of the regional staff said the call-up of reservists was going ahead as planned.", "2024-05-16", 2},
		{"a figure of its own", "The governor on Monday signed an order calling up reservists in the region.\n\n" +
			"Officials said 4,000 men would be called up in the first round.", "2024-05-16", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs := Events(Document{Text: c.text, Published: evDay(c.pub)}, g)
			if len(evs) != c.want {
				for _, e := range evs {
					t.Logf("%s %s %q", e.Type, e.Start.Format(time.DateOnly), e.Evidence)
				}
				t.Fatalf("got %d events, want %d", len(evs), c.want)
			}
		})
	}
}

// TestEventsAnaphorInParagraph covers the class of references to an event
// of the same paragraph: "the queues" after a question about closing the
// border goes on about that report, not about queues told a paragraph
// before.
func TestEventsAnaphorInParagraph(t *testing.T) {
	text := "Cars queued for miles at the crossing into Georgia on Monday.\n\n" +
		"A deputy minister was asked on Tuesday whether the country would close its borders to men of fighting age. " +
		"He would not rule it out. The drivers stuck in the queues took note. " +
		"At the Verkhny Lars crossing, the tailback now stretches for several kilometres."
	evs := Events(Document{Text: text, Published: evDay("2022-09-27")}, eventsGazetteer(t))
	if len(evs) != 3 || !strings.Contains(evs[1].Evidence, "in the queues") || strings.Contains(evs[0].Evidence, "took note") {
		for _, e := range evs {
			t.Logf("%s %q %q", e.Type, e.Location, e.Evidence)
		}
		t.Fatal("want three exodus events, the reference to the queues with the spokesman's")
	}
}

// TestEventsLawSteps covers the steps of a law about the draft: a dated
// step that names only "the amendments" is a mobilization event, and a law
// that names the call-up is a mobilization event though it also bars men
// from leaving.
func TestEventsLawSteps(t *testing.T) {
	g := eventsGazetteer(t)
	text := "Hundreds were detained at protests against the call-up on Friday.\n\n" +
		"On Saturday the head of state also signed the amendments the deputies had hurried through."
	evs := Events(Document{Text: text, Published: evDay("2022-09-25")}, g)
	if len(evs) != 2 || evs[1].Type != "mobilization" || !evs[1].Start.Equal(evDay("2022-09-24")) {
		for _, e := range evs {
			t.Logf("%s %s %q", e.Type, e.Start.Format(time.DateOnly), e.Evidence)
		}
		t.Fatal("want the protest and the signing on Saturday as a mobilization event")
	}
	law := "On Thursday the president signed a law that allows draft notices to be served electronically and forbids men who receive one to go abroad."
	evs = Events(Document{Text: law, Published: evDay("2023-04-14")}, g)
	if len(evs) != 1 || evs[0].Type != "mobilization" {
		for _, e := range evs {
			t.Logf("%s %q", e.Type, e.Evidence)
		}
		t.Fatal("want one mobilization event")
	}
}
