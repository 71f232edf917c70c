package pgstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/inflow-learning/inflow/internal/server/pgstore"
	"github.com/inflow-learning/inflow/internal/server/pgstore/pgtest"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/storetest"
)

// freshSchema is a schema of the test's own (see pgtest), with enough
// connections for every pusher of ConcurrentPushers to be inside a
// transaction at once, so a wrong ordering scheme shows.
func freshSchema(t testing.TB) string { return pgtest.FreshSchema(t, 12) }

// open opens a store on dsn, closed at cleanup (again is harmless).
func open(t testing.TB, dsn string) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	freshSchema(t) // skips the whole suite at once without a database
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, freshSchema(t)) })
}

// TestReplicas runs the concurrency properties with the writers spread
// over two Store instances on one database, as two server replicas are.
func TestReplicas(t *testing.T) {
	t.Run("ConcurrentPushers", func(t *testing.T) {
		dsn := freshSchema(t)
		storetest.ConcurrentPushers(t, open(t, dsn), open(t, dsn))
	})
	t.Run("ConcurrentPublishers", func(t *testing.T) {
		dsn := freshSchema(t)
		storetest.ConcurrentPublishers(t, open(t, dsn), open(t, dsn))
	})
}

func TestPersistence(t *testing.T) {
	dsn := freshSchema(t)
	s, err := pgstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Persistence(t, s, func(t *testing.T) store.Store { return open(t, dsn) })
}

// TestMigrationsOnce opens one fresh schema from several replicas at once:
// the advisory lock lets one migrate while the others wait, and every
// migration is recorded exactly once.
func TestMigrationsOnce(t *testing.T) {
	dsn := freshSchema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := pgstore.Open(context.Background(), dsn)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	conn, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n, max int
	if err := conn.QueryRow(context.Background(), `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	if n != pgstore.SchemaVersion() || max != pgstore.SchemaVersion() {
		t.Fatalf("schema_migrations has %d rows up to %d; want %d", n, max, pgstore.SchemaVersion())
	}
	// A database from a newer build is refused.
	if _, err := conn.Exec(context.Background(), `INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')`, max+1); err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.Open(context.Background(), dsn); err == nil || !strings.Contains(err.Error(), "newer") && !strings.Contains(err.Error(), "knows up to") {
		t.Fatalf("opening a newer schema: err = %v", err)
	}
}

func BenchmarkPush(b *testing.B) { storetest.BenchmarkPush(b, open(b, freshSchema(b))) }

func BenchmarkPull(b *testing.B) { storetest.BenchmarkPull(b, open(b, freshSchema(b))) }
