package profile_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/review"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

// syncedPair is two profiles of one person signed in to a real server.
func syncedPair(t *testing.T, clock inflow.Clock) (a, b *profile.Profile, sync func(*profile.Profile)) {
	t.Helper()
	st, err := serverbadger.Open("", serverbadger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, _ := auth.HashPassword("ann-password-1")
	if _, err := st.CreateUser(t.Context(), store.User{ID: uuid.NewString(), Name: "ann", Role: store.RoleLearner, PasswordHash: hash, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(api.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	clients := map[*profile.Profile]*syncclient.Client{}
	for _, p := range []**profile.Profile{&a, &b} {
		pr, err := profile.Open(t.Context(), t.TempDir(), profile.Options{Clock: clock, Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pr.Close() })
		var token string
		c := syncclient.New(syncclient.Config{
			Store:  syncclient.Local(pr.Store, pr.RecordPulled),
			Device: pr.Library.Device(), Clock: clock,
			Token: func() (string, error) { return token, nil },
		})
		resp, err := c.SignIn(t.Context(), srv.URL, "ann", "ann-password-1", "", "test")
		if err != nil {
			t.Fatal(err)
		}
		token = resp.Token
		clients[pr] = c
		*p = pr
	}
	return a, b, func(p *profile.Profile) {
		t.Helper()
		if _, err := clients[p].SyncOnce(context.Background()); err != nil {
			t.Fatalf("sync: %v", err)
		}
	}
}

// TestPulledRetentionChangeReschedules: a retention change made on one
// device reaches the other with sync, which reschedules its cards, so
// both show the same due dates.
func TestPulledRetentionChangeReschedules(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := inflow.ClockFunc(func() time.Time { return now })
	a, b, sync := syncedPair(t, clock)
	ctx := t.Context()
	var ids []string
	for _, q := range []string{"tar -x?", "tar -c?", "tar -t?"} {
		c, err := a.Reviews.Create(ctx, review.Content{Deck: "tar", Prompt: q, Answer: "yes"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Reviews.Answer(ctx, c.ID, fsrs.Easy, 5*time.Second, now); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	sync(a)
	sync(b)
	due := func(p *profile.Profile) []time.Time {
		var out []time.Time
		for _, id := range ids {
			c, err := p.Reviews.Store().Card(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, c.Due)
		}
		return out
	}
	before := due(b)
	st, err := a.Reviews.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.DefaultRetention = 0.97
	if _, err := a.Reviews.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	sync(a)
	sync(b)
	got, err := b.Reviews.Settings(ctx)
	if err != nil || got.DefaultRetention != 0.97 {
		t.Fatalf("b's settings: %+v, %v", got, err)
	}
	da, db := due(a), due(b)
	for i := range ids {
		if !da[i].Equal(db[i]) {
			t.Errorf("card %d: due %v on a, %v on b", i, da[i], db[i])
		}
		if !db[i].Before(before[i]) {
			t.Errorf("card %d: due %v not earlier than %v at 97%% retention", i, db[i], before[i])
		}
	}
	// A later change on b wins over a's on both devices.
	now = now.Add(time.Minute)
	st.DefaultRetention = 0.8
	if _, err := b.Reviews.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	sync(b)
	sync(a)
	if got, _ := a.Reviews.Settings(ctx); got.DefaultRetention != 0.8 {
		t.Fatalf("a's settings after b's later change: %+v", got)
	}
}

// TestOpenFinishesAnInterruptedReschedule: settings saved but the app
// stopped before rescheduling; opening the profile reschedules.
func TestOpenFinishesAnInterruptedReschedule(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := inflow.ClockFunc(func() time.Time { return now })
	dir := t.TempDir()
	p, err := profile.Open(t.Context(), dir, profile.Options{Clock: clock, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Reviews.Create(t.Context(), review.Content{Deck: "tar", Prompt: "tar -x?", Answer: "extract"})
	if err == nil {
		_, err = p.Reviews.Answer(t.Context(), c.ID, fsrs.Easy, time.Second, now)
	}
	if err != nil {
		t.Fatal(err)
	}
	before, _ := p.Reviews.Store().Card(t.Context(), c.ID)
	st, _ := p.Reviews.Settings(t.Context())
	st.DefaultRetention = 0.97
	if err := p.Settings.SetSetting(t.Context(), review.SettingsKey, st); err != nil { // saved, not rescheduled
		t.Fatal(err)
	}
	p.Close()
	p, err = profile.Open(t.Context(), dir, profile.Options{Clock: clock, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	after, _ := p.Reviews.Store().Card(t.Context(), c.ID)
	if !after.Due.Before(before.Due) {
		t.Fatalf("due %v after reopening, %v before: not rescheduled", after.Due, before.Due)
	}
}
