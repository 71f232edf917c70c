package anki

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Limits bound what a file may make ReadFile read, unpack and allocate. A
// zero or negative field means the DefaultLimits value for that field.
type Limits struct {
	// MaxFileBytes is the largest input file accepted.
	MaxFileBytes int64
	// MaxUncompressedBytes is the largest SQLite database a package may
	// unpack to, counted on the bytes actually written. It also bounds the
	// total size of the Front and Back texts produced.
	MaxUncompressedBytes int64
	// MaxNotes is the largest number of notes a collection may hold.
	MaxNotes int
	// MaxReviews is the largest number of Reviews returned.
	MaxReviews int
	// MaxCards is the largest number of Cards returned.
	MaxCards int
}

// Default limits, used for every Limits field left zero.
const (
	DefaultMaxFileBytes         = 512 << 20
	DefaultMaxUncompressedBytes = 2 << 30
	DefaultMaxNotes             = 1_000_000
	DefaultMaxReviews           = 5_000_000
	DefaultMaxCards             = 5_000_000
)

// DefaultLimits returns the limits used for desktop imports: a 512 MiB
// file, 2 GiB unpacked, a million notes, five million cards and five
// million reviews.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:         DefaultMaxFileBytes,
		MaxUncompressedBytes: DefaultMaxUncompressedBytes,
		MaxNotes:             DefaultMaxNotes,
		MaxReviews:           DefaultMaxReviews,
		MaxCards:             DefaultMaxCards,
	}
}

// withDefaults replaces zero or negative fields with the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxUncompressedBytes <= 0 {
		l.MaxUncompressedBytes = d.MaxUncompressedBytes
	}
	if l.MaxNotes <= 0 {
		l.MaxNotes = d.MaxNotes
	}
	if l.MaxReviews <= 0 {
		l.MaxReviews = d.MaxReviews
	}
	if l.MaxCards <= 0 {
		l.MaxCards = d.MaxCards
	}
	return l
}

// Collection is what ReadFile found in an Anki collection: its cards and
// the answers given to them.
type Collection struct {
	// Schema is the collection's schema version (col.ver): 11 for the
	// legacy layout with JSON deck and note type definitions, 15 to 18 for
	// the layout with decks and notetypes tables.
	Schema int
	// Cards holds one entry per Anki card, ordered by note id, then ord.
	// Cards whose note is missing are left out, as is any second card for
	// the same note and ord (the one with the higher id).
	Cards []Card
	// Reviews is the review log in time order, only rows that are real
	// answers (see the package documentation).
	Reviews []Review
	// Skipped counts revlog rows left out of Reviews: manual reschedules,
	// rows with ease 0 (rescheduled or crammed), rows with an ease outside
	// 1..4 and rows for unknown cards.
	Skipped int
}

// Card is one Anki card: a note seen through one of its note type's
// templates (or, for cloze notes, one of its clozes).
type Card struct {
	// AnkiID is cards.id; revlog rows refer to it.
	AnkiID int64
	// NoteID is notes.id, the note the card was generated from.
	NoteID int64
	// NoteGUID is notes.guid, stable across exports and imports.
	NoteGUID string
	// Ord is the card's template number (0-based); for cloze notes the
	// cloze number minus one.
	Ord int
	// Deck is the full deck name, its "::" parts joined with " / ", or
	// "Default" when the deck is unknown. A card in a filtered deck reports
	// its home deck.
	Deck string
	// Front is the prompt as plain text.
	Front string
	// Back is the answer as plain text.
	Back string
	// Tags are the note's tags.
	Tags []string
	// Suspended reports whether the card is suspended (queue -1).
	Suspended bool
	// Created is when the note was added, from its millisecond id, in UTC.
	Created time.Time
}

// Review is one answer from the review log.
type Review struct {
	// AnkiID is revlog.id, the millisecond timestamp of the answer.
	AnkiID int64
	// CardID is the Card.AnkiID of the card answered.
	CardID int64
	// Rating is the button pressed: 1 Again, 2 Hard, 3 Good, 4 Easy. Rows
	// written by Anki's old v1 scheduler had three learning buttons; they
	// cannot be told apart reliably and are taken as written.
	Rating int
	// Time is when the answer was given, in UTC.
	Time time.Time
	// Duration is the time spent answering, clamped to [0, 60s] as Anki
	// does.
	Duration time.Duration
	// Kind is revlog.type: 0 learn, 1 review, 2 relearn, 3 filtered
	// (cram) deck with rescheduling.
	Kind int
}

// Review kinds: the values of revlog.type. Rows of KindManual (and of any
// later kind, such as 5 for "rescheduled" in recent Anki versions) are not
// answers and never become Reviews.
const (
	KindLearn    = 0
	KindReview   = 1
	KindRelearn  = 2
	KindFiltered = 3
	KindManual   = 4
)

// maxReviewDuration is the longest answer time Anki records.
const maxReviewDuration = 60 * time.Second

// ReadFile reads the Anki collection or package at path (see the package
// documentation for what is accepted) within lim. Errors start with path.
// Any temporary file is removed before ReadFile returns.
func ReadFile(ctx context.Context, path string, lim Limits) (*Collection, error) {
	lim = lim.withDefaults()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > lim.MaxFileBytes {
		return nil, fmt.Errorf("%s: file is %d bytes, more than the limit of %d", path, fi.Size(), lim.MaxFileBytes)
	}
	dbPath, cleanup, err := unpack(ctx, path, f, fi.Size(), lim)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	return readDB(ctx, path, dbPath, lim)
}
