package dates

// The vocabulary of the date grammar. Every word the grammar reacts to is in
// one table, looked up once per token by the lexer, so the parser compares
// small integers instead of strings. Identifiers here carry a "d" prefix
// because other files of the package have their own tokens and units.

// dwordID classifies a word the date grammar knows.
type dwordID uint8

const (
	dwNone dwordID = iota
	dwMonth
	dwWeekday
	dwSeason
	dwCount   // one .. nineteen
	dwTens    // twenty .. ninety
	dwOrdinal // first .. thirty-first
	dwUnit
	dwThe
	dwA // a, an
	dwOn
	dwIn
	dwAt
	dwDuring
	dwOver
	dwAs
	dwOf
	dwFor
	dwFrom
	dwTo
	dwThrough
	dwUntil
	dwAnd
	dwOr
	dwBetween
	dwSince
	dwBy
	dwBefore
	dwAfter
	dwAround
	dwStarting
	dwToday
	dwTonight
	dwYesterday
	dwTomorrow
	dwNow
	dwAgo
	dwBack
	dwHence
	dwEarlier
	dwLater
	dwThis
	dwLast
	dwNext
	dwEarly
	dwMid
	dwLate
	dwBeginning
	dwEnd
	dwHalf
	dwRecent
	dwFew
	dwCouple
	dwVery
	dwPeriod
	dwNight
	dwPartOfDay
	dwWeekend
	dwSeasonWord
	dwChristmas
	dwEaster
	dwEve
	dwNew
	dwGood
	dwOrthodox
	dwS // the s of "week's"
	dwQ // Q3
	dwH // H1
	dwAll
	dwRest
	dwFn
)

// dunit is a calendar unit named in text ("days", "weeks").
type dunit int8

const (
	duNone dunit = iota
	duDay
	duWeek
	duFortnight
	duMonth
	duQuarter
	duYear
	duDecade
	duHour
	duWeekend // only after this/last/next
	duSeason  // only after this/last/next
)

// days is the length of n units that are a whole number of days, or 0 for
// units of varying length (months, years) and the rest.
func (u dunit) days(n int) int {
	switch u {
	case duDay:
		return n
	case duWeek:
		return 7 * n
	case duFortnight:
		return 14 * n
	}
	return 0
}

// dwordInfo is what the grammar knows about one word.
type dwordInfo struct {
	id     dwordID
	val    int8 // month 1-12, weekday 0-6 (Sunday 0), season 0-3, number, unit
	abbr   bool // abbreviation: "Sept", "Tue"
	plural bool // "days", "Fridays"
	fn     bool // function word: may follow a date in running text
	start  bool // may begin a time expression
}

// dateVocab maps lower-case words to what the grammar knows about them. It is
// built once and only read.
var dateVocab = dateVocabulary()

func dateVocabulary() map[string]dwordInfo {
	v := make(map[string]dwordInfo, 400)
	add := func(id dwordID, val int, words ...string) {
		for _, w := range words {
			v[w] = dwordInfo{id: id, val: int8(val)}
		}
	}
	months := [12][]string{
		{"january", "jan"}, {"february", "feb", "febr"}, {"march", "mar"},
		{"april", "apr"}, {"may"}, {"june", "jun"}, {"july", "jul"},
		{"august", "aug"}, {"september", "sep", "sept"}, {"october", "oct"},
		{"november", "nov"}, {"december", "dec"},
	}
	for i, names := range months {
		for k, w := range names {
			v[w] = dwordInfo{id: dwMonth, val: int8(i + 1), abbr: k > 0}
		}
	}
	weekdays := [7][]string{ // time.Weekday order
		{"sunday", "sun"}, {"monday", "mon"}, {"tuesday", "tue", "tues"},
		{"wednesday", "wed"}, {"thursday", "thu", "thur", "thurs"},
		{"friday", "fri"}, {"saturday", "sat"},
	}
	for i, names := range weekdays {
		for k, w := range names {
			v[w] = dwordInfo{id: dwWeekday, val: int8(i), abbr: k > 0}
		}
		v[names[0]+"s"] = dwordInfo{id: dwWeekday, val: int8(i), plural: true}
	}
	add(dwSeason, 0, "spring")
	add(dwSeason, 1, "summer")
	add(dwSeason, 2, "autumn", "fall")
	add(dwSeason, 3, "winter")

	counts := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
		"seventeen", "eighteen", "nineteen"}
	for n, w := range counts[1:] {
		add(dwCount, n+1, w)
	}
	tens := []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	for k, w := range tens {
		add(dwTens, 20+10*k, w)
	}
	ordinals := []string{"", "first", "second", "third", "fourth", "fifth", "sixth",
		"seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
		"fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
		"twentieth"}
	for n, w := range ordinals[1:] {
		add(dwOrdinal, n+1, w)
	}
	add(dwOrdinal, 30, "thirtieth")

	units := []struct {
		u     dunit
		words []string
	}{
		{duDay, []string{"day", "days"}},
		{duWeek, []string{"week", "weeks"}},
		{duFortnight, []string{"fortnight", "fortnights"}},
		{duMonth, []string{"month", "months"}},
		{duQuarter, []string{"quarter", "quarters"}},
		{duYear, []string{"year", "years"}},
		{duDecade, []string{"decade", "decades"}},
		{duHour, []string{"hour", "hours"}},
	}
	for _, u := range units {
		v[u.words[0]] = dwordInfo{id: dwUnit, val: int8(u.u)}
		v[u.words[1]] = dwordInfo{id: dwUnit, val: int8(u.u), plural: true}
	}

	add(dwThe, 0, "the")
	add(dwA, 1, "a", "an")
	add(dwOn, 0, "on")
	add(dwIn, 0, "in")
	add(dwAt, 0, "at")
	add(dwDuring, 0, "during", "throughout")
	add(dwOver, 0, "over")
	add(dwAs, 0, "as")
	add(dwOf, 0, "of")
	add(dwFor, 0, "for")
	add(dwFrom, 0, "from")
	add(dwTo, 0, "to")
	add(dwThrough, 0, "through", "thru")
	add(dwUntil, 0, "until", "till", "til", "untill")
	add(dwAnd, 0, "and")
	add(dwOr, 0, "or")
	add(dwBetween, 0, "between")
	add(dwSince, 0, "since")
	add(dwBy, 0, "by")
	add(dwBefore, 0, "before")
	add(dwAfter, 0, "after")
	add(dwAround, 0, "around", "about", "circa", "approximately")
	add(dwStarting, 0, "starting")
	add(dwToday, 0, "today")
	add(dwTonight, 0, "tonight", "tonite")
	add(dwYesterday, 0, "yesterday")
	add(dwTomorrow, 0, "tomorrow")
	add(dwNow, 0, "now")
	add(dwAgo, 0, "ago")
	add(dwBack, 0, "back")
	add(dwHence, 0, "hence")
	add(dwEarlier, 0, "earlier")
	add(dwLater, 0, "later")
	add(dwThis, 0, "this", "current", "present")
	add(dwLast, 0, "last", "past", "previous", "preceding", "final")
	add(dwNext, 0, "next", "coming", "following", "upcoming")
	add(dwEarly, 0, "early")
	add(dwMid, 0, "mid", "middle")
	add(dwLate, 0, "late")
	add(dwBeginning, 0, "start", "outset")
	add(dwEnd, 0, "end", "close")
	add(dwHalf, 0, "half")
	add(dwRecent, 0, "recent", "latest")
	add(dwFew, 3, "few", "several")
	add(dwCouple, 2, "couple")
	add(dwVery, 0, "very")
	add(dwPeriod, 0, "period", "stretch", "span")
	add(dwNight, 0, "night", "overnight")
	add(dwPartOfDay, 0, "morning", "afternoon", "evening")
	add(dwWeekend, 0, "weekend", "weekends")
	add(dwSeasonWord, 0, "season")
	add(dwChristmas, 0, "christmas", "xmas")
	add(dwEaster, 0, "easter")
	add(dwEve, 0, "eve")
	add(dwNew, 0, "new")
	add(dwGood, 0, "good")
	add(dwOrthodox, 0, "orthodox")
	add(dwS, 0, "s")
	add(dwQ, 0, "q")
	add(dwH, 0, "h")
	add(dwAll, 0, "all")
	add(dwRest, 0, "rest", "remainder")
	// "beginning" both starts a range ("beginning March 3") and names the
	// first part of a period ("the beginning of May"); the grammar reads it
	// either way from the same id.
	v["beginning"] = dwordInfo{id: dwBeginning}
	add(dwFn, 0, "but", "when", "while", "with", "that", "which", "who", "where",
		"was", "were", "is", "are", "had", "has", "have", "will", "would", "could",
		"he", "she", "they", "it", "we", "i", "you", "there", "than", "amid", "into",
		"despite", "against", "not", "also", "said", "says", "saying",
		"alone", "only", "so", "if", "because", "its", "their", "his", "her", "our")

	fn := map[dwordID]bool{dwThe: true, dwA: true, dwOn: true, dwIn: true, dwAt: true,
		dwDuring: true, dwOver: true, dwAs: true, dwOf: true, dwFor: true, dwFrom: true,
		dwTo: true, dwThrough: true, dwUntil: true, dwAnd: true, dwOr: true,
		dwBetween: true, dwSince: true, dwBy: true, dwBefore: true, dwAfter: true,
		dwAround: true, dwFn: true, dwThis: true}
	start := map[dwordID]bool{dwMonth: true, dwWeekday: true, dwSeason: true, dwCount: true,
		dwTens: true, dwOrdinal: true, dwUnit: true, dwThe: true, dwA: true, dwIn: true,
		dwFor: true, dwFrom: true, dwBetween: true, dwSince: true, dwToday: true,
		dwTonight: true, dwYesterday: true, dwTomorrow: true, dwEarlier: true,
		dwLater: true, dwThis: true, dwLast: true, dwNext: true, dwEarly: true, dwMid: true,
		dwLate: true, dwBeginning: true, dwEnd: true, dwRecent: true, dwFew: true,
		dwCouple: true, dwVery: true, dwWeekend: true, dwSeasonWord: true,
		dwChristmas: true, dwEaster: true, dwNew: true, dwGood: true, dwOrthodox: true,
		dwQ: true, dwH: true, dwAll: true, dwRest: true}
	for w, info := range v {
		info.fn = fn[info.id]
		info.start = start[info.id]
		v[w] = info
	}
	return v
}

// dateLookup finds a word in the vocabulary without allocating: words are
// short, so they are lower-cased into a stack buffer.
func dateLookup(w string) dwordInfo {
	var b [12]byte
	if len(w) > len(b) {
		return dwordInfo{}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return dwordInfo{}
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return dateVocab[string(b[:len(w)])]
}
