package library

import (
	"context"
	"strings"
)

const (
	recentSearchesKey = "search.recent"
	// MaxRecentSearches is how many recent searches are kept.
	MaxRecentSearches = 10
)

// RecentSearches returns the person's recent searches, newest first.
func (l *Library) RecentSearches(ctx context.Context) ([]string, error) {
	var qs []string
	if _, err := l.store.Setting(ctx, recentSearchesKey, &qs); err != nil {
		return nil, err
	}
	if qs == nil {
		qs = []string{}
	}
	return qs, nil
}

// RememberSearch puts a query at the front of the recent searches (once:
// an earlier identical query, ignoring case and spacing, moves up) and
// keeps the newest MaxRecentSearches. Blank queries are ignored.
func (l *Library) RememberSearch(ctx context.Context, query string) error {
	q := strings.Join(strings.Fields(query), " ")
	if q == "" {
		return nil
	}
	if len(q) > 200 {
		q = q[:200]
	}
	old, err := l.RecentSearches(ctx)
	if err != nil {
		return err
	}
	qs := []string{q}
	for _, o := range old {
		if !strings.EqualFold(o, q) && len(qs) < MaxRecentSearches {
			qs = append(qs, o)
		}
	}
	return l.store.SetSetting(ctx, recentSearchesKey, qs)
}

// ClearRecentSearches forgets the recent searches.
func (l *Library) ClearRecentSearches(ctx context.Context) error {
	return l.store.SetSetting(ctx, recentSearchesKey, []string{})
}
