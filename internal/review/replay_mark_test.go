package review_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// TestContinueEqualsReplay: folding answers on from a mark, in any split,
// gives exactly the schedule of a full replay.
func TestContinueEqualsReplay(t *testing.T) {
	p := review.DefaultSettings().Params("")
	r := rand.New(rand.NewPCG(7, 7))
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for trial := range 200 {
		var answers []review.Answer
		at := t0
		for i := range 1 + r.IntN(30) {
			at = at.Add(time.Duration(r.IntN(20*24)) * time.Hour)
			answers = append(answers, review.Answer{EventID: fmt.Sprintf("e%03d", i), CardID: "c", Rating: fsrs.Rating(1 + r.IntN(4)),
				At: at.Add(-time.Duration(r.IntN(3)) * time.Hour), HLC: inflow.HLC{Wall: at.UnixMilli()}, Device: "d"})
		}
		want := review.Replay("c", answers, p)
		split := r.IntN(len(answers) + 1)
		_, mark := review.ReplayMarked("c", answers[:split], p)
		if split > 0 && !review.CanContinue(mark, answers[split:], p) {
			t.Fatalf("trial %d: cannot continue in order", trial)
		}
		got, _ := review.Continue("c", mark, answers[split:], p)
		if got != want {
			t.Fatalf("trial %d split %d: %+v != %+v", trial, split, got, want)
		}
	}
	_, mark := review.ReplayMarked("c", []review.Answer{{EventID: "b", HLC: inflow.HLC{Wall: 2}, Rating: 3, At: t0}}, p)
	if review.CanContinue(mark, []review.Answer{{EventID: "a", HLC: inflow.HLC{Wall: 1}, Rating: 3, At: t0}}, p) {
		t.Error("an earlier answer continued the fold")
	}
	other := review.DefaultSettings()
	other.DefaultRetention = 0.8
	if review.CanContinue(mark, nil, other.Params("")) {
		t.Error("a mark made with other parameters was used")
	}
}
