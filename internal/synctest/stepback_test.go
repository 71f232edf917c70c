package synctest

import (
	"context"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/review"
)

// TestClockStepsBackAcrossARestart: a device whose clock ran 8 hours
// ahead syncs, then its clock is set right (4 hours behind, say, after a
// time-zone mix-up) and the app restarts, so the ids of its new events sort
// hours before its push cursor, in older buckets. The first sync after the
// restart compares every bucket and finds nothing missing; the device then
// records more events and syncs. SyncOnce promises to push every pending
// event and check that nothing below the push cursor was missed, and
// Status.Pending to count what is not pushed: so after that sync the other
// device must have them, or the status must say they are pending. (They
// do arrive after the next periodic full check; that is asserted too.)
func TestClockStepsBackAcrossARestart(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	w := newWorld()
	a := newDevice(t, "a", w, 8*time.Hour, 1)
	b := newDevice(t, "b", w, 0, 2)
	a.connect(srv.URL, srv.grant(t, a.id), nil)
	b.connect(srv.URL, srv.grant(t, b.id), nil)
	cards := a.createCards(t, 3)
	a.sync(t)
	b.sync(t)

	w.advance(10 * time.Minute)
	a.restart(t, -4*time.Hour, 3)
	a.sync(t) // the first sync of the new client: a full check

	w.advance(10 * time.Minute)
	for i, id := range cards {
		answer(t, a, id, 1+i)
	}
	a.views(t, 5)
	res := a.sync(t)
	b.sync(t)
	st := a.client.Status(ctx)
	got, want := len(b.events(t)), len(a.events(t))
	missed := got < want && st.Pending < want-got

	// They are not lost: the periodic full check, 6 hours on, finds them.
	w.advance(6*time.Hour + time.Minute)
	a.sync(t)
	b.sync(t)
	assertConverged(t, a, b)
	if missed {
		t.Fatalf("after a clock step back and a restart, events recorded after the first sync stayed unpushed "+
			"while Status said nothing was pending: sync pushed %d, b has %d of a's %d events, a's status says %d pending",
			res.Pushed, got, want, st.Pending)
	}
}

// TestCardCreatedDoesNotDependOnArrivalOrder: a device makes a card while
// its clock runs 8 hours ahead, its clock is set right and the app
// restarts, and it edits the card before syncing. The edit's id sorts
// before the card's creation, so the device pushes it first and another
// device receives the edit before the card was made. Both must still show
// the same card: made when it was made, due as a new card from then.
func TestCardCreatedDoesNotDependOnArrivalOrder(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	w := newWorld()
	a := newDevice(t, "a", w, 8*time.Hour, 1)
	b := newDevice(t, "b", w, 0, 2)
	a.connect(srv.URL, srv.grant(t, a.id), nil)
	b.connect(srv.URL, srv.grant(t, b.id), nil)
	card := a.createCards(t, 1)[0]

	w.advance(10 * time.Minute)
	a.restart(t, -4*time.Hour, 3)
	if _, err := a.reviews.Edit(ctx, card, review.Content{Deck: "Sync", Prompt: "edited", Answer: "answer"}); err != nil {
		t.Fatal(err)
	}
	a.sync(t)
	b.sync(t)
	ca, err := a.store.Card(ctx, card)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := b.store.Card(ctx, card)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.Created.Equal(cb.Created) {
		t.Fatalf("a card's Created depends on the order its events arrive in: %s on the device that made it, "+
			"%s on the device that got the edit first", ca.Created, cb.Created)
	}
	assertConverged(t, a, b)
}
