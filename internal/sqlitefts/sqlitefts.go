// Package sqlitefts implements inflow.SearchIndex on SQLite FTS5 (the pure
// Go modernc.org/sqlite driver, in process). It exists as the baseline the
// benchmark (cmd/inflow-bench) compares the bleve index with, so it is
// built the way a developer would reasonably use FTS5, not tuned for one
// corpus:
//
//   - One FTS5 table over title, summary, key points and the body as plain
//     text (render.PlainText, as the bleve index uses), tokenizer unicode61
//     with remove_diacritics 2, prefix indexes for 2 and 3 characters. It is
//     contentless (empty content option, contentless_delete=1), so, like the
//     bleve index, it does not store the text it indexes; an ordinary table
//     keyed by the same rowid keeps what a hit shows: id, title, summary (or
//     the start of the body), kind, topic, language.
//   - A query is split into words; every word must match (FTS5's implicit
//     AND), the last one also as a prefix ("word"*) when it has at least
//     MinPrefixLen characters, like the bleve index. Ranking is bm25() with
//     column weights favouring the title, then the summary and key points;
//     hits in the requested language come first. LIMIT/OFFSET page it.
//   - WAL journal, synchronous=NORMAL, a 16 MiB page cache.
//
// Differences from the bleve index, on purpose: no typo retry, no optional
// stop words, no phrase queries, no filters or facets, and Total is only
// counted when Options.CountTotal is set (otherwise it is the number of hits
// returned), because a plain FTS5 query with ORDER BY ... LIMIT does not
// count its matches.
package sqlitefts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/render"
)

// FileName is the database file Open creates in its directory.
const FileName = "fts.db"

// Search limits, as in the bleve index.
const (
	DefaultLimit = 20
	MaxLimit     = 200
	MaxQueryLen  = 500
	maxTerms     = 32
	excerptLen   = 240
)

// Column weights for bm25(), in the order of the FTS5 table's columns.
const (
	weightTitle     = 10.0
	weightSummary   = 4.0
	weightKeyPoints = 2.0
	weightBody      = 1.0
)

// Options tune an Index. The zero value is what the benchmark uses.
type Options struct {
	// MinPrefixLen is the number of characters the last query word needs
	// to also match as a prefix; 0 means 2, like the bleve index.
	MinPrefixLen int
	// CountTotal makes Search count all matches for Total, with a second
	// query; otherwise Total is the number of hits returned.
	CountTotal bool
}

// Index is an inflow.SearchIndex on an SQLite FTS5 table. It is safe for
// concurrent use.
type Index struct {
	db     *sql.DB
	path   string
	opts   Options
	search *sql.Stmt
	count  *sql.Stmt

	writeMu   sync.Mutex
	closeOnce sync.Once
	closeErr  error
}

var _ inflow.SearchIndex = (*Index)(nil)

const schema = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items(
	rowid   INTEGER PRIMARY KEY,
	id      TEXT NOT NULL UNIQUE,
	title   TEXT NOT NULL,
	snippet TEXT NOT NULL,
	kind    TEXT NOT NULL,
	topic   TEXT NOT NULL,
	lang    TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
	title, summary, keypoints, body,
	content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2',
	prefix='2 3'
);`

// Open opens the index in dir (the database file FileName inside it),
// creating both if missing.
func Open(dir string) (*Index, error) {
	return OpenWith(dir, Options{})
}

// OpenWith is Open with options.
func OpenWith(dir string, opts Options) (*Index, error) {
	if opts.MinPrefixLen <= 0 {
		opts.MinPrefixLen = 2
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open fts index: %w", err)
	}
	path := filepath.Join(dir, FileName)
	dsn := "file:" + filepath.ToSlash(path) +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=cache_size(-16384)&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open fts index %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(2, runtime.GOMAXPROCS(0)))
	db.SetMaxIdleConns(max(2, runtime.GOMAXPROCS(0)))
	db.SetConnMaxIdleTime(0)
	x := &Index{db: db, path: path, opts: opts}
	if _, err := db.Exec(schema); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open fts index %s: %w", path, err)
	}
	x.search, err = db.Prepare(fmt.Sprintf(`
SELECT i.id, i.title, i.snippet, i.kind, i.topic, i.lang, bm25(items_fts, %g, %g, %g, %g) AS score
FROM items_fts JOIN items AS i ON i.rowid = items_fts.rowid
WHERE items_fts MATCH ?1
ORDER BY (i.lang = ?2) DESC, score
LIMIT ?3 OFFSET ?4`, weightTitle, weightSummary, weightKeyPoints, weightBody))
	if err == nil {
		x.count, err = db.Prepare(`SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1`)
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open fts index %s: %w", path, err)
	}
	return x, nil
}

// Path is the database file.
func (x *Index) Path() string { return x.path }

// doc is an item made ready for the tables.
type doc struct {
	it        *inflow.Item
	body      string
	keyPoints string
	snippet   string
}

// Index adds or replaces items, in one transaction. Bodies are turned into
// plain text on all CPUs first, as the bleve index does.
func (x *Index) Index(ctx context.Context, items []*inflow.Item) error {
	docs := prepare(items)
	if len(docs) == 0 {
		return nil
	}
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("index %d items: %w", len(docs), err)
	}
	defer func() { _ = tx.Rollback() }()
	find, err := tx.PrepareContext(ctx, `SELECT rowid FROM items WHERE id = ?`)
	if err != nil {
		return err
	}
	delFTS, err := tx.PrepareContext(ctx, `DELETE FROM items_fts WHERE rowid = ?`)
	if err != nil {
		return err
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE items SET title=?, snippet=?, kind=?, topic=?, lang=? WHERE rowid=?`)
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO items(id, title, snippet, kind, topic, lang) VALUES(?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	insFTS, err := tx.PrepareContext(ctx, `INSERT INTO items_fts(rowid, title, summary, keypoints, body) VALUES(?,?,?,?,?)`)
	if err != nil {
		return err
	}
	for i := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d := &docs[i]
		it := d.it
		var rowid int64
		err := find.QueryRowContext(ctx, it.ID).Scan(&rowid)
		switch {
		case err == nil:
			if _, err := delFTS.ExecContext(ctx, rowid); err != nil {
				return fmt.Errorf("index %s: %w", it.ID, err)
			}
			if _, err := upd.ExecContext(ctx, it.Title, d.snippet, string(it.Kind), it.Topic, it.Language, rowid); err != nil {
				return fmt.Errorf("index %s: %w", it.ID, err)
			}
		case errors.Is(err, sql.ErrNoRows):
			r, err := ins.ExecContext(ctx, it.ID, it.Title, d.snippet, string(it.Kind), it.Topic, it.Language)
			if err != nil {
				return fmt.Errorf("index %s: %w", it.ID, err)
			}
			if rowid, err = r.LastInsertId(); err != nil {
				return err
			}
		default:
			return fmt.Errorf("index %s: %w", it.ID, err)
		}
		if _, err := insFTS.ExecContext(ctx, rowid, it.Title, it.Summary, d.keyPoints, d.body); err != nil {
			return fmt.Errorf("index %s: %w", it.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("index %d items: %w", len(docs), err)
	}
	return nil
}

// prepare renders the items' bodies to plain text on all CPUs, skipping nil
// items and items without an ID.
func prepare(items []*inflow.Item) []doc {
	var valid []*inflow.Item
	for _, it := range items {
		if it != nil && it.ID != "" {
			valid = append(valid, it)
		}
	}
	docs := make([]doc, len(valid))
	workers := min(runtime.GOMAXPROCS(0), len(valid))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(valid); i += workers {
				it := valid[i]
				body := render.PlainText(it.Body)
				d := doc{it: it, body: body, keyPoints: strings.Join(it.KeyPoints, "\n"), snippet: it.Summary}
				if d.snippet == "" {
					d.snippet = excerpt(body, excerptLen)
				}
				docs[i] = d
			}
		})
	}
	wg.Wait()
	return docs
}

// excerpt returns about the first n bytes of s on one line, cut at a space.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n/2 {
		cut = sp
	}
	return s[:cut] + "…"
}

// Delete removes items by ID.
func (x *Index) Delete(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete %d items: %w", len(ids), err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, id := range ids {
		var rowid int64
		err := tx.QueryRowContext(ctx, `SELECT rowid FROM items WHERE id = ?`, id).Scan(&rowid)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("delete %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM items_fts WHERE rowid = ?`, rowid); err != nil {
			return fmt.Errorf("delete %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM items WHERE rowid = ?`, rowid); err != nil {
			return fmt.Errorf("delete %s: %w", id, err)
		}
	}
	return tx.Commit()
}

// MatchQuery turns query text into an FTS5 MATCH expression: each word
// quoted (so nothing in it is FTS5 syntax), all required, the last one also
// as a prefix when it has at least minPrefix characters. Words are runs of
// letters, digits and combining marks; FTS5 tokenizes inside the quotes
// like the indexed text. It returns "" when there is nothing to search.
func MatchQuery(q string, minPrefix int) string {
	if len(q) > MaxQueryLen {
		cut := MaxQueryLen
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	q = strings.ToValidUTF8(q, " ")
	words := strings.FieldsFunc(q, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
	})
	var kept []string
	seen := map[string]bool{}
	for _, w := range words {
		lw := strings.ToLower(w)
		if seen[lw] || !hasLetterOrDigit(w) {
			continue
		}
		seen[lw] = true
		kept = append(kept, w)
		if len(kept) == maxTerms {
			break
		}
	}
	// The last word typed is a prefix even when it repeats an earlier one.
	if n := len(words); n > 0 && hasLetterOrDigit(words[n-1]) && len(kept) > 0 &&
		!strings.EqualFold(kept[len(kept)-1], words[n-1]) && len(kept) < maxTerms {
		kept = append(kept, words[n-1])
	}
	if len(kept) == 0 {
		return ""
	}
	var b strings.Builder
	for i, w := range kept {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(w) // no quotes inside: they are separators above
		b.WriteByte('"')
		if i == len(kept)-1 && utf8.RuneCountInString(w) >= minPrefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func hasLetterOrDigit(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// Search runs a query; see the package documentation for how it is read.
func (x *Index) Search(ctx context.Context, req inflow.SearchRequest) (*inflow.SearchResult, error) {
	start := time.Now()
	match := MatchQuery(req.Query, x.opts.MinPrefixLen)
	res := &inflow.SearchResult{Query: req.Query, Hits: []*inflow.SearchHit{}}
	defer func() { res.TookMs = float64(time.Since(start).Microseconds()) / 1000 }()
	if match == "" {
		return res, nil
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	rows, err := x.search.QueryContext(ctx, match, req.Language, limit, max(req.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Query, err)
	}
	defer rows.Close()
	terms, prefix := snippetTerms(match)
	for rows.Next() {
		h := &inflow.SearchHit{}
		var kind, snippet string
		if err := rows.Scan(&h.ID, &h.Title, &snippet, &kind, &h.Topic, &h.Language, &h.Score); err != nil {
			return nil, fmt.Errorf("search %q: %w", req.Query, err)
		}
		h.Kind = inflow.Kind(kind)
		h.Score = -h.Score // bm25() is lower for better matches
		h.Snippet = markSnippet(snippet, terms, prefix)
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Query, err)
	}
	res.Total = uint64(len(res.Hits) + max(req.Offset, 0))
	if x.opts.CountTotal {
		if err := x.count.QueryRowContext(ctx, match).Scan(&res.Total); err != nil {
			return nil, fmt.Errorf("search %q: %w", req.Query, err)
		}
	}
	return res, nil
}

// snippetTerms returns the lower-cased words of a MATCH expression built by
// MatchQuery, and the prefix word ("" if none).
func snippetTerms(match string) (terms map[string]bool, prefix string) {
	terms = map[string]bool{}
	for f := range strings.FieldsSeq(match) {
		w := strings.ToLower(strings.Trim(f, `"*`))
		if strings.HasSuffix(f, "*") {
			prefix = w
		} else {
			terms[w] = true
		}
	}
	return terms, prefix
}

// markSnippet HTML-escapes s and puts <mark> around its words that match.
func markSnippet(s string, terms map[string]bool, prefix string) string {
	var b strings.Builder
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !word(r) {
			j := i + n
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if word(r) {
					break
				}
				j += n
			}
			b.WriteString(html.EscapeString(s[i:j]))
			i = j
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !word(r) {
				break
			}
			j += n
		}
		w := s[i:j]
		lw := strings.ToLower(w)
		if terms[lw] || (prefix != "" && strings.HasPrefix(lw, prefix)) {
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(w))
			b.WriteString("</mark>")
		} else {
			b.WriteString(html.EscapeString(w))
		}
		i = j
	}
	return b.String()
}

// Generation is the store generation the index reflects (0 if never set).
func (x *Index) Generation() (uint64, error) {
	var v string
	err := x.db.QueryRow(`SELECT value FROM meta WHERE key = 'generation'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("fts index generation: %w", err)
	}
	return strconv.ParseUint(v, 10, 64)
}

// SetGeneration records the store generation the index now reflects.
func (x *Index) SetGeneration(gen uint64) error {
	_, err := x.db.Exec(`INSERT INTO meta(key, value) VALUES('generation', ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, strconv.FormatUint(gen, 10))
	if err != nil {
		return fmt.Errorf("fts index set generation: %w", err)
	}
	return nil
}

// Count returns the number of indexed documents.
func (x *Index) Count() (uint64, error) {
	var n uint64
	if err := x.db.QueryRow(`SELECT count(*) FROM items`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count fts index: %w", err)
	}
	return n, nil
}

// Compact merges the FTS5 index into one b-tree ('optimize'), then
// rewrites the database file without free pages (VACUUM) and truncates the
// write-ahead log.
func (x *Index) Compact(ctx context.Context) error {
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	for _, q := range []string{
		`INSERT INTO items_fts(items_fts) VALUES('optimize')`,
		`VACUUM`,
		`PRAGMA wal_checkpoint(TRUNCATE)`,
	} {
		if _, err := x.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("compact fts index: %s: %w", q, err)
		}
	}
	return nil
}

// Close checkpoints the write-ahead log and closes the database; the index
// must not be used afterwards. Closing again returns the first result.
func (x *Index) Close() error {
	x.closeOnce.Do(func() {
		_, _ = x.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		_ = x.search.Close()
		_ = x.count.Close()
		x.closeErr = x.db.Close()
	})
	return x.closeErr
}
