package badgerstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Store is the badger-backed library store.
type Store struct {
	db    *badger.DB
	clock inflow.Clock

	// facets caches browse counts per language for one generation.
	facetMu  sync.Mutex
	facetGen uint64
	facets   map[string]*inflow.Facets
	langs    []inflow.Facet
}

var _ inflow.LibraryStore = (*Store)(nil)

// Options tune how the store is opened.
type Options struct {
	InMemory bool         // keep everything in memory (tests)
	Logger   *slog.Logger // badger's own log lines go here at debug level
	Clock    inflow.Clock // stamps pack imports; the system clock if nil
}

// Open opens or creates the store in dir and brings its schema up to date.
// A directory written by a newer schema is refused with an EINVALID error.
func Open(dir string, o Options) (*Store, error) {
	bo := badger.DefaultOptions(dir).
		WithInMemory(o.InMemory).
		WithLogger(badgerLogger{o.Logger}).
		// Item bodies above 1 KiB live in the value log, so large packs
		// still fit in one transaction (the limit counts pointers, not
		// bodies) and imports stay all or nothing.
		WithValueThreshold(1 << 10).
		WithNumVersionsToKeep(1).
		WithCompactL0OnClose(true)
	if o.InMemory {
		bo.Dir, bo.ValueDir = "", ""
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if o.Clock == nil {
		o.Clock = inflow.SystemClock{}
	}
	s := &Store{db: db, clock: o.Clock}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close flushes and closes the database.
func (s *Store) Close() error { return s.db.Close() }

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

func getUint(txn *badger.Txn, key string) (uint64, error) {
	item, err := txn.Get([]byte(key))
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

func setUint(txn *badger.Txn, key string, n uint64) error {
	return txn.Set([]byte(key), []byte(strconv.FormatUint(n, 10)))
}

// Generation returns the item generation.
func (s *Store) Generation(ctx context.Context) (gen uint64, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		gen, err = getUint(txn, keyGen)
		return err
	})
	return gen, err
}

// Setting reads a setting into v.
func (s *Store) Setting(ctx context.Context, key string, v any) (ok bool, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		err := getJSON(txn, settingKey(key), v)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		ok = err == nil
		return err
	})
	return ok, err
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key string, v any) error {
	return s.db.Update(func(txn *badger.Txn) error { return setJSON(txn, settingKey(key), v) })
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
