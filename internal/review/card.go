package review

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// SourceKind says where a card came from.
type SourceKind string

// Card sources: an item's key points or a selection in it, the person's own
// writing, an Anki collection, an FSRS review-log CSV, a course lesson.
const (
	SourceItem   SourceKind = "item"
	SourcePerson SourceKind = "person"
	SourceAnki   SourceKind = "anki"
	SourceCSV    SourceKind = "csv"
	SourceLesson SourceKind = "lesson"
)

// Source links a card to what it was made from, so the review session can
// open it.
type Source struct {
	Kind  SourceKind `json:"kind"`
	ID    string     `json:"id"`    // item or lesson id; "" when written by hand
	Title string     `json:"title"` // the source's title when the card was made
}

// Limits on card text, so one card cannot bloat the store or the UI.
const (
	MaxPromptLen = 10_000
	MaxAnswerLen = 20_000
	MaxDeckLen   = 120
	DefaultDeck  = "General"
)

// Content is what a person writes on a card.
type Content struct {
	Deck   string `json:"deck"`
	Prompt string `json:"prompt"`
	Answer string `json:"answer"`
	Source Source `json:"source"`
}

// Normalize trims the text, fills in the default deck, and reports content
// a card cannot have.
func (c *Content) Normalize() error {
	c.Deck = strings.Join(strings.Fields(c.Deck), " ")
	if c.Deck == "" {
		c.Deck = DefaultDeck
	}
	c.Prompt = strings.TrimSpace(c.Prompt)
	c.Answer = strings.TrimSpace(c.Answer)
	switch {
	case c.Prompt == "":
		return inflow.Errorf(inflow.EINVALID, "a card needs a prompt")
	case c.Answer == "":
		return inflow.Errorf(inflow.EINVALID, "a card needs an answer")
	case utf8.RuneCountInString(c.Prompt) > MaxPromptLen:
		return inflow.Errorf(inflow.EINVALID, "the prompt is longer than %d characters", MaxPromptLen)
	case utf8.RuneCountInString(c.Answer) > MaxAnswerLen:
		return inflow.Errorf(inflow.EINVALID, "the answer is longer than %d characters", MaxAnswerLen)
	case utf8.RuneCountInString(c.Deck) > MaxDeckLen:
		return inflow.Errorf(inflow.EINVALID, "the deck name is longer than %d characters", MaxDeckLen)
	case !utf8.ValidString(c.Prompt + c.Answer + c.Deck):
		return inflow.Errorf(inflow.EINVALID, "the card is not valid UTF-8 text")
	case c.Source.Kind == "":
		c.Source.Kind = SourcePerson
	}
	if c.Source.ID != "" && !inflow.ValidID(c.Source.ID) {
		return inflow.Errorf(inflow.EINVALID, "source id %q is not valid", c.Source.ID)
	}
	return nil
}

// Card is one prompt and answer with its schedule. The schedule fields are
// derived (Replay); the rest comes from card events.
type Card struct {
	ID      string    `json:"id"`
	Deck    string    `json:"deck"`
	Prompt  string    `json:"prompt"`
	Answer  string    `json:"answer"`
	Source  Source    `json:"source"`
	Created time.Time `json:"created"`

	State      string     `json:"state"` // new, learning, review, relearning
	Due        time.Time  `json:"due"`
	Stability  float64    `json:"stability"`
	Difficulty float64    `json:"difficulty"`
	Reps       int        `json:"reps"`
	Lapses     int        `json:"lapses"`
	LastReview *time.Time `json:"lastReview,omitempty"`
	StepsLeft  int        `json:"stepsLeft"`
	Scheduled  int        `json:"scheduledDays"`

	Suspended bool `json:"suspended"`
	Deleted   bool `json:"deleted,omitempty"`
}

// Schedule returns the card's FSRS schedule.
func (c *Card) Schedule() fsrs.Schedule {
	s := fsrs.Schedule{
		State: parseState(c.State), Stability: c.Stability, Difficulty: c.Difficulty,
		Due: c.Due, ScheduledDays: c.Scheduled, StepsLeft: c.StepsLeft,
		Reps: c.Reps, Lapses: c.Lapses,
	}
	if c.LastReview != nil {
		s.LastReview = *c.LastReview
	}
	return s
}

// SetSchedule stores a schedule on the card. A card never answered is due
// from its creation.
func (c *Card) SetSchedule(s fsrs.Schedule) {
	c.State = s.State.String()
	c.Stability, c.Difficulty = s.Stability, s.Difficulty
	c.Due, c.Scheduled, c.StepsLeft = s.Due, s.ScheduledDays, s.StepsLeft
	c.Reps, c.Lapses = s.Reps, s.Lapses
	c.LastReview = nil
	if !s.LastReview.IsZero() {
		t := s.LastReview
		c.LastReview = &t
	}
	if s.State == fsrs.New {
		c.Due = c.Created
	}
}

// IsNew reports whether the card was never answered.
func (c *Card) IsNew() bool { return c.State == "" || c.State == fsrs.New.String() }

// Active reports whether the card takes part in reviews.
func (c *Card) Active() bool { return !c.Suspended && !c.Deleted }

func parseState(s string) fsrs.State {
	for _, st := range []fsrs.State{fsrs.Learning, fsrs.Review, fsrs.Relearning} {
		if st.String() == s {
			return st
		}
	}
	return fsrs.New
}
