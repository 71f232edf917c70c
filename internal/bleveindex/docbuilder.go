package bleveindex

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// docBuilder turns a document into bleve's document.Document directly, as
// the index mapping would, without the mapping's reflection walk: it takes
// the field options and analyzers from the mapping, so the two cannot drift
// apart (a test checks that they give the same fields).
type docBuilder struct {
	specs map[string]fieldSpec
}

type fieldSpec struct {
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
}

// allFields lists every field of itemDoc.
var allFields = []string{fieldText, fieldTitle, fieldSummary, fieldKeyPoints, fieldExcerpt,
	fieldKind, fieldTopic, fieldTags, fieldLanguage, fieldPack, fieldProminence, fieldTitleKey}

func newDocBuilder(m mapping.IndexMapping) (*docBuilder, error) {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok || im.DefaultMapping == nil {
		return nil, fmt.Errorf("unexpected index mapping %T", m)
	}
	b := &docBuilder{specs: map[string]fieldSpec{}}
	for _, name := range allFields {
		dm := im.DefaultMapping.Properties[name]
		if dm == nil || len(dm.Fields) != 1 {
			return nil, fmt.Errorf("index mapping has no field %s", name)
		}
		fm := dm.Fields[0]
		an := im.AnalyzerNamed(fm.Analyzer)
		if an == nil {
			return nil, fmt.Errorf("index mapping: analyzer %q of field %s is not registered", fm.Analyzer, name)
		}
		b.specs[name] = fieldSpec{options: fm.Options(), analyzer: an}
	}
	return b, nil
}

// build returns the bleve document for d. Empty values are left out.
func (b *docBuilder) build(id string, d *itemDoc) *document.Document {
	doc := document.NewDocument(id)
	add := func(name, value string, arrayPositions []uint64) {
		if value != "" {
			s := b.specs[name]
			doc.AddField(document.NewTextFieldCustom(name, arrayPositions, []byte(value), s.options, s.analyzer))
		}
	}
	addAll := func(name string, values []string) {
		for i, v := range values {
			add(name, v, []uint64{uint64(i)})
		}
	}
	add(fieldText, d.Text, nil)
	add(fieldTitle, d.Title, nil)
	add(fieldSummary, d.Summary, nil)
	addAll(fieldKeyPoints, d.KeyPoints)
	add(fieldExcerpt, d.Excerpt, nil)
	add(fieldKind, d.Kind, nil)
	add(fieldTopic, d.Topic, nil)
	addAll(fieldTags, d.Tags)
	add(fieldLanguage, d.Language, nil)
	add(fieldPack, d.Pack, nil)
	add(fieldProminence, d.Tier, nil)
	add(fieldTitleKey, d.TitleKey, nil)
	doc.SetIndexed()
	return doc
}
