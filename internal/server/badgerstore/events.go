package serverbadger

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PushEvents stores a user's events; see store.Store. The accepted events
// of one push are written in one transaction, on disk when it returns.
//
// A batch too big for one badger transaction (far beyond syncproto's
// MaxBatch of 1,000 small events) is split into halves until each part
// fits, and the parts commit one after another under the user's lock, so
// order still holds but the push is no longer all or nothing: a crash
// between parts leaves the first parts stored. That is safe because pushes
// are idempotent: the client, having had no answer, pushes the batch
// again, and what was stored counts as duplicates.
func (s *Store) PushEvents(ctx context.Context, userID string, evs []inflow.Event) (store.PushResult, error) {
	if !rules.ValidUUID(userID) {
		return store.PushResult{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", userID)
	}
	valid, rejected := rules.Prepare(evs)
	res := store.PushResult{Rejected: rejected}
	if err := s.db.View(func(txn *badger.Txn) error {
		if ok, err := exists(txn, userKey(userID)); err != nil || ok {
			return err
		}
		return inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", userID)
	}); err != nil {
		return store.PushResult{}, err
	}
	if len(valid) == 0 {
		return res, nil
	}

	mu := s.userLock(userID)
	mu.Lock()
	defer mu.Unlock()
	size, conflicts := len(valid), 0
	for len(valid) > 0 {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		n := min(size, len(valid))
		part, err := s.pushTxn(userID, valid[:n])
		switch {
		case errors.Is(err, badger.ErrTxnTooBig) && n > 1:
			size = n / 2
			continue
		case errors.Is(err, badger.ErrConflict) && conflicts < 10:
			conflicts++ // cannot happen under the lock; retried to be safe
			continue
		case err != nil:
			return res, fmt.Errorf("push events: %w", err)
		}
		res.Stored += part.Stored
		res.Duplicates += part.Duplicates
		res.Rejected = append(res.Rejected, part.Rejected...)
		valid = valid[n:]
	}
	return res, nil
}

// pushTxn stores evs in one transaction; the caller holds the user's lock.
// Reads see the transaction's own writes, so an id repeated in the batch is
// settled against its first occurrence.
func (s *Store) pushTxn(userID string, evs []rules.Encoded) (store.PushResult, error) {
	var res store.PushResult
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	last, err := getUint(txn, seqKey(userID))
	if err != nil {
		return res, err
	}
	for _, ev := range evs {
		seq, err := getUint(txn, eventIDKey(userID, ev.ID))
		if err != nil {
			return res, err
		}
		if seq != 0 {
			item, err := txn.Get(eventKey(userID, seq))
			if err != nil {
				return res, fmt.Errorf("event %s: %w", ev.ID, err)
			}
			old, err := item.ValueCopy(nil)
			if err != nil {
				return res, err
			}
			rules.Settle(&res, ev, old)
			continue
		}
		last++
		if err := txn.Set(eventKey(userID, last), ev.Body); err != nil {
			return res, err
		}
		if err := setUint(txn, eventIDKey(userID, ev.ID), last); err != nil {
			return res, err
		}
		res.Stored++
	}
	if res.Stored == 0 {
		return res, nil
	}
	if err := setUint(txn, seqKey(userID), last); err != nil {
		return res, err
	}
	return res, txn.Commit()
}

// PullEvents returns up to limit of a user's events after cursor, by
// sequence number; see store.Store.
func (s *Store) PullEvents(ctx context.Context, userID, cursor string, limit int) ([]inflow.Event, string, error) {
	after, err := rules.ParseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	limit = rules.PageSize(limit)
	out := []inflow.Event{}
	if !rules.ValidUUID(userID) { // user ids are UUIDs: nothing else may shape a key
		return out, cursor, nil
	}
	next := cursor
	prefix := eventPrefix(userID)
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: min(limit, 100)})
		defer it.Close()
		for it.Seek(eventKey(userID, after+1)); it.Valid() && len(out) < limit; it.Next() {
			key := it.Item().KeyCopy(nil)
			var ev inflow.Event
			if err := it.Item().Value(func(b []byte) (err error) { ev, err = rules.DecodeEvent(b); return err }); err != nil {
				return fmt.Errorf("event %s: %w", key, err)
			}
			out = append(out, ev)
			seq, err := parseSeq(bytes.TrimPrefix(key, prefix))
			if err != nil {
				return fmt.Errorf("event key %q: %w", key, err)
			}
			next = rules.FormatCursor(seq)
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("pull events: %w", err)
	}
	return out, next, nil
}
