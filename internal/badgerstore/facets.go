package badgerstore

import (
	"context"
	"encoding/json"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Facets counts one language's items by kind, topic and tag.
func (s *Store) Facets(ctx context.Context, language string) (*inflow.Facets, error) {
	if err := s.loadFacets(ctx); err != nil {
		return nil, err
	}
	s.facetMu.Lock()
	defer s.facetMu.Unlock()
	if f, ok := s.facets[language]; ok {
		return f, nil
	}
	return &inflow.Facets{Language: language, Kinds: []inflow.Facet{}, Topics: []inflow.Facet{}, Tags: []inflow.Facet{}}, nil
}

// Languages counts items per language, most items first.
func (s *Store) Languages(ctx context.Context) ([]inflow.Facet, error) {
	if err := s.loadFacets(ctx); err != nil {
		return nil, err
	}
	s.facetMu.Lock()
	defer s.facetMu.Unlock()
	return s.langs, nil
}

// loadFacets recounts the browse index with a key-only scan when the item
// generation has moved since the last count.
func (s *Store) loadFacets(ctx context.Context) error {
	gen, err := s.Generation(ctx)
	if err != nil {
		return err
	}
	s.facetMu.Lock()
	defer s.facetMu.Unlock()
	if s.facets != nil && s.facetGen == gen {
		return nil
	}
	counts := map[string]map[string]map[string]int{} // lang → field → value → n
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preBrowse)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			lang, field, value, _, ok := splitBrowseKey(it.Item().Key())
			if !ok {
				continue
			}
			if counts[lang] == nil {
				counts[lang] = map[string]map[string]int{}
			}
			if counts[lang][field] == nil {
				counts[lang][field] = map[string]int{}
			}
			counts[lang][field][value]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	facets := make(map[string]*inflow.Facets, len(counts))
	langs := []inflow.Facet{}
	for lang, fields := range counts {
		f := &inflow.Facets{Language: lang, Total: fields[fieldAll][""],
			Kinds: toFacets(fields[fieldKind]), Topics: toFacets(fields[fieldTopic]), Tags: toFacets(fields[fieldTag])}
		facets[lang] = f
		langs = append(langs, inflow.Facet{Value: lang, Count: f.Total})
	}
	sortFacets(langs)
	s.facets, s.langs, s.facetGen = facets, langs, gen
	return nil
}

func toFacets(m map[string]int) []inflow.Facet {
	out := make([]inflow.Facet, 0, len(m))
	for v, n := range m {
		out = append(out, inflow.Facet{Value: v, Count: n})
	}
	sortFacets(out)
	return out
}
