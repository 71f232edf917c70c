package fsrs

import (
	"math"
	"slices"
	"testing"
	"time"
)

func noFuzz() Params {
	p := DefaultParams()
	p.Fuzz = false
	return p
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// The reference scheduler's own example: a card answered at each due time.
func TestReferenceIntervals(t *testing.T) {
	p := noFuzz()
	now := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
	var s Schedule
	var days []int
	var states []State
	for _, r := range []Rating{Good, Good, Good, Good, Good, Good, Again, Again, Good, Good, Good, Good, Good} {
		states = append(states, s.State)
		s = p.Next(s, now, r, 0)
		days = append(days, s.ScheduledDays)
		now = s.Due
	}
	if want := []int{0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21}; !slices.Equal(days, want) {
		t.Errorf("intervals %v, want %v", days, want)
	}
	want := []State{New, Learning, Review, Review, Review, Review, Review, Relearning, Relearning, Review, Review, Review, Review}
	if !slices.Equal(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}
}

// The reference memory-state example: stability and difficulty after a
// fixed history of answers at fixed gaps.
func TestReferenceMemoryState(t *testing.T) {
	p := noFuzz()
	now := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
	var s Schedule
	gaps := []int{0, 0, 1, 3, 8, 21}
	for i, r := range []Rating{Again, Good, Good, Good, Good, Good} {
		s = p.Next(s, now, r, 0)
		now = now.Add(time.Duration(gaps[i]) * 24 * time.Hour)
	}
	good := p.Next(s, now, Good, 0)
	if got := round4(good.Stability); got != 54.0393 {
		t.Errorf("stability %v, want 54.0393", got)
	}
	if got := round4(good.Difficulty); got != 6.3464 {
		t.Errorf("difficulty %v, want 6.3464", got)
	}
}

// Intervals for stability 1 at retention 0.1 … 1.0, as in the reference.
func TestIntervalByRetention(t *testing.T) {
	p := noFuzz()
	var got []float64
	for i := 1; i <= 9; i++ {
		p.DesiredRetention = float64(i) / 10
		got = append(got, p.interval(1, 0, 0))
	}
	if want := []float64{36500, 34793, 2508, 387, 90, 27, 9, 3, 1}; !slices.Equal(got, want) {
		t.Errorf("intervals %v, want %v", got, want)
	}
}

func TestRetrievabilityAtStabilityIsNinetyPercent(t *testing.T) {
	p := DefaultParams()
	for _, s := range []float64{0.5, 3, 40, 900} {
		if r := p.Retrievability(s, s); math.Abs(r-0.9) > 1e-9 {
			t.Errorf("R(S=%v) = %v, want 0.9", s, r)
		}
	}
}

func TestNewCardSteps(t *testing.T) {
	p := noFuzz()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	pv := p.Preview(Schedule{}, now, 0)
	wantDue := []time.Duration{time.Minute, 6 * time.Minute, 10 * time.Minute}
	for i, d := range wantDue {
		if got := pv[i].Due.Sub(now); got != d || pv[i].State != Learning {
			t.Errorf("%v: due in %v (%v), want %v learning", Ratings[i], got, pv[i].State, d)
		}
	}
	if pv[3].State != Review || pv[3].ScheduledDays < 1 {
		t.Errorf("easy: %+v, want graduated", pv[3])
	}
	for i, s := range pv {
		if s.Reps != 1 || !s.LastReview.Equal(now) {
			t.Errorf("%v: reps %d last %v", Ratings[i], s.Reps, s.LastReview)
		}
	}
}

func TestReviewOrderHardGoodEasy(t *testing.T) {
	p := DefaultParams()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	s := p.Next(Schedule{}, now, Easy, 1)
	for seed := uint64(0); seed < 200; seed++ {
		at := s.Due.Add(time.Duration(seed%7) * 24 * time.Hour)
		pv := p.Preview(s, at, seed)
		if !(pv[1].ScheduledDays <= pv[2].ScheduledDays && pv[2].ScheduledDays < pv[3].ScheduledDays) {
			t.Fatalf("seed %d: hard %d good %d easy %d", seed, pv[1].ScheduledDays, pv[2].ScheduledDays, pv[3].ScheduledDays)
		}
		if pv[0].State != Relearning || pv[0].Lapses != 1 {
			t.Fatalf("again: %+v", pv[0])
		}
	}
}

func TestFuzzIsDeterministicAndBounded(t *testing.T) {
	p := DefaultParams()
	seen := map[float64]bool{}
	for seed := uint64(0); seed < 500; seed++ {
		a, b := p.interval(30, 20, seed), p.interval(30, 20, seed)
		if a != b {
			t.Fatalf("seed %d: %v then %v", seed, a, b)
		}
		lo, hi := fuzzRange(30, 20, p.MaximumInterval)
		if a < lo || a > hi {
			t.Fatalf("seed %d: %v outside [%v, %v]", seed, a, lo, hi)
		}
		seen[a] = true
	}
	if len(seen) < 3 {
		t.Errorf("fuzz gave only %v", seen)
	}
	if got := p.interval(2, 0, 7); got != max(math.Round(p.rawInterval(2)), 1) {
		t.Errorf("short intervals are not fuzzed: %v", got)
	}
}

func TestNoStepsGraduatesAtOnce(t *testing.T) {
	p := noFuzz()
	p.LearningSteps, p.RelearningSteps = nil, nil
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, r := range Ratings {
		if s := p.Next(Schedule{}, now, r, 0); s.State != Review || s.ScheduledDays < 1 {
			t.Errorf("%v: %+v", r, s)
		}
	}
	s := p.Next(Schedule{}, now, Good, 0)
	if lapse := p.Next(s, s.Due, Again, 0); lapse.State != Review || lapse.Lapses != 1 {
		t.Errorf("lapse without relearning steps: %+v", lapse)
	}
}

func TestParseRating(t *testing.T) {
	for _, r := range Ratings {
		if got, err := ParseRating(r.String()); err != nil || got != r {
			t.Errorf("%v: %v %v", r, got, err)
		}
	}
	if _, err := ParseRating("5"); err == nil {
		t.Error("5 accepted")
	}
}

func TestValidate(t *testing.T) {
	p := DefaultParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []func(*Params){
		func(p *Params) { p.DesiredRetention = 1 },
		func(p *Params) { p.DesiredRetention = math.NaN() },
		func(p *Params) { p.Weights[3] = math.Inf(1) },
		func(p *Params) { p.Weights[20] = 0 },
		func(p *Params) { p.MaximumInterval = 0 },
		func(p *Params) { p.LearningSteps = []time.Duration{-time.Minute} },
	} {
		q := DefaultParams()
		bad(&q)
		if q.Validate() == nil {
			t.Errorf("accepted %+v", q)
		}
	}
}
