package badgerstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// ApplyPack stores a pack in one transaction: new items are added, changed
// ones (by content hash) get a new version, and the pack's items that are
// no longer in it are removed. An item owned by another pack is a conflict.
func (s *Store) ApplyPack(ctx context.Context, p *inflow.Pack) (*inflow.PackResult, error) {
	if !inflow.ValidID(p.ID) {
		return nil, inflow.Errorf(inflow.EINVALID, "pack id %q is not valid", p.ID)
	}
	seen := make(map[string]bool, len(p.Items))
	for _, it := range p.Items {
		if err := it.Validate(); err != nil {
			return nil, fmt.Errorf("item %s: %w", it.ID, err)
		}
		if seen[it.ID] {
			return nil, inflow.Errorf(inflow.EINVALID, "item id %q appears twice in pack %s", it.ID, p.ID)
		}
		seen[it.ID] = true
	}
	res := &inflow.PackResult{PackID: p.ID, Added: []string{}, Updated: []string{}, Removed: []string{}}
	err := s.db.Update(func(txn *badger.Txn) error {
		old, err := packMembers(txn, p.ID)
		if err != nil {
			return err
		}
		for _, it := range p.Items {
			var prev inflow.Item
			err := getJSON(txn, itemKey(it.ID), &prev)
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
				it.Version = 1
				res.Added = append(res.Added, it.ID)
			case err != nil:
				return err
			case prev.Pack != p.ID:
				return inflow.Errorf(inflow.ECONFLICT, "item %s already belongs to pack %s", it.ID, prev.Pack)
			case prev.Hash == it.Hash && it.Hash != "":
				it.Version = prev.Version
				res.Unchanged++
				continue
			default:
				it.Version = prev.Version + 1
				res.Updated = append(res.Updated, it.ID)
				if err := deleteBrowse(txn, &prev); err != nil {
					return err
				}
			}
			it.Pack = p.ID
			if err := putItem(txn, it); err != nil {
				return err
			}
		}
		for _, id := range old {
			if !seen[id] {
				if err := deleteItem(txn, p.ID, id); err != nil {
					return err
				}
				res.Removed = append(res.Removed, id)
			}
		}
		info := inflow.PackInfo{ID: p.ID, Title: p.Title, Format: p.Format, Source: p.Source,
			Origin: p.Origin, ItemCount: len(p.Items), Imported: s.clock.Now().UTC()}
		if err := setJSON(txn, packKey(p.ID), info); err != nil {
			return err
		}
		if len(res.Added)+len(res.Updated)+len(res.Removed) > 0 {
			return bumpGen(txn)
		}
		return nil
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return nil, inflow.Errorf(inflow.ETOOLARGE, "pack %s is too large to store in one step (%d items); split it into smaller packs", p.ID, len(p.Items))
	} else if err != nil {
		return nil, fmt.Errorf("store pack %s: %w", p.ID, err)
	}
	return res, nil
}

// RemovePack deletes a pack and its items in one transaction.
func (s *Store) RemovePack(ctx context.Context, id string) (*inflow.PackResult, error) {
	res := &inflow.PackResult{PackID: id, Added: []string{}, Updated: []string{}, Removed: []string{}}
	err := s.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(packKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
			return inflow.Errorf(inflow.ENOTFOUND, "pack %s is not in the library", id)
		} else if err != nil {
			return err
		}
		members, err := packMembers(txn, id)
		if err != nil {
			return err
		}
		for _, m := range members {
			if err := deleteItem(txn, id, m); err != nil {
				return err
			}
		}
		res.Removed = members
		if err := txn.Delete(packKey(id)); err != nil {
			return err
		}
		return bumpGen(txn)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func bumpGen(txn *badger.Txn) error {
	g, err := getUint(txn, keyGen)
	if err != nil {
		return err
	}
	return setUint(txn, keyGen, g+1)
}

func putItem(txn *badger.Txn, it *inflow.Item) error {
	if err := setJSON(txn, itemKey(it.ID), it); err != nil {
		return err
	}
	if err := txn.Set(memberKey(it.Pack, it.ID), nil); err != nil {
		return err
	}
	for _, k := range browseKeys(it.ID, it.Language, string(it.Kind), it.Topic, it.Tags, it.Title) {
		if err := txn.Set(k, nil); err != nil {
			return err
		}
	}
	return nil
}

func deleteBrowse(txn *badger.Txn, it *inflow.Item) error {
	for _, k := range browseKeys(it.ID, it.Language, string(it.Kind), it.Topic, it.Tags, it.Title) {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func deleteItem(txn *badger.Txn, pack, id string) error {
	var prev inflow.Item
	if err := getJSON(txn, itemKey(id), &prev); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	} else if err == nil {
		if err := deleteBrowse(txn, &prev); err != nil {
			return err
		}
	}
	if err := txn.Delete(itemKey(id)); err != nil {
		return err
	}
	return txn.Delete(memberKey(pack, id))
}

// packMembers lists the ids of a pack's items.
func packMembers(txn *badger.Txn, pack string) ([]string, error) {
	prefix := memberPrefix(pack)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	var ids []string
	for it.Rewind(); it.Valid(); it.Next() {
		ids = append(ids, string(bytes.TrimPrefix(it.Item().Key(), prefix)))
	}
	return ids, nil
}

// Packs lists the imported packs in id order.
func (s *Store) Packs(ctx context.Context) ([]*inflow.PackInfo, error) {
	var out []*inflow.PackInfo
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prePack), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var p inflow.PackInfo
			if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &p) }); err != nil {
				return err
			}
			out = append(out, &p)
		}
		return nil
	})
	return out, err
}

// Item returns one item.
func (s *Store) Item(ctx context.Context, id string) (*inflow.Item, error) {
	var it inflow.Item
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, itemKey(id), &it) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "item %s is not in the library", id)
	} else if err != nil {
		return nil, err
	}
	return &it, nil
}

// Items returns a page of one language's items, filtered by kind, topic or
// tag (the first one set), ordered by title.
func (s *Store) Items(ctx context.Context, f inflow.ItemFilter) (*inflow.ItemPage, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	field, value := fieldAll, ""
	switch {
	case f.Kind != "":
		field, value = fieldKind, string(f.Kind)
	case f.Topic != "":
		field, value = fieldTopic, f.Topic
	case f.Tag != "":
		field, value = fieldTag, f.Tag
	}
	page := &inflow.ItemPage{Items: []*inflow.Item{}}
	err := s.db.View(func(txn *badger.Txn) error {
		prefix := browsePrefix(clean(f.Language), field, clean(value))
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		var ids []string
		for it.Rewind(); it.Valid(); it.Next() {
			if page.Total >= f.Offset && len(ids) < limit {
				_, _, _, id, ok := splitBrowseKey(it.Item().Key())
				if ok {
					ids = append(ids, id)
				}
			}
			page.Total++
		}
		for _, id := range ids {
			var item inflow.Item
			if err := getJSON(txn, itemKey(id), &item); err != nil {
				return fmt.Errorf("item %s: %w", id, err)
			}
			page.Items = append(page.Items, &item)
		}
		return nil
	})
	return page, err
}

// AllItems yields every item in id order.
func (s *Store) AllItems(ctx context.Context) iter.Seq2[*inflow.Item, error] {
	return func(yield func(*inflow.Item, error) bool) {
		stopped := errors.New("stopped")
		err := s.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preItem), PrefetchValues: true, PrefetchSize: 256})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				if err := ctx.Err(); err != nil {
					return err
				}
				var item inflow.Item
				if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &item) }); err != nil {
					return err
				}
				if !yield(&item, nil) {
					return stopped
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, stopped) {
			yield(nil, err)
		}
	}
}

// sortFacets orders facets by count, then value.
func sortFacets(fs []inflow.Facet) {
	slices.SortFunc(fs, func(a, b inflow.Facet) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Value < b.Value {
			return -1
		}
		return 1
	})
}
