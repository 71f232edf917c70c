package library

import (
	"context"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Open returns an item and records that the person viewed it.
func (l *Library) Open(ctx context.Context, id string) (*inflow.Item, error) {
	it, err := l.store.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := l.record(ctx, inflow.EventItemViewed, id, nil); err != nil {
		return nil, err
	}
	return it, nil
}

// SetBookmark bookmarks an item or clears its bookmark.
func (l *Library) SetBookmark(ctx context.Context, id string, on bool) error {
	if _, err := l.store.Item(ctx, id); err != nil {
		return err
	}
	typ := inflow.EventBookmarkCleared
	if on {
		typ = inflow.EventBookmarkSet
	}
	return l.record(ctx, typ, id, nil)
}

// IsBookmarked reports whether an item is bookmarked.
func (l *Library) IsBookmarked(ctx context.Context, id string) (bool, error) {
	return l.store.IsBookmarked(ctx, id)
}

// Browse lists items by kind, topic or tag, ordered by title.
func (l *Library) Browse(ctx context.Context, f inflow.ItemFilter) (*inflow.ItemPage, error) {
	return l.store.Items(ctx, f)
}

// Facets counts a language's items by kind, topic and tag.
func (l *Library) Facets(ctx context.Context, language string) (*inflow.Facets, error) {
	return l.store.Facets(ctx, language)
}

// Languages counts items per language.
func (l *Library) Languages(ctx context.Context) ([]inflow.Facet, error) {
	return l.store.Languages(ctx)
}

// Bookmarked returns the bookmarked items, newest first. Bookmarks of items
// that no longer exist are skipped.
func (l *Library) Bookmarked(ctx context.Context) ([]*inflow.Item, error) {
	bms, err := l.store.Bookmarks(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(bms))
	for i, b := range bms {
		ids[i] = b.ItemID
	}
	return l.existing(ctx, ids)
}

// Recent returns up to limit recently viewed items, newest first.
func (l *Library) Recent(ctx context.Context, limit int) ([]*inflow.Item, error) {
	views, err := l.store.RecentViews(ctx, limit)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(views))
	for i, v := range views {
		ids[i] = v.ItemID
	}
	return l.existing(ctx, ids)
}

func (l *Library) existing(ctx context.Context, ids []string) ([]*inflow.Item, error) {
	out := make([]*inflow.Item, 0, len(ids))
	for _, id := range ids {
		it, err := l.store.Item(ctx, id)
		if inflow.ErrorCode(err) == inflow.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// Search runs a full-text query.
func (l *Library) Search(ctx context.Context, req inflow.SearchRequest) (*inflow.SearchResult, error) {
	return l.index.Search(ctx, req)
}
