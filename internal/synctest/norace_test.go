//go:build !race

package synctest

// raceDetector is false without -race.
const raceDetector = false
