package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text: byte offsets into the text and the word in
// lower case, with typographic apostrophes made straight.
type token struct {
	start, end int
	w          string
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay the same.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// tokenize appends the words of lower[start:end] to out. Hyphens and
// apostrophes inside words and separators inside numbers ("1,500", "2.5")
// belong to the word.
func tokenize(lower string, start, end int, out []token) []token {
	i := start
	for i < end {
		r, sz := utf8.DecodeRuneInString(lower[i:end])
		if !isWordRune(r) {
			i += sz
			continue
		}
		j := i + sz
		for j < end {
			r2, sz2 := utf8.DecodeRuneInString(lower[j:end])
			if isWordRune(r2) {
				j += sz2
				continue
			}
			if j+sz2 < end && joinsWord(r2, lower, j, sz2, end) {
				j += sz2
				continue
			}
			break
		}
		w := lower[i:j]
		if strings.Contains(w, "’") {
			w = strings.ReplaceAll(w, "’", "'")
		}
		out = append(out, token{start: i, end: j, w: w})
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// joinsWord reports whether the separator r at j continues the word:
// "call-up", "Russia’s", "1,500", "2.5".
func joinsWord(r rune, s string, j, sz, end int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:j])
	next, _ := utf8.DecodeRuneInString(s[j+sz : end])
	switch r {
	case '-', '\'', '’':
		return isWordRune(prev) && isWordRune(next)
	case ',', '.':
		return '0' <= prev && prev <= '9' && '0' <= next && next <= '9'
	}
	return false
}

// pattern is a compiled lexicon phrase.
type pattern struct {
	words  []string
	prefix []bool // words[i] is a prefix ("recruit*")
	entry  entry
}

// matcher finds lexicon phrases in a token stream. Patterns are indexed by
// the first three letters of their first word, so each token costs one map
// look-up plus a few comparisons.
type matcher struct {
	byKey map[string][]*pattern
}

func newMatcher(es []entry) *matcher {
	m := &matcher{byKey: map[string][]*pattern{}}
	for _, e := range es {
		p := &pattern{entry: e}
		for _, w := range strings.Fields(e.phrase) {
			pre := strings.HasSuffix(w, "*")
			p.words = append(p.words, strings.TrimSuffix(w, "*"))
			p.prefix = append(p.prefix, pre)
		}
		k := matchKey(p.words[0])
		m.byKey[k] = append(m.byKey[k], p)
	}
	return m
}

func matchKey(w string) string {
	if len(w) > 3 {
		return w[:3]
	}
	return w
}

// hit is a lexicon phrase found at tokens [first, last].
type hit struct {
	first, last int
	e           *entry
}

// match appends every phrase found in toks to out.
func (m *matcher) match(toks []token, out []hit) []hit {
	for i := range toks {
		for _, p := range m.byKey[matchKey(toks[i].w)] {
			if n, ok := p.at(toks, i); ok {
				out = append(out, hit{first: i, last: i + n - 1, e: &p.entry})
			}
		}
	}
	return out
}

// at reports whether p matches toks from i and how many tokens it covers.
func (p *pattern) at(toks []token, i int) (int, bool) {
	if i+len(p.words) > len(toks) {
		return 0, false
	}
	for k, w := range p.words {
		t := toks[i+k].w
		switch {
		case w == "_":
		case p.prefix[k]:
			if !strings.HasPrefix(t, w) {
				return 0, false
			}
		case t != w:
			return 0, false
		}
	}
	return len(p.words), true
}
