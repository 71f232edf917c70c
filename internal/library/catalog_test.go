package library_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
)

func TestRemovePackTakesItsItemsOutOfStoreAndIndex(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, p := range []*inflow.Pack{
		inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"), inflowtest.Item("p1/b", "B")),
		inflowtest.Pack("p2", inflowtest.Item("p2/c", "C")),
	} {
		if _, err := f.lib.ApplyPack(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := f.lib.RemovePack(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if rep.PackID != "p1" || rep.Title != "Pack p1" || rep.Removed != 2 {
		t.Fatalf("report %+v", rep)
	}
	if !slices.Equal(f.index.ids(), []string{"p2/c"}) {
		t.Fatalf("indexed %v, want only p2/c", f.index.ids())
	}
	if _, err := f.lib.Open(ctx, "p1/a"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("open removed item: %v", err)
	}
	packs, err := f.lib.Packs(ctx)
	if err != nil || len(packs) != 1 || packs[0].ID != "p2" {
		t.Fatalf("packs %v %v", packs, err)
	}
	if ok, _ := f.lib.IndexCurrent(ctx); !ok {
		t.Fatal("index not stamped current after removal")
	}

	// Removing it again says it is not there, and changes nothing.
	if _, err := f.lib.RemovePack(ctx, "p1"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("second removal: %v, want ENOTFOUND", err)
	}
	if ok, _ := f.lib.IndexCurrent(ctx); !ok {
		t.Fatal("a failed removal left the index outdated")
	}
}

// deleteFailing is an index whose deletes fail.
type deleteFailing struct{ *fakeIndex }

func (deleteFailing) Delete(context.Context, []string) error { return errors.New("disk full") }

func TestRemovePackIndexFailureLeavesIndexOutdated(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	if _, err := f.lib.ApplyPack(ctx, inflowtest.Pack("p1", inflowtest.Item("p1/a", "A"))); err != nil {
		t.Fatal(err)
	}
	f.lib.SetIndex(deleteFailing{f.index})
	if _, err := f.lib.RemovePack(ctx, "p1"); err != nil {
		t.Fatalf("the store must remove the pack even if the index fails: %v", err)
	}
	if ok, _ := f.lib.IndexCurrent(ctx); ok {
		t.Fatal("index claims to be current after a failed delete")
	}
	f.lib.SetIndex(f.index)
	clear(f.index.docs) // the profile recreates the index empty before a rebuild
	if err := f.lib.RebuildIndex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.lib.IndexCurrent(ctx); !ok || len(f.index.ids()) != 0 {
		t.Fatalf("after rebuild: current=%v ids=%v", ok, f.index.ids())
	}
}
