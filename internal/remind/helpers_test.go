package remind_test

import (
	"encoding/json"
	"testing"
	"time"
	// The tests name zones; embed the database so they pass on machines
	// without one.
	_ "time/tzdata"

	"github.com/inflow-learning/inflow/internal/remind"
)

func zone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

var (
	berlin   = zone("Europe/Berlin")
	newYork  = zone("America/New_York")
	santiago = zone("America/Santiago")
)

// utc reads an RFC 3339 instant, so DST tests state their expectations
// without going through time.Date in the zone under test.
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// in is a wall-clock time in loc (only for times that exist once).
func in(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

// gateReasons are the reasons that depend on time alone.
var gateReasons = map[string]bool{
	remind.ReasonOutsideWork: true, remind.ReasonQuiet: true, remind.ReasonSnoozed: true,
	remind.ReasonDailyLimit: true, remind.ReasonTooSoon: true,
}

// restart is what a restart does to the state: stored as JSON, read back.
func restart(t testing.TB, st remind.State) remind.State {
	t.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var back remind.State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

func clock(h, m int) remind.ClockTime { return remind.ClockTime{Hour: h, Minute: m} }

var allDays = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

func restartSettings(t testing.TB, s remind.Settings) remind.Settings {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back remind.Settings
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}
