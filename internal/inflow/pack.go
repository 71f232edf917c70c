package inflow

import "time"

// Pack is the unit of import: a set of items from one source that is stored
// all or nothing. Re-importing a pack with the same ID updates its items in
// place and removes those it no longer holds.
type Pack struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Format string  `json:"format"` // "markdown", "tldr" or "builtin"
	Source Source  `json:"source"`
	Items  []*Item `json:"items"`
	Origin string  `json:"origin,omitempty"` // the path it was read from
}

// PackInfo is what the store keeps about an imported pack.
type PackInfo struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Format    string    `json:"format"`
	Source    Source    `json:"source"`
	Origin    string    `json:"origin,omitempty"`
	ItemCount int       `json:"itemCount"`
	Imported  time.Time `json:"imported"`
}

// PackResult says what applying a pack changed; the search index uses it to
// update incrementally.
type PackResult struct {
	PackID    string   `json:"packId"`
	Added     []string `json:"added"`
	Updated   []string `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Removed   []string `json:"removed"`
}
