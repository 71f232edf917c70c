package bleveindex

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hi"
	"github.com/blevesearch/bleve/v2/analysis/lang/hr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	"github.com/blevesearch/bleve/v2/analysis/lang/in"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/registry"
)

// Language-specific analysis. Every language shares wordAnalyzer's
// tokenizer; the languages bleve has a stemmer (and normaliser) for add
// those as token filters, so that "Dateien" finds "Datei". Stop words are
// kept everywhere: queries make them optional instead (see search.go).
//
// Languages are grouped by their analysis: a BCP 47 tag maps to a group
// ("pt-BR" and "pt-PT" to "pt", "nb" to "no", "bs" and "sr" to "hr");
// languages without a stemmer in bleve (bg, bn, ca, cs, el, id, ja, ko, lo,
// ml, ne, pl, ta, th, uk, uz, zh...) have no group and use plain words.
// Each group is a document type in the index mapping whose text field uses
// the group's analyzer, so the per-document language selects the analysis.

// stemGroups lists the groups and the bleve token filters they apply, in
// order, after lower-casing.
var stemGroups = map[string][]string{
	"ar":  {ar.NormalizeName, ar.StemmerName},
	"ckb": {ckb.NormalizeName, ckb.StemmerName},
	"da":  {da.SnowballStemmerName},
	"de":  {de.NormalizeName, de.SnowballStemmerName},
	"en":  {en.SnowballStemmerName},
	"es":  {es.SnowballStemmerName},
	"fa":  {ar.NormalizeName, fa.NormalizeName},
	"fi":  {fi.SnowballStemmerName},
	"fr":  {fr.SnowballStemmerName},
	"hi":  {in.NormalizeName, hi.NormalizeName, hi.StemmerName},
	"hr":  {hr.StemmerName},
	"hu":  {hu.SnowballStemmerName},
	"it":  {it.SnowballStemmerName},
	"nl":  {nl.SnowballStemmerName},
	"no":  {no.SnowballStemmerName},
	"pt":  {pt.LightStemmerName},
	"ro":  {ro.SnowballStemmerName},
	"ru":  {ru.SnowballStemmerName},
	"sv":  {sv.SnowballStemmerName},
	"tr":  {tr.SnowballStemmerName},
}

// groupAliases maps language subtags to the group that analyses them.
var groupAliases = map[string]string{"nb": "no", "nn": "no", "bs": "hr", "sr": "hr"}

// languageGroup returns the analysis group of a BCP 47 language tag, or ""
// for plain words.
func languageGroup(tag string) string {
	base, _, _ := strings.Cut(tag, "-")
	base, _, _ = strings.Cut(base, "_")
	if len(base) > 3 {
		return ""
	}
	base = strings.ToLower(base)
	if g, ok := groupAliases[base]; ok {
		return g
	}
	if _, ok := stemGroups[base]; ok {
		return base
	}
	return ""
}

// groupAnalyzerName is the registered name of a group's analyzer; "" is the
// plain textAnalyzer.
func groupAnalyzerName(group string) string {
	if group == "" {
		return textAnalyzer
	}
	return "inflow_words_" + group + "_v2"
}

// stemAnalyzer is wordAnalyzer followed by a language's token filters.
// Stemming a word is costly (the snowball stemmers allocate) and words
// repeat a lot, so results are cached.
type stemAnalyzer struct {
	words   wordAnalyzer
	filters []analysis.TokenFilter
	cache   *stemCache
}

func (a *stemAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ts := a.words.Analyze(input)
	for _, t := range ts {
		if t.Type == analysis.Ideographic {
			continue
		}
		t.Term = a.stem(t.Term)
	}
	return ts
}

// stem returns the stemmed form of one lower-cased word.
func (a *stemAnalyzer) stem(term []byte) []byte {
	if s, ok := a.cache.get(term); ok {
		return s
	}
	key := string(term) // filters may change term in place
	tok := analysis.Token{Term: term, Type: analysis.AlphaNumeric, Position: 1, End: len(term)}
	ts := analysis.TokenStream{&tok}
	for _, f := range a.filters {
		ts = f.Filter(ts)
	}
	out := term
	if len(ts) == 1 && utf8.Valid(ts[0].Term) && len(ts[0].Term) > 0 {
		out = ts[0].Term
	}
	out = out[:len(out):len(out)]
	a.cache.put(key, out)
	return out
}

// stemCache is a bounded map from words to stems, cleared when full.
type stemCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

const stemCacheSize = 1 << 16

func (c *stemCache) get(term []byte) ([]byte, bool) {
	c.mu.RLock()
	s, ok := c.m[string(term)]
	c.mu.RUnlock()
	return s, ok
}

func (c *stemCache) put(term string, stem []byte) {
	c.mu.Lock()
	if len(c.m) >= stemCacheSize {
		c.m = make(map[string][]byte, stemCacheSize/4)
	}
	c.m[term] = stem
	c.mu.Unlock()
}

func init() {
	cache := registry.NewCache()
	for group, names := range stemGroups {
		var filters []analysis.TokenFilter
		for _, n := range names {
			f, err := cache.TokenFilterNamed(n)
			if err != nil {
				panic(err)
			}
			filters = append(filters, f)
		}
		an := &stemAnalyzer{words: wordAnalyzer{noOffsets: true}, filters: filters, cache: &stemCache{m: map[string][]byte{}}}
		if err := registry.RegisterAnalyzer(groupAnalyzerName(group), func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
			return an, nil
		}); err != nil {
			panic(err)
		}
	}
}
