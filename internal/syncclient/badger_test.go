package syncclient

import (
	"context"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// The profile's store is a LocalStore as it is.
var _ LocalStore = inflow.LibraryStore(nil)

// TestWithBadgerStore syncs two real (in-memory) badger stores: the
// cursors, digests and keys below a bucket work with the real store.
func TestWithBadgerStore(t *testing.T) {
	e := newEnv(t)
	open := func() *badgerstore.Store {
		s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	ctx := context.Background()
	if _, err := a.RecordMany(ctx, events("dev-a", t0, 0, 1200)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.RecordMany(ctx, events("dev-b", t0.Add(time.Hour), 0, 30)); err != nil {
		t.Fatal(err)
	}
	ca := e.client(Local(a, a.RecordMany), "dev-a")
	cb := e.client(b, "dev-b")
	mustSync(t, ca)
	mustSync(t, cb)

	// A late own event in the cursor's bucket, and imported history.
	late := newEvent("dev-a", t0.Add(500*time.Millisecond), 5000)
	old := events("dev-a", t0.AddDate(0, -2, 0), 6000, 5)
	if _, err := a.RecordMany(ctx, append(old, late)); err != nil {
		t.Fatal(err)
	}
	ca.Recheck()
	if res := mustSync(t, ca); res.Pushed != 6 {
		t.Fatalf("pushed %d, want the late and imported 6", res.Pushed)
	}
	mustSync(t, cb)

	all := func(s *badgerstore.Store) map[string]bool {
		out := map[string]bool{}
		after := ""
		for {
			evs, err := s.Events(ctx, after, 500)
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range evs {
				out[ev.ID] = true
				after = ev.ID
			}
			if len(evs) < 500 {
				return out
			}
		}
	}
	server, _ := e.srv.log("ada")
	ga, gb := all(a), all(b)
	if len(ga) != len(server) || len(gb) != len(server) || len(server) != 1236 {
		t.Fatalf("a has %d, b has %d, server %d events; want 1236 everywhere", len(ga), len(gb), len(server))
	}
	for id := range server {
		if !ga[id] || !gb[id] {
			t.Fatalf("event %s missing on a device", id)
		}
	}
	if s := ca.Status(ctx); s.Pending != 0 || s.LastError != "" || !s.Online {
		t.Fatalf("Status %+v", s)
	}
}
