package tray

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
)

// Where fyne.io/systray v1.12 exports the item and its menu.
const (
	itemPath = "/StatusNotifierItem"
	menuPath = "/StatusNotifierItem/menu"
)

// busTimeout bounds connecting to the session bus and the check after start:
// a socket that accepts but never answers must not hang the app's startup.
const busTimeout = 5 * time.Second

type linuxBackend struct{ menuOps }

func newBackend() backend { return linuxBackend{} }

// check connects to the session bus through dbus.SessionBus(), the shared
// connection systray's start uses next, so start finds it already connected.
func (linuxBackend) check() error {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" || addr == "autolaunch:" {
		// godbus would probe /run/user and then run dbus-launch.
		return fmt.Errorf("%w: DBUS_SESSION_BUS_ADDRESS is not set", ErrNoSessionBus)
	}
	if _, err := sessionBus(); err != nil {
		return fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	return nil
}

func sessionBus() (*dbus.Conn, error) {
	type result struct {
		c   *dbus.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := dbus.SessionBus()
		ch <- result{c, err}
	}()
	select {
	case r := <-ch:
		return r.c, r.err
	case <-time.After(busTimeout):
		return nil, fmt.Errorf("no answer from the session bus within %s", busTimeout)
	}
}

func (linuxBackend) start(o Options, ready, exit func()) (func(), error) {
	// Before start, SetTitle only stores the title, and start uses it as
	// the item's Id, which hosts remember the icon's placement by.
	systray.SetTitle(o.Title)
	begin, end := systray.RunWithExternalLoop(ready, exit)
	begin()
	if err := exported(); err != nil {
		// systray's end would dereference a nil connection if start could not
		// set one; Quit only closes its quit channel.
		return systray.Quit, fmt.Errorf("%w: the tray did not appear on the bus: %v", ErrNoSessionBus, err)
	}
	return end, nil
}

// exported reports whether systray's start finished: its last step before
// keeping the connection is exporting the menu's introspection data.
func exported() error {
	conn, err := sessionBus()
	if err != nil {
		return err
	}
	names := conn.Names()
	if len(names) == 0 {
		return fmt.Errorf("no unique name on the session bus")
	}
	ctx, cancel := context.WithTimeout(context.Background(), busTimeout)
	defer cancel()
	var xml string
	err = conn.Object(names[0], menuPath).CallWithContext(ctx,
		"org.freedesktop.DBus.Introspectable.Introspect", 0).Store(&xml)
	if err != nil {
		return err
	}
	if !strings.Contains(xml, "com.canonical.dbusmenu") {
		return fmt.Errorf("no menu at %s", menuPath)
	}
	return nil
}

func (linuxBackend) setIcon(png []byte) { systray.SetIcon(png) }

// setText sets the item's Title and ToolTip properties; hosts show the title
// as the tooltip's heading when there is no tooltip.
func (linuxBackend) setText(title, tooltip, badge string) {
	systray.SetTitle(decorate(title, badge))
	systray.SetTooltip(decorate(tooltip, badge))
}

// escapeLabel keeps underscores: in a dbusmenu label "_" marks the access key
// and "__" is a literal underscore.
func escapeLabel(s string) string { return strings.ReplaceAll(s, "_", "__") }
