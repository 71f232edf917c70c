package presence_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/ids"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/presence"
	"github.com/inflow-learning/inflow/internal/remind"
	"github.com/inflow-learning/inflow/internal/review"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

type sent struct {
	title, body string
	actions     [][2]string
}

type fakeNotifier struct {
	mu   sync.Mutex
	sent []sent
	err  error
}

func (f *fakeNotifier) Notify(_ context.Context, title, body string, actions [][2]string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.sent = append(f.sent, sent{title, body, actions})
	return nil
}

type fakeTray struct {
	due   int
	badge string
}

func (f *fakeTray) SetDue(n int)         { f.due = n }
func (f *fakeTray) SetBadge(text string) { f.badge = text }

var berlin, _ = time.LoadLocation("Europe/Berlin")

// A Tuesday, 10:00 in Berlin.
var tuesday = time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)

type env struct {
	store  *badgerstore.Store
	svc    *review.Service
	clock  *clock
	notify *fakeNotifier
	tray   *fakeTray
	pres   *presence.Presence
	opened int
}

func setup(t *testing.T, cards int) *env {
	t.Helper()
	s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := &env{store: s, clock: &clock{t: tuesday.Add(-30 * 24 * time.Hour)}, notify: &fakeNotifier{}, tray: &fakeTray{}}
	lib, err := library.New(context.Background(), library.Config{Store: s, Clock: e.clock, IDs: ids.UUIDv7{}, Device: "d"})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = review.NewService(review.Config{Store: s, Settings: s, Recorder: lib, IDs: ids.UUIDv7{}, Clock: e.clock, Location: berlin})
	ctx := context.Background()
	// Cards answered a month ago, all overdue by now.
	for range cards {
		c, err := e.svc.Create(ctx, review.Content{Prompt: "q", Answer: "a"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Answer(ctx, c.ID, 4, time.Second, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.t = tuesday
	e.pres = presence.New(presence.Config{
		Reviews: e.svc, Settings: s, Notifier: e.notify, Indicator: e.tray, Clock: e.clock, Location: berlin,
		OnReview: func() { e.opened++ },
	})
	return e
}

func TestRemindsInsideWorkHoursOnce(t *testing.T) {
	e, ctx := setup(t, 12), context.Background()
	next, err := e.pres.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if e.tray.due != 12 || len(e.notify.sent) != 1 {
		t.Fatalf("tray %d, sent %+v", e.tray.due, e.notify.sent)
	}
	n := e.notify.sent[0]
	if n.title == "" || len(n.actions) != 2 || n.actions[0] != [2]string{"review", "Review now"} || n.actions[1] != [2]string{"snooze", "Snooze 1 h"} {
		t.Errorf("notification: %+v", n)
	}
	if !next.After(tuesday) {
		t.Errorf("next check %v", next)
	}
	// A restart (a new Presence over the same store) does not repeat it.
	again := presence.New(presence.Config{Reviews: e.svc, Settings: e.store, Notifier: e.notify, Indicator: e.tray, Clock: e.clock, Location: berlin})
	if _, err := again.Check(ctx); err != nil || len(e.notify.sent) != 1 {
		t.Errorf("after restart: %d sent, %v", len(e.notify.sent), err)
	}
}

func TestNothingOutsideWorkHours(t *testing.T) {
	e, ctx := setup(t, 12), context.Background()
	e.clock.t = time.Date(2026, 3, 7, 11, 0, 0, 0, berlin) // Saturday
	next, _ := e.pres.Check(ctx)
	if len(e.notify.sent) != 0 || e.tray.due != 12 {
		t.Fatalf("weekend: %+v, tray %d", e.notify.sent, e.tray.due)
	}
	if want := time.Date(2026, 3, 9, 9, 0, 0, 0, berlin); !next.Equal(want) {
		t.Errorf("next check %v, want Monday 9:00 %v", next, want)
	}
}

func TestActionsAndSnooze(t *testing.T) {
	e, ctx := setup(t, 12), context.Background()
	if err := e.pres.Action(ctx, presence.ActionReview); err != nil || e.opened != 1 {
		t.Fatalf("review now: %d %v", e.opened, err)
	}
	if err := e.pres.Action(ctx, presence.ActionSnooze); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pres.Check(ctx); err != nil || len(e.notify.sent) != 0 {
		t.Fatalf("snoozed but sent %+v (%v)", e.notify.sent, err)
	}
	e.clock.t = e.clock.t.Add(61 * time.Minute)
	if _, err := e.pres.Check(ctx); err != nil || len(e.notify.sent) != 1 {
		t.Errorf("after the snooze: %+v (%v)", e.notify.sent, err)
	}
}

func TestBrokenNotifierFallsBackToTheTray(t *testing.T) {
	e, ctx := setup(t, 12), context.Background()
	e.notify.err = errors.New("org.freedesktop.Notifications: no such name")
	if _, err := e.pres.Check(ctx); err != nil {
		t.Fatalf("a broken notifier must not fail the check: %v", err)
	}
	if e.tray.badge == "" {
		t.Error("no tray badge as fallback")
	}
	// No notifier at all (no bus) works the same way.
	none := presence.New(presence.Config{Reviews: e.svc, Settings: e.store, Indicator: e.tray, Clock: e.clock, Location: berlin})
	e.clock.t = e.clock.t.Add(3 * time.Hour)
	e.tray.badge = ""
	if _, err := none.Check(ctx); err != nil || e.tray.badge == "" {
		t.Errorf("without a notifier: badge %q, %v", e.tray.badge, err)
	}
}

func TestSettingsValidated(t *testing.T) {
	e, ctx := setup(t, 0), context.Background()
	bad := remind.DefaultSettings()
	bad.MaxPerDay = -1
	if err := e.pres.SaveSettings(ctx, bad); err == nil {
		t.Error("bad settings saved")
	}
	off := remind.DefaultSettings()
	off.Enabled = false
	if err := e.pres.SaveSettings(ctx, off); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.pres.Settings(ctx); got.Enabled {
		t.Error("settings not stored")
	}
}

// TestNudgesAnIdleCourse: with no reviews due, a started course left
// untouched for days is mentioned, with a Continue button that opens it.
func TestNudgesAnIdleCourse(t *testing.T) {
	e, ctx := setup(t, 0), context.Background()
	var opened string
	e.pres = presence.New(presence.Config{
		Reviews: e.svc, Settings: e.store, Notifier: e.notify, Indicator: e.tray, Clock: e.clock, Location: berlin,
		Courses: func(context.Context) ([]remind.Course, error) {
			return []remind.Course{{ID: "field/radio", Title: "Radio basics", LastTouched: tuesday.AddDate(0, 0, -9)}}, nil
		},
		OnCourse: func(id string) { opened = id },
	})
	if _, err := e.pres.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if len(e.notify.sent) != 1 || e.notify.sent[0].actions[0] != [2]string{"course:field/radio", "Continue"} {
		t.Fatalf("sent %+v", e.notify.sent)
	}
	if err := e.pres.Action(ctx, e.notify.sent[0].actions[0][0]); err != nil || opened != "field/radio" {
		t.Fatalf("continue opened %q, %v", opened, err)
	}
}
