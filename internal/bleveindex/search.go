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
	languageWeight = 30.0
)

// boostFields add to the score of a word found there, on top of its match
// in fieldText. The weights are low because bleve's TF-IDF favours short
// fields strongly already (1/sqrt of the length), and titles are short. They
// were tuned on the tldr pages together with adjacencyBoost.
var boostFields = []struct {
	name  string
	boost float64
}{
	{fieldTitle, 0.1},
	{fieldKeyPoints, 0.2},
	{fieldSummary, 0.2},
}

// adjacencyBoost weighs the bonus for each two consecutive query words
// that appear next to each other, in order, in the text.
const adjacencyBoost = 3.0

// maxBoostedWords bounds the words that get field bonuses, which keeps long
// queries cheap.
const maxBoostedWords = 8

// hitFields are the stored fields a hit is built from.
var hitFields = []string{fieldTitle, fieldSummary, fieldExcerpt, fieldKind, fieldTopic, fieldLanguage}

// parsedQuery is a query as words and phrases, already analysed.
type parsedQuery struct {
	text    string   // the query text actually used, after capping and cleaning
	words   []string // distinct terms, in query order
	free    []string // the words outside quotes, in order, with repeats
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
		p.free = append(p.free, terms...)
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
	core, bonuses := buildQuery(p, fuzzy)
	if tq := x.exactTitleQuery(p.text, float64(len(p.words)+len(p.phrases))*exactTitleWeight); tq != nil {
		bonuses = append(bonuses, tq)
	}
	bonuses = append(bonuses, x.prominenceQueries(float64(len(p.words)+len(p.phrases))*prominenceWeight)...)
	if language != "" {
		if lq := x.languageQuery(language, float64(len(p.words)+len(p.phrases))*languageWeight); lq != nil {
			bonuses = append(bonuses, lq)
		}
	}
	req := bleve.NewSearchRequestOptions(additive(core, bonuses), limit, 0, false)
	req.Fields = hitFields
	return x.bi.SearchInContext(ctx, req)
}

// buildQuery returns the core query, which requires every word (but stop
// words) and phrase in fieldText, and bonus queries for words in the title,
// summary and key points, for optional words, and for the words standing
// next to each other in order.
func buildQuery(p *parsedQuery, fuzzy bool) (core query.Query, bonuses []query.Query) {
	optional := optionalWords(p)
	var must []query.Query
	for _, w := range p.words {
		if optional[w] {
			bonuses = append(bonuses, wordQuery(w, false, false))
			continue
		}
		must = append(must, wordQuery(w, w == p.prefix, fuzzy))
		if len(must) > maxBoostedWords {
			continue
		}
		for _, f := range boostFields {
			tq := query.NewTermQuery(w)
			tq.SetField(f.name)
			tq.SetBoost(f.boost)
			bonuses = append(bonuses, tq)
		}
	}
	for _, ph := range p.phrases {
		must = append(must, phraseQuery(ph))
	}
	for i := 0; i+1 < len(p.free) && i < maxBoostedWords; i++ {
		pq := query.NewPhraseQuery(p.free[i:i+2], fieldText)
		pq.SetBoost(adjacencyBoost)
		bonuses = append(bonuses, pq)
	}
	if len(must) == 1 {
		return must[0], bonuses
	}
	return query.NewConjunctionQuery(must), bonuses
}

// additive returns a query matching what core matches, scored as core's
// score plus that of each bonus query the document matches. bleve scales
// the sum of a disjunction by the share of its clauses that match, which
// would turn bonuses into a multiplier; a chain of boolean queries, each
// with a single optional clause, keeps them additive.
func additive(core query.Query, bonuses []query.Query) query.Query {
	q := core
	for _, b := range bonuses {
		bq := query.NewBooleanQuery([]query.Query{q}, []query.Query{b}, nil)
		bq.SetMinShould(0)
		q = bq
	}
	return q
}

// phraseQuery matches the words of a phrase next to each other, in order.
func phraseQuery(words []string) query.Query {
	return query.NewPhraseQuery(words, fieldText)
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

// wordQuery matches one word in fieldText; with prefix also words starting
// with it, with fuzzy (for long words) also words one edit away.
func wordQuery(w string, prefix, fuzzy bool) query.Query {
	tq := query.NewTermQuery(w)
	tq.SetField(fieldText)
	prefix = prefix && utf8.RuneCountInString(w) >= minPrefixLen
	fuzzy = fuzzy && utf8.RuneCountInString(w) >= minFuzzyLen
	if !prefix && !fuzzy {
		return tq
	}
	qs := []query.Query{tq}
	if prefix {
		pq := query.NewPrefixQuery(w)
		pq.SetField(fieldText)
		pq.SetBoost(prefixBoost)
		qs = append(qs, pq)
	}
	if fuzzy {
		fq := query.NewFuzzyQuery(w)
		fq.SetField(fieldText)
		fq.SetFuzziness(1)
		fq.SetBoost(fuzzyBoost)
		qs = append(qs, fq)
	}
	return query.NewDisjunctionQuery(qs)
}

// languageQuery matches documents in language, boosted so that a match
// adds about weight to the score before bleve's query normalisation,
// whatever the share of documents in that language (under TF-IDF a term
// scores boost·idf², and the idf of a common language is low). It returns
// nil when the boost would rank nothing differently.
func (x *Index) languageQuery(language string, weight float64) query.Query {
	return x.weightedTerm(fieldLanguage, language, weight, true)
}

// weightedTerm returns a term query on a keyword field boosted so that a
// match adds about weight to the score whatever the term's frequency
// (under TF-IDF a term scores boost·idf², so the boost divides by idf²).
// It returns nil when no document has the term, or, with skipUniversal,
// when every document has it and the bonus would reorder nothing.
func (x *Index) weightedTerm(field, term string, weight float64, skipUniversal bool) query.Query {
	if weight <= 0 || term == "" {
		return nil
	}
	total, err := x.bi.DocCount()
	if err != nil || total == 0 {
		return nil
	}
	n, err := x.docFreq(field, term)
	if err != nil || n == 0 || (skipUniversal && n >= total) {
		return nil
	}
	idf := 1 + math.Log(float64(total)/float64(n+1))
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(weight / (idf * idf))
	return tq
}

// prominenceTiers is the number of prominence tiers; prominenceWeight is
// what the top tier adds to a hit's score per required word (lower tiers
// add proportionally less). It is a prior, smaller than languageWeight: it
// reorders similar matches, it does not lift a poor match over a good one.
const (
	prominenceTiers  = 4
	prominenceWeight = 15.0
)

// exactTitleWeight is what a query that is exactly an item's title (case
// and spacing aside) adds per word: more than any other signal, since
// typing a title is the clearest way of asking for that item.
const exactTitleWeight = 20.0

// titleKey folds a title for exact matching: lower case, quotes dropped,
// runs of spaces collapsed.
func titleKey(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), `"`, " ")
	return strings.Join(strings.Fields(s), " ")
}

// exactTitleQuery matches items whose title is exactly the query text.
func (x *Index) exactTitleQuery(text string, weight float64) query.Query {
	return x.weightedTerm(fieldTitleKey, titleKey(text), weight, false)
}

// prominenceTier maps a prominence in [0, 1] to its tier term.
func prominenceTier(p float64) string {
	if !(p > 0) {
		return ""
	}
	return fmt.Sprintf("p%d", min(prominenceTiers, int(math.Ceil(p*prominenceTiers))))
}

// prominenceQueries returns one bonus query per tier present in the index,
// each boosted (like languageQuery, correcting for its idf) to add
// tier/prominenceTiers of weight.
func (x *Index) prominenceQueries(weight float64) []query.Query {
	var out []query.Query
	for t := 1; t <= prominenceTiers; t++ {
		if q := x.weightedTerm(fieldProminence, fmt.Sprintf("p%d", t), weight*float64(t)/prominenceTiers, false); q != nil {
			out = append(out, q)
		}
	}
	return out
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
