package reviewimport

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/anki"
	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// IsAnki reports whether path looks like an Anki package or collection:
// by extension, or for a file named collection.* by its SQLite header.
func IsAnki(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".apkg", ".colpkg", ".anki2", ".anki21", ".anki21b":
		return true
	}
	if !strings.HasPrefix(strings.ToLower(filepath.Base(path)), "collection") {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	return string(head[:n]) == "SQLite format 3\x00"
}

// ImportAnkiFile reads an Anki package or collection and imports it.
func ImportAnkiFile(ctx context.Context, rec Recorder, cards Cards, path string) (*Summary, error) {
	col, err := anki.ReadFile(ctx, path, anki.DefaultLimits())
	if err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%v", err)
	}
	return ImportAnki(ctx, rec, cards, col)
}

// ImportAnki turns an Anki collection into cards and answers: each Anki
// card becomes a card with the same deck, front and back (as plain text),
// suspended if it was; each answer in its review log becomes an answer at
// the same time with the same rating, so FSRS replays the whole history.
// It is all or nothing per batch of events, and re-importing stores
// nothing twice.
func ImportAnki(ctx context.Context, rec Recorder, cards Cards, col *anki.Collection) (*Summary, error) {
	sum := &Summary{Skipped: col.Skipped}
	if col.Skipped > 0 {
		sum.Notes = append(sum.Notes, fmt.Sprintf("%d review-log rows were not answers (reschedules, cram) and were left out", col.Skipped))
	}
	ids := map[int64]string{}
	decks := map[string]bool{}
	var evs []*inflow.Event
	tooLong := 0
	for _, c := range col.Cards {
		content := review.Content{
			Deck: c.Deck, Prompt: c.Front, Answer: c.Back,
			Source: review.Source{Kind: review.SourceAnki, Title: c.Deck},
		}
		if strings.TrimSpace(content.Answer) == "" {
			content.Answer = "(no answer on the Anki card)"
		}
		if utf8.RuneCountInString(content.Prompt) > review.MaxPromptLen || utf8.RuneCountInString(content.Answer) > review.MaxAnswerLen {
			tooLong++
			continue
		}
		if err := content.Normalize(); err != nil {
			sum.Skipped++
			continue
		}
		id := fmt.Sprintf("anki/%s/%d", hashID(c.NoteGUID), c.Ord)
		ids[c.AnkiID] = id
		decks[content.Deck] = true
		there, err := exists(ctx, cards, id)
		if err != nil {
			return nil, err
		}
		if !there {
			sum.NewCards++
		}
		evs = append(evs, stamped(review.EventCardCreated, eventID(c.Created, "anki-card", id), id, c.Created, content))
		if c.Suspended {
			evs = append(evs, stamped(review.EventCardSuspended, eventID(c.Created, "anki-suspend", id), id, c.Created.Add(time.Millisecond), nil))
		}
	}
	if tooLong > 0 {
		sum.Skipped += tooLong
		sum.Notes = append(sum.Notes, fmt.Sprintf("%d cards were longer than Inflow allows and were left out", tooLong))
	}
	sum.Cards = len(ids)
	for _, r := range col.Reviews {
		id, ok := ids[r.CardID]
		if !ok || !fsrs.Rating(r.Rating).Valid() {
			sum.Skipped++
			continue
		}
		data := review.AnswerData{Rating: fsrs.Rating(r.Rating), DurationMs: r.Duration.Milliseconds()}
		evs = append(evs, stamped(review.EventAnswered, eventID(r.Time, "anki-answer", id, fmt.Sprint(r.AnkiID)), id, r.Time, data))
		sum.Answers++
	}
	for d := range decks {
		sum.Decks = append(sum.Decks, d)
	}
	slices.Sort(sum.Decks)
	added, err := rec.RecordMany(ctx, evs)
	if err != nil {
		return nil, err
	}
	sum.Duplicates = len(evs) - added
	return sum, nil
}

// FileSummary is the result of importing one review-history file.
type FileSummary struct {
	Path string `json:"path"`
	*Summary
}

// SplitAnki separates the Anki files among paths from the rest.
func SplitAnki(paths []string) (ankiPaths, rest []string) {
	for _, p := range paths {
		if IsAnki(p) {
			ankiPaths = append(ankiPaths, p)
		} else {
			rest = append(rest, p)
		}
	}
	return ankiPaths, rest
}
