package pgstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/inflow-learning/inflow/internal/server/pgstore"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/storetest"
)

// freshSchema creates a schema of its own for one test in the database
// named by INFLOW_TEST_POSTGRES, drops it at cleanup, and returns a DSN
// whose connections use it, so runs never see each other's data. The test
// is skipped when the variable is unset.
func freshSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("INFLOW_TEST_POSTGRES")
	if base == "" {
		t.Skip("INFLOW_TEST_POSTGRES is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("INFLOW_TEST_POSTGRES must be a postgres:// URL: %q", base)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "inflow_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to INFLOW_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	// Enough connections for every pusher of ConcurrentPushers to be
	// inside a transaction at once, so a wrong ordering scheme shows.
	q.Set("pool_max_conns", "12")
	u.RawQuery = q.Encode()
	return u.String()
}

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
