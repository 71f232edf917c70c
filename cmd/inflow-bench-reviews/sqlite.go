package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

type sqliteResult struct{ next, answer latency }

// sqliteBench does what Anki does for the same work: cards with a due
// column and an index on (queue, due), a revlog table, an answer as one
// transaction updating the card and inserting the log row, durable
// (synchronous=FULL, WAL).
func sqliteBench(ctx context.Context, c config, evs []*inflow.Event) (*sqliteResult, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(c.dir, "anki-like.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE cards (id TEXT PRIMARY KEY, deck TEXT, queue INTEGER, due INTEGER, ivl INTEGER, stability REAL, difficulty REAL, reps INTEGER)`,
		`CREATE INDEX ix_cards_sched ON cards (queue, due)`,
		`CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid TEXT, ease INTEGER, time INTEGER)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	// Same cards and due times as the Inflow store: replay each card.
	type cardRow struct {
		deck  string
		logs  []review.Answer
		isNew bool
	}
	cards := map[string]*cardRow{}
	var order []string
	for _, ev := range evs {
		switch ev.Type {
		case review.EventCardCreated:
			var ct review.Content
			_ = json.Unmarshal(ev.Data, &ct)
			cards[ev.Subject] = &cardRow{deck: ct.Deck}
			order = append(order, ev.Subject)
		case review.EventAnswered:
			a, _ := review.AnswerOf(ev)
			cards[ev.Subject].logs = append(cards[ev.Subject].logs, a)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	ins, _ := tx.PrepareContext(ctx, `INSERT INTO cards VALUES (?,?,?,?,?,?,?,?)`)
	st := review.DefaultSettings()
	for _, id := range order {
		cr := cards[id]
		s := review.Replay(id, cr.logs, st.Params(cr.deck))
		queue := 2
		if len(cr.logs) == 0 {
			queue = 0
		}
		if _, err := ins.ExecContext(ctx, id, cr.deck, queue, s.Due.Unix(), s.ScheduledDays, s.Stability, s.Difficulty, s.Reps); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	res := &sqliteResult{}
	// The due queue: the next card, and the counts a session shows.
	res.next, err = medianOf(c.runs, c.samples, func(int) error {
		var id string
		if err := db.QueryRowContext(ctx, `SELECT id FROM cards WHERE queue = 2 AND due <= ? ORDER BY due LIMIT 1`, now.Unix()).Scan(&id); err != nil {
			return err
		}
		var n, m int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM cards WHERE queue = 2 AND due <= ?`, now.Unix()).Scan(&n); err != nil {
			return err
		}
		return db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM cards WHERE queue = 0 LIMIT 100000)`).Scan(&m)
	})
	if err != nil {
		return nil, err
	}
	emitLatency("review_next_100k", "sqlite", res.next, c.samples, c.runs)
	i := 0
	res.answer, err = medianOf(c.runs, c.samples, func(int) error {
		i++
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		id := order[(i*7919)%len(order)]
		if _, err := tx.ExecContext(ctx, `UPDATE cards SET due = ?, reps = reps + 1 WHERE id = ?`, time.Now().Add(72*time.Hour).Unix(), id); err != nil {
			tx.Rollback()
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO revlog (cid, ease, time) VALUES (?, 3, 5000)`, id); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	if err != nil {
		return nil, err
	}
	emitLatency("review_answer_durable", "sqlite", res.answer, c.samples, c.runs)
	return res, nil
}
