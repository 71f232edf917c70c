package reviewimport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// Recorder stores a batch of events (the library, which stamps them).
type Recorder interface {
	RecordMany(ctx context.Context, evs []*inflow.Event) (int, error)
}

// Cards looks up existing cards.
type Cards interface {
	Card(ctx context.Context, id string) (*review.Card, error)
}

// Summary says what an import did.
type Summary struct {
	Cards      int      `json:"cards"`      // cards the history is about
	NewCards   int      `json:"newCards"`   // of those, made by this import
	Answers    int      `json:"answers"`    // answers read
	Duplicates int      `json:"duplicates"` // cards and answers already there from an earlier import
	Skipped    int      `json:"skipped"`    // rows or cards left out, see Notes
	Decks      []string `json:"decks,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// eventID is a UUIDv7-shaped id whose time part is t and whose other bits
// hash the parts: the same history always gets the same ids, and the log
// still sorts by time.
func eventID(t time.Time, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var u uuid.UUID
	copy(u[:], h.Sum(nil))
	ms := uint64(max(t.UnixMilli(), 0))
	for i := range 6 {
		u[i] = byte(ms >> (40 - 8*i))
	}
	u[6] = u[6]&0x0f | 0x70 // version 7
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

// hashID is a short stable id part from arbitrary text.
func hashID(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:10])
}

// stamped makes an event dated t with an HLC at t.
func stamped(typ inflow.EventType, id, card string, t time.Time, data any) *inflow.Event {
	ev := &inflow.Event{ID: id, Type: typ, Subject: card, Time: t.UTC(), HLC: inflow.HLC{Wall: t.UnixMilli()}}
	if data != nil {
		ev.Data, _ = json.Marshal(data)
	}
	return ev
}

// exists reports whether a card is already there.
func exists(ctx context.Context, cards Cards, id string) (bool, error) {
	_, err := cards.Card(ctx, id)
	switch inflow.ErrorCode(err) {
	case "":
		return err == nil, nil
	case inflow.ENOTFOUND:
		return false, nil
	}
	return false, err
}
