package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PushEvents stores a user's events in one transaction; see store.Store
// and, for the order, the package doc.
//
// Under the lock on the user's event_seqs row no other push of the user
// can run, so the events already stored are read first and only new ones
// are inserted, numbered without gaps. The insert still says ON CONFLICT
// DO NOTHING and checks its count, so a write that bypassed the lock would
// fail the push instead of corrupting the log.
func (s *Store) PushEvents(ctx context.Context, userID string, evs []inflow.Event) (store.PushResult, error) {
	if !rules.ValidUUID(userID) {
		return store.PushResult{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", userID)
	}
	valid, rejected := rules.Prepare(evs)
	var res store.PushResult
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		res = store.PushResult{Rejected: rejected}
		var last int64
		err := tx.QueryRow(ctx, `SELECT last_seq FROM event_seqs WHERE user_id = $1 FOR UPDATE`, userID).Scan(&last)
		if errors.Is(err, pgx.ErrNoRows) {
			return inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", userID)
		} else if err != nil || len(valid) == 0 {
			return err
		}

		ids := make([]string, len(valid))
		for i, ev := range valid {
			ids[i] = ev.ID
		}
		rows, err := tx.Query(ctx, `SELECT id::text, body FROM events WHERE user_id = $1 AND id = ANY($2::uuid[])`, userID, ids)
		if err != nil {
			return err
		}
		known := map[string][]byte{}
		var id string
		var body []byte
		if _, err := pgx.ForEachRow(rows, []any{&id, &body}, func() error {
			known[id] = body
			body = nil
			return nil
		}); err != nil {
			return err
		}

		var newIDs []string
		var newBodies [][]byte
		for _, ev := range valid {
			if old, ok := known[ev.ID]; ok {
				rules.Settle(&res, ev, old)
				continue
			}
			known[ev.ID] = ev.Body // a repeat later in the batch settles against it
			newIDs, newBodies = append(newIDs, ev.ID), append(newBodies, ev.Body)
		}
		if len(newIDs) == 0 {
			return nil
		}
		tag, err := tx.Exec(ctx, `INSERT INTO events (user_id, seq, id, body)
			SELECT $1, $2 + t.n, t.id, t.body
			FROM unnest($3::uuid[], $4::bytea[]) WITH ORDINALITY AS t(id, body, n)
			ON CONFLICT (user_id, id) DO NOTHING`, userID, last, newIDs, newBodies)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != int64(len(newIDs)) {
			return fmt.Errorf("inserted %d of %d new events: the log changed under the user's lock", tag.RowsAffected(), len(newIDs))
		}
		if _, err := tx.Exec(ctx, `UPDATE event_seqs SET last_seq = $2 WHERE user_id = $1`, userID, last+int64(len(newIDs))); err != nil {
			return err
		}
		res.Stored = len(newIDs)
		return nil
	})
	if inflow.ErrorCode(err) == inflow.ENOTFOUND {
		return store.PushResult{}, err
	} else if err != nil {
		return store.PushResult{}, fmt.Errorf("push events: %w", err)
	}
	return res, nil
}

// PullEvents returns up to limit of a user's events after cursor, by
// sequence number; see store.Store.
func (s *Store) PullEvents(ctx context.Context, userID, cursor string, limit int) ([]inflow.Event, string, error) {
	after, err := rules.ParseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	out := []inflow.Event{}
	if !rules.ValidUUID(userID) {
		return out, cursor, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, body FROM events WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
		userID, int64(after), rules.PageSize(limit))
	if err != nil {
		return nil, "", fmt.Errorf("pull events: %w", err)
	}
	next := cursor
	var seq int64
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&seq, &body}, func() error {
		ev, err := rules.DecodeEvent(body)
		if err != nil {
			return fmt.Errorf("event %d: %w", seq, err)
		}
		out = append(out, ev)
		next = rules.FormatCursor(uint64(seq))
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("pull events: %w", err)
	}
	return out, next, nil
}
