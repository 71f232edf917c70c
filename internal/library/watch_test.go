package library_test

import (
	"context"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestWatchHearsStoredEventsUntilStopped(t *testing.T) {
	ctx := context.Background()
	lib := newFixture(t).lib
	var heard []string
	stop := lib.Watch(func(evs []*inflow.Event) {
		for _, ev := range evs {
			heard = append(heard, string(ev.Type)+":"+ev.Subject)
		}
	})
	if err := lib.RecordEvent(ctx, &inflow.Event{Type: inflow.EventItemViewed, Subject: "a"}); err != nil {
		t.Fatal(err)
	}
	pulled := &inflow.Event{ID: "0190a000-0000-7000-8000-000000000001", Type: inflow.EventItemViewed, Subject: "b", Device: "other"}
	if _, err := lib.RecordMany(ctx, []*inflow.Event{pulled}); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.RecordMany(ctx, []*inflow.Event{pulled}); err != nil { // already stored: nothing new
		t.Fatal(err)
	}
	if len(heard) != 2 || heard[0] != "item.viewed:a" || heard[1] != "item.viewed:b" {
		t.Fatalf("heard %v", heard)
	}
	if lib.IsLocal(pulled) {
		t.Error("an event from another device reads as local")
	}
	stop()
	if err := lib.RecordEvent(ctx, &inflow.Event{Type: inflow.EventItemViewed, Subject: "c"}); err != nil {
		t.Fatal(err)
	}
	if len(heard) != 2 {
		t.Fatalf("heard after stop: %v", heard)
	}
}
