//go:build !linux && !freebsd && !netbsd && !openbsd && !dragonfly && !windows && !darwin

package notifier

import (
	"fmt"
	"runtime"
)

// New returns the platform's notifier: freedesktop notifications over D-Bus
// on Linux and the BSDs, toasts on Windows, beeep on macOS. On this system
// there is none, so it returns an error wrapping ErrUnavailable.
func New(o Options) (Notifier, error) {
	return nil, fmt.Errorf("%w: no notification support on %s", ErrUnavailable, runtime.GOOS)
}
