package app

import (
	"context"
	"os"
	"strings"

	"github.com/inflow-learning/inflow/internal/desktop/autostart"
	"github.com/inflow-learning/inflow/internal/desktop/hotkey"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/remind"
)

// DesktopService is Settings → Desktop and Reminders, and what is running.
type DesktopService struct{ core *Core }

// NewDesktopService returns the service bound to the frontend.
func NewDesktopService(core *Core) *DesktopService { return &DesktopService{core: core} }

// DesktopStatus says which desktop parts run and why not.
type DesktopStatus struct {
	TrayAvailable          bool   `json:"trayAvailable"`
	NotificationsAvailable bool   `json:"notificationsAvailable"`
	NotificationsError     string `json:"notificationsError"`
	Shortcut               string `json:"shortcut"`
	ShortcutActive         bool   `json:"shortcutActive"`
	ShortcutError          string `json:"shortcutError"`
	Wayland                bool   `json:"wayland"`
	Autostart              bool   `json:"autostart"`
	AutostartAsked         bool   `json:"autostartAsked"`
	CloseToTray            bool   `json:"closeToTray"`
}

// DesktopSettings are the editable choices.
type DesktopSettings struct {
	CloseToTray bool            `json:"closeToTray"`
	Autostart   bool            `json:"autostart"`
	Shortcut    string          `json:"shortcut"`
	Reminders   remind.Settings `json:"reminders"`
}

func (s *DesktopService) desk() (*desktop, error) {
	d := s.core.getDesktop()
	if d == nil || d.prefsStore() == nil {
		return nil, inflow.Errorf(inflow.ECONFLICT, "the library is still opening")
	}
	return d, nil
}

// Status reports what runs.
func (s *DesktopService) Status() (*DesktopStatus, error) {
	d, err := s.desk()
	if err != nil {
		return nil, wrap(err)
	}
	return d.status(), nil
}

// Settings returns the editable choices.
func (s *DesktopService) Settings() (*DesktopSettings, error) {
	d, err := s.desk()
	if err != nil {
		return nil, wrap(err)
	}
	p := d.prefs()
	on, _ := autostart.Enabled(d.autostartEntry())
	rs, err := d.presence().Settings(bg())
	if err != nil {
		return nil, wrap(err)
	}
	return &DesktopSettings{CloseToTray: p.CloseToTray, Autostart: on, Shortcut: p.Shortcut, Reminders: rs}, nil
}

// SaveSettings validates everything first, then applies it: the shortcut
// is grabbed again, the autostart entry written or removed, reminders
// re-planned.
func (s *DesktopService) SaveSettings(in DesktopSettings) (*DesktopStatus, error) {
	d, err := s.desk()
	if err != nil {
		return nil, wrap(err)
	}
	in.Shortcut = strings.TrimSpace(in.Shortcut)
	if in.Shortcut != "" {
		sc, err := hotkey.Parse(in.Shortcut)
		if err != nil {
			return nil, wrap(inflow.Errorf(inflow.EINVALID, "%v", err))
		}
		in.Shortcut = sc.Text
	}
	if err := in.Reminders.Validate(); err != nil {
		return nil, wrap(inflow.Errorf(inflow.EINVALID, "%v", err))
	}
	if err := d.presence().SaveSettings(bg(), in.Reminders); err != nil {
		return nil, wrap(err)
	}
	p := d.prefs()
	p.CloseToTray, p.Shortcut = in.CloseToTray, in.Shortcut
	if in.Autostart {
		p.AutostartAsked = true // chosen in Settings: no need to ask
	}
	if err := d.savePrefs(p); err != nil {
		return nil, wrap(err)
	}
	if err := d.setAutostart(in.Autostart); err != nil {
		return nil, wrap(err)
	}
	d.applyShortcut(in.Shortcut)
	s.core.emit(EventDesktopChanged, nil)
	return d.status(), nil
}

// AnswerAutostart records the answer to "Start Inflow when you log in?".
func (s *DesktopService) AnswerAutostart(enable bool) (*DesktopStatus, error) {
	d, err := s.desk()
	if err != nil {
		return nil, wrap(err)
	}
	if err := d.setAutostart(enable); err != nil {
		return nil, wrap(err)
	}
	p := d.prefs()
	p.AutostartAsked = true
	if err := d.savePrefs(p); err != nil {
		return nil, wrap(err)
	}
	s.core.emit(EventDesktopChanged, nil)
	return d.status(), nil
}

// Snooze silences reminders for an hour.
func (s *DesktopService) Snooze() error {
	d, err := s.desk()
	if err != nil {
		return wrap(err)
	}
	return wrap(d.presence().Action(bg(), "snooze"))
}

func (d *desktop) status() *DesktopStatus {
	p := d.prefs()
	on, _ := autostart.Enabled(d.autostartEntry())
	d.mu.Lock()
	defer d.mu.Unlock()
	st := &DesktopStatus{
		TrayAvailable: d.tray != nil, NotificationsAvailable: d.notif != nil,
		Shortcut: p.Shortcut, ShortcutActive: d.hk != nil,
		Wayland:   os.Getenv("WAYLAND_DISPLAY") != "" || os.Getenv("XDG_SESSION_TYPE") == "wayland",
		Autostart: on, AutostartAsked: p.AutostartAsked, CloseToTray: p.CloseToTray,
	}
	if d.notifErr != nil {
		st.NotificationsError = d.notifErr.Error()
	}
	if d.hkErr != nil {
		st.ShortcutError = d.hkErr.Error()
	}
	return st
}

func (d *desktop) setAutostart(on bool) error {
	e := d.autostartEntry()
	if on {
		return autostart.Enable(e)
	}
	return autostart.Disable(e)
}

func (d *desktop) savePrefs(p DesktopPrefs) error {
	st := d.prefsStore()
	if st == nil {
		return inflow.Errorf(inflow.ECONFLICT, "the library is still opening")
	}
	return st.SetSetting(context.Background(), desktopSettingsKey, p)
}
