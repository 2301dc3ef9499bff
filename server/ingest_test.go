package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"timeline/fetch"
	"timeline/ingest"
	"timeline/models"
	"timeline/pglocal/pgtest"
)

// ingestArticle is written for this test, in the register of wire copy.
const ingestArticle = `Police detain dozens at anti-draft rally in Novosibirsk

Police in Novosibirsk detained at least 40 people on Saturday at a rally against the mobilization, a rights group said.

A man threw a firebomb at a military enlistment office in Nizhny Novgorod on 24 September, local media reported. Nobody was hurt.
`

const ingestPage = `<!DOCTYPE html><html><head><title>Queues grow at the Georgian border</title>
<meta property="og:site_name" content="Example Daily">
<meta property="article:published_time" content="2022-09-28T09:00:00+03:00"></head>
<body><article><h1>Queues grow at the Georgian border</h1>
<p>Thousands of Russian men fleeing the mobilization queued for days at the Upper Lars crossing into Georgia this week, officials in Tbilisi said.</p>
<p>Kazakhstan said on Tuesday that 98,000 Russians had crossed its border since the call-up was announced.</p>
</article></body></html>`

type upload struct{ name, body string }

// postIngest sends the ingest form as a browser does: multipart, with
// the session's token.
func (b *browser) postIngest(tok string, fields url.Values, files ...upload) answer {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", tok)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range files {
		part, _ := w.CreateFormFile("files", f.name)
		io.WriteString(part, f.body)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.site.srv.URL+"/admin/ingest", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

type jobAnswer struct {
	State  string `json:"state"`
	Done   int    `json:"done"`
	Total  int    `json:"total"`
	Drafts int    `json:"drafts"`
	Errors []struct {
		Article string `json:"article"`
		Error   string `json:"error"`
	} `json:"errors"`
	Articles []struct {
		Name    string `json:"name"`
		State   string `json:"state"`
		Outcome string `json:"outcome"`
	} `json:"articles"`
}

func (b *browser) job(path string) jobAnswer {
	b.t.Helper()
	a := b.get(path, "Accept", "application/json")
	if a.Code != http.StatusOK {
		b.t.Fatalf("%s as JSON: %d %s", path, a.Code, a.Body)
	}
	var j jobAnswer
	if err := json.Unmarshal([]byte(a.Body), &j); err != nil {
		b.t.Fatalf("%s: %v: %s", path, err, a.Body)
	}
	return j
}

func TestIngestWorkspace(t *testing.T) {
	s := newAuthSite(t)
	ctx := context.Background()
	runner := ingest.NewRunner(s.store, slog.New(slog.NewTextHandler(io.Discard, nil)), fetch.New(fetch.Options{}))
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	tok := ed.token("/admin/ingest")

	big := strings.Repeat("A protest was held. ", (11<<20)/20)
	a := ed.postIngest(tok, url.Values{"text": {ingestArticle}, "published": {"2022-09-26"}, "urls": {"ftp://example.org/x"}},
		upload{"border.html", ingestPage},
		upload{"picture.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
		upload{"empty.txt", " \n\n "},
		upload{"latin1.txt", "Caf\xe9 protest in Moscow on 24 September 2022."},
		upload{"huge.txt", big})
	if a.Code != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/admin/ingest/") {
		t.Fatalf("POST /admin/ingest: %d → %q: %.300s", a.Code, a.Header.Get("Location"), a.Body)
	}
	jobPath := a.Header.Get("Location")
	before := ed.job(jobPath)
	if before.State != "queued" || before.Total != 7 || before.Done != 5 {
		t.Errorf("before the runner: %+v; want queued, 5 of 7 done (the refused files)", before)
	}
	page := ed.get(jobPath)
	if !strings.Contains(page.Body, `http-equiv="refresh"`) || !strings.Contains(page.Body, "<progress") {
		t.Errorf("a queued job's page must refresh itself and show progress")
	}

	if err := runner.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	j := ed.job(jobPath)
	if j.State != "done" || j.Done != 7 || j.Total != 7 {
		t.Fatalf("after the runner: %+v", j)
	}
	if j.Drafts < 3 {
		t.Errorf("drafts = %d, want the rally, the firebomb and the border crossings", j.Drafts)
	}
	reasons := map[string]string{}
	for _, e := range j.Errors {
		reasons[e.Article] = e.Error
	}
	for name, want := range map[string]string{"picture.png": "binary", "empty.txt": "empty", "latin1.txt": "UTF-8",
		"huge.txt": "larger than 10 MiB", "ftp://example.org/x": "http"} {
		if !strings.Contains(reasons[name], want) {
			t.Errorf("%s: error %q, want it to say %q", name, reasons[name], want)
		}
	}
	if len(j.Errors) != 5 {
		t.Errorf("errors = %v, want the five bad inputs only", reasons)
	}
	if page := ed.get(jobPath); strings.Contains(page.Body, `http-equiv="refresh"`) || !strings.Contains(page.Body, "latin1.txt") {
		t.Errorf("a finished job's page must stop refreshing and list its articles")
	}
	if n := s.count(`SELECT count(*) FROM events WHERE status <> 'draft'`); n != 0 {
		t.Errorf("%d events were not drafts: extracted events wait for review", n)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'ingest.submit' AND actor_id = $1`, s.editor.ID); n != 1 {
		t.Errorf("ingest.submit audit rows by the editor = %d, want 1", n)
	}

	// The same articles again add nothing.
	sources, events := s.count(`SELECT count(*) FROM sources`), s.count(`SELECT count(*) FROM events`)
	a = ed.postIngest(tok, url.Values{"text": {ingestArticle}, "published": {"2022-09-26"}}, upload{"border.html", ingestPage})
	if a.Code != http.StatusSeeOther {
		t.Fatalf("second POST: %d", a.Code)
	}
	if err := runner.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	j = ed.job(a.Header.Get("Location"))
	if j.State != "done" || j.Drafts != 0 || len(j.Articles) != 2 || j.Articles[0].Outcome != "existing" || j.Articles[1].Outcome != "existing" {
		t.Errorf("second ingest: %+v", j)
	}
	if s2, e2 := s.count(`SELECT count(*) FROM sources`), s.count(`SELECT count(*) FROM events`); s2 != sources || e2 != events {
		t.Errorf("second ingest: sources %d → %d, events %d → %d", sources, s2, events, e2)
	}

	t.Run("anonymous upload", func(t *testing.T) {
		// Without a session cookie, the usual 1 MiB limit holds.
		anon := s.browser()
		if a := anon.postIngest(anon.token("/login"), url.Values{"text": {strings.Repeat("x", 2<<20)}}); a.Code == http.StatusSeeOther || a.Code < 400 {
			t.Errorf("a 2 MiB form without a session: %d", a.Code)
		}
		// Nor does a session cookie the server never issued.
		forged := s.browser()
		tok := forged.token("/login")
		u, _ := url.Parse(s.srv.URL)
		forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: "timeline_session", Value: strings.Repeat("a", 43)}})
		if a := forged.postIngest(tok, url.Values{"text": {strings.Repeat("x", 2<<20)}}); a.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("a 2 MiB form with a made-up session cookie: %d, want 413", a.Code)
		}
	})
	t.Run("bad form", func(t *testing.T) {
		for name, f := range map[string]url.Values{
			"nothing":  {"text": {"  "}},
			"bad date": {"text": {ingestArticle}, "published": {"26/09/2022"}},
			"bad url":  {"text": {ingestArticle}, "url": {"javascript:alert(1)"}},
		} {
			jobs := s.count(`SELECT count(*) FROM ingest_jobs`)
			if a := ed.postIngest(tok, f); a.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", name, a.Code)
			}
			if n := s.count(`SELECT count(*) FROM ingest_jobs`); n != jobs {
				t.Errorf("%s: a refused form queued a job", name)
			}
		}
	})
}

// TestIngestResumes: a job whose process stopped mid-article is finished by
// the next runner; an article that stopped it three times is failed, with
// the reason, and the rest still run.
func TestIngestResumes(t *testing.T) {
	s := newAuthSite(t)
	ctx := models.WithCaller(context.Background(), models.Caller{UserID: &s.editor.ID, Label: s.editor.Email})
	pub := time.Date(2022, 9, 26, 0, 0, 0, 0, time.UTC)
	job, err := s.store.CreateIngestJob(ctx, []models.NewIngestItem{
		{Kind: "text", Name: "poison", Payload: []byte(ingestArticle), Published: &pub},
		{Kind: "text", Name: "rally", Payload: []byte(ingestArticle), Published: &pub},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A process took the job and died three times on its first article.
	for range 3 {
		if err := s.store.StartIngestJob(ctx, job.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec(`UPDATE ingest_items SET attempts = attempts + 1 WHERE job_id = $1 AND position = 1`, job.ID); err != nil {
			t.Fatal(err)
		}
	}
	runner := ingest.NewRunner(s.store, slog.New(slog.NewTextHandler(io.Discard, nil)), fetch.New(fetch.Options{}))
	// While another replica holds the job, this runner leaves it alone.
	release, ok, err := s.store.LockIngestJob(ctx, job.ID)
	if err != nil || !ok {
		t.Fatalf("lock: %v %v", ok, err)
	}
	if err := runner.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.count(`SELECT count(*) FROM ingest_items WHERE job_id = $1 AND state = 'pending'`, job.ID); n != 2 {
		t.Errorf("a job another worker holds was run: %d items pending, want 2", n)
	}
	release()
	if err := runner.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.store.IngestJob(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != models.JobDone || got.Items[0].State != models.ItemFailed || !strings.Contains(got.Items[0].Error, "not tried again") ||
		got.Items[1].State != models.ItemDone || got.Items[1].Created == 0 {
		t.Errorf("resumed job: %s %+v", got.State, got.Items)
	}
	if n := s.count(`SELECT count(*) FROM sources`); n != 1 {
		t.Errorf("sources = %d, want 1", n)
	}
}

// BenchmarkIngestSeeds runs one job of the four seed articles, from the
// POST's rows to the job's end (the gazetteer loaded once beforehand, as a
// running server has it).
func BenchmarkIngestSeeds(b *testing.B) {
	files, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(files) == 0 {
		b.Skip("no seed articles beside the repository")
	}
	var gold struct {
		Documents []struct{ File, Published string }
	}
	if raw, err := os.ReadFile("../../shared/eval/seeds-gold.json"); err != nil || json.Unmarshal(raw, &gold) != nil {
		b.Skip("no publication dates for the seeds")
	}
	published := map[string]*time.Time{}
	for _, d := range gold.Documents {
		if t, err := time.Parse(time.DateOnly, d.Published); err == nil {
			published[d.File] = &t
		}
	}
	var items []models.NewIngestItem
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		items = append(items, models.NewIngestItem{Kind: "file", Name: filepath.Base(f), Payload: raw, Published: published[filepath.Base(f)]})
	}
	ctx := context.Background()
	dsn := pgtest.New(b)
	store, err := models.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	runner := ingest.NewRunner(store, slog.New(slog.NewTextHandler(io.Discard, nil)), fetch.New(fetch.Options{}))
	warm, _ := store.CreateIngestJob(ctx, items[:1])
	if err := runner.RunPending(ctx); err != nil || warm == nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := db.Exec(`TRUNCATE event_sources, event_actors, events, sources RESTART IDENTITY CASCADE`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		job, err := store.CreateIngestJob(ctx, items)
		if err != nil {
			b.Fatal(err)
		}
		if err := runner.RunPending(ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		got, err := store.IngestJob(ctx, job.ID)
		if err != nil || got.State != models.JobDone {
			b.Fatalf("job: %v %+v", err, got)
		}
		for _, it := range got.Items {
			if it.State != models.ItemDone {
				b.Fatalf("%s: %s", it.Name, it.Error)
			}
		}
		b.StartTimer()
	}
}

// TestIngestURLs: addresses are fetched when the job runs; one that fails
// fails alone, and loopback addresses are refused unless allowed (tests).
func TestIngestURLs(t *testing.T) {
	s := newAuthSite(t)
	ctx := context.Background()
	pages := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/border" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, ingestPage)
	}))
	defer pages.Close()
	ed := s.browser()
	ed.signIn("editor@example.org", goodPassword, "")
	tok := ed.token("/admin/ingest")
	submit := func() string {
		a := ed.postIngest(tok, url.Values{"urls": {pages.URL + "/border\n\n" + pages.URL + "/missing\n"}})
		if a.Code != http.StatusSeeOther {
			t.Fatalf("POST: %d %.200s", a.Code, a.Body)
		}
		return a.Header.Get("Location")
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	refused := submit()
	if err := ingest.NewRunner(s.store, log, fetch.New(fetch.Options{})).RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if j := ed.job(refused); j.Total != 2 || len(j.Errors) != 2 || !strings.Contains(j.Errors[0].Error, "not allowed") {
		t.Errorf("loopback addresses: %+v", j)
	}

	allowed := submit()
	if err := ingest.NewRunner(s.store, log, fetch.New(fetch.Options{AllowPrivate: true})).RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	j := ed.job(allowed)
	if j.State != "done" || len(j.Errors) != 1 || !strings.Contains(j.Errors[0].Error, "404") || j.Drafts == 0 {
		t.Errorf("fetched addresses: %+v", j)
	}
	if n := s.count(`SELECT count(*) FROM sources WHERE url = $1`, pages.URL+"/border"); n != 1 {
		t.Errorf("sources at the fetched address = %d, want 1", n)
	}
}
