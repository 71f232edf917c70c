package bleveindex

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Search limits and tuning.
const (
	MaxQueryLen  = 500 // bytes of query text considered; the rest is ignored
	maxTerms     = 32  // words and phrases considered
	DefaultLimit = 20
	MaxLimit     = 200

	minPrefixLen = 2 // runes a last word needs to also match as a prefix
	minFuzzyLen  = 5 // runes a word needs to be retried with one typo

	prefixBoost = 0.5 // prefix and fuzzy matches weigh less than exact ones
	fuzzyBoost  = 0.5

	// languageWeight is roughly what matching the requested language adds
	// to a hit's score per required word: enough to lift a hit in the
	// person's language above a similar one in another language, not enough
	// to bury a much better match.
	languageWeight = 3.0
)

// textFields are the fields a word is looked up in, with their weights.
var textFields = []struct {
	name  string
	boost float64
}{
	{fieldTitle, 4},
	{fieldKeyPoints, 2},
	{fieldSummary, 2},
	{fieldBody, 1},
}

// hitFields are the stored fields a hit is built from.
var hitFields = []string{fieldTitle, fieldSummary, fieldExcerpt, fieldKind, fieldTopic, fieldLanguage}

// parsedQuery is a query as words and phrases, already analysed.
type parsedQuery struct {
	text    string   // the query text actually used, after capping and cleaning
	words   []string // distinct terms, in query order
	prefix  string   // the last free word, which also matches as a prefix ("" if none)
	phrases [][]string
}

// empty reports whether the query has nothing to search for.
func (p *parsedQuery) empty() bool { return len(p.words) == 0 && len(p.phrases) == 0 }

// cleanQuery caps q at MaxQueryLen bytes (on a rune boundary), replaces
// invalid UTF-8 and turns control characters into spaces.
func cleanQuery(q string) string {
	if len(q) > MaxQueryLen {
		cut := MaxQueryLen
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	q = strings.ToValidUTF8(q, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFFFD' {
			return ' '
		}
		return r
	}, q)
}

// parse splits the query into words and "quoted phrases"; an unbalanced
// quote is ignored. Text is analysed like the indexed fields.
func (x *Index) parse(q string) *parsedQuery {
	p := &parsedQuery{text: cleanQuery(q)}
	seen := map[string]bool{}
	addWord := func(t string) {
		if !seen[t] && len(p.words)+len(p.phrases) < maxTerms {
			seen[t] = true
			p.words = append(p.words, t)
		}
	}
	parts := strings.Split(p.text, `"`)
	for i, part := range parts {
		terms := x.terms(part)
		if i%2 == 1 && i < len(parts)-1 { // between a pair of quotes
			switch {
			case len(terms) == 1:
				addWord(terms[0])
			case len(terms) > 1 && len(p.words)+len(p.phrases) < maxTerms:
				p.phrases = append(p.phrases, terms)
			}
			continue
		}
		for _, t := range terms {
			addWord(t)
		}
		if i == len(parts)-1 && len(terms) > 0 && seen[terms[len(terms)-1]] {
			if last := terms[len(terms)-1]; utf8.RuneCountInString(last) >= minPrefixLen {
				p.prefix = last
			}
		}
	}
	return p
}

// terms analyses text into lower-cased word terms.
func (x *Index) terms(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	ts := x.analyzer.Analyze([]byte(text))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

// Search runs a query; see the package documentation for how it is read.
// An empty query gives an empty result. Limit 0 means DefaultLimit; it is
// capped at MaxLimit.
func (x *Index) Search(ctx context.Context, req inflow.SearchRequest) (res *inflow.SearchResult, err error) {
	defer x.recoverPanic(&err)
	start := time.Now()
	p := x.parse(req.Query)
	res = &inflow.SearchResult{Query: p.text, Hits: []*inflow.SearchHit{}}
	defer func() {
		if res != nil {
			res.TookMs = float64(time.Since(start).Microseconds()) / 1000
		}
	}()
	if p.empty() {
		return res, nil
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)

	fuzzy := false
	sr, err := x.run(ctx, p, req.Language, limit, false)
	if err == nil && sr.Total == 0 && p.hasFuzzyWords() {
		fuzzy = true
		sr, err = x.run(ctx, p, req.Language, limit, true)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search %q: %w", p.text, err)
	}
	res.Total = sr.Total
	m := newMatcher(p, fuzzy)
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, x.hit(h, m))
	}
	return res, nil
}

func (p *parsedQuery) hasFuzzyWords() bool {
	for _, w := range p.words {
		if utf8.RuneCountInString(w) >= minFuzzyLen {
			return true
		}
	}
	return false
}

// run builds the bleve query and searches.
func (x *Index) run(ctx context.Context, p *parsedQuery, language string, limit int, fuzzy bool) (*bleve.SearchResult, error) {
	optional := optionalWords(p)
	var must, should []query.Query
	for _, w := range p.words {
		q := wordQuery(w, w == p.prefix, fuzzy)
		if optional[w] {
			should = append(should, q)
		} else {
			must = append(must, q)
		}
	}
	for _, ph := range p.phrases {
		must = append(must, phraseQuery(ph))
	}
	if language != "" {
		if q := x.languageQuery(language, float64(len(must))*languageWeight); q != nil {
			should = append(should, q)
		}
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	bq.AddMust(must...)
	if len(should) > 0 {
		bq.AddShould(should...)
		bq.SetMinShould(0)
	}
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	req.Fields = hitFields
	return x.bi.SearchInContext(ctx, req)
}

// optionalWords returns the English stop words of the query, which are
// optional as long as something else is required.
func optionalWords(p *parsedQuery) map[string]bool {
	var opt map[string]bool
	for _, w := range p.words {
		if stopWords[w] {
			if opt == nil {
				opt = map[string]bool{}
			}
			opt[w] = true
		}
	}
	if len(opt) == len(p.words) && len(p.phrases) == 0 {
		return nil // only stop words: require them all
	}
	return opt
}

// wordQuery matches one word in any text field; with prefix also words
// starting with it, with fuzzy (for long words) also words one edit away.
func wordQuery(w string, prefix, fuzzy bool) query.Query {
	n := utf8.RuneCountInString(w)
	fuzzy = fuzzy && n >= minFuzzyLen
	qs := make([]query.Query, 0, 3*len(textFields))
	for _, f := range textFields {
		tq := query.NewTermQuery(w)
		tq.SetField(f.name)
		tq.SetBoost(f.boost)
		qs = append(qs, tq)
		if prefix {
			pq := query.NewPrefixQuery(w)
			pq.SetField(f.name)
			pq.SetBoost(f.boost * prefixBoost)
			qs = append(qs, pq)
		}
		if fuzzy {
			fq := query.NewFuzzyQuery(w)
			fq.SetField(f.name)
			fq.SetFuzziness(1)
			fq.SetBoost(f.boost * fuzzyBoost)
			qs = append(qs, fq)
		}
	}
	return query.NewDisjunctionQuery(qs)
}

// phraseQuery matches the terms in order in any text field.
func phraseQuery(terms []string) query.Query {
	qs := make([]query.Query, 0, len(textFields))
	for _, f := range textFields {
		pq := query.NewPhraseQuery(terms, f.name)
		pq.SetBoost(f.boost)
		qs = append(qs, pq)
	}
	return query.NewDisjunctionQuery(qs)
}

// languageQuery matches documents in language, boosted so that a match
// adds about weight to the score whatever the share of documents in that
// language (a term's BM25 score scales with its rarity). It returns nil
// when the boost would rank nothing differently.
func (x *Index) languageQuery(language string, weight float64) query.Query {
	if weight <= 0 {
		return nil
	}
	total, err := x.bi.DocCount()
	if err != nil || total == 0 {
		return nil
	}
	n, err := x.docFreq(fieldLanguage, language)
	if err != nil || n == 0 || n >= total {
		return nil
	}
	idf := math.Log(1 + (float64(total)-float64(n)+0.5)/(float64(n)+0.5))
	// BM25 of a one-term keyword field: idf * k1 / (1 + k1).
	score := idf * search.BM25_k1 / (1 + search.BM25_k1)
	tq := query.NewTermQuery(language)
	tq.SetField(fieldLanguage)
	tq.SetBoost(weight / score)
	return tq
}

// docFreq returns the number of documents with term in field.
func (x *Index) docFreq(field, term string) (uint64, error) {
	ai, err := x.bi.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := ai.Reader()
	if err != nil {
		return 0, err
	}
	defer func() { _ = r.Close() }()
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tfr.Close() }()
	return tfr.Count(), nil
}

// hit turns a bleve hit into an inflow.SearchHit.
func (x *Index) hit(h *search.DocumentMatch, m *matcher) *inflow.SearchHit {
	str := func(f string) string {
		s, _ := h.Fields[f].(string)
		return s
	}
	src := str(fieldSummary)
	if src == "" {
		src = str(fieldExcerpt)
	}
	return &inflow.SearchHit{
		ID:       h.ID,
		Title:    str(fieldTitle),
		Kind:     inflow.Kind(str(fieldKind)),
		Topic:    str(fieldTopic),
		Language: str(fieldLanguage),
		Snippet:  x.snippet(src, m),
		Score:    h.Score,
	}
}

// stopWords are common English words that need not match.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be but by for from how i if in into is it its
		my no not of on or so such that the their then there these they this to was what when where which
		who why will with you your do does can`) {
		m[w] = true
	}
	return m
}()
