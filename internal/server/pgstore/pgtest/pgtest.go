// Package pgtest gives tests a PostgreSQL schema of their own in the
// database named by INFLOW_TEST_POSTGRES (.ci/run sets it), so runs never
// see each other's data, and skips them with a clear reason when it is
// unset.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/server/pgstore"
)

// Env is the variable naming the test database.
const Env = "INFLOW_TEST_POSTGRES"

// Available reports whether a test database is configured.
func Available() bool { return os.Getenv(Env) != "" }

// FreshSchema creates a schema for one test, drops it at cleanup, and
// returns a DSN whose connections use it (at most maxConns of them; 0
// leaves pgx's default). The test is skipped when Env is unset.
func FreshSchema(t testing.TB, maxConns int) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		t.Skip(Env + " is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL: %q", Env, base)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "inflow_test_" + hex.EncodeToString(b)
	exec := func(sql string) error {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	if maxConns > 0 {
		q.Set("pool_max_conns", itoa(maxConns))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens a store on a fresh schema, closed at cleanup.
func Open(t testing.TB) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(context.Background(), FreshSchema(t, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n > 0 || i == len(b) {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
