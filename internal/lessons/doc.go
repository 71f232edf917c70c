// Package lessons is progress through courses: the events a learner's work
// in the player records (time in a lesson, a lesson completed, a quiz
// answered), the per-lesson state they fold into, and the service the
// player calls, which also turns quiz questions and key points into review
// cards.
//
// Every fold is commutative and idempotent per event, so devices that sync
// their logs in any order end with the same progress: completion is
// "ever completed", time is the sum over distinct events, the position and
// the latest quiz verdict are last-writer-wins by HLC.
package lessons
