package remind_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/remind"
)

// fuzzZones are zones with daylight saving at odd hours, half-hour and
// 45-minute offsets and shifts, several changes a year (Casablanca), and
// none. "" plans in fuzzLocal, the computer's zone.
var fuzzZones = []string{
	"", "UTC", "Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe",
	"Pacific/Chatham", "Asia/Kolkata", "Africa/Casablanca", "America/St_Johns", "Europe/Dublin", "Asia/Tehran",
}

var fuzzLocal = zone("Asia/Kathmandu")

// mod is x mod n in [0, n).
func mod[T int64 | int32](x T, n int64) int64 { return (int64(x)%n + n) % n }

func FuzzPlan(f *testing.F) {
	// enabled, days (bit per weekday from Sunday), work start/end, quiet
	// start/end (minutes), threshold, overdue hours, per day, gap, idle
	// days, zone, now (seconds after 2000), due, and offsets in minutes from
	// now: oldest due, two reminders sent, snooze end, course touched and
	// nudged (0 = none).
	f.Add(true, uint8(0b0111110), uint16(540), uint16(1020), uint16(0), uint16(0), uint16(10), uint16(4), uint8(3), uint16(90), uint16(3), uint8(2),
		int64(825_757_200), int16(12), int32(-300), int32(-60), int32(-200), int32(0), int32(-5000), int32(0))
	f.Add(true, uint8(0b1111111), uint16(150), uint16(300), uint16(0), uint16(0), uint16(5), uint16(2), uint8(24), uint16(0), uint16(1), uint8(2),
		int64(828_059_400), int16(50), int32(0), int32(-1), int32(0), int32(30), int32(-1440), int32(-10))
	f.Add(true, uint8(0b1111111), uint16(0), uint16(1440), uint16(1320), uint16(420), uint16(1), uint16(1), uint8(2), uint16(30), uint16(2), uint8(4),
		int64(841_968_000), int16(1), int32(-61), int32(-1000), int32(-20), int32(0), int32(-4000), int32(-100))
	f.Add(true, uint8(0b1000001), uint16(60), uint16(120), uint16(90), uint16(100), uint16(10000), uint16(720), uint8(1), uint16(1440), uint16(365), uint8(5),
		int64(844_000_000), int16(-3), int32(100), int32(-2000), int32(-10), int32(600), int32(0), int32(0))
	f.Add(true, uint8(0b1111111), uint16(0), uint16(1440), uint16(60), uint16(120), uint16(10), uint16(4), uint8(3), uint16(90), uint16(3), uint8(3),
		int64(846_826_200), int16(20), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0))
	f.Add(false, uint8(0), uint16(600), uint16(500), uint16(0), uint16(0), uint16(0), uint16(0), uint8(0), uint16(0), uint16(0), uint8(8),
		int64(0), int16(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0))
	f.Fuzz(func(t *testing.T, enabled bool, days uint8, ws, we, qs, qe, threshold, overdue uint16, perDay uint8, gap, idle uint16, zoneIx uint8,
		nowSec int64, due int16, oldest, sent1, sent2, snooze, touched, nudged int32) {
		checkPlan(t, planInput{enabled, days, ws, we, qs, qe, threshold, overdue, perDay, gap, idle, zoneIx, nowSec, due, oldest, sent1, sent2, snooze, touched, nudged})
	})
}

// planInput is FuzzPlan's input; checkPlan turns it into settings, a state
// and a situation.
type planInput struct {
	enabled                                       bool
	days                                          uint8
	ws, we, qs, qe, threshold, overdue            uint16
	perDay                                        uint8
	gap, idle                                     uint16
	zoneIx                                        uint8
	nowSec                                        int64
	due                                           int16
	oldest, sent1, sent2, snooze, touched, nudged int32
}

// checkPlan plans once and checks what must always hold. It reports whether
// the plan notified and whether time alone held it back.
func checkPlan(t *testing.T, in planInput) (notified, gated bool) {
	t.Helper()
	s := remind.Settings{
		Enabled:    in.enabled,
		WorkStart:  clock(int(in.ws%1441)/60, int(in.ws%1441)%60),
		WorkEnd:    clock(int(in.we%1441)/60, int(in.we%1441)%60),
		QuietStart: clock(int(in.qs%1441)/60, int(in.qs%1441)%60),
		QuietEnd:   clock(int(in.qe%1441)/60, int(in.qe%1441)%60),
		// Mostly in range, sometimes just out of it.
		DueThreshold: int(in.threshold % 10002), OverdueHours: int(in.overdue % 722), MaxPerDay: int(in.perDay % 26),
		MinGapMinutes: int(in.gap % 1442), CourseIdleDays: int(in.idle % 367),
		TimeZone: fuzzZones[int(in.zoneIx)%len(fuzzZones)],
	}
	for d := range 7 {
		if in.days&(1<<d) != 0 {
			s.WorkDays = append(s.WorkDays, time.Weekday(d))
		}
	}
	now := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(mod(in.nowSec, 50*365*86400)) * time.Second)
	minutes := func(x int32, span int64) time.Time { // now, give or take span minutes
		return now.Add(time.Duration(mod(x, 2*span)-span) * time.Minute)
	}
	sit := remind.Situation{Now: now, Due: int(in.due)}
	if in.oldest != 0 {
		sit.OldestDue = minutes(in.oldest, 60*24*60)
	}
	var st remind.State
	for _, x := range []int32{in.sent1, in.sent2} {
		if x != 0 { // up to three days ago
			st.Sent = append(st.Sent, remind.Sent{At: now.Add(-time.Duration(mod(x, 3*1440)) * time.Minute), Kind: remind.KindReviews})
		}
	}
	if in.snooze != 0 {
		st.SnoozedUntil = minutes(in.snooze, int64(remind.MaxSnooze/time.Minute))
	}
	if in.touched != 0 {
		sit.Courses = []remind.Course{{ID: "c1", Title: "Course", LastTouched: minutes(in.touched, 400*1440)}}
		if in.nudged != 0 {
			st.CourseNudged = map[string]time.Time{"c1": minutes(in.nudged, 400*1440)}
		}
	}

	d := remind.Plan(s, st, sit, fuzzLocal)
	if !d.NextCheck.After(now) {
		t.Fatalf("next check %v is not after now %v (%+v)", d.NextCheck, now, d)
	}
	if err := s.Validate(); err != nil || !s.Enabled || s.MaxPerDay == 0 {
		if d.Notify {
			t.Fatalf("notified with settings %+v (%v)", s, err)
		}
		if err != nil && s.Enabled && s.MaxPerDay != 0 && !strings.HasPrefix(d.Reason, "invalid settings: ") {
			t.Fatalf("invalid settings, reason %q", d.Reason)
		}
		return false, false
	}
	loc, _ := s.Location(fuzzLocal)
	if d.Notify {
		checkAllowed(t, s, st, loc, d, sit)
		// Planning again after recording it, as after a restart, does
		// not repeat it.
		if again := remind.Plan(s, restart(t, st.Record(d, now)), sit, fuzzLocal); again.Notify {
			t.Fatalf("repeated: %+v then %+v", d, again)
		}
	}
	if d.Reason == remind.ReasonNothingDue && d.NextCheck.After(now.Add(remind.Poll)) {
		t.Fatalf("nothing due, next check %v", d.NextCheck)
	}
	// When only time stands in the way, NextCheck is exactly when it
	// stops: just before, it still does; at NextCheck it does not.
	after := st
	if d.Notify {
		after = st.Record(d, now)
	}
	if d.Notify || gateReasons[d.Reason] {
		at := func(t time.Time) remind.Decision {
			sit := sit
			sit.Now = t
			return remind.Plan(s, after, sit, fuzzLocal)
		}
		if before := at(d.NextCheck.Add(-time.Nanosecond)); !gateReasons[before.Reason] {
			t.Fatalf("%+v\njust before the next check: %+v", d, before)
		}
		if then := at(d.NextCheck); gateReasons[then.Reason] {
			t.Fatalf("%+v\nat the next check (%v): %+v", d, d.NextCheck.In(loc), then)
		}
	}
	return d.Notify, gateReasons[d.Reason]
}

// checkAllowed checks a reminder against the rules, computed afresh.
func checkAllowed(t *testing.T, s remind.Settings, st remind.State, loc *time.Location, d remind.Decision, sit remind.Situation) {
	t.Helper()
	now := sit.Now
	lt := now.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	work := false
	for _, wd := range s.WorkDays {
		work = work || wd == lt.Weekday()
	}
	ws, we := s.WorkStart.Hour*60+s.WorkStart.Minute, s.WorkEnd.Hour*60+s.WorkEnd.Minute
	qs, qe := s.QuietStart.Hour*60+s.QuietStart.Minute, s.QuietEnd.Hour*60+s.QuietEnd.Minute
	if !work || m < ws || m >= we {
		t.Fatalf("notified outside the work hours at %v: %+v", lt, d)
	}
	if qs < qe && m >= qs && m < qe || qs > qe && (m >= qs || m < qe) {
		t.Fatalf("notified in the quiet hours at %v: %+v", lt, d)
	}
	if now.Before(st.SnoozedUntil) {
		t.Fatalf("notified while snoozed until %v", st.SnoozedUntil)
	}
	today := 0
	for _, x := range st.Sent {
		xt := x.At.In(loc)
		if xt.Year() == lt.Year() && xt.YearDay() == lt.YearDay() {
			today++
		}
		if now.Sub(x.At) < max(time.Duration(s.MinGapMinutes)*time.Minute, time.Minute) {
			t.Fatalf("notified %v after the last reminder", now.Sub(x.At))
		}
	}
	if today >= s.MaxPerDay {
		t.Fatalf("notified after %d reminders today", today)
	}
	switch d.Kind {
	case remind.KindReviews:
		if sit.Due < s.DueThreshold && (sit.Due <= 0 || sit.OldestDue.IsZero() || now.Sub(sit.OldestDue) < time.Duration(s.OverdueHours)*time.Hour) {
			t.Fatalf("reviews reminder for %+v", sit)
		}
	case remind.KindCourse:
		c := sit.Courses[0]
		if n, ok := st.CourseNudged[c.ID]; ok && !n.Before(c.LastTouched) || c.LastTouched.In(loc).AddDate(0, 0, s.CourseIdleDays).After(now) {
			t.Fatalf("course reminder for %+v (nudged %v)", c, st.CourseNudged)
		}
	default:
		t.Fatalf("kind %q", d.Kind)
	}
}

// TestPlanRandom runs FuzzPlan's checks over random inputs in every test
// run, and makes sure they reach reminders and each kind of hold-up.
func TestPlanRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var notified, gated int
	for range 20_000 {
		in := planInput{
			enabled: r.IntN(8) != 0, days: uint8(r.Uint32()), zoneIx: uint8(r.Uint32()),
			ws: uint16(r.IntN(1441)), we: uint16(r.IntN(1441)), qs: uint16(r.IntN(1441)), qe: uint16(r.IntN(1441)),
			threshold: uint16(r.IntN(30)), overdue: uint16(r.IntN(30)), perDay: uint8(r.IntN(26)), gap: uint16(r.IntN(300)),
			idle: uint16(r.IntN(10)), nowSec: r.Int64(), due: int16(r.IntN(40) - 5),
			oldest: r.Int32(), sent1: r.Int32() % 4000, sent2: r.Int32() % 4000, touched: r.Int32(), nudged: r.Int32(),
		}
		if r.IntN(4) == 0 {
			in.qs = in.qe // no quiet hours
		}
		if r.IntN(3) == 0 {
			in.snooze = r.Int32()
		}
		n, g := checkPlan(t, in)
		if n {
			notified++
		}
		if g {
			gated++
		}
	}
	if notified < 200 || gated < 2000 {
		t.Fatalf("only %d reminders and %d held back by time", notified, gated)
	}
	t.Logf("%d reminders, %d held back by time", notified, gated)
}
