package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

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
	{fieldLead, 0.2},
}

// adjacencyBoost weighs the bonus for each two consecutive query words
// that appear next to each other, in order, in the text.
const adjacencyBoost = 6.0

// maxBoostedWords bounds the words that get field bonuses, which keeps long
// queries cheap.
const maxBoostedWords = 8

// Paging and prefix expansion limits.
const (
	MaxOffset = 10000 // larger offsets are capped
	// maxPrefixTerms is the number of index terms a prefix of three or more
	// characters expands to: the most frequent ones. One and two
	// characters look up fieldTitlePrefix instead.
	maxPrefixTerms = 64
	// shortPrefixLen is the longest prefix looked up in fieldTitlePrefix.
	shortPrefixLen = 2
	// maxStemCut is how many runes a typed prefix may lose to reach the
	// stem it is typed past (stemmers strip up to about three).
	maxStemCut = 3
)

// hitFields are the stored fields a hit is built from.
var hitFields = []string{fieldTitle, fieldLead, fieldExcerpt, fieldKind, fieldTopic, fieldLanguage}

// parsedQuery is a query as filters, words and phrases, already analysed.
type parsedQuery struct {
	text    string // the query text searched, filters taken out
	filters []inflow.SearchFilter
	words   []string // distinct plain terms, in query order
	free    []string // the words outside quotes, in order, with repeats
	prefix  string   // the last free word, which also matches as a prefix ("" if none)
	phrases [][]string
}

// empty reports whether the query has nothing to search for.
func (p *parsedQuery) empty() bool {
	return len(p.words) == 0 && len(p.phrases) == 0 && len(p.filters) == 0
}

// hasText reports whether the query has words or phrases.
func (p *parsedQuery) hasText() bool { return len(p.words) > 0 || len(p.phrases) > 0 }

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

// parse takes the filters out of the query and splits the rest into words
// and "quoted phrases"; an unbalanced quote is ignored. Words are plain
// terms, lower-cased; see forms for their analysis per language.
func (x *Index) parse(q string) *parsedQuery {
	rest, filters := parseFilters(cleanQuery(q))
	p := &parsedQuery{text: strings.Join(strings.Fields(rest), " "), filters: filters}
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
		// The last word is still being typed unless a space follows it.
		if i == len(parts)-1 && len(terms) > 0 && seen[terms[len(terms)-1]] &&
			!strings.HasSuffix(q, " ") {
			p.prefix = terms[len(terms)-1]
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
// capped at MaxLimit, and Offset at MaxOffset.
func (x *Index) Search(ctx context.Context, req inflow.SearchRequest) (res *inflow.SearchResult, err error) {
	defer x.recoverPanic(&err)
	start := time.Now()
	p := x.parse(req.Query)
	res = &inflow.SearchResult{Query: p.text, Filters: p.filters, Hits: []*inflow.SearchHit{}}
	if res.Filters == nil {
		res.Filters = []inflow.SearchFilter{}
	}
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
	offset := min(max(req.Offset, 0), MaxOffset)

	qc, err := x.newQueryContext(ctx, p, req.Language)
	if err != nil {
		return nil, x.searchErr(ctx, p, err)
	}
	fuzzy := false
	sr, err := x.run(ctx, qc, limit, offset, req.Facets, false)
	if err == nil && sr != nil && sr.Total == 0 && p.hasFuzzyWords() {
		fuzzy = true
		sr, err = x.run(ctx, qc, limit, offset, req.Facets, true)
	}
	if err != nil {
		return nil, x.searchErr(ctx, p, err)
	}
	if sr == nil { // a filter matches nothing
		if req.Facets {
			res.Facets = &inflow.SearchFacets{Kinds: []inflow.Facet{}, Topics: []inflow.Facet{}, Languages: []inflow.Facet{}, Tags: []inflow.Facet{}}
		}
		return res, nil
	}
	res.Total = sr.Total
	m := newMatcher(qc, fuzzy)
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, x.hit(h, m))
	}
	if req.Facets {
		res.Facets = facetsOf(sr)
	}
	if (fuzzy || sr.Total < suggestBelow) && p.hasText() {
		strict := sr.Total
		if fuzzy {
			strict = 0 // what the words as typed find
		}
		res.Suggestion = x.suggest(ctx, p, strict)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

func (x *Index) searchErr(ctx context.Context, p *parsedQuery, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("search %q: %w", p.text, err)
}

func (p *parsedQuery) hasFuzzyWords() bool {
	for _, w := range p.words {
		if utf8.RuneCountInString(w) >= minFuzzyLen {
			return true
		}
	}
	return false
}

// queryContext is a parsed query with what the index says about it: the
// forms of each word under the languages searched, the keyword terms each
// filter stands for.
type queryContext struct {
	p        *parsedQuery
	language string              // the person's language, ranked first
	forms    map[string][]string // word -> distinct terms in fieldText
	stems    map[string][]string // word -> its term in fieldText per analysis: plain, then analyzers
	nstems   int                 // number of analyses
	groups   []query.Query       // per analysis, a query for the documents analysed so
	prefixes []string            // terms the last word expands to in fieldText
	filters  []query.Query       // one per filter field; nil entries never happen
	none     bool                // a filter matches nothing
}

// newQueryContext analyses the query's words for the languages searched:
// those of lang: filters, or else every language group in the index.
func (x *Index) newQueryContext(ctx context.Context, p *parsedQuery, language string) (*queryContext, error) {
	qc := &queryContext{p: p, language: language, forms: map[string][]string{}, stems: map[string][]string{}}
	// Filters.
	var langTerms []string
	byField := map[string][]string{}
	var fieldOrder []string
	for _, f := range p.filters {
		field := filterFields[f.Field]
		dict, err := x.dictionary(field)
		if err != nil {
			return nil, err
		}
		if _, ok := byField[field]; !ok {
			fieldOrder = append(fieldOrder, field)
			byField[field] = []string{}
		}
		for _, e := range dict {
			if filterMatches(field, f.Value, e.Term) && !slices.Contains(byField[field], e.Term) {
				byField[field] = append(byField[field], e.Term)
			}
		}
	}
	for _, field := range fieldOrder {
		terms := byField[field]
		if len(terms) == 0 {
			qc.none = true
			return qc, nil
		}
		if field == fieldLanguage {
			langTerms = terms
		}
		var qs []query.Query
		for _, t := range terms {
			tq := query.NewTermQuery(t)
			tq.SetField(field)
			tq.SetBoost(filterBoost)
			qs = append(qs, tq)
		}
		if len(qs) == 1 {
			qc.filters = append(qc.filters, qs[0])
		} else {
			qc.filters = append(qc.filters, query.NewDisjunctionQuery(qs))
		}
	}
	// Analysis groups.
	if langTerms == nil {
		dict, err := x.dictionary(fieldLanguage)
		if err != nil {
			return nil, err
		}
		for _, e := range dict {
			langTerms = append(langTerms, e.Term)
		}
	}
	var analyzers []*stemAnalyzer
	var groupNames []string
	seen := map[string]bool{}
	for _, l := range langTerms {
		g := languageGroup(l)
		if g == "" || seen[g] {
			continue
		}
		seen[g] = true
		if an, ok := x.bi.Mapping().AnalyzerNamed(groupAnalyzerName(g)).(*stemAnalyzer); ok {
			analyzers = append(analyzers, an)
			groupNames = append(groupNames, g)
		}
	}
	// Which documents each analysis applies to, for typo matching.
	for _, g := range append([]string{""}, groupNames...) {
		var qs []query.Query
		for _, l := range langTerms {
			if languageGroup(l) == g {
				tq := query.NewTermQuery(l)
				tq.SetField(fieldLanguage)
				tq.SetBoost(filterBoost)
				qs = append(qs, tq)
			}
		}
		if len(qs) == 0 {
			qc.groups = append(qc.groups, query.NewMatchNoneQuery())
		} else {
			qc.groups = append(qc.groups, query.NewDisjunctionQuery(qs))
		}
	}
	addForms := func(w string) {
		if _, ok := qc.forms[w]; ok {
			return
		}
		fs, all := []string{w}, []string{w}
		for _, an := range analyzers {
			s := string(an.stem([]byte(w)))
			all = append(all, s)
			if !slices.Contains(fs, s) {
				fs = append(fs, s)
			}
		}
		qc.forms[w] = fs
		qc.stems[w] = all
	}
	qc.nstems = 1 + len(analyzers)
	for _, w := range p.words {
		addForms(w)
	}
	for _, ph := range p.phrases {
		for _, w := range ph {
			addForms(w)
		}
	}
	if n := utf8.RuneCountInString(p.prefix); n > shortPrefixLen {
		// The text field holds stems, so a word typed part way past its stem
		// ("secur" is indexed; "securel" of "securely" starts no term):
		// expand it and its shortenings, at most maxStemCut runes and never
		// below 3 (a longer prefix may also start an unrelated term:
		// "securelevel").
		// Only after other words, which keep the match narrow; a lone word
		// that starts nothing goes to the typo retry instead.
		runes, maxCut := []rune(p.prefix), 0
		if len(p.words) > 1 {
			maxCut = maxStemCut
		}
		for cut := 0; cut <= maxCut && n-cut >= 3; cut++ {
			terms, err := x.expandPrefix(ctx, fieldText, string(runes[:n-cut]), maxPrefixTerms)
			if err != nil {
				return nil, err
			}
			for _, t := range terms {
				if !slices.Contains(qc.prefixes, t) {
					qc.prefixes = append(qc.prefixes, t)
				}
			}
		}
	}
	return qc, nil
}

// filterBoost makes filters count next to nothing in scores.
const filterBoost = 1e-6

// run builds the bleve query and searches. It returns nil and no error
// when a filter matches nothing.
func (x *Index) run(ctx context.Context, qc *queryContext, limit, offset int, facets, fuzzy bool) (*bleve.SearchResult, error) {
	if qc.none {
		return nil, nil
	}
	p := qc.p
	st, err := x.openStats()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var core query.Query
	var bonuses []query.Query
	// weight scales the additive priors to the number of scored terms.
	weight := float64(len(p.words) + len(p.phrases))
	if p.hasText() {
		core, bonuses = buildQuery(qc, fuzzy)
		if len(qc.filters) > 0 {
			core = query.NewConjunctionQuery(append([]query.Query{core}, qc.filters...))
		}
		if tq := st.exactTitleQuery(p.text, weight*exactTitleWeight); tq != nil {
			bonuses = append(bonuses, tq)
		}
	} else {
		// Filters alone list everything matching them, the person's
		// language first, then the most prominent.
		weight = 1
		if len(qc.filters) == 1 {
			core = qc.filters[0]
		} else {
			core = query.NewConjunctionQuery(qc.filters)
		}
	}
	bonuses = append(bonuses, st.prominenceQueries(weight*prominenceWeight)...)
	if qc.language != "" {
		if lq := st.languageQuery(qc.language, weight*languageWeight); lq != nil {
			bonuses = append(bonuses, lq)
		}
	}
	req := bleve.NewSearchRequestOptions(additive(core, bonuses), limit, offset, false)
	req.Fields = hitFields
	if !p.hasText() {
		req.SortBy([]string{"-_score", "_id"})
	}
	if facets {
		req.AddFacet(fieldKind, bleve.NewFacetRequest(fieldKind, maxFacetValues))
		req.AddFacet(fieldTopic, bleve.NewFacetRequest(fieldTopic, maxFacetValues))
		req.AddFacet(fieldLanguage, bleve.NewFacetRequest(fieldLanguage, maxFacetValues))
		req.AddFacet(fieldTags, bleve.NewFacetRequest(fieldTags, maxFacetValues))
	}
	return x.bi.SearchInContext(ctx, req)
}

// maxFacetValues is the most values returned per facet.
const maxFacetValues = 50

// facetsOf converts bleve's facet results, most frequent first.
func facetsOf(sr *bleve.SearchResult) *inflow.SearchFacets {
	get := func(field string) []inflow.Facet {
		out := []inflow.Facet{}
		fr := sr.Facets[field]
		if fr == nil || fr.Terms == nil {
			return out
		}
		for _, t := range fr.Terms.Terms() {
			out = append(out, inflow.Facet{Value: t.Term, Count: t.Count})
		}
		slices.SortStableFunc(out, func(a, b inflow.Facet) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		return out
	}
	return &inflow.SearchFacets{Kinds: get(fieldKind), Topics: get(fieldTopic), Languages: get(fieldLanguage), Tags: get(fieldTags)}
}

// buildQuery returns the core query, which requires every word (but stop
// words) and phrase in fieldText, and bonus queries for words in the title,
// lead, for optional words, and for the words standing next to each other
// in order.
func buildQuery(qc *queryContext, fuzzy bool) (core query.Query, bonuses []query.Query) {
	p := qc.p
	optional := optionalWords(p)
	var must []query.Query
	boosted := 0
	for _, w := range p.words {
		if optional[w] {
			bonuses = append(bonuses, qc.wordQuery(w, false, false))
			continue
		}
		// A 1-2 character word being typed after other words only matches
		// title-word prefixes; requiring it would empty the results between
		// keystrokes ("passwd m"), so it ranks instead of filtering.
		if w == p.prefix && len(p.words) > 1 && utf8.RuneCountInString(w) <= shortPrefixLen {
			bonuses = append(bonuses, qc.wordQuery(w, true, false))
			continue
		}
		must = append(must, qc.wordQuery(w, w == p.prefix, fuzzy))
		if boosted++; boosted > maxBoostedWords {
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
		must = append(must, qc.phraseQuery(ph, 1))
	}
	for i := 0; i+1 < len(p.free) && i < maxBoostedWords; i++ {
		if p.free[i] == p.free[i+1] {
			continue
		}
		bonuses = append(bonuses, qc.phraseQuery(p.free[i:i+2], adjacencyBoost))
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

// phraseQuery matches the words of a phrase next to each other, in order,
// in any of the languages searched.
func (qc *queryContext) phraseQuery(words []string, boost float64) query.Query {
	var qs []query.Query
	var seen [][]string
	for i := range qc.nstems {
		terms := make([]string, len(words))
		for j, w := range words {
			terms[j] = qc.stems[w][i]
		}
		if slices.ContainsFunc(seen, func(s []string) bool { return slices.Equal(s, terms) }) {
			continue
		}
		seen = append(seen, terms)
		pq := query.NewPhraseQuery(terms, fieldText)
		pq.SetBoost(boost)
		qs = append(qs, pq)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
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

// wordQuery matches one word in fieldText in any of its forms; with prefix
// also words starting with it (a short prefix: title words starting with
// it), with fuzzy (for long words) also words one edit away.
func (qc *queryContext) wordQuery(w string, prefix, fuzzy bool) query.Query {
	var qs []query.Query
	for _, f := range qc.forms[w] {
		tq := query.NewTermQuery(f)
		tq.SetField(fieldText)
		qs = append(qs, tq)
	}
	if prefix {
		if utf8.RuneCountInString(w) <= shortPrefixLen {
			tq := query.NewTermQuery(w)
			tq.SetField(fieldTitlePrefix)
			tq.SetBoost(prefixBoost)
			qs = append(qs, tq)
		} else {
			for _, t := range qc.prefixes {
				if slices.Contains(qc.forms[w], t) {
					continue
				}
				tq := query.NewTermQuery(t)
				tq.SetField(fieldText)
				tq.SetBoost(prefixBoost)
				qs = append(qs, tq)
			}
		}
	}
	if fuzzy && utf8.RuneCountInString(w) >= minFuzzyLen {
		// Each form one edit away: stems of misspelt words differ from the
		// stems of the words meant ("repositry" → "repositri",
		// "repository" → "repositori").
		// Each only in the documents of its analysis, lest a typo in one
		// language match a word of another.
		for i, f := range qc.stems[w] {
			fq := query.NewFuzzyQuery(f)
			fq.SetField(fieldText)
			fq.SetFuzziness(1)
			fq.SetBoost(fuzzyBoost)
			qs = append(qs, query.NewConjunctionQuery([]query.Query{fq, qc.groups[i]}))
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// expandPrefix returns up to n terms of field that start with prefix, the
// most frequent first.
func (x *Index) expandPrefix(ctx context.Context, field, prefix string, n int) ([]string, error) {
	d, err := x.bi.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, err
	}
	defer func() { _ = d.Close() }()
	var top []index.DictEntry
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		top = append(top, *e)
		if len(top) >= 4*n {
			top = topTerms(top, n)
		}
	}
	top = topTerms(top, n)
	out := make([]string, len(top))
	for i, e := range top {
		out[i] = e.Term
	}
	return out, nil
}

// topTerms keeps the n most frequent entries, most frequent first.
func topTerms(es []index.DictEntry, n int) []index.DictEntry {
	slices.SortFunc(es, func(a, b index.DictEntry) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Term, b.Term)
	})
	return es[:min(n, len(es))]
}

// dictionary returns every term of a small keyword field with its document
// count. It is cached until the index changes.
func (x *Index) dictionary(field string) ([]index.DictEntry, error) {
	x.dictMu.Lock()
	defer x.dictMu.Unlock()
	if es, ok := x.dicts[field]; ok {
		return es, nil
	}
	d, err := x.bi.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer func() { _ = d.Close() }()
	es := []index.DictEntry{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		es = append(es, *e)
	}
	if x.dicts == nil {
		x.dicts = map[string][]index.DictEntry{}
	}
	x.dicts[field] = es
	return es, nil
}

// changed forgets what was cached about the index's contents.
func (x *Index) changed() {
	x.dictMu.Lock()
	x.dicts = nil
	x.dictMu.Unlock()
}

// languageQuery matches documents in language, boosted so that a match
// adds about weight to the score before bleve's query normalisation,
// whatever the share of documents in that language (under TF-IDF a term
// scores boost·idf², and the idf of a common language is low). It returns
// nil when the boost would rank nothing differently.
func (st *termStats) languageQuery(language string, weight float64) query.Query {
	return st.weightedTerm(fieldLanguage, language, weight, true)
}

// weightedTerm returns a term query on a keyword field boosted so that a
// match adds about weight to the score whatever the term's frequency
// (under TF-IDF a term scores boost·idf², so the boost divides by idf²).
// It returns nil when no document has the term, or, with skipUniversal,
// when every document has it and the bonus would reorder nothing.
func (st *termStats) weightedTerm(field, term string, weight float64, skipUniversal bool) query.Query {
	if weight <= 0 || term == "" || st.total == 0 {
		return nil
	}
	n := st.freq(field, term)
	if n == 0 || (skipUniversal && n >= st.total) {
		return nil
	}
	idf := 1 + math.Log(float64(st.total)/float64(n+1))
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
func (st *termStats) exactTitleQuery(text string, weight float64) query.Query {
	return st.weightedTerm(fieldTitleKey, titleKey(text), weight, false)
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
func (st *termStats) prominenceQueries(weight float64) []query.Query {
	var out []query.Query
	for t := 1; t <= prominenceTiers; t++ {
		if q := st.weightedTerm(fieldProminence, fmt.Sprintf("p%d", t), weight*float64(t)/prominenceTiers, false); q != nil {
			out = append(out, q)
		}
	}
	return out
}

// termStats answers document-frequency questions from one index reader,
// so the ranking bonuses of a query cost one reader, not one per term
// (this runs on every keystroke).
type termStats struct {
	r     index.IndexReader
	total uint64
}

// openStats opens a reader for term statistics; Close releases it.
func (x *Index) openStats() (*termStats, error) {
	ai, err := x.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	total, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, err
	}
	return &termStats{r: r, total: total}, nil
}

// freq returns the number of documents with term in field (0 on error).
func (st *termStats) freq(field, term string) uint64 {
	tfr, err := st.r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer func() { _ = tfr.Close() }()
	return tfr.Count()
}

// Close releases the reader.
func (st *termStats) Close() error { return st.r.Close() }

// hit turns a bleve hit into an inflow.SearchHit. The snippet comes from
// whichever of the summary and key points matches the most query words, or
// the excerpt.
func (x *Index) hit(h *search.DocumentMatch, m *matcher) *inflow.SearchHit {
	str := func(f string) string {
		s, _ := h.Fields[f].(string)
		return s
	}
	var lead []string
	switch v := h.Fields[fieldLead].(type) {
	case string:
		lead = []string{v}
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				lead = append(lead, s)
			}
		}
	}
	if ex := str(fieldExcerpt); ex != "" {
		lead = append(lead, ex)
	}
	lang := str(fieldLanguage)
	hm := *m
	if an, ok := x.bi.Mapping().AnalyzerNamed(groupAnalyzerName(languageGroup(lang))).(*stemAnalyzer); ok {
		hm.stem = an.stem
	}
	src, best := "", -1
	for _, s := range lead {
		if n := x.matches(s, &hm); n > best {
			src, best = s, n
		}
	}
	return &inflow.SearchHit{
		ID:       h.ID,
		Title:    str(fieldTitle),
		Kind:     inflow.Kind(str(fieldKind)),
		Topic:    str(fieldTopic),
		Language: lang,
		Snippet:  x.snippet(src, &hm),
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
