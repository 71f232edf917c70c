package synctest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/review"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

// quiet is the logger of every device and server: failures are asserted,
// not read from logs.
var quiet = slog.New(slog.DiscardHandler)

// device is one profile as the app wires it (profile.Open), minus the
// search index: a badger store (in memory), the library that stamps events
// with the device's clock, the review service over both, and a sync client
// that records pulled events through the library.
type device struct {
	name    string
	id      string // device id, stamped on its events
	clock   deviceClock
	ids     *idSource
	store   *badgerstore.Store
	lib     *library.Library
	reviews *review.Service
	items   []string // ids of the test pack's items, to bookmark and view

	client *syncclient.Client
	server string
	hc     *http.Client
	token  string

	mu       sync.Mutex
	recorded map[string]bool // ids of events recorded on this device
}

// newDevice opens a profile whose clock is the world's plus skew. The
// seed makes its ids.
func newDevice(t *testing.T, name string, w *world, skew time.Duration, seed uint64) *device {
	t.Helper()
	ctx := context.Background()
	clock := deviceClock{w: w, skew: skew}
	d := &device{name: name, clock: clock, ids: newIDSource(clock, seed), recorded: map[string]bool{}}
	d.id = d.ids.NewID()
	var err error
	d.store, err = badgerstore.Open("", badgerstore.Options{InMemory: true, Logger: quiet, Clock: clock})
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() { d.store.Close() })
	d.open(t)
	pack := smallPack(clock.Now())
	if _, err := d.lib.ApplyPack(ctx, pack); err != nil {
		t.Fatalf("seed %s: %v", name, err)
	}
	for _, it := range pack.Items {
		d.items = append(d.items, it.ID)
	}
	return d
}

// open builds what runs over the store: the library, whose clock resumes
// from the latest stamp the store saved, and the review service.
func (d *device) open(t *testing.T) {
	t.Helper()
	lib, err := library.New(context.Background(), library.Config{Store: d.store, Index: nopIndex{}, Clock: d.clock, IDs: d.ids, Device: d.id, Logger: quiet})
	if err != nil {
		t.Fatalf("library of %s: %v", d.name, err)
	}
	lib.Watch(func(evs []*inflow.Event) {
		d.mu.Lock()
		defer d.mu.Unlock()
		for _, ev := range evs {
			if lib.IsLocal(ev) {
				d.recorded[ev.ID] = true
			}
		}
	})
	d.lib = lib
	d.reviews = review.NewService(review.Config{
		Store: d.store, Settings: d.store, Recorder: d.lib, IDs: d.ids, Clock: d.clock, Location: time.UTC,
	})
}

// restart plays the app starting again after its clock was set to the
// world's time plus skew: a new library, review service and sync client
// over the same store, and ids from the new clock (which may now sort
// before ids made earlier).
func (d *device) restart(t *testing.T, skew time.Duration, seed uint64) {
	t.Helper()
	d.clock = deviceClock{w: d.clock.w, skew: skew}
	d.ids = newIDSource(d.clock, seed)
	d.open(t)
	d.hc.CloseIdleConnections()
	d.connect(d.server, d.token, d.hc)
}

// connect makes the device's sync client, talking to server through hc
// (nil: a fresh client of its own) with the given device token.
func (d *device) connect(server, token string, hc *http.Client) {
	if hc == nil {
		hc = &http.Client{Transport: &http.Transport{}, Timeout: time.Minute}
	}
	d.server, d.hc, d.token = server, hc, token
	d.client = syncclient.New(syncclient.Config{
		Server: server, Token: func() (string, error) { return d.token, nil },
		Store: syncclient.Local(d.store, d.lib.RecordMany), Device: d.id,
		HTTP: hc, Clock: d.clock, Logger: quiet,
	})
}

// signIn makes the device's sync client and signs it in with a password,
// as `inflow login` does.
func (d *device) signIn(t *testing.T, server, user, password string, hc *http.Client) {
	t.Helper()
	d.connect(server, "", hc)
	resp, err := d.client.SignIn(context.Background(), server, user, password, "", d.name)
	if err != nil {
		t.Fatalf("sign in %s: %v", d.name, err)
	}
	d.token = resp.Token
}

// sync runs one sync that must succeed.
func (d *device) sync(t *testing.T) syncclient.Result {
	t.Helper()
	res, err := d.client.SyncOnce(context.Background())
	if err != nil {
		t.Fatalf("sync %s: %v", d.name, err)
	}
	if len(res.Rejected) > 0 {
		t.Fatalf("sync %s: rejected %+v", d.name, res.Rejected)
	}
	return res
}

// events returns the whole local log, in id order.
func (d *device) events(t *testing.T) []*inflow.Event {
	t.Helper()
	var out []*inflow.Event
	after := ""
	for {
		evs, err := d.store.Events(context.Background(), after, 1000)
		if err != nil {
			t.Fatalf("log of %s: %v", d.name, err)
		}
		out = append(out, evs...)
		if len(evs) < 1000 {
			return out
		}
		after = evs[len(evs)-1].ID
	}
}

// recordedIDs returns the ids of the events recorded on this device.
func (d *device) recordedIDs() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.recorded))
	for id := range d.recorded {
		out = append(out, id)
	}
	return out
}

// views records n item.viewed events in one RecordMany, the quick way to
// give a device many events.
func (d *device) views(t *testing.T, n int) {
	t.Helper()
	evs := make([]*inflow.Event, n)
	for i := range evs {
		evs[i] = &inflow.Event{Type: inflow.EventItemViewed, Subject: d.items[i%len(d.items)]}
	}
	if _, err := d.lib.RecordMany(context.Background(), evs); err != nil {
		t.Fatalf("record views on %s: %v", d.name, err)
	}
}

// createCards makes n cards named after the device.
func (d *device) createCards(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		c, err := d.reviews.Create(context.Background(), review.Content{
			Deck: "Sync", Prompt: fmt.Sprintf("%s prompt %d", d.name, i), Answer: fmt.Sprintf("answer %d", i),
		})
		if err != nil {
			t.Fatalf("create card on %s: %v", d.name, err)
		}
		ids[i] = c.ID
	}
	return ids
}

// smallPack is a pack of a few short items to bookmark and view. (The
// built-in pack has items too large for an in-memory badger store.)
func smallPack(now time.Time) *inflow.Pack {
	p := &inflow.Pack{ID: "synctest", Title: "Sync test", Format: "markdown"}
	for i := range 8 {
		p.Items = append(p.Items, &inflow.Item{
			ID: fmt.Sprintf("synctest/item-%d", i), Pack: p.ID, Kind: inflow.KindRule,
			Title: fmt.Sprintf("Item %d", i), Body: "A short body.", Language: "en",
			Version: 1, Updated: now, Hash: fmt.Sprintf("h%d", i),
		})
	}
	return p
}

// nopIndex stands in for the search index, which sync does not touch.
type nopIndex struct{}

var _ inflow.SearchIndex = nopIndex{}

func (nopIndex) Index(context.Context, []*inflow.Item) error { return nil }
func (nopIndex) Delete(context.Context, []string) error      { return nil }
func (nopIndex) Search(context.Context, inflow.SearchRequest) (*inflow.SearchResult, error) {
	return &inflow.SearchResult{}, nil
}
func (nopIndex) Generation() (uint64, error) { return 0, nil }
func (nopIndex) SetGeneration(uint64) error  { return nil }
func (nopIndex) Count() (uint64, error)      { return 0, nil }
func (nopIndex) Close() error                { return nil }
