// Package review is spaced review: cards, their review log, and the FSRS
// schedule derived from it.
//
// Everything a person does to a card is an event (see events.go): created,
// edited, suspended, resumed, deleted, answered, an answer undone. A card's
// content and suspension are last-writer-wins registers over those events;
// its schedule is a pure function of its answers: Replay runs them, in HLC
// order, through the FSRS scheduler. So two devices that hold the same
// events hold the same cards with the same due dates, whatever order the
// events reached them in. The sync issue relies on this and so do the
// property tests here.
//
// The package holds no adapters: a Store (badgerstore implements it, and
// reviewtest is its conformance suite) keeps cards and answers, and a
// Recorder (the library) stamps and stores events. Service puts them
// together for the app and the CLI.
package review
