package badgerstore

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// migration changes the layout from version-1 to version. Migrations are
// append-only: never edit or reorder one that has shipped, add a new one.
type migration struct {
	version int
	name    string
	apply   func(txn *badger.Txn) error
}

var migrations = []migration{
	{1, "initial layout: items, packs, browse index, events, bookmarks, views, settings",
		func(*badger.Txn) error { return nil }},
}

// SchemaVersion is the layout version this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// migrate applies pending migrations, each in its own transaction with the
// version bump, so an interrupted upgrade resumes where it stopped.
func (s *Store) migrate() error {
	var cur uint64
	if err := s.db.View(func(txn *badger.Txn) (err error) {
		cur, err = getUint(txn, keySchema)
		return err
	}); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if int(cur) > SchemaVersion() {
		return inflow.Errorf(inflow.EINVALID,
			"this profile was written by a newer Inflow (schema %d, this build knows %d); update Inflow", cur, SchemaVersion())
	}
	for _, m := range migrations {
		if m.version <= int(cur) {
			continue
		}
		if err := s.db.Update(func(txn *badger.Txn) error {
			if err := m.apply(txn); err != nil {
				return err
			}
			return setUint(txn, keySchema, uint64(m.version))
		}); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// Schema returns the profile's stored schema version.
func (s *Store) Schema() (int, error) {
	var v uint64
	err := s.db.View(func(txn *badger.Txn) (err error) {
		v, err = getUint(txn, keySchema)
		return err
	})
	return int(v), err
}
