package bleveindex

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion identifies the mapping, the analyzer and the way documents
// are built. Bump it whenever one changes: Open then reports ErrNeedsRebuild
// for indexes built before, and OpenOrRecreate rebuilds them.
const MappingVersion = 3

// Field names in the index.
const (
	// fieldText holds everything searchable (title, summary, key points and
	// the body as plain text) in one field, so that every word is looked up
	// in one place. It is the only field with positions (term vectors), for
	// phrases, and it is not stored.
	fieldText = "text"
	// Title, summary and key points are also indexed on their own, without
	// positions, to boost matches there. Title and summary are stored for
	// display.
	fieldTitle     = "title"
	fieldSummary   = "summary"
	fieldKeyPoints = "keyPoints"
	// fieldExcerpt is stored, not indexed: the start of the body, the
	// snippet source for items without a summary.
	fieldExcerpt = "excerpt"
	// Keyword fields, whole values, with doc values for facets and sorting.
	fieldKind     = "kind"
	fieldTopic    = "topic"
	fieldTags     = "tags"
	fieldLanguage = "language"
	fieldPack     = "pack"
	// fieldProminence holds the item's prominence tier, "p1" to "p4" (none
	// for items nobody refers to), a small ranking prior (see search.go).
	fieldProminence = "prominence"
	// fieldTitleKey holds the whole title, lower-cased with spaces
	// collapsed, so a query that is exactly an item's title ranks it first.
	fieldTitleKey = "titleKey"
)

// itemDoc is what is indexed for one item; bleve reads the json names.
type itemDoc struct {
	Text      string   `json:"text"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary,omitempty"`
	KeyPoints []string `json:"keyPoints,omitempty"`
	Excerpt   string   `json:"excerpt,omitempty"`
	Kind      string   `json:"kind"`
	Topic     string   `json:"topic,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	Language  string   `json:"language"`
	Pack      string   `json:"pack"`
	Tier      string   `json:"prominence,omitempty"`
	TitleKey  string   `json:"titleKey"`
}

// newMapping returns the index mapping: one static document mapping, no
// dynamic fields, no _all field, BM25 scoring.
func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = textAnalyzer
	im.ScoringModel = index.TFIDFScoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	field := func(analyzer string, indexed, store, positions, docValues bool) *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Index = indexed
		fm.Store = store
		fm.IncludeTermVectors = positions
		fm.IncludeInAll = false
		fm.DocValues = docValues
		return fm
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, field(positionsAnalyzer, true, false, true, false))
	dm.AddFieldMappingsAt(fieldTitle, field(textAnalyzer, true, true, false, false))
	dm.AddFieldMappingsAt(fieldSummary, field(textAnalyzer, true, true, false, false))
	dm.AddFieldMappingsAt(fieldKeyPoints, field(textAnalyzer, true, false, false, false))
	dm.AddFieldMappingsAt(fieldExcerpt, field(textAnalyzer, false, true, false, false))
	dm.AddFieldMappingsAt(fieldKind, field(keyword.Name, true, true, false, true))
	dm.AddFieldMappingsAt(fieldTopic, field(keyword.Name, true, true, false, true))
	dm.AddFieldMappingsAt(fieldTags, field(keyword.Name, true, false, false, true))
	dm.AddFieldMappingsAt(fieldLanguage, field(keyword.Name, true, true, false, true))
	dm.AddFieldMappingsAt(fieldPack, field(keyword.Name, true, false, false, true))
	dm.AddFieldMappingsAt(fieldProminence, field(keyword.Name, true, false, false, false))
	dm.AddFieldMappingsAt(fieldTitleKey, field(keyword.Name, true, false, false, false))
	// No _all composite field: every query names its fields.
	dm.AddSubDocumentMapping("_all", &mapping.DocumentMapping{Enabled: false})
	im.DefaultMapping = dm
	return im
}
