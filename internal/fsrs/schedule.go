package fsrs

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Rating is how well a person recalled a card.
type Rating int8

// The four answers of a review.
const (
	Again Rating = iota + 1
	Hard
	Good
	Easy
)

// Ratings lists the four answers in button order.
var Ratings = [4]Rating{Again, Hard, Good, Easy}

// Valid reports whether r is one of the four answers.
func (r Rating) Valid() bool { return r >= Again && r <= Easy }

// String is the lower-case name used in events, the CLI and the UI.
func (r Rating) String() string {
	switch r {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("rating(%d)", int(r))
}

// ParseRating reads "again", "hard", "good", "easy" or "1" to "4".
func ParseRating(s string) (Rating, error) {
	switch s {
	case "again", "1":
		return Again, nil
	case "hard", "2":
		return Hard, nil
	case "good", "3":
		return Good, nil
	case "easy", "4":
		return Easy, nil
	}
	return 0, fmt.Errorf("rating %q is not again, hard, good, easy or 1 to 4", s)
}

// State is where a card is in its life.
type State int8

// Card states: never reviewed, in its first short steps, on day intervals,
// and back in short steps after a lapse.
const (
	New State = iota
	Learning
	Review
	Relearning
)

// String is the lower-case name used in JSON and the UI.
func (s State) String() string {
	switch s {
	case New:
		return "new"
	case Learning:
		return "learning"
	case Review:
		return "review"
	case Relearning:
		return "relearning"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// Schedule is a card's memory state and when it is next due.
type Schedule struct {
	State      State
	Stability  float64 // days until recall falls to 90%
	Difficulty float64 // 1 (easy) to 10 (hard)
	Due        time.Time
	LastReview time.Time
	// ScheduledDays is the interval chosen at the last review, 0 for steps.
	ScheduledDays int
	// StepsLeft counts the learning or relearning steps still to pass.
	StepsLeft int
	Reps      int
	Lapses    int
}

// Next returns the schedule after answering r at now. seed drives fuzz; the
// caller derives it from the card and its review count so replays agree.
func (p *Params) Next(s Schedule, now time.Time, r Rating, seed uint64) Schedule {
	switch s.State {
	case Learning, Relearning:
		return p.nextLearning(s, now, r, seed)
	case Review:
		return p.nextReview(s, now, r, seed)
	default:
		return p.nextNew(s, now, r, seed)
	}
}

// Preview returns the schedule each of the four answers would give, in
// Ratings order, for showing the next interval on each button.
func (p *Params) Preview(s Schedule, now time.Time, seed uint64) [4]Schedule {
	var out [4]Schedule
	for i, r := range Ratings {
		out[i] = p.Next(s, now, r, seed)
	}
	return out
}

func begin(s Schedule, now time.Time) Schedule {
	s.Reps++
	s.LastReview = now
	return s
}

func (p *Params) nextNew(s Schedule, now time.Time, r Rating, seed uint64) Schedule {
	n := begin(s, now)
	n.Difficulty = clampD(p.initDifficulty(r))
	n.Stability = p.initStability(r)
	steps := p.LearningSteps
	switch {
	case r == Easy || len(steps) == 0:
		p.graduate(&n, now, 0, seed)
	case r == Again:
		n.StepsLeft = len(steps)
		step(&n, now, steps[0], Learning)
	case r == Hard:
		n.StepsLeft = len(steps)
		step(&n, now, hardDelay(steps), Learning)
	default: // Good
		if d, ok := goodDelay(steps, len(steps)); ok {
			n.StepsLeft = len(steps) - 1
			step(&n, now, d, Learning)
		} else {
			p.graduate(&n, now, 0, seed)
		}
	}
	return n
}

func (p *Params) nextLearning(s Schedule, now time.Time, r Rating, seed uint64) Schedule {
	n := begin(s, now)
	elapsed := elapsedDays(s, now)
	n.Difficulty = p.nextDifficulty(s.Difficulty, r)
	n.Stability = p.stabilityAfter(s, elapsed, r)
	steps, to := p.LearningSteps, Learning
	if s.State == Relearning {
		steps, to = p.RelearningSteps, Relearning
	}
	noSteps := len(steps) == 0 || s.StepsLeft <= 0
	switch {
	case r == Easy || (noSteps && r != Good):
		p.graduate(&n, now, elapsed, seed)
	case r == Again:
		n.StepsLeft = len(steps)
		step(&n, now, steps[0], to)
	case r == Hard:
		step(&n, now, hardDelay(steps), to)
	default: // Good
		if d, ok := goodDelay(steps, s.StepsLeft); ok {
			n.StepsLeft = s.StepsLeft - 1
			step(&n, now, d, to)
		} else {
			p.graduate(&n, now, elapsed, seed)
		}
	}
	return n
}

func (p *Params) nextReview(s Schedule, now time.Time, r Rating, seed uint64) Schedule {
	elapsed := elapsedDays(s, now)
	if r == Again {
		n := begin(s, now)
		n.Difficulty = p.nextDifficulty(s.Difficulty, r)
		n.Stability = p.stabilityAfter(s, elapsed, r)
		n.Lapses++
		if steps := p.RelearningSteps; len(steps) > 0 {
			n.StepsLeft = len(steps)
			step(&n, now, steps[0], Relearning)
		} else {
			p.graduate(&n, now, elapsed, seed)
		}
		return n
	}
	// Hard, Good and Easy keep their order: hard ≤ good < easy.
	ivl := map[Rating]float64{}
	for _, q := range []Rating{Hard, Good, Easy} {
		ivl[q] = p.interval(p.stabilityAfter(s, elapsed, q), elapsed, seed)
	}
	hard := min(ivl[Hard], ivl[Good])
	good := max(ivl[Good], hard+1)
	easy := max(ivl[Easy], good+1)
	days := map[Rating]float64{Hard: hard, Good: good, Easy: easy}[r]

	n := begin(s, now)
	n.Difficulty = p.nextDifficulty(s.Difficulty, r)
	n.Stability = p.stabilityAfter(s, elapsed, r)
	n.setReview(now, days, p.MaximumInterval)
	return n
}

// stabilityAfter is the stability after answering r with elapsed days since
// the last review: short-term on the same day, else recall or forget.
func (p *Params) stabilityAfter(s Schedule, elapsed float64, r Rating) float64 {
	if elapsed == 0 {
		return p.shortTermStability(s.Stability, r)
	}
	ret := p.Retrievability(elapsed, s.Stability)
	if r == Again {
		return p.forgetStability(s.Difficulty, s.Stability, ret)
	}
	return p.recallStability(s.Difficulty, s.Stability, ret, r)
}

// interval turns stability into whole days, within [1, MaximumInterval],
// fuzzed from seed when Fuzz is on.
func (p *Params) interval(stability, elapsed float64, seed uint64) float64 {
	days := max(min(math.Round(p.rawInterval(stability)), p.MaximumInterval), 1)
	if !p.Fuzz || days < 2.5 {
		return days
	}
	lo, hi := fuzzRange(days, elapsed, p.MaximumInterval)
	u := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)).Float64()
	return math.Floor(u*(hi-lo+1)) + lo
}

// fuzzRange is the span an interval may be moved within: about ±15% for
// short intervals, ±5% for long ones, never below the days already elapsed.
func fuzzRange(days, elapsed, maxDays float64) (lo, hi float64) {
	delta := 1.0
	for _, r := range [...]struct{ start, end, factor float64 }{
		{2.5, 7, 0.15}, {7, 20, 0.1}, {20, math.Inf(1), 0.05},
	} {
		delta += r.factor * max(min(days, r.end)-r.start, 0)
	}
	days = min(days, maxDays)
	lo = max(2, math.Round(days-delta))
	hi = min(math.Round(days+delta), maxDays)
	if days > elapsed {
		lo = max(lo, elapsed+1)
	}
	return min(lo, hi), hi
}

func (p *Params) graduate(n *Schedule, now time.Time, elapsed float64, seed uint64) {
	n.setReview(now, p.interval(n.Stability, elapsed, seed), p.MaximumInterval)
}

func (n *Schedule) setReview(now time.Time, days, maxDays float64) {
	days = min(days, maxDays)
	n.ScheduledDays = int(days)
	n.Due = now.Add(time.Duration(days * 24 * float64(time.Hour)))
	n.State = Review
	n.StepsLeft = 0
}

// step schedules a short wait; a step of a day or more graduates the card.
func step(n *Schedule, now time.Time, d time.Duration, to State) {
	n.Due = now.Add(d)
	if d >= 24*time.Hour {
		n.ScheduledDays = int(d / (24 * time.Hour))
		n.State = Review
		return
	}
	n.ScheduledDays = 0
	n.State = to
}

func hardDelay(steps []time.Duration) time.Duration {
	if len(steps) == 1 {
		return roundMinute(steps[0] * 3 / 2)
	}
	return roundMinute((steps[0] + steps[1]) / 2)
}

func roundMinute(d time.Duration) time.Duration { return d.Round(time.Minute) }

// goodDelay is the next step after passing one, when one is left.
func goodDelay(steps []time.Duration, left int) (time.Duration, bool) {
	i := len(steps) - left + 1
	if i < 0 || i >= len(steps) {
		return 0, false
	}
	return steps[i], true
}

// elapsedDays counts calendar days (UTC) since the last review, as the
// reference scheduler does; 0 for a card never reviewed.
func elapsedDays(s Schedule, now time.Time) float64 {
	if s.State == New || s.LastReview.IsZero() {
		return 0
	}
	a, b := s.LastReview.UTC(), now.UTC()
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	if db.Before(da) {
		return 0
	}
	return math.Floor(db.Sub(da).Hours() / 24)
}
