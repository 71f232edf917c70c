//go:build linux || freebsd || netbsd || openbsd || dragonfly

package notifier

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
)

// D-Bus names of the bus itself and of the freedesktop notification service.
const (
	dbusName           = "org.freedesktop.DBus"
	dbusIface          = "org.freedesktop.DBus"
	notificationsName  = "org.freedesktop.Notifications"
	notificationsIface = "org.freedesktop.Notifications"
	notificationsPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
)

// Time limits for talking to the bus.
const (
	// startTimeout bounds New: connecting, authenticating, checking the
	// service and asking it (perhaps starting it) for its capabilities.
	startTimeout = 5 * time.Second
	// sendTimeout bounds a Send whose context has no deadline.
	sendTimeout = 10 * time.Second
)

// New returns the platform's notifier.
//
// On Linux and the BSDs it speaks the freedesktop notification protocol
// (esiqveland/notify) over its own private session-bus connection, so Close
// never touches a connection anything else uses. The bus is found through
// DBUS_SESSION_BUS_ADDRESS (or /run/user/<uid>/bus); New never launches a bus.
// It fails, wrapping ErrUnavailable, when there is no session bus, when
// nobody owns org.freedesktop.Notifications and it is not activatable, or
// when the bus or the server does not answer within a few seconds.
//
// Actions become the freedesktop actions array in order ("review", "Review
// now", "snooze", "Snooze 1 h"); a body click is reported only when a
// notification has an action with key DefaultActionKey. Servers without the
// "actions" capability still get the notification, without buttons (logged).
// On servers with "body-markup" the body is escaped so it shows as written.
// Clicks are reported while this Notifier is open; once the server is
// restarted, clicks on notifications sent before are no longer reported.
//
// On Windows it shows toasts (go-toast) with app id AppName; on macOS it
// uses beeep, which shows no buttons and reports no clicks. Other systems
// get an ErrUnavailable error.
func New(o Options) (Notifier, error) {
	n, err := newFreedesktop(o, startTimeout)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// freedesktop is the Notifier for freedesktop notification servers.
type freedesktop struct {
	conn     *dbus.Conn
	lib      notify.Notifier // event loop delivering ActionInvoked/NotificationClosed
	gate     *gate
	dispatch *dispatcher
	log      *slog.Logger
	appName  string
	appIcon  string

	capsMu    sync.Mutex
	caps      capabilities
	capsStale bool

	closeOnce sync.Once
	closeErr  error
}

// capabilities are the GetCapabilities answers Send depends on.
type capabilities struct {
	actions    bool // shows action buttons
	bodyMarkup bool // interprets markup in the body
}

// Send shows note and returns the server's id for it. The call is bounded
// by ctx, or by sendTimeout when ctx has no deadline.
func (n *freedesktop) Send(ctx context.Context, note Notification) (string, error) {
	if err := note.validate(); err != nil {
		return "", err
	}
	if n.dispatch.closed.Load() {
		return "", ErrClosed
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, sendTimeout)
		defer cancel()
	}
	caps := n.capabilities(ctx)
	actions := make([]string, 0, 2*len(note.Actions))
	if caps.actions {
		for _, a := range note.Actions {
			actions = append(actions, a.Key, a.Label)
		}
	} else if len(note.Actions) > 0 {
		n.log.Debug("notifier: dropping action buttons the server cannot show", "title", note.Title)
	}
	body := note.Body
	if caps.bodyMarkup {
		body = escapeMarkup(body)
	}

	token := n.gate.beginSend()
	var id uint32
	err := n.conn.Object(notificationsName, notificationsPath).CallWithContext(ctx,
		notificationsIface+".Notify", 0,
		n.appName, uint32(0), n.appIcon, note.Title, body, actions,
		map[string]dbus.Variant{}, expireTimeout(note.Timeout)).Store(&id)
	n.gate.endSend(token, id, err == nil)
	if err != nil {
		return "", fmt.Errorf("notifier: send %q: %w", note.Title, err)
	}
	return strconv.FormatUint(uint64(id), 10), nil
}

// capabilities returns what the server can do, asking again after the
// server changed. If asking fails, the last answer is used and asked for
// again next time.
func (n *freedesktop) capabilities(ctx context.Context) capabilities {
	n.capsMu.Lock()
	defer n.capsMu.Unlock()
	if n.gate.takeOwnerChanged() {
		n.capsStale = true
	}
	if n.capsStale {
		caps, err := queryCapabilities(ctx, n.conn)
		if err != nil {
			n.log.Debug("notifier: GetCapabilities failed; using the last answer", "err", err)
			return n.caps
		}
		n.caps, n.capsStale = caps, false
		n.logCapabilities()
	}
	return n.caps
}

// onAction receives the ActionInvoked signals the gate let through.
func (n *freedesktop) onAction(s *notify.ActionInvokedSignal) {
	id := strconv.FormatUint(uint64(s.ID), 10)
	n.log.Debug("notifier: action invoked", "id", id, "key", s.ActionKey)
	n.dispatch.dispatch(id, s.ActionKey)
}

// onClosed receives the NotificationClosed signals the gate let through
// (the gate has already noted the close).
func (n *freedesktop) onClosed(s *notify.NotificationClosedSignal) {
	n.log.Debug("notifier: notification closed", "id", s.ID, "reason", s.Reason.String())
}

// Close stops reporting clicks and closes the private connection. Closing
// the connection first makes the library's own clean-up calls fail at once
// instead of waiting on a bus that may be dead or stuck; the bus drops our
// match rules with the connection anyway.
func (n *freedesktop) Close() error {
	n.closeOnce.Do(func() {
		n.dispatch.close()
		if err := n.conn.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			n.closeErr = fmt.Errorf("notifier: closing the session bus connection: %w", err)
		}
		if err := n.lib.Close(); err != nil {
			n.log.Debug("notifier: notify library clean-up", "err", err)
		}
	})
	return n.closeErr
}

// expireTimeout converts a Timeout to the protocol's milliseconds, where -1
// means the server's default.
func expireTimeout(d time.Duration) int32 {
	if d <= 0 {
		return -1
	}
	ms := d.Milliseconds()
	switch {
	case ms < 1:
		return 1
	case ms > 1<<31-1:
		return 1<<31 - 1
	}
	return int32(ms)
}

// iconURI turns an absolute icon path into the file:// URI the protocol
// expects; anything else is an icon name and is passed as is.
func iconURI(icon string) string {
	if !filepath.IsAbs(icon) {
		return icon
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(icon)}).String()
}

// escapeMarkup makes text show literally on servers that read the body as
// markup.
var escapeMarkup = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// printfLogger routes the notify library's log lines to slog at debug level
// (by default it writes to the standard logger).
type printfLogger struct{ l *slog.Logger }

func (p printfLogger) Printf(format string, v ...any) {
	p.l.Debug("notifier: notify: " + fmt.Sprintf(format, v...))
}

var _ Notifier = (*freedesktop)(nil)
