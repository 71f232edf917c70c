package bleveindex

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// TestDocBuilderMatchesMapping checks that building documents directly gives
// the fields the index mapping gives for the same document.
func TestDocBuilderMatchesMapping(t *testing.T) {
	m := newMapping()
	b, err := newDocBuilder(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range sample {
		d := newDocument(it)
		want := document.NewDocument(it.ID)
		if err := m.MapDocument(want, &d); err != nil {
			t.Fatal(err)
		}
		got := b.build(it.ID, &d)
		if g, w := describe(got), describe(want); !slices.Equal(g, w) {
			t.Errorf("%s:\n got %q\nwant %q", it.ID, g, w)
		}
	}
}

// describe lists a document's non-empty fields with their options, array
// positions, values and analysed terms.
func describe(doc *document.Document) []string {
	var out []string
	doc.VisitFields(func(f index.Field) {
		if len(f.Value()) == 0 {
			return // the mapping adds empty strings; the builder skips them
		}
		f.Analyze()
		var terms []string
		for term := range f.AnalyzedTokenFrequencies() {
			terms = append(terms, term)
		}
		slices.Sort(terms)
		out = append(out, fmt.Sprintf("%s%v opts=%d %q terms=%s", f.Name(), f.ArrayPositions(), f.Options(), f.Value(), strings.Join(terms, ",")))
	})
	slices.Sort(out)
	return out
}
