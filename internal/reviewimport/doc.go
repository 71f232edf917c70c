// Package reviewimport brings review histories from elsewhere into Inflow
// and takes them out again: Anki collections (notes become cards, the
// review log is kept and replayed into FSRS state) and the FSRS community
// review-log CSV.
//
// Imported cards and answers get ids derived from what they came from, so
// importing the same file twice, or on two devices that later sync, stores
// everything once. Answers keep their original times and are stamped with
// an HLC at that time, so they replay in the order they happened.
package reviewimport
