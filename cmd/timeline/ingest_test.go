package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"timeline/models"
	"timeline/pglocal/pgtest"
)

// An article written for this test, in the register of wire copy.
const testArticle = `Police detain dozens at anti-draft rally in Novosibirsk

Police in Novosibirsk detained at least 40 people on Saturday at a rally against the mobilization, a rights group said.

A man threw a firebomb at a military enlistment office in Nizhny Novgorod on 24 September, local media reported. Nobody was hurt.
`

const testPage = `<!DOCTYPE html><html><head><title>Queues grow at the Georgian border</title>
<meta property="og:site_name" content="Example Daily">
<meta property="article:published_time" content="2022-09-28T09:00:00+03:00"></head>
<body><article><h1>Queues grow at the Georgian border</h1>
<p>Thousands of Russian men fleeing the mobilization queued for days at the Upper Lars crossing into Georgia this week, officials in Tbilisi said.</p>
<p>Kazakhstan said on Tuesday that 98,000 Russians had crossed its border since the call-up was announced.</p>
</article></body></html>`

func TestIngestFilesAndURLs(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "rally.txt")
	if err := os.WriteFile(article, []byte(testArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(testPage))
	}))
	defer srv.Close()
	dbURL := pgtest.New(t)
	vars := env(map[string]string{"DATABASE_URL": dbURL, "TIMELINE_LOG_LEVEL": "error"})
	ctx := context.Background()
	ingest := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, append([]string{"ingest"}, args...), vars, &out, &errOut)
		return out.String(), errOut.String(), err
	}

	out, errOut, err := ingest(article, "--published", "2022-09-26", "--publish", filepath.Join(dir, "missing.txt"))
	if err == nil || !strings.Contains(err.Error(), "1 of 2 articles failed") || !strings.Contains(errOut, "missing.txt") {
		t.Fatalf("a missing file must fail alone: err %v, stderr %q", err, errOut)
	}
	if !strings.Contains(out, "rally.txt: source 1") {
		t.Fatalf("the good file was not ingested: %q", out)
	}
	if out, _, err := ingest("--published", "2022-09-26", article); err != nil || !strings.Contains(out, "already ingested") {
		t.Errorf("second ingest: %v %q", err, out)
	}
	if _, errOut, err := ingest(srv.URL + "/border"); err == nil || !strings.Contains(errOut, "not allowed") {
		t.Errorf("loopback URL without the test flag: err %v, stderr %q", err, errOut)
	}
	if out, errOut, err := ingest("--allow-private-urls", srv.URL+"/border"); err != nil {
		t.Fatalf("URL ingest: %v %s", err, errOut)
	} else if !strings.Contains(out, "source 2") {
		t.Errorf("URL ingest printed %q", out)
	}

	store, err := models.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	page, err := store.ListEvents(ctx, models.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, e := range page.Events {
		types[e.Type]++
	}
	if types["protest"] == 0 || types["arson"] == 0 {
		t.Errorf("published events by type = %v; want the rally and the firebomb from the text file", types)
	}
	// The URL's events are drafts: published only with --publish.
	if types["exodus"] != 0 {
		t.Errorf("events from the URL were published without --publish: %v", types)
	}
	ev, err := store.Event(ctx, page.Events[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	es := ev.Sources[0]
	if es.QuoteStart == nil || es.QuoteEnd == nil || es.Source.Body[*es.QuoteStart:*es.QuoteEnd] != es.Quote {
		t.Errorf("the quote's offsets do not point at the quote in the stored body")
	}
}
