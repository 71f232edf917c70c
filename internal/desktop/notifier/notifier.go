// Package notifier shows operating-system notifications with action buttons
// ("Review now", "Snooze 1 h") and reports which button the person clicked.
//
// New picks the platform's service: freedesktop notifications over a private
// D-Bus session connection on Linux and the BSDs, toasts on Windows, the
// notification center (through beeep) on macOS. It returns an error, never a
// panic, when the service is missing, so callers can fall back to in-app
// reminders. Recorder is an in-memory Notifier for tests of callers.
package notifier

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Action is a button on a notification. Key is what OnAction reports when the
// button is clicked; Label is what the person reads.
type Action struct{ Key, Label string }

// DefaultActionKey is the key reported for a click on the notification body
// where the platform reports one. On freedesktop servers a body click is only
// reported when the notification carries an action with this key (servers
// show it as the body, not as a button); Windows always reports it and shows
// no button for such an action; macOS never reports clicks.
const DefaultActionKey = "default"

// Notification is one message to show.
type Notification struct {
	Title, Body string
	// Actions become buttons, in order, e.g. {Key: "review", Label: "Review
	// now"}, {Key: "snooze", Label: "Snooze 1 h"}. Platforms without buttons
	// drop them (see New).
	Actions []Action
	// Timeout is how long the notification stays up; 0 means the server's
	// default. Windows only knows "short" and "long" (see New).
	Timeout time.Duration
}

// Notifier shows notifications; clicks on actions arrive through the
// OnAction callback given to New.
type Notifier interface {
	// Send shows n and returns its id, the id OnAction reports for it.
	Send(ctx context.Context, n Notification) (id string, err error)
	// Close stops reporting clicks and releases the platform connection.
	// Notifications already shown stay up. It is safe to call twice.
	Close() error
}

// Options configure New.
type Options struct {
	AppName string // shown by the platform as the sender; "Inflow" if empty
	// Icon is an absolute file path (used everywhere) or an icon theme name
	// such as "inflow" (freedesktop and macOS; Windows ignores it). Optional.
	Icon string
	// OnAction is called (on any goroutine, one call at a time per Notifier)
	// when the person clicks an action of a notification this Notifier sent:
	// id is Send's id, key the Action.Key, or DefaultActionKey for the body.
	// It should return quickly. Close stops further calls; one already
	// running may still finish after Close returns.
	OnAction func(id, key string)
	Logger   *slog.Logger // nil discards
}

// ErrUnavailable is wrapped by every error New returns because the
// platform's notification service cannot be used (no session bus, nobody
// serving notifications, an unsupported OS...). Callers typically fall back
// to in-app reminders on errors.Is(err, ErrUnavailable).
var ErrUnavailable = errors.New("notifier: notifications unavailable")

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("notifier: closed")

// defaultAppName is used when Options.AppName is empty; it is also the
// Windows app id.
const defaultAppName = "Inflow"

// withDefaults fills in the optional fields of o.
func (o Options) withDefaults() Options {
	if o.AppName == "" {
		o.AppName = defaultAppName
	}
	if o.OnAction == nil {
		o.OnAction = func(string, string) {}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// validate rejects notifications every platform would mangle: no title,
// actions without a key or label, or the same key twice (a click could not
// be told apart).
func (n Notification) validate() error {
	if strings.TrimSpace(n.Title) == "" {
		return errors.New("notifier: notification has no title")
	}
	seen := make(map[string]bool, len(n.Actions))
	for _, a := range n.Actions {
		if a.Key == "" || a.Label == "" {
			return fmt.Errorf("notifier: action %q/%q needs both a key and a label", a.Key, a.Label)
		}
		if seen[a.Key] {
			return fmt.Errorf("notifier: action key %q used twice", a.Key)
		}
		seen[a.Key] = true
	}
	if n.Timeout < 0 {
		return fmt.Errorf("notifier: negative timeout %v", n.Timeout)
	}
	return nil
}
