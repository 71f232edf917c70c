package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/inflow-learning/inflow/internal/server/store"
)

// ConcurrentPushers is the property that makes a server store fit for
// sync: several goroutines push batches for one user at once, spread over
// stores (one Store, or several opened on one database as separate
// replicas would), while a reader pulls with its cursor in a loop. Once the
// pushers are done and the reader has drained the log, it must have seen
// every event exactly once, and each pusher's events in the order it
// pushed them.
//
// It catches the classic mistake of numbering events from one global
// counter (a PostgreSQL BIGSERIAL) and reading "number > cursor": numbers
// are handed out when a transaction inserts but become visible when it
// commits, so a reader can see 11 while 10 is still uncommitted, move its
// cursor past 10, and never see it.
func ConcurrentPushers(t *testing.T, stores ...store.Store) {
	const pushers, batches, size, page = 8, 25, 20, 37
	u := mustUser(t, stores[0], "concurrent")
	order := map[string]int{} // event id → its place in its pusher's sequence
	for n := range pushers * batches * size {
		order[EventID(n)] = n
	}

	var wg sync.WaitGroup
	pushed := make(chan struct{}, 1) // a push returned: wakes the reader
	done := make(chan struct{})      // every pusher has returned
	errs := make(chan error, pushers)
	for p := range pushers {
		wg.Go(func() {
			s := stores[p%len(stores)]
			for b := range batches {
				n0 := (p*batches + b) * size
				r, err := s.PushEvents(ctx, u.ID, events(n0, n0+size, fmt.Sprintf("dev-%d", p)))
				if err == nil && (r.Stored != size || len(r.Rejected) != 0) {
					err = fmt.Errorf("push = %+v, want %d stored", r, size)
				}
				if err != nil {
					errs <- fmt.Errorf("pusher %d, batch %d: %w", p, b, err)
					return
				}
				select {
				case pushed <- struct{}{}:
				default:
				}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	seen := map[string]int{}
	last := map[string]int{} // device → place of the last event seen from it
	cursor, pulls := "", 0
	for {
		// Only an empty page from a pull that began after the pushers
		// finished means the reader has everything.
		finished := false
		select {
		case <-done:
			finished = true
		default:
		}
		evs, next, err := stores[pulls%len(stores)].PullEvents(ctx, u.ID, cursor, page)
		pulls++
		if err != nil {
			t.Fatalf("pull %d: %v", pulls, err)
		}
		for _, ev := range evs {
			seen[ev.ID]++
			n, ok := order[ev.ID]
			if !ok {
				t.Fatalf("pulled an event never pushed: %s", ev.ID)
			}
			if prev, ok := last[ev.Device]; ok && n <= prev {
				t.Fatalf("%s's events out of order: %s after %s", ev.Device, EventID(n), EventID(prev))
			}
			last[ev.Device] = n
		}
		cursor = next
		if len(evs) > 0 {
			continue
		}
		if finished {
			break
		}
		select {
		case <-pushed:
		case <-done:
		}
	}
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	var missing, twice []string
	for id := range order {
		switch seen[id] {
		case 0:
			missing = append(missing, id)
		case 1:
		default:
			twice = append(twice, id)
		}
	}
	if len(missing)+len(twice) > 0 {
		t.Fatalf("after %d pulls the reader missed %d events (e.g. %v) and saw %d more than once (e.g. %v)",
			pulls, len(missing), first(missing), len(twice), first(twice))
	}
	t.Logf("%d events from %d pushers on %d store(s), read in %d pulls", len(order), pushers, len(stores), pulls)
}

// ConcurrentPublishers is ConcurrentPushers for the catalog: publishers
// put packs at once while a reader follows the changes with its cursor;
// it must see every pack exactly once.
func ConcurrentPublishers(t *testing.T, stores ...store.Store) {
	const publishers, packs, page = 4, 8, 3
	var wg sync.WaitGroup
	put := make(chan struct{}, 1)
	done := make(chan struct{})
	errs := make(chan error, publishers)
	for p := range publishers {
		wg.Go(func() {
			s := stores[p%len(stores)]
			for k := range packs {
				id := fmt.Sprintf("pub-%d-%d", p, k)
				if _, err := s.PutPack(ctx, Pack(id, Item(id+"/a", "A"), Item(id+"/b", "B")), "author"); err != nil {
					errs <- fmt.Errorf("publisher %d: %w", p, err)
					return
				}
				select {
				case put <- struct{}{}:
				default:
				}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	seen := map[string]int{}
	cursor, pulls := "", 0
	for {
		finished := false
		select {
		case <-done:
			finished = true
		default:
		}
		changes, next, err := stores[pulls%len(stores)].CatalogChanges(ctx, cursor, page)
		pulls++
		if err != nil {
			t.Fatalf("pull %d: %v", pulls, err)
		}
		for _, c := range changes {
			if c.Removed || c.Pack == nil || c.Pack.ID != c.PackID || len(c.Pack.Items) != 2 {
				t.Fatalf("change = %+v, want a put of 2 items", c)
			}
			seen[c.PackID]++
		}
		cursor = next
		if len(changes) > 0 {
			continue
		}
		if finished {
			break
		}
		select {
		case <-put:
		case <-done:
		}
	}
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	var wrong []string
	for p := range publishers {
		for k := range packs {
			if id := fmt.Sprintf("pub-%d-%d", p, k); seen[id] != 1 {
				wrong = append(wrong, fmt.Sprintf("%s seen %d times", id, seen[id]))
			}
		}
	}
	if len(wrong) > 0 || len(seen) != publishers*packs {
		t.Fatalf("after %d pulls: %s (%d packs seen, want %d)", pulls, strings.Join(wrong, "; "), len(seen), publishers*packs)
	}
}

func first(ids []string) []string { return ids[:min(len(ids), 3)] }
