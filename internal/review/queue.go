package review

import (
	"context"
	"fmt"
	"math"
	"time"
)

// LearnAhead is how far ahead a learning step may be shown when nothing
// else is left, so a session does not end with a card due in two minutes.
const LearnAhead = 20 * time.Minute

// Intervals label, for each answer, when the card would come back.
type Intervals struct {
	Again string `json:"again"`
	Hard  string `json:"hard"`
	Good  string `json:"good"`
	Easy  string `json:"easy"`
}

// Prompt is the next card of a session.
type Prompt struct {
	Card      *Card     `json:"card"`
	Remaining int       `json:"remaining"` // cards left in this session, this one included
	Intervals Intervals `json:"intervals"`
}

// today is what has been done since the day began, for daily limits.
type today struct {
	start, end   time.Time
	reviews, new int
	seconds      float64
}

func (s *Service) today(ctx context.Context, now time.Time) (today, error) {
	start := dayStart(now, s.loc)
	t := today{start: start, end: start.AddDate(0, 0, 1)}
	answers, err := s.store.AnswersBetween(ctx, start, t.end)
	if err != nil {
		return t, err
	}
	for _, a := range answers {
		if a.First {
			t.new++
		} else {
			t.reviews++
		}
		t.seconds += a.Duration.Seconds()
	}
	return t, nil
}

// queue counts what a session over a deck ("" for all) may still show now.
type queue struct {
	learning, review, new int // due learning steps; due reviews and new cards within today's limits
	reviewsLeft, newLeft  int
}

func (s *Service) queue(ctx context.Context, deck string, now time.Time, st Settings) (queue, error) {
	var q queue
	t, err := s.today(ctx, now)
	if err != nil {
		return q, err
	}
	q.reviewsLeft = max(st.ReviewsPerDay-t.reviews, 0)
	q.newLeft = max(st.NewPerDay-t.new, 0)
	q.learning, q.review, err = s.store.CountDue(ctx, deck, now, q.reviewsLeft)
	if err != nil {
		return q, err
	}
	if q.newLeft > 0 {
		if q.new, err = s.store.CountNew(ctx, deck, q.newLeft); err != nil {
			return q, err
		}
	}
	return q, nil
}

// Next picks the card to show now: learning steps that are due, then due
// reviews within today's limit (most overdue first), then new cards within
// today's limit (oldest first), then learning steps due within LearnAhead.
// It returns nil when the session is over for now.
func (s *Service) Next(ctx context.Context, deck string) (*Prompt, error) {
	now := s.clock.Now()
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.queue(ctx, deck, now, st)
	if err != nil {
		return nil, err
	}
	remaining := q.learning + q.review + q.new
	pick, err := s.first(ctx, deck, now, q)
	if err != nil {
		return nil, err
	}
	if pick == nil {
		ahead, err := s.store.DueLearning(ctx, deck, now.Add(LearnAhead), 1)
		if err != nil {
			return nil, err
		}
		if len(ahead) > 0 {
			pick, remaining = ahead[0], 1
		}
	}
	if pick == nil {
		return nil, nil
	}
	return &Prompt{Card: pick, Remaining: max(remaining, 1), Intervals: s.intervals(pick, now, st)}, nil
}

// first is the card to show now, if any: a due learning step, else a due
// review within the limit, else a new card within the limit.
func (s *Service) first(ctx context.Context, deck string, now time.Time, q queue) (*Card, error) {
	if q.learning > 0 {
		if cs, err := s.store.DueLearning(ctx, deck, now, 1); err != nil || len(cs) > 0 {
			return firstOf(cs), err
		}
	}
	if q.review > 0 {
		if cs, err := s.store.DueReviews(ctx, deck, now, 1); err != nil || len(cs) > 0 {
			return firstOf(cs), err
		}
	}
	if q.new > 0 {
		cs, err := s.store.NewCards(ctx, deck, 1)
		return firstOf(cs), err
	}
	return nil, nil
}

func firstOf(cs []*Card) *Card {
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}

// intervals previews each answer's next due time as a short label.
func (s *Service) intervals(c *Card, now time.Time, st Settings) Intervals {
	p := st.Params(c.Deck)
	sched := c.Schedule()
	at := now
	if sched.LastReview.After(at) {
		at = sched.LastReview
	}
	pv := p.Preview(sched, at, Seed(c.ID, sched.Reps))
	l := func(i int) string { return Label(pv[i].Due.Sub(at)) }
	return Intervals{Again: l(0), Hard: l(1), Good: l(2), Easy: l(3)}
}

// Label writes an interval the way review buttons show it: 1m, 10m, 3h,
// 4d, 2.5mo, 1.2y.
func Label(d time.Duration) string {
	switch m := d.Minutes(); {
	case m < 1:
		return "<1m"
	case m < 60:
		return fmt.Sprintf("%.0fm", math.Round(m))
	case m < 24*60:
		return fmt.Sprintf("%.0fh", math.Round(m/60))
	}
	days := d.Hours() / 24
	switch {
	case days < 30:
		return fmt.Sprintf("%.0fd", math.Round(days))
	case days < 365:
		return trim(fmt.Sprintf("%.1fmo", days/30)) // months of 30 days, as Anki shows them
	}
	return trim(fmt.Sprintf("%.1fy", days/365))
}

// trim drops a ".0" so "2.0mo" reads "2mo".
func trim(s string) string {
	for _, unit := range []string{"mo", "y"} {
		if n := len(s) - len(unit) - 2; n > 0 && s[n:] == ".0"+unit {
			return s[:n] + unit
		}
	}
	return s
}

// dayStart is local midnight of t's day in loc.
func dayStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
}

// weekStart is local midnight of the Monday of t's week.
func weekStart(t time.Time, loc *time.Location) time.Time {
	d := dayStart(t, loc)
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}
