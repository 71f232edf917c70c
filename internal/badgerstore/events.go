package badgerstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
	"github.com/inflow-learning/inflow/internal/review"
)

// bookmarkState is the last-writer-wins register behind a bookmark. The
// winning event is kept whole so a later event from another device can be
// compared with it.
type bookmarkState struct {
	On    bool          `json:"on"`
	Event *inflow.Event `json:"event"`
}

// Record appends an event and applies it, in one transaction. An event whose
// ID is already stored is ignored, so replaying a log is harmless.
func (s *Store) Record(ctx context.Context, ev *inflow.Event) error {
	if ev.ID == "" || !inflow.ValidID(ev.ID) {
		return inflow.Errorf(inflow.EINVALID, "event id %q is not valid", ev.ID)
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(eventKey(ev.ID)); err == nil {
			return nil
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if err := setJSON(txn, eventKey(ev.ID), ev); err != nil {
			return err
		}
		if err := raiseHLC(txn, ev.HLC); err != nil {
			return err
		}
		return apply(txn, ev)
	})
	if err != nil || !review.IsReviewEvent(ev.Type) {
		return err
	}
	// A review is a person's work: make it durable before saying so.
	return s.db.Sync()
}

// apply folds one event into the derived state it touches.
func apply(txn *badger.Txn, ev *inflow.Event) error {
	switch ev.Type {
	case inflow.EventItemViewed:
		var last inflow.View
		err := getJSON(txn, viewKey(ev.Subject), &last)
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if ev.Time.After(last.At) {
			return setJSON(txn, viewKey(ev.Subject), inflow.View{ItemID: ev.Subject, At: ev.Time})
		}
		return nil
	case inflow.EventBookmarkSet, inflow.EventBookmarkCleared:
		var cur bookmarkState
		err := getJSON(txn, bookmarkKey(ev.Subject), &cur)
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if cur.Event != nil && !ev.Supersedes(cur.Event) {
			return nil
		}
		return setJSON(txn, bookmarkKey(ev.Subject), bookmarkState{On: ev.Type == inflow.EventBookmarkSet, Event: ev})
	case inflow.EventSettingChanged:
		return applySetting(txn, ev)
	case lessons.EventProgress, lessons.EventCompleted, lessons.EventAnswered:
		return applyLesson(txn, ev)
	default:
		if review.IsReviewEvent(ev.Type) {
			return applyReview(txn, ev)
		}
		// Unknown types (from a newer client, via sync) are kept in the log
		// and applied once this build learns them.
		return nil
	}
}

// Events returns up to limit events after the given id, in id order.
func (s *Store) Events(ctx context.Context, after string, limit int) ([]*inflow.Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	out := []*inflow.Event{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preEvent), PrefetchValues: true})
		defer it.Close()
		start := []byte(preEvent)
		if after != "" {
			start = append(eventKey(after), 0)
		}
		for it.Seek(start); it.Valid() && len(out) < limit; it.Next() {
			var ev inflow.Event
			if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &ev) }); err != nil {
				return fmt.Errorf("event %s: %w", it.Item().Key(), err)
			}
			out = append(out, &ev)
		}
		return nil
	})
	return out, err
}

// Bookmarks lists bookmarked items, newest first.
func (s *Store) Bookmarks(ctx context.Context) ([]inflow.Bookmark, error) {
	var out []inflow.Bookmark
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preBook), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var st bookmarkState
			if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &st) }); err != nil {
				return err
			}
			if st.On && st.Event != nil {
				id := string(bytes.TrimPrefix(it.Item().Key(), []byte(preBook)))
				out = append(out, inflow.Bookmark{ItemID: id, At: st.Event.Time})
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b inflow.Bookmark) int { return b.At.Compare(a.At) })
	return out, err
}

// IsBookmarked reports whether an item is bookmarked.
func (s *Store) IsBookmarked(ctx context.Context, itemID string) (bool, error) {
	var st bookmarkState
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, bookmarkKey(itemID), &st) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return st.On, err
}

// RecentViews lists the most recently viewed items, newest first.
func (s *Store) RecentViews(ctx context.Context, limit int) ([]inflow.View, error) {
	if limit <= 0 {
		limit = 20
	}
	var out []inflow.View
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preView), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var v inflow.View
			if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &v) }); err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b inflow.View) int { return b.At.Compare(a.At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, err
}

// EventCount returns the number of events in the log.
func (s *Store) EventCount(ctx context.Context) (int, error) {
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preEvent)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}

// RecordMany records a batch of events, as Record does each, in
// transactions of up to 1,000 events with each touched card replayed once
// per transaction: how imported review histories and synced pages are
// stored without replaying a card once per answer. It returns how many
// events were new. Each transaction is all or nothing; an invalid event
// fails its whole transaction and is named in the error.
func (s *Store) RecordMany(ctx context.Context, evs []*inflow.Event) (int, error) {
	added := 0
	for chunk := range slices.Chunk(evs, recordManyChunk) {
		if err := ctx.Err(); err != nil {
			return added, err
		}
		n := 0
		err := s.db.Update(func(txn *badger.Txn) error {
			n = 0
			tc := newTxnCards()
			seen := map[string]bool{}
			var latest inflow.HLC // raised once per chunk
			for _, ev := range chunk {
				if ev.ID == "" || !inflow.ValidID(ev.ID) {
					return inflow.Errorf(inflow.EINVALID, "event id %q is not valid", ev.ID)
				}
				if seen[ev.ID] {
					continue
				}
				seen[ev.ID] = true
				if _, err := txn.Get(eventKey(ev.ID)); err == nil {
					continue
				} else if !errors.Is(err, badger.ErrKeyNotFound) {
					return err
				}
				if err := setJSON(txn, eventKey(ev.ID), ev); err != nil {
					return err
				}
				if ev.HLC.Compare(latest) > 0 {
					latest = ev.HLC
				}
				n++
				if !review.IsReviewEvent(ev.Type) {
					if err := apply(txn, ev); err != nil {
						return err
					}
					continue
				}
				if _, _, err := stageReview(txn, ev, tc); err != nil {
					return fmt.Errorf("event %s: %w", ev.ID, err)
				}
			}
			if n > 0 {
				if err := raiseHLC(txn, latest); err != nil {
					return err
				}
			}
			for id, before := range tc.before {
				rec := tc.recs[id]
				if err := saveCard(txn, rec, before, tc.added[id], tc.full[id], tc.fresh[id]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return added, err
		}
		added += n
	}
	if added == 0 {
		return 0, nil // nothing new (a page pulled again): nothing to make durable
	}
	return added, s.db.Sync()
}

// recordManyChunk is the number of events per RecordMany transaction. Small
// on purpose: badger sorts a transaction's pending writes every time an
// iterator opens inside it, so per-event cost grows with the chunk.
const recordManyChunk = 100

// raiseHLC keeps the latest event stamp in the HLC setting.
func raiseHLC(txn *badger.Txn, h inflow.HLC) error {
	var cur inflow.HLC
	err := getJSON(txn, settingKey(inflow.HLCSettingKey), &cur)
	if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	if h.Compare(cur) <= 0 {
		return nil
	}
	return setJSON(txn, settingKey(inflow.HLCSettingKey), h)
}

// applySetting makes a setting.changed event the setting's value if it is
// the latest write by HLC. A value that is not JSON stays in the log only.
func applySetting(txn *badger.Txn, ev *inflow.Event) error {
	if ev.Subject == "" || len(ev.Data) == 0 || !json.Valid(ev.Data) {
		return nil
	}
	var cur inflow.Event
	err := getJSON(txn, settingByKey(ev.Subject), &cur)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return err
	case !ev.Supersedes(&cur):
		return nil
	}
	if err := txn.Set(settingKey(ev.Subject), ev.Data); err != nil {
		return err
	}
	by := *ev
	by.Data = nil
	return setJSON(txn, settingByKey(ev.Subject), &by)
}
