package bleveindex

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestZZExplore(t *testing.T) {
	items, _ := loadTLDR(t, "")
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	if err := x.Index(ctx, items); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"extract archive", "list files", "tar ext", "compress"} {
		res, _ := x.Search(ctx, inflow.SearchRequest{Query: q, Language: "en", Limit: 200})
		for i, h := range res.Hits {
			if i < 8 || h.ID == "tldr:en:common/tar" || h.ID == "tldr:en:common/ls" {
				t.Logf("%q #%d %.3f %s | %s", q, i+1, h.Score, h.ID, h.Snippet)
			}
		}
	}
}
