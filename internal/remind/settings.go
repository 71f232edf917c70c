package remind

import (
	"fmt"
	"sync"
	"time"
)

// SettingsKey and StateKey are the store settings that hold Settings and
// State.
const (
	SettingsKey = "remind.settings"
	StateKey    = "remind.state"
)

// Settings are the person's reminder preferences.
type Settings struct {
	Enabled bool `json:"enabled"`
	// WorkDays are the days reminders may go out, as time.Weekday numbers
	// (0 is Sunday) in JSON.
	WorkDays []time.Weekday `json:"workDays"`
	// Work hours: reminders only go out at local clock times in
	// [WorkStart, WorkEnd) on work days. WorkEnd may be 24:00.
	WorkStart ClockTime `json:"workStart"`
	WorkEnd   ClockTime `json:"workEnd"`
	// Quiet hours: no reminders at local clock times in [QuietStart,
	// QuietEnd), on any day. They may wrap past midnight (22:00 to 07:00);
	// QuietStart == QuietEnd means none.
	QuietStart ClockTime `json:"quietStart"`
	QuietEnd   ClockTime `json:"quietEnd"`
	// A reviews reminder is due when at least DueThreshold reviews are due,
	// or when the oldest due card has waited OverdueHours.
	DueThreshold int `json:"dueThreshold"`
	OverdueHours int `json:"overdueHours"`
	// At most MaxPerDay reminders a local calendar day (0 means never), at
	// least MinGapMinutes apart (and never less than a minute, so planning
	// twice at the same moment does not repeat a reminder).
	MaxPerDay     int `json:"maxPerDay"`
	MinGapMinutes int `json:"minGapMinutes"`
	// A started course is mentioned once it has been left untouched for
	// CourseIdleDays, once per idle spell.
	CourseIdleDays int `json:"courseIdleDays"`
	// TimeZone is an IANA name such as "Europe/Berlin"; "" means the
	// location the app passes to Plan (the computer's local time zone).
	TimeZone string `json:"timeZone"`
}

// DefaultSettings: enabled; Monday to Friday, 9:00 to 17:00 in the local
// time zone, no quiet hours; a reminder when 10 reviews are due or the
// oldest has waited 4 hours, or when a course has lain idle 3 days; at most
// 3 a day, 90 minutes apart. The app unmarshals stored settings over these,
// so a field missing from an older record keeps its default.
func DefaultSettings() Settings {
	return Settings{
		Enabled:        true,
		WorkDays:       []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		WorkStart:      ClockTime{Hour: 9},
		WorkEnd:        ClockTime{Hour: 17},
		DueThreshold:   10,
		OverdueHours:   4,
		MaxPerDay:      3,
		MinGapMinutes:  90,
		CourseIdleDays: 3,
	}
}

// Validate reports settings out of range, or that leave no moment for a
// reminder (quiet hours covering all of the work hours).
func (s Settings) Validate() error {
	switch {
	case s.DueThreshold < 1 || s.DueThreshold > 10_000:
		return fmt.Errorf("due threshold %d is not 1 to 10000", s.DueThreshold)
	case s.OverdueHours < 1 || s.OverdueHours > 720:
		return fmt.Errorf("overdue hours %d is not 1 to 720", s.OverdueHours)
	case s.MaxPerDay < 0 || s.MaxPerDay > 24:
		return fmt.Errorf("reminders per day %d is not 0 to 24", s.MaxPerDay)
	case s.MinGapMinutes < 0 || s.MinGapMinutes > 1440:
		return fmt.Errorf("gap between reminders %d minutes is not 0 to 1440", s.MinGapMinutes)
	case s.CourseIdleDays < 1 || s.CourseIdleDays > 365:
		return fmt.Errorf("course idle days %d is not 1 to 365", s.CourseIdleDays)
	}
	if len(s.WorkDays) == 0 {
		return fmt.Errorf("work days must not be empty")
	}
	var seen [7]bool
	for _, d := range s.WorkDays {
		if d < time.Sunday || d > time.Saturday {
			return fmt.Errorf("work day %d is not 0 (Sunday) to 6 (Saturday)", int(d))
		}
		if seen[d] {
			return fmt.Errorf("work day %s is listed twice", d)
		}
		seen[d] = true
	}
	if err := checkClock("work hours start", s.WorkStart, false); err != nil {
		return err
	}
	if err := checkClock("work hours end", s.WorkEnd, true); err != nil {
		return err
	}
	if s.WorkEnd.minutes() <= s.WorkStart.minutes() {
		return fmt.Errorf("work hours end %s is not after their start %s", s.WorkEnd, s.WorkStart)
	}
	if err := checkClock("quiet hours start", s.QuietStart, false); err != nil {
		return err
	}
	if err := checkClock("quiet hours end", s.QuietEnd, true); err != nil {
		return err
	}
	if len(allowedMinutes(s)) == 0 {
		return fmt.Errorf("quiet hours %s to %s cover all of the work hours %s to %s",
			s.QuietStart, s.QuietEnd, s.WorkStart, s.WorkEnd)
	}
	if _, err := s.Location(time.UTC); err != nil {
		return err
	}
	return nil
}

func checkClock(what string, c ClockTime, end bool) error {
	if !c.valid() || !end && c.minutes() == 24*60 {
		last := "23:59"
		if end {
			last = "24:00"
		}
		return fmt.Errorf("%s %s is not 00:00 to %s", what, c, last)
	}
	return nil
}

// Location is the time zone reminders are planned in: TimeZone, or local
// when TimeZone is empty (time.Local when local is nil).
func (s Settings) Location(local *time.Location) (*time.Location, error) {
	if s.TimeZone == "" {
		if local == nil {
			return time.Local, nil
		}
		return local, nil
	}
	return loadZone(s.TimeZone)
}

// zones caches loaded time zones: Plan runs every few minutes and
// time.LoadLocation reads the zone database each time. Locations are
// immutable, so sharing them keeps Plan pure.
var zones sync.Map // name -> *time.Location

func loadZone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	if name == "Local" {
		// time.LoadLocation accepts it, but it is not a zone name, and ""
		// already means the local time zone.
		return nil, fmt.Errorf("time zone %q is not an IANA name (leave it empty for the local time zone)", name)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	zones.Store(name, l)
	return l, nil
}
