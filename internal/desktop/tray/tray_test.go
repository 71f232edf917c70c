package tray

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a backend that records every call, for the Tray's own logic; the
// D-Bus tests (tray_linux_test.go) run the real systray.
type fake struct {
	mu       sync.Mutex
	ops      []string
	items    []*fakeItem
	ready    func()
	exit     func()
	stops    int
	startErr error
}

type fakeItem struct {
	f                *fake
	label            string
	enabled, visible bool
	clicks           chan struct{}
}

func (f *fake) record(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = append(f.ops, fmt.Sprintf(format, args...))
}

// takeOps returns the calls since the last takeOps.
func (f *fake) takeOps() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ops := f.ops
	f.ops = nil
	return ops
}

func (f *fake) check() error { return nil }

func (f *fake) start(_ Options, ready, exit func()) (func(), error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ready, f.exit = ready, exit
	stop := func() {
		f.mu.Lock()
		f.stops++
		f.mu.Unlock()
	}
	return stop, f.startErr
}

func (f *fake) addItem(label string) item {
	f.record("add %s", label)
	it := &fakeItem{f: f, label: label, enabled: true, visible: true, clicks: make(chan struct{})}
	f.mu.Lock()
	f.items = append(f.items, it)
	f.mu.Unlock()
	return it
}

func (f *fake) addSeparator()          { f.record("separator") }
func (f *fake) setIcon(p []byte)       { f.record("icon %d bytes", len(p)) }
func (f *fake) setText(a, b, c string) { f.record("text %q %q %q", a, b, c) }

func (i *fakeItem) SetTitle(l string) { i.f.record("title %s -> %s", i.label, l); i.label = l }
func (i *fakeItem) Enable()           { i.f.record("enable %s", i.label); i.enabled = true }
func (i *fakeItem) Disable()          { i.f.record("disable %s", i.label); i.enabled = false }
func (i *fakeItem) Show()             { i.f.record("show %s", i.label); i.visible = true }
func (i *fakeItem) Hide()             { i.f.record("hide %s", i.label); i.visible = false }
func (i *fakeItem) Clicked() <-chan struct{} {
	return i.clicks
}

// entry returns the fake item of a menu entry (items skip the separator).
func (f *fake) entry(t *testing.T, e Entry) *fakeItem {
	t.Helper()
	i := int(e)
	if e > EntrySeparator {
		i--
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if i >= len(f.items) {
		t.Fatalf("no item for %v", e)
	}
	return f.items[i]
}

// click delivers a click the way systray does, but waits for the listener.
func (f *fake) click(t *testing.T, e Entry) {
	t.Helper()
	select {
	case f.entry(t, e).clicks <- struct{}{}:
	case <-time.After(5 * time.Second):
		t.Fatalf("nobody listens to clicks on %v", e)
	}
}

type recorder struct{ calls chan string }

func newRecorder() *recorder { return &recorder{calls: make(chan string, 16)} }

func (r *recorder) handlers() Handlers {
	h := func(name string) func() { return func() { r.calls <- name } }
	return Handlers{
		QuickSearch: h("quick-search"), ReviewNow: h("review-now"), Continue: h("continue"),
		Open: h("open"), Quit: h("quit"),
	}
}

func (r *recorder) expect(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-r.calls:
		if got != want {
			t.Fatalf("handler %q called, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("handler %q not called", want)
	}
}

// expectNone waits a little for a handler that should not be called: a wrong
// call comes within microseconds of the click.
func (r *recorder) expectNone(t *testing.T) {
	t.Helper()
	select {
	case got := <-r.calls:
		t.Fatalf("handler %q called", got)
	case <-time.After(300 * time.Millisecond):
	}
}

// logBuffer collects log lines from any goroutine.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func quietLogger(buf *logBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func launchFake(t *testing.T, o Options) (*Tray, *fake) {
	t.Helper()
	f := &fake{}
	if o.Logger == nil {
		o.Logger = quietLogger(&logBuffer{})
	}
	tr, err := launch(o, f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Stop)
	return tr, f
}

func TestStateSetBeforeReadyIsBuilt(t *testing.T) {
	tr, f := launchFake(t, Options{Icon: []byte{1, 2, 3}, Title: "Inflow", Tooltip: "Inflow tip"})
	tr.SetDue(3)
	tr.SetContinue("Forklift safety")
	tr.SetBadge("3 reviews due")
	if ops := f.takeOps(); len(ops) != 0 {
		t.Fatalf("calls before the platform was ready: %q", ops)
	}
	f.ready()
	want := []string{
		"icon 3 bytes",
		`text "Inflow" "Inflow tip" "3 reviews due"`,
		"add Quick search…",
		"add Review now (3 due)",
		"add Continue “Forklift safety”",
		"add Sync", "disable Sync", "hide Sync",
		"separator",
		"add Open Inflow",
		"add Quit",
	}
	if got := f.takeOps(); !reflect.DeepEqual(got, want) {
		t.Fatalf("build:\n got %q\nwant %q", got, want)
	}
	f.ready() // a second ready adds nothing
	if ops := f.takeOps(); len(ops) != 0 {
		t.Fatalf("second build: %q", ops)
	}
	if got := tr.State(); got != (MenuState{Due: 3, Continue: "Forklift safety"}) {
		t.Errorf("state %+v", got)
	}
}

func TestNoIconLeavesIconAlone(t *testing.T) {
	_, f := launchFake(t, Options{Title: "Inflow"})
	f.ready()
	for _, op := range f.takeOps() {
		if strings.HasPrefix(op, "icon") {
			t.Fatalf("setIcon called without an icon: %q", op)
		}
	}
}

func TestUpdatesChangeOnlyWhatChanged(t *testing.T) {
	tr, f := launchFake(t, Options{Title: "Inflow", Tooltip: "Inflow"})
	f.ready()
	f.takeOps()

	steps := []struct {
		do   func()
		want []string
	}{
		{func() { tr.SetDue(5) }, []string{"title No reviews due -> Review now (5 due)", "enable Review now (5 due)"}},
		{func() { tr.SetDue(5) }, nil},
		{func() { tr.SetDue(6) }, []string{"title Review now (5 due) -> Review now (6 due)"}},
		{func() { tr.SetDue(0) }, []string{"title Review now (6 due) -> No reviews due", "disable No reviews due"}},
		{func() { tr.SetDue(-1) }, nil},
		{func() { tr.SetContinue("A") }, []string{"title Continue -> Continue “A”", "show Continue “A”"}},
		{func() { tr.SetContinue("B") }, []string{"title Continue “A” -> Continue “B”"}},
		// Hidden entries are not touched (Windows would show them again).
		{func() { tr.SetContinue("") }, []string{"hide Continue “B”"}},
		{func() { tr.SetContinue(" ") }, nil},
		{func() { tr.SetContinue("C") }, []string{"title Continue “B” -> Continue “C”", "show Continue “C”"}},
		{func() { tr.SetContinue("") }, []string{"hide Continue “C”"}},
		{func() { tr.SetContinue("C") }, []string{"show Continue “C”"}},
		{func() { tr.SetSync("offline") }, []string{"title Sync -> Sync: offline", "show Sync: offline"}},
		{func() { tr.SetSync("") }, []string{"hide Sync: offline"}},
		{func() { tr.SetBadge("12 reviews due") }, []string{`text "Inflow" "Inflow" "12 reviews due"`}},
		{func() { tr.SetBadge(" 12  reviews due\n") }, nil},
		{func() { tr.SetBadge("") }, []string{`text "Inflow" "Inflow" ""`}},
	}
	for i, s := range steps {
		s.do()
		if got := f.takeOps(); !reflect.DeepEqual(got, s.want) {
			t.Fatalf("step %d:\n got %q\nwant %q", i, got, s.want)
		}
	}
	cont := f.entry(t, EntryContinue)
	if cont.label != "Continue “C”" || !cont.visible {
		t.Errorf("continue entry %+v", cont)
	}
	sync := f.entry(t, EntrySync)
	if sync.visible || sync.enabled {
		t.Errorf("sync entry %+v", sync)
	}
}

func TestClicks(t *testing.T) {
	var logs logBuffer
	r := newRecorder()
	h := r.handlers()
	h.Open = func() { panic("open broke") }
	tr, f := launchFake(t, Options{Handlers: h, Logger: quietLogger(&logs)})
	f.ready()

	f.click(t, EntryQuickSearch)
	r.expect(t, "quick-search")

	// Inactive entries: systray delivers their clicks too.
	f.click(t, EntryReviewNow) // "No reviews due"
	f.click(t, EntryContinue)  // hidden
	f.click(t, EntrySync)      // disabled status line
	r.expectNone(t)

	tr.SetDue(2)
	tr.SetContinue("Git")
	f.click(t, EntryReviewNow)
	r.expect(t, "review-now")
	f.click(t, EntryContinue)
	r.expect(t, "continue")

	// A panicking handler is logged and the tray keeps working.
	f.click(t, EntryOpen)
	f.click(t, EntryQuit)
	r.expect(t, "quit")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "open broke") {
		if time.Now().After(deadline) {
			t.Fatalf("the handler's panic was not logged:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	// A handler that blocks does not hold up other clicks.
	block := make(chan struct{})
	defer close(block)
	h2 := r.handlers()
	h2.QuickSearch = func() { <-block }
	tr2, f2 := launchFake(t, Options{Handlers: h2})
	f2.ready()
	f2.click(t, EntryQuickSearch)
	f2.click(t, EntryQuickSearch)
	f2.click(t, EntryOpen)
	r.expect(t, "open")
	tr2.Stop()
}

func TestNilHandlersAreIgnored(t *testing.T) {
	_, f := launchFake(t, Options{})
	f.ready()
	f.click(t, EntryQuickSearch)
	f.click(t, EntryQuit)
	f.click(t, EntryQuickSearch) // still listening
}

func TestStop(t *testing.T) {
	r := newRecorder()
	tr, f := launchFake(t, Options{Handlers: r.handlers()})
	f.ready()
	f.takeOps()
	tr.Stop()
	tr.Stop()
	if f.stops != 1 {
		t.Fatalf("backend stopped %d times", f.stops)
	}
	tr.SetDue(4)
	tr.SetContinue("x")
	tr.SetSync("y")
	tr.SetBadge("z")
	if ops := f.takeOps(); len(ops) != 0 {
		t.Fatalf("calls after Stop: %q", ops)
	}
	// Click listeners are gone.
	select {
	case f.entry(t, EntryQuickSearch).clicks <- struct{}{}:
		t.Fatal("a click was received after Stop")
	case <-time.After(200 * time.Millisecond):
	}
	r.expectNone(t)
}

func TestStopBeforeReady(t *testing.T) {
	tr, f := launchFake(t, Options{})
	tr.Stop()
	f.ready()
	if ops := f.takeOps(); len(ops) != 0 {
		t.Fatalf("menu built after Stop: %q", ops)
	}
}

func TestStopFromHandler(t *testing.T) {
	var tr *Tray
	quit := make(chan struct{})
	tr, f := launchFake(t, Options{Handlers: Handlers{Quit: func() { tr.Stop(); close(quit) }}})
	f.ready()
	f.click(t, EntryQuit)
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop from the Quit handler did not return")
	}
	if f.stops != 1 {
		t.Fatalf("backend stopped %d times", f.stops)
	}
}

func TestNilTray(t *testing.T) {
	var tr *Tray
	tr.SetDue(1)
	tr.SetContinue("a")
	tr.SetSync("b")
	tr.SetBadge("c")
	tr.Stop()
	tr.Stop()
	if tr.State() != (MenuState{}) {
		t.Fatal("state of a nil tray")
	}
}

func TestLaunchFailure(t *testing.T) {
	f := &fake{startErr: errors.New("no tray here")}
	tr, err := launch(Options{Logger: quietLogger(&logBuffer{})}, f)
	if err == nil || tr != nil {
		t.Fatalf("launch = %v, %v", tr, err)
	}
	if f.stops != 1 {
		t.Fatalf("a failed start was released %d times", f.stops)
	}
	f.ready() // the platform may still call ready
	if ops := f.takeOps(); len(ops) != 0 {
		t.Fatalf("menu built after a failed start: %q", ops)
	}
}
