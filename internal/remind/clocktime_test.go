package remind_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/remind"
)

func TestClockTimeJSONRoundTrip(t *testing.T) {
	for m := 0; m <= 24*60; m++ {
		c := clock(m/60, m%60)
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if len(b) != 7 || string(b[1:6]) != c.String() {
			t.Fatalf("%v marshals as %s", c, b)
		}
		var back remind.ClockTime
		if err := json.Unmarshal(b, &back); err != nil || back != c {
			t.Fatalf("%s reads back as %v, %v", b, back, err)
		}
	}
}

func TestClockTimeJSONText(t *testing.T) {
	b, err := json.Marshal(struct{ At remind.ClockTime }{clock(9, 5)})
	if err != nil || string(b) != `{"At":"09:05"}` {
		t.Fatalf("got %s, %v", b, err)
	}
}

func TestClockTimeBadValues(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{`"25:00"`, `clock time "25:00" is not 00:00 to 24:00`},
		{`"24:01"`, `clock time "24:01" is not 00:00 to 24:00`},
		{`"12:60"`, `clock time "12:60" is not 00:00 to 24:00`},
		{`"9"`, `clock time "9" is not HH:MM`},
		{`"9:00"`, `clock time "9:00" is not HH:MM`},
		{`"ab:cd"`, `clock time "ab:cd" is not HH:MM`},
		{`"-1:00"`, `clock time "-1:00" is not HH:MM`},
		{`"09-00"`, `clock time "09-00" is not HH:MM`},
		{`"09:00 "`, `clock time "09:00 " is not HH:MM`},
		{`""`, `clock time "" is not HH:MM`},
		{`900`, `clock time 900 is not a string "HH:MM"`},
		{`{"hour":9}`, `clock time {"hour":9} is not a string "HH:MM"`},
	} {
		c := clock(7, 7)
		err := json.Unmarshal([]byte(tc.in), &c)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.in, err, tc.err)
		}
		if c != clock(7, 7) {
			t.Errorf("%s: a bad value changed the time to %v", tc.in, c)
		}
	}
}

func TestClockTimeNullKeepsValue(t *testing.T) {
	c := clock(7, 30)
	if err := json.Unmarshal([]byte(`null`), &c); err != nil || c != clock(7, 30) {
		t.Fatalf("got %v, %v", c, err)
	}
}

func TestClockTimeMarshalRejectsBadValues(t *testing.T) {
	for _, c := range []remind.ClockTime{clock(25, 0), clock(24, 1), clock(-1, 0), clock(9, 60), clock(9, -1)} {
		if b, err := json.Marshal(c); err == nil {
			t.Errorf("%v marshals as %s", c, b)
		}
	}
}

func TestParseClockTime(t *testing.T) {
	for in, want := range map[string]remind.ClockTime{"00:00": clock(0, 0), "09:05": clock(9, 5), "23:59": clock(23, 59), "24:00": clock(24, 0)} {
		if got, err := remind.ParseClockTime(in); err != nil || got != want {
			t.Errorf("%s: got %v, %v", in, got, err)
		}
	}
}
