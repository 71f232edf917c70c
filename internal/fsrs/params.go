package fsrs

import (
	"fmt"
	"math"
	"time"
)

// Weights are the 21 FSRS-6 model parameters.
type Weights [21]float64

// DefaultWeights are FSRS-6's defaults, fitted on a large public review
// dataset; they serve anyone who has not optimised their own.
func DefaultWeights() Weights {
	return Weights{
		0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
		1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
		1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
	}
}

// Bounds of the memory state.
const (
	minStability  = 0.001
	maxStability  = 36500.0
	minDifficulty = 1.0
	maxDifficulty = 10.0
)

// Params configure a scheduler.
type Params struct {
	Weights Weights
	// DesiredRetention is the probability of recall a review is scheduled
	// for: higher means more reviews. In (0, 1); 0.9 by default.
	DesiredRetention float64
	// MaximumInterval caps intervals, in days.
	MaximumInterval float64
	// LearningSteps are the short waits of a new card before it graduates
	// to day intervals; RelearningSteps those after a lapse.
	LearningSteps   []time.Duration
	RelearningSteps []time.Duration
	// Fuzz spreads intervals of 3 days and more a little, from the seed.
	Fuzz bool
}

// DefaultParams are the defaults a new deck gets: retention 0.9, learning
// steps 1 and 10 minutes, relearning step 10 minutes, fuzz on.
func DefaultParams() Params {
	return Params{
		Weights:          DefaultWeights(),
		DesiredRetention: 0.9,
		MaximumInterval:  36500,
		LearningSteps:    []time.Duration{time.Minute, 10 * time.Minute},
		RelearningSteps:  []time.Duration{10 * time.Minute},
		Fuzz:             true,
	}
}

// Validate reports parameters the model cannot work with.
func (p *Params) Validate() error {
	for i, w := range p.Weights {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("fsrs: weight %d is not a finite number", i)
		}
	}
	if p.Weights[20] <= 0 {
		return fmt.Errorf("fsrs: weight 20 (decay) must be positive")
	}
	if !(p.DesiredRetention > 0 && p.DesiredRetention < 1) {
		return fmt.Errorf("fsrs: desired retention %v is not between 0 and 1", p.DesiredRetention)
	}
	if !(p.MaximumInterval >= 1 && p.MaximumInterval <= maxStability) {
		return fmt.Errorf("fsrs: maximum interval %v is not 1 to %v days", p.MaximumInterval, maxStability)
	}
	for _, steps := range [][]time.Duration{p.LearningSteps, p.RelearningSteps} {
		for _, s := range steps {
			if s < 0 || s > 30*24*time.Hour {
				return fmt.Errorf("fsrs: step %v is not 0 to 30 days", s)
			}
		}
	}
	return nil
}

// decay and factor define the forgetting curve R(t) = (1 + factor·t/S)^decay,
// chosen so that R(S) = 0.9.
func (p *Params) decay() float64  { return -p.Weights[20] }
func (p *Params) factor() float64 { return math.Pow(0.9, 1/p.decay()) - 1 }

// Retrievability is the modelled probability of recall after elapsed days
// at the given stability.
func (p *Params) Retrievability(elapsedDays, stability float64) float64 {
	return math.Pow(1+p.factor()*elapsedDays/clampS(stability), p.decay())
}

// rawInterval is the number of days after which retrievability falls to the
// desired retention.
func (p *Params) rawInterval(stability float64) float64 {
	return clampS(stability) / p.factor() * (math.Pow(p.DesiredRetention, 1/p.decay()) - 1)
}

func clampS(s float64) float64 { return min(max(s, minStability), maxStability) }
func clampD(d float64) float64 { return min(max(d, minDifficulty), maxDifficulty) }
