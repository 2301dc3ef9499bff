package places

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// testGazetteer loads the embedded gazetteer or stops the test.
func testGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := NewGazetteer()
	if err != nil {
		t.Fatalf("NewGazetteer: %v", err)
	}
	return g
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * 6371 * math.Asin(math.Sqrt(a))
}

func TestPlaceData(t *testing.T) {
	g := testGazetteer(t)
	places := g.Places()

	t.Run("entries", func(t *testing.T) {
		seen := map[string]bool{}
		for _, p := range places {
			if err := checkPlace(&p); err != nil {
				t.Error(err)
			}
			if p.geonames && p.Kind == "city" {
				// GeoNames has many towns of one name; each must be
				// found by it, among the others.
				if !lookupAmong(g, geoName(p.Name), p) {
					t.Errorf("%q (%s) is not found by its name", p.Name, p.Region)
				}
				continue
			}
			if p.geonames && p.Country != "RU" && p.Country != "UA" {
				continue // a region named for its towns' labels only
			}
			if seen[p.Name] {
				t.Errorf("%q listed twice", p.Name)
			}
			seen[p.Name] = true
			if got := g.Lookup(p.Name); got == nil || got.Name != p.Name {
				t.Errorf("Lookup(%q) = %v, want the entry itself", p.Name, got)
			}
			for _, a := range p.Aliases {
				if got := g.Lookup(a); got == nil || got.Name != p.Name {
					t.Errorf("Lookup(%q) = %v, want %q", a, got, p.Name)
				}
			}
		}
	})

	// Coordinates are typed from knowledge, so check them against where
	// the place must be: a swapped or mistyped pair lands far outside.
	t.Run("coordinates", func(t *testing.T) {
		boxes := map[string][4]float64{ // lat min, lat max, lon min, lon max
			"RU": {41, 82, 19, 191},
			"UA": {44, 53, 22, 41},
		}
		for _, p := range places {
			if b, ok := boxes[p.Country]; ok && p.Kind != "country" {
				lon := p.Lon
				if p.Country == "RU" && lon < -168 {
					lon += 360 // Chukotka reaches over the antimeridian
				}
				if p.Lat < b[0] || p.Lat > b[1] || lon < b[2] || lon > b[3] {
					t.Errorf("%q at %v,%v is outside %s", p.Name, p.Lat, p.Lon, p.Country)
				}
			}
			r := g.Region(&p)
			if p.Region != "" && r == nil {
				t.Errorf("%q: region %q not found", p.Name, p.Region)
				continue
			}
			if r == nil {
				continue
			}
			if r.Kind != "region" {
				t.Errorf("%q: region %q has kind %q", p.Name, r.Name, r.Kind)
			}
			if r.Country != p.Country && p.Kind == "city" {
				t.Errorf("%q in %s, its region %q in %s", p.Name, p.Country, r.Name, r.Country)
			}
			// Norilsk to Krasnoyarsk is about 1,500 km, Dikson on the
			// Kara Sea 2,000; nothing is further.
			if d := distanceKm(p.Lat, p.Lon, r.Lat, r.Lon); d > 2100 {
				t.Errorf("%q is %.0f km from its region %q", p.Name, d, r.Name)
			}
		}
	})

	t.Run("coverage", func(t *testing.T) {
		count := map[string]int{}
		for _, p := range places {
			count[p.Kind]++
			if p.Kind == "region" && p.Country == "RU" {
				count["RU region"]++
			}
		}
		// The 83 federal subjects Russia had before 2014; Crimea,
		// Sevastopol and the 2022 claims are listed as Ukrainian.
		if got, want := count["RU region"], 83; got != want {
			t.Errorf("Russian regions = %d, want %d", got, want)
		}
		if got := count["city"]; got < 250 {
			t.Errorf("cities = %d, want at least 250", got)
		}
		for _, k := range []string{"country", "area", "crossing"} {
			if count[k] == 0 {
				t.Errorf("no %s", k)
			}
		}
		for _, p := range places {
			if p.Kind == "region" && p.Country == "RU" && !strings.Contains(p.Name, "federal city") {
				capital := false
				for _, c := range places {
					if c.Kind == "city" && c.Region == p.Name {
						capital = true
						break
					}
				}
				if !capital {
					t.Errorf("%q has no city", p.Name)
				}
			}
		}
	})
}

// lookupAmong reports whether name finds p, as the likeliest place of that
// name or one of the others Find chooses among.
func lookupAmong(g *Gazetteer, name string, p Place) bool {
	r, size := utf8.DecodeRuneInString(name)
	f, err := newPlaceForm(strings.ToUpper(string(r)) + name[size:])
	if err != nil {
		return false
	}
	pf := g.forms[f.key()]
	if pf == nil {
		return false
	}
	return slices.ContainsFunc(append([]*Place{pf.place}, pf.others...), func(q *Place) bool {
		return q.Name == p.Name && q.Region == p.Region && q.Lat == p.Lat && q.Lon == p.Lon
	})
}

func TestGazetteerRejects(t *testing.T) {
	const ok = `{"name": "Kursk Oblast", "kind": "region", "country": "RU", "lat": 51.7, "lon": 36.2}`
	tests := []struct {
		name, data string
	}{
		{"not JSON", `[`},
		{"unknown field", `[{"name": "Kursk", "kind": "city", "country": "RU", "lat": 51.7, "lon": 36.2, "aliasses": ["x"]}]`},
		{"unknown kind", `[{"name": "Kursk", "kind": "town", "country": "RU", "lat": 51.7, "lon": 36.2}]`},
		{"latitude", `[{"name": "Kursk", "kind": "country", "country": "RU", "lat": 91, "lon": 36.2}]`},
		{"longitude", `[{"name": "Kursk", "kind": "country", "country": "RU", "lat": 51.7, "lon": -181}]`},
		{"no coordinates", `[{"name": "Kursk", "kind": "country", "country": "RU"}]`},
		{"country code", `[{"name": "Kursk", "kind": "country", "country": "Rus", "lat": 51.7, "lon": 36.2}]`},
		{"duplicate name", `[` + ok + `,` + ok + `]`},
		{"missing region", `[{"name": "Kursk", "kind": "city", "region": "Kursk Krai", "country": "RU", "lat": 51.7, "lon": 36.2}]`},
		{"city without region", `[{"name": "Kursk", "kind": "city", "country": "RU", "lat": 51.7, "lon": 36.2}]`},
		{"region of a region", `[` + ok + `, {"name": "Kursk Krai", "kind": "region", "region": "Kursk Oblast", "country": "RU", "lat": 51.7, "lon": 36.2}]`},
		{"alias names another place", `[` + ok + `, {"name": "Kursk", "kind": "city", "region": "Kursk Oblast", "country": "RU", "lat": 51.7, "lon": 36.2, "aliases": ["Kursk Oblast"]}]`},
		{"same alias twice", `[{"name": "Kursk", "kind": "country", "country": "RU", "lat": 51.7, "lon": 36.2, "aliases": ["Kursk"]}]`},
		{"lower-case alias", `[{"name": "Kursk", "kind": "country", "country": "RU", "lat": 51.7, "lon": 36.2, "aliases": ["kursk town"]}]`},
		{"derived clash", `[` + ok + `, {"name": "Kursk region", "kind": "area", "country": "RU", "lat": 51.7, "lon": 36.2}]`},
		{"across from a city", `[` + ok + `, {"name": "Kursk", "kind": "city", "across": "UA", "region": "Kursk Oblast", "country": "RU", "lat": 51.7, "lon": 36.2}]`},
		{"across into itself", `[` + ok + `, {"name": "Sudzha", "kind": "crossing", "across": "RU", "region": "Kursk Oblast", "country": "RU", "lat": 51.2, "lon": 35.3}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := newGazetteer([]byte(tt.data), nil); err == nil {
				t.Error("newGazetteer accepted broken data")
			}
		})
	}
	t.Run("valid", func(t *testing.T) {
		if _, err := newGazetteer([]byte(`[`+ok+`]`), nil); err != nil {
			t.Error(err)
		}
	})
}

func TestFind(t *testing.T) {
	g := testGazetteer(t)
	type want struct{ text, place string }
	tests := []struct {
		text string
		want []want
	}{
		{"in the Kursk region", []want{{"Kursk region", "Kursk Oblast"}}},
		{"in Kursk Oblast", []want{{"Kursk Oblast", "Kursk Oblast"}}},
		{"in Kursk on Monday", []want{{"Kursk", "Kursk"}}},
		{"The Rostov governor said", []want{{"Rostov", "Rostov Oblast"}}},
		{"Kursk governor Alexander Khinshtein", []want{{"Kursk", "Kursk Oblast"}}},
		{"Kursk's governor", []want{{"Kursk", "Kursk Oblast"}}},
		{"Belgorod regional authorities", []want{{"Belgorod", "Belgorod Oblast"}}},
		{"the Kursk, Belgorod and Bryansk regions", []want{{"Kursk", "Kursk Oblast"}, {"Belgorod", "Belgorod Oblast"}, {"Bryansk", "Bryansk Oblast"}}},
		{"the Moscow region", []want{{"Moscow region", "Moscow Oblast"}}},
		{"Rostov-on-Don", []want{{"Rostov-on-Don", "Rostov-on-Don"}}},
		{"penal colonies in the Ryazan region near Moscow and in Stavropol in the North Caucasus", []want{
			{"Ryazan region", "Ryazan Oblast"}, {"Moscow", "Moscow"}, {"Stavropol", "Stavropol"}, {"North Caucasus", "North Caucasus"},
		}},
		{"in Russia’s Dagestan region", []want{{"Russia", "Russia"}, {"Dagestan region", "Republic of Dagestan"}}},
		{"Dagestan's capital", []want{{"Dagestan", "Republic of Dagestan"}}},
		{"the Republic of Buryatia", []want{{"Republic of Buryatia", "Republic of Buryatia"}}},
		{"Buryat soldiers", []want{{"Buryat", "Republic of Buryatia"}}},
		{"Dagestanis and Yakuts", []want{{"Dagestanis", "Republic of Dagestan"}, {"Yakuts", "Sakha Republic"}}},
		{"Crimean Tatars", []want{{"Crimean Tatars", "Crimea"}}},
		{"South Ossetian officials", []want{{"South Ossetian", "South Ossetia"}}},
		{"the Russian-controlled town of Bryanka in the Luhansk region", []want{{"Bryanka", "Bryanka"}, {"Luhansk region", "Luhansk Oblast"}}},
		{"the Lugansk People’s Republic", []want{{"Lugansk People’s Republic", "Luhansk Oblast"}}},
		{"in St Petersburg", []want{{"St Petersburg", "Saint Petersburg"}}},
		{"in St. Petersburg", []want{{"St. Petersburg", "Saint Petersburg"}}},
		{"Saint Petersburg", []want{{"Saint Petersburg", "Saint Petersburg"}}},
		{"Санкт-Петербург", []want{{"Санкт-Петербург", "Saint Petersburg"}}},
		{"в Санкт-Петербурге и Москве", []want{{"Санкт-Петербурге", "Saint Petersburg"}, {"Москве", "Moscow"}}},
		{"в Курской области", []want{{"Курской области", "Kursk Oblast"}}},
		{"в Краснодарском крае", []want{{"Краснодарском крае", "Krasnodar Krai"}}},
		{"Орел и Орёл", []want{{"Орел", "Oryol"}, {"Орёл", "Oryol"}}},
		{"lines to cross into Georgia, Kazakhstan, and Armenia", []want{{"Georgia", "Georgia"}, {"Kazakhstan", "Kazakhstan"}, {"Armenia", "Armenia"}}},
		{"queues at Upper Lars", []want{{"Upper Lars", "Upper Lars"}}},
		{"the Verkhny Lars checkpoint", []want{{"Verkhny Lars checkpoint", "Upper Lars"}}},
		{"the Narva crossing into Narva", []want{{"Narva crossing", "Narva–Ivangorod"}, {"Narva", "Narva"}}},
		{"a half marathon in Siberia in May", []want{{"Siberia", "Siberia"}}},
		{"the far eastern city of Yakutsk", []want{{"Yakutsk", "Yakutsk"}}},
		{"in the Far East", []want{{"Far East", "Russian Far East"}}},
		{"Nizhny Novgorod and Novgorod", []want{{"Nizhny Novgorod", "Nizhny Novgorod"}, {"Novgorod", "Veliky Novgorod"}}},
		{"Ulan Ude", []want{{"Ulan Ude", "Ulan-Ude"}}},
		{"the U.S. and the UK", []want{{"U.S.", "United States"}, {"UK", "United Kingdom"}}},
		{"Zaporozhye and Kharkov", []want{{"Zaporozhye", "Zaporizhzhia"}, {"Kharkov", "Kharkiv"}}},
		{"Vladimir Putin said", nil},
		{"the head of the republic, Aisen Nikolaev, said", nil},
		{"Russia's Belgorod was shelled", []want{{"Russia", "Russia"}, {"Belgorod", "Belgorod"}}},
		{"On Sunday Kursk was quiet", []want{{"Kursk", "Kursk"}}},
		{"he flew to Vladimir.", []want{{"Vladimir", "Vladimir"}}},
		{"Владимир Путин", nil},
		{"the Engels Air Base", []want{{"Engels", "Engels"}}},
		{"KURSK", []want{{"KURSK", "Kursk"}}},
		{"Kursk\xff region", []want{{"Kursk", "Kursk"}}},
		{"May", nil},
		{"the mir and may; kursk, moscow and siberia in lower case", nil},
		{"Kursk2 Kursks Russian Ukrainian", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := g.Find(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("Find(%q) = %v, want %d mentions", tt.text, got, len(tt.want))
			}
			from := 0
			for i, w := range tt.want {
				m := got[i]
				at := strings.Index(tt.text[from:], w.text) + from
				if m.Start != at || m.End != at+len(w.text) {
					t.Errorf("mention %d at %d:%d, want %d:%d", i, m.Start, m.End, at, at+len(w.text))
				}
				if m.Text != w.text || tt.text[m.Start:m.End] != m.Text {
					t.Errorf("mention %d text %q, want %q", i, m.Text, w.text)
				}
				if m.Place == nil || m.Place.Name != w.place {
					t.Errorf("mention %d %q is %v, want %q", i, m.Text, m.Place, w.place)
				}
				from = m.End
			}
		})
	}
}

func TestFindLongInput(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, text string
		want       int
	}{
		{"one huge word", strings.Repeat("Ж", 1<<20), 0},
		{"invalid bytes", strings.Repeat("\xff\xfe", 1<<19), 0},
		{"a name over and over", strings.Repeat("Kursk ", 1<<16), 1 << 16},
		{"an unfinished list", strings.Repeat("Kursk and ", 1<<16), 1 << 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(g.Find(tt.text)); got != tt.want {
				t.Errorf("%d mentions, want %d", got, tt.want)
			}
		})
	}
}

func TestGazetteerLookup(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ name, want string }{
		{"Kursk", "Kursk"},
		{"kursk region", "Kursk Oblast"},
		{"KURSK OBLAST", "Kursk Oblast"},
		{"Курская область", "Kursk Oblast"},
		{"Buryatia", "Republic of Buryatia"},
		{"buryat republic", "Republic of Buryatia"},
		{"Buryat", "Republic of Buryatia"},
		{"St. Petersburg", "Saint Petersburg"},
		{"Санкт-Петербург", "Saint Petersburg"},
		{"Lugansk", "Luhansk"},
		{"Stakhanov", "Kadiivka"},
		{"Nizhniy Novgorod", "Nizhny Novgorod"},
		{"U.S.", "United States"},
		{"Verkhny Lars", "Upper Lars"},
		{"Moscow", "Moscow"},
		{"Moscow region", "Moscow Oblast"},
		{"Moscow (federal city)", "Moscow (federal city)"},
		{"Nowhere", ""},
		{"Russian", ""},
		{"", ""},
		{"  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := g.Lookup(tt.name)
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("Lookup(%q) = %q, want nil", tt.name, got.Name)
			case tt.want != "" && (got == nil || got.Name != tt.want):
				t.Errorf("Lookup(%q) = %v, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestGazetteerRegion(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ place, want string }{
		{"Bryanka", "Luhansk Oblast"},
		{"Yakutsk", "Sakha Republic"},
		{"Moscow", "Moscow (federal city)"},
		{"Upper Lars", "Republic of North Ossetia–Alania"},
		{"Kursk Oblast", ""},
		{"Georgia", ""},
		{"Tbilisi", ""},
	}
	for _, tt := range tests {
		t.Run(tt.place, func(t *testing.T) {
			p := g.Lookup(tt.place)
			if p == nil {
				t.Fatalf("Lookup(%q) = nil", tt.place)
			}
			got := g.Region(p)
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("Region(%q) = %q, want nil", tt.place, got.Name)
			case tt.want != "" && (got == nil || got.Name != tt.want):
				t.Errorf("Region(%q) = %v, want %q", tt.place, got, tt.want)
			}
		})
	}
	if g.Region(nil) != nil {
		t.Error("Region(nil) != nil")
	}
}

func TestGazetteerPlacesIsACopy(t *testing.T) {
	g := testGazetteer(t)
	ps := g.Places()
	ps[0].Name = "changed"
	if g.Places()[0].Name == "changed" {
		t.Error("Places returned the gazetteer's own slice")
	}
}

func FuzzFind(f *testing.F) {
	g := testGazetteer(f)
	for _, s := range []string{
		"in the Kursk region", "Russia’s Dagestan region", "the U.S.", "Kursk, Belgorod and Bryansk regions",
		"Санкт-Петербурге", "Vladimir Putin", "Kursk's governor", "Republic of Sakha (Yakutia)",
		"Washington, D.C.", "\xff\xfeKursk", "Kursk\u0301", strings.Repeat("K", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, m := range g.Find(text) {
			if m.Start < end || m.Start >= m.End || m.End > len(text) {
				t.Fatalf("mention %d:%d after %d in %q", m.Start, m.End, end, text)
			}
			if text[m.Start:m.End] != m.Text || m.Place == nil {
				t.Fatalf("bad mention %+v in %q", m, text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(m.Text) {
				t.Fatalf("mention %q splits a character", m.Text)
			}
			end = m.End
		}
	})
}

// benchText reads like the reports Find is for: mostly prose, a few places.
const benchText = `Russia's partial mobilisation, announced on September 21, sent tens of
thousands of men to the borders. Queues at Upper Lars, the only crossing into Georgia,
stretched for kilometres, and thousands more left for Kazakhstan, Armenia and Finland.
Activists said Buryat and Dagestani men were called up at far higher rates than those in
Moscow or St Petersburg. In the Kursk region, the governor said drones had hit a power
station; officials in the Belgorod and Bryansk regions reported shelling. Recruits from
Yakutsk were sent to the Russian-controlled town of Bryanka in the Luhansk region, and
penal colonies in the Ryazan region near Moscow and in Stavropol supplied volunteers.
`

func BenchmarkFind(b *testing.B) {
	g := testGazetteer(b)
	// About 7 KB: Find runs once per article, and a long report is this size.
	text := strings.Repeat(benchText, 8)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		g.Find(text)
	}
}

func BenchmarkNewGazetteer(b *testing.B) {
	for b.Loop() {
		if _, err := NewGazetteer(); err != nil {
			b.Fatal(err)
		}
	}
}
