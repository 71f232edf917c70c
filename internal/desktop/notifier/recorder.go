package notifier

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// Recorder is an in-memory Notifier for tests of callers: it records what
// was sent, and Click simulates the person clicking an action. It checks
// notifications the way the platform notifiers do, so a caller's bad
// notification fails in its tests too.
type Recorder struct {
	dispatch *dispatcher

	mu     sync.Mutex
	sent   []Sent
	err    error
	closed bool
}

// Sent is one notification a Recorder received, with the id Send returned.
type Sent struct {
	ID           string
	Notification Notification
}

// NewRecorder returns a Recorder that reports clicks to o.OnAction. Its
// signature mirrors New so tests can swap one for the other.
func NewRecorder(o Options) *Recorder {
	return &Recorder{dispatch: newDispatcher(o.withDefaults().OnAction)}
}

// Send records n and returns its id ("1", "2", ...). It fails like the real
// notifiers on an invalid notification, a cancelled context, after Close,
// and with the error set by FailWith.
func (r *Recorder) Send(ctx context.Context, n Notification) (string, error) {
	if err := n.validate(); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("notifier: send: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", ErrClosed
	}
	if r.err != nil {
		return "", r.err
	}
	n.Actions = slices.Clone(n.Actions)
	id := strconv.Itoa(len(r.sent) + 1)
	r.sent = append(r.sent, Sent{ID: id, Notification: n})
	return id, nil
}

// FailWith makes every later Send return err (nil restores success), for
// testing how callers handle a notification service that went away.
func (r *Recorder) FailWith(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

// Sent returns a copy of everything sent so far, oldest first.
func (r *Recorder) Sent() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Sent, len(r.sent))
	for i, s := range r.sent {
		s.Notification.Actions = slices.Clone(s.Notification.Actions)
		out[i] = s
	}
	return out
}

// Click simulates the person clicking the action key of notification id:
// it calls OnAction synchronously. It returns an error, and calls nothing,
// when id was never sent, when the notification has no such action (key
// DefaultActionKey, the body click, is always accepted), or after Close.
func (r *Recorder) Click(id, key string) error {
	r.mu.Lock()
	closed := r.closed
	var found *Sent
	for i := range r.sent {
		if r.sent[i].ID == id {
			found = &r.sent[i]
			break
		}
	}
	ok := found != nil && (key == DefaultActionKey ||
		slices.ContainsFunc(found.Notification.Actions, func(a Action) bool { return a.Key == key }))
	r.mu.Unlock()
	switch {
	case closed:
		return ErrClosed
	case found == nil:
		return fmt.Errorf("notifier: recorder: no notification with id %q", id)
	case !ok:
		return fmt.Errorf("notifier: recorder: notification %q has no action %q", id, key)
	}
	r.dispatch.dispatch(id, key)
	return nil
}

// Close makes later Sends and Clicks fail. It is safe to call twice.
func (r *Recorder) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.dispatch.close()
	return nil
}

var _ Notifier = (*Recorder)(nil)
