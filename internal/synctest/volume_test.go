package synctest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// TestTenThousandEventsPerDevice gives two devices 10,000 events each
// (answers to the same 500 cards over two months, and item views),
// recorded offline, and syncs both twice: each ends with all 20,000
// events (and the 500 cards), the same card states and review logs, and
// the server holds each event once. The time it takes is logged. (2,000
// events over 100 cards under -short and -race.)
func TestTenThousandEventsPerDevice(t *testing.T) {
	forEachBackend(t, tenThousand)
}

func tenThousand(t *testing.T, backend string) {
	perDevice, cards := 10_000, 500
	if testing.Short() || raceDetector {
		perDevice, cards = 2_000, 100
	}
	srv := startServerOn(t, backend)
	w := newWorld()
	a := newDevice(t, "a", w, -20*time.Minute, 1)
	b := newDevice(t, "b", w, 35*time.Minute, 2)
	a.connect(srv.URL, srv.grant(t, a.id), nil)
	b.connect(srv.URL, srv.grant(t, b.id), nil)
	ids := a.createCards(t, cards)
	a.sync(t)
	b.sync(t)

	start := time.Now()
	for i, d := range []*device{a, b} {
		history(t, d, ids, perDevice-len(d.recordedIDs()), uint64(i))
	}
	recorded := time.Since(start)

	start = time.Now()
	for range 2 {
		a.sync(t)
		b.sync(t)
	}
	synced := time.Since(start)

	log := a.events(t)
	if len(log) != 2*perDevice {
		t.Fatalf("%d events after sync, want %d", len(log), 2*perDevice)
	}
	assertConverged(t, a, b)
	assertServerHoldsOnce(t, srv.URL, a.token, log)
	t.Logf("%d events per device over %d cards: recorded in %v, synced (2 rounds) in %v", perDevice, cards, recorded.Round(time.Millisecond), synced.Round(time.Millisecond))
}

// history records n events on a device in one go, as an offline stretch
// of use would leave them: seven in ten are answers to the cards, a few
// minutes apart over the last two months, the rest item views.
func history(t *testing.T, d *device, cards []string, n int, seed uint64) {
	t.Helper()
	evs := make([]*inflow.Event, 0, n)
	step := 60 * 24 * time.Hour / time.Duration(n)
	at := d.clock.Now().Add(-step * time.Duration(n))
	for i := range n {
		at = at.Add(step)
		if i%10 >= 7 {
			evs = append(evs, &inflow.Event{Type: inflow.EventItemViewed, Subject: d.items[i%len(d.items)], Time: at})
			continue
		}
		data, _ := json.Marshal(review.AnswerData{Rating: fsrs.Rating(1 + (uint64(i)*7+seed)%4), DurationMs: 4000})
		evs = append(evs, &inflow.Event{Type: review.EventAnswered, Subject: cards[(i*31+int(seed))%len(cards)], Time: at, Data: data})
	}
	if _, err := d.lib.RecordMany(context.Background(), evs); err != nil {
		t.Fatalf("record history on %s: %v", d.name, err)
	}
}
