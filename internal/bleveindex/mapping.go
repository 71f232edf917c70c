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
const MappingVersion = 4

// Field names in the index.
const (
	// fieldText holds everything searchable (title, summary, key points and
	// the body as plain text) in one field, analysed for the item's
	// language (see language.go), so that every word is looked up in one
	// place. It is the only field with word positions (term vectors, with
	// no byte offsets), for "quoted phrases" and the bonus for query words
	// that stand next to each other, and it is not stored.
	fieldText = "text"
	// fieldTitle and fieldLead (the summary, then each key point) are
	// indexed again on their own, in plain words, to boost matches there,
	// and stored for display and snippets. Their terms are words as
	// written, so "did you mean" suggestions come from them.
	fieldTitle = "title"
	fieldLead  = "lead"
	// fieldTitlePrefix holds the first one and two characters of every
	// title word, so one- and two-character prefixes are one term each.
	fieldTitlePrefix = "titlePrefix"
	// fieldExcerpt is stored, not indexed: the start of the body, the
	// snippet source for items with neither summary nor key points.
	fieldExcerpt = "excerpt"
	// Keyword fields, whole values; kind, topic, tags and language keep doc
	// values for facets.
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

// itemDoc is what is indexed for one item; bleve reads the json names, and
// its type (the language group) selects the text analysis.
type itemDoc struct {
	Text     string   `json:"text"`
	Pairs    string   `json:"pairs"`
	Title    string   `json:"title"`
	Prefixes string   `json:"titlePrefix"`
	Lead     []string `json:"lead,omitempty"`
	Excerpt  string   `json:"excerpt,omitempty"`
	Kind     string   `json:"kind"`
	Topic    string   `json:"topic,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Language string   `json:"language"`
	Pack     string   `json:"pack"`
	Tier     string   `json:"prominence,omitempty"`
	TitleKey string   `json:"titleKey"`
	group    string
}

// Type implements bleve's mapping.Classifier: the document's language
// group, "" for the default mapping.
func (d *itemDoc) Type() string { return d.group }

// newMapping returns the index mapping: one static document mapping per
// language group (differing only in the analyzer of fieldText), no dynamic
// fields, no _all field, TF-IDF scoring.
func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = textAnalyzer
	im.ScoringModel = index.TFIDFScoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultMapping = documentMapping(positionsAnalyzer)
	for group := range stemGroups {
		im.AddDocumentMapping(group, documentMapping(groupAnalyzerName(group)))
	}
	return im
}

func documentMapping(textAnalysis string) *mapping.DocumentMapping {
	field := func(analyzer string, indexed, store, docValues bool) *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Index = indexed
		fm.Store = store
		fm.IncludeTermVectors = analyzer == textAnalysis
		fm.IncludeInAll = false
		fm.DocValues = docValues
		return fm
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.DefaultAnalyzer = textAnalysis
	dm.AddFieldMappingsAt(fieldText, field(textAnalysis, true, false, false))
	dm.AddFieldMappingsAt(fieldTitle, field(textAnalyzer, true, true, false))
	dm.AddFieldMappingsAt(fieldTitlePrefix, field(titlePrefixAnalyzer, true, false, false))
	dm.AddFieldMappingsAt(fieldLead, field(textAnalyzer, true, true, false))
	dm.AddFieldMappingsAt(fieldExcerpt, field(textAnalyzer, false, true, false))
	dm.AddFieldMappingsAt(fieldKind, field(keyword.Name, true, true, true))
	dm.AddFieldMappingsAt(fieldTopic, field(keyword.Name, true, true, true))
	dm.AddFieldMappingsAt(fieldTags, field(keyword.Name, true, false, true))
	dm.AddFieldMappingsAt(fieldLanguage, field(keyword.Name, true, true, true))
	dm.AddFieldMappingsAt(fieldPack, field(keyword.Name, true, false, false))
	dm.AddFieldMappingsAt(fieldProminence, field(keyword.Name, true, false, false))
	dm.AddFieldMappingsAt(fieldTitleKey, field(keyword.Name, true, false, false))
	// No _all composite field: every query names its fields.
	dm.AddSubDocumentMapping("_all", &mapping.DocumentMapping{Enabled: false})
	return dm
}
