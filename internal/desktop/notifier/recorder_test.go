package notifier

import (
	"context"
	"errors"
	"testing"
)

// click is one OnAction call.
type click struct{ id, key string }

func TestRecorder(t *testing.T) {
	var clicks []click
	r := NewRecorder(Options{OnAction: func(id, key string) { clicks = append(clicks, click{id, key}) }})
	var _ Notifier = r
	ctx := context.Background()

	n := Notification{Title: "12 cards due", Actions: []Action{{Key: "review", Label: "Review now"}}}
	id, err := r.Send(ctx, n)
	if err != nil || id != "1" {
		t.Fatalf("Send = %q, %v; want 1", id, err)
	}
	n.Actions[0].Label = "changed by the caller"
	if got := r.Sent(); len(got) != 1 || got[0].ID != "1" || got[0].Notification.Actions[0].Label != "Review now" {
		t.Fatalf("Sent() = %+v", got)
	}
	if _, err := r.Send(ctx, Notification{}); err == nil {
		t.Error("Send without a title succeeded")
	}

	if err := r.Click("1", "review"); err != nil {
		t.Fatal(err)
	}
	if err := r.Click("1", DefaultActionKey); err != nil {
		t.Fatal(err)
	}
	if err := r.Click("1", "snooze"); err == nil {
		t.Error("Click on an action the notification does not have succeeded")
	}
	if err := r.Click("9", "review"); err == nil {
		t.Error("Click on an unknown id succeeded")
	}
	if want := []click{{"1", "review"}, {"1", DefaultActionKey}}; len(clicks) != 2 || clicks[0] != want[0] || clicks[1] != want[1] {
		t.Fatalf("OnAction calls %v, want %v", clicks, want)
	}

	boom := errors.New("service gone")
	r.FailWith(boom)
	if _, err := r.Send(ctx, n); !errors.Is(err, boom) {
		t.Fatalf("Send after FailWith: %v", err)
	}
	r.FailWith(nil)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.Send(cancelled, n); !errors.Is(err, context.Canceled) {
		t.Fatalf("Send with a cancelled context: %v", err)
	}

	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Send(ctx, n); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close: %v", err)
	}
	if err := r.Click("1", "review"); !errors.Is(err, ErrClosed) || len(clicks) != 2 {
		t.Fatalf("Click after Close: %v, %d calls", err, len(clicks))
	}
}
