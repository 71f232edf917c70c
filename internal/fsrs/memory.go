package fsrs

import "math"

// The FSRS-6 memory model: how stability and difficulty move with each
// rating. Each function is one formula of the published algorithm.

func (p *Params) initStability(r Rating) float64 {
	return min(max(p.Weights[r-1], 0.1), maxStability)
}

func (p *Params) initDifficulty(r Rating) float64 {
	return p.Weights[4] - math.Exp(p.Weights[5]*float64(r-1)) + 1
}

// nextDifficulty moves difficulty by the rating, damped near the top of the
// scale, then reverts it a little towards the difficulty of an easy card.
func (p *Params) nextDifficulty(d float64, r Rating) float64 {
	delta := -p.Weights[6] * float64(r-3)
	next := d + (10-d)*delta/9
	easy := p.initDifficulty(Easy)
	return clampD(p.Weights[7]*easy + (1-p.Weights[7])*next)
}

// shortTermStability is the stability after a review on the same day.
func (p *Params) shortTermStability(s float64, r Rating) float64 {
	s = clampS(s)
	inc := math.Exp(p.Weights[17]*(float64(r-3)+p.Weights[18])) * math.Pow(s, -p.Weights[19])
	if r >= Hard && inc < 1 {
		inc = 1
	}
	return clampS(s * inc)
}

// recallStability is the stability after a successful review.
func (p *Params) recallStability(d, s, ret float64, r Rating) float64 {
	hard, easy := 1.0, 1.0
	if r == Hard {
		hard = p.Weights[15]
	}
	if r == Easy {
		easy = p.Weights[16]
	}
	w := p.Weights
	inc := math.Exp(w[8]) * (11 - d) * math.Pow(s, -w[9]) * (math.Exp((1-ret)*w[10]) - 1) * hard * easy
	return clampS(s * (1 + inc))
}

// forgetStability is the stability after a lapse; it never exceeds the
// stability a short-term lapse would leave.
func (p *Params) forgetStability(d, s, ret float64) float64 {
	w := p.Weights
	next := w[11] * math.Pow(d, -w[12]) * (math.Pow(s+1, w[13]) - 1) * math.Exp((1-ret)*w[14])
	ceil := s / math.Exp(w[17]*w[18])
	return clampS(min(next, ceil))
}
