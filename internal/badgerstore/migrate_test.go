package badgerstore

import (
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestNewProfileGetsLatestSchema(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Schema(); err != nil || v != SchemaVersion() {
		t.Fatalf("schema = %d, %v; want %d", v, err, SchemaVersion())
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return setUint(txn, keySchema, uint64(SchemaVersion()+1)) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(dir, Options{})
	if inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("open newer profile: err = %v, want invalid", err)
	}
}

func TestMigrationsAreAppendOnly(t *testing.T) {
	for i, m := range migrations {
		if m.version != i+1 {
			t.Fatalf("migration %d has version %d: versions must be 1, 2, 3... in order", i, m.version)
		}
	}
}

func TestPendingMigrationsRun(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Pretend the profile predates the last migration and add one that
	// leaves a mark; reopening must run it exactly once.
	if err := s.db.Update(func(txn *badger.Txn) error { return setUint(txn, keySchema, uint64(SchemaVersion())) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	runs := 0
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(append([]migration{}, saved...), migration{SchemaVersion() + 1, "test", func(txn *badger.Txn) error {
		runs++
		return txn.Set([]byte("s/migrated"), []byte("true"))
	}})
	for range 2 {
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var v bool
		if ok, err := s.Setting(t.Context(), "migrated", &v); !ok || err != nil || !v {
			t.Fatalf("migration mark: %v %v %v", ok, err, v)
		}
		s.Close()
	}
	if runs != 1 {
		t.Fatalf("migration ran %d times, want 1", runs)
	}
}
