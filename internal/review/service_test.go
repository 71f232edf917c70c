package review_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/ids"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/review"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func (c *clock) set(t time.Time)     { c.t = t }

// device is one profile: a store, a library that stamps events, a service.
type device struct {
	store *badgerstore.Store
	svc   *review.Service
	clock *clock
}

var berlin, _ = time.LoadLocation("Europe/Berlin")

func newDevice(t *testing.T, name string, start time.Time) *device {
	t.Helper()
	s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{t: start}
	lib, err := library.New(context.Background(), library.Config{Store: s, Clock: c, IDs: ids.UUIDv7{}, Device: name})
	if err != nil {
		t.Fatal(err)
	}
	svc := review.NewService(review.Config{Store: s, Settings: s, Recorder: lib, IDs: ids.UUIDv7{}, Clock: c, Location: berlin})
	return &device{store: s, svc: svc, clock: c}
}

// Monday 2 March 2026, 10:00 in Berlin.
var monday = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func create(t *testing.T, d *device, deck, prompt string) *review.Card {
	t.Helper()
	c, err := d.svc.Create(context.Background(), review.Content{Deck: deck, Prompt: prompt, Answer: "A: " + prompt})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func answer(t *testing.T, d *device, id string, r fsrs.Rating) *review.AnswerResult {
	t.Helper()
	res, err := d.svc.Answer(context.Background(), id, r, 5*time.Second, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSessionOrderAndLimits(t *testing.T) {
	d, ctx := newDevice(t, "dev-a", monday), context.Background()
	st := review.DefaultSettings()
	st.NewPerDay = 3
	if _, err := d.svc.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	var cards []*review.Card
	for i := range 5 {
		cards = append(cards, create(t, d, "D", fmt.Sprintf("q%d", i)))
		d.clock.add(time.Second)
	}
	p, err := d.svc.Next(ctx, "")
	if err != nil || p == nil || p.Card.ID != cards[0].ID || p.Remaining != 3 {
		t.Fatalf("first prompt: %+v %v", p, err)
	}
	if iv := p.Intervals; iv.Again != "1m" || iv.Hard != "6m" || iv.Good != "10m" || !strings.HasSuffix(iv.Easy, "d") {
		t.Errorf("intervals of a new card: %+v", p.Intervals)
	}
	answer(t, d, cards[0].ID, fsrs.Good) // learning, due in 10 minutes
	answer(t, d, cards[1].ID, fsrs.Easy) // graduated
	p, _ = d.svc.Next(ctx, "")
	if p.Card.ID != cards[2].ID || p.Remaining != 1 {
		t.Fatalf("third new card: %+v", p)
	}
	answer(t, d, cards[2].ID, fsrs.Again)
	// The new-card limit is used up; learning steps are shown ahead.
	p, _ = d.svc.Next(ctx, "")
	if p == nil || p.Card.ID != cards[2].ID {
		t.Fatalf("learn ahead: %+v", p)
	}
	d.clock.add(11 * time.Minute)
	p, _ = d.svc.Next(ctx, "")
	if p == nil || p.Card.ID != cards[2].ID || p.Remaining != 2 {
		t.Fatalf("earliest due learning step first: %+v", p)
	}
	answer(t, d, cards[0].ID, fsrs.Good)
	answer(t, d, cards[2].ID, fsrs.Good)
	answer(t, d, cards[2].ID, fsrs.Good)
	if p, _ := d.svc.Next(ctx, ""); p != nil {
		t.Fatalf("session should be over: %+v", p.Card)
	}
	// Next morning the new limit resets.
	d.clock.set(monday.Add(24 * time.Hour))
	if p, _ := d.svc.Next(ctx, "other deck"); p != nil {
		t.Errorf("deck filter: %+v", p.Card)
	}
	list, err := d.svc.DueList(ctx, "", 0)
	if err != nil || len(list) != 2 || list[0].ID != cards[3].ID {
		t.Errorf("due list next day: %v %v", len(list), err)
	}
}

func TestHome(t *testing.T) {
	d, ctx := newDevice(t, "dev-a", monday), context.Background()
	a := create(t, d, "Linux", "tar")
	b := create(t, d, "Linux", "ls")
	create(t, d, "Safety", "helmet")
	answer(t, d, a.ID, fsrs.Good)
	answer(t, d, a.ID, fsrs.Good) // graduated: due in 2 days
	answer(t, d, b.ID, fsrs.Good) // learning, due in 10 minutes
	d.clock.add(15 * time.Minute)
	h, err := d.svc.Home(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.DueNow != 1 || h.NewAvailable != 1 || h.TotalCards != 3 || h.ReviewsThisWeek != 3 || h.SecondsThisWeek != 15 || h.WeeklyGoalMinutes != 24 {
		t.Errorf("home: %+v", h)
	}
	if len(h.Forecast) != 7 || h.Forecast[0].Date != "2026-03-02" || h.Forecast[0].Count != 1 || h.DueToday != 1 {
		t.Errorf("forecast: %+v", h.Forecast)
	}
	total := 0
	for _, f := range h.Forecast {
		total += f.Count
	}
	if total != 2 || h.Forecast[2].Count != 1 {
		t.Errorf("forecast %+v, want today and in two days", h.Forecast)
	}
	if len(h.Decks) != 2 || h.Decks[0] != (review.DeckSummary{Name: "Linux", Total: 2, Due: 1, New: 0, Retention: 0.9}) {
		t.Errorf("decks: %+v", h.Decks)
	}
	// A week later the week's reviews start again from zero.
	d.clock.set(monday.AddDate(0, 0, 7))
	if h, _ := d.svc.Home(ctx); h.ReviewsThisWeek != 0 {
		t.Errorf("reviews in a new week: %d", h.ReviewsThisWeek)
	}
}

func TestEditSuspendDeleteUndo(t *testing.T) {
	d, ctx := newDevice(t, "dev-a", monday), context.Background()
	c := create(t, d, "", "q")
	if c.Deck != review.DefaultDeck || c.Source.Kind != review.SourcePerson {
		t.Errorf("defaults: %+v", c)
	}
	if _, err := d.svc.Edit(ctx, c.ID, review.Content{Deck: "D", Prompt: "  ", Answer: "a"}); inflow.ErrorCode(err) != inflow.EINVALID {
		t.Errorf("empty prompt: %v", err)
	}
	e, err := d.svc.Edit(ctx, c.ID, review.Content{Deck: "D", Prompt: "new q", Answer: "new a"})
	if err != nil || e.Prompt != "new q" || e.Deck != "D" {
		t.Fatalf("edit: %+v %v", e, err)
	}
	if s, _ := d.svc.Suspend(ctx, c.ID, true); !s.Suspended {
		t.Error("not suspended")
	}
	if _, err := d.svc.Answer(ctx, c.ID, fsrs.Good, 0, time.Time{}); inflow.ErrorCode(err) != inflow.ECONFLICT {
		t.Errorf("answering a suspended card: %v", err)
	}
	d.svc.Suspend(ctx, c.ID, false)
	r1 := answer(t, d, c.ID, fsrs.Good)
	r2 := answer(t, d, c.ID, fsrs.Good)
	if r2.Card.State != "review" {
		t.Fatalf("after two goods: %+v", r2.Card)
	}
	back, err := d.svc.Undo(ctx, r2.EventID)
	if err != nil || back.State != r1.Card.State || !back.Due.Equal(r1.Card.Due) {
		t.Errorf("undo: %+v %v, want %+v", back, err, r1.Card)
	}
	if _, err := d.svc.Undo(ctx, r2.EventID); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("undo twice: %v", err)
	}
	if err := d.svc.Delete(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.store.Card(ctx, c.ID); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("deleted: %v", err)
	}
	if _, err := d.svc.Answer(ctx, "nope", fsrs.Good, 0, time.Time{}); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Errorf("missing card: %v", err)
	}
}

func TestSettings(t *testing.T) {
	d, ctx := newDevice(t, "dev-a", monday), context.Background()
	c := create(t, d, "D", "q")
	answer(t, d, c.ID, fsrs.Easy)
	before, _ := d.store.Card(ctx, c.ID)
	for _, bad := range []review.Settings{
		{WeeklyGoalMinutes: 0, NewPerDay: 20, ReviewsPerDay: 200, DefaultRetention: 0.9},
		{WeeklyGoalMinutes: 24, NewPerDay: -1, ReviewsPerDay: 200, DefaultRetention: 0.9},
		{WeeklyGoalMinutes: 24, NewPerDay: 20, ReviewsPerDay: 200, DefaultRetention: 0.5},
	} {
		if _, err := d.svc.SaveSettings(ctx, bad); inflow.ErrorCode(err) != inflow.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if st, _ := d.svc.Settings(ctx); st.WeeklyGoalMinutes != 24 {
		t.Errorf("a refused save changed settings: %+v", st)
	}
	if err := d.svc.SetDeckRetention(ctx, "D", 0.8); err != nil {
		t.Fatal(err)
	}
	after, _ := d.store.Card(ctx, c.ID)
	if !after.Due.After(before.Due) {
		t.Errorf("lower retention should push the card out: %v → %v", before.Due, after.Due)
	}
	if h, _ := d.svc.Home(ctx); h.Decks[0].Retention != 0.8 {
		t.Errorf("deck retention on home: %+v", h.Decks)
	}
}

func TestRemember(t *testing.T) {
	d, ctx := newDevice(t, "dev-a", monday), context.Background()
	tldr := &inflow.Item{
		ID: "tldr/en/common/tar", Title: "tar", Topic: "common",
		KeyPoints: []string{"Create an archive", "Extract an archive"},
		Body:      "> Archiving utility.\n\n- Create an archive:\n\n`tar cf target.tar file1`\n\n- Extract an archive:\n\n`tar xf source.tar`\n",
	}
	cards, err := d.svc.Remember(ctx, tldr)
	if err != nil || len(cards) != 2 {
		t.Fatalf("remember: %d %v", len(cards), err)
	}
	if cards[0].Prompt != "tar: Create an archive" || cards[0].Answer != "tar cf target.tar file1" || cards[1].Answer != "tar xf source.tar" || cards[0].Deck != "common" {
		t.Errorf("cards: %+v / %+v", cards[0], cards[1])
	}
	if cards[0].Source != (review.Source{Kind: review.SourceItem, ID: tldr.ID, Title: "tar"}) {
		t.Errorf("source: %+v", cards[0].Source)
	}
	again, _ := d.svc.Remember(ctx, tldr)
	if len(again) != 2 || again[0].ID != cards[0].ID {
		t.Errorf("remember twice: %d cards", len(again))
	}
	guide := &inflow.Item{ID: "guide/vpn", Title: "VPN", KeyPoints: []string{"Connect first", "Then sign in"}, Body: "Connect first. Then sign in."}
	gc, err := d.svc.Remember(ctx, guide)
	if err != nil || len(gc) != 1 || !strings.Contains(gc[0].Answer, "- Connect first\n- Then sign in") || gc[0].Deck != review.DefaultDeck {
		t.Errorf("summary card: %+v %v", gc, err)
	}
	if _, err := d.svc.Remember(ctx, &inflow.Item{ID: "x", Title: "x"}); inflow.ErrorCode(err) != inflow.EINVALID {
		t.Errorf("no key points: %v", err)
	}
	// Another device pressing "Remember this" makes the same cards.
	if review.FromItem(tldr)[1].ID != cards[1].ID {
		t.Error("ids are not derived from the item")
	}
}

func TestCodeBlocksAndFences(t *testing.T) {
	it := &inflow.Item{ID: "x", Title: "Git", KeyPoints: []string{"Undo the last commit", "Show history", "No code here"},
		Body: "## Undo\n\nUndo the last commit, keeping changes:\n\n```sh\ngit reset --soft HEAD~1\n```\n\nShow history: `git log --oneline`\n\n- No code here\n- Next point `with code`\n"}
	got := review.FromItem(it)
	if len(got) != 2 || got[0].Content.Answer != "git reset --soft HEAD~1" || got[1].Content.Answer != "git log --oneline" {
		t.Errorf("%+v", got)
	}
}

func TestLabel(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "<1m", time.Minute: "1m", 10 * time.Minute: "10m", 90 * time.Minute: "2h",
		25 * time.Hour: "1d", 8 * 24 * time.Hour: "8d", 45 * 24 * time.Hour: "1.5mo", 60 * 24 * time.Hour: "2mo",
		400 * 24 * time.Hour: "1.1y", 730 * 24 * time.Hour: "2y",
	} {
		if got := review.Label(d); got != want {
			t.Errorf("Label(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestTwoDevicesConverge: two devices start from the same cards, work
// offline with clocks hours apart, answer the same cards, then exchange
// their logs in random orders. Both must end with the same review logs and
// the same card states.
func TestTwoDevicesConverge(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	for trial := range 5 {
		ctx := context.Background()
		a := newDevice(t, "dev-a", monday)
		b := newDevice(t, "dev-b", monday.Add(-5*time.Hour)) // clock 5 hours behind
		var cards []string
		for i := range 6 {
			c := create(t, a, "D", fmt.Sprintf("q%d", i))
			cards = append(cards, c.ID)
		}
		exchange(t, a, b, rng)
		for step := range 60 {
			dev := []*device{a, b}[rng.IntN(2)]
			dev.clock.add(time.Duration(rng.IntN(36)) * time.Hour)
			id := cards[rng.IntN(len(cards))]
			res := answer(t, dev, id, fsrs.Rating(1+rng.IntN(4)))
			if rng.IntN(10) == 0 {
				if _, err := dev.svc.Undo(ctx, res.EventID); err != nil {
					t.Fatal(err)
				}
			}
			if rng.IntN(15) == 0 {
				exchange(t, a, b, rng) // an occasional sync
			}
			_ = step
		}
		exchange(t, a, b, rng)
		for _, id := range cards {
			ca, _ := a.store.Card(ctx, id)
			cb, _ := b.store.Card(ctx, id)
			ja, _ := json.Marshal(ca)
			jb, _ := json.Marshal(cb)
			if string(ja) != string(jb) {
				t.Fatalf("trial %d, card %s differs:\n a %s\n b %s", trial, id, ja, jb)
			}
			la, _ := a.store.Answers(ctx, id)
			lb, _ := b.store.Answers(ctx, id)
			if len(la) != len(lb) {
				t.Fatalf("trial %d: logs of %s differ: %d vs %d", trial, id, len(la), len(lb))
			}
		}
	}
}

// exchange copies every event each device lacks to the other, shuffled,
// as sync will.
func exchange(t *testing.T, a, b *device, rng *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	for _, pair := range [][2]*device{{a, b}, {b, a}} {
		evs, err := pair[0].store.Events(ctx, "", 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
		for _, ev := range evs {
			if err := pair[1].store.Record(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
	}
}
