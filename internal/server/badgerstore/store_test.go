package serverbadger_test

import (
	"testing"

	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/storetest"
)

func open(t testing.TB, dir string, o serverbadger.Options) *serverbadger.Store {
	t.Helper()
	s, err := serverbadger.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformanceInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, "", serverbadger.Options{InMemory: true}) })
}

func TestConformanceOnDisk(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir(), serverbadger.Options{}) })
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	s, err := serverbadger.Open(dir, serverbadger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Persistence(t, s, func(t *testing.T) store.Store { return open(t, dir, serverbadger.Options{}) })
}

func BenchmarkPushOnDisk(b *testing.B) {
	storetest.BenchmarkPush(b, open(b, b.TempDir(), serverbadger.Options{}))
}

func BenchmarkPushInMemory(b *testing.B) {
	storetest.BenchmarkPush(b, open(b, "", serverbadger.Options{InMemory: true}))
}

func BenchmarkPull(b *testing.B) {
	storetest.BenchmarkPull(b, open(b, b.TempDir(), serverbadger.Options{}))
}
