package badgerstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// TestEventsJSONMatchesEvents: the raw listing gives the same events, ids
// and devices as the decoded one, whatever the subjects and data hold.
func TestEventsJSONMatchesEvents(t *testing.T) {
	s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	tricky := []string{`"device":"evil"`, `a\"device\":\"x`, "plain", `{"device":"nested"}`}
	for i := range 40 {
		data, _ := json.Marshal(map[string]string{"device": "in-data", "note": tricky[i%len(tricky)]})
		ev := &inflow.Event{ID: fmt.Sprintf("e%03d", i), Type: "note.added", Subject: tricky[i%len(tricky)],
			Device: fmt.Sprintf(`dev-%d"q`, i%3), HLC: inflow.HLC{Wall: int64(i)}, Time: t0, Data: data}
		if err := s.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	want, err := s.Events(ctx, "e009", 100)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.EventsJSON(ctx, "e009", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) != 30 {
		t.Fatalf("%d raw events, %d decoded", len(got), len(want))
	}
	for i := range got {
		var ev inflow.Event
		if err := json.Unmarshal(got[i].JSON, &ev); err != nil {
			t.Fatal(err)
		}
		if got[i].ID != want[i].ID || got[i].Device != want[i].Device || ev.ID != want[i].ID || ev.Subject != want[i].Subject {
			t.Fatalf("event %d: raw %q/%q, decoded %q/%q", i, got[i].ID, got[i].Device, want[i].ID, want[i].Device)
		}
	}
}
