package synctest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// state is what a device shows the person, in comparable form: its log,
// every card ever made with its review log, and the bookmarks.
type state struct {
	log       []string          // event ids, in id order
	events    map[string]string // id → event JSON
	cards     map[string]string // card id → card JSON, or "gone" if deleted
	answers   map[string]string // card id → its answers in replay order, JSON
	bookmarks string            // the bookmark list, JSON
}

// stateOf reads a device's state.
func stateOf(t *testing.T, d *device) state {
	t.Helper()
	ctx := context.Background()
	s := state{events: map[string]string{}, cards: map[string]string{}, answers: map[string]string{}}
	for _, ev := range d.events(t) {
		s.log = append(s.log, ev.ID)
		s.events[ev.ID] = mustJSON(t, ev)
		if ev.Type != review.EventCardCreated {
			continue
		}
		card, err := d.store.Card(ctx, ev.Subject)
		switch {
		case inflow.ErrorCode(err) == inflow.ENOTFOUND:
			s.cards[ev.Subject] = "gone"
		case err != nil:
			t.Fatalf("card %s on %s: %v", ev.Subject, d.name, err)
		default:
			s.cards[ev.Subject] = mustJSON(t, card)
		}
		answers, err := d.store.Answers(ctx, ev.Subject)
		if err != nil {
			t.Fatalf("answers of %s on %s: %v", ev.Subject, d.name, err)
		}
		for i := range answers {
			// First says which answer arrived first on this device: it
			// counts new cards per day, and may differ between devices.
			answers[i].First = false
		}
		s.answers[ev.Subject] = mustJSON(t, answers)
	}
	bms, err := d.store.Bookmarks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(bms, func(a, b inflow.Bookmark) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return compareStrings(a.ItemID, b.ItemID)
	})
	s.bookmarks = mustJSON(t, bms)
	return s
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// assertConverged fails unless every device has the same log, cards,
// review logs and bookmarks as the first.
func assertConverged(t *testing.T, devs ...*device) {
	t.Helper()
	want := stateOf(t, devs[0])
	for _, d := range devs[1:] {
		got := stateOf(t, d)
		if !slices.Equal(got.log, want.log) {
			t.Fatalf("%s has %d events, %s has %d; first difference: %s", d.name, len(got.log), devs[0].name, len(want.log), firstDiff(got.log, want.log))
		}
		for id, w := range want.events {
			if got.events[id] != w {
				t.Fatalf("event %s differs:\n%s: %s\n%s: %s", id, d.name, got.events[id], devs[0].name, w)
			}
		}
		for id, w := range want.cards {
			if got.cards[id] != w {
				t.Errorf("card %s differs:\n%s: %s\n%s: %s", id, d.name, got.cards[id], devs[0].name, w)
			}
			if got.answers[id] != want.answers[id] {
				t.Errorf("answers of card %s differ:\n%s: %s\n%s: %s", id, d.name, got.answers[id], devs[0].name, want.answers[id])
			}
		}
		if got.bookmarks != want.bookmarks {
			t.Errorf("bookmarks differ:\n%s: %s\n%s: %s", d.name, got.bookmarks, devs[0].name, want.bookmarks)
		}
	}
}

// firstDiff names the first id one sorted log has and the other lacks.
func firstDiff(a, b []string) string {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			i++
			j++
		case a[i] < b[j]:
			return a[i] + " only in the first"
		default:
			return b[j] + " only in the second"
		}
	}
	if i < len(a) {
		return a[i] + " only in the first"
	}
	if j < len(b) {
		return b[j] + " only in the second"
	}
	return "none"
}

// assertKept fails unless every event recorded on the devices is in log.
func assertKept(t *testing.T, log []*inflow.Event, devs ...*device) {
	t.Helper()
	have := make(map[string]bool, len(log))
	for _, ev := range log {
		have[ev.ID] = true
	}
	for _, d := range devs {
		for _, id := range d.recordedIDs() {
			if !have[id] {
				t.Errorf("event %s recorded on %s was lost", id, d.name)
			}
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
