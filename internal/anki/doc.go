// Package anki reads Anki collections and packages into plain Go values:
// one Card per Anki card with its prompt and answer as plain text, and the
// review log (revlog) as Reviews, so that inflow can import a learner's
// cards and their history.
//
// # Inputs
//
// ReadFile accepts, detected by content rather than by file name:
//
//   - an .apkg or .colpkg package (a zip file) holding collection.anki21b
//     (a zstd-compressed SQLite database, written by Anki 2.1.50 and later),
//     collection.anki21 or collection.anki2; the newest present is used;
//   - a bare SQLite collection file (collection.anki2, collection.anki21);
//   - a bare zstd-compressed collection (collection.anki21b).
//
// Packed databases are unpacked to a temporary file that is removed before
// ReadFile returns. Databases are opened read-only and immutable, so the
// input is never changed, with modernc.org/sqlite (pure Go) through a
// driver instance of this package's own that knows Anki's "unicase"
// collation, without which newer collections cannot be read.
//
// Both collection layouts are understood: the legacy one (schema 11, where
// deck and note type definitions are JSON in the col table) and the newer
// one (schema 15 and later, with decks, notetypes, fields and templates
// tables, whose config columns are protobuf messages; the few protobuf
// fields needed — the note type kind and the template formats — are decoded
// by a small wire-format reader in this package).
//
// # Front and back
//
// Anki renders a card from HTML templates; this package produces a
// readable approximation instead (see Card.Front and Card.Back):
//
//   - Standard note types: the Front is the fields the card's question
//     template (qfmt) shows, in the order it first shows them, and the Back
//     is the fields the answer template (afmt) shows that are not on the
//     front ({{FrontSide}} is not repeated). So the reversed card of "Basic
//     (and reversed card)", whose qfmt is {{Back}}, gets the fields swapped.
//     A {{type:Field}} in the question is an answer box, not content, and
//     is left out. When the answer template adds no non-empty field, the
//     Back is every other non-empty field. When the note type or the
//     card's template is unknown, or the question shows no non-empty
//     field, the rule is by field order: the Front is the first non-empty
//     field, the Back the remaining non-empty fields. Parts are joined with
//     blank lines.
//   - Cloze note types: for the card with ord N, the Front is the cloze
//     field with cloze N+1 hidden as "[...]", or as its hint in brackets
//     when it has one, and every other cloze shown as its answer; the Back
//     is the cloze field with every cloze shown, followed by any other field
//     the answer template shows (such as Extra). Nested clozes and clozes
//     with several numbers ({{c1,2::...}}) are supported.
//
// For example, the two cards of a Cloze note:
//
//	Text:  {{c1::Berlin}} is the capital of {{c2::Germany::country}}.
//	Extra: Since 1990
//
//	ord 0: Front "[...] is the capital of Germany."
//	       Back  "Berlin is the capital of Germany.\n\nSince 1990"
//	ord 1: Front "Berlin is the capital of [country]."
//	       Back  "Berlin is the capital of Germany.\n\nSince 1990"
//
// Field HTML becomes plain text with PlainText.
//
// # Reviews
//
// Only revlog rows that are real answers become Reviews: rows with an ease
// of 1 to 4 and a type of 0 to 3 (learn, review, relearn, filtered) whose
// card is one of the collection's cards. Manual reschedules (type 4 and
// later), rows with ease 0 (rescheduled or crammed without an answer) and
// rows for unknown cards are counted in Collection.Skipped.
//
// # Untrusted input
//
// Every input is treated as hostile: the file size, the bytes unpacked
// (counted as they are written, not taken from zip headers), the number of
// notes, cards and reviews, and the text produced are bounded by Limits;
// zip entry names are never used as paths and a package with an unsafe
// entry name is refused; errors name the file. ReadFile stops when its
// context is cancelled.
package anki
