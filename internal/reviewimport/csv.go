package reviewimport

import (
	"context"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
	"github.com/inflow-learning/inflow/internal/revlogcsv"
)

// CSVDeck is the deck of cards an imported review log creates.
const CSVDeck = "Imported reviews"

// ImportCSV imports an FSRS review-log CSV. A card_id that is an Inflow
// card id (one with a slash, as exported, or an existing card) is used as
// it is; any other gets a card "csv/<card_id>". Cards that do not exist
// yet are made, to be given their prompt and answer by hand. Nothing is stored unless the whole file reads cleanly.
func ImportCSV(ctx context.Context, rec Recorder, cards Cards, r io.Reader) (*Summary, error) {
	rows, err := revlogcsv.Read(r, revlogcsv.DefaultLimits())
	if err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%v", err)
	}
	sum := &Summary{}
	ids := map[string]string{} // card_id in the file → card id here
	first := map[string]time.Time{}
	var evs []*inflow.Event
	for _, row := range rows {
		id, ok := ids[row.CardID]
		if !ok {
			if id, err = csvCardID(ctx, cards, row.CardID); err != nil {
				return nil, err
			}
			ids[row.CardID] = id
			first[id] = row.Time
		}
		if row.Time.Before(first[id]) {
			first[id] = row.Time
		}
		data := review.AnswerData{Rating: fsrs.Rating(row.Rating), DurationMs: row.Duration.Milliseconds()}
		evs = append(evs, stamped(review.EventAnswered,
			eventID(row.Time, "csv-answer", id, row.Time.Format(time.RFC3339Nano), fmt.Sprint(row.Rating)), id, row.Time, data))
	}
	sum.Cards, sum.Answers = len(first), len(rows)
	for raw, id := range ids {
		there, err := exists(ctx, cards, id)
		if err != nil {
			return nil, err
		}
		if there {
			continue
		}
		sum.NewCards++
		t := first[id]
		c := review.Content{
			Deck: CSVDeck, Prompt: "Card " + raw + " (from an imported review log)",
			Answer: "Edit this card to give it its answer.", Source: review.Source{Kind: review.SourceCSV, ID: "", Title: raw},
		}
		evs = append(evs, stamped(review.EventCardCreated, eventID(t, "csv-card", id), id, t, c))
	}
	if sum.NewCards > 0 {
		sum.Decks = []string{CSVDeck}
	}
	added, err := rec.RecordMany(ctx, evs)
	if err != nil {
		return nil, err
	}
	sum.Duplicates = len(evs) - added
	return sum, nil
}

// csvCardID maps a card_id of a review log to a card id here.
func csvCardID(ctx context.Context, cards Cards, raw string) (string, error) {
	// An Inflow card id (an exported log, here or from another device)
	// stays itself, so logs move between devices without renaming cards.
	if inflow.ValidID(raw) && (strings.Contains(raw, "/") || mustExist(ctx, cards, raw)) {
		return raw, nil
	}
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return -1
	}, raw)
	if clean != raw || clean == "" || len(clean) > 100 || strings.Contains(clean, "..") {
		clean = hashID(raw)
	}
	return "csv/" + clean, nil
}

func mustExist(ctx context.Context, cards Cards, id string) bool {
	there, _ := exists(ctx, cards, id)
	return there
}

// Answers is the part of the review store an export reads.
type Answers interface {
	AllAnswers(ctx context.Context) iter.Seq2[review.Answer, error]
}

// ExportCSV writes every answer (undone ones left out) in the FSRS
// review-log CSV format, by time, and returns how many it wrote.
func ExportCSV(ctx context.Context, src Answers, w io.Writer) (int, error) {
	var rows []revlogcsv.Row
	for a, err := range src.AllAnswers(ctx) {
		if err != nil {
			return 0, err
		}
		rows = append(rows, revlogcsv.Row{CardID: a.CardID, Rating: int(a.Rating), Time: a.At, Duration: a.Duration})
	}
	slices.SortStableFunc(rows, func(a, b revlogcsv.Row) int { return a.Time.Compare(b.Time) })
	return len(rows), revlogcsv.Write(w, rows)
}
