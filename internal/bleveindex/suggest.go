package bleveindex

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// suggestBelow: a query with fewer matches than this (or found only with
// typos allowed) gets a "did you mean" suggestion, if one finds more.
const suggestBelow = 3

// minSuggestLen is the fewest characters of a word that is corrected.
const minSuggestLen = 4

// suggest returns the query with each word that the index does not know
// replaced by the most frequent word of titles, summaries and key points
// (fieldTitle, fieldLead: words as written) within one edit, or two for
// words of eight characters or more; "" if no word changes or the
// corrected query would not find more than total.
func (x *Index) suggest(ctx context.Context, p *parsedQuery, total uint64) string {
	ai, err := x.bi.Advanced()
	if err != nil {
		return ""
	}
	r, err := ai.Reader()
	if err != nil {
		return ""
	}
	defer func() { _ = r.Close() }()
	st := &termStats{r: r}
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	qc, err := x.newQueryContext(ctx, p, "")
	if err != nil {
		return ""
	}
	known := func(w string) bool {
		for _, f := range qc.forms[w] {
			if st.freq(fieldText, f) > 0 {
				return true
			}
		}
		return false
	}
	fix := map[string]string{}
	for _, w := range p.words {
		if ctx.Err() != nil || utf8.RuneCountInString(w) < minSuggestLen || stopWords[w] {
			continue
		}
		if w != p.prefix && known(w) {
			continue
		}
		if w == p.prefix {
			// Still being typed: leave it if some word starts with it.
			if ts, _ := x.expandPrefix(ctx, fieldText, w, 1); len(ts) > 0 {
				continue
			}
		}
		best, bestCount, bestDist := "", uint64(0), 3
		fuzziness := 1
		if utf8.RuneCountInString(w) >= 8 {
			fuzziness = 2
		}
		for _, field := range []string{fieldLead, fieldTitle} {
			d, err := fr.FieldDictFuzzy(field, w, fuzziness, "")
			if err != nil {
				continue
			}
			for {
				e, err := d.Next()
				if err != nil || e == nil {
					break
				}
				dist := int(e.EditDistance)
				if e.Term == w || dist == 0 {
					continue
				}
				if dist < bestDist || dist == bestDist && (e.Count > bestCount || e.Count == bestCount && e.Term < best) {
					best, bestCount, bestDist = e.Term, e.Count, dist
				}
			}
			_ = d.Close()
		}
		if best != "" {
			fix[w] = best
		}
	}
	if len(fix) == 0 || ctx.Err() != nil {
		return ""
	}
	// Rebuild the query text from its words, phrases and filters.
	var parts []string
	for _, f := range p.filters {
		v := f.Value
		if strings.ContainsAny(v, " \"") {
			v = `"` + strings.ReplaceAll(v, `"`, "") + `"`
		}
		parts = append(parts, f.Field+":"+v)
	}
	for _, ph := range p.phrases {
		fixed := slices.Clone(ph)
		for i, w := range fixed {
			if c, ok := fix[w]; ok {
				fixed[i] = c
			}
		}
		parts = append(parts, `"`+strings.Join(fixed, " ")+`"`)
	}
	seen := map[string]bool{}
	for _, w := range p.free {
		if c, ok := fix[w]; ok {
			w = c
		}
		if !seen[w] {
			seen[w] = true
			parts = append(parts, w)
		}
	}
	suggestion := strings.Join(parts, " ")
	// Only suggest what finds more.
	sp := x.parse(suggestion + " ") // trailing space: no prefix matching
	sqc, err := x.newQueryContext(ctx, sp, "")
	if err != nil || sqc.none {
		return ""
	}
	core, _ := buildQuery(sqc, false)
	if len(sqc.filters) > 0 {
		core = query.NewConjunctionQuery(append([]query.Query{core}, sqc.filters...))
	}
	sr, err := x.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(core, 0, 0, false))
	if err != nil || sr.Total <= total {
		return ""
	}
	return suggestion
}
