package extract

import (
	"strings"
	"testing"
)

// TestRecallClasses types reports of the recall classes of issue 12 (item
// 4), each beside a sentence that shares its words but tells no such
// happening: the lexicon reads them in context. All sentences are invented
// for this test.
func TestRecallClasses(t *testing.T) {
	tests := []struct {
		class string
		text  string
		want  []string // types, in order; nil means no event
	}{
		// Deaths told without a death word: burials and men who did not
		// come back, counted.
		{"casualties: burials counted", "The village of Verkhnyaya Zarechka has buried 14 of its men since the spring.", []string{"casualties"}},
		{"casualties: did not come back", "Nine of the twenty men who left the farm in October did not come back.", []string{"casualties"}},
		{"casualties: bodies handed over", "The bodies of 40 soldiers were returned to their families on Tuesday.", []string{"casualties"}},
		{"casualties: a burial without a count", "He was buried in the family plot behind the church.", nil},

		// The army's recruitment told by its targets and travelling points.
		{"recruitment: target", "The governor said on Friday that the region had met its recruitment target for the quarter.", []string{"recruitment"}},
		{"recruitment: mobile point", "A mobile recruitment point will tour the northern villages at the end of the month.", []string{"recruitment"}},
		{"recruitment: a point as a place", "He walked past the recruitment point on his way to work.", nil},

		// Payments and advertising are the army's recruitment only for the
		// army.
		{"recruitment: advertising for the army", "Billboards advertising contract service with the army went up across the city on Monday.", []string{"recruitment"}},
		{"recruitment: advertising for coffee", "On Monday a new café put up billboards advertising its cakes.", nil},
		{"recruitment: a salary", "On Monday she said her salary is paid in roubles.", nil},

		// Prosecutions of protesters: the code's protest articles where a
		// court is named, and the placard someone was fined for.
		{"protest: the article of a hearing", "On Thursday the court heard nine cases under Article 20.2 of the administrative code.", []string{"protest"}},
		{"protest: a placard fined", "A nurse holding a handwritten sign was fined 30,000 roubles on Monday.", []string{"protest"}},
		{"protest: an article without a court", "Article 20.2 has been amended four times since it was written.", nil},

		// Families' appeals about men at the front.
		{"protest: a video appeal", "Mothers of conscripts from the Lesnoy garrison recorded a video appeal to the president on Sunday.", []string{"protest"}},
		{"protest: a petition about something else", "On Sunday residents signed a petition to save the old cinema.", nil},

		// Men sent home after a call-up.
		{"exemption: sent home", "Officials said on Monday that 2,000 mobilised men who were too old have been sent home.", []string{"exemption"}},
		{"exemption: pupils sent home", "On Monday 300 pupils were sent home because of the snow.", nil},

		// People coming back to the country they left; soldiers coming
		// back from the front are not them.
		{"exodus: returns", "About 5,000 Russians who had left in the autumn returned to Russia in March, the border service said.", []string{"exodus"}},
		{"exodus: soldiers return", "About 500 soldiers of the brigade returned to Russia in March for rest.", nil},

		// Entry rules of neighbouring countries.
		{"exodus: visas stopped", "Estonia stopped issuing visas to Russian citizens on Friday.", []string{"exodus"}},

		// Court rulings in an attack case: the harm may be told as an
		// attempt.
		{"attack: an attempt to kill, judged", "The court found him guilty of trying to kill the district commissar and jailed him for 14 years on Monday.", []string{"attack"}},

		// More of the neighbours' measures, and a refusal to hand men back.
		{"exodus: crossings closed", "Norway will close all crossings on its northern border from Thursday, its government said.", []string{"exodus"}},
		{"exodus: no extradition", "Uzbekistan said on Tuesday it would not extradite men fleeing the call-up.", []string{"exodus"}},
		{"exodus: rules of stay", "Turkmenistan tightened the rules for Russians staying longer than a month on Tuesday.", []string{"exodus"}},
		{"exodus: a count crossing", "The number of Russians crossing into Armenia rose to 4,000 a day last week.", []string{"exodus"}},
		{"exodus: a team comes back", "The team returned to Russia after the tournament on Monday.", nil},

		// Called-up men counted in a statement.
		{"mobilization: counted in a statement", "The minister said on Friday that 60,000 of the mobilised were already in their units.", []string{"mobilization"}},

		// Convicts who went to war, told without a recruiting word.
		{"prisoner_recruitment: taken from the colony", "About 150 inmates left the penal colony with Wagner fighters in August, relatives said.", []string{"prisoner_recruitment"}},
		{"prisoner_recruitment: freed after the front", "A man convicted of robbery was released on Monday after six months at the front.", []string{"prisoner_recruitment"}},
		{"recruitment: a contract service point", "The city opened a contract service point at the bus station on Monday.", []string{"recruitment"}},

		// Men stopped on their way out.
		{"exodus: turned back at the border", "Guards turned back men of military age at the Latvian border on Friday.", []string{"exodus"}},
		{"exodus: banned from leaving", "Men who received a summons were barred from leaving the country on Monday.", []string{"exodus"}},

		// Words of these classes used of other things.
		{"no protest: fans rally behind", "Fans rallied behind the team after the defeat on Sunday.", nil},
		{"no mobilization: a wave of weather", "A wave of cold air reached the capital on Monday.", nil},
		{"no exodus: a queue at a museum", "Tourists queued for hours at the museum on Saturday.", nil},

		// Two happenings in one sentence, told in clauses that name two
		// towns; one happening in one town stays one.
		{"two happenings: two towns", "On Sunday women blocked a road in Khasavyurt, and crowds clashed with police in Nalchik.", []string{"protest", "protest"}},
		{"two happenings: two offices", "On Monday night a petrol bomb hit the enlistment office in Omsk, and a recruiting office in Kazan was set on fire.", []string{"arson", "arson"}},
		{"one happening: one town", "On Sunday hundreds protested in Moscow, and police detained dozens of them there.", []string{"protest"}},

		// Sport, accidents and fees: the same words, none of these happenings.
		{"no mobilization: a call-up to a team", "The coach was called up to the national team on Tuesday.", nil},
		{"no exodus: a team leaves", "The national team left for the tournament in Kazan on Friday.", nil},
		{"no protest: fans celebrate", "The supporters rallied outside the stadium on Saturday to celebrate the title.", nil},
		{"no casualties: a car crash", "Two people were killed in a car crash on the highway on Sunday.", nil},
		{"no exemption: parking fees", "The mayor said on Monday the city would exempt pensioners from parking fees.", nil},
		{"exemption: exempt from the call-up", "Teachers will be exempted from the call-up, the ministry said on Monday.", []string{"exemption"}},

		// The same classes in other words.
		{"recruitment: men enlisted", "About 900 men enlisted in the district in October, the governor said.", []string{"recruitment"}},
		{"prisoner_recruitment: contracts offered", "Inmates at the Pinega colony were offered contracts with the defence ministry on Tuesday.", []string{"prisoner_recruitment"}},
		{"refusal: a contract soldier jailed", "A court on Thursday jailed a contract soldier for desertion.", []string{"refusal"}},
		{"protest: the mothers' mobilised sons", "On Sunday residents of the village blocked the road to demand the return of their mobilised sons.", []string{"protest"}},
		{"arson: petrol poured", "A woman poured petrol on the door of the enlistment office and set it alight on Monday.", []string{"arson"}},
		{"attack: a car rammed", "A man rammed his car into the gates of the enlistment office on Monday.", []string{"attack"}},
		{"exemption: spared", "Farmers will be spared the call-up, the governor said on Monday.", []string{"exemption"}},
		{"casualties: death notices", "Families in the district have received 80 death notices since February.", []string{"casualties"}},

		{"no mobilization: a decree on schools", "The governor signed a decree on Monday closing schools for the flu season.", nil},
		{"mobilization: a decree on reservists", "The governor signed a decree on Monday ordering 2,000 reservists to report.", []string{"mobilization"}},

		// A connection dropping is no fall in numbers.
		{"no trend: a call dropped", "Mothers of conscripts recorded a video appeal on Sunday. One said her son called on Tuesday before the line dropped.", []string{"protest"}},

		// "Quite" is no quitting.
		{"refusal: quite", "On Monday quite a few soldiers were seen in the square.", nil},

		// More wordings of each type, each beside a look-alike.
		{"protest: families demand their men back", "Dozens of women gathered outside the regional administration on Sunday to demand that their husbands be brought home.", []string{"protest"}},
		{"protest: mothers come demanding", "About 50 mothers of conscripts came to the enlistment office on Monday demanding answers.", []string{"protest"}},
		{"no protest: fans gather", "Fans gathered outside the stadium on Sunday to greet the team.", nil},
		{"no protest: a flash mob for apples", "Farmers staged a flash mob at the market on Saturday to sell apples.", nil},
		{"attack: a bomb at the office", "A bomb exploded near the enlistment office in Ufa on Monday.", []string{"attack"}},
		{"refusal: surrender judged", "A soldier who surrendered to Ukrainian forces was sentenced in absentia on Thursday.", []string{"refusal"}},
		{"refusal: an order disobeyed", "The garrison court on Friday handed a conscript three years for failing to obey an order.", []string{"refusal"}},
		{"refusal: a unit abandoned", "Military courts heard more than 500 cases of unauthorised abandonment of a unit in May.", []string{"refusal"}},
		{"refusal: fled his unit", "A sergeant fled his unit in the Belgorod region on Monday and was detained two days later.", []string{"refusal"}},
		{"refusal: no return from leave", "He did not return to his unit after his leave in July.", []string{"refusal"}},
		{"no refusal: no comment", "The company refused to comment on Monday.", nil},
		{"no refusal: a supplier's contract", "The bank terminated its contract with the supplier on Monday.", nil},
		{"exemption: a reservation of workers", "The defence ministry said on Friday that workers of defence plants would be granted a reservation from the call-up.", []string{"exemption"}},
		{"exemption: not subject to call-up", "Employees of key banks were added to the list of those not subject to call-up on Tuesday.", []string{"exemption"}},
		{"exemption: shielded", "Journalists of state media will be shielded from mobilisation, officials said on Monday.", []string{"exemption"}},
		{"no exemption: a loan deferred", "Payments on the loan were deferred until next year, the bank said on Monday.", nil},
		{"casualties: men lost, counted", "Zabaikalsky krai has lost more than 1,200 men in the war, according to the latest count.", []string{"casualties"}},
		{"exodus: walking across the frontier", "Men of draft age were seen walking across the frontier into Georgia on foot on Tuesday.", []string{"exodus"}},
		{"exodus: moved abroad, counted", "Thousands of IT workers moved abroad in the weeks after the announcement, the ministry said on Tuesday.", []string{"exodus"}},
		{"no exodus: a company moved", "The company moved abroad in 2019.", nil},
		{"exodus: going home again", "Many Russians who moved to Armenia in 2022 are now heading home, a survey published on Monday found.", []string{"exodus"}},
		{"exodus: tickets out", "One-way tickets out of Russia soared in price on Wednesday.", []string{"exodus"}},
		{"no exodus: tickets for a final", "Ticket prices for the final soared on Wednesday.", nil},
		{"exodus: a count left", "Several hundred thousand Russians left in the first weeks after the announcement.", []string{"exodus"}},
		{"exodus: cars stretched at a crossing", "Cars stretched for 15 kilometres at the crossing into Georgia on Monday.", []string{"exodus"}},
		{"no exodus: people left flowers", "People left flowers at the scene of the crash on Sunday.", nil},
		{"recruitment: joined under contract", "The ministry said on Tuesday that 190,000 people had joined the armed forces under contract since January.", []string{"recruitment"}},
		{"recruitment: a sign-on bonus", "The regional government on Monday doubled the sign-on bonus for new recruits.", []string{"recruitment"}},
		{"no recruitment: a band joined up", "On Monday the singer joined up with her old band for one concert.", nil},
		{"mobilization: a quota fulfilled", "The mayor said on Monday that the city had fulfilled its quota for the call-up of reservists.", []string{"mobilization"}},
		{"mobilization: mistakes admitted", "Putin acknowledged mistakes in the call-up on Thursday.", []string{"mobilization"}},
		{"mobilization: papers handed", "Men in Moscow were stopped on the street and handed papers on Friday.", []string{"mobilization"}},
		{"no mobilization: a plan drafted", "The company drafted a new plan on Monday.", nil},
		{"no mobilization: mistakes in accounts", "The company acknowledged mistakes in its accounts on Thursday.", nil},
		{"no mobilization: a university intake", "The university's spring intake was 5,000 students.", nil},
		{"prisoner_recruitment: inmates to the front", "Inmates of the colony were sent to the front in October, their relatives said.", []string{"prisoner_recruitment"}},
		{"prisoner_recruitment: back from fighting", "On Monday a convicted murderer returned to his village after fighting with Wagner.", []string{"prisoner_recruitment"}},
		{"no prisoner_recruitment: a former inmate", "A former inmate opened a bakery in 2020.", nil},
		{"casualties: soldiers lost a day", "Russia has lost about 1,000 soldiers a day in recent weeks, British intelligence said on Saturday.", []string{"casualties"}},
		{"no casualties: visitors lost", "The museum said on Monday it had lost 1,000 visitors a day since the renovation began.", nil},
		{"refusal: positions left, charged", "Seven soldiers were charged on Monday with leaving their positions without orders.", []string{"refusal"}},
		{"exodus: flights fully booked", "Flights to Yerevan were fully booked on Thursday.", []string{"exodus"}},
		{"no exodus: leaving the scene", "Police charged seven men on Monday with leaving the scene of an accident.", nil},
	}
	g := eventsGazetteer(t)
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			doc := Document{Text: tt.text, Published: evDay("2024-05-10")}
			var got []string
			for _, e := range Events(doc, g) {
				got = append(got, e.Type)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%q: types = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestRecallStatements: an official's dated statement about the happening
// just told is an event of its kind though it names no cue; a reaction, a
// quote and a statement with nothing new are not.
func TestRecallStatements(t *testing.T) {
	g := eventsGazetteer(t)
	tests := []struct {
		name, text string
		want       int // events of the first event's type
	}{
		{"a later statement by an office", "Convicts from the Borovka colony were recruited for the front in August.\n\n" +
			"The colony's founder said in October that the practice had ended.", 2},
		{"a later statement by name", "Convicts from the Borovka colony were recruited for the front in August. " +
			"Ivan Sorokin said in October that the practice had ended.", 2},
		{"a quoted remark", "Convicts from the Borovka colony were recruited for the front in August. " +
			"\"It was quiet after that,\" Ivan Sorokin said in October.", 1},
		{"an undated remark", "Convicts from the Borovka colony were recruited for the front in August. " +
			"Ivan Sorokin said the practice had ended.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := Events(Document{Text: tt.text, Published: evDay("2023-11-20")}, g)
			n := 0
			for _, e := range evs {
				if len(evs) > 0 && e.Type == evs[0].Type {
					n++
				}
			}
			if n != tt.want {
				for _, e := range evs {
					t.Logf("%s %s %q", e.Type, e.Start.Format("2006-01-02"), e.Evidence)
				}
				t.Errorf("%d events of the type, want %d", n, tt.want)
			}
		})
	}
}

// TestLexiconConditions reads the conditions of section headings and what
// they ask of a sentence.
func TestLexiconConditions(t *testing.T) {
	es, err := parseLexicon("weak exodus with people number without soldier:\n    went home\n")
	if err != nil {
		t.Fatal(err)
	}
	e := es[0]
	if e.sig != sigWeak || e.typ != tExodus {
		t.Fatalf("entry = %+v, want a weak exodus cue", e)
	}
	var people, peopleSoldier, number, none ctxSet
	people.add(cPeople)
	peopleSoldier.add(cPeople)
	peopleSoldier.add(cSoldier)
	number.add(condNumber)
	for _, c := range []struct {
		cond ctxSet
		want bool
	}{{people, true}, {number, true}, {peopleSoldier, false}, {none, false}} {
		if got := e.holds(c.cond); got != c.want {
			t.Errorf("holds(%b) = %v, want %v", c.cond, got, c.want)
		}
	}
	for _, text := range []string{
		"weak exodus with:\n    went home\n",
		"weak exodus with nowhere:\n    went home\n",
		"context border with people:\n    gate\n",
		"skip with people:\n    gate\n",
		"weak exodus people:\n    went home\n",
		"trigger exodus:\n    _ went home\n",
	} {
		if _, err := parseLexicon(text); err == nil {
			t.Errorf("parseLexicon(%q) accepted it", text)
		}
	}
}

// TestBitSetsHoldEveryKind fails when a new type or kind of context (and
// the conditions' two extra bits) no longer fits its bit set: a bit shifted
// out would silently never be set.
func TestBitSetsHoldEveryKind(t *testing.T) {
	var c ctxSet
	c.add(condDate)
	if !c.has(condDate) {
		t.Errorf("ctxSet cannot hold %d kinds of context and conditions", condDate+1)
	}
	var s typeSet
	s.add(numTypes - 1)
	if !s.has(numTypes - 1) {
		t.Errorf("typeSet cannot hold %d types", numTypes)
	}
}

// FuzzParseLexicon: any text either fails to parse or gives entries the
// matcher can use: lower-case phrases that open with a word, and conditions
// only on trigger and weak cues.
func FuzzParseLexicon(f *testing.F) {
	f.Add("trigger protest:\n    rally ; march*\n")
	f.Add("weak exodus with people number without soldier:\n    went home ; flew _ home\n")
	f.Add("context border with:\n    gate\n")
	f.Add(lexiconText[:2000])
	f.Fuzz(func(t *testing.T, text string) {
		es, err := parseLexicon(text)
		if err != nil {
			return
		}
		for _, e := range es {
			if e.phrase == "" || e.phrase != strings.ToLower(e.phrase) || e.phrase[0] == '_' || e.phrase[0] == '*' {
				t.Fatalf("accepted phrase %q", e.phrase)
			}
			if (e.with != 0 || e.without != 0) && e.sig != sigTrigger && e.sig != sigWeak {
				t.Fatalf("conditions on a %v entry %q", e.sig, e.phrase)
			}
		}
		newMatcher(es).match(tokenize("a rally went home", 0, 17, nil), nil)
	})
}
