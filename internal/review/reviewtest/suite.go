// Package reviewtest is the conformance suite every review.Store must
// pass. It drives a store only through recorded events, as the library and
// sync do, and checks what the store's read methods then say.
package reviewtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// Harness is one fresh store under test.
type Harness struct {
	Store  review.Store
	Events interface {
		Record(context.Context, *inflow.Event) error
	}
	Settings review.SettingsStore
}

// Open makes a fresh, empty store for one test.
type Open func(t *testing.T) Harness

// Run runs every conformance test against stores made by open.
func Run(t *testing.T, open Open) {
	tests := map[string]func(*testing.T, Open){
		"CreateAndIndexes":         testCreate,
		"AnswerSchedules":          testAnswer,
		"ReplayOrderIndependent":   testReplayProperty,
		"Undo":                     testUndo,
		"UndoBeforeAnswerArrives":  testUndoFirst,
		"AnswersBeforeCard":        testAnswersBeforeCard,
		"LastWriterWins":           testLWW,
		"DeleteIsFinal":            testDelete,
		"BadEventsRefused":         testBadEvents,
		"Query":                    testQuery,
		"RescheduleAfterRetention": testReschedule,
		"AllAnswersPages":          testAllAnswers,
		"AnswerByIDAndBetween":     testAnswerLookup,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) { fn(t, open) })
	}
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// ev builds an event at t0 plus ms milliseconds, stamped with that HLC.
func ev(id string, typ inflow.EventType, card, device string, ms int64, data any) *inflow.Event {
	e := &inflow.Event{
		ID: id, Type: typ, Subject: card, Device: device,
		HLC: inflow.HLC{Wall: t0.UnixMilli() + ms}, Time: t0.Add(time.Duration(ms) * time.Millisecond),
	}
	if data != nil {
		e.Data, _ = json.Marshal(data)
	}
	return e
}

func created(id, card string, ms int64, deck, prompt string) *inflow.Event {
	return ev(id, review.EventCardCreated, card, "dev-a", ms, review.Content{Deck: deck, Prompt: prompt, Answer: "answer of " + prompt})
}

func answered(id, card, device string, ms int64, r fsrs.Rating) *inflow.Event {
	return ev(id, review.EventAnswered, card, device, ms, review.AnswerData{Rating: r, DurationMs: 4000})
}

func record(t *testing.T, h Harness, evs ...*inflow.Event) {
	t.Helper()
	for _, e := range evs {
		if err := h.Events.Record(context.Background(), e); err != nil {
			t.Fatalf("record %s %s: %v", e.Type, e.ID, err)
		}
	}
}

func card(t *testing.T, h Harness, id string) *review.Card {
	t.Helper()
	c, err := h.Store.Card(context.Background(), id)
	if err != nil {
		t.Fatalf("card %s: %v", id, err)
	}
	return c
}

const day = 24 * 3600 * 1000

func testCreate(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "Linux", "tar?"), created("e2", "c2", 10, "Linux", "ls?"), created("e3", "c3", 20, "Safety", "helmet?"))
	c := card(t, h, "c1")
	if c.Deck != "Linux" || c.Prompt != "tar?" || !c.IsNew() || !c.Created.Equal(t0) || !c.Due.Equal(t0) {
		t.Errorf("card: %+v", c)
	}
	fresh, err := h.Store.NewCards(ctx, "Linux", 0)
	if err != nil || len(fresh) != 2 || fresh[0].ID != "c1" || fresh[1].ID != "c2" {
		t.Errorf("new cards of Linux: %v %v", ids(fresh), err)
	}
	if n, err := h.Store.CountNew(ctx, "Linux", 10); n != 2 || err != nil {
		t.Errorf("count new of Linux: %d %v", n, err)
	}
	if n, _ := h.Store.CountNew(ctx, "", 2); n != 2 {
		t.Errorf("count new up to 2: %d", n)
	}
	if fresh, _ := h.Store.NewCards(ctx, "", 1); len(fresh) != 1 || fresh[0].ID != "c1" {
		t.Errorf("first new card: %v", ids(fresh))
	}
	decks, err := h.Store.Decks(ctx)
	want := []review.DeckCount{{Name: "Linux", Total: 2, New: 2}, {Name: "Safety", Total: 1, New: 1}}
	if err != nil || !reflect.DeepEqual(decks, want) {
		t.Errorf("decks %+v, want %+v (%v)", decks, want, err)
	}
	if _, err := h.Store.Card(ctx, "nope"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("missing card: %v", err)
	}
	record(t, h, ev("e4", review.EventCardCreated, "c4", "dev-a", 30, review.Content{Prompt: "p", Answer: "a", Source: review.Source{Kind: review.SourceItem, ID: "pack/item"}}))
	if got, _ := h.Store.CardsBySource(ctx, "pack/item"); len(got) != 1 || got[0].ID != "c4" || got[0].Deck != review.DefaultDeck {
		t.Errorf("cards by source: %+v", got)
	}
}

func testAnswer(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"), answered("a1", "c1", "dev-a", 1000, fsrs.Good))
	c := card(t, h, "c1")
	if c.State != "learning" || c.Reps != 1 || c.Due.Sub(t0.Add(time.Second)) != 10*time.Minute || c.LastReview == nil {
		t.Fatalf("after good: %+v", c)
	}
	if fresh, _ := h.Store.NewCards(ctx, "", 0); len(fresh) != 0 {
		t.Errorf("answered card still new: %v", ids(fresh))
	}
	due, err := h.Store.Due(ctx, "", t0.Add(11*time.Minute), 0)
	if err != nil || len(due) != 1 {
		t.Fatalf("due: %v %v", ids(due), err)
	}
	if due, _ := h.Store.Due(ctx, "", t0.Add(5*time.Minute), 0); len(due) != 0 {
		t.Errorf("due too early: %v", ids(due))
	}
	if due, _ := h.Store.Due(ctx, "other", t0.Add(time.Hour), 0); len(due) != 0 {
		t.Errorf("deck filter: %v", ids(due))
	}
	per, byDeck, err := h.Store.Forecast(ctx, t0.Add(11*time.Minute), []time.Time{t0.Add(5 * time.Minute), t0.Add(time.Hour), t0.Add(2 * time.Hour)})
	if err != nil || per[0] != 0 || per[1] != 1 || per[2] != 0 || byDeck["D"] != 1 || len(byDeck) != 1 {
		t.Errorf("forecast: %v %v %v", per, byDeck, err)
	}
	if l, r, err := h.Store.CountDue(ctx, "D", t0.Add(11*time.Minute), -1); l != 1 || r != 0 || err != nil {
		t.Errorf("count due while learning: %d %d %v", l, r, err)
	}
	if cs, _ := h.Store.DueLearning(ctx, "", t0.Add(11*time.Minute), 1); len(cs) != 1 {
		t.Errorf("due learning: %v", ids(cs))
	}
	if cs, _ := h.Store.DueReviews(ctx, "", t0.Add(11*time.Minute), 1); len(cs) != 0 {
		t.Errorf("due reviews while learning: %v", ids(cs))
	}
	record(t, h, answered("a2", "c1", "dev-a", 11*60*1000, fsrs.Good))
	c = card(t, h, "c1")
	if c.State != "review" || c.Scheduled < 1 {
		t.Fatalf("graduated: %+v", c)
	}
	if per, byDeck, _ := h.Store.Forecast(ctx, t0, []time.Time{c.Due, c.Due.Add(time.Second)}); per[0] != 0 || per[1] != 1 || len(byDeck) != 0 {
		t.Errorf("forecast after graduating: %v %v", per, byDeck)
	}
	if l, r, _ := h.Store.CountDue(ctx, "", c.Due, -1); l != 0 || r != 1 {
		t.Errorf("count due in review: %d %d", l, r)
	}
	if l, r, _ := h.Store.CountDue(ctx, "other", c.Due, -1); l != 0 || r != 0 {
		t.Errorf("count due of another deck: %d %d", l, r)
	}
	if cs, _ := h.Store.DueReviews(ctx, "D", c.Due, 5); len(cs) != 1 {
		t.Errorf("due reviews: %v", ids(cs))
	}
	answers, _ := h.Store.Answers(ctx, "c1")
	if len(answers) != 2 || !answers[0].First || answers[1].First || answers[0].Duration != 4*time.Second {
		t.Errorf("answers: %+v", answers)
	}
	// Replaying the stored log by hand gives the stored schedule.
	want := review.Replay("c1", answers, review.DefaultSettings().Params("D"))
	got := c.Schedule()
	if !got.Due.Equal(want.Due) || got.Stability != want.Stability || got.State != want.State {
		t.Errorf("stored %+v, replayed %+v", got, want)
	}
}

// testReplayProperty delivers the same events in random orders to fresh
// stores and expects identical cards: the property sync relies on.
func testReplayProperty(t *testing.T, open Open) {
	rng := rand.New(rand.NewPCG(7, 11))
	var evs []*inflow.Event
	for c := range 4 {
		id := fmt.Sprintf("card-%d", c)
		evs = append(evs, created(fmt.Sprintf("c%d", c), id, int64(c), "D", id))
		ms := int64(1000)
		for i := range 12 {
			dev := []string{"dev-a", "dev-b"}[rng.IntN(2)]
			ms += rng.Int64N(3 * day)
			evs = append(evs, answered(fmt.Sprintf("a-%d-%02d", c, i), id, dev, ms, fsrs.Rating(1+rng.IntN(4))))
		}
		evs = append(evs, ev(fmt.Sprintf("u%d", c), review.EventUndone, id, "dev-b", ms+1, review.UndoData{Answer: fmt.Sprintf("a-%d-05", c)}))
		evs = append(evs, ev(fmt.Sprintf("s%d", c), review.EventCardSuspended, id, "dev-a", 50+int64(c), nil))
		evs = append(evs, ev(fmt.Sprintf("r%d", c), review.EventCardResumed, id, "dev-b", 40+int64(c), nil))
	}
	var first []*review.Card
	for round := range 4 {
		h := open(t)
		order := rng.Perm(len(evs))
		if round == 0 {
			order = nil
			for i := range evs {
				order = append(order, i)
			}
		}
		for _, i := range order {
			record(t, h, evs[i])
		}
		var got []*review.Card
		for c := range 4 {
			got = append(got, card(t, h, fmt.Sprintf("card-%d", c)))
		}
		if round == 0 {
			first = got
			for _, c := range got {
				if c.Reps != 11 || !c.Suspended {
					t.Fatalf("in order: %+v", c)
				}
			}
			continue
		}
		for i := range got {
			a, _ := json.Marshal(first[i])
			b, _ := json.Marshal(got[i])
			if string(a) != string(b) {
				t.Fatalf("round %d, card %d differs:\n in order %s\n shuffled %s", round, i, a, b)
			}
		}
	}
}

func testUndo(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"), answered("a1", "c1", "dev-a", 1000, fsrs.Good))
	before := card(t, h, "c1")
	record(t, h, answered("a2", "c1", "dev-a", 2000, fsrs.Again))
	if card(t, h, "c1").Reps != 2 {
		t.Fatal("second answer not applied")
	}
	record(t, h, ev("u1", review.EventUndone, "c1", "dev-a", 3000, review.UndoData{Answer: "a2"}))
	after := card(t, h, "c1")
	if after.Reps != before.Reps || !after.Due.Equal(before.Due) || after.State != before.State {
		t.Errorf("undo: before %+v, after %+v", before, after)
	}
	if _, err := h.Store.AnswerByID(ctx, "a2"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("undone answer still found: %v", err)
	}
	if got, _ := h.Store.AnswersBetween(ctx, t0, t0.Add(time.Hour)); len(got) != 1 {
		t.Errorf("answers between after undo: %+v", got)
	}
	record(t, h, ev("u0", review.EventUndone, "c1", "dev-a", 4000, review.UndoData{Answer: "a1"}))
	if c := card(t, h, "c1"); !c.IsNew() || c.Reps != 0 {
		t.Errorf("all answers undone: %+v", c)
	}
	if fresh, _ := h.Store.NewCards(ctx, "", 0); len(fresh) != 1 {
		t.Errorf("card not new again: %v", ids(fresh))
	}
}

func testUndoFirst(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"),
		ev("u1", review.EventUndone, "c1", "dev-b", 3000, review.UndoData{Answer: "a1"}),
		answered("a1", "c1", "dev-b", 1000, fsrs.Easy))
	if c := card(t, h, "c1"); !c.IsNew() {
		t.Errorf("answer undone before it arrived was applied: %+v", c)
	}
	if a, _ := h.Store.Answers(ctx, "c1"); len(a) != 0 {
		t.Errorf("answers: %+v", a)
	}
}

func testAnswersBeforeCard(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, answered("a1", "c1", "dev-b", 1000, fsrs.Good), answered("a2", "c1", "dev-b", 2*day, fsrs.Good))
	if _, err := h.Store.Card(ctx, "c1"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("card exists before it was created: %v", err)
	}
	if due, _ := h.Store.Due(ctx, "", t0.AddDate(1, 0, 0), 0); len(due) != 0 {
		t.Errorf("uncreated card due: %v", ids(due))
	}
	record(t, h, created("e1", "c1", 0, "D", "q"))
	if c := card(t, h, "c1"); c.Reps != 2 || c.State != "review" {
		t.Errorf("card created after its answers: %+v", c)
	}
}

func testLWW(t *testing.T, open Open) {
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {0, 4, 3, 2, 1}, {3, 1, 4, 0, 2}} {
		h := open(t)
		evs := []*inflow.Event{
			created("e1", "c1", 0, "D", "v1"),
			ev("e2", review.EventCardEdited, "c1", "dev-a", 100, review.Content{Deck: "D", Prompt: "v2", Answer: "x"}),
			ev("e3", review.EventCardEdited, "c1", "dev-b", 100, review.Content{Deck: "E", Prompt: "v3", Answer: "y"}), // same HLC, device b wins
			ev("e4", review.EventCardSuspended, "c1", "dev-a", 200, nil),
			ev("e5", review.EventCardResumed, "c1", "dev-b", 150, nil), // older: loses
		}
		for _, i := range order {
			record(t, h, evs[i])
		}
		c := card(t, h, "c1")
		if c.Prompt != "v3" || c.Deck != "E" || !c.Suspended || !c.Created.Equal(t0) {
			t.Errorf("order %v: %+v", order, c)
		}
		decks, _ := h.Store.Decks(context.Background())
		if len(decks) != 1 || decks[0].Name != "E" || decks[0].Suspended != 1 || decks[0].New != 0 {
			t.Errorf("order %v: decks %+v", order, decks)
		}
		if fresh, _ := h.Store.NewCards(context.Background(), "", 0); len(fresh) != 0 {
			t.Errorf("suspended card is offered as new")
		}
	}
}

func testDelete(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"), answered("a1", "c1", "dev-a", 10, fsrs.Good),
		ev("d1", review.EventCardDeleted, "c1", "dev-a", 20, nil),
		ev("e2", review.EventCardEdited, "c1", "dev-b", 30, review.Content{Prompt: "later", Answer: "x"}))
	if _, err := h.Store.Card(ctx, "c1"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("deleted card: %v", err)
	}
	if d, _ := h.Store.Decks(ctx); len(d) != 0 {
		t.Errorf("decks after delete: %+v", d)
	}
	if due, _ := h.Store.Due(ctx, "", t0.AddDate(1, 0, 0), 0); len(due) != 0 {
		t.Errorf("deleted card due")
	}
}

func testBadEvents(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"))
	for _, e := range []*inflow.Event{
		ev("b1", review.EventAnswered, "c1", "d", 1, review.AnswerData{Rating: 5}),
		ev("b2", review.EventCardCreated, "c2", "d", 1, review.Content{Prompt: "", Answer: "x"}),
		ev("b3", review.EventUndone, "c1", "d", 1, review.UndoData{Answer: "../x y"}),
		{ID: "b4", Type: review.EventAnswered, Subject: "c1", Data: json.RawMessage(`{"rating":"good"}`)},
		ev("b5", review.EventCardCreated, "bad id!", "d", 1, review.Content{Prompt: "p", Answer: "a"}),
	} {
		if err := h.Events.Record(ctx, e); inflow.ErrorCode(err) != inflow.EINVALID {
			t.Errorf("%s: %v, want invalid", e.ID, err)
		}
	}
	if c := card(t, h, "c1"); !c.IsNew() {
		t.Errorf("bad answer changed the card: %+v", c)
	}
	if _, err := h.Store.Card(ctx, "c2"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("invalid card stored: %v", err)
	}
}

func testQuery(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	for i := range 30 {
		deck := []string{"Linux", "Safety"}[i%2]
		record(t, h, created(fmt.Sprintf("e%02d", i), fmt.Sprintf("c%02d", i), int64(i), deck, fmt.Sprintf("prompt %d about %s", i, deck)))
	}
	record(t, h, answered("a1", "c00", "dev-a", 100, fsrs.Easy), ev("s1", review.EventCardSuspended, "c02", "dev-a", 100, nil))
	type want struct {
		q     review.Query
		total int
		first string
	}
	for _, w := range []want{
		{review.Query{}, 30, "c01"}, // c00 answered: due later than the new cards
		{review.Query{Deck: "Linux"}, 15, "c02"},
		{review.Query{Text: "ABOUT safety 1"}, 7, "c01"},
		{review.Query{State: "review"}, 1, "c00"},
		{review.Query{State: "suspended"}, 1, "c02"},
		{review.Query{State: "new", Deck: "Linux"}, 13, "c04"},
		{review.Query{State: "due", DueBefore: t0.AddDate(0, 2, 0)}, 1, "c00"},
		{review.Query{State: "due", DueBefore: t0}, 0, ""},
		{review.Query{Limit: 10, Offset: 25}, 30, "c26"},
		{review.Query{Offset: 99}, 30, ""},
	} {
		p, err := h.Store.Cards(ctx, w.q)
		if err != nil {
			t.Fatalf("%+v: %v", w.q, err)
		}
		first := ""
		if len(p.Cards) > 0 {
			first = p.Cards[0].ID
		}
		if p.Total != w.total || first != w.first {
			t.Errorf("%+v: total %d first %q, want %d %q", w.q, p.Total, first, w.total, w.first)
		}
	}
}

func testReschedule(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"), created("e2", "c2", 0, "E", "q"),
		answered("a1", "c1", "dev-a", 10, fsrs.Easy), answered("a2", "c2", "dev-a", 10, fsrs.Easy))
	d1, e1 := card(t, h, "c1").Due, card(t, h, "c2").Due
	st := review.DefaultSettings()
	st.DeckRetention = map[string]float64{"D": 0.97}
	if err := h.Settings.SetSetting(ctx, review.SettingsKey, st); err != nil {
		t.Fatal(err)
	}
	n, err := h.Store.Reschedule(ctx, "D")
	if err != nil || n != 1 {
		t.Fatalf("reschedule: %d %v", n, err)
	}
	if d2 := card(t, h, "c1").Due; !d2.Before(d1) {
		t.Errorf("higher retention did not bring the card forward: %v then %v", d1, d2)
	}
	if e2 := card(t, h, "c2").Due; !e2.Equal(e1) {
		t.Errorf("other deck changed: %v then %v", e1, e2)
	}
	if per, _, _ := h.Store.Forecast(ctx, t0, []time.Time{t0.AddDate(1, 0, 0)}); per[0] != 2 {
		t.Errorf("due index after reschedule: %v", per)
	}
}

func testAllAnswers(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	const n = 2100
	for i := range n {
		c := fmt.Sprintf("c%02d", i%30)
		if i < 30 {
			record(t, h, created("e"+c, c, 0, "D", "q"))
		}
		record(t, h, answered(fmt.Sprintf("a%05d", i), c, "dev-a", int64(i+1)*1000, fsrs.Good))
	}
	var got int
	var last time.Time
	for a, err := range h.Store.AllAnswers(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if a.At.Before(last) {
			t.Fatalf("out of order at %d", got)
		}
		last = a.At
		got++
	}
	if got != n {
		t.Errorf("all answers: %d, want %d", got, n)
	}
}

func testAnswerLookup(t *testing.T, open Open) {
	h, ctx := open(t), context.Background()
	record(t, h, created("e1", "c1", 0, "D", "q"), answered("a1", "c1", "dev-a", 1000, fsrs.Hard), answered("a2", "c1", "dev-a", 2*day, fsrs.Good))
	a, err := h.Store.AnswerByID(ctx, "a1")
	if err != nil || a.CardID != "c1" || a.Rating != fsrs.Hard {
		t.Errorf("answer by id: %+v %v", a, err)
	}
	if _, err := h.Store.AnswerByID(ctx, "e1"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("a card event is not an answer: %v", err)
	}
	got, _ := h.Store.AnswersBetween(ctx, t0.Add(day*time.Millisecond), t0.Add(3*day*time.Millisecond))
	if len(got) != 1 || got[0].EventID != "a2" {
		t.Errorf("between: %+v", got)
	}
}

func ids(cs []*review.Card) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// Batcher is implemented by stores that record many events at once.
type Batcher interface {
	RecordMany(context.Context, []*inflow.Event) (int, error)
}

func testBatch(t *testing.T, open Open) {
	rng := rand.New(rand.NewPCG(3, 5))
	var evs []*inflow.Event
	for c := range 20 {
		id := fmt.Sprintf("card-%d", c)
		evs = append(evs, created("c"+id, id, int64(c), []string{"D", "E"}[c%2], id))
		ms := int64(1000)
		for i := range 60 {
			ms += rng.Int64N(2 * day)
			evs = append(evs, answered(fmt.Sprintf("a-%02d-%02d", c, i), id, "dev-a", ms, fsrs.Rating(1+rng.IntN(4))))
		}
		evs = append(evs, ev("u"+id, review.EventUndone, id, "dev-a", ms+1, review.UndoData{Answer: fmt.Sprintf("a-%02d-07", c)}))
	}
	one, many := open(t), open(t)
	b, ok := many.Events.(Batcher)
	if !ok {
		t.Skip("store has no RecordMany")
	}
	record(t, one, evs...)
	rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	n, err := b.RecordMany(context.Background(), append(evs, evs[:10]...))
	if err != nil || n != len(evs) {
		t.Fatalf("record many: %d %v, want %d", n, err, len(evs))
	}
	for c := range 20 {
		id := fmt.Sprintf("card-%d", c)
		a, _ := json.Marshal(card(t, one, id))
		m, _ := json.Marshal(card(t, many, id))
		if string(a) != string(m) {
			t.Fatalf("%s differs:\n one by one %s\n batched    %s", id, a, m)
		}
	}
	d1, _ := one.Store.Decks(context.Background())
	d2, _ := many.Store.Decks(context.Background())
	if !reflect.DeepEqual(d1, d2) {
		t.Errorf("decks: %+v vs %+v", d1, d2)
	}
	bad := []*inflow.Event{created("x1", "new-card", 0, "D", "q"), answered("x2", "new-card", "d", 1, 9)}
	if _, err := b.RecordMany(context.Background(), bad); inflow.ErrorCode(err) != inflow.EINVALID {
		t.Errorf("bad batch: %v", err)
	}
	if _, err := many.Store.Card(context.Background(), "new-card"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("a failed batch left a card behind: %v", err)
	}
}
