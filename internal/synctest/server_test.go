package synctest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/pgstore/pgtest"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// The account every test syncs as.
const (
	user     = "ann"
	password = "ann-password-1"
)

// passwordHash is argon2id of password, made once: hashing takes a while.
var passwordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(password) })

// server is a real Inflow server (internal/server/api over a backend:
// badger in memory, or PostgreSQL) on 127.0.0.1, with the account ann.
type server struct {
	URL   string
	Addr  string // host:port
	store store.Store
	user  store.User
}

// backends are the server backends to run on: badger always, PostgreSQL
// when INFLOW_TEST_POSTGRES names a database.
func backends() []string {
	if pgtest.Available() {
		return []string{"badger", "postgres"}
	}
	return []string{"badger"}
}

// forEachBackend runs a test once per backend, as subtests.
func forEachBackend(t *testing.T, fn func(t *testing.T, backend string)) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) { fn(t, b) })
	}
}

func startServer(t *testing.T) *server { return startServerOn(t, "badger") }

func startServerOn(t *testing.T, backend string) *server {
	t.Helper()
	var st store.Store
	if backend == "postgres" {
		st = pgtest.Open(t)
	} else {
		bs, err := serverbadger.Open("", serverbadger.Options{InMemory: true, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bs.Close() })
		st = bs
	}
	hash, err := passwordHash()
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(context.Background(), store.User{ID: uuid.NewString(), Name: user, Role: store.RoleLearner, PasswordHash: hash, Created: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(api.New(api.Config{Store: st, Logger: quiet}).Handler())
	t.Cleanup(hs.Close)
	return &server{URL: hs.URL, Addr: strings.TrimPrefix(hs.URL, "http://"), store: st, user: u}
}

// grant gives a device a token directly in the store, as sign-in would,
// without paying for the password check on every device of every run.
func (s *server) grant(t *testing.T, deviceID string) string {
	t.Helper()
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := s.store.CreateToken(context.Background(), store.Token{UserID: s.user.ID, Hash: hash, DeviceID: deviceID, DeviceName: "test", Created: now, LastUsed: now}); err != nil {
		t.Fatal(err)
	}
	return token
}

// serverLog pulls the account's whole log over the API, page by page, the
// raw way: unlike a device, which ignores an id it has, it sees an event
// stored twice.
func serverLog(t *testing.T, base, token string) []inflow.Event {
	t.Helper()
	var out []inflow.Event
	cursor := ""
	for {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/events?"+url.Values{"after": {cursor}, "limit": {"1000"}}.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("pull server log: %v", err)
		}
		var page syncproto.PullResponse
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("pull server log: HTTP %d, %v", resp.StatusCode, err)
		}
		out = append(out, page.Events...)
		if !page.More {
			return out
		}
		cursor = page.Cursor
	}
}

// assertServerHoldsOnce fails unless the server holds every event of want
// exactly once, and nothing else.
func assertServerHoldsOnce(t *testing.T, base, token string, want []*inflow.Event) {
	t.Helper()
	got := serverLog(t, base, token)
	seen := make(map[string]int, len(got))
	for _, ev := range got {
		seen[ev.ID]++
		if seen[ev.ID] == 2 {
			t.Errorf("server holds event %s twice", ev.ID)
		}
	}
	if len(got) != len(want) || len(seen) != len(want) {
		t.Errorf("server holds %d entries (%d ids), want the %d events of the devices", len(got), len(seen), len(want))
	}
	for _, ev := range want {
		if seen[ev.ID] == 0 {
			t.Errorf("server lacks event %s (%s by %s)", ev.ID, ev.Type, ev.Device)
		}
	}
}
