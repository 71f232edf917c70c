package library

import (
	"context"
	"fmt"

	"github.com/inflow-learning/inflow/internal/inflow"
)

const indexBatch = 2000

// updateIndex applies item changes to the index and stamps it with the
// store's generation if it was current before the change.
func (l *Library) updateIndex(ctx context.Context, changed []*inflow.Item, removed []string, progress func(done, total int)) error {
	l.indexMu.Lock()
	defer l.indexMu.Unlock()
	if len(changed) == 0 && len(removed) == 0 {
		return nil
	}
	// Mark the index outdated first: if we crash half way, the next start
	// sees a generation mismatch and rebuilds.
	if err := l.index.SetGeneration(0); err != nil {
		return fmt.Errorf("mark index outdated: %w", err)
	}
	for start := 0; start < len(changed); start += indexBatch {
		end := min(start+indexBatch, len(changed))
		if err := l.index.Index(ctx, changed[start:end]); err != nil {
			return err
		}
		if progress != nil {
			progress(end, len(changed))
		}
	}
	if len(removed) > 0 {
		if err := l.index.Delete(ctx, removed); err != nil {
			return err
		}
	}
	gen, err := l.store.Generation(ctx)
	if err != nil {
		return err
	}
	return l.index.SetGeneration(gen)
}

// IndexCurrent reports whether the index reflects the store's generation.
func (l *Library) IndexCurrent(ctx context.Context) (bool, error) {
	gen, err := l.store.Generation(ctx)
	if err != nil {
		return false, err
	}
	ig, err := l.index.Generation()
	if err != nil {
		return false, err
	}
	return gen == ig, nil
}

// RebuildIndex re-indexes every item from the store. progress may be nil.
// Callers give it an empty index (a missing, outdated or corrupt one is
// recreated by the index adapter first).
func (l *Library) RebuildIndex(ctx context.Context, progress func(done int)) error {
	l.indexMu.Lock()
	defer l.indexMu.Unlock()
	gen, err := l.store.Generation(ctx)
	if err != nil {
		return err
	}
	if err := l.index.SetGeneration(0); err != nil {
		return err
	}
	batch := make([]*inflow.Item, 0, indexBatch)
	done := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := l.index.Index(ctx, batch); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
		done += len(batch)
		batch = batch[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	for it, err := range l.store.AllItems(ctx) {
		if err != nil {
			return err
		}
		batch = append(batch, it)
		if len(batch) == indexBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return l.index.SetGeneration(gen)
}
