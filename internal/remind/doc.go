// Package remind is the reminder planner: it decides when the app nudges a
// person, with an OS notification, to do their spaced reviews or to return
// to a course they started.
//
// Plan is a pure function of the person's Settings, the planner's persisted
// State, the Situation now (reviews due, the oldest due card, started
// courses) and the local time zone. It never reads a clock: the app passes
// Situation.Now, and every test uses fixed times.
//
// A reminder goes out when all of these hold at Now:
//
//   - reminders are enabled and allowed at least once a day;
//   - the local weekday is a work day and the local clock time is inside the
//     work hours and outside the quiet hours (see calendar.go: both are read
//     off the wall clock in the settings' time zone, so daylight-saving days
//     are handled, including times that do not exist or happen twice);
//   - the person has not snoozed reminders past Now;
//   - fewer than MaxPerDay reminders went out on this local calendar day, and
//     the last one went out at least MinGapMinutes ago;
//   - enough reviews are due, or the oldest due one has waited long enough,
//     or a started course has lain untouched for CourseIdleDays (reviews
//     come first; a course is mentioned once per idle spell).
//
// Decision.NextCheck tells the app's timer when to plan again. When time
// holds a reminder back (work or quiet hours, snooze, daily limit, gap) it is
// the exact moment all of those conditions next hold, found on the local
// wall clock; after a reminder it is that moment with the new reminder
// counted; otherwise it is Now plus Poll, or sooner if the oldest due card
// or an idle course will cross its limit before that. Cards falling due are
// not known to the planner, so a threshold reached between two checks is
// seen at the next one.
//
// The planner is state-based, so nothing is lost or repeated across
// restarts: a reminder whose conditions still hold fires at the next allowed
// moment, and the reminders already sent and the snooze come from the State
// the app stores (as JSON) after every decision it carries out.
package remind
