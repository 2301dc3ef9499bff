package places

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The GeoNames index (geonames.tsv.gz) is read once, when the gazetteer is
// built. Its format is written by internal/geonames: comment lines, "A"
// lines naming first-level regions by code, and "C" lines, one per town.

// geoIndex is the GeoNames index as read.
type geoIndex struct {
	admin  map[string]string // "RU.41" → GeoNames' name of the region
	codes  []string          // the admin codes in file order
	cities []geoCity
	// countries are the countries of the world, for those the curated list
	// lacks: placed at their capital.
	countries []geoCountry
	// districts are Russia's raions, by the adjective they are named by.
	districts []geoDistrict
}

type geoDistrict struct {
	stem, country, admin string
	lat, lon             float64 // 0, 0: not known, the region's are used
}

type geoCountry struct {
	code, name string
	aliases    []string
	lat, lon   float64
	word       bool
}

type geoCity struct {
	name, country, admin string
	population           int
	lat, lon             float64
	capital, word        bool
}

func (x *geoIndex) size() int {
	return len(x.codes) + len(x.cities) + len(x.countries) + len(x.districts)
}

// Towns prominent enough to be named without a preposition: a regional
// capital of this size, or any town of the other.
const (
	prominentCapital = 20000
	prominentTown    = 50000
)

// readIndex parses the gzipped index; nil data is an empty index.
func readIndex(data []byte) (*geoIndex, error) {
	x := &geoIndex{admin: map[string]string{}}
	if data == nil {
		return x, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("places: geonames index: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("places: geonames index: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		bad := func(why string) error { return fmt.Errorf("places: geonames index line %d: %s", n, why) }
		switch {
		case f[0] == "A" && len(f) == 3:
			if _, dup := x.admin[f[1]]; dup {
				return nil, bad("region code listed twice")
			}
			x.admin[f[1]] = f[2]
			x.codes = append(x.codes, f[1])
		case f[0] == "C" && len(f) == 8:
			pop, err1 := strconv.Atoi(f[4])
			lat, err2 := strconv.ParseFloat(f[5], 64)
			lon, err3 := strconv.ParseFloat(f[6], 64)
			if err1 != nil || err2 != nil || err3 != nil || f[1] == "" {
				return nil, bad("malformed town")
			}
			x.cities = append(x.cities, geoCity{name: f[1], country: f[2], admin: f[3], population: pop,
				lat: lat, lon: lon, capital: strings.Contains(f[7], "c"), word: strings.Contains(f[7], "w")})
		case f[0] == "K" && len(f) == 7:
			lat, err1 := strconv.ParseFloat(f[3], 64)
			lon, err2 := strconv.ParseFloat(f[4], 64)
			if err1 != nil || err2 != nil || len(f[1]) != 2 || f[2] == "" {
				return nil, bad("malformed country")
			}
			var aliases []string
			if f[5] != "" {
				aliases = strings.Split(f[5], "|")
			}
			x.countries = append(x.countries, geoCountry{code: f[1], name: f[2], aliases: aliases, lat: lat, lon: lon,
				word: strings.Contains(f[6], "w")})
		case f[0] == "D" && len(f) == 6:
			var lat, lon float64
			var err1, err2 error
			if f[4] != "" || f[5] != "" {
				lat, err1 = strconv.ParseFloat(f[4], 64)
				lon, err2 = strconv.ParseFloat(f[5], 64)
			}
			if err1 != nil || err2 != nil || f[1] == "" || !placeCapital(f[1]) {
				return nil, bad("malformed district")
			}
			x.districts = append(x.districts, geoDistrict{stem: f[1], country: f[2], admin: f[3], lat: lat, lon: lon})
		default:
			return nil, bad("unknown record")
		}
	}
	return x, sc.Err()
}

// addGeoNames adds the GeoNames towns to a gazetteer that holds the curated
// entries. A town the curated list already has (the same name in the same
// country) only lends it its population; the others are added with the
// region their admin code names: a curated region where one carries that
// code, else a region made from GeoNames' own name for it.
func (g *Gazetteer) addGeoNames(recs []placeRecord, x *geoIndex) error {
	if len(x.cities) == 0 {
		return nil
	}
	for _, c := range x.countries {
		if g.countries[c.code] != nil || g.byName[c.name] != nil {
			continue // the curated entry knows it better
		}
		g.places = append(g.places, Place{Name: c.name, Kind: "country", Country: c.code, Lat: c.lat, Lon: c.lon,
			geonames: true, cue: c.word})
		p := &g.places[len(g.places)-1]
		g.byName[c.name] = p
		g.countries[c.code] = p
		for _, s := range append([]string{c.name}, c.aliases...) {
			f, err := newPlaceForm(s)
			if err != nil || g.forms[f.key()] != nil {
				continue // a name another place already has keeps its meaning
			}
			if err := g.add(s, p, false, placeGeoNames); err != nil {
				return err
			}
			g.forms[f.key()].spelling = true
		}
	}
	regions := map[string]*Place{}
	for i := range recs {
		if c := recs[i].Admin1; c != "" {
			regions[c] = &g.places[i]
		}
	}
	// The towns of each code, for the coordinates of made regions.
	first := map[string]*geoCity{}
	for i := range x.cities {
		c := &x.cities[i]
		code := c.country + "." + c.admin
		if f := first[code]; f == nil || c.capital && !f.capital {
			first[code] = c
		}
	}
	for _, code := range x.codes {
		if regions[code] != nil || first[code] == nil {
			continue
		}
		c := first[code]
		name := madeRegionName(x.admin[code], c.country)
		if g.byName[name] != nil {
			name += " (" + code + ")" // never two regions of one name
		}
		g.places = append(g.places, Place{Name: name, Kind: "region", Country: c.country, Lat: c.lat, Lon: c.lon,
			geonames: true})
		p := &g.places[len(g.places)-1]
		g.byName[name] = p
		regions[code] = p
		// Only Russia's and Ukraine's regions are named in the news by
		// their own names; elsewhere the name is a label only.
		if c.country == "RU" || c.country == "UA" {
			forms := []string{name}
			if stem, ok := strings.CutSuffix(name, " Oblast"); ok {
				forms = append(forms, stem+" region", stem+" province")
			}
			for _, s := range forms {
				if err := g.add(s, p, false, placeGeoNames); err != nil {
					return err
				}
			}
		}
	}
	for i := range x.cities {
		c := &x.cities[i]
		f, err := newPlaceForm(geoName(c.name))
		if err != nil {
			continue // a name that does not start with a capital letter
		}
		key := f.key()
		if old := g.forms[key]; old != nil && !old.place.geonames && old.place.Country == c.country &&
			(old.place.Kind == "city" || old.place.Kind == "crossing") {
			if old.place.Population == 0 {
				old.place.Population = c.population
			}
			continue
		}
		region := ""
		if r := regions[c.country+"."+c.admin]; r != nil {
			region = r.Name
		}
		prominent := c.capital && c.population >= prominentCapital || c.population >= prominentTown
		g.places = append(g.places, Place{Name: c.name, Kind: "city", Region: region, Country: c.country,
			Lat: c.lat, Lon: c.lon, Population: c.population, geonames: true,
			cue: len(f.words) == 1 && (c.word || !prominent)})
		p := &g.places[len(g.places)-1]
		fresh := g.forms[key] == nil
		if err := g.add(geoName(c.name), p, len(f.words) == 1, placeGeoNames); err != nil {
			return err
		}
		if fresh {
			g.forms[key].spelling = true
		}
	}
	return g.addDistricts(regions, x)
}

// addDistricts adds Russia's raions as places of kind city (marked
// district), in the
// region their admin code names, found only as a phrase: "Kabansky
// district", "the Kabanskiy raion", Yakutia's "Churapchinsky ulus" (never
// the bare adjective). The label
// is the adjective with "District".
func (g *Gazetteer) addDistricts(regions map[string]*Place, x *geoIndex) error {
	for _, d := range x.districts {
		r := regions[d.country+"."+d.admin]
		if r == nil {
			continue
		}
		lat, lon := d.lat, d.lon
		if lat == 0 && lon == 0 {
			lat, lon = r.Lat, r.Lon // somewhere in its region: all a chronology's map can say
		}
		stem := geoName(d.stem)
		if f, err := newPlaceForm(stem + " District"); err != nil || g.districtIn(f.key(), r.Name) {
			continue // one district under two spellings (Eveno-Bytantaysky, -skiy)
		}
		g.places = append(g.places, Place{Name: stem + " District", Kind: "city", Region: r.Name, Country: d.country,
			Lat: lat, Lon: lon, geonames: true, district: true})
		p := &g.places[len(g.places)-1]
		for _, s := range []string{stem + " District", stem + " raion", stem + " ulus"} {
			f, err := newPlaceForm(s)
			if err != nil {
				break
			}
			fresh := g.forms[f.key()] == nil
			if err := g.add(s, p, false, placeGeoNames); err != nil {
				return err
			}
			if fresh {
				g.forms[f.key()].spelling = true
			}
		}
	}
	return nil
}

// districtIn reports whether the form key already names a district of region.
func (g *Gazetteer) districtIn(key, region string) bool {
	f := g.forms[key]
	if f == nil {
		return false
	}
	for _, p := range append([]*Place{f.place}, f.others...) {
		if p.district && p.Region == region {
			return true
		}
	}
	return false
}

// geoName is a GeoNames name as news prints it: without the apostrophes
// that transliterate the soft sign ("Noril'sk", "Kazan’").
func geoName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\'', '’', 'ʹ', 'ʼ', '`':
			return -1
		}
		return r
	}, s)
}

// madeRegionName turns GeoNames' name of a region the curated list lacks
// into the form news uses: Ukraine's oblasts go by their centre's name
// ("Cherkasy" → "Cherkasy Oblast").
func madeRegionName(name, country string) string {
	if country == "UA" && !placeHasRegionWord(name) && !strings.HasSuffix(name, " City") {
		return name + " Oblast"
	}
	return name
}
