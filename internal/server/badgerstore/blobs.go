package serverbadger

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PutBlob stores a blob chunk by chunk, each chunk in its own transaction
// so a large file never sits in memory, and writes the blob's record last:
// until then the blob does not exist. On a size or hash mismatch the
// chunks written are deleted. See store.Store.
func (s *Store) PutBlob(ctx context.Context, sha string, size int64, r io.Reader) error {
	if err := rules.CheckBlob(sha, size); err != nil {
		return err
	}
	mu := s.blobLock(sha)
	mu.Lock()
	defer mu.Unlock()
	var have bool
	if err := s.db.View(func(txn *badger.Txn) (err error) {
		have, err = exists(txn, blobKey(sha))
		return err
	}); err != nil || have {
		return err
	}
	err := rules.WriteChunks(sha, size, s.chunk, r, func(n int64, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return s.db.Update(func(txn *badger.Txn) error { return txn.Set(chunkKey(sha, n), data) })
	})
	if err == nil {
		err = s.update(func(txn *badger.Txn) error { return setJSON(txn, blobKey(sha), rules.StoredBlob{Size: size}) })
	}
	if err != nil {
		if derr := s.dropChunks(sha, size); derr != nil {
			return errors.Join(err, derr)
		}
		return err
	}
	return nil
}

// dropChunks deletes every chunk a blob of size bytes may have written.
func (s *Store) dropChunks(sha string, size int64) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for n := range rules.Chunks(size, s.chunk) {
		if err := wb.Delete(chunkKey(sha, n)); err != nil {
			return fmt.Errorf("drop chunks of blob %s: %w", sha, err)
		}
	}
	return wb.Flush()
}

func (s *Store) blobLock(sha string) *sync.Mutex {
	return &s.blobLocks[maphash.String(s.seed, sha)%uint64(len(s.blobLocks))]
}

// HasBlobs reports which of hashes are stored.
func (s *Store) HasBlobs(ctx context.Context, hashes []string) (map[string]bool, error) {
	out := make(map[string]bool, len(hashes))
	err := s.db.View(func(txn *badger.Txn) error {
		for _, h := range hashes {
			ok, err := exists(txn, blobKey(h))
			if err != nil {
				return err
			}
			out[h] = ok
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("has blobs: %w", err)
	}
	return out, nil
}

// OpenBlob opens a stored blob; its chunks are read as they are needed.
func (s *Store) OpenBlob(ctx context.Context, sha string) (store.Blob, error) {
	var b rules.StoredBlob
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, blobKey(sha), &b) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "no file %s on this server", sha)
	} else if err != nil {
		return nil, fmt.Errorf("open blob %s: %w", sha, err)
	}
	return rules.NewChunkReader(ctx, sha, b.Size, s.chunk, b.Type, func(ctx context.Context, n int64) ([]byte, error) {
		var data []byte
		err := s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(chunkKey(sha, n))
			if err != nil {
				return err
			}
			data, err = item.ValueCopy(nil)
			return err
		})
		return data, err
	}), nil
}
