package review

import (
	"fmt"
	"maps"
	"math"

	"github.com/inflow-learning/inflow/internal/fsrs"
)

// SettingsKey is the store setting that holds Settings.
const SettingsKey = "review.settings"

// Settings are a person's review preferences.
type Settings struct {
	WeeklyGoalMinutes int     `json:"weeklyGoalMinutes"`
	NewPerDay         int     `json:"newPerDay"`
	ReviewsPerDay     int     `json:"reviewsPerDay"`
	DefaultRetention  float64 `json:"defaultRetention"`
	// DeckRetention overrides DefaultRetention per deck.
	DeckRetention map[string]float64 `json:"deckRetention,omitempty"`
}

// DefaultSettings: a 24-minute weekly goal, 20 new cards and 200 reviews a
// day, 90% retention.
func DefaultSettings() Settings {
	return Settings{WeeklyGoalMinutes: 24, NewPerDay: 20, ReviewsPerDay: 200, DefaultRetention: 0.9}
}

// Retention bounds: below 0.7 reviews come too late to help, above 0.99
// they come too often to bear.
const (
	MinRetention = 0.70
	MaxRetention = 0.99
)

// Validate reports settings out of range.
func (s *Settings) Validate() error {
	switch {
	case s.WeeklyGoalMinutes < 1 || s.WeeklyGoalMinutes > 10_000:
		return fmt.Errorf("weekly goal %d minutes is not 1 to 10000", s.WeeklyGoalMinutes)
	case s.NewPerDay < 0 || s.NewPerDay > 9999:
		return fmt.Errorf("new cards per day %d is not 0 to 9999", s.NewPerDay)
	case s.ReviewsPerDay < 0 || s.ReviewsPerDay > 99999:
		return fmt.Errorf("reviews per day %d is not 0 to 99999", s.ReviewsPerDay)
	}
	if err := checkRetention(s.DefaultRetention); err != nil {
		return err
	}
	for deck, r := range s.DeckRetention {
		if err := checkRetention(r); err != nil {
			return fmt.Errorf("deck %q: %w", deck, err)
		}
	}
	return nil
}

func checkRetention(r float64) error {
	if math.IsNaN(r) || r < MinRetention || r > MaxRetention {
		return fmt.Errorf("retention %v is not %.2f to %.2f", r, MinRetention, MaxRetention)
	}
	return nil
}

// Retention is the desired retention of a deck.
func (s Settings) Retention(deck string) float64 {
	if r, ok := s.DeckRetention[deck]; ok && checkRetention(r) == nil {
		return r
	}
	if checkRetention(s.DefaultRetention) == nil {
		return s.DefaultRetention
	}
	return DefaultSettings().DefaultRetention
}

// Params are the scheduler parameters of a deck.
func (s Settings) Params(deck string) fsrs.Params {
	p := fsrs.DefaultParams()
	p.DesiredRetention = s.Retention(deck)
	return p
}

// Clone returns a deep copy.
func (s Settings) Clone() Settings {
	s.DeckRetention = maps.Clone(s.DeckRetention)
	return s
}
