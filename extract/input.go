package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"timeline/extract/dates"
)

// Document is an article ready for extraction: its plain text, paragraphs
// separated by blank lines, and what is known about it. Event offsets point
// into Text.
type Document struct {
	Title     string
	Text      string
	URL       string
	Site      string
	Published time.Time
	// PublishedGuessed is set when Published was inferred from the dates the
	// text mentions rather than read from a dateline or given.
	PublishedGuessed bool
}

// MaxInputBytes caps one article; anything longer is not an article and is
// refused before any work is done on it.
const MaxInputBytes = 20 << 20

// ErrNoPublished is returned when an article has no publication date of its
// own and none was given: relative dates ("last week") cannot be resolved.
var ErrNoPublished = errors.New("extract: no publication date: the article has no dateline; give one with --published YYYY-MM-DD")

// FromText reads a plain-text article. The first line is taken as the title
// when it reads like one (short, no final full stop). The publication date
// comes from a dateline near the top of the text when there is one, else from
// published; failing both, inferPublished guesses it as the latest date the
// text mentions, and otherwise FromText returns ErrNoPublished.
func FromText(raw []byte, published *time.Time, inferPublished bool) (Document, error) {
	if err := checkInput(raw); err != nil {
		return Document{}, err
	}
	if !utf8.Valid(raw) {
		return Document{}, errors.New("extract: the text is not valid UTF-8 (convert it first, for example with iconv)")
	}
	text := normalizeText(string(raw))
	var doc Document
	doc.Title, doc.Text = splitTitle(text)
	if doc.Title == "" && doc.Text == "" {
		return Document{}, errors.New("extract: the text is empty")
	}
	if t, ok := findDateline(doc.Text); ok {
		doc.Published = t
		return doc, nil
	}
	if published != nil && !published.IsZero() {
		doc.Published = *published
		return doc, nil
	}
	if inferPublished {
		if t, ok := latestMentionedDate(doc.Title + "\n\n" + doc.Text); ok {
			doc.Published, doc.PublishedGuessed = t, true
			return doc, nil
		}
		return Document{}, fmt.Errorf("%w (the text names no dated day to guess it from)", ErrNoPublished)
	}
	return Document{}, ErrNoPublished
}

// FromHTML reads an HTML page: its main text (without navigation, comments
// and other page chrome), title, site name and publication date. The page's
// own date wins over published, which is used when the page has none.
func FromHTML(raw []byte, pageURL string, published *time.Time) (Document, error) {
	if err := checkInput(raw); err != nil {
		return Document{}, err
	}
	opts := trafilatura.Options{ExcludeComments: true, EnableFallback: true}
	if u, err := url.ParseRequestURI(pageURL); err == nil && pageURL != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.Extract(bytes.NewReader(raw), opts)
	if err != nil || res == nil || res.ContentNode == nil {
		return Document{}, fmt.Errorf("extract: no article text found in the HTML: %v", err)
	}
	text := normalizeText(blockText(res.ContentNode))
	if strings.TrimSpace(text) == "" {
		return Document{}, errors.New("extract: no article text found in the HTML")
	}
	doc := Document{
		Title: strings.TrimSpace(res.Metadata.Title),
		Text:  text,
		URL:   pageURL,
		Site:  res.Metadata.Sitename,
	}
	if doc.URL == "" {
		doc.URL = res.Metadata.URL
	}
	if doc.Site == "" {
		doc.Site = res.Metadata.Hostname
	}
	switch {
	case !res.Metadata.Date.IsZero():
		doc.Published = res.Metadata.Date
	case published != nil && !published.IsZero():
		doc.Published = *published
	default:
		t, ok := findDateline(doc.Text)
		if !ok {
			return Document{}, ErrNoPublished
		}
		doc.Published = t
	}
	return doc, nil
}

// checkInput refuses what cannot be an article, before any parsing.
func checkInput(raw []byte) error {
	if len(raw) > MaxInputBytes {
		return fmt.Errorf("extract: the input is %d MiB, more than the %d MiB an article may have", len(raw)>>20, MaxInputBytes>>20)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return errors.New("extract: the input is empty")
	}
	if looksBinary(raw) {
		return errors.New("extract: the input looks binary, not text or HTML")
	}
	return nil
}

// looksBinary checks the head of the input for NUL bytes and control
// characters, which text and HTML do not have.
func looksBinary(raw []byte) bool {
	head := raw[:min(len(raw), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	return ctrl*100 > len(head)
}

// normalizeText drops a byte-order mark and turns every line break into "\n".
func normalizeText(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}

// splitTitle takes the first line as the title when it reads like one: short,
// without a final full stop, and followed by more text.
func splitTitle(text string) (title, body string) {
	trimmed := strings.TrimLeft(text, " \t\n")
	nl := strings.IndexByte(trimmed, '\n')
	if nl < 0 {
		return "", strings.TrimSpace(text)
	}
	first := strings.TrimSpace(trimmed[:nl])
	rest := strings.TrimLeft(trimmed[nl+1:], " \t\n")
	if _, dateline := parseDateline(first); first == "" || rest == "" || len(first) > maxHeading ||
		strings.HasSuffix(first, ".") || len(strings.Fields(first)) > 25 || dateline {
		return "", strings.TrimRight(trimmed, " \t\n")
	}
	return first, strings.TrimRight(rest, " \t\n")
}

// blockText renders an HTML tree as plain text, with a blank line between
// block elements so paragraphs stay apart.
func blockText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			// Keep one space where the source had any, so inline elements
			// ("<a>Moscow</a> said") do not glue words together.
			d := n.Data
			if d != "" && isSpaceByte(d[0]) {
				b.WriteByte(' ')
			}
			b.WriteString(strings.Join(strings.Fields(d), " "))
			if d != "" && isSpaceByte(d[len(d)-1]) && strings.TrimSpace(d) != "" {
				b.WriteByte(' ')
			}
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "br":
				b.WriteByte('\n')
				return
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		if block {
			b.WriteString("\n\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString("\n\n")
		}
	}
	walk(n)
	return tidyBlankLines(b.String())
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "li": true, "blockquote": true, "section": true, "article": true,
	"header": true, "footer": true, "tr": true, "table": true, "ul": true, "ol": true,
	"pre": true, "figure": true, "figcaption": true, "head": true, "dd": true, "dt": true,
}

// tidyBlankLines trims each line and collapses runs of blank lines into one.
func tidyBlankLines(s string) string {
	var b strings.Builder
	blank := true
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			blank = true
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
		blank = false
	}
	return b.String()
}

// A dateline is a short line near the top that is only a date, maybe with a
// time, a time zone and a word such as "Published": "Oct.02 - 2024 11:36 AM
// CET", "Published: 12 October 2022", "September 27, 2022".
var (
	datelineMonthDay = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})(?:st|nd|rd|th)?\b[\s,.\-–—/]*(\d{4})\b`)
	datelineDayMonth = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b`)
	datelineISO      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// datelineNoise is what a dateline may hold besides its date.
	datelineNoise = regexp.MustCompile(`(?i)\b(published|updated|posted|last|modified|on|at|date|am|pm|a\.m|p\.m|[a-z]{2,4}t|utc|gmt|cet|msk|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\d{1,2}:\d{2}(:\d{2})?|[+\-]\d{2}:?\d{2}`)
)

// datelineLines is how many lines from the top a dateline may be found on.
const datelineLines = 12

// findDateline looks for a dateline among the first lines of text.
func findDateline(text string) (time.Time, bool) {
	for i, line := range strings.SplitN(text, "\n", datelineLines+1) {
		if i >= datelineLines {
			break
		}
		line = strings.TrimSpace(line)
		if line == "" || len(line) > 80 {
			continue
		}
		if t, ok := parseDateline(line); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDateline reads a line that is nothing but a date (and noise).
func parseDateline(line string) (time.Time, bool) {
	var y, d int
	var mon time.Month
	var span []int
	if m := datelineMonthDay.FindStringSubmatchIndex(line); m != nil {
		mon = monthNumber(line[m[2]:m[3]])
		d, _ = strconv.Atoi(line[m[4]:m[5]])
		y, _ = strconv.Atoi(line[m[6]:m[7]])
		span = m[:2]
	} else if m := datelineDayMonth.FindStringSubmatchIndex(line); m != nil {
		d, _ = strconv.Atoi(line[m[2]:m[3]])
		mon = monthNumber(line[m[4]:m[5]])
		y, _ = strconv.Atoi(line[m[6]:m[7]])
		span = m[:2]
	} else if m := datelineISO.FindStringSubmatchIndex(line); m != nil {
		y, _ = strconv.Atoi(line[m[2]:m[3]])
		mi, _ := strconv.Atoi(line[m[4]:m[5]])
		d, _ = strconv.Atoi(line[m[6]:m[7]])
		mon = time.Month(mi)
		span = m[:2]
	} else {
		return time.Time{}, false
	}
	rest := line[:span[0]] + " " + line[span[1]:]
	rest = datelineNoise.ReplaceAllString(rest, " ")
	if len(strings.Fields(strings.Map(keepLetters, rest))) > 0 {
		return time.Time{}, false // a sentence that mentions a date, not a dateline
	}
	if y < 1990 || y > 2100 || mon < 1 || mon > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, mon, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func keepLetters(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
		return r
	}
	return ' '
}

func monthNumber(s string) time.Month {
	s = strings.ToLower(s)
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:min(3, len(s))]) {
			return m
		}
	}
	return 0
}

var yearRe = regexp.MustCompile(`\b(19[9]\d|20\d\d)\b`)

// latestMentionedDate guesses a publication date as the latest fully dated
// day the text names (one with a year), resolved against the end of the
// latest year it mentions.
func latestMentionedDate(text string) (time.Time, bool) {
	maxYear := 0
	for _, m := range yearRe.FindAllString(text, -1) {
		if y, _ := strconv.Atoi(m); y > maxYear {
			maxYear = y
		}
	}
	if maxYear == 0 {
		return time.Time{}, false
	}
	ref := time.Date(maxYear, time.December, 31, 0, 0, 0, 0, time.UTC)
	var best time.Time
	for _, dm := range dates.Find(text, ref, dates.PreferPast) {
		if !yearRe.MatchString(dm.Text) || dm.Range.End.IsZero() {
			continue
		}
		if dm.Range.End.After(best) {
			best = dm.Range.End
		}
	}
	if best.IsZero() {
		// Without the date grammar, datelines anywhere in the text still count.
		for _, line := range strings.Split(text, "\n") {
			if t, ok := parseDateline(strings.TrimSpace(line)); ok && t.After(best) {
				best = t
			}
		}
	}
	return best, !best.IsZero()
}
