package anki

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// requiredTables are the tables every collection layout has.
var requiredTables = []string{"col", "notes", "cards", "revlog"}

// checkEvery is how many rows a loop reads between context checks.
const checkEvery = 1024

// dsn returns a read-only, immutable SQLite URI for the database file p.
// Characters SQLite URIs give a meaning to are percent-encoded.
func dsn(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	p = filepath.ToSlash(p)
	if runtime.GOOS == "windows" && !strings.HasPrefix(p, "/") {
		p = "/" + p // file:/C:/dir/collection.anki2
	}
	var b strings.Builder
	b.WriteString("file:")
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' || c == '?' || c == '#' || c == '&' || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteString("?mode=ro&immutable=1&_pragma=trusted_schema(0)&_pragma=query_only(1)")
	return b.String()
}

// Collections of schema 15 and later declare columns and indexes with the
// "unicase" collation that Anki registers; SQLite cannot read those tables
// without it. It is registered on a driver of this package's own, not on the
// process-wide "sqlite" driver, so nothing else sees it.
var (
	driverOnce sync.Once
	ankiDriver *sqlite.Driver
)

// collectionDriver returns the driver collections are opened with.
func collectionDriver() *sqlite.Driver {
	driverOnce.Do(func() {
		d := &sqlite.Driver{}
		_ = d.RegisterCollationUtf8("unicase", unicaseCompare)
		ankiDriver = d
	})
	return ankiDriver
}

// unicaseCompare orders strings ignoring case, like Anki's collation of the
// same name. Reading only scans these indexes, so the order need not match
// Anki's exactly, only be consistent.
func unicaseCompare(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// connector opens connections to one database file with collectionDriver.
type connector struct{ dsn string }

// Connect implements driver.Connector.
func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return collectionDriver().Open(c.dsn)
}

// Driver implements driver.Connector.
func (c connector) Driver() driver.Driver { return collectionDriver() }

// reader holds what readDB needs while it reads one database.
type reader struct {
	ctx  context.Context
	name string // the file named in errors
	db   *sql.DB
	lim  Limits
}

// damaged wraps a database error; a cancelled context is reported as such.
func (r *reader) damaged(err error) error {
	if cerr := r.ctx.Err(); cerr != nil {
		return fmt.Errorf("%s: %w", r.name, cerr)
	}
	return fmt.Errorf("%s: damaged collection: %v", r.name, err)
}

// readDB reads the collection in the SQLite database at dbPath; name is the
// file the caller asked for, used in errors.
func readDB(ctx context.Context, name, dbPath string, lim Limits) (*Collection, error) {
	db := sql.OpenDB(connector{dsn: dsn(dbPath)})
	defer db.Close()
	db.SetMaxOpenConns(1)
	r := &reader{ctx: ctx, name: name, db: db, lim: lim}

	tables, err := r.tables()
	if err != nil {
		return nil, err
	}
	for _, t := range requiredTables {
		if !tables[t] {
			return nil, fmt.Errorf("%s: missing table %s", name, t)
		}
	}
	col := &Collection{}
	var decksJSON, modelsJSON string
	row := db.QueryRowContext(ctx, `SELECT CAST(ifnull(ver, 0) AS INTEGER) FROM col LIMIT 1`)
	if err := row.Scan(&col.Schema); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%s: table col is empty", name)
		}
		return nil, r.damaged(err)
	}
	legacyDecks, legacyModels := !tables["decks"], !tables["notetypes"]
	if legacyDecks || legacyModels {
		row := db.QueryRowContext(ctx, `SELECT CAST(ifnull(decks, '') AS TEXT), CAST(ifnull(models, '') AS TEXT) FROM col LIMIT 1`)
		if err := row.Scan(&decksJSON, &modelsJSON); err != nil {
			return nil, r.damaged(err)
		}
	}

	var decks map[int64]string
	if legacyDecks {
		decks, err = parseLegacyDecks(decksJSON)
		if err != nil {
			return nil, fmt.Errorf("%s: col.decks: %v", name, err)
		}
	} else if decks, err = r.tableDecks(); err != nil {
		return nil, err
	}
	var types map[int64]*noteType
	if legacyModels {
		types, err = parseLegacyModels(modelsJSON)
		if err != nil {
			return nil, fmt.Errorf("%s: col.models: %v", name, err)
		}
	} else if types, err = r.tableNoteTypes(tables); err != nil {
		return nil, err
	}

	var notes int64
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM notes`).Scan(&notes); err != nil {
		return nil, r.damaged(err)
	}
	if notes > int64(lim.MaxNotes) {
		return nil, fmt.Errorf("%s: %d notes, more than the limit of %d", name, notes, lim.MaxNotes)
	}
	if err := r.cards(col, decks, types); err != nil {
		return nil, err
	}
	if err := r.reviews(col); err != nil {
		return nil, err
	}
	return col, nil
}

// tables returns the names of the database's tables (views do not count).
func (r *reader) tables() (map[string]bool, error) {
	rows, err := r.db.QueryContext(r.ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return nil, r.damaged(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, r.damaged(err)
		}
		out[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, r.damaged(err)
	}
	return out, nil
}

// tableDecks reads deck names from the decks table (schema 15 and later),
// where the parts of a name are separated by U+001F.
func (r *reader) tableDecks() (map[int64]string, error) {
	rows, err := r.db.QueryContext(r.ctx, `SELECT CAST(ifnull(id, 0) AS INTEGER), CAST(ifnull(name, '') AS TEXT) FROM decks`)
	if err != nil {
		return nil, r.damaged(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for n := 0; rows.Next(); n++ {
		if n%checkEvery == 0 && r.ctx.Err() != nil {
			return nil, r.damaged(r.ctx.Err())
		}
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, r.damaged(err)
		}
		out[id] = deckName(strings.Split(name, "\x1f"))
	}
	if err := rows.Err(); err != nil {
		return nil, r.damaged(err)
	}
	return out, nil
}

// defaultDeck names cards whose deck is unknown.
const defaultDeck = "Default"

// deckName joins the parts of a deck name with " / ".
func deckName(parts []string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		p = strings.Join(strings.Fields(cleanText(p)), " ")
		if p != "" {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return defaultDeck
	}
	return strings.Join(kept, " / ")
}

// cleanText makes s valid UTF-8.
func cleanText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cards reads every card with its note, in (note id, ord) order, into
// col.Cards. A card whose note is missing is left out, as is a second card
// for the same note and ord.
func (r *reader) cards(col *Collection, decks map[int64]string, types map[int64]*noteType) error {
	rows, err := r.db.QueryContext(r.ctx, `
SELECT CAST(ifnull(c.id, 0) AS INTEGER), CAST(ifnull(c.nid, 0) AS INTEGER),
       CAST(ifnull(c.did, 0) AS INTEGER), CAST(ifnull(c.odid, 0) AS INTEGER),
       CAST(ifnull(c.ord, 0) AS INTEGER), CAST(ifnull(c.queue, 0) AS INTEGER),
       CAST(ifnull(n.guid, '') AS TEXT), CAST(ifnull(n.mid, 0) AS INTEGER),
       CAST(ifnull(n.tags, '') AS TEXT), CAST(ifnull(n.flds, '') AS TEXT)
FROM cards AS c JOIN notes AS n ON n.id = c.nid
ORDER BY c.nid, c.ord, c.id`)
	if err != nil {
		return r.damaged(err)
	}
	defer rows.Close()
	var (
		textBytes int64
		lastNote  int64
		lastOrd   = -1
		fields    []string
		tags      []string
		guid      string
	)
	for n := 0; rows.Next(); n++ {
		if n%checkEvery == 0 && r.ctx.Err() != nil {
			return r.damaged(r.ctx.Err())
		}
		var (
			id, nid, did, odid, mid int64
			ord, queue              int64
			g, tagText, flds        string
		)
		if err := rows.Scan(&id, &nid, &did, &odid, &ord, &queue, &g, &mid, &tagText, &flds); err != nil {
			return r.damaged(err)
		}
		if len(col.Cards) > 0 && nid == lastNote && int(ord) == lastOrd {
			continue // a duplicate (note, ord): Anki would not have made it
		}
		if len(col.Cards) == 0 || nid != lastNote {
			fields = strings.Split(flds, "\x1f")
			tags = strings.Fields(cleanText(tagText))
			guid = cleanText(g)
		}
		lastNote, lastOrd = nid, int(ord)
		if len(col.Cards) >= r.lim.MaxCards {
			return fmt.Errorf("%s: more than %d cards", r.name, r.lim.MaxCards)
		}
		deckID := did
		if odid != 0 {
			deckID = odid // a filtered deck: report the home deck
		}
		deck, ok := decks[deckID]
		if !ok {
			deck = defaultDeck
		}
		front, back := renderCard(types[mid], fields, int(ord))
		textBytes += int64(len(front) + len(back))
		if textBytes > r.lim.MaxUncompressedBytes {
			return fmt.Errorf("%s: card text exceeds %d bytes", r.name, r.lim.MaxUncompressedBytes)
		}
		col.Cards = append(col.Cards, Card{
			AnkiID:    id,
			NoteID:    nid,
			NoteGUID:  guid,
			Ord:       int(ord),
			Deck:      deck,
			Front:     front,
			Back:      back,
			Tags:      slices.Clone(tags),
			Suspended: queue == -1,
			Created:   time.UnixMilli(nid).UTC(),
		})
	}
	if err := rows.Err(); err != nil {
		return r.damaged(err)
	}
	return nil
}

// reviews reads the review log in time order into col.Reviews, counting
// the rows left out in col.Skipped.
func (r *reader) reviews(col *Collection) error {
	known := make(map[int64]struct{}, len(col.Cards))
	for _, c := range col.Cards {
		known[c.AnkiID] = struct{}{}
	}
	rows, err := r.db.QueryContext(r.ctx, `
SELECT CAST(ifnull(id, 0) AS INTEGER), CAST(ifnull(cid, 0) AS INTEGER),
       CAST(ifnull(ease, 0) AS INTEGER), CAST(ifnull(time, 0) AS INTEGER),
       CAST(ifnull(type, 0) AS INTEGER)
FROM revlog ORDER BY id, cid`)
	if err != nil {
		return r.damaged(err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%checkEvery == 0 && r.ctx.Err() != nil {
			return r.damaged(r.ctx.Err())
		}
		var id, cid, ease, ms, kind int64
		if err := rows.Scan(&id, &cid, &ease, &ms, &kind); err != nil {
			return r.damaged(err)
		}
		if _, ok := known[cid]; !ok || ease < 1 || ease > 4 || kind < KindLearn || kind >= KindManual {
			col.Skipped++
			continue
		}
		if len(col.Reviews) >= r.lim.MaxReviews {
			return fmt.Errorf("%s: more than %d reviews", r.name, r.lim.MaxReviews)
		}
		col.Reviews = append(col.Reviews, Review{
			AnkiID:   id,
			CardID:   cid,
			Rating:   int(ease),
			Time:     time.UnixMilli(id).UTC(),
			Duration: clampDuration(ms),
			Kind:     int(kind),
		})
	}
	if err := rows.Err(); err != nil {
		return r.damaged(err)
	}
	return nil
}

// clampDuration turns revlog.time (milliseconds) into a duration in
// [0, 60s].
func clampDuration(ms int64) time.Duration {
	if ms <= 0 {
		return 0
	}
	if ms >= maxReviewDuration.Milliseconds() {
		return maxReviewDuration
	}
	return time.Duration(ms) * time.Millisecond
}
