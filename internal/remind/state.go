package remind

import (
	"maps"
	"slices"
	"time"
)

// Kind is what a reminder is about.
type Kind string

// The kinds of reminder.
const (
	KindReviews Kind = "reviews"
	KindCourse  Kind = "course"
)

// State is what the planner remembers between runs. The app stores it (as
// JSON, under StateKey) after every reminder it shows and every snooze, and
// passes it back to Plan; that is what keeps a restart from repeating a
// reminder.
type State struct {
	// Sent are the reminders shown, oldest first, pruned to the last
	// SentKept.
	Sent []Sent `json:"sent"`
	// SnoozedUntil is when a snooze ends; zero or past means none.
	SnoozedUntil time.Time `json:"snoozedUntil"`
	// CourseNudged is when each course (by id) was last mentioned.
	CourseNudged map[string]time.Time `json:"courseNudged"`
}

// Sent is one reminder shown.
type Sent struct {
	At      time.Time `json:"at"`
	Kind    Kind      `json:"kind"`
	Subject string    `json:"subject,omitempty"` // the course id of a course reminder
}

// SentKept is how long Record keeps sent reminders: the daily limit and the
// gap need a day at most, the rest is for the person's curiosity.
const SentKept = 7 * 24 * time.Hour

// MaxSnooze is the longest snooze.
const MaxSnooze = 7 * 24 * time.Hour

// wrongClock: a reminder sent more than this after now (or a snooze ending
// more than MaxSnooze after now) can only come from a clock that was wrong
// when it was recorded. Plan ignores them, so a clock once set years ahead
// does not silence reminders for years, and Record drops such entries.
const wrongClock = 24 * time.Hour

// Record returns the state after the decision was carried out at at (its
// notification shown): the reminder is appended to Sent, a course reminder
// is noted in CourseNudged, and Sent is pruned to SentKept before at. A
// decision not to notify leaves the state as it is. st is not changed.
func (st State) Record(d Decision, at time.Time) State {
	if !d.Notify {
		return st
	}
	sent := make([]Sent, 0, len(st.Sent)+1)
	for _, s := range st.Sent {
		if s.At.After(at.Add(-SentKept)) && !s.At.After(at.Add(wrongClock)) {
			sent = append(sent, s)
		}
	}
	sent = append(sent, Sent{At: at, Kind: d.Kind, Subject: d.Subject})
	slices.SortStableFunc(sent, func(a, b Sent) int { return a.At.Compare(b.At) })
	st.Sent = sent
	if d.Kind == KindCourse && d.Subject != "" {
		st.CourseNudged = maps.Clone(st.CourseNudged)
		if st.CourseNudged == nil {
			st.CourseNudged = map[string]time.Time{}
		}
		st.CourseNudged[d.Subject] = at
	}
	return st
}

// Snooze returns the state with reminders snoozed for d from now (at most
// MaxSnooze); d <= 0 ends a snooze.
func (st State) Snooze(now time.Time, d time.Duration) State {
	if d <= 0 {
		st.SnoozedUntil = time.Time{}
		return st
	}
	st.SnoozedUntil = now.Add(min(d, MaxSnooze))
	return st
}

// ForgetCourse returns the state without its memory of a course (call it
// when the course is finished or removed, so the map does not grow).
func (st State) ForgetCourse(id string) State {
	if _, ok := st.CourseNudged[id]; ok {
		st.CourseNudged = maps.Clone(st.CourseNudged)
		delete(st.CourseNudged, id)
	}
	return st
}
