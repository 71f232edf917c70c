package remind_test

import (
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/remind"
)

// Daylight-saving days in two zones (and Santiago, whose midnight does not
// exist on its spring-forward day). Expectations are UTC instants, so they
// do not lean on time.Date's choice for times that do not exist or happen
// twice.
//
//	Berlin    2026-03-29 02:00 CET  -> 03:00 CEST (01:00Z)
//	Berlin    2026-10-25 03:00 CEST -> 02:00 CET  (01:00Z)
//	New York  2026-03-08 02:00 EST  -> 03:00 EDT  (07:00Z)
//	New York  2026-11-01 02:00 EDT  -> 01:00 EST  (06:00Z)
//	Santiago  2026-09-06 00:00 -04  -> 01:00 -03  (04:00Z)
func TestPlanDaylightSaving(t *testing.T) {
	night := func(s *remind.Settings) { s.WorkDays = allDays }
	for _, tc := range []struct {
		name     string
		loc      *time.Location
		settings func(*remind.Settings)
		state    remind.State
		sit      remind.Situation
		notify   bool
		reason   string
		next     time.Time
	}{
		{name: "Berlin: Friday evening to the Monday after spring forward",
			loc: berlin, sit: remind.Situation{Now: utc("2026-03-27T16:00:00Z"), Due: 50}, // 17:00 CET
			reason: remind.ReasonOutsideWork, next: utc("2026-03-30T07:00:00Z")}, // 09:00 CEST
		{name: "Berlin: work starts at 02:30, which does not exist on 29 March",
			loc:      berlin,
			settings: func(s *remind.Settings) { night(s); s.WorkStart, s.WorkEnd = clock(2, 30), clock(5, 0) },
			sit:      remind.Situation{Now: utc("2026-03-29T00:30:00Z"), Due: 50},  // 01:30 CET
			reason:   remind.ReasonOutsideWork, next: utc("2026-03-29T01:00:00Z")}, // 03:00 CEST, the first moment after 02:30
		{name: "Berlin: 03:00 CEST is inside work hours from 02:30",
			loc:      berlin,
			settings: func(s *remind.Settings) { night(s); s.WorkStart, s.WorkEnd = clock(2, 30), clock(5, 0) },
			sit:      remind.Situation{Now: utc("2026-03-29T01:00:00Z"), Due: 50},
			notify:   true, reason: remind.ReasonReviewsDue, next: utc("2026-03-29T02:30:00Z")}, // + 90 minutes
		{name: "Berlin: work hours inside the skipped hour are skipped that day",
			loc:      berlin,
			settings: func(s *remind.Settings) { night(s); s.WorkStart, s.WorkEnd = clock(2, 0), clock(2, 45) },
			sit:      remind.Situation{Now: utc("2026-03-29T00:59:00Z"), Due: 50},  // 01:59 CET
			reason:   remind.ReasonOutsideWork, next: utc("2026-03-30T00:00:00Z")}, // 02:00 CEST next day
		{name: "Berlin: the daily limit on the 23-hour day",
			loc: berlin,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.MaxPerDay = 1
			},
			state:  remind.State{Sent: []remind.Sent{{At: utc("2026-03-28T23:30:00Z"), Kind: remind.KindReviews}}}, // 00:30 CET on the 29th
			sit:    remind.Situation{Now: utc("2026-03-29T21:59:00Z"), Due: 50},                                    // 23:59 CEST on the 29th
			reason: remind.ReasonDailyLimit, next: utc("2026-03-29T22:00:00Z")},                                    // midnight CEST
		{name: "Berlin: 02:45 CEST, before the clock goes back into work hours 02:00-02:30",
			loc:      berlin,
			settings: func(s *remind.Settings) { night(s); s.WorkStart, s.WorkEnd = clock(2, 0), clock(2, 30) },
			sit:      remind.Situation{Now: utc("2026-10-25T00:45:00Z"), Due: 50},
			reason:   remind.ReasonOutsideWork, next: utc("2026-10-25T01:00:00Z")}, // 02:00 CET, the second 02:00
		{name: "Berlin: 02:15 CEST, the first time",
			loc: berlin,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(2, 0), clock(2, 30)
				s.MinGapMinutes = 20
			},
			sit:    remind.Situation{Now: utc("2026-10-25T00:15:00Z"), Due: 50},
			notify: true, reason: remind.ReasonReviewsDue, next: utc("2026-10-25T01:00:00Z")}, // gap ends 02:35 CEST; then 02:00 CET
		{name: "Berlin: 02:15 CET, the second time",
			loc: berlin,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(2, 0), clock(2, 30)
				s.MinGapMinutes = 10
			},
			state:  remind.State{Sent: []remind.Sent{{At: utc("2026-10-25T00:15:00Z"), Kind: remind.KindReviews}}},
			sit:    remind.Situation{Now: utc("2026-10-25T01:15:00Z"), Due: 50},
			notify: true, reason: remind.ReasonReviewsDue, next: utc("2026-10-25T01:25:00Z")},
		{name: "Berlin: the daily limit on the 25-hour day",
			loc: berlin,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.MaxPerDay = 2
			},
			state: remind.State{Sent: []remind.Sent{
				{At: utc("2026-10-24T22:30:00Z"), Kind: remind.KindReviews}, // 00:30 CEST on the 25th
				{At: utc("2026-10-25T21:00:00Z"), Kind: remind.KindReviews}, // 22:00 CET on the 25th
			}},
			sit:    remind.Situation{Now: utc("2026-10-25T22:45:00Z"), Due: 50}, // 23:45 CET
			reason: remind.ReasonDailyLimit, next: utc("2026-10-25T23:00:00Z")}, // midnight CET
		{name: "Berlin: a course idle 3 days over spring forward is 71 hours",
			loc: berlin,
			sit: remind.Situation{Now: utc("2026-03-30T07:59:00Z"), Courses: []remind.Course{ // Monday 09:59 CEST
				{ID: "c1", Title: "T", LastTouched: utc("2026-03-27T09:00:00Z")}}}, // Friday 10:00 CET
			reason: remind.ReasonNothingDue, next: utc("2026-03-30T08:00:00Z")}, // Monday 10:00 CEST
		{name: "Berlin: the course is idle at 10:00 CEST",
			loc: berlin,
			sit: remind.Situation{Now: utc("2026-03-30T08:00:00Z"), Courses: []remind.Course{
				{ID: "c1", Title: "T", LastTouched: utc("2026-03-27T09:00:00Z")}}},
			notify: true, reason: remind.ReasonCourseIdle, next: utc("2026-03-30T09:30:00Z")},

		{name: "New York: Friday evening to the Monday after spring forward",
			loc: newYork, sit: remind.Situation{Now: utc("2026-03-06T22:00:00Z"), Due: 50}, // 17:00 EST
			reason: remind.ReasonOutsideWork, next: utc("2026-03-09T13:00:00Z")}, // 09:00 EDT
		{name: "New York: work starts at 02:30, which does not exist on 8 March",
			loc:      newYork,
			settings: func(s *remind.Settings) { night(s); s.WorkStart, s.WorkEnd = clock(2, 30), clock(5, 0) },
			sit:      remind.Situation{Now: utc("2026-03-08T06:45:00Z"), Due: 50},  // 01:45 EST
			reason:   remind.ReasonOutsideWork, next: utc("2026-03-08T07:00:00Z")}, // 03:00 EDT
		{name: "New York: 01:30 EDT is in the quiet hours 01:00-02:00",
			loc: newYork,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.QuietStart, s.QuietEnd = clock(1, 0), clock(2, 0)
			},
			sit:    remind.Situation{Now: utc("2026-11-01T05:30:00Z"), Due: 50},
			reason: remind.ReasonQuiet, next: utc("2026-11-01T07:00:00Z")}, // 02:00 EST, after 01:00-02:00 twice
		{name: "New York: 01:30 EST is in them again",
			loc: newYork,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.QuietStart, s.QuietEnd = clock(1, 0), clock(2, 0)
			},
			sit:    remind.Situation{Now: utc("2026-11-01T06:30:00Z"), Due: 50},
			reason: remind.ReasonQuiet, next: utc("2026-11-01T07:00:00Z")},
		{name: "New York: 00:59 EDT, just before the quiet hours",
			loc: newYork,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.QuietStart, s.QuietEnd = clock(1, 0), clock(2, 0)
				s.MinGapMinutes = 0
			},
			sit:    remind.Situation{Now: utc("2026-11-01T04:59:00Z"), Due: 50},
			notify: true, reason: remind.ReasonReviewsDue, next: utc("2026-11-01T07:00:00Z")},
		{name: "New York: 01:50 EDT, before the clock goes back into work hours 01:00-01:45",
			loc:      newYork,
			settings: func(s *remind.Settings) { night(s); s.WorkStart, s.WorkEnd = clock(1, 0), clock(1, 45) },
			sit:      remind.Situation{Now: utc("2026-11-01T05:50:00Z"), Due: 50},
			reason:   remind.ReasonOutsideWork, next: utc("2026-11-01T06:00:00Z")}, // 01:00 EST

		{name: "Santiago: the day after the limit starts at 01:00, midnight does not exist",
			loc: santiago,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.MaxPerDay = 1
			},
			state:  remind.State{Sent: []remind.Sent{{At: utc("2026-09-05T16:00:00Z"), Kind: remind.KindReviews}}}, // Saturday 12:00 -04
			sit:    remind.Situation{Now: utc("2026-09-06T00:00:00Z"), Due: 50},                                    // Saturday 20:00 -04
			reason: remind.ReasonDailyLimit, next: utc("2026-09-06T04:00:00Z")},                                    // Sunday 01:00 -03
		{name: "Santiago: midnight that happens after 23:00 twice",
			loc: santiago,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.MaxPerDay = 1
			},
			state:  remind.State{Sent: []remind.Sent{{At: utc("2026-04-04T16:00:00Z"), Kind: remind.KindReviews}}}, // Saturday 13:00 -03
			sit:    remind.Situation{Now: utc("2026-04-05T02:30:00Z"), Due: 50},                                    // Saturday 23:30 -03
			reason: remind.ReasonDailyLimit, next: utc("2026-04-05T04:00:00Z")},                                    // Sunday 00:00 -04

		// Past the zone table (2037 on) Go derives offsets from the zone's
		// rule and, in leap years, misreports the end of the year's last
		// period (golang/go#81583).
		{name: "Berlin 2040: the last evening of a leap year ruled by the TZ rule",
			loc: berlin, sit: remind.Situation{Now: utc("2040-12-31T17:00:00Z"), Due: 50}, // Monday 18:00 CET
			reason: remind.ReasonOutsideWork, next: utc("2041-01-01T08:00:00Z")}, // Tuesday 09:00 CET
		{name: "Santiago 2040: the daily limit on the last day of a leap year",
			loc: santiago,
			settings: func(s *remind.Settings) {
				night(s)
				s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0)
				s.MaxPerDay = 1
			},
			state:  remind.State{Sent: []remind.Sent{{At: utc("2040-12-31T12:00:00Z"), Kind: remind.KindReviews}}},
			sit:    remind.Situation{Now: utc("2040-12-31T13:00:00Z"), Due: 50}, // 10:00 -03
			reason: remind.ReasonDailyLimit, next: utc("2041-01-01T03:00:00Z")}, // midnight -03
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := remind.DefaultSettings()
			if tc.settings != nil {
				tc.settings(&s)
			}
			got := remind.Plan(s, tc.state, tc.sit, tc.loc)
			if got.Notify != tc.notify || got.Reason != tc.reason || !got.NextCheck.Equal(tc.next) {
				t.Fatalf("got notify %v %q next %v (%v)\nwant notify %v %q next %v (%v)",
					got.Notify, got.Reason, got.NextCheck.UTC(), got.NextCheck.In(tc.loc),
					tc.notify, tc.reason, tc.next, tc.next.In(tc.loc))
			}
		})
	}
}
