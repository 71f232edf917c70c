package remind_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/remind"
)

func TestDefaultSettings(t *testing.T) {
	s := remind.DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	want := remind.Settings{
		Enabled:   true,
		WorkDays:  []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		WorkStart: clock(9, 0), WorkEnd: clock(17, 0),
		DueThreshold: 10, OverdueHours: 4, MaxPerDay: 3, MinGapMinutes: 90, CourseIdleDays: 3,
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got %+v\nwant %+v", s, want)
	}
}

func TestSettingsJSON(t *testing.T) {
	b, err := json.Marshal(remind.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"enabled":true,"workDays":[1,2,3,4,5],"workStart":"09:00","workEnd":"17:00",` +
		`"quietStart":"00:00","quietEnd":"00:00","dueThreshold":10,"overdueHours":4,"maxPerDay":3,` +
		`"minGapMinutes":90,"courseIdleDays":3,"timeZone":""}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	// A stored record read over the defaults keeps the defaults it lacks.
	s := remind.DefaultSettings()
	if err := json.Unmarshal([]byte(`{"maxPerDay":5,"quietStart":"22:00","quietEnd":"07:00"}`), &s); err != nil {
		t.Fatal(err)
	}
	want2 := remind.DefaultSettings()
	want2.MaxPerDay, want2.QuietStart, want2.QuietEnd = 5, clock(22, 0), clock(7, 0)
	if !reflect.DeepEqual(s, want2) {
		t.Fatalf("got %+v", s)
	}
	if err := json.Unmarshal([]byte(`{"workEnd":"25:00"}`), &s); err == nil {
		t.Fatal("a bad clock time was read")
	}
}

func TestSettingsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*remind.Settings)
		err  string // "" means valid
	}{
		{"defaults", func(*remind.Settings) {}, ""},
		{"end before start", func(s *remind.Settings) { s.WorkEnd = clock(8, 0) }, "work hours end 08:00 is not after their start 09:00"},
		{"end equals start", func(s *remind.Settings) { s.WorkEnd = clock(9, 0) }, "work hours end 09:00 is not after their start 09:00"},
		{"end of day", func(s *remind.Settings) { s.WorkStart, s.WorkEnd = clock(0, 0), clock(24, 0) }, ""},
		{"start at end of day", func(s *remind.Settings) { s.WorkStart = clock(24, 0) }, "work hours start 24:00 is not 00:00 to 23:59"},
		{"bad start", func(s *remind.Settings) { s.WorkStart = clock(9, 75) }, "work hours start 09:75 is not 00:00 to 23:59"},
		{"bad end", func(s *remind.Settings) { s.WorkEnd = clock(25, 0) }, "work hours end 25:00 is not 00:00 to 24:00"},
		{"bad quiet start", func(s *remind.Settings) { s.QuietStart = clock(24, 0) }, "quiet hours start 24:00 is not 00:00 to 23:59"},
		{"bad quiet end", func(s *remind.Settings) { s.QuietEnd = clock(-1, 0) }, "quiet hours end -1:00 is not 00:00 to 24:00"},
		{"quiet until midnight", func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(16, 0), clock(24, 0) }, ""},
		{"quiet lunch", func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(12, 0), clock(13, 0) }, ""},
		{"quiet covers work", func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(8, 0), clock(18, 0) },
			"quiet hours 08:00 to 18:00 cover all of the work hours 09:00 to 17:00"},
		{"one quiet minute", func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(12, 0), clock(12, 1) }, ""},
		{"quiet equals work", func(s *remind.Settings) {
			s.QuietStart, s.QuietEnd = clock(13, 0), clock(14, 0)
			s.WorkStart, s.WorkEnd = clock(13, 0), clock(14, 0)
		},
			"quiet hours 13:00 to 14:00 cover all of the work hours 13:00 to 14:00"},
		{"wrapping quiet leaves half an hour", func(s *remind.Settings) {
			s.QuietStart, s.QuietEnd = clock(10, 0), clock(9, 30)
			s.WorkStart, s.WorkEnd = clock(9, 0), clock(11, 0)
		}, ""},
		{"quiet around short work hours", func(s *remind.Settings) {
			s.QuietStart, s.QuietEnd = clock(9, 30), clock(10, 0)
			s.WorkStart, s.WorkEnd = clock(9, 40), clock(9, 50)
		},
			"quiet hours 09:30 to 10:00 cover all of the work hours 09:40 to 09:50"},
		{"night quiet wraps past a whole work day", func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(17, 0), clock(9, 0) }, ""},
		{"night quiet wraps over work", func(s *remind.Settings) { s.QuietStart, s.QuietEnd = clock(8, 0), clock(7, 0) },
			"quiet hours 08:00 to 07:00 cover all of the work hours 09:00 to 17:00"},
		{"no work days", func(s *remind.Settings) { s.WorkDays = nil }, "work days must not be empty"},
		{"bad work day", func(s *remind.Settings) { s.WorkDays = []time.Weekday{7} }, "work day 7 is not 0 (Sunday) to 6 (Saturday)"},
		{"work day twice", func(s *remind.Settings) { s.WorkDays = []time.Weekday{1, 2, 1} }, "work day Monday is listed twice"},
		{"threshold 0", func(s *remind.Settings) { s.DueThreshold = 0 }, "due threshold 0 is not 1 to 10000"},
		{"threshold 10001", func(s *remind.Settings) { s.DueThreshold = 10001 }, "due threshold 10001 is not 1 to 10000"},
		{"overdue 0", func(s *remind.Settings) { s.OverdueHours = 0 }, "overdue hours 0 is not 1 to 720"},
		{"overdue 721", func(s *remind.Settings) { s.OverdueHours = 721 }, "overdue hours 721 is not 1 to 720"},
		{"per day -1", func(s *remind.Settings) { s.MaxPerDay = -1 }, "reminders per day -1 is not 0 to 24"},
		{"per day 25", func(s *remind.Settings) { s.MaxPerDay = 25 }, "reminders per day 25 is not 0 to 24"},
		{"per day 0", func(s *remind.Settings) { s.MaxPerDay = 0 }, ""},
		{"gap -1", func(s *remind.Settings) { s.MinGapMinutes = -1 }, "gap between reminders -1 minutes is not 0 to 1440"},
		{"gap 1441", func(s *remind.Settings) { s.MinGapMinutes = 1441 }, "gap between reminders 1441 minutes is not 0 to 1440"},
		{"idle 0", func(s *remind.Settings) { s.CourseIdleDays = 0 }, "course idle days 0 is not 1 to 365"},
		{"idle 366", func(s *remind.Settings) { s.CourseIdleDays = 366 }, "course idle days 366 is not 1 to 365"},
		{"zone", func(s *remind.Settings) { s.TimeZone = "America/New_York" }, ""},
		{"unknown zone", func(s *remind.Settings) { s.TimeZone = "Mars/Base" }, `unknown time zone "Mars/Base"`},
		{"Local", func(s *remind.Settings) { s.TimeZone = "Local" }, `time zone "Local" is not an IANA name (leave it empty for the local time zone)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := remind.DefaultSettings()
			tc.edit(&s)
			err := s.Validate()
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.err != "" && (err == nil || err.Error() != tc.err):
				t.Fatalf("got %v, want %q", err, tc.err)
			}
		})
	}
}

func TestSettingsLocation(t *testing.T) {
	s := remind.DefaultSettings()
	if l, err := s.Location(berlin); err != nil || l != berlin {
		t.Fatalf("empty zone: got %v, %v", l, err)
	}
	if l, err := s.Location(nil); err != nil || l != time.Local {
		t.Fatalf("nil: got %v, %v", l, err)
	}
	s.TimeZone = "America/New_York"
	if l, err := s.Location(berlin); err != nil || l.String() != "America/New_York" {
		t.Fatalf("named zone: got %v, %v", l, err)
	}
}
