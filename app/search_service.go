package app

import "github.com/inflow-learning/inflow/internal/inflow"

// SearchService answers the search box.
type SearchService struct{ core *Core }

// NewSearchService returns the service.
func NewSearchService(core *Core) *SearchService { return &SearchService{core: core} }

// Search runs a query; language is ranked first when set; limit 0 means 20.
func (s *SearchService) Search(query, language string, limit int) (*inflow.SearchResult, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	res, err := lib.Search(bg(), inflow.SearchRequest{Query: query, Language: language, Limit: limit})
	return res, wrap(err)
}
