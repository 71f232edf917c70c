package app

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/inflow-learning/inflow/internal/desktop/autostart"
	"github.com/inflow-learning/inflow/internal/desktop/hotkey"
	"github.com/inflow-learning/inflow/internal/desktop/notifier"
	"github.com/inflow-learning/inflow/internal/desktop/tray"
	"github.com/inflow-learning/inflow/internal/presence"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/remind"
)

// desktopSettingsKey stores DesktopPrefs in the profile.
const desktopSettingsKey = "desktop.settings"

// DesktopPrefs are the person's choices about Inflow's life outside its
// window (reminder settings are stored by presence).
type DesktopPrefs struct {
	CloseToTray    bool   `json:"closeToTray"`
	AutostartAsked bool   `json:"autostartAsked"`
	Shortcut       string `json:"shortcut"`
}

func defaultPrefs() DesktopPrefs {
	return DesktopPrefs{CloseToTray: true, Shortcut: hotkey.DefaultShortcut}
}

// desktop holds the tray, notifications, global shortcut and reminder
// loop of the running app. Each part is optional: a missing bus, display or
// notification service leaves that part off, logged and shown in
// Settings, and the rest works.
type desktop struct {
	core *Core
	log  *slog.Logger
	icon []byte
	exe  string

	mu       sync.Mutex
	prof     *profile.Profile
	tray     *tray.Tray
	trayErr  error
	notif    notifier.Notifier
	notifErr error
	hk       *hotkey.Hotkey
	hkErr    error
	pres     *presence.Presence
	cancel   context.CancelFunc
}

func newDesktop(core *Core, icon []byte, log *slog.Logger) *desktop {
	exe, _ := os.Executable()
	return &desktop{core: core, icon: icon, log: log, exe: exe}
}

// startTray shows the tray icon early (before the profile opens) so the
// app is reachable at once.
func (d *desktop) startTray() {
	t, err := tray.Start(tray.Options{
		Icon: d.icon, Title: "Inflow", Tooltip: "Inflow: learning in the flow of work", Logger: d.log,
		Handlers: tray.Handlers{
			QuickSearch: func() { d.core.quickSearch("") },
			ReviewNow:   d.core.startReview,
			Continue:    d.core.continueCourse,
			Open:        func() { d.core.launch(Launch{}) },
			Quit:        d.core.quit,
		},
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	d.tray, d.trayErr = t, err
	if err != nil {
		d.log.Warn("tray not available; closing the window quits", "err", err)
	}
}

// start brings up notifications, the shortcut and reminders once the
// profile is open.
func (d *desktop) start(prof *profile.Profile) {
	n, nerr := notifier.New(notifier.Options{
		AppName: "Inflow", Icon: "inflow", Logger: d.log,
		OnAction: func(id, key string) { d.action(key) },
	})
	if nerr != nil {
		d.log.Warn("notifications not available; reminders show on the tray icon", "err", nerr)
	}
	d.mu.Lock()
	d.prof, d.notif, d.notifErr = prof, n, nerr
	var ind presence.Indicator
	if d.tray != nil {
		ind = d.tray
	}
	var pn presence.Notifier
	if n != nil {
		pn = notifierAdapter{n}
	}
	d.pres = presence.New(presence.Config{
		Reviews: prof.Reviews, Settings: prof.Settings, Notifier: pn, Indicator: ind,
		OnReview: d.core.startReview, Logger: d.log,
		Courses: startedCourses(prof), OnCourse: d.core.openCourse,
	})
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	pres := d.pres
	d.mu.Unlock()
	d.applyShortcut(d.prefs().Shortcut)
	d.coursesChanged()
	go pres.Run(ctx)
}

// startedCourses lists the started, unfinished courses for the reminder
// planner's nudge about a course left untouched.
func startedCourses(prof *profile.Profile) func(ctx context.Context) ([]remind.Course, error) {
	return func(ctx context.Context) ([]remind.Course, error) {
		all, err := prof.Lessons.Started(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]remind.Course, len(all))
		for i, s := range all {
			out[i] = remind.Course{ID: s.CourseID, Title: s.Title, LastTouched: s.Touched}
		}
		return out, nil
	}
}

// coursesChanged shows the most recent unfinished course in the tray's
// Continue entry and lets the reminder loop look again.
func (d *desktop) coursesChanged() {
	d.mu.Lock()
	t, p := d.tray, d.pres
	d.mu.Unlock()
	title := ""
	if st := d.core.lastStarted(); st != nil {
		title = st.Title
	}
	t.SetContinue(title) // a nil tray ignores it
	if p != nil {
		p.Poke()
	}
}

// action handles a notification button.
func (d *desktop) action(key string) {
	d.mu.Lock()
	p := d.pres
	d.mu.Unlock()
	if p != nil {
		if err := p.Action(context.Background(), key); err != nil {
			d.log.Warn("notification action", "key", key, "err", err)
		}
	}
}

// setSync shows a line about sync in the tray menu; "" hides it.
func (d *desktop) setSync(text string) {
	d.mu.Lock()
	t := d.tray
	d.mu.Unlock()
	t.SetSync(text) // a nil tray (none on this desktop) ignores it
}

// changed tells the reminder loop and tray that reviews changed.
func (d *desktop) changed() {
	d.mu.Lock()
	p := d.pres
	d.mu.Unlock()
	if p != nil {
		p.Poke()
	}
}

func (d *desktop) prefs() DesktopPrefs {
	p := defaultPrefs()
	d.mu.Lock()
	prof := d.prof
	d.mu.Unlock()
	if prof != nil {
		prof.Store.Setting(context.Background(), desktopSettingsKey, &p)
	}
	return p
}

// applyShortcut (re)grabs the global shortcut; "" turns it off.
func (d *desktop) applyShortcut(s string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.hk != nil {
		d.hk.Close()
		d.hk = nil
	}
	d.hkErr = nil
	if strings.TrimSpace(s) == "" {
		return nil
	}
	sc, err := hotkey.Parse(s)
	if err != nil {
		d.hkErr = err
		return err
	}
	d.hk, d.hkErr = hotkey.Register(sc, func() { d.core.quickSearch("") })
	if d.hkErr != nil {
		d.log.Warn("global shortcut not available", "shortcut", sc.Text, "err", d.hkErr)
	}
	return nil
}

// closeToTray reports whether closing the window should hide it.
func (d *desktop) closeToTray() bool {
	d.mu.Lock()
	hasTray := d.tray != nil
	d.mu.Unlock()
	return hasTray && d.prefs().CloseToTray
}

func (d *desktop) autostartEntry() autostart.Entry {
	return autostart.Entry{Name: "Inflow", Exec: d.exe, Args: []string{"--background"}}
}

// stop shuts everything down; safe before start.
func (d *desktop) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel != nil {
		d.cancel()
	}
	if d.hk != nil {
		d.hk.Close()
	}
	if d.notif != nil {
		d.notif.Close()
	}
	if d.tray != nil {
		d.tray.Stop()
	}
}

// notifierAdapter fits a platform notifier to presence.Notifier.
type notifierAdapter struct{ n notifier.Notifier }

func (a notifierAdapter) Notify(ctx context.Context, title, body string, actions [][2]string) error {
	var acts []notifier.Action
	for _, x := range actions {
		acts = append(acts, notifier.Action{Key: x[0], Label: x[1]})
	}
	_, err := a.n.Send(ctx, notifier.Notification{Title: title, Body: body, Actions: acts})
	return err
}

// presence returns the reminder loop (nil before start).
func (d *desktop) presence() *presence.Presence {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pres
}

// prefsStore is where preferences live, once the profile is open.
func (d *desktop) prefsStore() interface {
	Setting(ctx context.Context, key string, v any) (bool, error)
	SetSetting(ctx context.Context, key string, v any) error
} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.prof == nil || d.pres == nil {
		return nil
	}
	return d.prof.Store
}
