package tray

import (
	"runtime"
	"strings"

	"fyne.io/systray"
)

type windowsBackend struct{ menuOps }

func newBackend() backend { return windowsBackend{} }

func (windowsBackend) check() error { return nil }

// start runs systray.Run on a goroutine locked to one OS thread: Windows
// delivers a window's messages only to the thread that created it, and
// RunWithExternalLoop creates the window on the caller's thread but reads
// messages on another goroutine's (fyne-io/systray#67).
func (windowsBackend) start(_ Options, ready, exit func()) (func(), error) {
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the loop
		systray.Run(ready, exit)
	}()
	return systray.Quit, nil
}

// setIcon wraps the PNG in an ICO: systray loads the icon with LoadImage,
// which reads ICO files only.
func (windowsBackend) setIcon(png []byte) {
	ico, err := pngToICO(png)
	if err != nil {
		return
	}
	systray.SetIcon(ico)
}

// setText sets the tooltip (Windows has no title), within the 127 characters
// the notification area keeps.
func (windowsBackend) setText(_, tooltip, badge string) {
	systray.SetTooltip(truncate(decorate(tooltip, badge), 120))
}

// escapeLabel keeps ampersands: in a Windows menu "&" marks the access key.
func escapeLabel(s string) string { return strings.ReplaceAll(s, "&", "&&") }
