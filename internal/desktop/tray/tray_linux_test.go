package tray

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// These tests run the real fyne.io/systray against a private dbus-daemon, with
// a small StatusNotifierWatcher standing in for the desktop's tray host (Debian
// ships none), and read and click the menu over com.canonical.dbusmenu as a
// host does. systray is a singleton, so every test that starts it does so in
// a child process of the test binary (TestHelperProcess).

const wait = 5 * time.Second

// startBus runs a private session bus for the test and returns its address.
func startBus(t *testing.T) string {
	t.Helper()
	addr, _ := startBusKill(t)
	return addr
}

// startBusKill also returns a function that ends the bus before the test does.
func startBusKill(t *testing.T) (string, func()) {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (Debian package dbus-daemon); the tray's D-Bus tests need it")
	}
	dir, err := os.MkdirTemp("", "tray-bus") // short: socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cmd := exec.Command(daemon, "--session", "--nofork", "--print-address=1",
		"--address=unix:path="+filepath.Join(dir, "bus"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	kill := func() {
		once.Do(func() {
			cmd.Process.Kill()
			cmd.Wait()
		})
	}
	t.Cleanup(kill)
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case addr := <-line:
		if addr == "" {
			t.Fatalf("dbus-daemon printed no address: %s", stderr.String())
		}
		return addr, kill
	case <-time.After(wait):
		t.Fatalf("dbus-daemon did not start: %s", stderr.String())
	}
	return "", nil
}

// watcher is a minimal org.kde.StatusNotifierWatcher: it records who
// registers, and says a host is present.
type watcher struct {
	conn  *dbus.Conn
	props *prop.Properties
	regs  chan registration

	mu    sync.Mutex
	items []string
}

type registration struct{ sender, service string }

const watcherName, watcherPath = "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher"

func newWatcher(t *testing.T, addr string) *watcher {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	w := &watcher{conn: conn, regs: make(chan registration, 8)}
	if err := conn.Export(w, watcherPath, watcherName); err != nil {
		t.Fatal(err)
	}
	w.props, err = prop.Export(conn, watcherPath, map[string]map[string]*prop.Prop{
		watcherName: {
			"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
			"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitTrue},
			"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v, %v", watcherName, reply, err)
	}
	return w
}

// RegisterStatusNotifierItem is called by items; service is a bus name or,
// as systray sends, an object path on the caller's connection.
func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	id := service
	if strings.HasPrefix(service, "/") {
		id = string(sender) + service
	}
	w.mu.Lock()
	w.items = append(w.items, id)
	items := slices.Clone(w.items)
	w.mu.Unlock()
	w.props.SetMust(watcherName, "RegisteredStatusNotifierItems", items)
	w.conn.Emit(watcherPath, watcherName+".StatusNotifierItemRegistered", id)
	select {
	case w.regs <- registration{string(sender), service}:
	default:
	}
	return nil
}

func (w *watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

func (w *watcher) registration(t *testing.T) registration {
	t.Helper()
	select {
	case r := <-w.regs:
		return r
	case <-time.After(wait):
		t.Fatal("no item registered with the watcher")
	}
	return registration{}
}

// node is one entry of a dbusmenu layout.
type node struct {
	id               int32
	label, typ       string
	enabled, visible bool
}

// getLayout reads the whole menu the way a tray host does.
func getLayout(t *testing.T, conn *dbus.Conn, dest string) []node {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := conn.Object(dest, menuPath).CallWithContext(ctx, "com.canonical.dbusmenu.GetLayout", 0,
		int32(0), int32(-1), []string{}).Store(&rev, &root)
	if err != nil {
		t.Fatalf("GetLayout: %v", err)
	}
	var nodes []node
	for _, c := range root.Children {
		f, ok := c.Value().([]any)
		if !ok || len(f) != 3 {
			t.Fatalf("layout child %v", c)
		}
		props, _ := f[1].(map[string]dbus.Variant)
		n := node{id: f[0].(int32), enabled: true, visible: true, typ: "standard"}
		if v, ok := props["label"]; ok {
			n.label = v.Value().(string)
		}
		if v, ok := props["type"]; ok {
			n.typ = v.Value().(string)
		}
		if v, ok := props["enabled"]; ok {
			n.enabled = v.Value().(bool)
		}
		if v, ok := props["visible"]; ok {
			n.visible = v.Value().(bool)
		}
		nodes = append(nodes, n)
	}
	return nodes
}

// renderNodes writes a layout the way render writes Items.
func renderNodes(nodes []node) []string {
	var out []string
	for _, n := range nodes {
		s := n.label
		if n.typ == "separator" {
			s = "---"
		} else if !n.enabled {
			s += " (disabled)"
		}
		if !n.visible {
			s += " (hidden)"
		}
		out = append(out, s)
	}
	return out
}

func expectMenu(t *testing.T, conn *dbus.Conn, dest string, want ...string) []node {
	t.Helper()
	nodes := getLayout(t, conn, dest)
	if got := renderNodes(nodes); !reflect.DeepEqual(got, want) {
		t.Fatalf("menu:\n got %q\nwant %q", got, want)
	}
	return nodes
}

func idOf(t *testing.T, nodes []node, label string) int32 {
	t.Helper()
	for _, n := range nodes {
		if n.label == label {
			return n.id
		}
	}
	t.Fatalf("no entry %q", label)
	return 0
}

func clickID(t *testing.T, conn *dbus.Conn, dest string, id int32) {
	t.Helper()
	err := conn.Object(dest, menuPath).Call("com.canonical.dbusmenu.Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(0)).Err
	if err != nil {
		t.Fatalf("Event(%d, clicked): %v", id, err)
	}
}

func itemProp(t *testing.T, conn *dbus.Conn, r registration, name string) dbus.Variant {
	t.Helper()
	var v dbus.Variant
	err := conn.Object(r.sender, dbus.ObjectPath(r.service)).Call("org.freedesktop.DBus.Properties.Get", 0,
		"org.kde.StatusNotifierItem", name).Store(&v)
	if err != nil {
		t.Fatalf("item property %s: %v", name, err)
	}
	return v
}

func tooltipTitle(t *testing.T, v dbus.Variant) string {
	t.Helper()
	f, ok := v.Value().([]any)
	if !ok || len(f) != 4 {
		t.Fatalf("ToolTip %v", v)
	}
	return f[2].(string)
}

func hasOwner(t *testing.T, conn *dbus.Conn, name string) bool {
	t.Helper()
	var has bool
	err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	if err != nil {
		t.Fatal(err)
	}
	return has
}

// needDaemon skips a test that would run dbus-daemon in a child process (a
// child that skips cannot report success).
func needDaemon(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon is not installed (Debian package dbus-daemon); the tray's D-Bus tests need it")
	}
}

// TestTrayOverDBus runs the scenarios in a child process, so that -count=N
// and other tests never meet an already started systray.
func TestTrayOverDBus(t *testing.T) {
	needDaemon(t)
	if raceDetector {
		// GetLayout reads the menu revision under one lock while the
		// goroutine it starts on the first call writes it under another.
		t.Skip("fyne.io/systray v1.12.2 has a data race in GetLayout that the race detector reports on every run; run without -race")
	}
	out := runHelper(t, "dbus")
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "--- ") {
			t.Log(strings.TrimSpace(line))
		}
	}
}

func trayScenarios(t *testing.T) {
	addr := startBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	w := newWatcher(t, addr)
	host := w.conn // the watcher's connection also plays the tray host

	r := newRecorder()
	tr, err := Start(Options{
		Icon: testPNG(t, 16, 16), Title: "Inflow", Tooltip: "Inflow",
		Handlers: r.handlers(), Logger: quietLogger(&logBuffer{}),
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(tr.Stop)

	var item registration
	var nodes []node
	t.Run("registers and shows the menu", func(t *testing.T) {
		item = w.registration(t)
		if item.service != itemPath || !strings.HasPrefix(item.sender, ":") {
			t.Fatalf("registered %+v", item)
		}
		if menu := itemProp(t, host, item, "Menu").Value(); menu != dbus.ObjectPath(menuPath) {
			t.Fatalf("Menu = %v", menu)
		}
		if id := itemProp(t, host, item, "Id").Value(); id != "Inflow" {
			t.Errorf("Id = %v", id)
		}
		nodes = expectMenu(t, host, item.sender,
			"Quick search…", "No reviews due (disabled)", "Continue (hidden)",
			"Sync (disabled) (hidden)", "---", "Open Inflow", "Quit")
		var icons []struct {
			W, H int32
			Pix  []byte
		}
		if err := itemProp(t, host, item, "IconPixmap").Store(&icons); err != nil {
			t.Fatal(err)
		}
		if len(icons) != 1 || icons[0].W != 16 || icons[0].H != 16 || len(icons[0].Pix) != 16*16*4 {
			t.Errorf("IconPixmap %d icons", len(icons))
		}
		if tip := tooltipTitle(t, itemProp(t, host, item, "ToolTip")); tip != "Inflow" {
			t.Errorf("ToolTip %q", tip)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("updates live", func(t *testing.T) {
		if err := host.AddMatchSignal(dbus.WithMatchSender(item.sender),
			dbus.WithMatchInterface("com.canonical.dbusmenu")); err != nil {
			t.Fatal(err)
		}
		signals := make(chan *dbus.Signal, 64)
		host.Signal(signals)
		defer host.RemoveSignal(signals)

		tr.SetDue(5)
		tr.SetContinue("Forklift safety")
		tr.SetSync("offline")
		nodes = expectMenu(t, host, item.sender,
			"Quick search…", "Review now (5 due)", "Continue “Forklift safety”",
			"Sync: offline (disabled)", "---", "Open Inflow", "Quit")

		// Hosts learn of changes from signals, not by polling.
		reviewID := idOf(t, nodes, "Review now (5 due)")
		tr.SetDue(7)
		deadline := time.After(wait)
		for found := false; !found; {
			select {
			case s := <-signals:
				if s.Name != "com.canonical.dbusmenu.ItemsPropertiesUpdated" {
					continue
				}
				updated, _ := s.Body[0].([][]any)
				for _, u := range updated {
					props, _ := u[1].(map[string]dbus.Variant)
					if u[0] == reviewID && props["label"].Value() == "Review now (7 due)" {
						found = true
					}
				}
			case <-deadline:
				t.Fatal("no ItemsPropertiesUpdated signal for the new due count")
			}
		}

		// dbusmenu reads "_" as an access key mark; systray sends labels as is.
		tr.SetContinue("tar_and_gzip")
		nodes = expectMenu(t, host, item.sender,
			"Quick search…", "Review now (7 due)", "Continue “tar__and__gzip”",
			"Sync: offline (disabled)", "---", "Open Inflow", "Quit")
	})

	t.Run("clicks call the handlers", func(t *testing.T) {
		nodes := expectMenu(t, host, item.sender,
			"Quick search…", "Review now (7 due)", "Continue “tar__and__gzip”",
			"Sync: offline (disabled)", "---", "Open Inflow", "Quit")
		for _, c := range [][2]string{
			{"Quick search…", "quick-search"},
			{"Review now (7 due)", "review-now"},
			{"Continue “tar__and__gzip”", "continue"},
			{"Open Inflow", "open"},
		} {
			clickID(t, host, item.sender, idOf(t, nodes, c[0]))
			r.expect(t, c[1])
		}

		// Disabled and hidden entries do nothing, though systray passes their
		// clicks on; so does an id that is not in the menu.
		clickID(t, host, item.sender, idOf(t, nodes, "Sync: offline"))
		tr.SetDue(0)
		tr.SetContinue("")
		nodes = expectMenu(t, host, item.sender,
			"Quick search…", "No reviews due (disabled)", "Continue “tar__and__gzip” (hidden)",
			"Sync: offline (disabled)", "---", "Open Inflow", "Quit")
		clickID(t, host, item.sender, idOf(t, nodes, "No reviews due"))
		clickID(t, host, item.sender, idOf(t, nodes, "Continue “tar__and__gzip”"))
		clickID(t, host, item.sender, 9999)
		r.expectNone(t)

		clickID(t, host, item.sender, idOf(t, nodes, "Quit"))
		r.expect(t, "quit")
	})

	t.Run("badge", func(t *testing.T) {
		tr.SetBadge("12 reviews due")
		if got := itemProp(t, host, item, "Title").Value(); got != "Inflow — 12 reviews due" {
			t.Errorf("Title %q", got)
		}
		if got := tooltipTitle(t, itemProp(t, host, item, "ToolTip")); got != "Inflow — 12 reviews due" {
			t.Errorf("ToolTip %q", got)
		}
		tr.SetBadge("")
		if got := itemProp(t, host, item, "Title").Value(); got != "Inflow" {
			t.Errorf("Title %q after clearing the badge", got)
		}
	})

	top := t
	t.Run("registers again when the host restarts", func(t *testing.T) {
		w.conn.Close()
		w2 := newWatcher(top, addr) // the next subtest still uses it
		again := w2.registration(t)
		if again != item {
			t.Fatalf("registered %+v, first %+v", again, item)
		}
		host = w2.conn
		expectMenu(t, host, item.sender,
			"Quick search…", "No reviews due (disabled)", "Continue “tar__and__gzip” (hidden)",
			"Sync: offline (disabled)", "---", "Open Inflow", "Quit")
	})

	t.Run("stop", func(t *testing.T) {
		wellKnown := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid())
		if !hasOwner(t, host, item.sender) || !hasOwner(t, host, wellKnown) {
			t.Fatal("the item is not on the bus before Stop")
		}
		tr.Stop()
		deadline := time.Now().Add(wait)
		for hasOwner(t, host, item.sender) || hasOwner(t, host, wellKnown) {
			if time.Now().After(deadline) {
				t.Fatal("the item is still on the bus after Stop")
			}
			time.Sleep(20 * time.Millisecond)
		}
		tr.Stop()
		tr.SetDue(3)
		tr.SetContinue("x")
		tr.SetSync("y")
		tr.SetBadge("z")

		again, err := Start(Options{})
		if !errors.Is(err, ErrAlreadyStarted) || again != nil {
			t.Fatalf("second Start = %v, %v", again, err)
		}
	})
}

// Every start of systray happens in a child process (the singleton, and a
// crash must show as an exit status). TestHelperProcess is that child: it does
// nothing unless INFLOW_TRAY_HELPER names a case.

const helperEnv = "INFLOW_TRAY_HELPER"

func runHelper(t *testing.T, mode string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1", "-test.v")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, helperEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, helperEnv+"="+mode)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper %s: %v\n%s", mode, err, out)
	}
	if !strings.Contains(string(out), "tray-helper ok: "+mode) {
		t.Fatalf("helper %s did not finish:\n%s", mode, out)
	}
	return string(out)
}

func TestStartWithoutSessionBus(t *testing.T) {
	t.Run("unset", func(t *testing.T) {
		out := runHelper(t, "unset")
		if !strings.Contains(out, "DBUS_SESSION_BUS_ADDRESS is not set") {
			t.Errorf("error does not say why:\n%s", out)
		}
	})
	t.Run("dead address, then a live bus", func(t *testing.T) {
		needDaemon(t)
		dir, err := os.MkdirTemp("", "tray") // t.TempDir has the test's name, and "," ends a D-Bus address
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		dead := "unix:path=" + filepath.Join(dir, "no-bus-here")
		out := runHelper(t, "dead-then-live", "DBUS_SESSION_BUS_ADDRESS="+dead)
		if !strings.Contains(out, "no-bus-here") {
			t.Errorf("error does not name the address:\n%s", out)
		}
	})
}

func TestStopAfterTheBusIsGone(t *testing.T) {
	needDaemon(t)
	runHelper(t, "bus-gone")
}

func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("runs only as a child of the tests above")
	}
	switch mode {
	case "dbus":
		trayScenarios(t)
		if t.Failed() {
			return
		}
	case "unset":
		for range 2 { // a failed Start does not use up the process's one start
			tr, err := Start(Options{})
			if !errors.Is(err, ErrNoSessionBus) || tr != nil {
				t.Fatalf("Start = %v, %v", tr, err)
			}
			fmt.Println("start error:", err)
			tr.Stop()
		}
	case "dead-then-live":
		tr, err := Start(Options{})
		if !errors.Is(err, ErrNoSessionBus) || tr != nil {
			t.Fatalf("Start = %v, %v", tr, err)
		}
		fmt.Println("start error:", err)
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", startBus(t))
		tr, err = Start(Options{Title: "Inflow"})
		if err != nil {
			t.Fatalf("Start with a bus after one without: %v", err)
		}
		tr.Stop()
		tr.Stop()
	case "bus-gone":
		// No watcher either: Start works without a tray host.
		addr, kill := startBusKill(t)
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		tr, err := Start(Options{Title: "Inflow"})
		if err != nil {
			t.Fatal(err)
		}
		tr.SetDue(2)
		conn, err := dbus.SessionBus()
		if err != nil {
			t.Fatal(err)
		}
		// End the bus and wait until systray's connection notices.
		kill()
		select {
		case <-conn.Context().Done():
		case <-time.After(wait):
			t.Fatal("the connection outlived the bus")
		}
		tr.SetDue(3)
		tr.Stop()
		tr.Stop()
	default:
		t.Fatalf("unknown helper mode %q", mode)
	}
	fmt.Println("tray-helper ok: " + mode)
}
