package serverbadger

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
	"github.com/inflow-learning/inflow/internal/server/store/storetest"
)

// TestPushSplitsTooBigTransaction shrinks badger's memtable so a full
// batch cannot fit one transaction: the push must split it and still
// store, count and order every event as one transaction would.
func TestPushSplitsTooBigTransaction(t *testing.T) {
	s, err := openWith(badger.DefaultOptions("").WithInMemory(true).WithMemTableSize(1 << 20).WithValueThreshold(1 << 10).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	u, err := s.CreateUser(ctx, store.User{Name: "big", Role: store.RoleLearner})
	if err != nil {
		t.Fatal(err)
	}
	var batch []inflow.Event
	for n := range 1000 {
		ev := storetest.Event(n, "dev")
		ev.Data = json.RawMessage(`{"pad":"` + strings.Repeat("x", 200) + `"}`)
		batch = append(batch, ev)
	}
	// The first whole batch must not fit, or this test proves nothing.
	valid, _ := rules.Prepare(batch)
	if _, err := s.pushTxn(u.ID, valid); !errors.Is(err, badger.ErrTxnTooBig) {
		t.Fatalf("a batch of 1000 fit one transaction (err %v); shrink the memtable further", err)
	}
	// A repeat and a conflict late in the batch are settled against
	// events stored by an earlier part.
	changed := batch[3]
	changed.Subject = "other"
	batch = append(batch, batch[1], changed)
	r, err := s.PushEvents(ctx, u.ID, batch)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stored != 1000 || r.Duplicates != 1 || len(r.Rejected) != 1 || r.Rejected[0].Code != inflow.ECONFLICT {
		t.Fatalf("push = %+v; want 1000 stored, 1 duplicate, 1 conflict", r)
	}
	got, _, err := s.PullEvents(ctx, u.ID, "", 1000)
	if err != nil || len(got) != 1000 {
		t.Fatalf("pulled %d, %v", len(got), err)
	}
	for i, ev := range got {
		if ev.ID != batch[i].ID {
			t.Fatalf("event %d is %s, want %s", i, ev.ID, batch[i].ID)
		}
	}
}
