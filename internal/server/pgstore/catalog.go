package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PutPack publishes a pack, replacing what it held: its latest change
// becomes this one, at the end of the catalog. An item owned by another
// pack is an ECONFLICT. Publishers take turns on the catalog_seq row; see
// the package doc.
func (s *Store) PutPack(ctx context.Context, p *inflow.Pack, by string) (inflow.PackResult, error) {
	if err := rules.CheckPack(p); err != nil {
		return inflow.PackResult{}, err
	}
	var res inflow.PackResult
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		last, err := lockCatalog(ctx, tx)
		if err != nil {
			return err
		}
		ids := make([]string, len(p.Items))
		for i, it := range p.Items {
			ids[i] = it.ID
		}
		rows, err := tx.Query(ctx, `SELECT item_id, pack_id, hash, version FROM catalog_items
			WHERE item_id = ANY($1) OR pack_id = $2`, ids, p.ID)
		if err != nil {
			return err
		}
		owners := map[string]rules.Owned{}
		var had []string
		var id string
		var o rules.Owned
		if _, err := pgx.ForEachRow(rows, []any{&id, &o.Pack, &o.Hash, &o.Version}, func() error {
			owners[id] = o
			if o.Pack == p.ID {
				had = append(had, id)
			}
			return nil
		}); err != nil {
			return err
		}
		var stored *inflow.Pack
		var drop []string
		res, stored, drop, err = rules.Plan(p, owners, had)
		if err != nil {
			return err
		}
		body, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		if len(drop) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM catalog_items WHERE item_id = ANY($1)`, drop); err != nil {
				return err
			}
		}
		hashes, versions := make([]string, len(stored.Items)), make([]int32, len(stored.Items))
		for i, it := range stored.Items {
			hashes[i], versions[i] = it.Hash, int32(it.Version)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO catalog_items (item_id, pack_id, hash, version)
			SELECT t.id, $2, t.hash, t.version FROM unnest($1::text[], $3::text[], $4::integer[]) AS t(id, hash, version)
			ON CONFLICT (item_id) DO UPDATE SET pack_id = excluded.pack_id, hash = excluded.hash, version = excluded.version`,
			ids, p.ID, hashes, versions); err != nil {
			return err
		}
		return putChange(ctx, tx, last+1, p.ID, body, by)
	})
	if err != nil {
		if inflow.ErrorCode(err) != inflow.EINTERNAL {
			return inflow.PackResult{}, err
		}
		return inflow.PackResult{}, fmt.Errorf("put pack %s: %w", p.ID, err)
	}
	return res, nil
}

// RemovePack unpublishes a pack: its latest change becomes a removal, at
// the end of the catalog, so clients that have it learn it is gone.
func (s *Store) RemovePack(ctx context.Context, packID, by string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		last, err := lockCatalog(ctx, tx)
		if err != nil {
			return err
		}
		var removed bool
		err = tx.QueryRow(ctx, `SELECT removed FROM catalog_changes WHERE pack_id = $1`, packID).Scan(&removed)
		if errors.Is(err, pgx.ErrNoRows) || removed {
			return inflow.Errorf(inflow.ENOTFOUND, "pack %s is not published", packID)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM catalog_items WHERE pack_id = $1`, packID); err != nil {
			return err
		}
		return putChange(ctx, tx, last+1, packID, nil, by)
	})
	if err != nil && inflow.ErrorCode(err) == inflow.EINTERNAL {
		return fmt.Errorf("remove pack %s: %w", packID, err)
	}
	return err
}

// lockCatalog locks the catalog's numbering until the transaction ends
// and returns the last change number.
func lockCatalog(ctx context.Context, tx pgx.Tx) (int64, error) {
	var last int64
	err := tx.QueryRow(ctx, `SELECT last_seq FROM catalog_seq FOR UPDATE`).Scan(&last)
	return last, err
}

// putChange makes change seq the pack's latest (a put of body, or a
// removal when body is nil) and advances the numbering to it.
func putChange(ctx context.Context, tx pgx.Tx, seq int64, packID string, body []byte, by string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO catalog_changes (pack_id, seq, removed, body, by_user, changed)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (pack_id) DO UPDATE SET seq = excluded.seq, removed = excluded.removed,
			body = excluded.body, by_user = excluded.by_user, changed = excluded.changed`,
		packID, seq, body == nil, body, by, rules.Now(time.Time{})); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE catalog_seq SET last_seq = $1`, seq)
	return err
}

// CatalogChanges returns up to limit catalog changes after cursor, in
// order; see store.Store.
func (s *Store) CatalogChanges(ctx context.Context, cursor string, limit int) ([]store.CatalogChange, string, error) {
	after, err := rules.ParseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, pack_id, removed, body FROM catalog_changes
		WHERE seq > $1 ORDER BY seq LIMIT $2`, int64(after), rules.PageSize(limit))
	if err != nil {
		return nil, "", fmt.Errorf("catalog changes: %w", err)
	}
	out := []store.CatalogChange{}
	next := cursor
	var seq int64
	var c store.CatalogChange
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&seq, &c.PackID, &c.Removed, &body}, func() error {
		c.Pack = nil
		if body != nil {
			c.Pack = new(inflow.Pack)
			if err := json.Unmarshal(body, c.Pack); err != nil {
				return fmt.Errorf("change %d: %w", seq, err)
			}
		}
		out = append(out, c)
		next = rules.FormatCursor(uint64(seq))
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("catalog changes: %w", err)
	}
	return out, next, nil
}
