package bleveindex

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxSnippet is the most bytes of source text a snippet shows.
const maxSnippet = 300

// matcher decides which words of a snippet to mark.
type matcher struct {
	exact  map[string]bool // plain words and their forms in every language searched
	prefix string
	fuzzy  []string            // words a term may be one edit away from
	stem   func([]byte) []byte // the hit's language stemmer, or nil
}

func newMatcher(qc *queryContext, fuzzy bool) *matcher {
	p := qc.p
	m := &matcher{exact: map[string]bool{}, prefix: p.prefix}
	for _, w := range p.words {
		m.exact[w] = true
		if fuzzy && utf8.RuneCountInString(w) >= minFuzzyLen {
			m.fuzzy = append(m.fuzzy, w)
		}
	}
	for _, ph := range p.phrases {
		for _, w := range ph {
			m.exact[w] = true
		}
	}
	for _, fs := range qc.forms {
		for _, f := range fs {
			m.exact[f] = true
		}
	}
	return m
}

func (m *matcher) match(term string) bool {
	if m.exact[term] || m.prefix != "" && strings.HasPrefix(term, m.prefix) {
		return true
	}
	if m.stem != nil && m.exact[string(m.stem([]byte(term)))] {
		return true
	}
	for _, w := range m.fuzzy {
		if withinOneEdit(term, w) {
			return true
		}
	}
	return false
}

// matches counts the distinct words of text that m marks.
func (x *Index) matches(text string, m *matcher) int {
	var seen []string
	for _, t := range x.analyzer.Analyze([]byte(text)) {
		if s := string(t.Term); !slices.Contains(seen, s) && m.match(s) {
			seen = append(seen, s)
		}
	}
	return len(seen)
}

// snippet returns text as HTML: everything escaped, matched words wrapped
// in <mark>. Text longer than maxSnippet is cut to a window that starts a
// little before the first match, with "…" where it was cut.
func (x *Index) snippet(text string, m *matcher) string {
	if text == "" {
		return ""
	}
	type span struct{ start, end int }
	var marks []span
	for _, t := range x.analyzer.Analyze([]byte(text)) {
		if m.match(string(t.Term)) {
			marks = append(marks, span{t.Start, t.End})
		}
	}
	from, to := 0, len(text)
	if len(text) > maxSnippet {
		if len(marks) > 0 && marks[0].start > maxSnippet/4 {
			from = marks[0].start - maxSnippet/4
		}
		from = min(from, len(text)-maxSnippet)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		// Start at a word when one begins close by.
		if from > 0 {
			if i := strings.IndexByte(text[from:min(from+40, len(text))], ' '); i >= 0 {
				from += i + 1
			}
		}
		to = min(from+maxSnippet, len(text))
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to--
		}
	}
	var b strings.Builder
	b.Grow(to - from + 32)
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range marks {
		if s.start < pos || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution of a rune.
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i+1:]) == string(rb[i:])
}
