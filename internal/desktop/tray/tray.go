package tray

import (
	"errors"
	"log/slog"
	"strings"
	"sync"
)

var (
	// ErrNoSessionBus is wrapped by Start's error on Linux when
	// DBUS_SESSION_BUS_ADDRESS is unset or the bus cannot be reached.
	ErrNoSessionBus = errors.New("tray: no usable D-Bus session bus")
	// ErrAlreadyStarted is returned by every Start after the first one that
	// reached systray (see the package documentation).
	ErrAlreadyStarted = errors.New("tray: already started in this process (systray is a singleton)")
	// ErrUnsupported is returned by Start where no tray can be shown: other
	// operating systems, and macOS built without cgo.
	ErrUnsupported = errors.New("tray: not supported on this platform")
)

// Handlers are called (each on its own goroutine) when the person picks a
// menu entry. A nil handler leaves the entry doing nothing.
type Handlers struct {
	QuickSearch, ReviewNow, Continue, Open, Quit func()
}

// Options configure the tray.
type Options struct {
	Icon     []byte // PNG; converted to ICO on Windows
	Title    string // the item's name: Linux Title and Id (hosts key the icon's placement by Id)
	Tooltip  string // shown when pointing at the icon
	Handlers Handlers
	Logger   *slog.Logger // nil: slog.Default()
}

// Tray is the running tray icon. Its methods are safe for concurrent use and
// do nothing on a nil or stopped Tray, so a caller whose Start failed can keep
// a nil *Tray and call it anyway.
type Tray struct {
	b    backend
	o    Options
	log  *slog.Logger
	done chan struct{} // closed by Stop: click listeners end

	mu      sync.Mutex
	state   MenuState
	badge   string
	items   []item // nil until the platform asks for the menu; nil at the separator
	shown   []Item // what each entry shows now
	stopped bool
	stop    func()
	once    sync.Once
}

// item is one entry of the platform's menu.
type item interface {
	SetTitle(label string)
	Enable()
	Disable()
	Show()
	Hide()
	Clicked() <-chan struct{}
}

// backend is the platform's tray. check must leave systray untouched; start
// may be called once per process. stop may be non-nil when start fails: it
// then releases what start took without risking a crash.
type backend interface {
	check() error
	start(o Options, ready, exit func()) (stop func(), err error)
	addItem(label string) item
	addSeparator()
	setIcon(png []byte)
	setText(title, tooltip, badge string)
}

var (
	startMu sync.Mutex
	started bool
)

// Start shows the tray icon. On Linux it returns an error wrapping
// ErrNoSessionBus, instead of starting, when DBUS_SESSION_BUS_ADDRESS is unset
// or the bus cannot be reached; the caller then falls back, and may try again
// later. Once systray has been reached, Start has had its one go per process,
// because fyne.io/systray is a package-level singleton that cannot be started
// again after it stops: later calls return ErrAlreadyStarted. Where there is
// no tray at all it returns ErrUnsupported.
//
// On Linux and macOS Start calls the start function of
// systray.RunWithExternalLoop, so the tray runs beside Wails' own loop: call
// it from OnStartup, and Stop (which calls the end function) from OnShutdown.
// On Windows it runs systray.Run on a thread of its own. Start does not know
// whether a tray host shows the icon (GNOME has none without an extension).
func Start(o Options) (*Tray, error) {
	startMu.Lock()
	defer startMu.Unlock()
	if started {
		return nil, ErrAlreadyStarted
	}
	b := newBackend()
	if err := b.check(); err != nil {
		return nil, err
	}
	started = true
	return launch(o, b)
}

// launch starts a Tray on b; the singleton rule is Start's.
func launch(o Options, b backend) (*Tray, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	t := &Tray{b: b, o: o, log: o.Logger, done: make(chan struct{})}
	stop, err := b.start(o, t.build, t.exited)
	if err != nil {
		t.mu.Lock()
		t.stopped = true
		close(t.done)
		t.mu.Unlock()
		if stop != nil {
			stop()
		}
		return nil, err
	}
	t.mu.Lock()
	if t.stopped { // a handler called Stop before start returned
		t.mu.Unlock()
		if stop != nil {
			stop()
		}
		return t, nil
	}
	t.stop = stop
	t.mu.Unlock()
	return t, nil
}

// build creates the menu; the platform calls it once it is ready for entries
// (on Linux, while start runs; D-Bus readers of the menu wait for it).
func (t *Tray) build() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped || t.items != nil {
		return
	}
	if len(t.o.Icon) > 0 { // systray on macOS indexes the first byte
		t.b.setIcon(t.o.Icon)
	}
	t.b.setText(t.o.Title, t.o.Tooltip, t.badge)
	want := t.state.Items()
	t.items = make([]item, len(want))
	for i, w := range want {
		if w.Separator {
			t.b.addSeparator()
			continue
		}
		m := t.b.addItem(w.Label)
		if !w.Enabled {
			m.Disable()
		}
		if !w.Visible {
			m.Hide()
		}
		t.items[i] = m
		go t.listen(w.Entry, m.Clicked())
	}
	t.shown = want
	t.log.Debug("tray: menu ready")
}

func (t *Tray) exited() { t.log.Debug("tray: stopped") }

// listen turns one entry's clicks into handler calls. systray drops a click
// when nobody is receiving, so the loop only hands off and comes straight back.
func (t *Tray) listen(e Entry, clicked <-chan struct{}) {
	for {
		select {
		case <-t.done:
			return
		default:
		}
		select {
		case _, ok := <-clicked:
			if !ok {
				return
			}
			t.clicked(e)
		case <-t.done:
			return
		}
	}
}

func (t *Tray) clicked(e Entry) {
	t.mu.Lock()
	w := t.state.Items()[e]
	stopped := t.stopped
	t.mu.Unlock()
	if stopped || w.Separator || !w.Enabled || !w.Visible {
		t.log.Debug("tray: click on an inactive entry ignored", "entry", e)
		return
	}
	h := t.handler(e)
	if h == nil {
		t.log.Debug("tray: no handler", "entry", e)
		return
	}
	go t.call(e, h)
}

func (t *Tray) handler(e Entry) func() {
	h := t.o.Handlers
	switch e {
	case EntryQuickSearch:
		return h.QuickSearch
	case EntryReviewNow:
		return h.ReviewNow
	case EntryContinue:
		return h.Continue
	case EntryOpen:
		return h.Open
	case EntryQuit:
		return h.Quit
	}
	return nil
}

// call runs a handler; a panic in it is logged, not allowed to take the
// desktop app down from a tray click.
func (t *Tray) call(e Entry, h func()) {
	defer func() {
		if r := recover(); r != nil {
			t.log.Error("tray: menu handler panicked", "entry", e, "panic", r)
		}
	}()
	h()
}

// SetDue shows "Review now (N due)", or a disabled "No reviews due" at 0.
func (t *Tray) SetDue(n int) {
	t.update(func(s *MenuState) { s.Due = max(n, 0) })
}

// SetContinue shows “Continue “<title>””; "" hides the entry.
func (t *Tray) SetContinue(title string) {
	t.update(func(s *MenuState) { s.Continue = title })
}

// SetSync shows the disabled line "Sync: <status>"; "" hides it.
func (t *Tray) SetSync(status string) {
	t.update(func(s *MenuState) { s.Sync = status })
}

// SetBadge adds text such as "12 reviews due" to the icon's tooltip (and on
// Linux its title; on macOS it is shown beside the icon). It is the fallback
// when notifications cannot be shown; "" removes it.
func (t *Tray) SetBadge(text string) {
	if t == nil {
		return
	}
	text = strings.Join(strings.Fields(text), " ")
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped || text == t.badge {
		return
	}
	t.badge = text
	if t.items != nil {
		t.b.setText(t.o.Title, t.o.Tooltip, t.badge)
	}
}

// State returns what the menu shows (or will show once the platform is ready).
func (t *Tray) State() MenuState {
	if t == nil {
		return MenuState{}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

func (t *Tray) update(f func(*MenuState)) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	f(&t.state)
	if t.items == nil {
		return // build shows the state
	}
	want := t.state.Items()
	for i, w := range want {
		if m := t.items[i]; m != nil {
			t.shown[i] = apply(m, t.shown[i], w)
		}
	}
}

// apply changes an entry from what it shows to what it should show, and
// returns what it shows then. A hidden entry is left alone until it is shown
// again: on Windows, changing the title or state of a hidden systray item
// puts it back in the menu.
func apply(m item, had, want Item) Item {
	if !want.Visible {
		if had.Visible {
			m.Hide()
			had.Visible = false
		}
		return had
	}
	if want.Label != had.Label {
		m.SetTitle(want.Label)
	}
	if want.Enabled != had.Enabled {
		if want.Enabled {
			m.Enable()
		} else {
			m.Disable()
		}
	}
	if !had.Visible {
		m.Show()
	}
	return want
}

// Stop removes the icon. It is safe to call more than once, and from a
// handler. On Linux it closes systray's session-bus connection, which is
// godbus's shared dbus.SessionBus(): code holding that connection must not use
// it afterwards.
func (t *Tray) Stop() {
	if t == nil {
		return
	}
	t.once.Do(func() {
		t.mu.Lock()
		t.stopped = true
		close(t.done)
		stop := t.stop
		t.mu.Unlock()
		if stop != nil {
			stop()
		}
	})
}
