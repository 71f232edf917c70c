package review

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Recorder stores an event, filling in what the caller left empty: the id
// (a new UUIDv7), the device, the HLC stamp and the time. The library is
// the Recorder: it owns the device's clock.
type Recorder interface {
	RecordEvent(ctx context.Context, ev *inflow.Event) error
}

// SettingsStore keeps small JSON settings.
type SettingsStore interface {
	Setting(ctx context.Context, key string, v any) (bool, error)
	SetSetting(ctx context.Context, key string, v any) error
}

// IDSource makes new card ids.
type IDSource interface{ NewID() string }

// Service is spaced review for one profile: making and editing cards,
// answering them, and the numbers the home screen shows.
type Service struct {
	store    Store
	settings SettingsStore
	rec      Recorder
	ids      IDSource
	clock    inflow.Clock
	loc      *time.Location
}

// Config holds what a Service is built from. Location is the person's time
// zone, which decides where days and weeks begin (local time if nil).
type Config struct {
	Store    Store
	Settings SettingsStore
	Recorder Recorder
	IDs      IDSource
	Clock    inflow.Clock
	Location *time.Location
}

// NewService returns a Service.
func NewService(c Config) *Service {
	if c.Clock == nil {
		c.Clock = inflow.SystemClock{}
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	return &Service{store: c.Store, settings: c.Settings, rec: c.Recorder, ids: c.IDs, clock: c.Clock, loc: c.Location}
}

// Store returns the card store, for read-only listings.
func (s *Service) Store() Store { return s.store }

func (s *Service) record(ctx context.Context, typ inflow.EventType, card string, data any, at time.Time) (*inflow.Event, error) {
	ev := &inflow.Event{Type: typ, Subject: card, Time: at}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return nil, err
		}
		ev.Data = b
	}
	if err := s.rec.RecordEvent(ctx, ev); err != nil {
		return nil, err
	}
	return ev, nil
}

// Create makes a card from content written by a person (or imported).
func (s *Service) Create(ctx context.Context, c Content) (*Card, error) {
	if err := c.Normalize(); err != nil {
		return nil, err
	}
	id := "card/" + s.ids.NewID()
	if _, err := s.record(ctx, EventCardCreated, id, c, time.Time{}); err != nil {
		return nil, err
	}
	return s.store.Card(ctx, id)
}

// Edit replaces a card's deck, prompt and answer; its source stays.
func (s *Service) Edit(ctx context.Context, id string, c Content) (*Card, error) {
	cur, err := s.store.Card(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Source = cur.Source
	if err := c.Normalize(); err != nil {
		return nil, err
	}
	if _, err := s.record(ctx, EventCardEdited, id, c, time.Time{}); err != nil {
		return nil, err
	}
	if c.Deck != cur.Deck {
		// The new deck may have another retention.
		if _, err := s.store.Reschedule(ctx, c.Deck); err != nil {
			return nil, err
		}
	}
	return s.store.Card(ctx, id)
}

// Suspend takes a card out of reviews (on) or puts it back.
func (s *Service) Suspend(ctx context.Context, id string, on bool) (*Card, error) {
	cur, err := s.store.Card(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Suspended != on {
		typ := EventCardResumed
		if on {
			typ = EventCardSuspended
		}
		if _, err := s.record(ctx, typ, id, nil, time.Time{}); err != nil {
			return nil, err
		}
	}
	return s.store.Card(ctx, id)
}

// Delete removes a card for good; its answers stay in the log.
func (s *Service) Delete(ctx context.Context, id string) error {
	if _, err := s.store.Card(ctx, id); err != nil {
		return err
	}
	_, err := s.record(ctx, EventCardDeleted, id, nil, time.Time{})
	return err
}

// AnswerResult is a recorded answer and the card's new schedule.
type AnswerResult struct {
	EventID string `json:"eventId"`
	Card    *Card  `json:"card"`
}

// Answer records a rating for a card, answered at `at` (now if zero) after
// thinking for `took`.
func (s *Service) Answer(ctx context.Context, id string, r fsrs.Rating, took time.Duration, at time.Time) (*AnswerResult, error) {
	if !r.Valid() {
		return nil, inflow.Errorf(inflow.EINVALID, "rating %d is not 1 to 4", r)
	}
	cur, err := s.store.Card(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Suspended {
		return nil, inflow.Errorf(inflow.ECONFLICT, "card %q is suspended", id)
	}
	if took < 0 {
		took = 0
	}
	data := AnswerData{Rating: r, DurationMs: min(took, MaxAnswerDuration).Milliseconds()}
	ev, err := s.record(ctx, EventAnswered, id, data, at)
	if err != nil {
		return nil, err
	}
	card, err := s.store.Card(ctx, id)
	if err != nil {
		return nil, err
	}
	return &AnswerResult{EventID: ev.ID, Card: card}, nil
}

// Undo cancels an answer; the card's schedule is replayed without it.
func (s *Service) Undo(ctx context.Context, answerID string) (*Card, error) {
	a, err := s.store.AnswerByID(ctx, answerID)
	if err != nil {
		return nil, err
	}
	if _, err := s.record(ctx, EventUndone, a.CardID, UndoData{Answer: answerID}, time.Time{}); err != nil {
		return nil, err
	}
	return s.store.Card(ctx, a.CardID)
}

// Settings returns the review settings, defaults filled in.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	st := DefaultSettings()
	if _, err := s.settings.Setting(ctx, SettingsKey, &st); err != nil {
		return st, err
	}
	if st.Validate() != nil {
		st = DefaultSettings()
	}
	return st, nil
}

// SaveSettings validates and stores settings, then reschedules the decks
// whose retention changed (see Reconcile).
func (s *Service) SaveSettings(ctx context.Context, st Settings) (Settings, error) {
	if err := st.Validate(); err != nil {
		return st, inflow.Errorf(inflow.EINVALID, "%v", err)
	}
	if err := s.markScheduled(ctx); err != nil {
		return st, err
	}
	if err := s.settings.SetSetting(ctx, SettingsKey, st); err != nil {
		return st, fmt.Errorf("save review settings: %w", err)
	}
	if _, err := s.Reconcile(ctx); err != nil {
		return st, err
	}
	return st, nil
}

// SetDeckRetention sets one deck's desired retention.
func (s *Service) SetDeckRetention(ctx context.Context, deck string, r float64) error {
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	st = st.Clone()
	if st.DeckRetention == nil {
		st.DeckRetention = map[string]float64{}
	}
	st.DeckRetention[deck] = r
	_, err = s.SaveSettings(ctx, st)
	return err
}

// retentionChanges lists decks whose retention differs; every deck (an
// empty, non-nil list) when the default changed.
func retentionChanges(a, b Settings) []string {
	if a.DefaultRetention != b.DefaultRetention {
		return []string{}
	}
	var out []string
	for d := range a.DeckRetention {
		if a.Retention(d) != b.Retention(d) {
			out = append(out, d)
		}
	}
	for d := range b.DeckRetention {
		if _, ok := a.DeckRetention[d]; !ok && a.Retention(d) != b.Retention(d) {
			out = append(out, d)
		}
	}
	return out
}
