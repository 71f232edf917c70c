package badgerstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// BenchmarkRecordAnswer measures recording one answer on disk, fsync
// included (the durable write a review waits for).
func BenchmarkRecordAnswer(b *testing.B) {
	s, err := badgerstore.Open(b.TempDir(), badgerstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	data, _ := json.Marshal(review.Content{Deck: "D", Prompt: "p", Answer: "a"})
	for c := range 100 {
		s.Record(ctx, &inflow.Event{ID: fmt.Sprintf("c%03d", c), Type: review.EventCardCreated, Subject: fmt.Sprintf("card%03d", c), Data: data, Time: t0, HLC: inflow.HLC{Wall: t0.UnixMilli()}})
	}
	ans, _ := json.Marshal(review.AnswerData{Rating: fsrs.Good, DurationMs: 3000})
	b.ResetTimer()
	for i := range b.N {
		at := t0.Add(time.Duration(i) * time.Minute)
		ev := &inflow.Event{ID: fmt.Sprintf("a%08d", i), Type: review.EventAnswered, Subject: fmt.Sprintf("card%03d", i%100), Data: ans, Time: at, HLC: inflow.HLC{Wall: at.UnixMilli()}}
		if err := s.Record(ctx, ev); err != nil {
			b.Fatal(err)
		}
	}
}
