package badgerstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

var _ review.Store = (*Store)(nil)

// applyReview folds a card or review event into the card it is about and
// re-derives the card's schedule from its answers, all inside the event's
// transaction.
func applyReview(txn *badger.Txn, ev *inflow.Event) error {
	tc := newTxnCards()
	rec, before, err := stageReview(txn, ev, tc)
	if err != nil {
		return err
	}
	return saveCard(txn, rec, before, tc.added[rec.Card.ID], tc.full[rec.Card.ID], tc.fresh[rec.Card.ID])
}

// txnCards is what one transaction did to the cards it touched: their
// index entries before it, the answers it added, and whether a card needs
// a full replay (an undo) rather than folding the added answers on.
type txnCards struct {
	before map[string]cardIndex
	added  map[string][]review.Answer
	full   map[string]bool
	fresh  map[string]bool // had no answer before this transaction
	recs   map[string]*review.Record
}

func newTxnCards() *txnCards {
	return &txnCards{before: map[string]cardIndex{}, added: map[string][]review.Answer{}, full: map[string]bool{}, fresh: map[string]bool{}, recs: map[string]*review.Record{}}
}

// stageReview writes what a card or review event changes (the answer
// indexes, the undo marker, the folded card record) without replaying the
// schedule, and returns the card's record with the index entries it had
// before: the first ones seen in this transaction when known lists them.
func stageReview(txn *badger.Txn, ev *inflow.Event, tc *txnCards) (*review.Record, cardIndex, error) {
	if !inflow.ValidID(ev.Subject) {
		return nil, nil, inflow.Errorf(inflow.EINVALID, "%s %s: card id %q is not valid", ev.Type, ev.ID, ev.Subject)
	}
	rec := tc.recs[ev.Subject] // read once per transaction
	if rec == nil {
		var err error
		if rec, err = loadRecord(txn, ev.Subject); err != nil {
			return nil, nil, err
		}
		tc.recs[ev.Subject] = rec
		tc.before[ev.Subject] = indexOf(rec)
	}
	switch ev.Type {
	case review.EventAnswered:
		a, err := review.AnswerOf(ev)
		if err != nil {
			return nil, nil, err
		}
		if _, err := txn.Get(undoKey(a.EventID)); err == nil {
			break // undone before it arrived
		}
		// A card's stored schedule counts its answers (Reps; every save
		// replays them all or folds them on), so with none added in this
		// transaction, Reps 0 means it has none: no iterator needed.
		a.First = len(tc.added[a.CardID]) == 0 && rec.Card.Reps == 0
		if a.First {
			tc.fresh[a.CardID] = true // every answer it has is in this transaction
		}
		if err := setJSON(txn, answerKey(a), a); err != nil {
			return nil, nil, err
		}
		if err := setJSON(txn, answerAtKey(a), a); err != nil {
			return nil, nil, err
		}
		tc.added[a.CardID] = append(tc.added[a.CardID], a)
	case review.EventUndone:
		id, err := review.UndoneAnswer(ev)
		if err != nil {
			return nil, nil, err
		}
		if err := txn.Set(undoKey(id), []byte(ev.Subject)); err != nil {
			return nil, nil, err
		}
		if err := removeAnswer(txn, ev.Subject, id); err != nil {
			return nil, nil, err
		}
		tc.full[ev.Subject] = true
	default:
		if err := review.Fold(rec, ev); err != nil {
			return nil, nil, err
		}
		if err := setJSON(txn, cardKey(rec.Card.ID), rec); err != nil {
			return nil, nil, err
		}
	}
	return rec, tc.before[ev.Subject], nil
}

// saveCard brings a card's schedule up to date, stores it and moves its
// index entries. When the answers added sort after the record's replay
// mark (made with the same parameters), they are folded on from it;
// otherwise (an undo, an answer arriving out of order, a deck or
// retention change) every answer is replayed. Both give the same
// schedule; folding on keeps syncing or importing long histories linear.
func saveCard(txn *badger.Txn, rec *review.Record, before cardIndex, added []review.Answer, full, fresh bool) error {
	st, err := reviewSettings(txn)
	if err != nil {
		return err
	}
	p := st.Params(rec.Card.Deck)
	var mark *review.ReplayMark
	if !full {
		if mark, err = loadMark(txn, rec.Card.ID); err != nil {
			return err
		}
	}
	var sched fsrs.Schedule
	keepMark := false
	switch {
	case full:
		answers, err := cardAnswers(txn, rec.Card.ID)
		if err != nil {
			return err
		}
		sched, mark = review.ReplayMarked(rec.Card.ID, answers, p)
	case len(added) == 0 && mark == nil && rec.Card.Reps == 0:
		sched, keepMark = fsrs.Schedule{}, true // never answered (a created or edited card)
	case len(added) == 0 && mark != nil && mark.Params == review.ParamsKey(p):
		sched, keepMark = mark.Schedule, true // nothing that changes the schedule
	case mark != nil && len(added) > 0 && review.CanContinue(mark, added, p):
		sched, mark = review.Continue(rec.Card.ID, mark, added, p)
	case mark == nil && fresh:
		sched, mark = review.ReplayMarked(rec.Card.ID, added, p) // all its answers are new
	default:
		answers, err := cardAnswers(txn, rec.Card.ID)
		if err != nil {
			return err
		}
		sched, mark = review.ReplayMarked(rec.Card.ID, answers, p)
	}
	rec.Card.SetSchedule(sched)
	if !keepMark {
		if err := saveMark(txn, rec.Card.ID, mark); err != nil {
			return err
		}
	}
	return writeCard(txn, rec, before)
}

// loadMark reads a card's replay mark (nil if none).
func loadMark(txn *badger.Txn, card string) (*review.ReplayMark, error) {
	var m review.ReplayMark
	err := getJSON(txn, replayMarkKey(card), &m)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// saveMark stores a card's replay mark; nil deletes it.
func saveMark(txn *badger.Txn, card string, m *review.ReplayMark) error {
	if m == nil {
		return txn.Delete(replayMarkKey(card))
	}
	return setJSON(txn, replayMarkKey(card), m)
}

// writeCard stores a card record and moves its index entries from before
// to what the record needs now.
func writeCard(txn *badger.Txn, rec *review.Record, before cardIndex) error {
	after := indexOf(rec)
	for k, v := range before {
		if w, ok := after[k]; !ok || w != v {
			if err := txn.Delete([]byte(k)); err != nil {
				return err
			}
		}
	}
	for k, v := range after {
		if w, ok := before[k]; !ok || w != v {
			if err := txn.Set([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
	}
	return setJSON(txn, cardKey(rec.Card.ID), rec)
}

func loadRecord(txn *badger.Txn, id string) (*review.Record, error) {
	rec := &review.Record{Card: review.Card{ID: id}}
	err := getJSON(txn, cardKey(id), rec)
	if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("card %s: %w", id, err)
	}
	return rec, nil
}

func reviewSettings(txn *badger.Txn) (review.Settings, error) {
	st := review.DefaultSettings()
	err := getJSON(txn, settingKey(review.SettingsKey), &st)
	if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return st, err
	}
	return st, nil
}

// removeAnswer drops an undone answer from both answer indexes.
func removeAnswer(txn *badger.Txn, card, eventID string) error {
	answers, err := cardAnswers(txn, card)
	if err != nil {
		return err
	}
	for _, a := range answers {
		if a.EventID == eventID {
			if err := txn.Delete(answerKey(a)); err != nil {
				return err
			}
			return txn.Delete(answerAtKey(a))
		}
	}
	return nil
}

func cardAnswers(txn *badger.Txn, card string) ([]review.Answer, error) {
	var out []review.Answer
	err := eachJSON(txn, answerPrefix(card), nil, func(_ []byte, a *review.Answer) (bool, error) {
		out = append(out, *a)
		return true, nil
	})
	return out, err
}

// eachJSON decodes the values under prefix from seek on, until fn says stop.
func eachJSON[T any](txn *badger.Txn, prefix, seek []byte, fn func(key []byte, v *T) (bool, error)) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	if seek == nil {
		seek = prefix
	}
	for it.Seek(seek); it.Valid(); it.Next() {
		var v T
		if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &v) }); err != nil {
			return fmt.Errorf("%s: %w", it.Item().Key(), err)
		}
		if more, err := fn(it.Item().KeyCopy(nil), &v); err != nil || !more {
			return err
		}
	}
	return nil
}

// Card returns a card that exists and is not deleted.
func (s *Store) Card(ctx context.Context, id string) (*review.Card, error) {
	var rec *review.Record
	err := s.db.View(func(txn *badger.Txn) (err error) {
		rec, err = loadRecord(txn, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !rec.Exists || rec.Card.Deleted {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "no card %q", id)
	}
	return &rec.Card, nil
}

// cardsByIndex loads the cards whose ids end the keys under prefix.
// keep says whether to take an entry and whether to look further.
func (s *Store) cardsByIndex(prefix []byte, limit int, keep func(key, val []byte) (take, more bool)) ([]*review.Card, error) {
	var out []*review.Card
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid() && (limit <= 0 || len(out) < limit); it.Next() {
			k := it.Item().Key()
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if keep != nil {
				take, more := keep(k, v)
				if !more {
					break
				}
				if !take {
					continue
				}
			}
			id := string(k[bytes.LastIndexByte(k, 0)+1:])
			rec, err := loadRecord(txn, id)
			if err != nil {
				return err
			}
			if rec.Exists && !rec.Card.Deleted {
				out = append(out, &rec.Card)
			}
		}
		return nil
	})
	return out, err
}

// Due lists active answered cards due at or before the given time, those
// in learning steps and those in review merged by due time.
func (s *Store) Due(ctx context.Context, deck string, before time.Time, limit int) ([]*review.Card, error) {
	learning, err := s.DueLearning(ctx, deck, before, limit)
	if err != nil {
		return nil, err
	}
	reviews, err := s.DueReviews(ctx, deck, before, limit)
	if err != nil {
		return nil, err
	}
	all := append(learning, reviews...)
	slices.SortStableFunc(all, func(a, b *review.Card) int { return a.Due.Compare(b.Due) })
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// DueLearning lists cards in learning or relearning steps due by before.
func (s *Store) DueLearning(ctx context.Context, deck string, before time.Time, limit int) ([]*review.Card, error) {
	return s.dueIn(preCardLearn, deck, before, limit)
}

// DueReviews lists cards in review due by before.
func (s *Store) DueReviews(ctx context.Context, deck string, before time.Time, limit int) ([]*review.Card, error) {
	return s.dueIn(preCardDue, deck, before, limit)
}

func (s *Store) dueIn(prefix, deck string, before time.Time, limit int) ([]*review.Card, error) {
	end := []byte(prefix + msKey(before) + "\x01")
	return s.cardsByIndex([]byte(prefix), limit, func(k, v []byte) (bool, bool) {
		if bytes.Compare(k, end) >= 0 {
			return false, false
		}
		return deck == "" || string(v) == deck, true
	})
}

// CountDue counts cards due by before from the indexes alone: all those in
// learning steps, and those in review up to limit.
func (s *Store) CountDue(ctx context.Context, deck string, before time.Time, limit int) (learning, reviews int, err error) {
	count := func(txn *badger.Txn, prefix string, limit int) (int, error) {
		n := 0
		end := []byte(prefix + msKey(before) + "\x01")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: deck != "", PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.Valid() && (limit < 0 || n < limit); it.Next() {
			if bytes.Compare(it.Item().Key(), end) >= 0 {
				break
			}
			match := deck == ""
			if !match {
				if err := it.Item().Value(func(v []byte) error { match = string(v) == deck; return nil }); err != nil {
					return n, err
				}
			}
			if match {
				n++
			}
		}
		return n, nil
	}
	err = s.db.View(func(txn *badger.Txn) (err error) {
		if learning, err = count(txn, preCardLearn, -1); err != nil {
			return err
		}
		reviews, err = count(txn, preCardDue, limit)
		return err
	})
	return learning, reviews, err
}

// NewCards lists active new cards, oldest first.
func (s *Store) NewCards(ctx context.Context, deck string, limit int) ([]*review.Card, error) {
	return s.cardsByIndex([]byte(preCardNew), limit, func(_, v []byte) (bool, bool) {
		return deck == "" || string(v) == deck, true
	})
}

// CountNew counts active new cards of a deck ("" for all), up to limit,
// from the index alone.
func (s *Store) CountNew(ctx context.Context, deck string, limit int) (int, error) {
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preCardNew), PrefetchValues: deck != "", PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.Valid() && n < limit; it.Next() {
			if deck == "" {
				n++
				continue
			}
			err := it.Item().Value(func(v []byte) error {
				if string(v) == deck {
					n++
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// CardsBySource lists the cards made from an item or lesson.
func (s *Store) CardsBySource(ctx context.Context, sourceID string) ([]*review.Card, error) {
	cards, err := s.cardsByIndex(sourcePrefix(sourceID), 0, nil)
	slices.SortFunc(cards, func(a, b *review.Card) int { return strings.Compare(a.ID, b.ID) })
	return cards, err
}

// Forecast counts due cards per period from the due indexes' keys, reading
// a value (the deck) only for cards due by now.
func (s *Store) Forecast(ctx context.Context, now time.Time, ends []time.Time) ([]int, map[string]int, error) {
	per := make([]int, len(ends))
	byDeck := map[string]int{}
	if len(ends) == 0 {
		return per, byDeck, nil
	}
	endMs := make([]int64, len(ends))
	for i, e := range ends {
		endMs[i] = e.UnixMilli()
	}
	nowMs := now.UnixMilli()
	err := s.db.View(func(txn *badger.Txn) error {
		for _, prefix := range []string{preCardLearn, preCardDue} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
			period := 0
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().Key()
				ms, ok := parseMs(k[len(prefix):])
				if !ok {
					it.Close()
					return fmt.Errorf("due key %q is malformed", k)
				}
				for period < len(endMs) && ms >= endMs[period] {
					period++
				}
				if period == len(endMs) {
					break
				}
				per[period]++
				if ms <= nowMs {
					if err := it.Item().Value(func(v []byte) error { byDeck[string(v)]++; return nil }); err != nil {
						it.Close()
						return err
					}
				}
			}
			it.Close()
		}
		return nil
	})
	return per, byDeck, err
}

// parseMs reads the 15-digit millisecond prefix of a due key.
func parseMs(b []byte) (int64, bool) {
	if len(b) < 15 {
		return 0, false
	}
	var n int64
	for _, c := range b[:15] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// Decks counts cards per deck from the deck index's keys alone.
func (s *Store) Decks(ctx context.Context) ([]review.DeckCount, error) {
	var out []review.DeckCount
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preCardDeck)})
		defer it.Close()
		var d *review.DeckCount
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[len(preCardDeck):]
			i := bytes.IndexByte(k, 0)
			if i < 0 || i+1 >= len(k) {
				return fmt.Errorf("deck key %q is malformed", k)
			}
			if d == nil || d.Name != string(k[:i]) {
				out = append(out, review.DeckCount{Name: string(k[:i])})
				d = &out[len(out)-1]
			}
			d.Total++
			switch string(k[i+1 : i+2]) {
			case deckNew:
				d.New++
			case deckSusp:
				d.Suspended++
			}
		}
		return nil
	})
	if out == nil {
		out = []review.DeckCount{}
	}
	return out, err
}

// Answers returns a card's answers in replay order.
func (s *Store) Answers(ctx context.Context, cardID string) ([]review.Answer, error) {
	var out []review.Answer
	err := s.db.View(func(txn *badger.Txn) (err error) {
		out, err = cardAnswers(txn, cardID)
		return err
	})
	return out, err
}

// AnswersBetween returns answers given in [from, to), by time.
func (s *Store) AnswersBetween(ctx context.Context, from, to time.Time) ([]review.Answer, error) {
	var out []review.Answer
	end := []byte(preAnswerAt + msKey(to))
	err := s.db.View(func(txn *badger.Txn) error {
		return eachJSON(txn, []byte(preAnswerAt), []byte(preAnswerAt+msKey(from)), func(k []byte, a *review.Answer) (bool, error) {
			if bytes.Compare(k, end) >= 0 {
				return false, nil
			}
			out = append(out, *a)
			return true, nil
		})
	})
	return out, err
}

// AllAnswers yields every answer not undone, by time, a page at a time so
// no transaction stays open across the caller's work.
func (s *Store) AllAnswers(ctx context.Context) iter.Seq2[review.Answer, error] {
	return func(yield func(review.Answer, error) bool) {
		seek := []byte(preAnswerAt)
		for {
			var page []review.Answer
			var last []byte
			err := s.db.View(func(txn *badger.Txn) error {
				return eachJSON(txn, []byte(preAnswerAt), seek, func(k []byte, a *review.Answer) (bool, error) {
					page, last = append(page, *a), k
					return len(page) < 1000, nil
				})
			})
			if err != nil {
				yield(review.Answer{}, err)
				return
			}
			for _, a := range page {
				if err := ctx.Err(); err != nil {
					yield(review.Answer{}, err)
					return
				}
				if !yield(a, nil) {
					return
				}
			}
			if len(page) < 1000 {
				return
			}
			seek = append(last, 0)
		}
	}
}

// Reschedule replays the cards of the given decks (every deck if none).
// It walks card records and answers, both kept in card-id order, side by
// side in read transactions of a few thousand cards, and writes only the
// cards whose schedule changed. Replay is deterministic, so a stop half
// way leaves every card either old or new and a rerun finishes it.
func (s *Store) Reschedule(ctx context.Context, decks ...string) (int, error) {
	want := map[string]bool{}
	for _, d := range decks {
		want[d] = true
	}
	seek := []byte(preCard)
	total := 0
	for seek != nil {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var plans []planned
		var n int
		var err error
		for range 5 { // retried when a review lands on the same cards meanwhile
			plans, n, seek, err = s.planWindow(seek, want, 2000)
			if err == nil {
				err = s.writePlans(plans)
			}
			if !errors.Is(err, badger.ErrConflict) {
				break
			}
		}
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// planWindow replays up to limit cards from seek on, returning the changed
// ones, how many cards of the wanted decks it looked at, and where to go on
// (nil at the end).
func (s *Store) planWindow(seek []byte, decks map[string]bool, limit int) (plans []planned, n int, next []byte, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		st, err := reviewSettings(txn)
		if err != nil {
			return err
		}
		cards := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preCard), PrefetchValues: true, PrefetchSize: 100})
		defer cards.Close()
		answers := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preAnswer), PrefetchValues: true, PrefetchSize: 100})
		defer answers.Close()
		seen := 0
		answers.Rewind()
		for cards.Seek(seek); cards.Valid(); cards.Next() {
			if seen == limit {
				next = cards.Item().KeyCopy(nil)
				return nil
			}
			seen++
			item := cards.Item()
			rec := &review.Record{}
			if err := item.Value(func(b []byte) error { return jsonUnmarshal(b, rec) }); err != nil {
				return fmt.Errorf("%s: %w", item.Key(), err)
			}
			id := rec.Card.ID
			if !rec.Exists || rec.Card.Deleted || (len(decks) > 0 && !decks[rec.Card.Deck]) {
				continue
			}
			n++
			// Answers are in card-id order too: step past earlier cards'
			// answers (seeking only to jump a long way), then take this
			// card's.
			prefix := answerPrefix(id)
			if answers.Valid() && bytes.Compare(answers.Item().Key(), prefix) < 0 {
				answers.Seek(prefix)
			}
			var log []review.Answer
			for ; answers.ValidForPrefix(prefix); answers.Next() {
				var a review.Answer
				if err := answers.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &a) }); err != nil {
					return fmt.Errorf("%s: %w", answers.Item().Key(), err)
				}
				log = append(log, a)
			}
			old := rec.Card
			before := indexOf(rec)
			rec.Card.SetSchedule(review.Replay(id, log, st.Params(rec.Card.Deck)))
			if !sameSchedule(&old, &rec.Card) {
				plans = append(plans, planned{rec: rec, before: before, version: item.Version()})
			}
		}
		return nil
	})
	return plans, n, next, err
}

// writePlans writes replayed cards in transactions of 500; a card changed
// since it was read fails the write with badger.ErrConflict.
func (s *Store) writePlans(plans []planned) error {
	for chunk := range slices.Chunk(plans, 500) {
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, p := range chunk {
				item, err := txn.Get(cardKey(p.rec.Card.ID))
				if err != nil {
					return err
				}
				if item.Version() != p.version {
					return badger.ErrConflict
				}
				if err := writeCard(txn, p.rec, p.before); err != nil {
					return err
				}
				// Made with other parameters: the next answer replays all.
				if err := saveMark(txn, p.rec.Card.ID, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// planned is a card's new record worked out in a read transaction.
type planned struct {
	rec     *review.Record
	before  cardIndex
	version uint64 // of the card record read
}

func sameSchedule(a, b *review.Card) bool {
	return a.State == b.State && a.Due.Equal(b.Due) && a.Stability == b.Stability &&
		a.Difficulty == b.Difficulty && a.Reps == b.Reps && a.Lapses == b.Lapses && a.StepsLeft == b.StepsLeft
}

// AnswerByID returns an answer that is in the log and not undone.
func (s *Store) AnswerByID(ctx context.Context, eventID string) (*review.Answer, error) {
	var ev inflow.Event
	err := s.db.View(func(txn *badger.Txn) error {
		if _, err := txn.Get(undoKey(eventID)); err == nil {
			return inflow.Errorf(inflow.ENOTFOUND, "answer %q was undone", eventID)
		}
		return getJSON(txn, eventKey(eventID), &ev)
	})
	if errors.Is(err, badger.ErrKeyNotFound) || (err == nil && ev.Type != review.EventAnswered) {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "no answer %q", eventID)
	}
	if err != nil {
		return nil, err
	}
	a, err := review.AnswerOf(&ev)
	return &a, err
}
