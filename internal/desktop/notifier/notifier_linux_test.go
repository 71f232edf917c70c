package notifier

import (
	"context"
	"errors"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var reviewNote = Notification{
	Title:   "12 cards due",
	Body:    "Spanish verbs & <irregulars>",
	Actions: []Action{{Key: "review", Label: "Review now"}, {Key: "snooze", Label: "Snooze 1 h"}},
	Timeout: 90 * time.Second,
}

// 1. The server receives exactly the summary, body and actions array.
func TestSendDeliversSummaryBodyAndActions(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, err := New(Options{AppName: "Inflow", Icon: "/opt/inflow/inflow icon.png"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { n.Close() })

	c := send(t, n, s, reviewNote)
	if c.AppName != "Inflow" || c.Summary != reviewNote.Title || c.Body != reviewNote.Body || c.ReplacesID != 0 {
		t.Errorf("server got app %q summary %q body %q replaces %d", c.AppName, c.Summary, c.Body, c.ReplacesID)
	}
	if want := []string{"review", "Review now", "snooze", "Snooze 1 h"}; !slices.Equal(c.Actions, want) {
		t.Errorf("server got actions %q, want %q", c.Actions, want)
	}
	if c.Timeout != 90000 {
		t.Errorf("server got timeout %d ms, want 90000", c.Timeout)
	}
	if want := "file:///opt/inflow/inflow%20icon.png"; c.AppIcon != want {
		t.Errorf("server got icon %q, want %q", c.AppIcon, want)
	}

	c = send(t, n, s, Notification{Title: "Done for today"})
	if len(c.Actions) != 0 || c.Timeout != -1 || c.Body != "" {
		t.Errorf("plain notification arrived as actions %q timeout %d body %q; want none, -1, empty", c.Actions, c.Timeout, c.Body)
	}
	s.noCall(t)
}

// 2. ActionInvoked for our notification reaches OnAction, also when the
// server reports the close first.
func TestActionInvokedReachesOnAction(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, clicks := newTestNotifier(t, nil)

	c := send(t, n, s, reviewNote)
	s.emitAction(t, c.ID, "review")
	if got, want := nextClick(t, clicks), (click{strconv.Itoa(int(c.ID)), "review"}); got != want {
		t.Fatalf("OnAction(%q, %q), want (%q, %q)", got.id, got.key, want.id, want.key)
	}

	c = send(t, n, s, reviewNote)
	s.emit(t, "NotificationClosed", c.ID, uint32(2))
	s.emitAction(t, c.ID, "snooze")
	if got, want := nextClick(t, clicks), (click{strconv.Itoa(int(c.ID)), "snooze"}); got != want {
		t.Fatalf("after NotificationClosed: OnAction(%q, %q), want (%q, %q)", got.id, got.key, want.id, want.key)
	}
}

// 3. ActionInvoked for another application's notification is ignored.
func TestActionForSomeoneElsesNotificationIsIgnored(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, clicks := newTestNotifier(t, nil)

	c := send(t, n, s, reviewNote)
	s.emitAction(t, c.ID+100, "review") // not ours
	s.emitAction(t, c.ID, "snooze")     // ours; signals arrive in order
	if got := nextClick(t, clicks); got != (click{strconv.Itoa(int(c.ID)), "snooze"}) {
		t.Fatalf("first OnAction was (%q, %q): another application's action got through", got.id, got.key)
	}
	noClick(t, clicks, 200*time.Millisecond)
}

// 4. Nobody owns org.freedesktop.Notifications: New fails cleanly.
func TestNewFailsWithoutNotificationService(t *testing.T) {
	startBus(t, false)
	var err error
	within(t, 2*time.Second, "New", func() { _, err = New(Options{}) })
	if err == nil {
		t.Fatal("New succeeded on a bus without a notification service")
	}
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "no notification service on the session bus") {
		t.Fatalf("New: %v; want ErrUnavailable saying there is no notification service", err)
	}
}

// 5. No usable session bus: New fails quickly.
func TestNewFailsWithoutSessionBus(t *testing.T) {
	dir := t.TempDir()
	refused := filepath.Join(dir, "refused")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: refused, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close() // the socket file stays; connecting is refused

	for _, tc := range []struct{ name, addr string }{
		{"unset", ""},
		{"missing socket", "unix:path=" + filepath.Join(dir, "nothing-here")},
		{"dead socket", "unix:path=" + refused},
		{"malformed address", "not-a-dbus-address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.addr == "" {
				if u, err := user.Current(); err == nil {
					if _, err := os.Stat("/run/user/" + u.Uid + "/bus"); err == nil {
						t.Skip("this machine has a session bus at /run/user/" + u.Uid + "/bus, which godbus finds without DBUS_SESSION_BUS_ADDRESS")
					}
				}
			}
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", tc.addr)
			// A dbus-launch that leaves a mark: New must never start a bus.
			bin := t.TempDir()
			marker := filepath.Join(bin, "launched")
			script := "#!/bin/sh\ntouch '" + marker + "'\nexit 1\n"
			if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			var n Notifier
			var err error
			within(t, 2*time.Second, "New", func() { n, err = New(Options{}) })
			if err == nil || n != nil {
				t.Fatalf("New = %v, %v; want an error", n, err)
			}
			if !errors.Is(err, ErrUnavailable) {
				t.Fatalf("New: %v; want ErrUnavailable", err)
			}
			if tc.addr == "" && !strings.Contains(err.Error(), "DBUS_SESSION_BUS_ADDRESS is not set") {
				t.Errorf("New: %v; want it to say DBUS_SESSION_BUS_ADDRESS is not set", err)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Error("New ran dbus-launch")
			}
		})
	}
}

// A bus that accepts the connection and never answers: New gives up.
func TestNewGivesUpOnSilentBus(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "silent")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	var err2 error
	within(t, 2*time.Second, "New", func() { _, err2 = newFreedesktop(Options{}, 300*time.Millisecond) })
	if !errors.Is(err2, ErrUnavailable) || !strings.Contains(err2.Error(), "did not answer") {
		t.Fatalf("New on a silent bus: %v; want ErrUnavailable saying it did not answer", err2)
	}
}

// 6. The bus dies after New: Send fails, Close does not hang.
func TestBusDiesAfterNew(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, _ := newTestNotifier(t, nil)
	send(t, n, s, reviewNote)

	b.kill()
	var err error
	within(t, 2*time.Second, "Send on a dead bus", func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err = n.Send(ctx, reviewNote)
	})
	if err == nil {
		t.Fatal("Send succeeded on a dead bus")
	}
	within(t, 2*time.Second, "Close on a dead bus", func() { n.Close() })
	within(t, time.Second, "second Close", func() {
		if err := n.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
	if _, err := n.Send(context.Background(), reviewNote); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close: %v; want ErrClosed", err)
	}
}

// A bus that stops answering (frozen daemon): Send honours its context and
// Close does not wait for the bus.
func TestFrozenBus(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, _ := newTestNotifier(t, nil)
	send(t, n, s, reviewNote)

	b.signal(t, syscall.SIGSTOP)
	t.Cleanup(func() { b.signal(t, syscall.SIGCONT) })
	var err error
	within(t, 2*time.Second, "Send on a frozen bus", func() {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err = n.Send(ctx, reviewNote)
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send on a frozen bus: %v; want the context's deadline", err)
	}
	within(t, time.Second, "Close on a frozen bus", func() { n.Close() })
}

// 7. A server without the "actions" capability still gets the
// notification, without buttons, and that is logged.
func TestServerWithoutActionsStillReceives(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "body")
	var logs logBuffer
	n, _ := newTestNotifier(t, logs.logger())

	c := send(t, n, s, reviewNote)
	if c.Summary != reviewNote.Title || c.Body != reviewNote.Body {
		t.Errorf("server got summary %q body %q", c.Summary, c.Body)
	}
	if len(c.Actions) != 0 {
		t.Errorf("server without actions got actions %q", c.Actions)
	}
	if !strings.Contains(logs.String(), "cannot show action buttons") {
		t.Errorf("missing log about dropped buttons; log:\n%s", logs.String())
	}
}

// A server that reads markup gets the body escaped, so it shows as written.
func TestBodyEscapedForMarkupServers(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body", "body-markup")
	n, _ := newTestNotifier(t, nil)
	c := send(t, n, s, reviewNote)
	if want := "Spanish verbs &amp; &lt;irregulars&gt;"; c.Body != want {
		t.Fatalf("markup server got body %q, want %q", c.Body, want)
	}
}

// A server may emit ActionInvoked before its Notify reply arrives; the
// click still reaches OnAction, also with many sends in flight.
func TestActionBeforeNotifyReply(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, clicks := newTestNotifier(t, nil)
	s.setOnNotify(func(id uint32) {
		// Not s.emitAction: t.Fatal must not run on the server's goroutine.
		_ = s.conn.Emit(notificationsPath, notificationsIface+".ActionInvoked", id, "review")
	})

	const sends = 20
	ids := make(chan string, sends)
	errs := make(chan error, sends)
	for range sends {
		go func() {
			id, err := n.Send(context.Background(), reviewNote)
			ids <- id
			errs <- err
		}()
	}
	want := map[string]bool{}
	for range sends {
		if err := <-errs; err != nil {
			t.Fatalf("Send: %v", err)
		}
		want[<-ids] = true
	}
	for range sends {
		c := nextClick(t, clicks)
		if !want[c.id] || c.key != "review" {
			t.Fatalf("OnAction(%q, %q): not one of the ids sent %v", c.id, c.key, want)
		}
		delete(want, c.id)
	}
}

// A signal that arrived before a Send began is not attributed to that Send,
// even when the server then hands out the id it named.
func TestEarlierSignalNotAttributedToLaterSend(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, clicks := newTestNotifier(t, nil)

	s.emitAction(t, 1, "stale") // id 1 is what the server will hand out next
	ping(t, n)
	c := send(t, n, s, reviewNote)
	if c.ID != 1 {
		t.Fatalf("server handed out id %d, the test needs 1", c.ID)
	}
	s.emitAction(t, c.ID, "review")
	if got := nextClick(t, clicks); got.key != "review" {
		t.Fatalf("first OnAction was (%q, %q): a signal from before the Send was attributed to it", got.id, got.key)
	}
}

// When the notification server is replaced, the new server's ids are not
// taken for ours.
func TestServerRestartForgetsIDs(t *testing.T) {
	b := startBus(t, false)
	old := startServer(t, b, "actions", "body")
	n, clicks := newTestNotifier(t, nil)
	c := send(t, n, old, reviewNote)
	old.stop(t)

	s := startServer(t, b, "actions", "body") // hands out ids from 1 again
	s.emitAction(t, c.ID, "stale")            // some other app's notification
	ping(t, n)
	c = send(t, n, s, reviewNote)
	s.emitAction(t, c.ID, "fresh")
	if got := nextClick(t, clicks); got.key != "fresh" {
		t.Fatalf("first OnAction was (%q, %q): the new server's id was taken for an old one", got.id, got.key)
	}
}

// Malformed signals from any peer neither panic nor reach OnAction.
func TestMalformedSignalsAreIgnored(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, clicks := newTestNotifier(t, nil)
	c := send(t, n, s, reviewNote)

	s.emit(t, "ActionInvoked")                      // no body
	s.emit(t, "ActionInvoked", c.ID)                // key missing
	s.emit(t, "ActionInvoked", "1", "review")       // id as a string
	s.emit(t, "ActionInvoked", c.ID, uint32(7))     // key as a number
	s.emit(t, "NotificationClosed", c.ID, "gone")   // reason as a string
	s.emit(t, "NotificationClosed", int32(c.ID), 1) // id of the wrong type
	s.emit(t, "ActivationToken", c.ID, "token")     // a signal the library does not know
	s.emitAction(t, c.ID, "review")
	if got := nextClick(t, clicks); got.key != "review" {
		t.Fatalf("first OnAction was (%q, %q); want the one well-formed action", got.id, got.key)
	}
	noClick(t, clicks, 200*time.Millisecond)
}

// An activatable (not yet running) service is accepted and started by the
// bus on first use.
func TestActivatableService(t *testing.T) {
	startBus(t, true)
	n, err := New(Options{})
	if err != nil {
		t.Fatalf("New with an activatable service: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	id, err := n.Send(context.Background(), reviewNote)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if id != strconv.Itoa(activatedFirstID) {
		t.Fatalf("Send returned id %q; want %d from the activated server", id, activatedFirstID)
	}
}

// Invalid notifications are refused before anything reaches the bus, and
// Send after Close fails.
func TestSendRefusesInvalidAndClosed(t *testing.T) {
	b := startBus(t, false)
	s := startServer(t, b, "actions", "body")
	n, _ := newTestNotifier(t, nil)
	for _, bad := range []Notification{
		{Body: "no title"},
		{Title: "x", Actions: []Action{{Key: "", Label: "Review now"}}},
		{Title: "x", Actions: []Action{{Key: "review", Label: "A"}, {Key: "review", Label: "B"}}},
		{Title: "x", Timeout: -time.Second},
	} {
		if _, err := n.Send(context.Background(), bad); err == nil {
			t.Errorf("Send(%+v) succeeded", bad)
		}
	}
	ping(t, n)
	s.noCall(t)
	if err := n.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := n.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := n.Send(context.Background(), reviewNote); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close: %v; want ErrClosed", err)
	}
}
