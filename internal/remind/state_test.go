package remind_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/remind"
)

func TestRecord(t *testing.T) {
	now := utc("2026-03-10T10:00:00Z")
	old := remind.State{
		Sent: []remind.Sent{
			{At: now.Add(-8 * 24 * time.Hour), Kind: remind.KindReviews},                         // older than a week: pruned
			{At: now.Add(-remind.SentKept), Kind: remind.KindReviews},                            // exactly a week: pruned
			{At: now.Add(-remind.SentKept + time.Second), Kind: remind.KindCourse, Subject: "a"}, // kept
			{At: now.Add(-time.Hour), Kind: remind.KindReviews},                                  // kept
			{At: now.Add(400 * 24 * time.Hour), Kind: remind.KindReviews},                        // from a clock a year ahead: dropped
		},
		CourseNudged: map[string]time.Time{"a": now.Add(-remind.SentKept + time.Second)},
	}
	before := restart(t, old)

	st := old.Record(remind.Decision{Notify: true, Kind: remind.KindCourse, Subject: "b"}, now)
	want := []remind.Sent{old.Sent[2], old.Sent[3], {At: now, Kind: remind.KindCourse, Subject: "b"}}
	if !reflect.DeepEqual(st.Sent, want) {
		t.Fatalf("sent %+v\nwant %+v", st.Sent, want)
	}
	if !st.CourseNudged["b"].Equal(now) || len(st.CourseNudged) != 2 {
		t.Fatalf("course nudges %v", st.CourseNudged)
	}
	if !reflect.DeepEqual(restart(t, old), before) {
		t.Fatal("Record changed the state it was called on")
	}

	// An hour later the course reminder of a week ago is pruned too.
	st = st.Record(remind.Decision{Notify: true, Kind: remind.KindReviews}, now.Add(time.Hour))
	if n := len(st.Sent); n != 3 || st.Sent[0].Kind != remind.KindReviews || st.Sent[n-1].Kind != remind.KindReviews || len(st.CourseNudged) != 2 {
		t.Fatalf("after a reviews reminder: %+v", st)
	}
}

func TestRecordKeepsNewestLast(t *testing.T) {
	now := utc("2026-03-10T10:00:00Z")
	st := remind.State{Sent: []remind.Sent{{At: now.Add(time.Hour), Kind: remind.KindReviews}}} // a clock that went back an hour
	st = st.Record(remind.Decision{Notify: true, Kind: remind.KindReviews}, now)
	if len(st.Sent) != 2 || !st.Sent[0].At.Equal(now) || !st.Sent[1].At.Equal(now.Add(time.Hour)) {
		t.Fatalf("got %+v", st.Sent)
	}
}

func TestRecordWithoutNotifyChangesNothing(t *testing.T) {
	now := utc("2026-03-10T10:00:00Z")
	st := remind.State{Sent: []remind.Sent{{At: now.Add(-30 * 24 * time.Hour), Kind: remind.KindReviews}}}
	if got := st.Record(remind.Decision{Reason: remind.ReasonNothingDue}, now); !reflect.DeepEqual(got, st) {
		t.Fatalf("got %+v", got)
	}
}

func TestRecordFirstCourse(t *testing.T) {
	now := utc("2026-03-10T10:00:00Z")
	st := remind.State{}.Record(remind.Decision{Notify: true, Kind: remind.KindCourse, Subject: "c1"}, now)
	if !st.CourseNudged["c1"].Equal(now) || len(st.Sent) != 1 || st.Sent[0].Subject != "c1" {
		t.Fatalf("got %+v", st)
	}
}

func TestSnooze(t *testing.T) {
	now := utc("2026-03-10T10:00:00Z")
	for _, tc := range []struct {
		d    time.Duration
		want time.Time
	}{
		{time.Hour, now.Add(time.Hour)},
		{30 * 24 * time.Hour, now.Add(remind.MaxSnooze)},
		{0, time.Time{}},
		{-time.Hour, time.Time{}},
	} {
		st := remind.State{SnoozedUntil: now.Add(5 * time.Hour)}.Snooze(now, tc.d)
		if !st.SnoozedUntil.Equal(tc.want) {
			t.Errorf("snooze %v: until %v, want %v", tc.d, st.SnoozedUntil, tc.want)
		}
	}
}

func TestForgetCourse(t *testing.T) {
	now := utc("2026-03-10T10:00:00Z")
	st := remind.State{CourseNudged: map[string]time.Time{"a": now, "b": now}}
	got := st.ForgetCourse("a")
	if _, ok := got.CourseNudged["a"]; ok || len(got.CourseNudged) != 1 {
		t.Fatalf("got %v", got.CourseNudged)
	}
	if len(st.CourseNudged) != 2 {
		t.Fatal("ForgetCourse changed the state it was called on")
	}
	if got := st.ForgetCourse("zzz"); len(got.CourseNudged) != 2 {
		t.Fatalf("forgetting an unknown course: %v", got.CourseNudged)
	}
}

func TestStateJSON(t *testing.T) {
	at := time.Date(2026, 3, 10, 10, 0, 0, 0, berlin)
	st := remind.State{
		Sent:         []remind.Sent{{At: at, Kind: remind.KindReviews}, {At: at.Add(time.Hour), Kind: remind.KindCourse, Subject: "c1"}},
		SnoozedUntil: at.Add(2 * time.Hour),
		CourseNudged: map[string]time.Time{"c1": at.Add(time.Hour)},
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"sent":[{"at":"2026-03-10T10:00:00+01:00","kind":"reviews"},{"at":"2026-03-10T11:00:00+01:00","kind":"course","subject":"c1"}],` +
		`"snoozedUntil":"2026-03-10T12:00:00+01:00","courseNudged":{"c1":"2026-03-10T11:00:00+01:00"}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	back := restart(t, st)
	if len(back.Sent) != 2 || !back.Sent[1].At.Equal(st.Sent[1].At) || back.Sent[1].Subject != "c1" ||
		!back.SnoozedUntil.Equal(st.SnoozedUntil) || !back.CourseNudged["c1"].Equal(st.CourseNudged["c1"]) {
		t.Fatalf("read back %+v", back)
	}
}
