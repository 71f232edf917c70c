package storetest

import (
	"testing"

	"github.com/inflow-learning/inflow/internal/server/store"
)

// BenchmarkPush measures a push of a full batch (1,000 new events) per
// operation into s, so backends can be compared on the same work.
func BenchmarkPush(b *testing.B, s store.Store) {
	u, err := s.CreateUser(ctx, store.User{Name: "bench", Role: store.RoleLearner})
	if err != nil {
		b.Fatal(err)
	}
	const size = 1000
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r, err := s.PushEvents(ctx, u.ID, events(i*size, (i+1)*size, "dev"))
		if err != nil || r.Stored != size {
			b.Fatalf("push = %+v, %v", r, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*size), "µs/event")
}

// BenchmarkPull measures a pull of a full page (1,000 events) per
// operation from a log of 10,000.
func BenchmarkPull(b *testing.B, s store.Store) {
	u, err := s.CreateUser(ctx, store.User{Name: "bench", Role: store.RoleLearner})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		if _, err := s.PushEvents(ctx, u.ID, events(i*1000, (i+1)*1000, "dev")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	cursor := ""
	for b.Loop() {
		evs, next, err := s.PullEvents(ctx, u.ID, cursor, 1000)
		if err != nil {
			b.Fatal(err)
		}
		if len(evs) == 0 {
			next = ""
		}
		cursor = next
	}
}
