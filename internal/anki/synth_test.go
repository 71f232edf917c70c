package anki

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Synthetic collections cover what the corpus lacks: cloze notes, nested
// and filtered decks, suspended cards, a type-in-the-answer template,
// unknown note types and decks, and every kind of revlog row that must be
// skipped. The same content is written in both layouts.

// synthModel is a note type of the synthetic collections.
type synthModel struct {
	id     int64
	name   string
	cloze  bool
	fields []string
	tmpls  [][2]string // qfmt, afmt
}

var synthModels = []synthModel{
	{100, "Basic (and reversed card)", false, []string{"Front", "Back"}, [][2]string{
		{"{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"},
		{"{{Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"},
	}},
	{200, "Cloze", true, []string{"Text", "Extra"}, [][2]string{
		{"{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Extra}}"},
	}},
	{300, "Basic (type in the answer)", false, []string{"Front", "Back"}, [][2]string{
		{"{{Front}}\n\n{{type:Back}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"},
	}},
}

// synthDecks maps deck ids to name parts.
var synthDecks = map[int64][]string{
	1:  {"Default"},
	10: {"Languages", "German", "Nouns"},
	20: {"Filtered Deck 1"},
}

var synthNotes = []struct {
	id        int64
	guid      string
	mid       int64
	tags      string
	flds      []string
	cardNotes string
}{
	{1000, "g-basic", 100, " animal  german ", []string{"<b>Dog</b>", "Hund&nbsp;[sound:hund.mp3]"}, ""},
	{2000, "g-cloze", 200, "", []string{"{{c1::Berlin}} is the capital of {{c2::Germany::country}}.", "<div>Since 1990</div>"}, ""},
	{3000, "g-type", 300, "", []string{"Spell 'cat'", "cat"}, ""},
	{4000, "g-unknown", 999, "", []string{"A", "", "B", "C"}, ""},
}

var synthCards = []struct{ id, nid, did, odid, ord, queue int64 }{
	{11, 1000, 10, 0, 0, 0},
	{12, 1000, 20, 10, 1, -1}, // suspended, in a filtered deck, home deck 10
	{22, 2000, 1, 0, 1, 2},
	{21, 2000, 1, 0, 0, 1},
	{23, 2000, 1, 0, 1, 0}, // a second card for (2000, 1): dropped
	{31, 3000, 999, 0, 0, 0},
	{41, 4000, 1, 0, 0, 0},
	{51, 5000, 1, 0, 0, 0}, // its note is missing: dropped
}

// base is a revlog id: 2020-09-13T12:26:40Z.
const base = 1_600_000_000_000

var synthRevlog = []struct{ id, cid, ease, ms, kind int64 }{
	{base + 9000, 41, 3, 800, 3},     // filtered deck with rescheduling: kept
	{base + 1000, 11, 3, 5000, 0},    // kept
	{base + 2000, 11, 0, 0, 1},       // ease 0 (rescheduled): skipped
	{base + 3000, 12, 4, 120_000, 1}, // kept, duration clamped to 60s
	{base + 4000, 21, 2, -5, 4},      // manual: skipped
	{base + 5000, 51, 3, 100, 1},     // unknown card: skipped
	{base + 6000, 22, 1, 0, 2},       // kept
	{base + 7000, 23, 3, 100, 1},     // dropped duplicate card: skipped
	{base + 8000, 31, 5, 100, 1},     // ease 5: skipped
}

// openWritable opens a new database file for writing with the driver that
// knows the unicase collation.
func openWritable(t testing.TB, path string) *sql.DB {
	t.Helper()
	db := sql.OpenDB(connector{dsn: "file:" + filepath.ToSlash(path)})
	t.Cleanup(func() { db.Close() })
	return db
}

// exec runs statements, failing the test on error.
func exec(t testing.TB, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

const coreSchema = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
`

// The tables of schema 15+, as Anki creates them (unicase collation
// included, which the reader must be able to handle).
const tableSchema = `
CREATE TABLE decks (id integer primary key not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE TABLE notetypes (id integer not null primary key, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE TABLE fields (ntid integer not null, ord integer not null, name text not null collate unicase,
  config blob not null, primary key (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer not null, ord integer not null, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null,
  primary key (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE TABLE tags (tag text not null primary key collate unicase, usn integer not null) without rowid;
`

// pbVarint and pbBytes encode one protobuf field.
func pbVarint(num int, v uint64) []byte {
	b := appendVarint(nil, uint64(num)<<3|wireVarint)
	return appendVarint(b, v)
}

func pbBytes(num int, data string) []byte {
	b := appendVarint(nil, uint64(num)<<3|wireBytes)
	b = appendVarint(b, uint64(len(data)))
	return append(b, data...)
}

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// writeSynth writes the synthetic collection to path, in the legacy layout
// (schema 11) or the table layout (schema 18).
func writeSynth(t testing.TB, path string, tables bool) {
	t.Helper()
	db := openWritable(t, path)
	exec(t, db, "PRAGMA page_size = 512") // small files make small fuzz seeds
	exec(t, db, coreSchema)
	ver, models, decks := 11, "", ""
	if tables {
		ver = 18
		exec(t, db, tableSchema)
		for id, parts := range synthDecks {
			exec(t, db, `INSERT INTO decks VALUES (?, ?, 0, 0, X'', X'')`, id, strings.Join(parts, "\x1f"))
		}
		for _, m := range synthModels {
			var config []byte
			if m.cloze {
				config = pbVarint(1, 1)
			}
			config = append(config, pbBytes(3, ".card { color: black }")...)
			exec(t, db, `INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)`, m.id, m.name, config)
			for i, f := range m.fields {
				exec(t, db, `INSERT INTO fields VALUES (?, ?, ?, X'')`, m.id, i, f)
			}
			for i, tm := range m.tmpls {
				config := append(pbBytes(1, tm[0]), pbBytes(2, tm[1])...)
				config = append(config, pbVarint(5, 42)...) // a field the reader skips
				exec(t, db, `INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)`, m.id, i, "Card "+string(rune('1'+i)), config)
			}
		}
	} else {
		dm := map[string]any{}
		for id, parts := range synthDecks {
			dm[jsonID(id)] = map[string]any{"id": id, "name": strings.Join(parts, "::"), "dyn": 0}
		}
		mm := map[string]any{}
		for _, m := range synthModels {
			var flds, tmpls []map[string]any
			for i, f := range m.fields {
				flds = append(flds, map[string]any{"name": f, "ord": i})
			}
			for i, tm := range m.tmpls {
				tmpls = append(tmpls, map[string]any{"name": "Card", "ord": i, "qfmt": tm[0], "afmt": tm[1], "did": nil})
			}
			typ := 0
			if m.cloze {
				typ = 1
			}
			mm[jsonID(m.id)] = map[string]any{"id": jsonID(m.id), "name": m.name, "type": typ, "flds": flds, "tmpls": tmpls}
		}
		decks, models = mustJSON(t, dm), mustJSON(t, mm)
	}
	exec(t, db, `INSERT INTO col VALUES (1, 0, 0, 0, ?, 0, 0, 0, '{}', ?, ?, '{}', '{}')`, ver, models, decks)
	for _, n := range synthNotes {
		exec(t, db, `INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')`, n.id, n.guid, n.mid, n.tags, strings.Join(n.flds, "\x1f"))
	}
	for _, c := range synthCards {
		exec(t, db, `INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, ?, 0, '')`, c.id, c.nid, c.did, c.ord, c.queue, c.odid)
	}
	for _, r := range synthRevlog {
		exec(t, db, `INSERT INTO revlog VALUES (?, ?, 0, ?, 0, 0, 0, ?, ?)`, r.id, r.cid, r.ease, r.ms, r.kind)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// jsonID is how the legacy JSON keys ids.
func jsonID(id int64) string { return strconv.FormatInt(id, 10) }

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSynthetic checks every rendering and review rule on the synthetic
// collection, in both layouts.
func TestSynthetic(t *testing.T) {
	want := []Card{
		{AnkiID: 11, NoteID: 1000, NoteGUID: "g-basic", Ord: 0, Deck: "Languages / German / Nouns",
			Front: "Dog", Back: "Hund", Tags: []string{"animal", "german"}},
		{AnkiID: 12, NoteID: 1000, NoteGUID: "g-basic", Ord: 1, Deck: "Languages / German / Nouns",
			Front: "Hund", Back: "Dog", Tags: []string{"animal", "german"}, Suspended: true},
		{AnkiID: 21, NoteID: 2000, NoteGUID: "g-cloze", Ord: 0, Deck: "Default",
			Front: "[...] is the capital of Germany.", Back: "Berlin is the capital of Germany.\n\nSince 1990"},
		{AnkiID: 22, NoteID: 2000, NoteGUID: "g-cloze", Ord: 1, Deck: "Default",
			Front: "Berlin is the capital of [country].", Back: "Berlin is the capital of Germany.\n\nSince 1990"},
		{AnkiID: 31, NoteID: 3000, NoteGUID: "g-type", Ord: 0, Deck: "Default",
			Front: "Spell 'cat'", Back: "cat"},
		{AnkiID: 41, NoteID: 4000, NoteGUID: "g-unknown", Ord: 0, Deck: "Default",
			Front: "A", Back: "B\n\nC"},
	}
	wantReviews := []Review{
		{AnkiID: base + 1000, CardID: 11, Rating: 3, Duration: 5 * time.Second, Kind: KindLearn},
		{AnkiID: base + 3000, CardID: 12, Rating: 4, Duration: 60 * time.Second, Kind: KindReview},
		{AnkiID: base + 6000, CardID: 22, Rating: 1, Duration: 0, Kind: KindRelearn},
		{AnkiID: base + 9000, CardID: 41, Rating: 3, Duration: 800 * time.Millisecond, Kind: KindFiltered},
	}
	for i := range wantReviews {
		wantReviews[i].Time = time.UnixMilli(wantReviews[i].AnkiID).UTC()
	}
	for _, tables := range []bool{false, true} {
		name, schema := "legacy", 11
		if tables {
			name, schema = "tables", 18
		}
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "collection.anki2")
			writeSynth(t, p, tables)
			c := read(t, p)
			checkInvariants(t, c)
			if c.Schema != schema {
				t.Errorf("Schema = %d, want %d", c.Schema, schema)
			}
			if len(c.Cards) != len(want) {
				t.Fatalf("%d cards, want %d: %+v", len(c.Cards), len(want), c.Cards)
			}
			for i, w := range want {
				g := c.Cards[i]
				w.Created = time.UnixMilli(w.NoteID).UTC()
				if g.AnkiID != w.AnkiID || g.NoteID != w.NoteID || g.NoteGUID != w.NoteGUID || g.Ord != w.Ord ||
					g.Deck != w.Deck || g.Front != w.Front || g.Back != w.Back || !slices.Equal(g.Tags, w.Tags) ||
					g.Suspended != w.Suspended || !g.Created.Equal(w.Created) {
					t.Errorf("card %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
			if !slices.Equal(c.Reviews, wantReviews) {
				t.Errorf("reviews:\n got %+v\nwant %+v", c.Reviews, wantReviews)
			}
			if c.Skipped != 5 {
				t.Errorf("Skipped = %d, want 5", c.Skipped)
			}
		})
	}
}

// TestLimits checks that each count limit is enforced with a clear error,
// and that a limit at the exact count passes.
func TestLimits(t *testing.T) {
	p := filepath.Join(t.TempDir(), "collection.anki2")
	writeSynth(t, p, true)
	for _, tc := range []struct {
		lim  Limits
		want string // "" for success
	}{
		{Limits{MaxNotes: 4}, ""},
		{Limits{MaxNotes: 3}, "4 notes, more than the limit of 3"},
		{Limits{MaxCards: 6}, ""},
		{Limits{MaxCards: 5}, "more than 5 cards"},
		{Limits{MaxReviews: 4}, ""},
		{Limits{MaxReviews: 3}, "more than 3 reviews"},
		{Limits{MaxFileBytes: 1000}, "more than the limit of 1000"},
		{Limits{MaxUncompressedBytes: 100}, "card text exceeds 100 bytes"},
	} {
		_, err := ReadFile(context.Background(), p, tc.lim)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.lim, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), p+": ")):
			t.Errorf("%+v: error %v, want %q after the file name", tc.lim, err, tc.want)
		}
	}
}

// TestCancelled checks that a cancelled context stops ReadFile.
func TestCancelled(t *testing.T) {
	p := filepath.Join(t.TempDir(), "collection.anki2")
	writeSynth(t, p, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadFile(ctx, p, Limits{}); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled: %v", err)
	}
}

// TestOddPath reads a collection whose path has characters SQLite URIs give
// a meaning to, and checks that reading changes nothing on disk.
func TestOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "we?ird #dir%20 & name")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "collection.anki2")
	writeSynth(t, src, true)
	p := filepath.Join(dir, "c?ol#l%41.anki2")
	if err := os.Rename(src, p); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if c := read(t, p); len(c.Cards) != 6 {
		t.Errorf("%d cards, want 6", len(c.Cards))
	}
	after, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("reading changed the collection file")
	}
	assertOnly(t, dir, "c?ol#l%41.anki2") // no -journal, -wal or -shm file
}
