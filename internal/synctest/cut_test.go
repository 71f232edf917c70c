package synctest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

// TestConnectionCutMidResponse puts a proxy between a device and a real
// server that cuts the connection part way through one response: of a
// push (the server stored the batch; the device never learns it) or of a
// pull page, before the first byte, inside the status line, inside the
// headers, right after them, inside the body, one byte short of the end.
// Each cut fails the sync as offline and changes nothing on the device
// but whole pages applied before it; once the proxy is healed, syncing
// completes, both devices converge, and every event is on the server once,
// stored by exactly one push and new to the device in exactly one pull.
func TestConnectionCutMidResponse(t *testing.T) {
	cuts := []struct {
		name string
		keep func(resp []byte) int
	}{
		{"before the first byte", func([]byte) int { return 0 }},
		{"inside the status line", func([]byte) int { return 7 }},
		{"inside the headers", func(r []byte) int { return headerEnd(r) / 2 }},
		{"after the headers", func(r []byte) int { return headerEnd(r) }},
		{"inside the body", func(r []byte) int { return (headerEnd(r) + len(r)) / 2 }},
		{"one byte short", func(r []byte) int { return len(r) - 1 }},
	}
	if raceDetector {
		// Each cut costs seconds under -race: keep one of each kind.
		cuts = []struct {
			name string
			keep func(resp []byte) int
		}{cuts[0], cuts[2], cuts[4]}
	}
	targets := []struct{ name, request string }{
		{"push", "POST /api/v1/events "},
		{"pull", "GET /api/v1/events?"},
	}
	for _, target := range targets {
		for _, cut := range cuts {
			t.Run(target.name+" "+cut.name, func(t *testing.T) {
				cutOnce(t, cutAt(target.request, 2, cut.keep), target.name == "push")
			})
		}
	}
}

// headerEnd is the length of a response's status line and headers.
func headerEnd(resp []byte) int {
	if i := bytes.Index(resp, []byte("\r\n\r\n")); i >= 0 {
		return i + 4
	}
	return len(resp)
}

// cutOnce syncs device a through a proxy applying rule, then heals it.
func cutOnce(t *testing.T, rule cutRule, push bool) {
	ctx := context.Background()
	srv := startServer(t)
	px := startProxy(t, srv.Addr)
	w := newWorld()
	a := newDevice(t, "a", w, 0, 1)
	b := newDevice(t, "b", w, time.Hour, 2)
	// One request per connection, so the proxy can tell them apart.
	a.connect(px.URL(), srv.grant(t, a.id), &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Minute})
	b.connect(srv.URL, srv.grant(t, b.id), nil)

	// Cards both devices answer; enough events for two pushes from a and
	// three pull pages for it.
	cards := a.createCards(t, 10)
	a.sync(t)
	b.sync(t)
	for i, id := range cards {
		answer(t, a, id, 1+i%4)
		answer(t, b, id, 4-i%4)
	}
	a.views(t, 1200)
	b.views(t, 1100)
	b.sync(t)
	aOwn := len(a.recordedIDs())
	before := stateOf(t, a)

	px.setRule(rule)
	res, err := a.client.SyncOnce(ctx)
	if !errors.Is(err, syncclient.ErrOffline) {
		t.Fatalf("sync through the cut: %v, want ErrOffline", err)
	}
	if st := a.client.Status(ctx); st.Online || st.LastError == "" {
		t.Errorf("status after the cut: %+v, want offline with the error", st)
	}
	// No event a had changed, and only whole pulled pages were added: none
	// when the push was cut, the first page (1,000 of b's events) when
	// the second page was.
	after := stateOf(t, a)
	for id, ev := range before.events {
		if after.events[id] != ev {
			t.Fatalf("event %s changed in the cut sync:\nbefore %s\nafter  %s", id, ev, after.events[id])
		}
	}
	wantPulled := 1000
	if push {
		wantPulled = 0
	}
	if added := len(after.log) - len(before.log); added != wantPulled || res.Pulled != wantPulled {
		t.Fatalf("the cut sync added %d events (pulled %d), want %d", added, res.Pulled, wantPulled)
	}
	pushed, duplicates, pulled := res.Pushed, res.Duplicates, res.Pulled

	px.setRule(nil)
	for _, d := range []*device{a, b, a} {
		res := d.sync(t)
		if d == a {
			pushed, duplicates, pulled = pushed+res.Pushed, duplicates+res.Duplicates, pulled+res.Pulled
		}
	}
	assertConverged(t, a, b)
	log := a.events(t)
	assertKept(t, log, a, b)
	assertServerHoldsOnce(t, srv.URL, a.token, log)
	// a pushed its 10 cards in the first sync, the rest after it.
	if want := aOwn - 10; pushed+duplicates != want || duplicates != duplicatesOf(push) {
		t.Errorf("a stored %d and %d duplicates from the cut on, want %d and %d", pushed, duplicates, want-duplicatesOf(push), duplicatesOf(push))
	}
	if want := len(b.recordedIDs()); pulled != want {
		t.Errorf("a pulled %d new events after the cut, want b's %d", pulled, want)
	}
	if st := a.client.Status(ctx); st.Pending != 0 || !st.Online || st.LastError != "" {
		t.Errorf("status after healing: %+v", st)
	}
}

// duplicatesOf is how many events a cut push resends: the second batch,
// which the server stored before its answer was cut.
func duplicatesOf(push bool) int {
	if push {
		return 210 // a's events after the first sync, less the first batch of 1000
	}
	return 0
}

// answer answers a card on a device with a rating from 1 to 4 and
// returns the answer's event.
func answer(t *testing.T, d *device, card string, rating int) *inflow.Event {
	t.Helper()
	res, err := d.reviews.Answer(context.Background(), card, fsrs.Rating(rating), 5*time.Second, time.Time{})
	if err != nil {
		t.Fatalf("answer %s on %s: %v", card, d.name, err)
	}
	evs, err := d.store.Events(context.Background(), below(res.EventID), 1)
	if err != nil || len(evs) != 1 || evs[0].ID != res.EventID {
		t.Fatalf("answer %s on %s: event %s not in the log: %v", card, d.name, res.EventID, err)
	}
	return evs[0]
}

// below returns the largest id before a UUID, to read the log from it.
func below(id string) string {
	b := []byte(id)
	b[len(b)-1]--
	return string(b)
}
