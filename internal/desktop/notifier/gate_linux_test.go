package notifier

import (
	"log/slog"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

func closedSignal(id uint32) *dbus.Signal {
	return &dbus.Signal{Path: notificationsPath, Name: notificationsIface + ".NotificationClosed", Body: []any{id, uint32(2)}}
}

// The gate keeps a closed id for closedGrace, then forgets it.
func TestGateForgetsClosedIDsAfterGrace(t *testing.T) {
	g, err := newGate(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1000, 0)
	g.now = func() time.Time { return now }
	g.endSend(g.beginSend(), 5, true)
	g.DeliverSignal(notificationsIface, "NotificationClosed", closedSignal(5))

	now = now.Add(closedGrace / 2)
	g.endSend(g.beginSend(), 6, true)
	if _, ok := g.ids[5]; !ok {
		t.Fatal("id 5 forgotten before closedGrace")
	}
	now = now.Add(closedGrace)
	g.endSend(g.beginSend(), 7, true)
	if _, ok := g.ids[5]; ok {
		t.Fatal("id 5 still tracked after closedGrace")
	}
	if _, ok := g.ids[6]; !ok {
		t.Fatal("open id 6 forgotten")
	}
}

// Past maxTracked the lowest ids go first.
func TestGateBoundsTrackedIDs(t *testing.T) {
	g, err := newGate(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for id := uint32(1); id <= maxTracked+10; id++ {
		g.endSend(g.beginSend(), id, true)
	}
	if len(g.ids) != maxTracked {
		t.Fatalf("tracking %d ids, want %d", len(g.ids), maxTracked)
	}
	if _, ok := g.ids[10]; ok {
		t.Fatal("id 10 kept; the lowest ids should go first")
	}
	if _, ok := g.ids[maxTracked+10]; !ok {
		t.Fatal("newest id dropped")
	}
}

// A failed Send releases the signals parked for it.
func TestGateDropsParkedSignalsOfFailedSend(t *testing.T) {
	g, err := newGate(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	tok := g.beginSend()
	g.DeliverSignal(notificationsIface, "NotificationClosed", closedSignal(9))
	if len(g.parked) != 1 {
		t.Fatalf("%d parked signals, want 1", len(g.parked))
	}
	g.endSend(tok, 0, false)
	if len(g.parked) != 0 || len(g.ids) != 0 {
		t.Fatalf("after a failed send: %d parked, %d ids; want none", len(g.parked), len(g.ids))
	}
}
