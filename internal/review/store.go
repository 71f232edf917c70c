package review

import (
	"context"
	"iter"
	"time"
)

// Store keeps cards and their review logs. It learns of changes through
// the events the library records (inflow.LibraryStore.Record), applying
// card events with Fold and answers with Replay in the same transaction as
// the event itself; these methods only read.
//
// Every implementation must pass reviewtest.Run.
type Store interface {
	// Card returns a card; ENOTFOUND if it does not exist or was deleted.
	Card(ctx context.Context, id string) (*Card, error)
	// Cards lists cards matching q, by due time then id.
	Cards(ctx context.Context, q Query) (*Page, error)
	// CardsBySource lists the cards made from an item or lesson.
	CardsBySource(ctx context.Context, sourceID string) ([]*Card, error)
	// Due lists active cards already answered once that are due at or
	// before the given time, earliest first; deck "" means every deck.
	Due(ctx context.Context, deck string, before time.Time, limit int) ([]*Card, error)
	// DueLearning and DueReviews list the due cards of one kind: in
	// learning or relearning steps, or in review.
	DueLearning(ctx context.Context, deck string, before time.Time, limit int) ([]*Card, error)
	DueReviews(ctx context.Context, deck string, before time.Time, limit int) ([]*Card, error)
	// CountDue counts due cards from the indexes: every one in learning
	// steps, and in review up to limit (no limit if negative).
	CountDue(ctx context.Context, deck string, before time.Time, limit int) (learning, reviews int, err error)
	// NewCards lists active cards never answered, oldest first.
	NewCards(ctx context.Context, deck string, limit int) ([]*Card, error)
	// CountNew counts active new cards of a deck ("" for all), up to limit.
	CountNew(ctx context.Context, deck string, limit int) (int, error)
	// Forecast counts active answered cards by when they fall due: per
	// period ending at each of ends (the first period takes everything
	// overdue too), and per deck for those due by now. From the indexes.
	Forecast(ctx context.Context, now time.Time, ends []time.Time) (perPeriod []int, dueNowByDeck map[string]int, err error)
	// Decks counts cards per deck.
	Decks(ctx context.Context) ([]DeckCount, error)
	// Answers returns a card's answers in replay order, undone ones left out.
	Answers(ctx context.Context, cardID string) ([]Answer, error)
	// AnswersBetween returns answers given in [from, to), by time, undone
	// ones left out.
	AnswersBetween(ctx context.Context, from, to time.Time) ([]Answer, error)
	// AnswerByID returns an answer not undone; ENOTFOUND otherwise.
	AnswerByID(ctx context.Context, eventID string) (*Answer, error)
	// AllAnswers yields every answer not undone, by time.
	AllAnswers(ctx context.Context) iter.Seq2[Answer, error]
	// Reschedule replays the cards of the given decks (all decks if none)
	// after their parameters changed; it returns how many it updated.
	Reschedule(ctx context.Context, decks ...string) (int, error)
}

// Query filters a card listing.
type Query struct {
	Deck   string `json:"deck"`
	Text   string `json:"text"`  // words that must all appear in prompt or answer
	State  string `json:"state"` // "", new, learning, review, relearning, suspended, due
	Limit  int    `json:"limit"`
	Offset int    `json:"offset"`
	// DueBefore is the time "due" is measured against; zero means now.
	DueBefore time.Time `json:"-"`
}

// Page is one page of a card listing.
type Page struct {
	Cards []*Card `json:"cards"`
	Total int     `json:"total"`
}

// DeckCount counts a deck's cards.
type DeckCount struct {
	Name      string `json:"name"`
	Total     int    `json:"total"` // not deleted, suspended included
	New       int    `json:"new"`   // active and never answered
	Suspended int    `json:"suspended"`
}

// MatchesState reports whether a card is in a listing state: "" (any),
// new, learning, review, relearning, suspended, or due (active and due by
// now).
func MatchesState(c *Card, state string, now time.Time) bool {
	switch state {
	case "":
		return true
	case "suspended":
		return c.Suspended
	case "due":
		return c.Active() && !c.IsNew() && !c.Due.After(now)
	case "new":
		return c.IsNew() && !c.Suspended
	}
	return c.State == state && !c.Suspended
}
