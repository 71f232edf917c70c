package app

import "github.com/inflow-learning/inflow/internal/inflow"

// SearchService answers the search box (in the main window and in quick
// search) and keeps the recent searches.
type SearchService struct{ core *Core }

// NewSearchService returns the service.
func NewSearchService(core *Core) *SearchService { return &SearchService{core: core} }

// Search runs a query typed in the search box. Filters (kind:, topic:,
// tag:, lang:, course:) are part of the query text.
func (s *SearchService) Search(req inflow.SearchRequest) (*inflow.SearchResult, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	res, err := lib.Search(bg(), req)
	return res, wrap(err)
}

// Recent returns the recent searches, newest first.
func (s *SearchService) Recent() ([]string, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	qs, err := lib.RecentSearches(bg())
	return qs, wrap(err)
}

// Remember records a search the person acted on (opened a result).
func (s *SearchService) Remember(query string) error {
	lib, err := s.core.library()
	if err != nil {
		return err
	}
	return wrap(lib.RememberSearch(bg(), query))
}

// ClearRecent forgets the recent searches.
func (s *SearchService) ClearRecent() error {
	lib, err := s.core.library()
	if err != nil {
		return err
	}
	return wrap(lib.ClearRecentSearches(bg()))
}
