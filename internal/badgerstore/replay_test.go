package badgerstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// TestFoldedSchedulesEqualFullReplays: answers recorded one by one, in
// batches, late and undone leave every card with exactly the schedule a
// full replay of its answers gives (the store folds in-order answers on
// from a mark instead of replaying).
func TestFoldedSchedulesEqualFullReplays(t *testing.T) {
	s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	content, _ := json.Marshal(review.Content{Deck: "D", Prompt: "p", Answer: "a"})
	for c := range 20 {
		s.Record(ctx, &inflow.Event{ID: fmt.Sprintf("0-c%03d", c), Type: review.EventCardCreated, Subject: fmt.Sprintf("card%02d", c), Data: content, Time: t0, HLC: inflow.HLC{Wall: t0.UnixMilli()}})
	}
	r := rand.New(rand.NewPCG(3, 4))
	var evs []*inflow.Event
	for i := range 2000 {
		at := t0.Add(time.Duration(i) * 37 * time.Minute)
		data, _ := json.Marshal(review.AnswerData{Rating: fsrs.Rating(1 + r.IntN(4)), DurationMs: 2000})
		evs = append(evs, &inflow.Event{ID: fmt.Sprintf("1-a%05d", i), Type: review.EventAnswered, Subject: fmt.Sprintf("card%02d", r.IntN(20)),
			Data: data, Time: at, HLC: inflow.HLC{Wall: at.UnixMilli()}, Device: []string{"a", "b"}[r.IntN(2)]})
	}
	late := evs[100:140] // arrive at the end, out of order
	rest := append(append([]*inflow.Event{}, evs[:100]...), evs[140:]...)
	for i, ev := range rest[:300] {
		if i%2 == 0 {
			if err := s.Record(ctx, ev); err != nil {
				t.Fatal(err)
			}
		} else if _, err := s.RecordMany(ctx, []*inflow.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordMany(ctx, rest[300:]); err != nil {
		t.Fatal(err)
	}
	undo, _ := json.Marshal(review.UndoData{Answer: evs[1500].ID})
	if err := s.Record(ctx, &inflow.Event{ID: "2-undo", Type: review.EventUndone, Subject: evs[1500].Subject, Data: undo, Time: t0, HLC: inflow.HLC{Wall: t0.Add(2000 * time.Hour).UnixMilli()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordMany(ctx, late); err != nil {
		t.Fatal(err)
	}
	p := review.DefaultSettings().Params("D")
	for c := range 20 {
		id := fmt.Sprintf("card%02d", c)
		answers, err := s.Answers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := review.Replay(id, answers, p)
		card, err := s.Card(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got review.Card
		got.Created = card.Created
		got.SetSchedule(want)
		if card.Due != got.Due || card.Stability != got.Stability || card.Difficulty != got.Difficulty || card.Reps != got.Reps || card.Lapses != got.Lapses || card.State != got.State {
			t.Fatalf("%s: stored %+v, replay %+v", id, card, got)
		}
	}
}
