package synctest

import (
	"context"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// TestClocksHoursApart syncs two devices whose clocks are 12 hours apart
// (a 5 hours behind, b 7 hours ahead) while they toggle bookmarks and
// answer the same cards in turns. Last-writer-wins follows the hybrid
// logical clock: a write made after pulling another device's write wins,
// even when its wall clock says it is hours earlier; of two writes made
// without seeing each other, the one with the later stamp wins on both
// devices. Every event made after a pull is stamped after the pulled
// ones, also by a library opened afresh on the same store (a restart).
// The devices end identical.
func TestClocksHoursApart(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	w := newWorld()
	a := newDevice(t, "a", w, -5*time.Hour, 1)
	b := newDevice(t, "b", w, 7*time.Hour, 2)
	a.signIn(t, srv.URL, user, password, nil)
	b.signIn(t, srv.URL, user, password, nil)
	cards := a.createCards(t, 4)
	a.sync(t)
	b.sync(t)

	item := a.items[0]
	devs := [2]*device{a, b}
	for round := range 8 {
		w.advance(7 * time.Minute)
		// One device writes, syncs; the other pulls and writes after it.
		first, second := devs[round%2], devs[1-round%2]
		on := round%3 != 0
		setBookmark(t, first, item, on)
		answer(t, first, cards[round%len(cards)], 1+round%4)
		first.sync(t)
		second.sync(t)
		pulled := latestStamp(t, second, first.id)
		w.advance(time.Minute)
		later := setBookmark(t, second, item, !on)
		assertAfter(t, later, pulled, "bookmark on "+second.name+" after a pull")
		if later.Time.Before(pulled.Time) != (second == a) {
			t.Fatalf("round %d: wall clocks: %s's write at %s, the pulled one at %s", round, second.name, later.Time, pulled.Time)
		}
		ans := answer(t, second, cards[round%len(cards)], 4-round%4)
		assertAfter(t, ans, pulled, "answer on "+second.name+" after a pull")
		second.sync(t)
		first.sync(t)
		for _, d := range devs {
			// Answers replay in HLC order: the one given after the pull
			// comes last, whatever the wall clocks say.
			answers, err := d.store.Answers(ctx, cards[round%len(cards)])
			if err != nil || len(answers) == 0 || answers[len(answers)-1].EventID != ans.ID {
				t.Fatalf("round %d: %s replays the card's answers as %+v (%v); want %s's last", round, d.name, answers, err, second.name)
			}
			if got, _ := d.store.IsBookmarked(ctx, item); got != !on {
				t.Fatalf("round %d: %s says bookmarked=%v; the causally later write by %s (wall clock %s earlier) set %v",
					round, d.name, got, second.name, pulled.Time.Sub(later.Time), !on)
			}
		}
		assertConverged(t, a, b)
	}

	// Concurrent writes: neither device saw the other's. The later stamp
	// wins on both: b's, whose clock is 12 hours ahead of a's.
	other := a.items[1]
	w.advance(time.Minute)
	fromB := setBookmark(t, b, other, true)
	w.advance(time.Hour)
	fromA := setBookmark(t, a, other, false)
	if !fromB.Supersedes(fromA) {
		t.Fatalf("b's stamp %v does not win over a's %v", fromB.HLC, fromA.HLC)
	}
	for _, d := range []*device{a, b, a} {
		d.sync(t)
	}
	for _, d := range devs {
		if got, _ := d.store.IsBookmarked(ctx, other); !got {
			t.Errorf("%s lost the concurrent bookmark with the later stamp", d.name)
		}
	}
	assertConverged(t, a, b)

	// A restart: a library opened afresh on a's store stamps after every
	// event pulled from b, though a's clock is 12 hours behind b's.
	a.restart(t, a.clock.skew, 3)
	assertAfter(t, setBookmark(t, a, item, true), latestStamp(t, a, b.id), "an event after a restart")
}

// setBookmark sets or clears a bookmark on a device and returns its event.
func setBookmark(t *testing.T, d *device, item string, on bool) *inflow.Event {
	t.Helper()
	if err := d.lib.SetBookmark(context.Background(), item, on); err != nil {
		t.Fatal(err)
	}
	return lastOwn(t, d)
}

// lastOwn returns the device's latest own event by stamp.
func lastOwn(t *testing.T, d *device) *inflow.Event {
	t.Helper()
	return latestStamp(t, d, d.id)
}

// latestStamp returns the event with the latest HLC among those a device
// holds from the given device.
func latestStamp(t *testing.T, d *device, from string) *inflow.Event {
	t.Helper()
	var last *inflow.Event
	for _, ev := range d.events(t) {
		if ev.Device == from && (last == nil || ev.HLC.Compare(last.HLC) > 0) {
			last = ev
		}
	}
	if last == nil {
		t.Fatalf("%s holds no event from %s", d.name, from)
	}
	return last
}

// assertAfter fails unless ev is stamped after prev.
func assertAfter(t *testing.T, ev, prev *inflow.Event, what string) {
	t.Helper()
	if ev.HLC.Compare(prev.HLC) <= 0 {
		t.Fatalf("%s is stamped %v, not after the pulled %v", what, ev.HLC, prev.HLC)
	}
}
