package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a text, with byte offsets into it:
// text[Start:End] == Text. Para counts paragraphs from 0, so sentences of one
// paragraph share it. Heading marks a line that stands alone without final
// punctuation: a title, a subheading or pasted page chrome ("Trending Now").
type Sentence struct {
	Start, End int
	Text       string
	Para       int
	Heading    bool
}

// Sentences splits text into sentences, keeping paragraphs apart. A blank
// line always ends a paragraph; a single line break ends one when the line
// is short or ends like a sentence, and is read as a space when the line is a
// long hard-wrapped one.
func Sentences(text string) []Sentence {
	var out []Sentence
	para := 0
	for _, p := range paragraphs(text) {
		start := len(out)
		out = splitParagraph(text, p[0], p[1], para, out)
		if len(out) > start {
			para++
		}
	}
	return out
}

// hardWrapMin is the length from which a line that does not end like a
// sentence is taken to be hard-wrapped and to continue on the next line.
const hardWrapMin = 60

// paragraphs returns the [start, end) byte spans of the paragraphs of text.
func paragraphs(text string) [][2]int {
	var out [][2]int
	start := -1 // start of the current paragraph, -1 when between paragraphs
	pos := 0
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = pos + nl
		}
		line := strings.TrimSpace(text[pos:lineEnd])
		switch {
		case line == "":
			if start >= 0 {
				out = append(out, [2]int{start, pos})
				start = -1
			}
		default:
			if start < 0 {
				start = pos
			}
			if !continuesOnNextLine(line, text, lineEnd) {
				out = append(out, [2]int{start, lineEnd})
				start = -1
			}
		}
		pos = lineEnd + 1
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// continuesOnNextLine reports whether a line is hard-wrapped: long, not
// ending like a sentence, and followed by a line that starts in lower case
// or goes on with the same sentence.
func continuesOnNextLine(line, text string, lineEnd int) bool {
	if len(line) < hardWrapMin || endsSentence(line) || lineEnd >= len(text) {
		return false
	}
	next := text[lineEnd+1:]
	if nl := strings.IndexByte(next, '\n'); nl >= 0 {
		next = next[:nl]
	}
	next = strings.TrimSpace(next)
	if next == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r) || unicode.IsDigit(r) || len(next) >= hardWrapMin/2
}

// endsSentence reports whether s ends with final punctuation, maybe followed
// by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\"'”’»)]")
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ':'
}

// maxHeading is the longest line without final punctuation that is read as
// a heading rather than as a sentence that lost its full stop.
const maxHeading = 200

// splitParagraph appends the sentences of text[start:end] to out.
func splitParagraph(text string, start, end, para int, out []Sentence) []Sentence {
	whole := strings.TrimSpace(text[start:end])
	if !strings.Contains(whole, "\n") && !endsSentence(whole) && len(whole) < maxHeading {
		return appendSentence(text, start, end, para, true, out)
	}
	s := start
	quoteDepth := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch r {
		case '“', '«':
			quoteDepth++
		case '”', '»':
			if quoteDepth > 0 {
				quoteDepth--
			}
		case '"':
			if opensQuote(text, i) {
				quoteDepth++
			} else if quoteDepth > 0 {
				quoteDepth--
			}
		case '.', '!', '?', '…':
			if cut, ok := sentenceEnd(text, i, size, end, quoteDepth); ok {
				out = appendSentence(text, s, cut, para, false, out)
				s = cut
				quoteDepth = 0
				i = cut
				continue
			}
		}
		i += size
	}
	return appendSentence(text, s, end, para, false, out)
}

// opensQuote guesses whether a straight double quote at i opens a quotation:
// it does after a space, a line start or an opening bracket.
func opensQuote(text string, i int) bool {
	if i == 0 {
		return true
	}
	switch text[i-1] {
	case ' ', '\n', '\t', '(', '[', ':', '-':
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r == '—' || r == '–'
}

// maxQuoteSpan bounds how far ahead a closing quote may be for a full stop
// inside a quotation not to end the sentence; past it the quote is taken to
// be unbalanced or to hold whole sentences of its own.
const maxQuoteSpan = 250

// sentenceEnd decides whether the punctuation at i (size bytes) ends a
// sentence, and returns where the sentence ends (after closing quotes).
func sentenceEnd(text string, i, size, end, quoteDepth int) (int, bool) {
	j := i + size
	// Runs of punctuation ("?!", "...") and closing quotes belong to the sentence.
	closed := false
	for j < end {
		r, sz := utf8.DecodeRuneInString(text[j:end])
		if r == '.' || r == '!' || r == '?' || r == '…' {
			j += sz
			continue
		}
		if r == '"' || r == '”' || r == '’' || r == '\'' || r == ')' || r == ']' || r == '»' {
			closed = closed || r != ')' && r != ']'
			j += sz
			continue
		}
		break
	}
	if j >= end {
		return end, true
	}
	if r, _ := utf8.DecodeRuneInString(text[j:end]); !unicode.IsSpace(r) {
		return 0, false // "Gulagu.net", "1.5", "U.S.-led"
	}
	k := j
	for k < end && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
		k++
	}
	if k >= end {
		return j, true
	}
	next, _ := utf8.DecodeRuneInString(text[k:end])
	if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"“‘'«([", next)) {
		return 0, false
	}
	if quoteDepth > 0 && !closed {
		// Inside a quotation: a short quote holds several sentences of one
		// speaker ("Why ...? Who ...?") that belong to the reporting sentence.
		if c := closingQuote(text, k, end); c >= 0 && c-k < maxQuoteSpan {
			return 0, false
		}
	}
	if text[i] == '.' && abbreviationBefore(text[:i], text[k:end]) {
		return 0, false
	}
	return j, true
}

// closingQuote finds the next closing quotation mark from i, or -1.
func closingQuote(text string, i, end int) int {
	for j := i; j < end; {
		r, sz := utf8.DecodeRuneInString(text[j:end])
		if r == '”' || r == '»' || r == '"' && !opensQuote(text, j) {
			return j
		}
		j += sz
	}
	return -1
}

// abbreviations never end a sentence when followed by a capitalised word.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "lt": true,
	"col": true, "maj": true, "capt": true, "sgt": true, "cpl": true, "pvt": true, "adm": true,
	"gov": true, "sen": true, "rep": true, "prof": true, "jr": true, "sr": true, "no": true,
	"nos": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "vs": true,
	"approx": true, "est": true, "mt": true, "ft": true, "fig": true, "vol": true, "pp": true,
	"rev": true, "hon": true, "messrs": true, "cmdr": true, "brig": true, "insp": true,
}

// sentenceStarters follow an acronym such as "U.S." only when a new
// sentence begins: "... in the U.S. The ministry ...".
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "On": true, "But": true, "He": true,
	"She": true, "It": true, "They": true, "This": true, "That": true, "We": true, "I": true,
	"There": true, "However": true, "Meanwhile": true, "Some": true, "Many": true,
}

// abbreviationBefore reports whether the word ending just before a full stop
// is an abbreviation that does not end the sentence.
func abbreviationBefore(before, after string) bool {
	w := before
	if k := strings.LastIndexAny(before, " \t\n(\"“"); k >= 0 {
		w = before[k+1:]
	}
	if w == "" {
		return false
	}
	lw := strings.ToLower(w)
	if abbreviations[lw] {
		return true
	}
	// Initials and dotted acronyms: "J.", "U.S", "a.m".
	if strings.Contains(w, ".") || utf8.RuneCountInString(w) == 1 {
		nextWord := after
		if k := strings.IndexAny(after, " \t\n,;:"); k >= 0 {
			nextWord = after[:k]
		}
		if utf8.RuneCountInString(w) == 1 {
			r, _ := utf8.DecodeRuneInString(w)
			return unicode.IsUpper(r)
		}
		return !sentenceStarters[nextWord]
	}
	return false
}

// appendSentence appends text[start:end] trimmed of space, if anything is left.
func appendSentence(text string, start, end, para int, heading bool, out []Sentence) []Sentence {
	for start < end {
		r, sz := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += sz
	}
	for end > start {
		r, sz := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= sz
	}
	if start >= end {
		return out
	}
	return append(out, Sentence{Start: start, End: end, Text: text[start:end], Para: para, Heading: heading})
}
