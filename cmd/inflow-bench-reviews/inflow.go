package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/ids"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/review"
)

// now is the benchmark's fixed "today"; the synthetic history ends here.
var now = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// history makes a synthetic review history: cards in 20 decks, each with a
// few answers spread over the last months, so that about one card in ten
// is due now and some are new. Seeded: every run makes the same history.
func history(cards, answers int) ([]*inflow.Event, int) {
	rng := rand.New(rand.NewPCG(1, 2))
	var evs []*inflow.Event
	n := 0
	per := max(answers/cards, 1)
	for c := range cards {
		id := fmt.Sprintf("card/%07d", c)
		start := now.Add(-time.Duration(30+rng.IntN(300)) * 24 * time.Hour)
		evs = append(evs, event(review.EventCardCreated, id, start, review.Content{
			Deck: fmt.Sprintf("Deck %02d", c%20), Prompt: fmt.Sprintf("Prompt of card %d", c), Answer: "Answer",
		}))
		if c%10 == 0 {
			continue // new cards
		}
		at := start
		for range per {
			at = at.Add(time.Duration(1+rng.IntN(20)) * 24 * time.Hour / 2)
			if at.After(now) {
				break
			}
			evs = append(evs, event(review.EventAnswered, id, at, review.AnswerData{Rating: fsrs.Rating(2 + rng.IntN(3)), DurationMs: 6000}))
			n++
		}
	}
	return evs, n
}

var idgen = ids.UUIDv7{}

func event(typ inflow.EventType, card string, at time.Time, data any) *inflow.Event {
	ev := &inflow.Event{ID: idgen.NewID(), Type: typ, Subject: card, Device: "bench", Time: at, HLC: inflow.HLC{Wall: at.UnixMilli()}}
	ev.Data, _ = jsonMarshal(data)
	return ev
}

type fixedClock struct{ t *time.Time }

func (c fixedClock) Now() time.Time { return *c.t }

func run(ctx context.Context, c config) error {
	evs, answered := history(c.cards, c.cards*8)
	logf("history: %d cards, %d answers", c.cards, answered)
	st, err := badgerstore.Open(filepath.Join(c.dir, "store"), badgerstore.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	t := time.Now()
	if _, err := st.RecordMany(ctx, evs); err != nil {
		return err
	}
	logf("stored in %s", time.Since(t).Round(time.Millisecond))
	clockTime := now
	clock := fixedClock{&clockTime}
	lib, err := library.New(ctx, library.Config{Store: st, Clock: clock, IDs: idgen, Device: "bench"})
	if err != nil {
		return err
	}
	svc := review.NewService(review.Config{Store: st, Settings: st, Recorder: lib, IDs: idgen, Clock: clock, Location: time.UTC})
	home, err := svc.Home(ctx)
	if err != nil {
		return err
	}
	logf("due now %d (default limits), new %d, total %d", home.DueNow, home.NewAvailable, home.TotalCards)
	next, err := medianOf(c.runs, c.samples, func(int) error { _, err := svc.Next(ctx, ""); return err })
	if err != nil {
		return err
	}
	emitLatency("review_next_100k", "inflow", next, c.samples, c.runs)
	// The same with the daily limits at their maximum: every due card counts.
	st2 := review.DefaultSettings()
	st2.ReviewsPerDay, st2.NewPerDay = 99_999, 9_999
	if _, err := svc.SaveSettings(ctx, st2); err != nil {
		return err
	}
	nextAll, err := medianOf(c.runs, c.samples, func(int) error { _, err := svc.Next(ctx, ""); return err })
	if err != nil {
		return err
	}
	emitLatency("review_next_100k_nolimits", "inflow", nextAll, c.samples, c.runs)
	homeL, err := medianOf(c.runs, c.samples/4, func(int) error { _, err := svc.Home(ctx); return err })
	if err != nil {
		return err
	}
	emitLatency("review_home_100k", "inflow", homeL, c.samples/4, c.runs)

	due, err := svc.DueList(ctx, "", 0)
	if err != nil {
		return err
	}
	answer, err := medianOf(c.runs, c.samples, func(i int) error {
		card := due[i%len(due)]
		_, err := svc.Answer(ctx, card.ID, fsrs.Good, 5*time.Second, time.Time{})
		return err
	})
	if err != nil {
		return err
	}
	emitLatency("review_answer_durable", "inflow", answer, c.samples, c.runs)

	sq, err := sqliteBench(ctx, c, evs)
	if err != nil {
		return err
	}
	emitRatio("review_next_100k", sq.next, next)
	emitRatio("review_answer_durable", sq.answer, answer)

	return replayBench(ctx, c, st)
}

// replayBench replays review logs into card states: pure, over c.answers
// entries, and through the store for every card.
func replayBench(ctx context.Context, c config, st *badgerstore.Store) error {
	rng := rand.New(rand.NewPCG(3, 4))
	const perCard = 10
	cards := c.answers / perCard
	logs := make([][]review.Answer, cards)
	for i := range logs {
		at := now.AddDate(-2, 0, 0)
		for j := range perCard {
			at = at.Add(time.Duration(1+rng.IntN(30)) * 24 * time.Hour)
			logs[i] = append(logs[i], review.Answer{EventID: fmt.Sprint(j), Rating: fsrs.Rating(1 + rng.IntN(4)), At: at, HLC: inflow.HLC{Wall: at.UnixMilli()}})
		}
	}
	params := fsrs.DefaultParams()
	runtime.GC()
	var ms runtime.MemStats
	t := time.Now()
	for i, l := range logs {
		_ = review.Replay(fmt.Sprint(i), l, params)
	}
	d := time.Since(t)
	runtime.ReadMemStats(&ms)
	emit(metric{Name: "review_replay_pure", Value: d.Seconds(), Unit: "s", N: cards * perCard})
	emit(metric{Name: "review_replay_pure_rate", Value: float64(cards*perCard) / d.Seconds(), Unit: "entries/s", N: cards * perCard})

	t = time.Now()
	n, err := st.Reschedule(ctx)
	if err != nil {
		return err
	}
	d = time.Since(t)
	var total int
	for a, err := range st.AllAnswers(ctx) {
		if err != nil {
			return err
		}
		_ = a
		total++
	}
	emit(metric{Name: "review_reschedule_store", Value: d.Seconds(), Unit: "s", N: n})
	emit(metric{Name: "review_reschedule_store_rate", Value: float64(total) / d.Seconds(), Unit: "entries/s", N: total})
	return nil
}
