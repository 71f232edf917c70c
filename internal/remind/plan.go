package remind

import (
	"fmt"
	"time"
)

// Situation is what the app knows right now.
type Situation struct {
	Now       time.Time
	Due       int       // reviews due now (within today's limits)
	OldestDue time.Time // due time of the most overdue card; zero if none
	Courses   []Course  // started, unfinished courses; may be empty
}

// Course is a started, unfinished course.
type Course struct {
	ID, Title   string
	LastTouched time.Time // when the person last worked on it
}

// Decision is what to do now and when to ask again.
type Decision struct {
	Notify  bool   `json:"notify"`
	Kind    Kind   `json:"kind,omitempty"`
	Subject string `json:"subject,omitempty"` // course id of a course reminder
	Title   string `json:"title,omitempty"`
	Body    string `json:"body,omitempty"`
	// Reason says why (or why not), for logs and tests: one of the Reason
	// constants, or "invalid settings: " and the validation error.
	Reason string `json:"reason"`
	// NextCheck is the earliest time the answer could change, always after
	// Now. When Notify is set it assumes the reminder is shown and recorded
	// at Now.
	NextCheck time.Time `json:"nextCheck"`
}

// Reasons, in the order Plan checks them.
const (
	ReasonDisabled       = "disabled" // Enabled is false or MaxPerDay is 0
	ReasonOutsideWork    = "outside work hours"
	ReasonQuiet          = "quiet hours"
	ReasonSnoozed        = "snoozed"
	ReasonDailyLimit     = "daily limit reached"
	ReasonTooSoon        = "too soon after the last reminder"
	ReasonReviewsDue     = "reviews due"     // at least DueThreshold
	ReasonReviewsOverdue = "reviews overdue" // the oldest waited OverdueHours
	ReasonCourseIdle     = "course idle"
	ReasonNothingDue     = "nothing due"
	reasonInvalid        = "invalid settings: "
)

// Poll is how long the app waits before asking again when nothing but the
// situation (new cards falling due, courses) can change the answer.
const Poll = 15 * time.Minute

// minGap keeps two reminders apart even with MinGapMinutes 0, so planning
// twice at the same moment (a restart right after a reminder) never repeats
// it.
const minGap = time.Minute

// Plan decides whether to remind the person now, about what, and when to
// ask again. It is pure: it reads no clock and changes none of its
// arguments, and the same arguments give the same decision. loc is the
// computer's time zone, used when s.TimeZone is empty (nil means
// time.Local). Invalid settings never notify.
func Plan(s Settings, st State, sit Situation, loc *time.Location) Decision {
	now := sit.Now
	held := Decision{NextCheck: now.Add(Poll)} // no reminder
	if !s.Enabled || s.MaxPerDay == 0 {
		held.Reason = ReasonDisabled
		return held
	}
	if err := s.Validate(); err != nil {
		held.Reason = reasonInvalid + err.Error()
		return held
	}
	loc, _ = s.Location(loc) // valid: checked by Validate
	cal := newCalendar(s, loc)
	g := newGates(s, st, cal, now)
	if reason := g.closed(now); reason != "" {
		held.Reason = reason
		if open, ok := g.nextOpen(now); ok {
			held.NextCheck = open
		}
		return held
	}
	d := decide(s, st, sit, loc)
	if d.Notify {
		d.NextCheck = now.Add(Poll)
		after := newGates(s, st.Record(d, now), cal, now)
		if open, ok := after.nextOpen(now); ok && open.After(now) {
			d.NextCheck = open
		}
		return d
	}
	d.NextCheck = now.Add(Poll)
	for _, t := range triggers(s, st, sit, loc) {
		if t.After(now) && t.Before(d.NextCheck) {
			d.NextCheck = t
		}
	}
	return d
}

// gates are the time-based conditions on a reminder: the calendar, the
// snooze, the daily limit and the gap.
type gates struct {
	cal    calendar
	snooze time.Time   // reminders wait until then
	gapEnd time.Time   // the last reminder plus the gap
	sent   []time.Time // reminders sent, for the daily limit
	perDay int
}

func newGates(s Settings, st State, cal calendar, now time.Time) gates {
	g := gates{cal: cal, perDay: s.MaxPerDay}
	if !st.SnoozedUntil.After(now.Add(MaxSnooze)) {
		g.snooze = st.SnoozedUntil
	}
	gap := max(time.Duration(s.MinGapMinutes)*time.Minute, minGap)
	for _, x := range st.Sent {
		if x.At.After(now.Add(wrongClock)) {
			continue
		}
		g.sent = append(g.sent, x.At)
		if end := x.At.Add(gap); end.After(g.gapEnd) {
			g.gapEnd = end
		}
	}
	return g
}

// closed returns why no reminder may go out at t, or "" if one may.
func (g gates) closed(t time.Time) string {
	switch {
	case !g.cal.inWork(t):
		return ReasonOutsideWork
	case g.cal.inQuiet(t):
		return ReasonQuiet
	case t.Before(g.snooze):
		return ReasonSnoozed
	case g.sentOn(t) >= g.perDay:
		return ReasonDailyLimit
	case t.Before(g.gapEnd):
		return ReasonTooSoon
	}
	return ""
}

// sentOn counts the reminders sent on t's local day.
func (g gates) sentOn(t time.Time) int {
	n := 0
	for _, at := range g.sent {
		if g.cal.sameDay(at, t) {
			n++
		}
	}
	return n
}

// nextOpen returns the earliest instant at or after t at which closed is "".
// Each step moves t past one closed gate; it stops when none moves it.
func (g gates) nextOpen(t time.Time) (time.Time, bool) {
	for range 4 * maxPeriods {
		u := t
		if u.Before(g.snooze) {
			u = g.snooze
		}
		if u.Before(g.gapEnd) {
			u = g.gapEnd
		}
		if g.sentOn(u) >= g.perDay {
			u = g.cal.nextDay(u)
		}
		u, ok := g.cal.next(u)
		if !ok {
			return time.Time{}, false
		}
		if u.Equal(t) {
			return t, true
		}
		t = u
	}
	return time.Time{}, false
}

// decide picks the reminder the situation calls for, with the gates open:
// reviews first, then the course idle longest.
func decide(s Settings, st State, sit Situation, loc *time.Location) Decision {
	now := sit.Now
	if sit.Due > 0 {
		overdue := !sit.OldestDue.IsZero() && now.Sub(sit.OldestDue) >= time.Duration(s.OverdueHours)*time.Hour
		if sit.Due >= s.DueThreshold || overdue {
			d := Decision{Notify: true, Kind: KindReviews, Reason: ReasonReviewsDue}
			if sit.Due < s.DueThreshold {
				d.Reason = ReasonReviewsOverdue
			}
			d.Title, d.Body = reviewsText(sit.Due, sit.OldestDue, now)
			return d
		}
	}
	var idle *Course
	for i, c := range sit.Courses {
		if !courseWaiting(st, c) || idleAt(s, c, loc).After(now) {
			continue
		}
		if idle == nil || c.LastTouched.Before(idle.LastTouched) ||
			c.LastTouched.Equal(idle.LastTouched) && c.ID < idle.ID {
			idle = &sit.Courses[i]
		}
	}
	if idle != nil {
		d := Decision{Notify: true, Kind: KindCourse, Subject: idle.ID, Reason: ReasonCourseIdle}
		d.Title, d.Body = courseText(*idle, now)
		return d
	}
	return Decision{Reason: ReasonNothingDue}
}

// courseWaiting reports whether c could be mentioned once idle long enough:
// it has an id and a last-touched time, and it was not mentioned since.
func courseWaiting(st State, c Course) bool {
	if c.ID == "" || c.LastTouched.IsZero() {
		return false
	}
	nudged, ok := st.CourseNudged[c.ID]
	return !ok || nudged.Before(c.LastTouched)
}

// idleAt is when c has lain untouched CourseIdleDays local days (so the
// same clock time, whatever daylight saving did in between).
func idleAt(s Settings, c Course, loc *time.Location) time.Time {
	return c.LastTouched.In(loc).AddDate(0, 0, s.CourseIdleDays)
}

// triggers are the future moments at which the situation alone starts
// calling for a reminder: the oldest due card crossing OverdueHours, a
// course crossing CourseIdleDays. Cards falling due are not known here;
// Poll covers them.
func triggers(s Settings, st State, sit Situation, loc *time.Location) []time.Time {
	var ts []time.Time
	if sit.Due > 0 && !sit.OldestDue.IsZero() {
		ts = append(ts, sit.OldestDue.Add(time.Duration(s.OverdueHours)*time.Hour))
	}
	for _, c := range sit.Courses {
		if courseWaiting(st, c) {
			ts = append(ts, idleAt(s, c, loc))
		}
	}
	return ts
}

func reviewsText(due int, oldest, now time.Time) (title, body string) {
	title, body = fmt.Sprintf("%d reviews are waiting", due), "A few minutes now keeps them fresh"
	if due == 1 {
		title, body = "1 review is waiting", "A minute now keeps it fresh"
	}
	if !oldest.IsZero() && now.Sub(oldest) >= time.Hour {
		body = "Your oldest review has waited " + span(now.Sub(oldest))
	}
	return title, body
}

func courseText(c Course, now time.Time) (title, body string) {
	name := "your course"
	if c.Title != "" {
		name = "“" + c.Title + "”"
	}
	return "Pick up " + name + " where you left off",
		"You last worked on it " + span(now.Sub(c.LastTouched)) + " ago"
}

// span is a whole number of hours, or of days from two days on.
func span(d time.Duration) string {
	h := int(d / time.Hour)
	if h < 48 {
		return plural(h, "hour")
	}
	return plural(h/24, "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
