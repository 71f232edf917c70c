package library_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/inflow-learning/inflow/internal/library"
)

func TestRecentSearches(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, q := range []string{"tar", "  ", "git  commit", "TAR", "ls"} {
		if err := f.lib.RememberSearch(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.lib.RecentSearches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"ls", "TAR", "git commit"}) {
		t.Fatalf("recent = %q", got)
	}
	for i := range 20 {
		f.lib.RememberSearch(ctx, fmt.Sprintf("q%d", i))
	}
	got, _ = f.lib.RecentSearches(ctx)
	if len(got) != library.MaxRecentSearches || got[0] != "q19" {
		t.Fatalf("recent = %q", got)
	}
	if err := f.lib.ClearRecentSearches(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.lib.RecentSearches(ctx); len(got) != 0 {
		t.Fatalf("after clear = %q", got)
	}
}
