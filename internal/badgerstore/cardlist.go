package badgerstore

import (
	"context"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/review"
)

// Cards lists the cards matching q, by due time then id. A deck filter
// walks that deck's index; otherwise every card is read, which is fine for
// a management view over tens of thousands of cards.
func (s *Store) Cards(ctx context.Context, q review.Query) (*review.Page, error) {
	words := strings.Fields(strings.ToLower(q.Text))
	now := q.DueBefore
	if now.IsZero() {
		now = s.clock.Now()
	}
	match := func(c *review.Card) bool {
		if !review.MatchesState(c, q.State, now) {
			return false
		}
		if len(words) == 0 {
			return true
		}
		text := strings.ToLower(c.Prompt + "\n" + c.Answer + "\n" + c.Deck)
		for _, w := range words {
			if !strings.Contains(text, w) {
				return false
			}
		}
		return true
	}
	var all []*review.Card
	if q.Deck != "" {
		cards, err := s.cardsByIndex(deckPrefix(q.Deck), 0, nil)
		if err != nil {
			return nil, err
		}
		for _, c := range cards {
			if match(c) {
				all = append(all, c)
			}
		}
	} else {
		err := s.db.View(func(txn *badger.Txn) error {
			return eachJSON(txn, []byte(preCard), nil, func(_ []byte, r *review.Record) (bool, error) {
				if r.Exists && !r.Card.Deleted && match(&r.Card) {
					c := r.Card
					all = append(all, &c)
				}
				return ctx.Err() == nil, ctx.Err()
			})
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(all, func(a, b *review.Card) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	page := &review.Page{Total: len(all), Cards: []*review.Card{}}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if q.Offset < len(all) {
		page.Cards = all[max(q.Offset, 0):min(max(q.Offset, 0)+limit, len(all))]
	}
	return page, nil
}
