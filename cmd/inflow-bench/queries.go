package main

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// How queries are made (generateQueries), all with a fixed seed, never
// picked by hand:
//
//   - word queries of 1, 2 and 3 words: draw a page (of the query
//     language), list the distinct content words of its title then its
//     summary (lower-cased runs of letters and digits, at least two
//     characters, not English stop words, not only digits), and take n
//     consecutive ones from a random start. Pages with fewer than n words
//     are redrawn;
//   - typed queries: a word query of 1 to 3 words (uniformly), typed one
//     character at a time; every prefix ("g", "gi", "git", "git ", "git c",
//     …) is a query, bucketed by its length in characters: 1, 2, 3+;
//   - relevance: a sample of distinct pages; for each, its title as typed,
//     and 2 or 3 consecutive content words of its summary; the page should
//     come back in the top 3.

// stopWords are English words skipped when making queries.
var stopWords = map[string]bool{}

func init() {
	for w := range strings.FieldsSeq(`a about above after again all also am an and any are as at be because been
		before being below between both but by can could did do does doing down during each few for from
		further had has have having he her here hers him his how i if in into is it its itself just me
		more most my no nor not now of off on once only or other our ours out over own same she should so
		some such than that the their theirs them then there these they this those through to too under
		until up very was we were what when where which while who whom why will with would you your yours
		e.g i.e etc via using use used specified specific given`) {
		stopWords[w] = true
	}
}

// contentWords returns the distinct lower-cased words of s worth
// searching for, in order.
func contentWords(s string, seen map[string]bool) []string {
	var out []string
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
	}) {
		w = strings.ToLower(w)
		if utf8.RuneCountInString(w) < 2 || stopWords[w] || seen[w] || !hasLetter(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// queryDoc is what query generation needs of a document.
type queryDoc struct {
	ID, Title, Summary string
}

// RelQuery is a query that should find the page Want in its top 3.
type RelQuery struct {
	Kind  string `json:"kind"` // "title" or "description"
	Query string `json:"query"`
	Want  string `json:"want"`
}

// QuerySet is every query of one benchmark, written to a file for the
// search process.
type QuerySet struct {
	Seed      uint64     `json:"seed"`
	Language  string     `json:"language"`  // of the pages queries come from; "" for all
	Words     [][]string `json:"words"`     // Words[n-1]: queries of n words
	Typed     [][]string `json:"typed"`     // each the prefixes of one typed query, in order
	Relevance []RelQuery `json:"relevance"` // empty for corpora without relevance
}

// queryConfig says how many queries to make.
type queryConfig struct {
	Seed      uint64
	Language  string // only pages in this language ("" for all)
	PerWords  int    // word queries of each length 1, 2, 3
	Typed     int    // typed queries
	Relevance int    // pages sampled for relevance (0 for none)
}

// eligible returns the documents queries are drawn from.
func eligible(items []*inflow.Item, lang string) []queryDoc {
	var docs []queryDoc
	for _, it := range items {
		if lang == "" || it.Language == lang {
			docs = append(docs, queryDoc{it.ID, it.Title, it.Summary})
		}
	}
	return docs
}

// generateQueries makes the queries of a benchmark from docs, which must be
// in a fixed order; the result depends only on docs and cfg.
func generateQueries(docs []queryDoc, cfg queryConfig) QuerySet {
	qs := QuerySet{Seed: cfg.Seed, Language: cfg.Language, Words: make([][]string, 3)}
	if len(docs) == 0 {
		return qs
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	wordQuery := func(n int) string {
		for range 1000 {
			d := docs[rng.IntN(len(docs))]
			seen := map[string]bool{}
			words := append(contentWords(d.Title, seen), contentWords(d.Summary, seen)...)
			if len(words) < n {
				continue
			}
			start := rng.IntN(len(words) - n + 1)
			return strings.Join(words[start:start+n], " ")
		}
		return ""
	}
	for n := 1; n <= 3; n++ {
		for range cfg.PerWords {
			if q := wordQuery(n); q != "" {
				qs.Words[n-1] = append(qs.Words[n-1], q)
			}
		}
	}
	for range cfg.Typed {
		q := wordQuery(1 + rng.IntN(3))
		if q == "" {
			continue
		}
		var seq []string
		for i := range q {
			if i > 0 {
				seq = append(seq, q[:i])
			}
		}
		qs.Typed = append(qs.Typed, append(seq, q))
	}
	if cfg.Relevance > 0 {
		for _, i := range rng.Perm(len(docs))[:min(cfg.Relevance, len(docs))] {
			d := docs[i]
			if strings.TrimSpace(d.Title) != "" && hasLetter(d.Title) {
				qs.Relevance = append(qs.Relevance, RelQuery{"title", d.Title, d.ID})
			}
			words := contentWords(d.Summary, map[string]bool{})
			if len(words) >= 2 {
				n := min(len(words), 2+rng.IntN(2))
				start := rng.IntN(len(words) - n + 1)
				qs.Relevance = append(qs.Relevance, RelQuery{"description", strings.Join(words[start:start+n], " "), d.ID})
			}
		}
	}
	return qs
}

// typedBucket is the latency group of a typed prefix: by its length in
// characters, 1, 2 or 3 and more.
func typedBucket(prefix string) int {
	return min(utf8.RuneCountInString(prefix), 3)
}
