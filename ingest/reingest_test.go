package ingest_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"timeline/extract/places"
	"timeline/ingest"
	"timeline/models"
	"timeline/pglocal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// seeds are the seed articles beside the repository with the publication
// dates the evaluation gives them.
func seeds(t *testing.T) (map[string][]byte, map[string]*time.Time) {
	t.Helper()
	files, _ := filepath.Glob("../../shared/seeds/*.txt")
	raw, err := os.ReadFile("../../shared/eval/seeds-gold.json")
	if len(files) == 0 || err != nil {
		t.Skip("no seed articles beside the repository")
	}
	var gold struct {
		Documents []struct{ File, Published string }
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	pub := map[string]*time.Time{}
	for _, d := range gold.Documents {
		if p, err := time.Parse(time.DateOnly, d.Published); err == nil {
			pub[d.File] = &p
		}
	}
	texts := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(f)] = b
	}
	return texts, pub
}

// TestReingestEditedSeeds ingests the seeds and publishes their events, an
// editor retitles one, then edited copies of the seeds (a word corrected,
// then a paragraph added) are ingested: each attaches to its source and
// events, no event is published anew, the editor's title stays, and every
// quote points at its words in the new text or is marked unanchored.
func TestReingestEditedSeeds(t *testing.T) {
	texts, pub := seeds(t)
	ctx := context.Background()
	dsn := pgtest.New(t)
	store, err := models.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	gaz, err := places.NewGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	put := func(name string, raw []byte, status models.Status) models.IngestResult {
		t.Helper()
		doc, err := ingest.Read(raw, name, "", "", pub[name], false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res, err := store.Ingest(ctx, ingest.SourceOf(doc, ""), ingest.NewEvents(doc, gaz, status), ingest.SameHappening)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return res
	}

	first := map[string]models.IngestResult{}
	for name, raw := range texts {
		first[name] = put(name, raw, models.StatusPublished)
	}
	var curated int64
	for _, res := range first {
		if len(res.EventIDs) > 0 {
			curated = res.EventIDs[0]
			break
		}
	}
	if curated == 0 {
		t.Fatal("the seeds gave no events")
	}
	if _, err := db.Exec(`UPDATE events SET title = 'An editor''s title', version = version + 1 WHERE id = $1`, curated); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d events published from %d articles", count(`SELECT count(*) FROM events`), len(texts))
	published, sources := count(`SELECT count(*) FROM events WHERE status = 'published'`), count(`SELECT count(*) FROM sources`)

	const added = "\n\nIn a paragraph added for this test, police in Omsk detained 12 people at a protest against the mobilization on 25 September 2022.\n"
	edits := []struct {
		name string
		edit func(string) string
	}{
		{"a word corrected", func(s string) string {
			i := strings.Index(s, " the ")
			if i < 0 {
				t.Fatal("no ' the ' to correct")
			}
			return s[:i] + " this " + s[i+len(" the "):]
		}},
		{"a paragraph added", func(s string) string { return s + added }},
	}
	text := map[string]string{}
	for name, raw := range texts {
		text[name] = string(raw)
	}
	for _, ed := range edits {
		t.Run(ed.name, func(t *testing.T) {
			for name := range texts {
				text[name] = ed.edit(text[name])
				res := put(name, []byte(text[name]), models.StatusPublished)
				if !res.Version || res.SourceID != first[name].SourceID {
					t.Errorf("%s: %+v, want a new version of source %d", name, res, first[name].SourceID)
				}
				t.Logf("%s: %d updated, %d linked, %d new drafts, %d no longer quoted", name, res.Updated, res.Linked, res.Created, res.Stale)
				if res.Updated == 0 {
					t.Errorf("%s: no event of the earlier version was updated: %+v", name, res)
				}
			}
			if n := count(`SELECT count(*) FROM sources`); n != sources {
				t.Errorf("sources %d → %d", sources, n)
			}
			if n := count(`SELECT count(*) FROM events WHERE status = 'published'`); n != published {
				t.Errorf("published events %d → %d: a re-ingest published new events", published, n)
			}
			if n := count(`SELECT count(*) FROM events WHERE id = $1 AND title = 'An editor''s title' AND status = 'published'`, curated); n != 1 {
				t.Error("the editor's title or status was lost")
			}
			if n := count(`SELECT count(*) FROM event_sources es JOIN sources s ON s.id = es.source_id
				WHERE es.quote_start IS NOT NULL AND substr(convert_to(s.body, 'UTF8'), es.quote_start + 1, es.quote_end - es.quote_start) <> convert_to(es.quote, 'UTF8')`); n != 0 {
				t.Errorf("%d quotes do not match their offsets in the new text", n)
			}
			for name, res := range first {
				for _, id := range res.EventIDs {
					if count(`SELECT count(*) FROM event_sources WHERE event_id = $1 AND source_id = $2`, id, res.SourceID) != 1 {
						t.Errorf("%s: event %d lost its source", name, id)
					}
				}
			}
		})
	}
	if n := count(`SELECT count(*) FROM events WHERE status = 'draft'`); n > len(texts) {
		t.Errorf("%d drafts from one added paragraph in %d articles", n, len(texts))
	}
	// The same edited text once more: nothing at all.
	for name := range texts {
		if res := put(name, []byte(text[name]), models.StatusPublished); !res.Existing {
			t.Errorf("%s: the same text again: %+v", name, res)
		}
	}
}

// An article at the same address is a new version whatever changed; one at
// another address is another source even with the same words (a wire story
// two outlets printed), and its events gain it as a source.
func TestReingestByURL(t *testing.T) {
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	gaz, err := places.NewGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2022, 9, 26, 0, 0, 0, 0, time.UTC)
	const article = "Police detain dozens at anti-draft rally in Novosibirsk\n\n" +
		"Police in Novosibirsk detained at least 40 people on Saturday at a rally against the mobilization, a rights group said.\n\n" +
		"A man threw a firebomb at a military enlistment office in Nizhny Novgorod on 24 September, local media reported. Nobody was hurt.\n"
	put := func(text, addr string) models.IngestResult {
		t.Helper()
		doc, err := ingest.Read([]byte(text), "a.txt", "", addr, &pub, false)
		if err != nil {
			t.Fatal(err)
		}
		res, err := store.Ingest(ctx, ingest.SourceOf(doc, addr), ingest.NewEvents(doc, gaz, models.StatusPublished), ingest.SameHappening)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := put(article, "https://one.example/rally")
	if a.Created < 2 {
		t.Fatalf("first ingest: %+v", a)
	}
	rewritten := strings.Replace(article, "at least 40 people", "at least 45 people", 1) + "\n\nThe rights group said most were released by evening.\n"
	if b := put(rewritten, "https://one.example/rally"); !b.Version || b.SourceID != a.SourceID || b.Created != 0 || b.Updated < 2 {
		t.Errorf("same address: %+v, want a version of source %d updating its events", b, a.SourceID)
	}
	if c := put(article, "https://two.example/wire/rally"); c.Version || c.Existing || c.SourceID == a.SourceID || c.Created != 0 || c.Linked < 2 {
		t.Errorf("another address: %+v, want a new source linked to the events", c)
	}
}
