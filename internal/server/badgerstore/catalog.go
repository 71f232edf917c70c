package serverbadger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// changeRecord is one catalog change as stored.
type changeRecord struct {
	PackID  string       `json:"packId"`
	Removed bool         `json:"removed"`
	Pack    *inflow.Pack `json:"pack,omitempty"`
	By      string       `json:"by"` // who published or removed it
	At      time.Time    `json:"at"`
}

// packHead points at a pack's latest change and lists the item ids the
// pack holds (none once removed).
type packHead struct {
	Seq     uint64   `json:"seq"`
	Removed bool     `json:"removed"`
	Items   []string `json:"items,omitempty"`
}

// PutPack publishes a pack, replacing what it held: its latest change
// becomes this one, at the end of the catalog. An item owned by another
// pack is an ECONFLICT; a pack too large for one transaction ETOOLARGE.
func (s *Store) PutPack(ctx context.Context, p *inflow.Pack, by string) (inflow.PackResult, error) {
	if err := rules.CheckPack(p); err != nil {
		return inflow.PackResult{}, err
	}
	s.catalogMu.Lock()
	defer s.catalogMu.Unlock()
	var res inflow.PackResult
	err := s.update(func(txn *badger.Txn) error {
		head, err := getHead(txn, p.ID)
		if err != nil {
			return err
		}
		owners := make(map[string]rules.Owned, len(p.Items))
		for _, it := range p.Items {
			var o rules.Owned
			if err := getJSON(txn, itemKey(it.ID), &o); err == nil {
				owners[it.ID] = o
			} else if !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
		}
		var stored *inflow.Pack
		var drop []string
		res, stored, drop, err = rules.Plan(p, owners, head.Items)
		if err != nil {
			return err
		}
		for _, id := range drop {
			if err := txn.Delete(itemKey(id)); err != nil {
				return err
			}
		}
		ids := make([]string, len(stored.Items))
		for i, it := range stored.Items {
			ids[i] = it.ID
			if err := setJSON(txn, itemKey(it.ID), rules.Owned{Pack: p.ID, Hash: it.Hash, Version: it.Version}); err != nil {
				return err
			}
		}
		return appendChange(txn, head, changeRecord{PackID: p.ID, Pack: stored, By: by, At: rules.Now(time.Time{})}, ids)
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return inflow.PackResult{}, inflow.Errorf(inflow.ETOOLARGE, "pack %s is too large to publish in one step (%d items); split it", p.ID, len(p.Items))
	} else if err != nil {
		return inflow.PackResult{}, fmt.Errorf("put pack %s: %w", p.ID, err)
	}
	return res, nil
}

// RemovePack unpublishes a pack: its latest change becomes a removal, at
// the end of the catalog, so clients that have it learn it is gone.
func (s *Store) RemovePack(ctx context.Context, packID, by string) error {
	s.catalogMu.Lock()
	defer s.catalogMu.Unlock()
	err := s.update(func(txn *badger.Txn) error {
		head, err := getHead(txn, packID)
		if err != nil {
			return err
		}
		if head.Seq == 0 || head.Removed {
			return inflow.Errorf(inflow.ENOTFOUND, "pack %s is not published", packID)
		}
		for _, id := range head.Items {
			if err := txn.Delete(itemKey(id)); err != nil {
				return err
			}
		}
		return appendChange(txn, head, changeRecord{PackID: packID, Removed: true, By: by, At: rules.Now(time.Time{})}, nil)
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return inflow.Errorf(inflow.ETOOLARGE, "pack %s is too large to remove in one step", packID)
	} else if err != nil {
		return fmt.Errorf("remove pack %s: %w", packID, err)
	}
	return nil
}

// getHead reads a pack's head; a pack never published has Seq 0.
func getHead(txn *badger.Txn, packID string) (packHead, error) {
	var h packHead
	err := getJSON(txn, packHeadKey(packID), &h)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return packHead{}, nil
	}
	return h, err
}

// appendChange replaces the pack's latest change (head) with c, numbered
// after every other change. The caller holds catalogMu.
func appendChange(txn *badger.Txn, head packHead, c changeRecord, items []string) error {
	if head.Seq != 0 {
		if err := txn.Delete(changeKey(head.Seq)); err != nil {
			return err
		}
	}
	last, err := getUint(txn, []byte(keyCatalog))
	if err != nil {
		return err
	}
	last++
	if err := setJSON(txn, changeKey(last), c); err != nil {
		return err
	}
	if err := setJSON(txn, packHeadKey(c.PackID), packHead{Seq: last, Removed: c.Removed, Items: items}); err != nil {
		return err
	}
	return setUint(txn, []byte(keyCatalog), last)
}

// CatalogChanges returns up to limit catalog changes after cursor, in
// order; see store.Store.
func (s *Store) CatalogChanges(ctx context.Context, cursor string, limit int) ([]store.CatalogChange, string, error) {
	after, err := rules.ParseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	limit = rules.PageSize(limit)
	out := []store.CatalogChange{}
	next := cursor
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preChange), PrefetchValues: true, PrefetchSize: min(limit, 16)})
		defer it.Close()
		for it.Seek(changeKey(after + 1)); it.Valid() && len(out) < limit; it.Next() {
			key := it.Item().KeyCopy(nil)
			seq, err := parseSeq(key[len(preChange):])
			if err != nil {
				return fmt.Errorf("change key %q: %w", key, err)
			}
			var c changeRecord
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &c) }); err != nil {
				return fmt.Errorf("change %d: %w", seq, err)
			}
			out = append(out, store.CatalogChange{PackID: c.PackID, Removed: c.Removed, Pack: c.Pack})
			next = rules.FormatCursor(seq)
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("catalog changes: %w", err)
	}
	return out, next, nil
}
