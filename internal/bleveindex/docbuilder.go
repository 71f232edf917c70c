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
	specs map[string]map[string]fieldSpec // by document type, then field
}

type fieldSpec struct {
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
}

// allFields lists every field of itemDoc.
var allFields = []string{fieldText, fieldTitle, fieldTitlePrefix, fieldLead, fieldExcerpt,
	fieldKind, fieldTopic, fieldTags, fieldLanguage, fieldPack, fieldProminence, fieldTitleKey}

func newDocBuilder(m mapping.IndexMapping) (*docBuilder, error) {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok || im.DefaultMapping == nil {
		return nil, fmt.Errorf("unexpected index mapping %T", m)
	}
	b := &docBuilder{specs: map[string]map[string]fieldSpec{}}
	types := map[string]*mapping.DocumentMapping{"": im.DefaultMapping}
	for group := range stemGroups {
		types[group] = im.TypeMapping[group]
	}
	for typ, dm := range types {
		if dm == nil {
			return nil, fmt.Errorf("index mapping has no document type %q", typ)
		}
		specs := map[string]fieldSpec{}
		for _, name := range allFields {
			fdm := dm.Properties[name]
			if fdm == nil || len(fdm.Fields) != 1 {
				return nil, fmt.Errorf("index mapping has no field %s in type %q", name, typ)
			}
			fm := fdm.Fields[0]
			an := im.AnalyzerNamed(fm.Analyzer)
			if an == nil {
				return nil, fmt.Errorf("index mapping: analyzer %q of field %s is not registered", fm.Analyzer, name)
			}
			specs[name] = fieldSpec{options: fm.Options(), analyzer: an}
		}
		b.specs[typ] = specs
	}
	return b, nil
}

// build returns the bleve document for d. Empty values are left out.
func (b *docBuilder) build(id string, d *itemDoc) *document.Document {
	doc := document.NewDocument(id)
	specs := b.specs[d.group]
	if specs == nil {
		specs = b.specs[""]
	}
	add := func(name, value string, arrayPositions []uint64) {
		if value != "" {
			s := specs[name]
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
	add(fieldTitlePrefix, d.Prefixes, nil)
	addAll(fieldLead, d.Lead)
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
