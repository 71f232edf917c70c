package remind

import (
	"encoding/json"
	"fmt"
)

// ClockTime is a time of day, to the minute, on the wall clock of the
// settings' time zone. It is stored in JSON as "HH:MM", from "00:00" to
// "24:00"; 24:00 is the end of the day and only makes sense as the end of
// the work or quiet hours.
type ClockTime struct{ Hour, Minute int }

// String formats c as HH:MM.
func (c ClockTime) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// minutes is c as minutes after midnight, 0 to 1440.
func (c ClockTime) minutes() int { return c.Hour*60 + c.Minute }

// valid reports whether c is 00:00 to 23:59, or 24:00.
func (c ClockTime) valid() bool {
	return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60 || c.Hour == 24 && c.Minute == 0
}

// ParseClockTime reads "HH:MM" (two digits each, 00:00 to 24:00).
func ParseClockTime(s string) (ClockTime, error) {
	if len(s) != 5 || s[2] != ':' || !digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4]) {
		return ClockTime{}, fmt.Errorf("clock time %q is not HH:MM", s)
	}
	c := ClockTime{Hour: int(s[0]-'0')*10 + int(s[1]-'0'), Minute: int(s[3]-'0')*10 + int(s[4]-'0')}
	if !c.valid() {
		return ClockTime{}, fmt.Errorf("clock time %q is not 00:00 to 24:00", s)
	}
	return c, nil
}

func digit(b byte) bool { return b >= '0' && b <= '9' }

// MarshalJSON writes c as "HH:MM"; a time outside 00:00 to 24:00 is an error.
func (c ClockTime) MarshalJSON() ([]byte, error) {
	if !c.valid() {
		return nil, fmt.Errorf("clock time %s is not 00:00 to 24:00", c)
	}
	return []byte(`"` + c.String() + `"`), nil
}

// UnmarshalJSON reads "HH:MM"; null leaves c unchanged.
func (c *ClockTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("clock time %s is not a string \"HH:MM\"", b)
	}
	t, err := ParseClockTime(s)
	if err != nil {
		return err
	}
	*c = t
	return nil
}
