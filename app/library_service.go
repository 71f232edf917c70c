package app

import (
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/render"
)

// LibraryService serves the library screens: browsing, reading, bookmarks
// and recently viewed.
type LibraryService struct {
	core     *Core
	renderer *render.Renderer
}

// NewLibraryService returns the service.
func NewLibraryService(core *Core) *LibraryService {
	return &LibraryService{core: core, renderer: render.New()}
}

// ItemSummary is an item as shown in lists.
type ItemSummary struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Kind     string   `json:"kind"`
	Topic    string   `json:"topic"`
	Language string   `json:"language"`
	Tags     []string `json:"tags"`
}

// ItemView is an item as shown when read: its body rendered to sanitised
// HTML.
type ItemView struct {
	ItemSummary
	HTML       string        `json:"html"`
	KeyPoints  []string      `json:"keyPoints"`
	Source     inflow.Source `json:"source"`
	Pack       string        `json:"pack"`
	Version    int           `json:"version"`
	Updated    string        `json:"updated"` // RFC 3339
	Media      string        `json:"media"`
	Bookmarked bool          `json:"bookmarked"`
}

// Overview is everything the library home screen shows at once.
type Overview struct {
	Language  string             `json:"language"`
	Languages []inflow.Facet     `json:"languages"`
	Facets    *inflow.Facets     `json:"facets"`
	Recent    []ItemSummary      `json:"recent"`
	Bookmarks []ItemSummary      `json:"bookmarks"`
	Packs     []*inflow.PackInfo `json:"packs"`
}

// ItemList is a page of a browse listing.
type ItemList struct {
	Items []ItemSummary `json:"items"`
	Total int           `json:"total"`
}

// Overview returns the home screen for a language ("" picks the language
// with the most items, preferring English).
func (s *LibraryService) Overview(language string) (*Overview, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	ctx := bg()
	langs, err := lib.Languages(ctx)
	if err != nil {
		return nil, wrap(err)
	}
	if language == "" {
		language = pickLanguage(langs)
	}
	facets, err := lib.Facets(ctx, language)
	if err != nil {
		return nil, wrap(err)
	}
	recent, err := lib.Recent(ctx, 12)
	if err != nil {
		return nil, wrap(err)
	}
	marks, err := lib.Bookmarked(ctx)
	if err != nil {
		return nil, wrap(err)
	}
	packs, err := lib.Store().Packs(ctx)
	if err != nil {
		return nil, wrap(err)
	}
	if packs == nil {
		packs = []*inflow.PackInfo{}
	}
	return &Overview{Language: language, Languages: langs, Facets: facets,
		Recent: summaries(recent), Bookmarks: summaries(marks), Packs: packs}, nil
}

// Browse returns a page of items by kind, topic or tag, ordered by title.
func (s *LibraryService) Browse(f inflow.ItemFilter) (*ItemList, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	page, err := lib.Browse(bg(), f)
	if err != nil {
		return nil, wrap(err)
	}
	return &ItemList{Items: summaries(page.Items), Total: page.Total}, nil
}

// Open returns an item for reading and records the view.
func (s *LibraryService) Open(id string) (*ItemView, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	ctx := bg()
	it, err := lib.Open(ctx, id)
	if err != nil {
		return nil, wrap(err)
	}
	html, err := s.renderer.HTML(render.WithoutTitle(it.Body, it.Title))
	if err != nil {
		return nil, wrap(err)
	}
	marked, err := lib.IsBookmarked(ctx, id)
	if err != nil {
		return nil, wrap(err)
	}
	return &ItemView{
		ItemSummary: summary(it), HTML: html, KeyPoints: nonNil(it.KeyPoints),
		Source: it.Source, Pack: it.Pack, Version: it.Version,
		Updated: it.Updated.UTC().Format("2006-01-02T15:04:05Z07:00"),
		Media:   it.Media, Bookmarked: marked,
	}, nil
}

// SetBookmark bookmarks an item or clears its bookmark.
func (s *LibraryService) SetBookmark(id string, on bool) error {
	lib, err := s.core.library()
	if err != nil {
		return err
	}
	if err := lib.SetBookmark(bg(), id, on); err != nil {
		return wrap(err)
	}
	s.core.emit(EventLibraryChanged, nil)
	return nil
}

func summary(it *inflow.Item) ItemSummary {
	return ItemSummary{ID: it.ID, Title: it.Title, Summary: it.Summary, Kind: string(it.Kind),
		Topic: it.Topic, Language: it.Language, Tags: nonNil(it.Tags)}
}

func summaries(items []*inflow.Item) []ItemSummary {
	out := make([]ItemSummary, len(items))
	for i, it := range items {
		out[i] = summary(it)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func pickLanguage(langs []inflow.Facet) string {
	for _, l := range langs {
		if l.Value == "en" {
			return "en"
		}
	}
	if len(langs) > 0 {
		return langs[0].Value
	}
	return "en"
}
