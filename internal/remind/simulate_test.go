package remind_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/remind"
)

// sim runs the app's reminder loop from start to end: plan, show and record
// a reminder when told to, store the state and read it back (a JSON round
// trip, as after a restart), and sleep until NextCheck, or one minute when
// poll is set.
// world is the situation at a moment, given the reminders shown so far.
func sim(t *testing.T, s remind.Settings, loc *time.Location, start, end time.Time, poll bool,
	world func(now time.Time, shown []remind.Sent) remind.Situation) (shown []remind.Sent, plans int) {
	t.Helper()
	var st remind.State
	for now := start; now.Before(end); plans++ {
		if plans > 20_000 {
			t.Fatal("the loop does not end")
		}
		d := remind.Plan(s, st, world(now, shown), loc)
		if d.Notify {
			st = st.Record(d, now)
			shown = append(shown, remind.Sent{At: now, Kind: d.Kind, Subject: d.Subject})
		}
		if d.Notify || !poll { // polling every minute, only restart when something changed
			st = restart(t, st)
		}
		if !d.NextCheck.After(now) {
			t.Fatalf("at %v: next check %v is not after now", now, d.NextCheck)
		}
		if poll {
			now = now.Add(time.Minute)
		} else {
			now = d.NextCheck
		}
	}
	return shown, plans
}

// checkShown checks reminders against the settings, computed afresh here:
// each inside the work hours and outside the quiet hours on the local wall
// clock, at most MaxPerDay a local day, at least the gap apart.
func checkShown(t *testing.T, s remind.Settings, loc *time.Location, shown []remind.Sent) {
	t.Helper()
	perDay := map[string]int{}
	gap := max(time.Duration(s.MinGapMinutes)*time.Minute, time.Minute)
	for i, x := range shown {
		lt := x.At.In(loc)
		m := lt.Hour()*60 + lt.Minute()
		work := false
		for _, d := range s.WorkDays {
			work = work || d == lt.Weekday()
		}
		ws, we := s.WorkStart.Hour*60+s.WorkStart.Minute, s.WorkEnd.Hour*60+s.WorkEnd.Minute
		qs, qe := s.QuietStart.Hour*60+s.QuietStart.Minute, s.QuietEnd.Hour*60+s.QuietEnd.Minute
		quiet := qs < qe && m >= qs && m < qe || qs > qe && (m >= qs || m < qe)
		if !work || m < ws || m >= we || quiet {
			t.Errorf("reminder at %v is outside the allowed hours", lt)
		}
		day := lt.Format(time.DateOnly)
		if perDay[day]++; perDay[day] > s.MaxPerDay {
			t.Errorf("reminder at %v is number %d that day", lt, perDay[day])
		}
		if i > 0 && x.At.Sub(shown[i-1].At) < gap {
			t.Errorf("reminder at %v is %v after the one before", lt, x.At.Sub(shown[i-1].At))
		}
	}
}

func always(due int) func(time.Time, []remind.Sent) remind.Situation {
	return func(now time.Time, _ []remind.Sent) remind.Situation { return remind.Situation{Now: now, Due: due} }
}

func times(shown []remind.Sent, loc *time.Location) []string {
	var out []string
	for _, x := range shown {
		out = append(out, x.At.In(loc).Format("Mon 02 15:04 MST"))
	}
	return out
}

// A week of the defaults in Berlin, over the spring-forward weekend, with
// reviews always waiting: three a work day at 9:00, 10:30 and 12:00, none at
// the weekend, and the timer wakes up only a few times a day.
func TestSimulatedWeekDefaults(t *testing.T) {
	s := remind.DefaultSettings()
	start, end := in(berlin, 2026, 3, 23, 0, 0), in(berlin, 2026, 3, 30, 11, 0)
	shown, plans := sim(t, s, berlin, start, end, false, always(50))
	var want []string
	for _, d := range []string{"Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27"} {
		want = append(want, d+" 09:00 CET", d+" 10:30 CET", d+" 12:00 CET")
	}
	want = append(want, "Mon 30 09:00 CEST", "Mon 30 10:30 CEST")
	if got := times(shown, berlin); !reflect.DeepEqual(got, want) {
		t.Fatalf("reminders at\n%v\nwant\n%v", got, want)
	}
	checkShown(t, s, berlin, shown)
	if plans > 25 {
		t.Fatalf("%d plans for a week: NextCheck does not skip nights and weekends", plans)
	}
}

// Weeks over daylight-saving changes with other settings: following
// NextCheck shows exactly the reminders that planning every minute shows
// (so NextCheck never skips a moment a reminder could go out), and they keep
// the settings.
func TestSimulatedWeeksMatchMinutePolling(t *testing.T) {
	for _, tc := range []struct {
		name       string
		loc        *time.Location
		start, end time.Time
		edit       func(*remind.Settings)
		min        int // at least this many reminders
	}{
		{"Berlin spring, defaults", berlin, in(berlin, 2026, 3, 23, 0, 0), in(berlin, 2026, 3, 31, 0, 0),
			func(*remind.Settings) {}, 18},
		{"Berlin spring, lunch and a short gap", berlin, in(berlin, 2026, 3, 26, 0, 0), in(berlin, 2026, 4, 2, 0, 0),
			func(s *remind.Settings) {
				s.WorkDays = []time.Weekday{time.Monday, time.Thursday, time.Sunday}
				s.QuietStart, s.QuietEnd, s.MaxPerDay, s.MinGapMinutes = clock(12, 0), clock(13, 30), 6, 45
			}, 18},
		{"Berlin autumn, at night", berlin, in(berlin, 2026, 10, 21, 0, 0), in(berlin, 2026, 10, 28, 0, 0),
			func(s *remind.Settings) {
				s.WorkDays, s.WorkStart, s.WorkEnd, s.MaxPerDay, s.MinGapMinutes = allDays, clock(1, 0), clock(4, 0), 10, 30
			}, 40},
		{"New York spring, quiet nights", newYork, in(newYork, 2026, 3, 5, 0, 0), in(newYork, 2026, 3, 12, 0, 0),
			func(s *remind.Settings) {
				s.WorkDays, s.WorkStart, s.WorkEnd = allDays, clock(0, 0), clock(24, 0)
				s.QuietStart, s.QuietEnd, s.MaxPerDay, s.MinGapMinutes = clock(22, 0), clock(7, 0), 4, 100
			}, 28},
		{"New York autumn, around the doubled hour", newYork, in(newYork, 2026, 10, 29, 0, 0), in(newYork, 2026, 11, 4, 0, 0),
			func(s *remind.Settings) {
				s.WorkDays, s.WorkStart, s.WorkEnd, s.MaxPerDay, s.MinGapMinutes = allDays, clock(0, 30), clock(2, 30), 24, 20
			}, 30},
		{"Santiago spring, missing midnight", santiago, in(santiago, 2026, 9, 3, 0, 0), in(santiago, 2026, 9, 10, 0, 0),
			func(s *remind.Settings) {
				s.WorkDays, s.WorkStart, s.WorkEnd, s.MaxPerDay, s.MinGapMinutes = allDays, clock(0, 0), clock(2, 0), 2, 60
			}, 13},
		{"New York, the end of a leap year after the zone table", newYork, in(newYork, 2040, 12, 27, 0, 0), in(newYork, 2041, 1, 3, 0, 0),
			func(s *remind.Settings) {
				s.WorkDays, s.WorkStart, s.WorkEnd, s.MaxPerDay, s.MinGapMinutes = allDays, clock(18, 0), clock(24, 0), 24, 45
			}, 40},
		{"Lord Howe, a half-hour shift", zone("Australia/Lord_Howe"), utc("2026-09-30T00:00:00Z"), utc("2026-10-07T00:00:00Z"),
			func(s *remind.Settings) {
				s.WorkDays, s.WorkStart, s.WorkEnd, s.MaxPerDay, s.MinGapMinutes = allDays, clock(2, 0), clock(3, 0), 3, 10
			}, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := remind.DefaultSettings()
			tc.edit(&s)
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			jumped, _ := sim(t, s, tc.loc, tc.start, tc.end, false, always(50))
			polled, _ := sim(t, s, tc.loc, tc.start, tc.end, true, always(50))
			if got, want := times(jumped, tc.loc), times(polled, tc.loc); !reflect.DeepEqual(got, want) {
				t.Fatalf("following NextCheck:\n%v\nplanning every minute:\n%v", got, want)
			}
			if len(jumped) < tc.min {
				t.Fatalf("only %d reminders: %v", len(jumped), times(jumped, tc.loc))
			}
			checkShown(t, s, tc.loc, jumped)
		})
	}
}

// A person who reviews as soon as reminded, while a card falls due every 20
// minutes, and who leaves a course alone except for one visit: the
// reminders keep the settings, and the course is mentioned once per idle
// spell.
func TestSimulatedWeekWithAPerson(t *testing.T) {
	s := remind.DefaultSettings()
	s.QuietStart, s.QuietEnd, s.MaxPerDay, s.MinGapMinutes = clock(12, 0), clock(13, 0), 4, 60
	start, end := in(berlin, 2026, 3, 23, 0, 0), in(berlin, 2026, 4, 4, 0, 0)
	visit := in(berlin, 2026, 3, 27, 12, 30) // Friday lunch
	world := func(now time.Time, shown []remind.Sent) remind.Situation {
		reviewed := start
		for _, x := range shown {
			if x.Kind == remind.KindReviews {
				reviewed = x.At
			}
		}
		sit := remind.Situation{Now: now, Due: int(now.Sub(reviewed) / (20 * time.Minute))}
		if sit.Due > 0 {
			sit.OldestDue = reviewed.Add(20 * time.Minute)
		}
		touched := in(berlin, 2026, 3, 19, 16, 0)
		if !now.Before(visit) {
			touched = visit
		}
		sit.Courses = []remind.Course{{ID: "c1", Title: "Forklift safety", LastTouched: touched}}
		return sit
	}
	shown, _ := sim(t, s, berlin, start, end, false, world)
	checkShown(t, s, berlin, shown)
	var course []string
	reviews := 0
	for _, x := range shown {
		if x.Kind == remind.KindCourse {
			course = append(course, x.At.In(berlin).Format("Mon 02 15:04"))
		} else {
			reviews++
		}
	}
	// Idle since Thursday 19th: mentioned on Monday 23rd once the first
	// reviews reminder has had its gap. Touched on Friday 27th: idle again
	// from Monday 30th 12:30, in the quiet hours; at 13:00 reviews come
	// first, so the course is mentioned after the gap, at 14:00.
	want := []string{"Mon 23 10:00", "Mon 30 14:00"}
	if !reflect.DeepEqual(course, want) {
		t.Fatalf("course reminders at %v, want %v; all: %v", course, want, times(shown, berlin))
	}
	if reviews < 20 {
		t.Fatalf("only %d reviews reminders: %v", reviews, times(shown, berlin))
	}
}

// A restart after a missed timer: the reminder is not lost, it fires at the
// first plan after the restart.
func TestRestartDoesNotLoseAReminder(t *testing.T) {
	s := remind.DefaultSettings()
	st := remind.State{}
	d := remind.Plan(s, st, remind.Situation{Now: mon(8, 0), Due: 50}, berlin)
	if d.Notify || d.Reason != remind.ReasonOutsideWork || !d.NextCheck.Equal(mon(9, 0)) {
		t.Fatalf("before work: %+v", d)
	}
	// The app quits at 08:30 and starts again at 11:47.
	st = restart(t, st)
	d = remind.Plan(s, st, remind.Situation{Now: mon(11, 47), Due: 50}, berlin)
	if !d.Notify || d.Kind != remind.KindReviews {
		t.Fatalf("after the restart: %+v", d)
	}
	// A course nudge held back by the gap survives a restart too.
	st = restart(t, st.Record(d, mon(11, 47)))
	sit := remind.Situation{Courses: []remind.Course{{ID: "c1", LastTouched: mon(0, 0).AddDate(0, 0, -5)}}}
	sit.Now = mon(12, 0)
	if d := remind.Plan(s, st, sit, berlin); d.Notify || d.Reason != remind.ReasonTooSoon || !d.NextCheck.Equal(mon(13, 17)) {
		t.Fatalf("course within the gap: %+v", d)
	}
	st = restart(t, st)
	sit.Now = in(berlin, 2026, 3, 3, 9, 5) // the app was closed until the next morning
	if d := remind.Plan(s, st, sit, berlin); !d.Notify || d.Kind != remind.KindCourse || d.Subject != "c1" {
		t.Fatalf("course after the restart: %+v", d)
	}
}

// A restart right after a reminder does not repeat it, nor a course
// reminder on a later day, nor a snooze's silence.
func TestRestartDoesNotRepeat(t *testing.T) {
	s := remind.DefaultSettings()
	sit := remind.Situation{Now: mon(10, 0), Due: 50}
	d := remind.Plan(s, remind.State{}, sit, berlin)
	if !d.Notify {
		t.Fatalf("first: %+v", d)
	}
	st := restart(t, remind.State{}.Record(d, sit.Now))
	for _, now := range []time.Time{mon(10, 0), mon(10, 5), mon(11, 29)} {
		sit.Now = now
		if d := remind.Plan(s, st, sit, berlin); d.Notify || d.Reason != remind.ReasonTooSoon || !d.NextCheck.Equal(mon(11, 30)) {
			t.Fatalf("at %v after a restart: %+v", now, d)
		}
	}

	course := remind.Situation{Now: mon(15, 0), Courses: []remind.Course{{ID: "c1", Title: "T", LastTouched: mon(0, 0).AddDate(0, 0, -4)}}}
	d = remind.Plan(s, st, course, berlin)
	if !d.Notify || d.Subject != "c1" {
		t.Fatalf("course: %+v", d)
	}
	st = restart(t, st.Record(d, course.Now))
	for day := 1; day <= 10; day++ {
		course.Now = mon(15, 0).AddDate(0, 0, day)
		if d := remind.Plan(s, st, course, berlin); d.Notify {
			t.Fatalf("course mentioned again on day %d: %+v", day, d)
		}
	}

	st = restart(t, st.Snooze(mon(15, 40), time.Hour))
	sit.Now = mon(15, 50)
	if d := remind.Plan(s, st, sit, berlin); d.Notify || d.Reason != remind.ReasonSnoozed || !d.NextCheck.Equal(mon(16, 40)) {
		t.Fatalf("snoozed after a restart: %+v", d)
	}
}

func TestSnoozeThenRemind(t *testing.T) {
	s := remind.DefaultSettings()
	st := remind.State{}.Snooze(mon(10, 0), time.Hour)
	sit := remind.Situation{Now: mon(10, 0), Due: 50}
	if d := remind.Plan(s, st, sit, berlin); d.Notify || d.Reason != remind.ReasonSnoozed || !d.NextCheck.Equal(mon(11, 0)) {
		t.Fatalf("snoozed: %+v", d)
	}
	sit.Now = mon(11, 0)
	if d := remind.Plan(s, st, sit, berlin); !d.Notify {
		t.Fatalf("after the snooze: %+v", d)
	}
	// Snoozing with 0 ends a snooze.
	sit.Now = mon(10, 30)
	if d := remind.Plan(s, st.Snooze(mon(10, 30), 0), sit, berlin); !d.Notify {
		t.Fatalf("after ending the snooze: %+v", d)
	}
}
