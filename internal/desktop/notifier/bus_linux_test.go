package notifier

// Test harness: a private dbus-daemon per test and a fake notification
// server that owns org.freedesktop.Notifications on it, records every Notify
// call and emits ActionInvoked / NotificationClosed back. Everything is a
// real D-Bus round trip; no GUI is involved.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// envActivatedServer makes the test binary act as an activatable fake
// notification server (see TestMain); dbus-daemon passes its environment to
// the services it starts.
const envActivatedServer = "INFLOW_NOTIFIER_TEST_ACTIVATED_SERVER"

// activatedFirstID is the first id the activated fake server hands out.
const activatedFirstID = 7001

func TestMain(m *testing.M) {
	if os.Getenv(envActivatedServer) == "1" {
		os.Exit(runActivatedServer())
	}
	os.Exit(m.Run())
}

// runActivatedServer serves notifications until the bus goes away.
func runActivatedServer() int {
	addr := os.Getenv("DBUS_STARTER_ADDRESS")
	if addr == "" {
		addr = os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "activated server:", err)
		return 1
	}
	s := &fakeServer{conn: conn, caps: []string{"actions", "body"}, nextID: activatedFirstID, calls: make(chan notifyCall, 16)}
	if err := s.serve(); err != nil {
		fmt.Fprintln(os.Stderr, "activated server:", err)
		return 1
	}
	select {
	case <-conn.Context().Done():
	case <-time.After(time.Minute):
	}
	return 0
}

// testBus is a private dbus-daemon.
type testBus struct {
	addr     string
	cmd      *exec.Cmd
	killOnce sync.Once
}

// startBus starts a dbus-daemon for the test, points
// DBUS_SESSION_BUS_ADDRESS at it and kills it at cleanup. With activatable,
// the bus can start the test binary as the notification server.
func startBus(t *testing.T, activatable bool) *testBus {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed; these tests need a real D-Bus daemon (Debian: apt-get install dbus-daemon)")
	}
	// A short directory: unix socket paths are limited to 108 bytes.
	dir, err := os.MkdirTemp("", "nfy")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	services := filepath.Join(dir, "services")
	if err := os.Mkdir(services, 0o755); err != nil {
		t.Fatal(err)
	}
	if activatable {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		unit := fmt.Sprintf("[D-BUS Service]\nName=%s\nExec=%s\n", notificationsName, exe)
		if err := os.WriteFile(filepath.Join(services, "notifications.service"), []byte(unit), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "bus.conf")
	err = os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+dir+`</listen>
  <auth>EXTERNAL</auth>
  <servicedir>`+services+`</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+conf, "--nofork", "--print-address=1")
	cmd.Env = append(os.Environ(), envActivatedServer+"=1")
	// If the test binary dies without cleaning up (a panic), the daemon goes too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b := &testBus{cmd: cmd}
	t.Cleanup(b.kill)
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case s := <-line:
		b.addr = string(bytes.TrimSpace([]byte(s)))
	case <-time.After(10 * time.Second):
		t.Fatalf("dbus-daemon printed no address: %s", stderr.String())
	}
	if b.addr == "" {
		t.Fatalf("dbus-daemon printed no address: %s", stderr.String())
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", b.addr)
	return b
}

// kill ends the daemon and waits for it; safe to call twice.
func (b *testBus) kill() {
	b.killOnce.Do(func() {
		_ = b.cmd.Process.Kill()
		_ = b.cmd.Wait()
	})
}

// notifyCall is one Notify call as the server received it.
type notifyCall struct {
	AppName    string
	ReplacesID uint32
	AppIcon    string
	Summary    string
	Body       string
	Actions    []string
	Timeout    int32
	ID         uint32 // the id the server returned
}

// fakeServer is a notification server on the test bus.
type fakeServer struct {
	conn  *dbus.Conn
	caps  []string
	calls chan notifyCall

	mu       sync.Mutex
	nextID   uint32
	onNotify func(id uint32) // runs inside Notify, before the reply is sent
}

// startServer connects to the test bus and owns the notification name.
func startServer(t *testing.T, b *testBus, caps ...string) *fakeServer {
	t.Helper()
	conn, err := dbus.Connect(b.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s := &fakeServer{conn: conn, caps: caps, nextID: 1, calls: make(chan notifyCall, 64)}
	if err := s.serve(); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *fakeServer) serve() error {
	if err := s.conn.Export(serverObject{s}, notificationsPath, notificationsIface); err != nil {
		return err
	}
	reply, err := s.conn.RequestName(notificationsName, dbus.NameFlagDoNotQueue)
	if err != nil {
		return err
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return fmt.Errorf("fake server: could not own %s (reply %d)", notificationsName, reply)
	}
	return nil
}

// stop gives up the name and disconnects, as a server that exits.
func (s *fakeServer) stop(t *testing.T) {
	t.Helper()
	if _, err := s.conn.ReleaseName(notificationsName); err != nil {
		t.Fatal(err)
	}
	s.conn.Close()
}

func (s *fakeServer) setOnNotify(f func(id uint32)) {
	s.mu.Lock()
	s.onNotify = f
	s.mu.Unlock()
}

// emit sends a Notifications signal with any body, well-formed or not.
func (s *fakeServer) emit(t *testing.T, member string, body ...any) {
	t.Helper()
	if err := s.conn.Emit(notificationsPath, notificationsIface+"."+member, body...); err != nil {
		t.Fatal(err)
	}
}

func (s *fakeServer) emitAction(t *testing.T, id uint32, key string) {
	t.Helper()
	s.emit(t, "ActionInvoked", id, key)
}

// nextCall waits for the server's next Notify call.
func (s *fakeServer) nextCall(t *testing.T) notifyCall {
	t.Helper()
	select {
	case c := <-s.calls:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("the server received no Notify call")
		return notifyCall{}
	}
}

// noCall checks the server received no Notify call.
func (s *fakeServer) noCall(t *testing.T) {
	t.Helper()
	select {
	case c := <-s.calls:
		t.Fatalf("the server received an unexpected Notify call: %+v", c)
	default:
	}
}

// serverObject holds exactly the exported D-Bus methods of the fake server.
type serverObject struct{ s *fakeServer }

func (o serverObject) Notify(appName string, replacesID uint32, appIcon, summary, body string,
	actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	o.s.mu.Lock()
	id := o.s.nextID
	o.s.nextID++
	hook := o.s.onNotify
	o.s.mu.Unlock()
	if hook != nil {
		hook(id)
	}
	o.s.calls <- notifyCall{AppName: appName, ReplacesID: replacesID, AppIcon: appIcon, Summary: summary,
		Body: body, Actions: actions, Timeout: timeout, ID: id}
	return id, nil
}

func (o serverObject) GetCapabilities() ([]string, *dbus.Error) {
	return o.s.caps, nil
}

func (o serverObject) CloseNotification(id uint32) *dbus.Error {
	if err := o.s.conn.Emit(notificationsPath, notificationsIface+".NotificationClosed", id, uint32(3)); err != nil {
		return dbus.MakeFailedError(err)
	}
	return nil
}

func (o serverObject) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fake", "inflow tests", "1", "1.2", nil
}

// newTestNotifier makes a Notifier on the test bus whose clicks arrive on
// the returned channel.
func newTestNotifier(t *testing.T, logger *slog.Logger) (*freedesktop, <-chan click) {
	t.Helper()
	clicks := make(chan click, 64)
	n, err := newFreedesktop(Options{
		AppName:  "Inflow",
		OnAction: func(id, key string) { clicks <- click{id, key} },
		Logger:   logger,
	}, startTimeout)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n, clicks
}

// nextClick waits for the next OnAction call.
func nextClick(t *testing.T, clicks <-chan click) click {
	t.Helper()
	select {
	case c := <-clicks:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("OnAction was not called within 5s")
		return click{}
	}
}

// noClick checks OnAction is not called for a while.
func noClick(t *testing.T, clicks <-chan click, wait time.Duration) {
	t.Helper()
	select {
	case c := <-clicks:
		t.Fatalf("unexpected OnAction(%q, %q)", c.id, c.key)
	case <-time.After(wait):
	}
}

// send sends n and returns the server's view of it, checking the returned
// id is the server's.
func send(t *testing.T, nt Notifier, s *fakeServer, n Notification) notifyCall {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	id, err := nt.Send(ctx, n)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	c := s.nextCall(t)
	if id != strconv.FormatUint(uint64(c.ID), 10) {
		t.Fatalf("Send returned id %q, the server issued %d", id, c.ID)
	}
	return c
}

// ping makes a round trip from the notifier's connection to the server.
// Messages from one connection arrive in order, so every signal the server
// emitted before has been seen by the notifier's connection when it returns.
func ping(t *testing.T, n *freedesktop) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var a, b, c, d string
	err := n.conn.Object(notificationsName, notificationsPath).
		CallWithContext(ctx, notificationsIface+".GetServerInformation", 0).Store(&a, &b, &c, &d)
	if err != nil {
		t.Fatalf("ping: %v", err)
	}
}

// within fails the test if f takes longer than d.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s took longer than %v", what, d)
	}
}

// logBuffer collects log output from any goroutine (t.Log must not be used
// after a test ends, and the notifier logs from its own goroutines).
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// signal sends sig (SIGSTOP, SIGCONT...) to the daemon.
func (b *testBus) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := b.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
}
