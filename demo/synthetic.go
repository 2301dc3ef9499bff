package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"timeline/models"
)

// synthTypes weights the event types roughly as the real chronology does.
var synthTypes = []struct {
	slug, noun string
	weight     int
}{
	{"mobilization", "Call-up order", 18}, {"recruitment", "Recruitment drive", 16},
	{"prisoner_recruitment", "Prisoner recruitment", 9}, {"protest", "Protest", 14},
	{"arson", "Arson attack on enlistment office", 6}, {"attack", "Attack on recruitment officer", 3},
	{"exodus", "Border queues", 8}, {"exemption", "New deferment", 5},
	{"refusal", "Soldiers refuse to deploy", 12}, {"casualties", "Casualty report", 9},
}

var synthPlaces = []struct {
	name, kind, region string
	lat, lon           float64
}{
	{"Moscow", "city", "Moscow", 55.756, 37.617}, {"Saint Petersburg", "city", "Saint Petersburg", 59.939, 30.316},
	{"Yakutsk", "city", "Sakha Republic", 62.035, 129.675}, {"Makhachkala", "city", "Republic of Dagestan", 42.983, 47.504},
	{"Ulan-Ude", "city", "Republic of Buryatia", 51.834, 107.584}, {"Irkutsk", "city", "Irkutsk Oblast", 52.287, 104.305},
	{"Novosibirsk", "city", "Novosibirsk Oblast", 55.008, 82.935}, {"Yekaterinburg", "city", "Sverdlovsk Oblast", 56.838, 60.597},
	{"Kazan", "city", "Republic of Tatarstan", 55.796, 49.106}, {"Rostov-on-Don", "city", "Rostov Oblast", 47.236, 39.713},
	{"Kursk", "city", "Kursk Oblast", 51.730, 36.193}, {"Ryazan", "city", "Ryazan Oblast", 54.629, 39.736},
	{"Grozny", "city", "Chechen Republic", 43.318, 45.698}, {"Kyzyl", "city", "Tuva Republic", 51.719, 94.437},
	{"Upper Lars", "crossing", "North Ossetia–Alania", 42.745, 44.632},
}

// Synthetic makes n realistic published events spread over 2014 to 2026 with
// bursts, ranges of every precision and places, for load and browser tests.
// The same seed gives the same events.
func Synthetic(n int, seed uint64) []models.NewEvent {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	total := 0
	for _, t := range synthTypes {
		total += t.weight
	}
	base := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	spanDays := int(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Sub(base).Hours() / 24)
	evs := make([]models.NewEvent, n)
	for i := range evs {
		w := rng.IntN(total)
		ti := 0
		for ; w >= synthTypes[ti].weight; ti++ {
			w -= synthTypes[ti].weight
		}
		typ := synthTypes[ti]
		// Half the events cluster around a few bursts, as news does.
		d := rng.IntN(spanDays)
		if rng.IntN(2) == 0 {
			burst := []int{2980, 3185, 3550, 3900}[rng.IntN(4)] // days after 2014-01-01
			d = min(max(burst+int(rng.NormFloat64()*25), 0), spanDays-1)
		}
		start := base.AddDate(0, 0, d)
		end, prec := start, models.PrecisionDay
		switch r := rng.IntN(10); {
		case r < 6:
		case r < 7:
			start = start.AddDate(0, 0, -int(start.Weekday()+6)%7)
			end, prec = start.AddDate(0, 0, 6), models.PrecisionWeek
		case r < 8:
			start = time.Date(start.Year(), start.Month(), 11, 0, 0, 0, 0, time.UTC)
			end, prec = start.AddDate(0, 0, 9), models.PrecisionMonthPart
		case r < 9:
			start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
			end, prec = start.AddDate(0, 1, -1), models.PrecisionMonth
		default:
			end, prec = start.AddDate(0, 0, 3+rng.IntN(40)), models.PrecisionRange
		}
		p := synthPlaces[rng.IntN(len(synthPlaces))]
		lat, lon := p.lat, p.lon
		evs[i] = models.NewEvent{
			ImportKey: fmt.Sprintf("synthetic:%d:%d", seed, i),
			Title:     fmt.Sprintf("%s in %s (#%d)", typ.noun, p.name, i+1),
			Summary: fmt.Sprintf("Synthetic event %d for load testing: %s reported in %s, %s.",
				i+1, typ.noun, p.name, p.region),
			Type: typ.slug, Status: models.StatusPublished,
			DateStart: start, DateEnd: end, Precision: prec, Confidence: 0.5 + rng.Float64()/2,
			Place: &models.Place{Name: p.name, Kind: p.kind, Region: p.region, CountryCode: "RU", Lat: &lat, Lon: &lon},
		}
	}
	return evs
}
