package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// seedsDir holds the seed articles beside the repository; they are not
// copied into it.
const seedsDir = "../../shared/seeds"

// seedPublished are the publication dates the evaluation gives each seed.
func seedPublished(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(seedsDir, "..", "eval", "seeds-gold.json"))
	if err != nil {
		t.Skipf("no gold file beside the seeds: %v", err)
	}
	var gold struct {
		Documents []struct{ File, Published string }
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range gold.Documents {
		out[d.File] = d.Published
	}
	return out
}

// goldenEvent is what the golden files record of an event.
type goldenEvent struct {
	Type          string   `json:"type"`
	Start         string   `json:"start"`
	End           string   `json:"end"`
	Precision     string   `json:"precision"`
	DateText      string   `json:"date_text,omitempty"`
	Title         string   `json:"title"`
	Location      string   `json:"location,omitempty"`
	Actors        []string `json:"actors,omitempty"`
	Numbers       []string `json:"numbers,omitempty"`
	EvidenceStart int      `json:"evidence_start"`
	EvidenceEnd   int      `json:"evidence_end"`
	Evidence      string   `json:"evidence"`
	Confidence    float64  `json:"confidence"`
}

// TestGolden runs the extractor over each seed article and compares the
// events with testdata/golden/<file>.json; run with -update to rewrite them
// after a deliberate change.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no seed articles in %s", seedsDir)
	}
	published := seedPublished(t)
	g := eventsGazetteer(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			pub, err := time.Parse(time.DateOnly, published[name])
			if err != nil {
				t.Skipf("no publication date for %s in the gold file", name)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := FromText(raw, &pub, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []goldenEvent
			for _, e := range Events(doc, g) {
				got = append(got, goldenEvent{
					Type: e.Type, Start: e.Start.Format(time.DateOnly), End: e.End.Format(time.DateOnly),
					Precision: string(e.Precision), DateText: e.DateText, Title: e.Title, Location: e.Location,
					Actors: e.Actors, Numbers: e.Numbers, EvidenceStart: e.EvidenceStart, EvidenceEnd: e.EvidenceEnd,
					Evidence: e.Evidence, Confidence: e.Confidence,
				})
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".txt")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("events differ from %s (run with -update after a deliberate change):\n%s", golden, firstDiff(buf.String(), string(want)))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got " + gl + "\nwant " + wl
		}
	}
	return ""
}
