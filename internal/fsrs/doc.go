// Package fsrs schedules spaced reviews with FSRS-6, the Free Spaced
// Repetition Scheduler that Anki ships: a memory model with three numbers
// per card (stability, difficulty, retrievability) and 21 weights.
//
// The package is pure: Next maps a schedule, a review time and a rating to
// the next schedule, with no clock, storage or randomness of its own. Fuzz
// (the small random spread of intervals that keeps cards learned together
// from staying together) is drawn from a caller-given seed, so replaying the
// same review log always gives the same schedule on every device.
//
// The formulas follow the published FSRS-6 algorithm and are checked against
// the reference scheduler's own examples in fsrs_test.go. The reference Go
// module (go-fsrs/v4) is not served by this build's module proxy, which is
// why the algorithm is implemented here.
package fsrs
