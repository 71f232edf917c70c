package syncclient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"
)

// TestDevicesConverge is a property test: devices record events offline
// (now, with clocks hours apart, and imported history dated in the past),
// sync in random orders while the server fails pushes or drops
// connections, and in the end every device holds exactly the server's
// events, none lost, none doubled.
func TestDevicesConverge(t *testing.T) {
	for seed := range uint64(16) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { converge(t, seed) })
	}
}

func converge(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x1f10))
	e := newEnv(t)
	devices := []string{"dev-a", "dev-b"}
	if seed%3 == 0 {
		devices = append(devices, "dev-c")
	}
	stores := make([]*memStore, len(devices))
	clients := make([]*Client, len(devices))
	recorded := map[string]bool{}
	n := 0
	for i, d := range devices {
		stores[i] = newMemStore()
		clients[i] = e.client(stores[i], d)
	}
	for round := range 20 {
		e.clock.advance(time.Duration(rng.IntN(900)) * time.Second)
		for i, d := range devices {
			skew := time.Duration(i) * 5 * time.Hour // device clocks disagree
			var at time.Time
			var count int
			switch k := rng.IntN(10); {
			case k < 6: // the person uses the device
				at, count = e.clock.Now().Add(skew), rng.IntN(25)
			case k < 8: // imports history: ids dated in the past
				at, count = e.clock.Now().AddDate(0, 0, -1-rng.IntN(400)), rng.IntN(1300)
				clients[i].Recheck()
			default:
				continue
			}
			evs := events(d, at, n, count)
			n += count
			stores[i].record(evs...)
			for _, ev := range evs {
				recorded[ev.ID] = true
			}
		}

		// This round's trouble, if any.
		failAt := 0
		if rng.IntN(3) == 0 {
			failAt = len(e.srv.pushes()) + 1 + rng.IntN(3)
		}
		afterStore := rng.IntN(2) == 0
		offline := rng.IntN(6) == 0
		e.srv.set(func(s *fakeServer) {
			s.drop = offline
			s.onPush = func(n int) *pushFault {
				if n == failAt {
					return &pushFault{status: http.StatusInternalServerError, afterStore: afterStore}
				}
				return nil
			}
		})
		for _, i := range rng.Perm(len(devices))[:rng.IntN(len(devices)+1)] {
			_, _ = clients[i].SyncOnce(context.Background()) // failures are part of the test
		}
		_ = round
	}

	// Back online for good: two rounds of syncs settle everything.
	e.srv.set(func(s *fakeServer) { s.drop, s.onPush = false, nil })
	for range 2 {
		for _, c := range clients {
			if res := mustSync(t, c); len(res.Rejected) != 0 {
				t.Fatalf("rejected %+v", res.Rejected)
			}
		}
	}
	assertSameLog(t, e.srv, "ada", stores...)
	server, _ := e.srv.log("ada")
	if len(server) != len(recorded) {
		t.Fatalf("server has %d events, devices recorded %d", len(server), len(recorded))
	}
	for id := range recorded {
		if _, ok := server[id]; !ok {
			t.Fatalf("event %s was lost", id)
		}
	}
}
