// Package hotkey grabs a global keyboard shortcut on X11, so Inflow's quick
// search is one keystroke away from any application.
//
// It speaks the X11 protocol directly (github.com/jezek/xgb, pure Go): no
// cgo, nothing happens at package load, and a display that is missing or a
// shortcut another program already holds is an error value, never a
// crash. golang.design/x/hotkey, the usual choice, panics at load without
// a display and crashes when the key is taken, which the headless command
// line in the same binary cannot afford.
//
// Wayland lets no application grab keys. There, and on any desktop, the
// documented way is to bind `inflow --search` to a shortcut in the desktop's
// own settings (see the README).
package hotkey
