package bleveindex

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion identifies the mapping and the way documents are built.
// Bump it whenever either changes: Open then reports ErrNeedsRebuild for
// indexes built before, and OpenOrRecreate rebuilds them.
const MappingVersion = 1

// Field names in the index.
const (
	fieldTitle     = "title"
	fieldSummary   = "summary"
	fieldExcerpt   = "excerpt" // stored only: snippet source when there is no summary
	fieldKeyPoints = "keyPoints"
	fieldBody      = "body"
	fieldKind      = "kind"
	fieldTopic     = "topic"
	fieldTags      = "tags"
	fieldLanguage  = "language"
	fieldPack      = "pack"
)

// textAnalyzer splits on Unicode word boundaries and lower-cases: the same
// for every language, no stemming, no stop words.
const textAnalyzer = "inflow_text"

// document is what is indexed for one item. Field names follow the json
// tags, which bleve uses.
type document struct {
	Title     string   `json:"title"`
	Summary   string   `json:"summary,omitempty"`
	Excerpt   string   `json:"excerpt,omitempty"`
	KeyPoints []string `json:"keyPoints,omitempty"`
	Body      string   `json:"body,omitempty"`
	Kind      string   `json:"kind"`
	Topic     string   `json:"topic,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	Language  string   `json:"language"`
	Pack      string   `json:"pack"`
}

// newMapping returns the index mapping: one static document mapping, no
// dynamic fields, no _all field.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = textAnalyzer
	im.ScoringModel = index.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	// text fields carry term vectors (positions) so phrases match; the
	// snippet does not need them, it is built by re-analysing the summary.
	text := func(store bool) *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = textAnalyzer
		fm.Store = store
		fm.IncludeTermVectors = true
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	kw := func(store bool) *mapping.FieldMapping {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store = store
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = true
		return fm
	}
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeTermVectors = false
	stored.IncludeInAll = false
	stored.DocValues = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldTitle, text(true))
	dm.AddFieldMappingsAt(fieldSummary, text(true))
	dm.AddFieldMappingsAt(fieldExcerpt, stored)
	dm.AddFieldMappingsAt(fieldKeyPoints, text(false))
	dm.AddFieldMappingsAt(fieldBody, text(false))
	dm.AddFieldMappingsAt(fieldKind, kw(true))
	dm.AddFieldMappingsAt(fieldTopic, kw(true))
	dm.AddFieldMappingsAt(fieldTags, kw(false))
	dm.AddFieldMappingsAt(fieldLanguage, kw(true))
	dm.AddFieldMappingsAt(fieldPack, kw(false))
	im.DefaultMapping = dm
	return im, nil
}
