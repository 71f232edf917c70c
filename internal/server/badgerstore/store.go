package serverbadger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"strconv"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// Store is the badger-backed server store. It is safe for concurrent use
// within one process; badger's directory lock keeps a second process out.
type Store struct {
	db *badger.DB

	// userLocks serialise each user's pushes (see the package doc); a
	// user id picks its stripe, so memory stays fixed however many users.
	userLocks [64]sync.Mutex
	seed      maphash.Seed
	// catalogMu serialises catalog changes.
	catalogMu sync.Mutex
	// blobLocks serialise writers of one blob (striped by hash), so a
	// writer whose bytes do not match cannot overwrite or drop the chunks
	// of one that does; courseMu serialises course changes.
	blobLocks [16]sync.Mutex
	courseMu  sync.Mutex
	// chunk is the size of blob chunks: store.BlobChunk, but half that in
	// memory, where badger cannot keep a value of its maximum threshold.
	chunk int64
}

var _ store.Store = (*Store)(nil)

// Options tune how the store is opened.
type Options struct {
	InMemory bool         // keep everything in memory (tests); dir is ignored
	Logger   *slog.Logger // badger's own log lines go here at debug level
}

// schemaVersion is the key layout this build writes.
const schemaVersion = 1

// Open opens or creates the store in dir. A directory written by a newer
// layout is refused with an EINVALID error.
func Open(dir string, o Options) (*Store, error) {
	bo := badger.DefaultOptions(dir).
		WithInMemory(o.InMemory).
		WithLogger(badgerLogger{o.Logger}).
		// Pack bodies live in the value log, so a large pack still fits
		// one transaction (the limit counts pointers, not bodies).
		WithValueThreshold(1 << 10).
		WithNumVersionsToKeep(1).
		WithCompactL0OnClose(true).
		// A commit is on disk before any reader can see it; see the
		// package doc for why syncing after the commit is not enough.
		WithSyncWrites(true)
	if o.InMemory {
		// Without a value log every value must stay under the threshold:
		// raise it to badger's maximum, and halve blob chunks (openWith).
		bo.Dir, bo.ValueDir = "", ""
		bo = bo.WithValueThreshold(store.BlobChunk)
	}
	return openWith(bo)
}

// openWith opens the store with badger options of the caller's choosing
// (tests use it to shrink badger's limits).
func openWith(bo badger.Options) (*Store, error) {
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open server store: %w", err)
	}
	s := &Store{db: db, seed: maphash.MakeSeed(), chunk: store.BlobChunk}
	if bo.InMemory {
		s.chunk = store.BlobChunk / 2
	}
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkSchema stamps a new database with the layout version and refuses
// one from a newer build.
func (s *Store) checkSchema() error {
	return s.update(func(txn *badger.Txn) error {
		v, err := getUint(txn, []byte(keySchema))
		switch {
		case err != nil:
			return err
		case v > schemaVersion:
			return inflow.Errorf(inflow.EINVALID, "the server store has layout version %d; this build knows up to %d", v, schemaVersion)
		case v < schemaVersion:
			return setUint(txn, []byte(keySchema), schemaVersion)
		}
		return nil
	})
}

// Close flushes and closes the database.
func (s *Store) Close() error { return s.db.Close() }

// userLock returns the lock that serialises a user's pushes.
func (s *Store) userLock(userID string) *sync.Mutex {
	return &s.userLocks[maphash.String(s.seed, userID)%uint64(len(s.userLocks))]
}

// update runs fn in a read-write transaction, again when badger reports a
// conflict with a concurrent transaction (fn must be safe to repeat).
func (s *Store) update(fn func(txn *badger.Txn) error) error {
	for attempt := 0; ; attempt++ {
		err := s.db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) || attempt == 9 {
			return err
		}
	}
}

// getJSON reads key into v; it returns badger.ErrKeyNotFound when absent.
func getJSON(txn *badger.Txn, key []byte, v any) error {
	item, err := txn.Get(key)
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

// getUint reads a decimal number; an absent key is 0.
func getUint(txn *badger.Txn, key []byte) (uint64, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	var n uint64
	err = item.Value(func(b []byte) error {
		n, err = strconv.ParseUint(string(b), 10, 64)
		return err
	})
	return n, err
}

func setUint(txn *badger.Txn, key []byte, n uint64) error {
	return txn.Set(key, []byte(strconv.FormatUint(n, 10)))
}

// exists reports whether key is present.
func exists(txn *badger.Txn, key []byte) (bool, error) {
	_, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// badgerLogger sends badger's log lines to slog at debug level (warnings
// and errors at their own levels).
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) log(level slog.Level, f string, a ...any) {
	if b.l != nil {
		b.l.Log(context.Background(), level, "badger: "+fmt.Sprintf(f, a...))
	}
}
func (b badgerLogger) Errorf(f string, a ...any)   { b.log(slog.LevelError, f, a...) }
func (b badgerLogger) Warningf(f string, a ...any) { b.log(slog.LevelWarn, f, a...) }
func (b badgerLogger) Infof(f string, a ...any)    { b.log(slog.LevelDebug, f, a...) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.log(slog.LevelDebug-4, f, a...) }
