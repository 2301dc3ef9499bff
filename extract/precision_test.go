package extract

import (
	"strings"
	"testing"
)

// TestPrecisionClasses checks the classes of text that tell no new
// happening: a mention of one already told, speech about it, background.
// Each article is invented for the test; want lists the events expected,
// each as its type and a fragment of its evidence, in order.
func TestPrecisionClasses(t *testing.T) {
	g := eventsGazetteer(t)
	type ev struct{ typ, date, evidence string }
	tests := []struct {
		name, text string
		pub        string // publication day; 2022-10-12 when empty
		want       []ev
	}{
		{
			// Class: a definite mention of the happening just told
			// ("during the rally on ...") is more evidence for it and
			// gives it the day it lacked.
			name: "definite mention in the paragraph",
			text: "In the only criminal case from the Omsk rallies, a 31-year-old welder is in custody on a charge of striking a policeman. " +
				"Prosecutors say he pushed an officer to the ground during the protest on 3 October.",
			want: []ev{{"protest", "2022-10-03", "welder"}},
		},
		{
			// Class: a report of one kind that names an earlier happening of
			// another kind only as its background ("men detained after the
			// rallies were handed summonses") is one event, of its own kind.
			name: "mention beside another report",
			text: "Police detained 400 people at protests in Tomsk on 2 October.\n\n" +
				"In Tomsk, several men detained after the 2 October protests were handed summonses at the police station, a monitoring group said.",
			want: []ev{{"protest", "2022-10-02", "400 people"}, {"mobilization", "2022-10-02", "handed summonses"}},
		},
		{
			// The background mention keeps out whatever time it names.
			name: "dated mention beside another report",
			text: "Police detained 400 people at protests in Tomsk on 2 October. Courts fined 30 of them on 5 October.\n\n" +
				"In Tomsk, several men detained after the 2 October protests were handed summonses at the police station, a monitoring group said.",
			want: []ev{{"protest", "2022-10-02", "400 people"}, {"protest", "2022-10-05", "fined 30"}, {"mobilization", "", "handed summonses"}},
		},
		{
			// Class: a weak cue made definite with nothing told before it
			// names what the reader is taken to know, figuratively here.
			name: "definite weak cue, nothing told",
			text: "Café openings in Batumi show the same wave rising and falling: openings by foreign owners surged in 2023 and have slowed since.",
			want: nil,
		},
		{
			// Class: a paragraph's topic sentence, vague, and the report
			// after it that gives its place and day are one happening.
			name: "topic sentence then the report",
			text: "The governor of Tula ordered 3,000 reservists called up on 3 October.\n\n" +
				"In the south, protests went on for a third day. In Nalchik, crowds gathered again outside the government building this evening.",
			want: []ev{{"mobilization", "2022-10-03", "3,000"}, {"protest", "2022-10-12", "third day. In Nalchik"}},
		},
		{
			// Class: a paragraph that narrates the past dates its undated
			// happenings by the time it names, not by the article.
			name: "narrated past",
			pub:  "2023-03-20",
			text: "Six months on, the town is quiet.\n\n" +
				"The first call-up papers reached Kimry in late September. Women blocked the road to the enlistment office in protest.",
			want: []ev{{"mobilization", "2022-09-21", "call-up papers"}, {"protest", "2022-09-21", "blocked the road"}},
		},
		{
			// A sentence in the present stays dated by the article.
			name: "present after a past time",
			pub:  "2023-03-20",
			text: "The first call-up papers reached Kimry in late September. Women are blocking the road to the enlistment office in protest.",
			want: []ev{{"mobilization", "2022-09-21", "call-up papers"}, {"protest", "2023-03-20", "blocking the road"}},
		},
		{
			// Class: a number that says how long is no figure: the weak cue
			// after it tells nothing that happened.
			name: "duration, then a weak cue",
			text: "I stayed in Aktau for about three months. The volunteers there told me to keep moving.",
			want: nil,
		},
		{
			// Class: who the dead were describes casualties; the people
			// words in it report no call-up and no recruiting of convicts.
			name: "who the dead were",
			text: "A count published in Vilnius on Monday found that convicts and mobilised reservists now make up most of the dead since 2022.",
			want: nil,
		},
		{
			// Class: the words after a quotation say who spoke; a cue
			// describing the speaker is no report.
			name: "cue in the attribution of a quote",
			text: "Courts in Omsk fined 40 protesters on Monday.\n\n" +
				"\"The hearings take five minutes each,\" said a lawyer who has defended dozens of protesters since the spring.",
			want: []ev{{"protest", "2022-10-10", "fined 40"}},
		},
		{
			// Class: a slogan quoted from a placard names the subject of a
			// protest; it reports no call-up.
			name: "slogan on a placard",
			text: "A librarian, 59, who had stood outside the town hall with a placard reading \"Stop mobilisation\", was fined 10,000 roubles.",
			want: []ev{{"protest", "", "placard"}},
		},
		{
			// Class: an undated clause in the past perfect tells the
			// background of someone's story, not a happening of its own.
			name: "past perfect background",
			text: "Pavel flew home to Perm in June after two years abroad. He had never received a summons and, as a teacher, qualified for a deferment.",
			want: nil,
		},
		{
			// Class: the called-up men named as people, in either spelling,
			// tell no call-up.
			name: "mobilised reservists as people",
			text: "Mobilised reservists receive at least 195,000 roubles a month, and families of mobilised servicemen are exempt from land tax.",
			want: nil,
		},
		{
			// Class: one statement told by successive paragraphs: the lede,
			// the quote of the spokesman who made it, and his words again.
			name: "speaker quoted since the statement was told",
			pub:  "2024-05-20",
			text: "The Kremlin on Monday denied reports that a new wave of mobilisation was being prepared.\n\n" +
				"\"There are no such plans,\" Kremlin spokesman Dmitry Peskov told reporters.\n\n" +
				"Peskov said the defence ministry had no need for additional mobilisation.",
			want: []ev{{"mobilization", "2024-05-20", "denied reports"}},
		},
		{
			// A speaker named first in another event's report is new to
			// this one: his statement is news of its own.
			name: "speaker of another report",
			pub:  "2024-05-20",
			text: "Putin signed the mobilisation decree on Monday.\n\n" +
				"Police detained 200 protesters in Moscow on Monday, Colonel Ivan Sokolov said.\n\n" +
				"Sokolov said on Tuesday that the call-up would not reach students.",
			want: []ev{{"mobilization", "2024-05-20", "decree"}, {"protest", "2024-05-20", "200"}, {"mobilization", "2024-05-14", "Sokolov said on Tuesday"}},
		},
		{
			// Class: protests about something else than the war, and what
			// elaborates them, whatever the protest word.
			name: "protests about other things",
			pub:  "2024-05-20",
			text: "Residents of Volokolamsk rallied on Saturday against a landfill they say is poisoning their children. About 300 people took part in the protest.\n\n" +
				"Pensioners in Omsk picketed the regional parliament on Monday over rising utility tariffs.\n\n" +
				"Opposition supporters protested against the election results in Yerevan on Sunday.",
			want: nil,
		},
		{
			// A protest over the same grievance that names the war is one.
			name: "grievance beside the war",
			pub:  "2024-05-20",
			text: "Wives of mobilised soldiers protested in Omsk on Sunday over unpaid wages and demanded their men be brought home from the war.",
			want: []ev{{"protest", "2024-05-19", "protested"}},
		},
		{
			// Class: a club signing or recruiting a player is sport.
			name: "club signs a player",
			pub:  "2024-05-20",
			text: "Zenit signed a contract with the Brazilian striker on Friday. The club also recruited two young defenders for the new season.",
			want: nil,
		},
		{
			// Class: deaths in an accident are no war casualties.
			name: "accident deaths",
			pub:  "2024-05-20",
			text: "Five people were killed when a bus collided with a lorry near Tver on Thursday.",
			want: nil,
		},
		{
			// Class: a court report that tells the ruling, then the act
			// it punishes with its own time and town: two happenings.
			name: "ruling then the act",
			pub:  "2024-05-24",
			text: "The Southern District Military Court in Rostov-on-Don sentenced a 22-year-old man to 19 years on Monday. " +
				"He had tried to set fire to an enlistment office in Nizhny Tagil in March 2023, investigators said.",
			want: []ev{{"arson", "2024-05-20", "sentenced"}, {"arson", "2023-03-01", "set fire"}},
		},
		{
			// A ruling that names no time of its own is the act's evidence.
			name: "undated ruling then the act",
			pub:  "2024-05-24",
			text: "A military court in Rostov-on-Don sentenced a 22-year-old man to 19 years. " +
				"He had tried to set fire to an enlistment office in Nizhny Tagil in March 2023, investigators said.",
			want: []ev{{"arson", "2023-03-01", "sentenced"}},
		},
		{
			// Class: habits told by those who see them recur.
			name: "habit in a quote",
			pub:  "2025-03-31",
			text: "\"Every draft campaign, we get hundreds of calls from young men who were handed summonses at their university,\" said a lawyer in Moscow.",
			want: nil,
		},
		{
			// Class: a sentence that describes the happening it names as
			// its subject ("The protest was the largest since ...") adds
			// none, whatever figures and times it compares with.
			name: "description of the happening told",
			pub:  "2024-05-20",
			text: "Police detained at least 60 people at a protest against mobilisation on Pushkin Square in Moscow on Saturday, OVD-Info said.\n\n" +
				"Video posted online showed officers dragging young women into police vans.\n\n" +
				"The protest was the largest in the capital since September 2022, when thousands took to the streets.",
			want: []ev{{"protest", "2024-05-18", "at least 60"}},
		},
		{
			// A participle after the copula tells a step of its own.
			name: "description control",
			pub:  "2024-05-20",
			text: "Police detained 60 people at a protest against mobilisation in Moscow on Saturday.\n\n" +
				"The protesters were fined in Tver on Monday.",
			want: []ev{{"protest", "2024-05-18", "60 people"}, {"protest", "2024-05-20", "fined"}},
		},
		{
			// A past perfect reporting verb still reports: what was
			// reported is the news.
			name: "past perfect report",
			text: "A rights group had previously reported on recruiting drives among inmates in the Kirov region.",
			want: []ev{{"prisoner_recruitment", "", "recruiting drives"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub := evDay("2022-10-12")
			if tt.pub != "" {
				pub = evDay(tt.pub)
			}
			evs := Events(Document{Text: tt.text, Published: pub}, g)
			if got, want := len(evs), len(tt.want); got != want {
				for _, e := range evs {
					t.Logf("got %s %s %q", e.Type, e.Start.Format("2006-01-02"), e.Evidence)
				}
				t.Fatalf("got %d events, want %d", got, want)
			}
			for i, w := range tt.want {
				e := evs[i]
				if e.Type != w.typ || !strings.Contains(e.Evidence, w.evidence) {
					t.Errorf("event %d: got %s %q, want %s with %q", i, e.Type, e.Evidence, w.typ, w.evidence)
				}
				if w.date != "" && e.Start.Format("2006-01-02") != w.date {
					t.Errorf("event %d: starts %s, want %s", i, e.Start.Format("2006-01-02"), w.date)
				}
			}
		})
	}
}
