package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFromText(t *testing.T) {
	given := evDay("2022-10-01")
	tests := []struct {
		name          string
		raw           string
		published     *time.Time
		infer         bool
		wantTitle     string
		wantPublished string
		wantGuessed   bool
		wantErr       error
		wantTextStart string
	}{
		{name: "title and given date", raw: "Rally in Novosibirsk\n\nPolice detained 40 people on Saturday.\n",
			published: &given, wantTitle: "Rally in Novosibirsk", wantPublished: "2022-10-01",
			wantTextStart: "Police detained"},
		{name: "first line is a sentence, not a title", raw: "Police detained 40 people on Saturday.\nThey were released.\n",
			published: &given, wantTitle: "", wantPublished: "2022-10-01", wantTextStart: "Police detained"},
		{name: "dateline with time and zone", raw: "Border queues grow\n\nBy A. Writer\n\nOct.02 - 2024 11:36 AM CET\n\nCars waited for hours.",
			wantTitle: "Border queues grow", wantPublished: "2024-10-02"},
		{name: "published line", raw: "Published: 12 October 2022\n\nThe governor spoke on Monday.",
			wantPublished: "2022-10-12", wantTextStart: "Published: 12 October 2022"},
		{name: "month day year dateline beats the given date", raw: "Headline here\nSeptember 27, 2022\n\nText follows here.",
			published: &given, wantTitle: "Headline here", wantPublished: "2022-09-27"},
		{name: "a sentence with a date is no dateline", raw: "On September 27, 2022 the decree took effect.\n", published: &given,
			wantPublished: "2022-10-01"},
		{name: "no date at all", raw: "Police detained 40 people on Saturday.\n", wantErr: ErrNoPublished},
		{name: "crlf and bom", raw: "\ufeffTitle\r\n\r\nBody text here.\r\n", published: &given,
			wantTitle: "Title", wantPublished: "2022-10-01", wantTextStart: "Body text here."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := FromText([]byte(tt.raw), tt.published, tt.infer)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", doc.Title, tt.wantTitle)
			}
			if got := doc.Published.Format(time.DateOnly); got != tt.wantPublished {
				t.Errorf("published = %s, want %s", got, tt.wantPublished)
			}
			if doc.PublishedGuessed != tt.wantGuessed {
				t.Errorf("guessed = %v, want %v", doc.PublishedGuessed, tt.wantGuessed)
			}
			if !strings.HasPrefix(doc.Text, tt.wantTextStart) {
				t.Errorf("text starts %q, want %q", doc.Text[:min(len(doc.Text), 30)], tt.wantTextStart)
			}
			if strings.Contains(doc.Text, "\r") {
				t.Error("text keeps carriage returns")
			}
		})
	}
}

func TestFromTextInferPublished(t *testing.T) {
	raw := "Protesters rallied on 3 March 2022 and again on 14 March 2022, activists said.\n"
	doc, err := FromText([]byte(raw), nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.PublishedGuessed || doc.Published.Format(time.DateOnly) != "2022-03-14" {
		t.Errorf("published = %s guessed=%v, want 2022-03-14 guessed", doc.Published.Format(time.DateOnly), doc.PublishedGuessed)
	}
	if _, err := FromText([]byte("No dates here at all.\n"), nil, true); !errors.Is(err, ErrNoPublished) {
		t.Errorf("err = %v, want ErrNoPublished", err)
	}
}

func TestFromTextRefuses(t *testing.T) {
	given := evDay("2022-10-01")
	tests := []struct {
		name, raw, wantIn string
	}{
		{"empty", "", "empty"},
		{"only spaces", " \n\t\n", "empty"},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "binary"},
		{"invalid utf-8", "Police detained \xff\xfe 40 people.", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromText([]byte(tt.raw), &given, false)
			if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("err = %v, want one saying %q", err, tt.wantIn)
			}
		})
	}
}

// TestHugeInputFailsFast feeds 50 MB: it must be refused at once, not parsed.
func TestHugeInputFailsFast(t *testing.T) {
	raw := bytes.Repeat([]byte("Police detained 40 people at a rally. "), 50<<20/38+1)
	given := evDay("2022-10-01")
	start := time.Now()
	if _, err := FromText(raw, &given, false); err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("FromText err = %v, want a size error", err)
	}
	if _, err := FromHTML(raw, "", &given); err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("FromHTML err = %v, want a size error", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing 50 MB took %v", d)
	}
}

const articleHTML = `<!DOCTYPE html>
<html lang="en"><head>
<title>Women rally in Yakutsk against the call-up | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-09-26T10:15:00+03:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Women rally in Yakutsk against the call-up</h1>
<p>Hundreds of women gathered in the centre of <a href="/yakutsk">Yakutsk</a> on Sunday to protest against the mobilization, chanting slogans as police watched.</p>
<p>Police detained several of the protesters, a local news site reported. The regional head later said some men had been called up by mistake.</p>
<p>In a separate development, authorities in the region said students would be exempted from the call-up, according to a statement published on Monday evening.</p>
</article>
<footer>Subscribe to our newsletter. Cookie settings.</footer>
</body></html>`

func TestFromHTML(t *testing.T) {
	doc, err := FromHTML([]byte(articleHTML), "https://news.example/yakutsk", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Title, "Yakutsk") {
		t.Errorf("title = %q", doc.Title)
	}
	if got := doc.Published.Format(time.DateOnly); got != "2022-09-26" {
		t.Errorf("published = %s, want 2022-09-26", got)
	}
	if !strings.Contains(doc.Text, "of Yakutsk on Sunday") {
		t.Errorf("inline link glued words or text lost: %q", doc.Text)
	}
	if strings.Contains(doc.Text, "Home") || strings.Contains(doc.Text, "Cookie") {
		t.Errorf("page chrome kept: %q", doc.Text)
	}
	if !strings.Contains(doc.Text, "watched.\n\nPolice detained") {
		t.Errorf("paragraphs not kept apart: %q", doc.Text)
	}
	evs := Events(doc, eventsGazetteer(t))
	if len(evs) == 0 || evs[0].Type != "protest" {
		t.Fatalf("events = %+v, want a protest first", evs)
	}
}

func TestFromHTMLWithoutBody(t *testing.T) {
	given := evDay("2022-10-01")
	for _, raw := range []string{
		"<html><head><title>Nothing</title></head></html>",
		"<html><body></body></html>",
		"<html><body><script>var x = 1;</script></body></html>",
	} {
		doc, err := FromHTML([]byte(raw), "", &given)
		if err == nil && len(Events(doc, nil)) > 0 {
			t.Errorf("%q: got events from a page without text", raw)
		}
	}
}

// FuzzFromText feeds arbitrary bytes: no panic; what is accepted is valid
// UTF-8 without carriage returns and can be extracted.
func FuzzFromText(f *testing.F) {
	f.Add([]byte("Title\n\nOct.02 - 2024 11:36 AM CET\n\nPolice detained 40 people."), false)
	f.Add([]byte("\ufeffPublished: 12 October 2022\r\nBody."), true)
	f.Add([]byte("\x00\x01\x02"), false)
	f.Add([]byte("plain text without a date"), true)
	given := evDay("2022-10-01")
	f.Fuzz(func(t *testing.T, raw []byte, infer bool) {
		var pub *time.Time
		if !infer {
			pub = &given
		}
		doc, err := FromText(raw, pub, infer)
		if err != nil {
			return
		}
		if !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title) {
			t.Fatal("accepted text is not valid UTF-8")
		}
		if strings.Contains(doc.Text, "\r") {
			t.Fatal("accepted text keeps carriage returns")
		}
		if doc.Published.IsZero() {
			t.Fatal("accepted without a publication date")
		}
		for _, e := range Events(doc, nil) {
			if doc.Text[e.EvidenceStart:e.EvidenceEnd] != e.Evidence {
				t.Fatal("evidence offsets do not match")
			}
		}
	})
}
