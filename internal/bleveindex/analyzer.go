package bleveindex

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzers registered with bleve by this package. The index stores their
// names, so a change in behaviour needs new names and a new MappingVersion.
const (
	// textAnalyzer is wordAnalyzer, for all text fields but fieldText.
	textAnalyzer = "inflow_words_v1"
	// positionsAnalyzer is wordAnalyzer without byte offsets, for
	// fieldText, whose term vectors are only used for word positions
	// (phrases): zero offsets take one byte each instead of two or three,
	// which makes the index about a fifth smaller.
	positionsAnalyzer = "inflow_words_positions_v1"
)

// maxTokenLen drops longer tokens (base64 blobs and the like): nobody types
// them and they bloat the term dictionary.
const maxTokenLen = 100

func init() {
	if err := registry.RegisterAnalyzer(textAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return wordAnalyzer{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(positionsAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return wordAnalyzer{noOffsets: true}, nil
	}); err != nil {
		panic(err)
	}
}

// wordAnalyzer splits text into lower-cased words in one pass: a word is a
// run of letters, digits and combining marks; everything else separates
// words, so "tar.gz" is "tar" "gz" and "snake_case" is "snake" "case". Han
// ideographs, hiragana and katakana are one token per character, as bleve's
// Unicode tokenizer does, since those scripts do not separate words. There
// is no stemming and there are no stop words, so it suits every language
// alike. It does what bleve's unicode tokenizer plus to_lower filter do at a
// fraction of the cost, with fewer allocations.
type wordAnalyzer struct {
	noOffsets bool // leave Start and End zero
}

// Analyze implements analysis.Analyzer.
func (a wordAnalyzer) Analyze(input []byte) analysis.TokenStream {
	guess := len(input)/6 + 1
	tokens := make([]analysis.Token, 0, guess)
	stream := make(analysis.TokenStream, 0, guess)
	terms := make([]byte, 0, len(input)) // backing store for lower-cased terms
	start := -1                          // start of the current word in input, or -1
	termStart := 0                       // start of the current word in terms
	emit := func(end int, typ analysis.TokenType) {
		if term := terms[termStart:]; len(term) <= maxTokenLen {
			if a.noOffsets {
				start, end = 0, 0
			}
			tokens = append(tokens, analysis.Token{
				Start:    start,
				End:      end,
				Term:     term[:len(term):len(term)],
				Position: len(stream) + 1,
				Type:     typ,
			})
			stream = append(stream, &tokens[len(tokens)-1])
		}
		start = -1
		termStart = len(terms)
	}
	for i := 0; i < len(input); {
		c := input[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if start >= 0 {
					emit(i, analysis.AlphaNumeric)
				}
				i++
				continue
			}
			if start < 0 {
				start = i
			}
			terms = append(terms, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(input[i:])
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			if start >= 0 {
				emit(i, analysis.AlphaNumeric)
			}
			start = i
			terms = utf8.AppendRune(terms, r)
			emit(i+size, analysis.Ideographic)
		case unicode.In(r, unicode.L, unicode.Nd, unicode.Mn, unicode.Mc):
			if start < 0 {
				start = i
			}
			terms = utf8.AppendRune(terms, unicode.ToLower(r))
		default:
			if start >= 0 {
				emit(i, analysis.AlphaNumeric)
			}
		}
		i += size
	}
	if start >= 0 {
		emit(len(input), analysis.AlphaNumeric)
	}
	return stream
}

// titlePrefixAnalyzer is prefixAnalyzer, for fieldTitlePrefix.
const titlePrefixAnalyzer = "inflow_title_prefix_v1"

func init() {
	if err := registry.RegisterAnalyzer(titlePrefixAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return prefixAnalyzer{}, nil
	}); err != nil {
		panic(err)
	}
}

// prefixAnalyzer emits the first one and two characters of each word, so
// that what a person has typed of a title word after one or two keystrokes
// is a single term to look up.
type prefixAnalyzer struct{}

func (prefixAnalyzer) Analyze(input []byte) analysis.TokenStream {
	words := wordAnalyzer{noOffsets: true}.Analyze(input)
	stream := make(analysis.TokenStream, 0, 2*len(words))
	for _, w := range words {
		_, n1 := utf8.DecodeRune(w.Term)
		stream = append(stream, &analysis.Token{Term: w.Term[:n1:n1], Position: len(stream) + 1, Type: w.Type})
		if n1 < len(w.Term) {
			_, n2 := utf8.DecodeRune(w.Term[n1:])
			stream = append(stream, &analysis.Token{Term: w.Term[: n1+n2 : n1+n2], Position: len(stream) + 1, Type: w.Type})
		}
	}
	return stream
}
