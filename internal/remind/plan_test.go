package remind_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/remind"
)

// Monday 2 March 2026 in Berlin (CET, UTC+1).
func mon(h, m int) time.Time { return in(berlin, 2026, 3, 2, h, m) }

func TestPlanRules(t *testing.T) {
	now := mon(10, 0)
	day := 24 * time.Hour
	sent := func(ts ...time.Time) []remind.Sent {
		var out []remind.Sent
		for _, at := range ts {
			out = append(out, remind.Sent{At: at, Kind: remind.KindReviews})
		}
		return out
	}
	forklift := func(touched time.Time) []remind.Course {
		return []remind.Course{{ID: "c1", Title: "Forklift safety", LastTouched: touched}}
	}
	for _, tc := range []struct {
		name     string
		settings func(*remind.Settings)
		state    remind.State
		sit      remind.Situation
		want     remind.Decision
	}{
		// What calls for a reminder.
		{name: "due at the threshold",
			sit:  remind.Situation{Now: now, Due: 10},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "10 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},
		{name: "due below the threshold, not overdue yet",
			sit:  remind.Situation{Now: now, Due: 9, OldestDue: now.Add(-3 * time.Hour)},
			want: remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(remind.Poll)}},
		{name: "overdue within the poll interval: check then",
			sit:  remind.Situation{Now: now, Due: 9, OldestDue: now.Add(-4*time.Hour + 5*time.Minute)},
			want: remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(5 * time.Minute)}},
		{name: "oldest overdue",
			sit:  remind.Situation{Now: now, Due: 2, OldestDue: now.Add(-5*time.Hour - 59*time.Minute)},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsOverdue, Title: "2 reviews are waiting", Body: "Your oldest review has waited 5 hours", NextCheck: mon(11, 30)}},
		{name: "one review, overdue exactly",
			sit:  remind.Situation{Now: now, Due: 1, OldestDue: now.Add(-4 * time.Hour)},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsOverdue, Title: "1 review is waiting", Body: "Your oldest review has waited 4 hours", NextCheck: mon(11, 30)}},
		{name: "waited days",
			sit:  remind.Situation{Now: now, Due: 12, OldestDue: now.Add(-50 * time.Hour)},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "12 reviews are waiting", Body: "Your oldest review has waited 2 days", NextCheck: mon(11, 30)}},
		{name: "nothing due, an old due time left over",
			sit:  remind.Situation{Now: now, Due: 0, OldestDue: now.Add(-100 * time.Hour)},
			want: remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(remind.Poll)}},
		{name: "due without a known oldest",
			sit:  remind.Situation{Now: now, Due: 3},
			want: remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(remind.Poll)}},
		{name: "threshold setting",
			settings: func(s *remind.Settings) { s.DueThreshold = 3 },
			sit:      remind.Situation{Now: now, Due: 3},
			want:     remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "3 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},

		// Settings that stop all reminders.
		{name: "disabled",
			settings: func(s *remind.Settings) { s.Enabled = false },
			sit:      remind.Situation{Now: now, Due: 50},
			want:     remind.Decision{Reason: remind.ReasonDisabled, NextCheck: now.Add(remind.Poll)}},
		{name: "none a day",
			settings: func(s *remind.Settings) { s.MaxPerDay = 0 },
			sit:      remind.Situation{Now: now, Due: 50},
			want:     remind.Decision{Reason: remind.ReasonDisabled, NextCheck: now.Add(remind.Poll)}},
		{name: "invalid settings",
			settings: func(s *remind.Settings) { s.DueThreshold = 0 },
			sit:      remind.Situation{Now: now, Due: 50},
			want:     remind.Decision{Reason: "invalid settings: due threshold 0 is not 1 to 10000", NextCheck: now.Add(remind.Poll)}},

		// Work hours.
		{name: "a second before work",
			sit:  remind.Situation{Now: mon(9, 0).Add(-time.Second), Due: 50},
			want: remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: mon(9, 0)}},
		{name: "work starts",
			sit:  remind.Situation{Now: mon(9, 0), Due: 50},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(10, 30)}},
		{name: "last second of work",
			sit:  remind.Situation{Now: mon(17, 0).Add(-time.Second), Due: 50},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
		{name: "work end is exclusive",
			sit:  remind.Situation{Now: mon(17, 0), Due: 50},
			want: remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
		{name: "Friday evening waits for Monday",
			sit:  remind.Situation{Now: in(berlin, 2026, 3, 6, 18, 0), Due: 50},
			want: remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: in(berlin, 2026, 3, 9, 9, 0)}},
		{name: "Saturday noon",
			sit:  remind.Situation{Now: in(berlin, 2026, 3, 7, 12, 0), Due: 50},
			want: remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: in(berlin, 2026, 3, 9, 9, 0)}},
		{name: "Saturday as a work day",
			settings: func(s *remind.Settings) { s.WorkDays = []time.Weekday{time.Saturday} },
			sit:      remind.Situation{Now: in(berlin, 2026, 3, 2, 12, 0), Due: 50},
			want:     remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: in(berlin, 2026, 3, 7, 9, 0)}},
		{name: "outside work even with nothing due",
			sit:  remind.Situation{Now: mon(7, 0)},
			want: remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: mon(9, 0)}},
		{name: "work hours to midnight",
			settings: func(s *remind.Settings) { s.WorkEnd = clock(24, 0) },
			sit:      remind.Situation{Now: mon(23, 59), Due: 50},
			want:     remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
		{name: "the settings' zone, not the computer's",
			settings: func(s *remind.Settings) { s.TimeZone = "America/New_York" },
			sit:      remind.Situation{Now: now, Due: 50}, // 04:00 in New York
			want:     remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: utc("2026-03-02T14:00:00Z")}},

		// Quiet hours.
		{name: "lunch",
			settings: func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(12, 0), clock(13, 0) },
			sit:      remind.Situation{Now: mon(12, 30), Due: 50},
			want:     remind.Decision{Reason: remind.ReasonQuiet, NextCheck: mon(13, 0)}},
		{name: "lunch is over",
			settings: func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(12, 0), clock(13, 0) },
			sit:      remind.Situation{Now: mon(13, 0), Due: 50},
			want:     remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(14, 30)}},
		{name: "quiet to the end of work",
			settings: func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(16, 0), clock(24, 0) },
			sit:      remind.Situation{Now: mon(16, 0), Due: 50},
			want:     remind.Decision{Reason: remind.ReasonQuiet, NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},

		// Snooze.
		{name: "snoozed",
			state: remind.State{SnoozedUntil: mon(11, 0)},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Reason: remind.ReasonSnoozed, NextCheck: mon(11, 0)}},
		{name: "snooze ends after work",
			state: remind.State{SnoozedUntil: mon(18, 0)},
			sit:   remind.Situation{Now: mon(16, 30), Due: 50},
			want:  remind.Decision{Reason: remind.ReasonSnoozed, NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
		{name: "snooze just ended",
			state: remind.State{SnoozedUntil: now},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},
		{name: "outside work and snoozed past the next start",
			state: remind.State{SnoozedUntil: in(berlin, 2026, 3, 3, 10, 15)},
			sit:   remind.Situation{Now: mon(18, 0), Due: 50},
			want:  remind.Decision{Reason: remind.ReasonOutsideWork, NextCheck: in(berlin, 2026, 3, 3, 10, 15)}},
		{name: "a snooze from a clock a year ahead is ignored",
			state: remind.State{SnoozedUntil: now.AddDate(1, 0, 0)},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},

		// The daily limit.
		{name: "daily limit",
			state: remind.State{Sent: sent(mon(9, 0), mon(10, 30), mon(12, 0))},
			sit:   remind.Situation{Now: mon(15, 0), Due: 50},
			want:  remind.Decision{Reason: remind.ReasonDailyLimit, NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
		{name: "daily limit on a Friday",
			state: remind.State{Sent: sent(in(berlin, 2026, 3, 6, 9, 0), in(berlin, 2026, 3, 6, 10, 30), in(berlin, 2026, 3, 6, 12, 0))},
			sit:   remind.Situation{Now: in(berlin, 2026, 3, 6, 15, 0), Due: 50},
			want:  remind.Decision{Reason: remind.ReasonDailyLimit, NextCheck: in(berlin, 2026, 3, 9, 9, 0)}},
		{name: "yesterday's reminders do not count",
			state: remind.State{Sent: sent(mon(0, 0).Add(-3*time.Hour), mon(0, 0).Add(-2*time.Hour), mon(0, 0).Add(-time.Minute))},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},
		{name: "the last of the day",
			settings: func(s *remind.Settings) { s.MaxPerDay = 2 },
			state:    remind.State{Sent: sent(mon(8, 0))},
			sit:      remind.Situation{Now: now, Due: 50},
			want:     remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},

		// The gap.
		{name: "too soon",
			state: remind.State{Sent: sent(mon(9, 0))},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Reason: remind.ReasonTooSoon, NextCheck: mon(10, 30)}},
		{name: "the gap runs from the last reminder of any kind",
			state: remind.State{Sent: []remind.Sent{{At: mon(8, 0), Kind: remind.KindReviews}, {At: mon(9, 45), Kind: remind.KindCourse, Subject: "c9"}}},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Reason: remind.ReasonTooSoon, NextCheck: mon(11, 15)}},
		{name: "gap ends after work",
			state: remind.State{Sent: sent(mon(16, 0))},
			sit:   remind.Situation{Now: mon(16, 30), Due: 50},
			want:  remind.Decision{Reason: remind.ReasonTooSoon, NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
		{name: "gap over to the minute",
			state: remind.State{Sent: sent(mon(8, 30))},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},
		{name: "no gap still means a minute",
			settings: func(s *remind.Settings) { s.MinGapMinutes = 0 },
			state:    remind.State{Sent: sent(now.Add(-30 * time.Second))},
			sit:      remind.Situation{Now: now, Due: 50},
			want:     remind.Decision{Reason: remind.ReasonTooSoon, NextCheck: now.Add(30 * time.Second)}},
		{name: "no gap: ask again after a minute",
			settings: func(s *remind.Settings) { s.MinGapMinutes = 0 },
			sit:      remind.Situation{Now: now, Due: 50},
			want:     remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: now.Add(time.Minute)}},
		{name: "a reminder up to a day ahead (a clock set back) counts",
			state: remind.State{Sent: sent(now.Add(time.Hour))},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Reason: remind.ReasonTooSoon, NextCheck: mon(12, 30)}},
		{name: "a reminder from a clock a year ahead is ignored",
			state: remind.State{Sent: sent(now.AddDate(1, 0, 0), now.AddDate(1, 0, 0), now.AddDate(1, 0, 0))},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "50 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},

		// Courses.
		{name: "course idle",
			sit:  remind.Situation{Now: now, Courses: forklift(now.Add(-3 * day))},
			want: remind.Decision{Notify: true, Kind: remind.KindCourse, Subject: "c1", Reason: remind.ReasonCourseIdle, Title: "Pick up “Forklift safety” where you left off", Body: "You last worked on it 3 days ago", NextCheck: mon(11, 30)}},
		{name: "course idle soon: check then",
			sit:  remind.Situation{Now: now, Courses: forklift(now.Add(-3*day + 10*time.Minute))},
			want: remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(10 * time.Minute)}},
		{name: "course idle, already mentioned this spell",
			state: remind.State{CourseNudged: map[string]time.Time{"c1": now.Add(-time.Hour)}},
			sit:   remind.Situation{Now: now, Courses: forklift(now.Add(-10 * day))},
			want:  remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(remind.Poll)}},
		{name: "course touched since it was mentioned, idle again",
			state: remind.State{CourseNudged: map[string]time.Time{"c1": now.Add(-10 * day)}},
			sit:   remind.Situation{Now: now, Courses: forklift(now.Add(-5 * day))},
			want:  remind.Decision{Notify: true, Kind: remind.KindCourse, Subject: "c1", Reason: remind.ReasonCourseIdle, Title: "Pick up “Forklift safety” where you left off", Body: "You last worked on it 5 days ago", NextCheck: mon(11, 30)}},
		{name: "the course idle longest",
			sit: remind.Situation{Now: now, Courses: []remind.Course{
				{ID: "c1", Title: "Forklift safety", LastTouched: now.Add(-4 * day)},
				{ID: "c2", Title: "Ladders", LastTouched: now.Add(-10 * day)},
				{ID: "c3", Title: "Fresh", LastTouched: now.Add(-time.Hour)},
			}},
			want: remind.Decision{Notify: true, Kind: remind.KindCourse, Subject: "c2", Reason: remind.ReasonCourseIdle, Title: "Pick up “Ladders” where you left off", Body: "You last worked on it 10 days ago", NextCheck: mon(11, 30)}},
		{name: "a course without a title",
			settings: func(s *remind.Settings) { s.CourseIdleDays = 1 },
			sit:      remind.Situation{Now: now, Courses: []remind.Course{{ID: "c7", LastTouched: now.Add(-25 * time.Hour)}}},
			want:     remind.Decision{Notify: true, Kind: remind.KindCourse, Subject: "c7", Reason: remind.ReasonCourseIdle, Title: "Pick up your course where you left off", Body: "You last worked on it 25 hours ago", NextCheck: mon(11, 30)}},
		{name: "courses without an id or a time are left alone",
			sit: remind.Situation{Now: now, Courses: []remind.Course{
				{Title: "No id", LastTouched: now.Add(-10 * day)},
				{ID: "c8", Title: "Never touched"},
			}},
			want: remind.Decision{Reason: remind.ReasonNothingDue, NextCheck: now.Add(remind.Poll)}},
		{name: "reviews come before courses",
			sit:  remind.Situation{Now: now, Due: 10, Courses: forklift(now.Add(-10 * day))},
			want: remind.Decision{Notify: true, Kind: remind.KindReviews, Reason: remind.ReasonReviewsDue, Title: "10 reviews are waiting", Body: "A few minutes now keeps them fresh", NextCheck: mon(11, 30)}},
		{name: "course reminders count toward the gap",
			state: remind.State{Sent: []remind.Sent{{At: mon(9, 0), Kind: remind.KindCourse, Subject: "c1"}}},
			sit:   remind.Situation{Now: now, Due: 50},
			want:  remind.Decision{Reason: remind.ReasonTooSoon, NextCheck: mon(10, 30)}},
		{name: "course reminders count toward the daily limit",
			state: remind.State{Sent: []remind.Sent{{At: mon(9, 0), Kind: remind.KindCourse, Subject: "c1"}, {At: mon(10, 30), Kind: remind.KindCourse, Subject: "c2"}, {At: mon(12, 0), Kind: remind.KindCourse, Subject: "c3"}}},
			sit:   remind.Situation{Now: mon(14, 0), Due: 50},
			want:  remind.Decision{Reason: remind.ReasonDailyLimit, NextCheck: in(berlin, 2026, 3, 3, 9, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := remind.DefaultSettings()
			if tc.settings != nil {
				tc.settings(&s)
			}
			got := remind.Plan(s, tc.state, tc.sit, berlin)
			if !got.NextCheck.Equal(tc.want.NextCheck) {
				t.Errorf("next check %v, want %v", got.NextCheck.In(berlin), tc.want.NextCheck.In(berlin))
			}
			got.NextCheck, tc.want.NextCheck = time.Time{}, time.Time{}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// Quiet hours that wrap midnight, with work hours that reach into them.
func TestPlanQuietHoursWrapMidnight(t *testing.T) {
	s := remind.DefaultSettings()
	s.WorkStart, s.WorkEnd = clock(6, 0), clock(23, 0)
	s.QuietStart, s.QuietEnd = clock(22, 0), clock(7, 0)
	tue7 := in(berlin, 2026, 3, 3, 7, 0)
	for _, tc := range []struct {
		now    time.Time
		reason string
		next   time.Time
	}{
		{mon(6, 30), remind.ReasonQuiet, mon(7, 0)},
		{mon(7, 0), remind.ReasonReviewsDue, mon(8, 30)},
		{mon(21, 59), remind.ReasonReviewsDue, tue7},
		{mon(22, 0), remind.ReasonQuiet, tue7},
		{mon(22, 59), remind.ReasonQuiet, tue7},
		{mon(23, 30), remind.ReasonOutsideWork, tue7},
		{in(berlin, 2026, 3, 3, 0, 30), remind.ReasonOutsideWork, tue7},
		{in(berlin, 2026, 3, 6, 22, 30), remind.ReasonQuiet, in(berlin, 2026, 3, 9, 7, 0)}, // Friday night
	} {
		got := remind.Plan(s, remind.State{}, remind.Situation{Now: tc.now, Due: 50}, berlin)
		if got.Reason != tc.reason || !got.NextCheck.Equal(tc.next) {
			t.Errorf("%v: %q next %v, want %q next %v", tc.now, got.Reason, got.NextCheck.In(berlin), tc.reason, tc.next)
		}
	}
}

func TestPlanIsPure(t *testing.T) {
	now := mon(10, 0)
	s := remind.DefaultSettings()
	s.QuietStart, s.QuietEnd = clock(12, 0), clock(13, 0)
	st := remind.State{
		Sent:         []remind.Sent{{At: mon(8, 0), Kind: remind.KindReviews}},
		CourseNudged: map[string]time.Time{"c1": now.Add(-20 * 24 * time.Hour)},
	}
	sit := remind.Situation{Now: now, Due: 3, Courses: []remind.Course{
		{ID: "c1", Title: "A", LastTouched: now.Add(-9 * 24 * time.Hour)},
		{ID: "c2", Title: "B", LastTouched: now.Add(-8 * 24 * time.Hour)},
	}}
	sBefore, stBefore := restartSettings(t, s), restart(t, st)
	coursesBefore := append([]remind.Course(nil), sit.Courses...)
	first := remind.Plan(s, st, sit, berlin)
	if !first.Notify || first.Subject != "c1" {
		t.Fatalf("got %+v", first)
	}
	for range 3 {
		if again := remind.Plan(s, st, sit, berlin); again != first {
			t.Fatalf("second plan %+v, first %+v", again, first)
		}
	}
	if !reflect.DeepEqual(restartSettings(t, s), sBefore) || !reflect.DeepEqual(restart(t, st), stBefore) ||
		!reflect.DeepEqual(sit.Courses, coursesBefore) {
		t.Fatal("Plan changed its arguments")
	}
}

func TestPlanNilLocationIsLocal(t *testing.T) {
	s := remind.DefaultSettings()
	for h := range 24 {
		sit := remind.Situation{Now: mon(h, 0), Due: 50}
		if a, b := remind.Plan(s, remind.State{}, sit, nil), remind.Plan(s, remind.State{}, sit, time.Local); a != b {
			t.Fatalf("%v: nil gives %+v, time.Local %+v", sit.Now, a, b)
		}
	}
}
