//go:build darwin && cgo

package tray

import "fyne.io/systray"

type darwinBackend struct{ menuOps }

func newBackend() backend { return darwinBackend{} }

func (darwinBackend) check() error { return nil }

// start uses the external loop: Wails runs NSApplication, and systray's start
// adds the status item to it, on the calling thread (AppKit wants the main
// one). Its end stops NSApp's loop, so call Stop only when the app shuts down.
func (darwinBackend) start(_ Options, ready, exit func()) (func(), error) {
	begin, end := systray.RunWithExternalLoop(ready, exit)
	begin()
	return end, nil
}

func (darwinBackend) setIcon(png []byte) { systray.SetIcon(png) }

// setText shows the badge beside the icon in the menu bar and adds it to the
// tooltip; the title itself is not shown, since macOS would print it beside
// the icon at all times.
func (darwinBackend) setText(_, tooltip, badge string) {
	systray.SetTitle(badge)
	systray.SetTooltip(decorate(tooltip, badge))
}

func escapeLabel(s string) string { return s }
