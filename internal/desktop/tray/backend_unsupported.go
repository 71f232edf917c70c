//go:build !linux && !windows && !(darwin && cgo)

package tray

import (
	"fmt"
	"runtime"
)

// unsupported is every platform systray cannot serve from this build: other
// operating systems, and macOS without cgo (systray's macOS code is
// Objective-C).
type unsupported struct{}

func newBackend() backend { return unsupported{} }

func (unsupported) check() error {
	if runtime.GOOS == "darwin" {
		return fmt.Errorf("%w: macOS needs a build with cgo", ErrUnsupported)
	}
	return ErrUnsupported
}

func (unsupported) start(Options, func(), func()) (func(), error) { return nil, ErrUnsupported }
func (unsupported) addItem(string) item                           { return nil }
func (unsupported) addSeparator()                                 {}
func (unsupported) setIcon([]byte)                                {}
func (unsupported) setText(string, string, string)                {}
