package library

import (
	"context"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Packs lists the packs in the library, with where each came from
// (PackInfo.Origin: the path it was imported from, or the sync server
// whose catalog brought it).
func (l *Library) Packs(ctx context.Context) ([]*inflow.PackInfo, error) {
	return l.store.Packs(ctx)
}

// RemovePack deletes a pack and its items from the library and takes the
// items out of the search index. A pack that is not in the library is an
// ENOTFOUND error. As with ApplyPack, the store is canonical: if the index
// cannot follow, it is left marked outdated and rebuilt on the next start.
func (l *Library) RemovePack(ctx context.Context, id string) (*PackReport, error) {
	title := ""
	if packs, err := l.store.Packs(ctx); err == nil {
		for _, p := range packs {
			if p.ID == id {
				title = p.Title
			}
		}
	}
	res, err := l.store.RemovePack(ctx, id)
	if err != nil {
		return nil, err
	}
	// A pack without items changes no document; the store's generation
	// moved all the same, so the index reads as outdated until the next
	// rebuild. That costs a rebuild, never a wrong answer.
	if err := l.updateIndex(ctx, nil, res.Removed, nil); err != nil {
		l.log.Error("index update failed; index will be rebuilt", "pack", id, "err", err)
	}
	return &PackReport{PackID: id, Title: title, Removed: len(res.Removed)}, nil
}
