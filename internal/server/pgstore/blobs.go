package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PutBlob stores a blob in one transaction, a row per chunk as the bytes
// arrive, and its blobs row last; a size or hash mismatch rolls it all
// back. Writers of one blob take turns on an advisory lock, so a second
// replica finds the blob done instead of writing it again.
func (s *Store) PutBlob(ctx context.Context, sha string, size int64, r io.Reader) error {
	if err := rules.CheckBlob(sha, size); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('inflow blob ' || $1))`, sha); err != nil {
			return err
		}
		var have bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1)`, sha).Scan(&have); err != nil || have {
			return err
		}
		// Chunks of an earlier attempt that died before committing are
		// gone with its transaction; none can be here.
		err := rules.WriteChunks(sha, size, store.BlobChunk, r, func(n int64, data []byte) error {
			_, err := tx.Exec(ctx, `INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)`, sha, n, data)
			return err
		})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO blobs (sha256, size) VALUES ($1, $2)`, sha, size)
		return err
	})
	if err != nil && inflow.ErrorCode(err) == inflow.EINTERNAL {
		return fmt.Errorf("put blob %s: %w", sha, err)
	}
	return err
}

// HasBlobs reports which of hashes are stored.
func (s *Store) HasBlobs(ctx context.Context, hashes []string) (map[string]bool, error) {
	out := make(map[string]bool, len(hashes))
	for _, h := range hashes {
		out[h] = false
	}
	rows, err := s.pool.Query(ctx, `SELECT sha256 FROM blobs WHERE sha256 = ANY($1)`, hashes)
	if err != nil {
		return nil, fmt.Errorf("has blobs: %w", err)
	}
	var h string
	if _, err := pgx.ForEachRow(rows, []any{&h}, func() error { out[h] = true; return nil }); err != nil {
		return nil, fmt.Errorf("has blobs: %w", err)
	}
	return out, nil
}

// OpenBlob opens a stored blob; each chunk is one query when it is needed.
func (s *Store) OpenBlob(ctx context.Context, sha string) (store.Blob, error) {
	var size int64
	var typ string
	err := s.pool.QueryRow(ctx, `SELECT size, type FROM blobs WHERE sha256 = $1`, sha).Scan(&size, &typ)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "no file %s on this server", sha)
	} else if err != nil {
		return nil, fmt.Errorf("open blob %s: %w", sha, err)
	}
	return rules.NewChunkReader(ctx, sha, size, store.BlobChunk, typ, func(ctx context.Context, n int64) ([]byte, error) {
		var data []byte
		err := s.pool.QueryRow(ctx, `SELECT data FROM blob_chunks WHERE sha256 = $1 AND n = $2`, sha, n).Scan(&data)
		return data, err
	}), nil
}
