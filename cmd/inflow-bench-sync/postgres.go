package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
)

// freshSchema makes a schema of its own in the database at base, as
// pgstore's tests do, and returns a DSN whose connections use it and a
// function that drops it. The pool size stays what base says (pgxpool's
// default unless base sets pool_max_conns), as the server would run it.
// A missing or unreachable database is an errSkip.
func freshSchema(ctx context.Context, base string) (string, func(), error) {
	if base == "" {
		return "", nil, errSkip{"no PostgreSQL: pass -postgres or set INFLOW_BENCH_POSTGRES"}
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, errSkip{"-postgres must be a postgres:// URL"}
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "inflow_bench_" + hex.EncodeToString(b)
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, base)
	if err != nil {
		return "", nil, errSkip{fmt.Sprintf("cannot reach PostgreSQL at %s: %v", u.Redacted(), err)}
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(cctx, "CREATE SCHEMA "+schema); err != nil {
		return "", nil, errSkip{fmt.Sprintf("create schema: %v", err)}
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			logf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			logf("drop schema %s: %v", schema, err)
		}
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
