package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Replay computes a card's schedule from its answers (undone ones already
// left out) with the deck's parameters. Answers are taken in Compare order
// whatever order they are given in; a review time earlier than the one
// before it (a device clock behind) counts as the same moment, so time
// never runs backwards inside a schedule.
func Replay(cardID string, answers []Answer, p fsrs.Params) fsrs.Schedule {
	s, _ := fold(cardID, nil, answers, p)
	return s
}

// fold folds answers, in Compare order, into the schedule of mark m (nil:
// a new card) and returns the result with the mark of where it stopped,
// nil when there was nothing to fold; the mark's Params is left empty.
func fold(cardID string, m *ReplayMark, answers []Answer, p fsrs.Params) (fsrs.Schedule, *ReplayMark) {
	sorted := slices.Clone(answers)
	slices.SortFunc(sorted, Answer.Compare)
	var s fsrs.Schedule
	var last time.Time
	if m != nil {
		s, last = m.Schedule, m.At
	}
	var out *ReplayMark
	for _, a := range sorted {
		at := a.At
		if at.Before(last) {
			at = last
		}
		last = at
		s = p.Next(s, at, a.Rating, Seed(cardID, s.Reps))
		out = &ReplayMark{Schedule: s, HLC: a.HLC, Device: a.Device, EventID: a.EventID, At: at}
	}
	return s, out
}

// Seed is the fuzz seed of a card's next answer: the same on every device,
// different between cards so cards learned together drift apart.
func Seed(cardID string, reps int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(cardID))
	return h.Sum64() + uint64(reps)*0x9e3779b97f4a7c15
}

// ReplayMark remembers where a card's replay stopped: the schedule after
// the last answer folded, that answer's sort key and time, and the
// parameters used. New answers that sort after it (the usual case: a
// fresh answer, or answers pulled in order) continue the fold from the
// mark instead of replaying every answer, with the same result.
type ReplayMark struct {
	Schedule fsrs.Schedule `json:"s"`
	// The sort key of the last answer folded (see Answer.Compare).
	HLC     inflow.HLC `json:"h"`
	Device  string     `json:"d"`
	EventID string     `json:"e"`
	At      time.Time  `json:"t"` // its time, as clamped
	Params  string     `json:"p"` // ParamsKey of the parameters used
}

// last is the mark's answer, for comparing with others.
func (m *ReplayMark) last() Answer { return Answer{HLC: m.HLC, Device: m.Device, EventID: m.EventID} }

// ParamsKey identifies parameters (a short digest), so a mark made with
// others is not used.
func ParamsKey(p fsrs.Params) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%v", p))
	return hex.EncodeToString(sum[:8])
}

// ReplayMarked is Replay returning the mark of where it stopped (nil
// when there are no answers).
func ReplayMarked(cardID string, answers []Answer, p fsrs.Params) (fsrs.Schedule, *ReplayMark) {
	return Continue(cardID, nil, answers, p)
}

// Continue folds answers into a card's schedule from a mark (nil: from
// the start). Every answer must sort after the mark's last one; the
// caller checks with CanContinue, else replays all answers.
func Continue(cardID string, m *ReplayMark, answers []Answer, p fsrs.Params) (fsrs.Schedule, *ReplayMark) {
	s, out := fold(cardID, m, answers, p)
	if out == nil {
		return s, m
	}
	out.Params = ParamsKey(p)
	return s, out
}

// CanContinue reports whether answers can be folded on from mark m with
// parameters p: the mark was made with p and every answer sorts after it.
func CanContinue(m *ReplayMark, answers []Answer, p fsrs.Params) bool {
	if m == nil || m.Params != ParamsKey(p) {
		return false
	}
	for _, a := range answers {
		if a.Compare(m.last()) <= 0 {
			return false
		}
	}
	return true
}
