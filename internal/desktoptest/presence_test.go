package desktoptest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/inflow-learning/inflow/internal/presence"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/remind"
	"github.com/inflow-learning/inflow/internal/review"
)

// app is the built desktop binary running under the test.
type app struct {
	t      *testing.T
	bin    string
	data   string
	cmd    *exec.Cmd
	out    *bytes.Buffer
	exited chan error
}

func desktopBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("INFLOW_DESKTOP_BIN")
	if bin == "" {
		t.Skip("INFLOW_DESKTOP_BIN not set: run through `make test-smoke`, which builds the app and starts Xvfb and D-Bus")
	}
	if os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("needs DISPLAY and DBUS_SESSION_BUS_ADDRESS (run under xvfb-run and dbus-run-session)")
	}
	return bin
}

func startApp(t *testing.T, bin, data string, env []string, args ...string) *app {
	t.Helper()
	a := &app{t: t, bin: bin, data: data, out: &bytes.Buffer{}, exited: make(chan error, 1)}
	a.cmd = exec.Command(bin, append([]string{"--data-dir", data}, args...)...)
	a.cmd.Env = append(os.Environ(), env...)
	a.cmd.Stdout, a.cmd.Stderr = a.out, a.out
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	t.Cleanup(func() {
		if a.cmd.ProcessState == nil {
			a.cmd.Process.Kill()
			<-a.exited
		}
	})
	return a
}

// stop sends SIGTERM and expects a clean exit.
func (a *app) stop() {
	a.t.Helper()
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-a.exited:
		if err != nil {
			a.t.Fatalf("exit after SIGTERM: %v\napp output:\n%s", err, a.out)
		}
	case <-time.After(20 * time.Second):
		a.t.Fatalf("no exit within 20s of SIGTERM\napp output:\n%s", a.out)
	}
}

// waitTitle waits for a visible window with exactly this title.
func (a *app) waitTitle(ctx context.Context, title string) string {
	a.t.Helper()
	win, err := waitForWindow(ctx, a.exited, title)
	if err != nil {
		a.t.Fatalf("no window %q: %v\napp output:\n%s", title, err, a.out)
	}
	return win
}

// geometry reads a window's size.
func geometry(win string) (w, h int, err error) {
	out, err := exec.Command("xdotool", "getwindowgeometry", "--shell", win).Output()
	if err != nil {
		return 0, 0, err
	}
	for _, l := range strings.Fields(string(out)) {
		fmt.Sscanf(l, "WIDTH=%d", &w)
		fmt.Sscanf(l, "HEIGHT=%d", &h)
	}
	return w, h, nil
}

func eventually(t *testing.T, what string, timeout time.Duration, ok func() bool, about ...func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			extra := ""
			for _, f := range about {
				extra += " " + f()
			}
			t.Fatalf("timed out waiting for %s%s", what, extra)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func screenshot(t *testing.T, ctx context.Context, a *app, win, name string) {
	t.Helper()
	shot := filepath.Join(t.TempDir(), name)
	if err := waitForRender(ctx, a.exited, win, shot); err != nil {
		t.Fatalf("%s did not render: %v\napp output:\n%s", name, err, a.out)
	}
	if dir := os.Getenv("INFLOW_SCREENSHOT_DIR"); dir != "" {
		if b, err := os.ReadFile(shot); err == nil {
			os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
	}
}

// TestDesktopTrayQuickSearchAndHandOff: the tray registers with a watcher
// (Esc hides the panel, Ctrl+Shift+Space, the X11 global shortcut, shows it
// again; Ctrl+Enter copies the first result's code),
// the test provides, its menu is read and "Quick search…" clicked over
// dbusmenu; the window turns into the compact quick-search panel (both
// modes screenshotted); `inflow --search tar` run again hands its words to
// the running instance and exits at once; Quit in the tray ends the app.
func TestDesktopTrayQuickSearchAndHandOff(t *testing.T) {
	bin := desktopBin(t)
	conn := sessionBus(t)
	w := startWatcher(t, conn)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	data := t.TempDir()
	// A pack with a "tar" snippet, imported with the same binary's CLI.
	if out, err := exec.Command(bin, "--data-dir", data, "import", "testdata/pack", "-q").CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	a := startApp(t, bin, data, nil)
	win := a.waitTitle(ctx, "Inflow")
	screenshot(t, ctx, a, win, "full.png")
	if wd, ht, _ := geometry(win); wd < 700 || ht < 470 {
		t.Errorf("full window is %dx%d", wd, ht)
	}

	eventually(t, "the tray item to register", 20*time.Second, func() bool { return w.item() != "" })
	var items []menuItem
	eventually(t, "the tray menu", 10*time.Second, func() bool {
		items, _ = readMenu(conn, w.item())
		return slices.ContainsFunc(items, func(m menuItem) bool { return m.Label == "Quit" })
	})
	labels := map[string]bool{}
	for _, it := range items {
		if it.On {
			labels[it.Label] = true
		}
	}
	for _, want := range []string{"Quick search…", "Open Inflow", "Quit"} {
		if !labels[want] {
			t.Errorf("tray menu lacks %q: %+v", want, items)
		}
	}

	if err := clickMenu(conn, w.item(), "Quick search…"); err != nil {
		t.Fatal(err)
	}
	quick := a.waitTitle(ctx, "Quick search – Inflow")
	var qw, qh int
	eventually(t, "the compact panel", 10*time.Second, func() bool {
		qw, qh, _ = geometry(quick)
		return qw > 0 && qw <= 700 && qh <= 480
	}, func() string { return fmt.Sprintf("(window %s is %dx%d)", quick, qw, qh) })
	t.Logf("quick panel %dx%d", qw, qh)
	screenshot(t, ctx, a, quick, "quick.png")

	// Esc hides the panel; the global shortcut brings it back.
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", quick, "key", "Escape").CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	eventually(t, "Esc to hide the panel", 10*time.Second, func() bool {
		return exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Quick search").Run() != nil
	})
	if out, err := exec.Command("xdotool", "key", "ctrl+shift+space").CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	quick = a.waitTitle(ctx, "Quick search – Inflow")

	// A second start hands its search to the running Inflow and exits 0.
	start := time.Now()
	second := exec.CommandContext(ctx, bin, "--data-dir", data, "--search", "tar")
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("inflow --search tar: %v\n%s", err, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("hand-off took %v", d)
	}
	quick = a.waitTitle(ctx, "Quick search: tar – Inflow")
	// The results are there: Ctrl+Enter in the real window copies the first
	// result's code block to the clipboard and hides the panel.
	time.Sleep(500 * time.Millisecond) // let the search answer
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", quick, "key", "--clearmodifiers", "ctrl+Return").CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	var clip string
	eventually(t, "the copied command", 10*time.Second, func() bool {
		out, _ := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
		clip = strings.TrimSpace(string(out))
		return clip == "tar xf archive.tar"
	}, func() string { return fmt.Sprintf("(clipboard %q)", clip) })

	if err := clickMenu(conn, w.item(), "Quit"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-a.exited:
		if err != nil {
			t.Fatalf("exit after Quit: %v\n%s", err, a.out)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("Quit in the tray did not end the app\n%s", a.out)
	}
}

// seedDueCards makes a profile with cards answered a month ago (so due
// now) and reminders allowed at any hour of any day.
func seedDueCards(t *testing.T, dir string, n int) {
	t.Helper()
	ctx := context.Background()
	p, err := profile.Open(ctx, dir, profile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := range n {
		c, err := p.Reviews.Create(ctx, review.Content{Deck: "Safety", Prompt: fmt.Sprintf("Question %d", i), Answer: "Answer"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Reviews.Answer(ctx, c.ID, 3, time.Second, time.Now().AddDate(0, -1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	s := remind.DefaultSettings()
	s.WorkDays = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	s.WorkStart, s.WorkEnd = remind.ClockTime{}, remind.ClockTime{Hour: 24}
	s.DueThreshold, s.MinGapMinutes, s.MaxPerDay = 1, 1, 24
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := p.Store.SetSetting(ctx, presence.SettingsKey, s); err != nil {
		t.Fatal(err)
	}
}

// TestDesktopReminderOpensReview: with reviews due, the app sends a
// freedesktop notification to the server the test owns, with the buttons
// "Review now" and "Snooze 1 h"; pressing "Review now" shows the window
// with the review session.
func TestDesktopReminderOpensReview(t *testing.T) {
	bin := desktopBin(t)
	conn := sessionBus(t)
	notes := startNotifications(t, conn)
	data := t.TempDir()
	seedDueCards(t, data, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	a := startApp(t, bin, data, nil, "--background")
	var got []notification
	eventually(t, "a notification", 60*time.Second, func() bool { got = notes.all(); return len(got) > 0 })
	n := got[0]
	if n.App != "Inflow" || !strings.Contains(n.Summary, "3 reviews") && !strings.Contains(n.Summary+n.Body, "review") {
		t.Errorf("notification: %+v", n)
	}
	if want := []string{"review", "Review now", "snooze", "Snooze 1 h"}; !slices.Equal(n.Actions, want) {
		t.Errorf("actions %q, want %q", n.Actions, want)
	}
	if err := notes.invoke(n.ID, "review"); err != nil {
		t.Fatal(err)
	}
	win := a.waitTitle(ctx, "Review – Inflow")
	screenshot(t, ctx, a, win, "review.png")
	if len(notes.all()) != 1 {
		t.Errorf("more than one reminder: %+v", notes.all())
	}
	a.stop()
}

// TestDesktopWithoutBus: a session bus that cannot be reached leaves the
// tray, notifications and single-instance lock off, and the app still
// shows its window and shuts down cleanly.
func TestDesktopWithoutBus(t *testing.T) {
	bin := desktopBin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	a := startApp(t, bin, t.TempDir(), []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/inflow-test-bus"})
	win := a.waitTitle(ctx, "Inflow")
	screenshot(t, ctx, a, win, "nobus.png")
	a.stop()
	if !strings.Contains(a.out.String(), "tray not available") || !strings.Contains(a.out.String(), "notifications not available") {
		t.Errorf("the fallbacks were not logged:\n%s", a.out)
	}
}
