package review

import (
	"context"
	"time"
)

// ForecastDay is how many answered cards fall due on one local day.
type ForecastDay struct {
	Date  string `json:"date"` // YYYY-MM-DD
	Count int    `json:"count"`
}

// DeckSummary is a deck's counts on the home screen.
type DeckSummary struct {
	Name      string  `json:"name"`
	Total     int     `json:"total"`
	Due       int     `json:"due"`
	New       int     `json:"new"`
	Retention float64 `json:"retention"`
}

// Home is what the home screen shows about reviews.
type Home struct {
	DueNow            int           `json:"dueNow"`       // learning steps and reviews due now, within today's limit
	DueToday          int           `json:"dueToday"`     // answered cards due before the day ends (overdue included)
	NewAvailable      int           `json:"newAvailable"` // new cards within today's limit
	TotalCards        int           `json:"totalCards"`
	Forecast          []ForecastDay `json:"forecast"` // 7 days from today; today includes overdue
	ReviewsThisWeek   int           `json:"reviewsThisWeek"`
	SecondsThisWeek   int           `json:"secondsThisWeek"`
	WeeklyGoalMinutes int           `json:"weeklyGoalMinutes"`
	Decks             []DeckSummary `json:"decks"`
}

// ForecastDays is the length of the home forecast.
const ForecastDays = 7

// Home gathers the home screen's review numbers.
func (s *Service) Home(ctx context.Context) (*Home, error) {
	now := s.clock.Now()
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.queue(ctx, "", now, st)
	if err != nil {
		return nil, err
	}
	h := &Home{
		DueNow: q.learning + q.review, NewAvailable: q.new,
		WeeklyGoalMinutes: st.WeeklyGoalMinutes, Forecast: make([]ForecastDay, ForecastDays),
		Decks: []DeckSummary{},
	}
	start := dayStart(now, s.loc)
	ends := make([]time.Time, ForecastDays)
	for i := range ForecastDays {
		day := start.AddDate(0, 0, i)
		ends[i] = day.AddDate(0, 0, 1)
		h.Forecast[i].Date = day.Format(time.DateOnly)
	}
	counts, dueByDeck, err := s.store.Forecast(ctx, now, ends)
	if err != nil {
		return nil, err
	}
	for i, n := range counts {
		h.Forecast[i].Count = n
	}
	h.DueToday = h.Forecast[0].Count
	week, err := s.store.AnswersBetween(ctx, weekStart(now, s.loc), now.Add(time.Millisecond))
	if err != nil {
		return nil, err
	}
	var secs float64
	for _, a := range week {
		secs += a.Duration.Seconds()
	}
	h.ReviewsThisWeek, h.SecondsThisWeek = len(week), int(secs+0.5)
	decks, err := s.store.Decks(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range decks {
		h.TotalCards += d.Total
		h.Decks = append(h.Decks, DeckSummary{
			Name: d.Name, Total: d.Total, Due: dueByDeck[d.Name], New: d.New, Retention: st.Retention(d.Name),
		})
	}
	return h, nil
}

// DueList lists the cards a session would show now, in order, at most limit.
func (s *Service) DueList(ctx context.Context, deck string, limit int) ([]*Card, error) {
	now := s.clock.Now()
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.queue(ctx, deck, now, st)
	if err != nil {
		return nil, err
	}
	due, err := s.store.Due(ctx, deck, now, 0)
	if err != nil {
		return nil, err
	}
	var out, reviews []*Card
	for _, c := range due {
		if c.State != "review" {
			out = append(out, c)
		} else if len(reviews) < q.review {
			reviews = append(reviews, c)
		}
	}
	out = append(out, reviews...)
	if q.new > 0 {
		fresh, err := s.store.NewCards(ctx, deck, q.new)
		if err != nil {
			return nil, err
		}
		out = append(out, fresh...)
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
