//go:build linux || freebsd || netbsd || openbsd || dragonfly

package notifier

// Starting the freedesktop notifier: connecting to the session bus and
// checking that a notification server is there, all within a time limit.

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
)

// newFreedesktop is New with a configurable start timeout (tests use a
// short one). Everything New does on the bus runs in a goroutine; if it does
// not finish in time, its connection is closed, which ends every pending
// call, and New returns an error.
func newFreedesktop(o Options, timeout time.Duration) (*freedesktop, error) {
	o = o.withDefaults()
	type result struct {
		n   *freedesktop
		err error
	}
	done := make(chan result, 1)
	var h connHolder
	go func() {
		n, err := startFreedesktop(o, &h, timeout)
		done <- result{n, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.n, r.err
	case <-timer.C:
		h.abandon()
		go func() {
			if r := <-done; r.n != nil {
				_ = r.n.Close()
			}
		}()
		return nil, fmt.Errorf("%w: the session bus or notification server did not answer within %v", ErrUnavailable, timeout)
	}
}

// connHolder lets newFreedesktop abandon a connection attempt that hangs:
// whichever comes second, the attempt storing its connection or New giving
// up, closes it.
type connHolder struct {
	mu        sync.Mutex
	conn      *dbus.Conn
	abandoned bool
}

func (h *connHolder) set(c *dbus.Conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.abandoned {
		_ = c.Close()
		return false
	}
	h.conn = c
	return true
}

func (h *connHolder) abandon() {
	h.mu.Lock()
	h.abandoned = true
	c := h.conn
	h.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// startFreedesktop connects and checks the service; see New.
func startFreedesktop(o Options, h *connHolder, timeout time.Duration) (*freedesktop, error) {
	g, err := newGate(o.Logger)
	if err != nil {
		return nil, err
	}
	conn, err := dialSessionBus(g)
	if err != nil {
		return nil, err
	}
	if !h.set(conn) {
		return nil, fmt.Errorf("%w: gave up connecting to the session bus", ErrUnavailable)
	}
	fail := func(err error) (*freedesktop, error) {
		_ = conn.Close()
		return nil, err
	}
	if err := conn.Auth(nil); err != nil {
		return fail(fmt.Errorf("%w: session bus refused authentication: %w", ErrUnavailable, err))
	}
	if err := conn.Hello(); err != nil {
		return fail(fmt.Errorf("%w: session bus did not accept the connection: %w", ErrUnavailable, err))
	}

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Watch the service's owner before looking at it, so no change is missed.
	err = conn.AddMatchSignalContext(ctx,
		dbus.WithMatchSender(dbusName),
		dbus.WithMatchInterface(dbusIface),
		dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, notificationsName))
	if err != nil {
		return fail(fmt.Errorf("%w: watching %s: %w", ErrUnavailable, notificationsName, err))
	}
	if err := serviceAvailable(ctx, conn); err != nil {
		return fail(err)
	}
	// Asking for capabilities also starts an activatable server.
	caps, err := queryCapabilities(ctx, conn)
	if err != nil {
		return fail(fmt.Errorf("%w: notification server does not answer: %w", ErrUnavailable, err))
	}

	n := &freedesktop{
		conn:     conn,
		gate:     g,
		dispatch: newDispatcher(o.OnAction),
		log:      o.Logger,
		appName:  o.AppName,
		appIcon:  iconURI(o.Icon),
		caps:     caps,
	}
	n.logServer(ctx)
	n.lib, err = notify.New(conn,
		notify.WithOnAction(n.onAction),
		notify.WithOnClosed(n.onClosed),
		notify.WithLogger(printfLogger{o.Logger}))
	if err != nil {
		return fail(fmt.Errorf("%w: subscribing to notification signals: %w", ErrUnavailable, err))
	}
	return n, nil
}

// dialSessionBus opens a private connection to the session bus without
// authenticating. Unlike dbus.SessionBusPrivate it never runs dbus-launch
// when no bus is known: an app asking for notifications must not start a
// bus of its own.
func dialSessionBus(g *gate) (*dbus.Conn, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithSignalHandler(g))
	if err == nil {
		return conn, nil
	}
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" || addr == "autolaunch:" {
		return nil, fmt.Errorf("%w: no session bus (DBUS_SESSION_BUS_ADDRESS is not set): %w", ErrUnavailable, err)
	}
	return nil, fmt.Errorf("%w: cannot connect to the session bus at %s: %w", ErrUnavailable, addr, err)
}

// serviceAvailable checks that someone owns org.freedesktop.Notifications
// or that the bus can start a server for it.
func serviceAvailable(ctx context.Context, conn *dbus.Conn) error {
	var owned bool
	err := conn.BusObject().CallWithContext(ctx, dbusIface+".NameHasOwner", 0, notificationsName).Store(&owned)
	if err != nil {
		return fmt.Errorf("%w: asking the session bus for %s: %w", ErrUnavailable, notificationsName, err)
	}
	if owned {
		return nil
	}
	var activatable []string
	err = conn.BusObject().CallWithContext(ctx, dbusIface+".ListActivatableNames", 0).Store(&activatable)
	if err != nil {
		return fmt.Errorf("%w: asking the session bus for activatable services: %w", ErrUnavailable, err)
	}
	if slices.Contains(activatable, notificationsName) {
		return nil
	}
	return fmt.Errorf("%w: no notification service on the session bus (nobody owns %s and it is not activatable)", ErrUnavailable, notificationsName)
}

// queryCapabilities asks the server which optional features it has.
func queryCapabilities(ctx context.Context, conn *dbus.Conn) (capabilities, error) {
	var caps []string
	err := conn.Object(notificationsName, notificationsPath).
		CallWithContext(ctx, notificationsIface+".GetCapabilities", 0).Store(&caps)
	if err != nil {
		return capabilities{}, err
	}
	return capabilities{
		actions:    slices.Contains(caps, "actions"),
		bodyMarkup: slices.Contains(caps, "body-markup"),
	}, nil
}

// logServer logs which server answers and what it cannot do.
func (n *freedesktop) logServer(ctx context.Context) {
	var name, vendor, version, spec string
	err := n.conn.Object(notificationsName, notificationsPath).
		CallWithContext(ctx, notificationsIface+".GetServerInformation", 0).
		Store(&name, &vendor, &version, &spec)
	if err != nil {
		n.log.Debug("notifier: GetServerInformation failed", "err", err)
	} else {
		n.log.Debug("notifier: notification server", "name", name, "vendor", vendor, "version", version, "spec", spec)
	}
	n.logCapabilities()
}

func (n *freedesktop) logCapabilities() {
	if !n.caps.actions {
		n.log.Info("notifier: the notification server cannot show action buttons; notifications are sent without them")
	}
}
