package review

import (
	"encoding/json"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Card and review event types. The subject of each is the card id.
const (
	EventCardCreated   inflow.EventType = "card.created"   // Data: Content
	EventCardEdited    inflow.EventType = "card.edited"    // Data: Content
	EventCardSuspended inflow.EventType = "card.suspended" // no data
	EventCardResumed   inflow.EventType = "card.unsuspended"
	EventCardDeleted   inflow.EventType = "card.deleted"
	EventAnswered      inflow.EventType = "review.answered" // Data: AnswerData
	EventUndone        inflow.EventType = "review.undone"   // Data: UndoData
)

// IsReviewEvent reports whether a store must hand ev to this package.
func IsReviewEvent(t inflow.EventType) bool {
	switch t {
	case EventCardCreated, EventCardEdited, EventCardSuspended, EventCardResumed,
		EventCardDeleted, EventAnswered, EventUndone:
		return true
	}
	return false
}

// AnswerData is the payload of an answer. The review time is the event's
// Time.
type AnswerData struct {
	Rating     fsrs.Rating `json:"rating"`
	DurationMs int64       `json:"durationMs"` // time from prompt to answer
}

// MaxAnswerDuration caps the time one answer counts for, as Anki does, so
// a prompt left open over lunch does not count as an hour of learning.
const MaxAnswerDuration = 60 * time.Second

// UndoData names the answer an undo cancels.
type UndoData struct {
	Answer string `json:"answer"`
}

// Stamp identifies the event that last wrote a register, for
// last-writer-wins comparison.
type Stamp struct {
	HLC    inflow.HLC `json:"hlc"`
	Device string     `json:"device"`
	ID     string     `json:"id"`
}

func stampOf(ev *inflow.Event) Stamp { return Stamp{HLC: ev.HLC, Device: ev.Device, ID: ev.ID} }

// after reports whether s wins over o (see inflow.Event.Supersedes).
func (s Stamp) after(o Stamp) bool {
	if c := s.HLC.Compare(o.HLC); c != 0 {
		return c > 0
	}
	if s.Device != o.Device {
		return s.Device > o.Device
	}
	return s.ID > o.ID
}

// Record is what a store keeps per card: the card and the stamps of the
// events that last set its registers.
type Record struct {
	Card    Card   `json:"card"`
	Exists  bool   `json:"exists"`         // a created or edited event was seen
	Born    bool   `json:"born,omitempty"` // a created event was seen
	Content *Stamp `json:"content,omitempty"`
	Suspend *Stamp `json:"suspend,omitempty"`
}

// Fold applies a card event (not an answer or undo) to a record, last
// writer wins per register; deletion is final. It reports malformed data.
func Fold(r *Record, ev *inflow.Event) error {
	r.Card.ID = ev.Subject
	st := stampOf(ev)
	switch ev.Type {
	case EventCardCreated, EventCardEdited:
		var c Content
		if err := json.Unmarshal(ev.Data, &c); err != nil {
			return inflow.Errorf(inflow.EINVALID, "%s %s: %v", ev.Type, ev.ID, err)
		}
		if err := c.Normalize(); err != nil {
			return err
		}
		// Created is the earliest card.created time, or while none has
		// arrived the earliest edit's: the same whatever the arrival order.
		switch {
		case ev.Type == EventCardCreated && (!r.Born || ev.Time.Before(r.Card.Created)):
			r.Card.Created, r.Born = ev.Time.UTC(), true
		case !r.Born && (r.Card.Created.IsZero() || ev.Time.Before(r.Card.Created)):
			r.Card.Created = ev.Time.UTC()
		}
		r.Exists = true
		if r.Content == nil || st.after(*r.Content) {
			r.Content = &st
			r.Card.Deck, r.Card.Prompt, r.Card.Answer, r.Card.Source = c.Deck, c.Prompt, c.Answer, c.Source
		}
	case EventCardSuspended, EventCardResumed:
		if r.Suspend == nil || st.after(*r.Suspend) {
			r.Suspend = &st
			r.Card.Suspended = ev.Type == EventCardSuspended
		}
	case EventCardDeleted:
		r.Card.Deleted = true
	}
	return nil
}

// Answer is one answer in a card's review log.
type Answer struct {
	EventID  string        `json:"id"`
	CardID   string        `json:"card"`
	Rating   fsrs.Rating   `json:"rating"`
	At       time.Time     `json:"at"`
	Duration time.Duration `json:"duration"`
	HLC      inflow.HLC    `json:"hlc"`
	Device   string        `json:"device"`
	// First is set by the store on a card's first answer as it arrived,
	// to count new cards started in a day.
	First bool `json:"first,omitempty"`
}

// AnswerOf reads an answer event.
func AnswerOf(ev *inflow.Event) (Answer, error) {
	var d AnswerData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return Answer{}, inflow.Errorf(inflow.EINVALID, "answer %s: %v", ev.ID, err)
	}
	if !d.Rating.Valid() {
		return Answer{}, inflow.Errorf(inflow.EINVALID, "answer %s: rating %d is not 1 to 4", ev.ID, d.Rating)
	}
	dur := time.Duration(max(d.DurationMs, 0)) * time.Millisecond
	return Answer{
		EventID: ev.ID, CardID: ev.Subject, Rating: d.Rating, At: ev.Time.UTC(),
		Duration: min(dur, MaxAnswerDuration), HLC: ev.HLC, Device: ev.Device,
	}, nil
}

// UndoneAnswer reads the answer id an undo event cancels.
func UndoneAnswer(ev *inflow.Event) (string, error) {
	var d UndoData
	if err := json.Unmarshal(ev.Data, &d); err != nil || !inflow.ValidID(d.Answer) {
		return "", inflow.Errorf(inflow.EINVALID, "undo %s: no valid answer id", ev.ID)
	}
	return d.Answer, nil
}

// Compare orders answers for replay: by HLC, then device, then event id.
// HLC order respects causality across devices (an answer given after
// syncing another device's answers sorts after them), which wall-clock
// time on devices whose clocks disagree does not.
func (a Answer) Compare(b Answer) int {
	if c := a.HLC.Compare(b.HLC); c != 0 {
		return c
	}
	switch {
	case a.Device < b.Device:
		return -1
	case a.Device > b.Device:
		return 1
	case a.EventID < b.EventID:
		return -1
	case a.EventID > b.EventID:
		return 1
	}
	return 0
}
