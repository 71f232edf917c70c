package inflow

import (
	"context"
	"iter"
)

// ItemFilter selects items for browsing. Empty fields do not filter.
// Exactly one of Kind, Topic, Tag is used for ordering by title; Language
// always applies.
type ItemFilter struct {
	Language string `json:"language"`
	Kind     Kind   `json:"kind,omitempty"`
	Topic    string `json:"topic,omitempty"`
	Tag      string `json:"tag,omitempty"`
	Offset   int    `json:"offset,omitempty"`
	Limit    int    `json:"limit,omitempty"` // 0 means 50
}

// ItemPage is one page of a browse listing, ordered by title.
type ItemPage struct {
	Items []*Item `json:"items"`
	Total int     `json:"total"`
}

// Facet is one value of a browse dimension with the number of items in it.
type Facet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facets counts the items of one language by kind, topic and tag.
type Facets struct {
	Language string  `json:"language"`
	Total    int     `json:"total"`
	Kinds    []Facet `json:"kinds"`
	Topics   []Facet `json:"topics"`
	Tags     []Facet `json:"tags"`
}

// LibraryStore keeps the canonical local library: items grouped in packs,
// and the log of what the person did with them. Implementations must make
// ApplyPack and Record atomic: after an error nothing of the call is stored.
type LibraryStore interface {
	// ApplyPack stores a pack's items, updating those with the same ID and
	// removing the pack's items that are no longer in it.
	ApplyPack(ctx context.Context, p *Pack) (*PackResult, error)
	// RemovePack deletes a pack and all its items.
	RemovePack(ctx context.Context, id string) (*PackResult, error)
	// Packs lists the imported packs.
	Packs(ctx context.Context) ([]*PackInfo, error)

	// Item returns one item, or an ENOTFOUND error.
	Item(ctx context.Context, id string) (*Item, error)
	// Items returns a page of items matching the filter, ordered by title.
	Items(ctx context.Context, f ItemFilter) (*ItemPage, error)
	// AllItems yields every item, for rebuilding derived indexes.
	AllItems(ctx context.Context) iter.Seq2[*Item, error]
	// Facets counts one language's items by kind, topic and tag.
	Facets(ctx context.Context, language string) (*Facets, error)
	// Languages counts items by language.
	Languages(ctx context.Context) ([]Facet, error)
	// Generation increases with every change to items; a derived index
	// stamped with an older generation is outdated.
	Generation(ctx context.Context) (uint64, error)

	// Record appends an event to the log and applies it to local state in
	// one transaction. Recording an event whose ID is already stored is a
	// no-op.
	// Record also raises the setting HLCSettingKey to the event's HLC when
	// it is later, in the same transaction, so the device clock can resume
	// after a restart without stamping anything before a recorded event.
	Record(ctx context.Context, ev *Event) error
	// RecordMany records events as Record does, in all-or-nothing
	// transactions of many events; it returns how many were new.
	RecordMany(ctx context.Context, evs []*Event) (int, error)
	// Events returns up to limit events whose IDs sort after the given one
	// ("" for the start), in ID order.
	Events(ctx context.Context, after string, limit int) ([]*Event, error)
	// Bookmarks lists the bookmarked items, newest first.
	Bookmarks(ctx context.Context) ([]Bookmark, error)
	// IsBookmarked reports whether an item is bookmarked.
	IsBookmarked(ctx context.Context, itemID string) (bool, error)
	// RecentViews lists the most recently viewed items, newest first.
	RecentViews(ctx context.Context, limit int) ([]View, error)

	// Setting reads a profile setting (JSON) into v; ok is false if unset.
	Setting(ctx context.Context, key string, v any) (ok bool, err error)
	// SetSetting stores a profile setting as JSON.
	SetSetting(ctx context.Context, key string, v any) error
}

// SearchHit is one search result.
type SearchHit struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Kind     Kind    `json:"kind"`
	Topic    string  `json:"topic"`
	Language string  `json:"language"`
	Snippet  string  `json:"snippet"` // HTML with <mark> around matches, everything else escaped
	Score    float64 `json:"score"`
}

// SearchFilter is one field:value filter taken from the query text
// (kind:rule, topic:safety, tag:ppe, lang:de, course:onboarding).
type SearchFilter struct {
	Field string `json:"field"` // kind, topic, tag, lang or course
	Value string `json:"value"`
}

// SearchFacets counts all matches of a query (not only the page returned)
// by kind, topic, language and tag, most frequent first.
type SearchFacets struct {
	Kinds     []Facet `json:"kinds"`
	Topics    []Facet `json:"topics"`
	Languages []Facet `json:"languages"`
	Tags      []Facet `json:"tags"`
}

// SearchResult is a page of hits and the total number of matches.
type SearchResult struct {
	Query   string         `json:"query"`   // the query text actually searched
	Filters []SearchFilter `json:"filters"` // the filters parsed from it
	Total   uint64         `json:"total"`
	Hits    []*SearchHit   `json:"hits"`
	Facets  *SearchFacets  `json:"facets,omitempty"` // when the request asked for them
	// Suggestion is a corrected query built from the index's own terms
	// ("did you mean"), offered when the query finds little or nothing.
	Suggestion string  `json:"suggestion,omitempty"`
	TookMs     float64 `json:"tookMs"`
}

// SearchRequest is a query as a person typed it, filters included.
type SearchRequest struct {
	Query    string `json:"query"`
	Language string `json:"language,omitempty"` // ranked first when set
	Limit    int    `json:"limit,omitempty"`    // 0 means 20
	Offset   int    `json:"offset,omitempty"`
	Facets   bool   `json:"facets,omitempty"` // count matches by kind, topic, language, tag
}

// SearchIndex is the derived full-text index over items. It can always be
// rebuilt from the LibraryStore.
type SearchIndex interface {
	// Index adds or replaces items.
	Index(ctx context.Context, items []*Item) error
	// Delete removes items by ID.
	Delete(ctx context.Context, ids []string) error
	// Search runs a query.
	Search(ctx context.Context, req SearchRequest) (*SearchResult, error)
	// Generation is the store generation the index reflects.
	Generation() (uint64, error)
	// SetGeneration records the store generation the index now reflects.
	SetGeneration(gen uint64) error
	// Count returns the number of indexed documents.
	Count() (uint64, error)
	Close() error
}

// HLCSettingKey is the setting that holds the latest HLC of any recorded
// event (see LibraryStore.Record).
const HLCSettingKey = "hlc.last"
