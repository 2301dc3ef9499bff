package extract

// The lexicon: phrases of news English that signal an event type, the
// context that confirms or redirects it, and the wording of what is not an
// event. Phrases are lower-case words; "recruit*" matches any word starting
// with "recruit", "_" matches any one word. Nothing here is keyed to one
// article: each entry is how reporters commonly write about the happening.

// evType is an event type; typeNames holds the names the outside sees.
type evType int8

const (
	tMobilization evType = iota
	tRecruitment
	tPrisonerRecruitment
	tProtest
	tArson
	tAttack
	tExodus
	tExemption
	tRefusal
	tCasualties
	numTypes
)

var typeNames = [numTypes]string{
	"mobilization", "recruitment", "prisoner_recruitment", "protest", "arson", "attack",
	"exodus", "exemption", "refusal", "casualties",
}

// ctxKind names context that alone is no event but types or supports one.
type ctxKind uint8

const (
	cPrison   ctxKind = iota // prisoners, penal colonies, pardons
	cTarget                  // enlistment offices and their officials
	cSoldier                 // soldiers, troops, reservists
	cTrend                   // rises and falls: "an uptick in interest"
	cDetained                // detentions, arrests, prosecutions
	cBorder                  // borders, crossings, queues
	cFire                    // fire words that are arson only with a target
	cHarm                    // harm to a person, an attack only with a target
	cDeath                   // death words, casualties only with a number
	cMilitary                // the army: advertising is recruitment only for it
	cDraftee                 // men of draft age and the draft: fleeing is exodus only for them
	numCtx
)

// signal is what a lexicon phrase says about the sentence it is in.
type signal uint8

const (
	sigTrigger  signal = iota // an event of the type happened
	sigWeak                   // maybe an event of the type: needs support
	sigContext                // context of a kind
	sigBlock                  // a phrase whose words trigger nothing ("enlistment office")
	sigSkip                   // the sentence is no event: background, opinion, fear
	sigCause                  // the words up to the clause end name a cause or a target, not the happening
	sigModal                  // a modal verb: a trigger right after it is hypothetical
	sigNewTopic               // the sentence starts a new happening
	sigNumber                 // a number word
)

// entry is one lexicon phrase.
type entry struct {
	phrase string
	sig    signal
	typ    evType  // for sigTrigger, sigWeak, sigBlock
	ctx    ctxKind // for sigContext
}

func trig(t evType, phrases ...string) []entry  { return entries(sigTrigger, t, 0, phrases) }
func weak(t evType, phrases ...string) []entry  { return entries(sigWeak, t, 0, phrases) }
func block(t evType, phrases ...string) []entry { return entries(sigBlock, t, 0, phrases) }
func ctx(c ctxKind, phrases ...string) []entry  { return entries(sigContext, 0, c, phrases) }
func marks(s signal, phrases ...string) []entry { return entries(s, 0, 0, phrases) }

func entries(s signal, t evType, c ctxKind, phrases []string) []entry {
	out := make([]entry, len(phrases))
	for i, p := range phrases {
		out[i] = entry{phrase: p, sig: s, typ: t, ctx: c}
	}
	return out
}

// lexiconEntries is the whole lexicon, by type.
func lexiconEntries() [][]entry {
	return [][]entry{
		// Mobilization: orders, call-ups, summonses, quotas, waves.
		trig(tMobilization, "mobiliz*", "mobilis*", "conscript*", "call-up*", "call-ups", "called up",
			"call up", "calling up", "draft", "drafted", "draftees", "draft notice*", "summons", "summonses",
			"draft board*", "reservists", "mobilization order*", "call-up paper*", "military register*"),
		weak(tMobilization, "wave", "quota*", "decree"),
		block(tMobilization, "draft law*", "draft bill*", "draft resolution*", "draft text*",
			"draft agreement*", "draft treaty", "draft budget*", "draft document*", "draft decision*",
			"first draft", "draft version*",
			"conscription offices", "conscription office", "mobilized men", "mobilised men",
			"not eligible for mobilization", "not eligible for mobilisation", "mobilized soldiers",
			"mobilised soldiers", "mobilized troops", "mobilised troops", "mobilized servicemen",
			"mobilised servicemen", "mobilized reservists", "newly mobilized", "newly mobilised",
			"relatives of mobilized", "wives of mobilized", "mothers of mobilized",
			// A relative clause saying who people are: "women whose husbands were mobilized".
			"whose _ were mobiliz*", "whose _ were mobilis*", "whose _ and _ were mobiliz*",
			"whose _ and _ were mobilis*", "whose _ had been mobiliz*", "whose _ was mobiliz*",
			"whose _ have been mobiliz*"),

		// Volunteer and contract recruitment.
		trig(tRecruitment, "recruit*", "enlist*", "volunteer battalion*", "contract soldier*",
			"contract servicem*", "signed up", "sign up", "signing up", "sign-up*", "join the army",
			"joined the army", "recruiting cent*", "recruitment cent*", "recruitment drive*",
			"recruitment campaign*", "signed contracts", "sign contracts", "signing bonus*", "poach*",
			// Signing a contract with the army is enlisting.
			"sign a contract", "signed a contract", "signs a contract", "signing a contract",
			"sign a military contract", "signed a military contract", "enlistment bonus*"),
		weak(tRecruitment, "volunteer*", "bonus*", "one-off payment*", "lump-sum payment*", "one-time payment*", "salar*", "lure*", "lured", "payments", "advertis*", "billboard*", "ads", "commercials"),
		ctx(cMilitary, "army", "military", "soldier*", "troops", "armed forces", "front", "battalion*",
			"serve", "service", "war"),
		// Offices and officials are targets or places, not recruitment.
		block(tRecruitment, "recruit* office*", "recruit* officer*", "recruit* official*",
			"recruit* commander*", "recruit* station*", "enlistment office*", "military enlistment office*",
			"enlistment officer*", "enlistment center*", "enlistment centre*", "recruit* point*",
			"enlistment point*"),

		// Prisoners: pardons for service are themselves the event.
		trig(tPrisonerRecruitment, "storm-z", "pardoned in exchange", "pardon in exchange",
			"pardons in exchange", "in exchange for their freedom", "in exchange for freedom",
			"promised a pardon", "promised pardons", "offered a pardon", "offered pardons",
			"promised _ pardon", "offered _ pardon", "pardoned for", "pardoned after", "pardons for",
			// Freedom promised to inmates, and pardons handed out after service.
			"promising _ freedom", "promised _ freedom", "promising freedom", "promised freedom",
			"offering _ freedom", "offered _ freedom", "released with pardon*", "released with _ pardon*",
			"were pardoned", "was pardoned", "granted pardon*", "granted a pardon", "received pardon*",
			"received a pardon"),
		// Prisoners of war are exchanged, not recruited.
		block(tPrisonerRecruitment, "prisoners of war", "prisoner of war", "prisoner exchange*",
			"prisoner swap*", "exchange of prisoners", "swap of prisoners"),
		ctx(cPrison, "prison*", "jail*", "gaol*", "inmate*", "convict*", "penal colon*",
			"detention camp*", "detention cent*", "pretrial detention", "pre-trial detention",
			"detainees", "behind bars", "pardon*", "amnesty", "serving a sentence", "serving his sentence",
			"serving their sentences", "sentenced prisoners", "penitentiar*", "labour camp*", "labor camp*",
			"correctional colon*"),

		// Protest, including acts of protest and detentions of protesters.
		trig(tProtest, "protest*", "rally", "rallies", "rallied", "picket*", "demonstrators",
			"demonstration", "demonstrations", "demonstrated against", "sit-in*", "chant*",
			"self-immolat*", "set himself on fire", "set herself on fire", "set himself alight",
			"set herself alight", "burn himself", "burn herself", "burned himself", "burnt himself",
			"took to the streets", "take to the streets", "marched against", "anti-war march*",
			"riot*", "clashed with police", "placard*", "slogans"),
		weak(tProtest, "anti-war", "antiwar", "unrest", "women gathered", "crowd*",
			// Obstruction and its dispersal are how a protest often shows
			// when no protest word is used; laying flowers at a memorial is
			// a common act of protest where rallies are banned.
			"blocked a road", "blocked the road", "blocked a _ road", "blocked a highway",
			"blocked the highway", "blocked a _ highway", "blocking a road", "blocking the road",
			"blocking a highway", "blocking the highway", "blocked traffic", "blocking traffic",
			"disperse*", "shots into the air", "shots in the air", "warning shots",
			"laid flowers", "lay flowers", "laying flowers"),
		block(tProtest, "protest vote*", "markets rallied", "stocks rallied", "shares rallied",
			"rouble rallied", "ruble rallied", "prices rallied", "oil rallied", "market rally",
			"stock rally", "relief rally",
			// Protesters as the recipients of a summons: the news is the call-up.
			"protesters were handed", "protesters were served", "protesters were given",
			"protesters received", "demonstrators were handed", "demonstrators were served"),

		// Arson of offices and administration buildings.
		trig(tArson, "arson*", "firebomb*", "fire-bomb*", "molotov*", "torched", "torching",
			"set fire to", "set on fire", "petrol bomb*", "incendiary", "burned down", "burnt down",
			"set alight"),
		ctx(cFire, "fire", "fires", "flames", "blaze", "burn*", "burnt", "ablaze"),
		block(tArson, "set himself on fire", "set herself on fire", "set himself alight",
			"set herself alight", "ceasefire", "cease-fire", "opened fire", "under fire", "fire at",
			"fired at", "fire on", "fired on"),

		// Armed attacks on offices and officials.
		trig(tAttack, "shooting", "shootings", "gunman", "gunmen", "shooter", "opened fire",
			"fired at", "fired on", "fired upon", "firing at", "firing on", "firing upon", "shot dead",
			"stabbed", "stabbing", "gunfire", "assailant*", "attacker*", "grenade*"),
		ctx(cHarm, "killed", "shot", "wounded", "injured", "attacked", "beat", "beaten", "assaulted",
			"attack on", "attacks on", "attack against", "attacks against"),
		ctx(cTarget, "enlistment office*", "recruitment office*", "recruiting office*",
			"military commissar*", "draft office*", "conscription office*", "commissariat*",
			"recruit* commander*", "recruit* officer*", "recruit* official*", "recruit* station*",
			"enlistment officer*", "enlistment cent*", "recruit* point*", "enlistment point*",
			"administration building*", "administration*", "town hall*", "city hall*", "office*",
			"official*", "commander*", "officer*", "commissar*", "recruiter*", "building*"),
		block(tAttack, "shot down", "shooting down", "shelling"),

		// People leaving to avoid the draft, and border measures answering it.
		// Fleeing is the draft exodus when men of draft age or the draft are
		// in the sentence; otherwise it is often war refugees.
		weak(tExodus, "fled", "flee", "fleeing", "flees"),
		ctx(cDraftee, "men", "russians", "russian men", "draft*", "mobiliz*", "mobilis*", "conscript*",
			"call-up*", "military age", "fighting age", "reservists", "summons*"),
		trig(tExodus, "exodus", "emigrat*", "emigre*", "émigré*",
			"left the country", "leave the country", "leaving the country", "left russia",
			"leave russia", "leaving russia", "cross* the border", "cross* _ border", "crossed into",
			"border crossing*", "lines at the border", "queues at the border", "queue at the border",
			"tourist visa*", "close the border*", "closed the border*", "closing the border*",
			"close its border*", "closed its border*", "brain drain", "brain-drain", "in droves",
			"humanitarian visa*", "entry ban*"),
		weak(tExodus, "departure*", "outflow", "leaving", "visa*", "queue*", "lines", "tailback*",
			"traffic jam*", "arrivals", "crossed", "entering the country", "entered the country",
			"arrived in",
			// Signs of the outflow at borders and airports, confirmed by
			// border or flight context: "flights were sold out", "cars backed up".
			"sold out", "backed up", "busier than usual", "busier than normal", "waited", "waiting",
			"arriving from", "arrived from", "arrive from"),
		ctx(cBorder, "border*", "checkpoint*", "frontier*", "airport*", "flights", "crossing"),

		// Exemptions and deferments.
		trig(tExemption, "exempt*", "deferment*", "deferral*", "deferred", "reprieve*",
			"not subject to mobilization", "not subject to mobilisation", "will not be mobilized",
			"will not be called up", "won't be called up", "spared from",
			// "X would not be called up": a group left out of the call-up.
			"not be called up", "not be mobilized", "not be mobilised", "not be drafted",
			"not be conscripted"),

		// Soldiers refusing to fight, quitting, deserting.
		trig(tRefusal, "refusenik*", "deserter*", "desertion*", "deserted from", "deserted the",
			"awol", "absent without leave", "terminate _ contract*", "terminate their contract*",
			"terminating _ contract*", "terminated _ contract*", "nullify _ contract*",
			"cancel _ contract*", "break _ contract*", "end _ contract*", "get out of _ contract*",
			"quit the army", "refused deployment", "refuse deployment", "refusing deployment",
			"conscientious objector*", "mutin*", "refusals", "refused to fight", "refuse to fight",
			"refusing to fight", "refused to serve", "refuse to serve", "refusing to serve",
			"refused to go", "refusing to go", "refused to return", "refusing to return",
			"refused to deploy", "refusing to deploy",
			// Leaving one's unit is desertion ("sentenced for leaving his unit").
			"left _ unit", "leaving _ unit", "leave _ unit", "abandoned _ unit", "abandoning _ unit",
			"left the unit", "leaving the unit"),
		// "Refusing to ..." is a refusal only when soldiers do it.
		weak(tRefusal, "refus*", "quit*", "quitting"),
		ctx(cSoldier, "soldier*", "troops", "servicem*", "conscripts", "reservists", "mobilized men",
			"mobilised men", "serviceman", "troopers", "officers", "contract soldier*", "mobilized",
			"mobilised", "military personnel", "personnel", "fighters", "mercenaries"),
		ctx(cDetained, "detain*", "arrest*", "prosecut*", "charged", "sentenced", "court*", "jailed",
			"criminal case*", "fined"),

		// Deaths and casualty figures: casualties when a number goes with them.
		ctx(cDeath, "killed", "died", "dead", "deaths", "death toll", "casualties", "fatalities",
			"losses", "wounded", "perished", "lost their lives", "killed in action"),

		// Heavy losses are casualties even without a figure.
		trig(tCasualties, "heavy casualties", "high casualties", "heavy losses", "high losses",
			"significant casualties", "suffered casualties", "suffered losses"),
		// Recruiting "to match its losses" speaks of the need, not of deaths.
		block(tCasualties, "match _ losses", "replace _ losses", "offset _ losses",
			"replenish _ losses", "make up for _ losses"),

		// Rises and falls continue the happening before them.
		ctx(cTrend, "uptick", "surge*", "rise", "rose", "rising", "increase*", "decline*", "drop*",
			"jump*", "spike*", "fell", "fallen", "falling", "grew", "growth", "soar*", "plummet*"),

		// Number words: figures for casualties and for the numbers list.
		marks(sigNumber, "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
			"eleven", "twelve", "dozen*", "hundreds", "thousands", "millions", "tens of thousands",
			"hundreds of thousands", "a hundred", "a thousand", "scores of"),

		// Not events: background, history, opinion, fears, and what was not said.
		marks(sigSkip,
			// What was not said.
			"did not say how many", "didn't say how many", "did not say how", "would not say how many",
			"declined to say how many", "did not disclose how many",
			// History and comparisons.
			"not the first time", "world war*", "soviet union", "soviet times", "cold war",
			"great patriotic war",
			// Opinion and analysis.
			"in my view", "i think", "i believe", "analyst", "analysts", "commentator*", "experts say",
			"expert said", "suggests that", "this suggests", "which suggests", "appear* reluctant",
			"appear* unlikely", "seem* reluctant", "seem* unlikely", "seems to", "seem to",
			// A think tank's own forecast: "We assess that ...".
			"we assess", "we judge", "we estimate", "we expect", "in our view",
			// Abstract states rather than happenings: "protest has been largely suppressed".
			"largely suppressed", "all but suppressed", "effectively suppressed",
			// Fears and speculation.
			"feared that", "worry that", "worries that", "worried that", "there might be", "there may be",
			"there could be", "is expected to", "are expected to", "would have to", "will likely",
			"is likely to", "are likely to", "it remains unclear", "it is unclear",
			// Page chrome.
			"subscribe", "sign up for our", "newsletter", "cookie*"),

		// Causes and targets: "fled to avoid the draft", "protests against mobilization".
		marks(sigCause, "to avoid", "to evade", "to escape", "to dodge", "avoid", "avoiding", "evade",
			"evading", "escape", "escaping", "dodging", "fearing", "for fear of", "because of",
			"due to", "against", "in response to", "opposed to", "opposition to",
			"effect of", "effects of", "ahead of", "in protest at", "despite", "as a result of",
			"criticiz*", "criticis*", "criticism of", "complain* about", "conduct of", "handling of",
			// Not commenting on a thing, or accusing people of it, is no happening.
			"not commented", "not comment", "no comment", "declined to comment", "refused to comment",
			"accused _ of", "accused the _ of", "accusing _ of", "accusing the _ of"),

		marks(sigModal, "may", "might", "could", "would", "should", "can", "cannot", "can't",
			"couldn't", "wouldn't", "will", "won't", "must"),

		marks(sigNewTopic, "meanwhile", "separately", "in response", "in another", "elsewhere",
			"another", "in addition", "also on", "earlier", "later", "in a separate"),
	}
}
