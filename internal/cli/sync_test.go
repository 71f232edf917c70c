package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// server starts a real Inflow server on 127.0.0.1 with one user.
func server(t *testing.T) string {
	t.Helper()
	url, _ := serverWithStore(t)
	return url
}

// serverWithStore is server, also returning its store, where tests publish.
func serverWithStore(t *testing.T) (string, *serverbadger.Store) {
	t.Helper()
	st, err := serverbadger.Open("", serverbadger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, _ := auth.HashPassword("ann-password-1")
	if _, err := st.CreateUser(context.Background(), store.User{ID: uuid.NewString(), Name: "ann", Role: store.RoleLearner, PasswordHash: hash, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(api.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL, st
}

// TestTwoDevicesSyncThroughTheServer: two profiles sign in as the same
// person; reviews answered on one reach the other, with the same schedule.
func TestTwoDevicesSyncThroughTheServer(t *testing.T) {
	t.Setenv("INFLOW_NO_KEYRING", "1")
	url := server(t)
	a, b := t.TempDir(), t.TempDir()
	if r := runIn(t, "wrong-password\n", "--data-dir", a, "login", "--server", url, "--user", "ann", "--password-stdin"); r.code == 0 || !strings.Contains(r.stderr, "wrong user name or password") {
		t.Fatalf("wrong password: %+v", r)
	}
	for _, dir := range []string{a, b} {
		if r := runIn(t, "ann-password-1\n", "--data-dir", dir, "login", "--server", url, "--user", "ann", "--password-stdin"); r.code != 0 || !strings.Contains(r.stdout, "Signed in") {
			t.Fatalf("login: %+v", r)
		}
		fi, err := os.Stat(filepath.Join(dir, "secrets.json"))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("token file: %v %v", fi, err)
		}
	}
	logFile := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(logFile, []byte(reviewLog), 0o600)
	run(t, "--data-dir", a, "review", "--import-log", logFile)
	run(t, "--data-dir", a, "review", "--answer", "csv/42", "--rating", "good", "--at", "2026-02-01T10:00:00Z")
	if r := run(t, "--data-dir", a, "sync"); r.code != 0 || !strings.Contains(r.stdout, "pushed") {
		t.Fatalf("sync a: %+v", r)
	}
	r := run(t, "--data-dir", b, "sync", "--json")
	var out struct {
		Result struct{ Pulled int }
		Status struct {
			Online  bool
			Pending int
		}
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &out) != nil || out.Result.Pulled == 0 || !out.Status.Online {
		t.Fatalf("sync b: %+v", r)
	}
	// Both devices have the same cards due, with the same schedule.
	if da, db := dueCards(t, a), dueCards(t, b); len(da) != 2 || !equalCards(da, db) {
		t.Errorf("a %+v\nb %+v", da, db)
	}
	// Signed out: the token is revoked, and syncing says how to sign in.
	if r := run(t, "--data-dir", b, "logout"); r.code != 0 {
		t.Fatalf("logout: %+v", r)
	}
	if r := run(t, "--data-dir", b, "sync"); r.code == 0 || !strings.Contains(r.stderr, "inflow login") {
		t.Errorf("sync after logout: %+v", r)
	}
}

func equalCards(a, b []dueCard) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSyncBringsTheCatalog: packs an author publishes, changes and removes
// on the server reach the library and its search through inflow sync; a
// pack that clashes with a local import is reported and the sync goes on.
func TestSyncBringsTheCatalog(t *testing.T) {
	t.Setenv("INFLOW_NO_KEYRING", "1")
	url, st := serverWithStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	if r := runIn(t, "ann-password-1\n", "--data-dir", dir, "login", "--server", url, "--user", "ann", "--password-stdin"); r.code != 0 {
		t.Fatalf("login: %+v", r)
	}
	if r := run(t, "import", "testdata/pack", "--data-dir", dir); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	search := func(query string) []string {
		t.Helper()
		r := run(t, "--data-dir", dir, "search", query, "--json")
		var res struct{ Hits []struct{ ID string } }
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &res) != nil {
			t.Fatalf("search %q: %+v", query, r)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	publish := func(p *inflow.Pack) {
		t.Helper()
		if _, err := st.PutPack(ctx, p, "carl"); err != nil {
			t.Fatal(err)
		}
	}

	publish(inflowtest.Pack("handbook",
		inflowtest.Item("handbook/ladder", "Ladder inspection checklist"),
		inflowtest.Item("handbook/forklift", "Forklift licence rules")))
	publish(inflowtest.Pack("clash", inflowtest.Item("field/lockout", "Someone else's lockout")))
	r := run(t, "--data-dir", dir, "sync")
	if r.code != 0 || !strings.Contains(r.stdout, "1 catalog change(s), 1 not applied") ||
		!strings.Contains(r.stderr, "catalog pack clash not applied") {
		t.Fatalf("sync: %+v", r)
	}
	if got := search("ladder"); len(got) != 1 || got[0] != "handbook/ladder" {
		t.Fatalf("search ladder: %v", got)
	}
	if got := search("lock"); !slices.Contains(got, "field/lockout") {
		t.Fatalf("the local pack was lost: %v", got)
	}

	// A new version without the forklift item, then the pack removed.
	publish(inflowtest.Pack("handbook", inflowtest.Item("handbook/ladder", "Ladder inspection checklist")))
	if r := run(t, "--data-dir", dir, "sync"); r.code != 0 {
		t.Fatalf("sync v2: %+v", r)
	}
	if got := search("forklift"); len(got) != 0 {
		t.Fatalf("search forklift after v2: %v", got)
	}
	if err := st.RemovePack(ctx, "handbook", "carl"); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "--data-dir", dir, "sync"); r.code != 0 || !strings.Contains(r.stdout, "1 catalog change(s), 0 not applied") {
		t.Fatalf("sync after removal: %+v", r)
	}
	if got := search("ladder"); len(got) != 0 {
		t.Fatalf("search ladder after removal: %v", got)
	}
}
