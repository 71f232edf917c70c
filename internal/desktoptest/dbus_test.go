package desktoptest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// watcher is a minimal StatusNotifierWatcher, the tray host's registry
// (Debian ships none): it records which bus name registered an item.
type watcher struct {
	mu    sync.Mutex
	items []string
}

func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, path string) *dbus.Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, string(sender))
	return nil
}

func (w *watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

func (w *watcher) item() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.items) == 0 {
		return ""
	}
	return w.items[len(w.items)-1]
}

// startWatcher owns org.kde.StatusNotifierWatcher on the session bus.
func startWatcher(t *testing.T, conn *dbus.Conn) *watcher {
	t.Helper()
	w := &watcher{}
	const path = "/StatusNotifierWatcher"
	const iface = "org.kde.StatusNotifierWatcher"
	if err := conn.Export(w, path, iface); err != nil {
		t.Fatal(err)
	}
	props := map[string]dbus.Variant{
		"IsStatusNotifierHostRegistered": dbus.MakeVariant(true),
		"ProtocolVersion":                dbus.MakeVariant(int32(0)),
		"RegisteredStatusNotifierItems":  dbus.MakeVariant([]string{}),
	}
	if err := conn.Export(propGetter(props), path, "org.freedesktop.DBus.Properties"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(iface, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", iface, reply, err)
	}
	return w
}

type propGetter map[string]dbus.Variant

func (p propGetter) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if v, ok := p[name]; ok {
		return v, nil
	}
	return dbus.Variant{}, dbus.MakeFailedError(fmt.Errorf("no property %s", name))
}

func (p propGetter) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) { return p, nil }

// menuItem is one entry of a dbusmenu layout.
type menuItem struct {
	ID    int32
	Label string
	On    bool // enabled and visible
}

// readMenu flattens the tray menu's layout.
func readMenu(conn *dbus.Conn, bus string) ([]menuItem, error) {
	var rev uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	obj := conn.Object(bus, "/StatusNotifierItem/menu")
	if err := obj.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &layout); err != nil {
		return nil, err
	}
	var out []menuItem
	for _, c := range layout.Children {
		fields, ok := c.Value().([]any)
		if !ok || len(fields) < 2 {
			continue
		}
		id, _ := fields[0].(int32)
		props, _ := fields[1].(map[string]dbus.Variant)
		it := menuItem{ID: id, On: true}
		if l, ok := props["label"]; ok {
			it.Label, _ = l.Value().(string)
		}
		if e, ok := props["enabled"]; ok && e.Value() == false {
			it.On = false
		}
		if v, ok := props["visible"]; ok && v.Value() == false {
			it.On = false
		}
		out = append(out, it)
	}
	return out, nil
}

// clickMenu sends a dbusmenu click to the entry with the given label.
func clickMenu(conn *dbus.Conn, bus, label string) error {
	items, err := readMenu(conn, bus)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Label == label {
			return conn.Object(bus, "/StatusNotifierItem/menu").Call("com.canonical.dbusmenu.Event", 0,
				it.ID, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix())).Err
		}
	}
	return fmt.Errorf("no menu entry %q in %+v", label, items)
}

// notifications is a fake freedesktop notification server: it records
// every Notify call and can press a button on one.
type notifications struct {
	conn *dbus.Conn
	mu   sync.Mutex
	sent []notification
}

type notification struct {
	ID            uint32
	App, Summary  string
	Body          string
	Actions       []string
	ExpireTimeout int32
}

func (n *notifications) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	id := uint32(len(n.sent) + 1)
	n.sent = append(n.sent, notification{ID: id, App: app, Summary: summary, Body: body, Actions: actions, ExpireTimeout: timeout})
	return id, nil
}

func (n *notifications) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"actions", "body"}, nil
}

func (n *notifications) CloseNotification(id uint32) *dbus.Error { return nil }

func (n *notifications) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "inflow-test", "inflow", "1.0", "1.2", nil
}

func (n *notifications) all() []notification {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]notification(nil), n.sent...)
}

// invoke presses a button of a notification, as a person would.
func (n *notifications) invoke(id uint32, key string) error {
	return n.conn.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications.ActionInvoked", id, key)
}

func startNotifications(t *testing.T, conn *dbus.Conn) *notifications {
	t.Helper()
	n := &notifications{conn: conn}
	if err := conn.Export(n, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.freedesktop.Notifications: %v %v (is a notification daemon running?)", reply, err)
	}
	return n
}
