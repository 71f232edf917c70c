package app

import (
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// EventReviewChanged tells the frontend that cards or due counts changed.
const EventReviewChanged = "review:changed"

// ReviewService is spaced review for the frontend: the home numbers, the
// review session and card management. Each method is a thin call into
// review.Service.
type ReviewService struct{ core *Core }

// NewReviewService returns the service bound to the frontend.
func NewReviewService(core *Core) *ReviewService { return &ReviewService{core: core} }

// CardInput is a card as the frontend edits it.
type CardInput struct {
	Deck         string `json:"deck"`
	Prompt       string `json:"prompt"`
	Answer       string `json:"answer"`
	SourceItemID string `json:"sourceItemId"` // "" when written by hand
}

// CardList is one page of cards.
type CardList = review.Page

// Home returns the numbers of the home screen.
func (s *ReviewService) Home() (*review.Home, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	h, err := r.Home(bg())
	return h, wrap(err)
}

// Next returns the next card of a session over a deck ("" for all), or
// nil when the session is done.
func (s *ReviewService) Next(deck string) (*review.Prompt, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	p, err := r.Next(bg(), deck)
	return p, wrap(err)
}

// Answer records an answer: rating is again, hard, good or easy; durationMs
// is the time from showing the prompt to answering.
func (s *ReviewService) Answer(cardID, rating string, durationMs int) (*review.AnswerResult, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	rt, err := fsrs.ParseRating(rating)
	if err != nil {
		return nil, wrap(inflow.Errorf(inflow.EINVALID, "%v", err))
	}
	res, err := r.Answer(bg(), cardID, rt, time.Duration(durationMs)*time.Millisecond, time.Time{})
	s.changed(err)
	return res, wrap(err)
}

// Undo cancels an answer and returns the card as it was before it.
func (s *ReviewService) Undo(eventID string) (*review.Card, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	c, err := r.Undo(bg(), eventID)
	s.changed(err)
	return c, wrap(err)
}

// CreateCard makes a card written by the person, or made from a selection
// in an item when SourceItemID is set.
func (s *ReviewService) CreateCard(in CardInput) (*review.Card, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	content := review.Content{Deck: in.Deck, Prompt: in.Prompt, Answer: in.Answer, Source: review.Source{Kind: review.SourcePerson}}
	if in.SourceItemID != "" {
		lib, err := s.core.library()
		if err != nil {
			return nil, wrap(err)
		}
		it, err := lib.Store().Item(bg(), in.SourceItemID)
		if err != nil {
			return nil, wrap(err)
		}
		content.Source = review.Source{Kind: review.SourceItem, ID: it.ID, Title: it.Title}
	}
	c, err := r.Create(bg(), content)
	s.changed(err)
	return c, wrap(err)
}

// CardsFromItem makes cards from an item's key points ("Remember this");
// calling it again makes no duplicates. It returns the item's cards.
func (s *ReviewService) CardsFromItem(itemID string) ([]*review.Card, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	lib, err := s.core.library()
	if err != nil {
		return nil, wrap(err)
	}
	it, err := lib.Store().Item(bg(), itemID)
	if err != nil {
		return nil, wrap(err)
	}
	cards, err := r.Remember(bg(), it)
	s.changed(err)
	return nonNilCards(cards), wrap(err)
}

// CardsForItem lists the cards made from an item.
func (s *ReviewService) CardsForItem(itemID string) ([]*review.Card, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	cards, err := r.Store().CardsBySource(bg(), itemID)
	return nonNilCards(cards), wrap(err)
}

// UpdateCard replaces a card's deck, prompt and answer.
func (s *ReviewService) UpdateCard(id string, in CardInput) (*review.Card, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	c, err := r.Edit(bg(), id, review.Content{Deck: in.Deck, Prompt: in.Prompt, Answer: in.Answer})
	s.changed(err)
	return c, wrap(err)
}

// SetSuspended suspends a card or puts it back into reviews.
func (s *ReviewService) SetSuspended(id string, on bool) (*review.Card, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	c, err := r.Suspend(bg(), id, on)
	s.changed(err)
	return c, wrap(err)
}

// DeleteCard deletes a card.
func (s *ReviewService) DeleteCard(id string) error {
	r, err := s.core.reviews()
	if err != nil {
		return wrap(err)
	}
	err = r.Delete(bg(), id)
	s.changed(err)
	return wrap(err)
}

// Cards lists cards by deck, text and state.
func (s *ReviewService) Cards(q review.Query) (*CardList, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	p, err := r.Store().Cards(bg(), q)
	return p, wrap(err)
}

// Settings returns the review settings.
func (s *ReviewService) Settings() (*review.Settings, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	st, err := r.Settings(bg())
	return &st, wrap(err)
}

// SaveSettings stores review settings; retention changes reschedule.
func (s *ReviewService) SaveSettings(st review.Settings) (*review.Settings, error) {
	r, err := s.core.reviews()
	if err != nil {
		return nil, wrap(err)
	}
	if st.DeckRetention == nil {
		cur, err := r.Settings(bg())
		if err != nil {
			return nil, wrap(err)
		}
		st.DeckRetention = cur.DeckRetention
	}
	saved, err := r.SaveSettings(bg(), st)
	s.changed(err)
	return &saved, wrap(err)
}

// SetDeckRetention sets a deck's desired retention (0.70 to 0.99).
func (s *ReviewService) SetDeckRetention(deck string, retention float64) error {
	r, err := s.core.reviews()
	if err != nil {
		return wrap(err)
	}
	err = r.SetDeckRetention(bg(), deck, retention)
	s.changed(err)
	return wrap(err)
}

func (s *ReviewService) changed(err error) {
	if err == nil {
		s.core.reviewsChanged()
	}
}

func nonNilCards(cs []*review.Card) []*review.Card {
	if cs == nil {
		return []*review.Card{}
	}
	return cs
}
