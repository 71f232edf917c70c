//go:build !linux

package app

// handOff is done by Wails' own single-instance lock on this platform.
func handOff(id string, l Launch) bool { return false }
