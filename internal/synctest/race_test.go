//go:build race

package synctest

// raceDetector is true under -race, which makes every event many times
// dearer: the heavy tests shrink as they do under -short.
const raceDetector = true
