package badgerstore

import (
	"fmt"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
)

// A pack too large for one transaction is refused with a clear error, and
// nothing of it is stored; a pack the size of tldr's largest language fits.
func TestPackSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packs of tens of thousands of items")
	}
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pack := func(id string, n int) *inflow.Pack {
		items := make([]*inflow.Item, n)
		for i := range items {
			items[i] = inflowtest.Item(fmt.Sprintf("%s/%06d", id, i), fmt.Sprintf("Item %d", i))
		}
		return inflowtest.Pack(id, items...)
	}
	if _, err := s.ApplyPack(t.Context(), pack("fits", 8000)); err != nil {
		t.Fatalf("8,000 items: %v", err)
	}
	_, err = s.ApplyPack(t.Context(), pack("huge", 40000))
	if inflow.ErrorCode(err) != inflow.ETOOLARGE {
		t.Fatalf("40,000 items: err = %v, want too_large", err)
	}
	if _, err := s.Item(t.Context(), "huge/000000"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatal("a refused pack left items behind")
	}
}
