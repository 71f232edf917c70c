//go:build darwin

package notifier

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gen2brain/beeep"
)

// New returns the platform's notifier: on macOS, beeep (the notification
// center through purego, falling back to osascript).
//
// beeep shows title, body and icon only: action buttons are dropped and
// clicks are not reported, so OnAction is never called on macOS (callers
// should offer the same actions in the app). Timeout is ignored. New cannot
// tell whether notifications are allowed; a failure shows up as Send's
// error. AppName is set as beeep's process-wide app name.
//
// On Linux and the BSDs New uses freedesktop notifications over D-Bus, on
// Windows toasts; New returns an error wrapping ErrUnavailable, never
// panics, when the platform service cannot be used.
func New(o Options) (Notifier, error) {
	o = o.withDefaults()
	beeep.AppName = o.AppName
	return &beeepNotifier{icon: o.Icon, log: o.Logger}, nil
}

// beeepNotifier is the Notifier for macOS.
type beeepNotifier struct {
	icon       string
	log        *slog.Logger
	next       atomic.Uint64
	closed     atomic.Bool
	warnedOnce sync.Once
}

// Send shows note. beeep blocks for up to a few seconds while it checks
// delivery; Send returns when ctx ends first (the notification may still
// appear).
func (n *beeepNotifier) Send(ctx context.Context, note Notification) (string, error) {
	if err := note.validate(); err != nil {
		return "", err
	}
	if n.closed.Load() {
		return "", ErrClosed
	}
	if len(note.Actions) > 0 {
		n.warnedOnce.Do(func() {
			n.log.Info("notifier: macOS notifications show no action buttons; clicks are not reported")
		})
	}
	done := make(chan error, 1)
	go func() { done <- beeep.Notify(note.Title, note.Body, n.icon) }()
	select {
	case err := <-done:
		if err != nil {
			return "", fmt.Errorf("notifier: send %q: %w", note.Title, err)
		}
	case <-ctx.Done():
		return "", fmt.Errorf("notifier: send %q: %w", note.Title, ctx.Err())
	}
	return strconv.FormatUint(n.next.Add(1), 10), nil
}

// Close makes later Sends fail. It is safe to call twice.
func (n *beeepNotifier) Close() error {
	n.closed.Store(true)
	return nil
}

var _ Notifier = (*beeepNotifier)(nil)
