package review

import (
	"hash/fnv"
	"slices"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
)

// Replay computes a card's schedule from its answers (undone ones already
// left out) with the deck's parameters. Answers are taken in Compare order
// whatever order they are given in; a review time earlier than the one
// before it (a device clock behind) counts as the same moment, so time
// never runs backwards inside a schedule.
func Replay(cardID string, answers []Answer, p fsrs.Params) fsrs.Schedule {
	sorted := slices.Clone(answers)
	slices.SortFunc(sorted, Answer.Compare)
	var s fsrs.Schedule
	var last time.Time
	for _, a := range sorted {
		at := a.At
		if at.Before(last) {
			at = last
		}
		last = at
		s = p.Next(s, at, a.Rating, Seed(cardID, s.Reps))
	}
	return s
}

// Seed is the fuzz seed of a card's next answer: the same on every device,
// different between cards so cards learned together drift apart.
func Seed(cardID string, reps int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(cardID))
	return h.Sum64() + uint64(reps)*0x9e3779b97f4a7c15
}
