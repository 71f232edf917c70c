package library_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/library"
)

// fakeIndex is an in-memory inflow.SearchIndex that records what it holds.
type fakeIndex struct {
	mu   sync.Mutex
	docs map[string]*inflow.Item
	gen  uint64
	fail error
}

var _ inflow.SearchIndex = (*fakeIndex)(nil)

func newFakeIndex() *fakeIndex { return &fakeIndex{docs: map[string]*inflow.Item{}} }

func (f *fakeIndex) Index(_ context.Context, items []*inflow.Item) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	for _, it := range items {
		f.docs[it.ID] = it
	}
	return nil
}
func (f *fakeIndex) Delete(_ context.Context, ids []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		delete(f.docs, id)
	}
	return nil
}
func (f *fakeIndex) Search(_ context.Context, r inflow.SearchRequest) (*inflow.SearchResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	res := &inflow.SearchResult{Query: r.Query}
	for _, it := range f.docs {
		if it.Title == r.Query {
			res.Hits = append(res.Hits, &inflow.SearchHit{ID: it.ID, Title: it.Title})
		}
	}
	res.Total = uint64(len(res.Hits))
	return res, nil
}
func (f *fakeIndex) Generation() (uint64, error)  { return f.gen, nil }
func (f *fakeIndex) SetGeneration(g uint64) error { f.gen = g; return nil }
func (f *fakeIndex) Count() (uint64, error)       { return uint64(len(f.docs)), nil }
func (f *fakeIndex) Close() error                 { return nil }
func (f *fakeIndex) ids() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.docs {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

type seqIDs struct{ n int }

func (s *seqIDs) NewID() string { s.n++; return fmt.Sprintf("ev-%06d", s.n) }

type fixture struct {
	lib   *library.Library
	store *badgerstore.Store
	index *fakeIndex
	now   time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := &fixture{store: s, index: newFakeIndex(), now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	f.lib, err = library.New(t.Context(), library.Config{
		Store: s, Index: f.index, IDs: &seqIDs{}, Device: "dev-1",
		Clock: inflow.ClockFunc(func() time.Time { f.now = f.now.Add(time.Second); return f.now }),
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func loaderOf(packs map[string][]*inflow.Pack) library.Loader {
	return func(ctx context.Context, path string, progress func(int, int, string)) ([]*inflow.Pack, error) {
		ps, ok := packs[path]
		if !ok {
			return nil, inflow.Errorf(inflow.EINVALID, "%s:3: front matter: broken", path)
		}
		progress(1, 1, path)
		return ps, nil
	}
}

func TestImportStoresAndIndexes(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	load := loaderOf(map[string][]*inflow.Pack{
		"good": {inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"), inflowtest.Item("p1/b", "B"))},
	})
	var phases []string
	rep := f.lib.Import(ctx, load, []string{"good", "bad"}, func(p library.Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	})
	if len(rep.Packs) != 1 || rep.Packs[0].Added != 2 {
		t.Fatalf("packs = %+v", rep.Packs)
	}
	if len(rep.Failed) != 1 || rep.Failed[0].Path != "bad" || rep.Failed[0].Code != inflow.EINVALID || rep.Failed[0].Error != "bad:3: front matter: broken" {
		t.Fatalf("failed = %+v", rep.Failed)
	}
	if !slices.Equal(f.index.ids(), []string{"p1/a", "p1/b"}) {
		t.Fatalf("indexed = %v", f.index.ids())
	}
	if ok, _ := f.lib.IndexCurrent(ctx); !ok {
		t.Fatal("index not stamped current after import")
	}
	if !slices.Contains(phases, library.PhaseReading) || !slices.Contains(phases, library.PhaseStoring) || !slices.Contains(phases, library.PhaseIndexing) || phases[len(phases)-1] != library.PhaseDone {
		t.Fatalf("phases = %v", phases)
	}

	// Re-import with one item removed: the index follows.
	load = loaderOf(map[string][]*inflow.Pack{"good": {inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"))}})
	rep = f.lib.Import(ctx, load, []string{"good"}, nil)
	if rep.Packs[0].Removed != 1 || !slices.Equal(f.index.ids(), []string{"p1/a"}) {
		t.Fatalf("after re-import: %+v, indexed %v", rep.Packs, f.index.ids())
	}
}

func TestIndexFailureLeavesIndexOutdated(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	f.index.fail = errors.New("disk full")
	if _, err := f.lib.ApplyPack(ctx, inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"))); err != nil {
		t.Fatalf("store must succeed even if the index fails: %v", err)
	}
	if ok, _ := f.lib.IndexCurrent(ctx); ok {
		t.Fatal("index claims to be current after a failed update")
	}
	f.index.fail = nil
	if err := f.lib.RebuildIndex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.lib.IndexCurrent(ctx); !ok || !slices.Equal(f.index.ids(), []string{"p1/a"}) {
		t.Fatalf("after rebuild: current=%v ids=%v", ok, f.index.ids())
	}
}

func TestOpenAndBookmarkRecordEvents(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	if _, err := f.lib.ApplyPack(ctx, inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"), inflowtest.Item("p1/b", "B"))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.lib.Open(ctx, "p1/a"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.lib.Open(ctx, "p1/b"); err != nil {
		t.Fatal(err)
	}
	if err := f.lib.SetBookmark(ctx, "p1/a", true); err != nil {
		t.Fatal(err)
	}
	if err := f.lib.SetBookmark(ctx, "missing", true); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("bookmark missing item: %v", err)
	}
	evs, err := f.store.Events(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var types []inflow.EventType
	for i, e := range evs {
		types = append(types, e.Type)
		if e.Device != "dev-1" {
			t.Fatalf("event device = %q", e.Device)
		}
		if i > 0 && e.HLC.Compare(evs[i-1].HLC) <= 0 {
			t.Fatalf("HLC not increasing: %v then %v", evs[i-1].HLC, e.HLC)
		}
	}
	if !slices.Equal(types, []inflow.EventType{inflow.EventItemViewed, inflow.EventItemViewed, inflow.EventBookmarkSet}) {
		t.Fatalf("events = %v", types)
	}
	recent, _ := f.lib.Recent(ctx, 10)
	if len(recent) != 2 || recent[0].ID != "p1/b" {
		t.Fatalf("recent = %v", recent)
	}
	marked, _ := f.lib.Bookmarked(ctx)
	if len(marked) != 1 || marked[0].ID != "p1/a" {
		t.Fatalf("bookmarked = %v", marked)
	}
	// Items that disappear drop out of the lists instead of failing them.
	if _, err := f.lib.ApplyPack(ctx, inflowtest.Pack("p1", inflowtest.Item("p1/b", "B"))); err != nil {
		t.Fatal(err)
	}
	marked, err = f.lib.Bookmarked(ctx)
	if err != nil || len(marked) != 0 {
		t.Fatalf("bookmarked after removal = %v, %v", marked, err)
	}
}

func TestHLCSurvivesRestart(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	if _, err := f.lib.ApplyPack(ctx, inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.lib.Open(ctx, "p1/a"); err != nil {
		t.Fatal(err)
	}
	// A new Library over the same store with a clock far behind must still
	// stamp later events after earlier ones.
	lib2, err := library.New(ctx, library.Config{Store: f.store, Index: f.index, IDs: &seqIDs{n: 100}, Device: "dev-1",
		Clock: inflow.ClockFunc(func() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) })})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib2.Open(ctx, "p1/a"); err != nil {
		t.Fatal(err)
	}
	evs, _ := f.store.Events(ctx, "", 10)
	if len(evs) != 2 || evs[1].HLC.Compare(evs[0].HLC) <= 0 {
		t.Fatalf("HLC went backwards across restart: %+v", evs)
	}
}
