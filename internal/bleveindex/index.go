package bleveindex

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	index "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/render"
)

// ErrNeedsRebuild is wrapped by errors from Open (and from operations on an
// index found broken while in use) when the index on disk is corrupt or was
// built with another MappingVersion. Delete the directory and rebuild, or
// use OpenOrRecreate.
var ErrNeedsRebuild = errors.New("search index needs rebuilding")

// BatchSize is the number of items Index sends to bleve per batch.
const BatchSize = 1000

// excerptLen bounds the stored excerpt of the body used as the snippet
// source for items without a summary.
const excerptLen = 240

// Keys in bleve's internal storage.
var (
	keyMappingVersion = []byte("inflow.mappingVersion")
	keyGeneration     = []byte("inflow.generation")
)

// Index is an inflow.SearchIndex on a bleve index in one directory. It is
// safe for concurrent use.
type Index struct {
	bi       bleve.Index
	dir      string
	analyzer analysis.Analyzer
	docs     *docBuilder

	dictMu sync.Mutex
	dicts  map[string][]index.DictEntry // small keyword dictionaries, see dictionary

	closeOnce sync.Once
	closeErr  error
}

var _ inflow.SearchIndex = (*Index)(nil)

// storeConfig is given to scorch when creating and opening: fail after a
// while instead of waiting forever when another process holds the index.
func storeConfig() map[string]any {
	return map[string]any{"bolt_timeout": "2s"}
}

// Open opens the index in dir, creating it if dir does not exist or is
// empty. If the index is corrupt or was built with another MappingVersion it
// returns an error wrapping ErrNeedsRebuild; if another process has it open,
// an inflow ELOCKED error.
func Open(dir string) (*Index, error) {
	empty, err := isEmptyOrMissing(dir)
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	if empty {
		return create(dir)
	}
	bi, err := bleve.OpenUsing(dir, storeConfig())
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, inflow.Errorf(inflow.ELOCKED, "the search index %s is in use by another process", dir)
		}
		return nil, fmt.Errorf("open search index %s: %w: %w", dir, ErrNeedsRebuild, err)
	}
	x, err := wrap(bi, dir)
	if err != nil {
		_ = bi.Close()
		return nil, err
	}
	if err := x.check(); err != nil {
		_ = bi.Close()
		return nil, err
	}
	return x, nil
}

// OpenOrRecreate opens the index in dir like Open, and when that reports
// ErrNeedsRebuild deletes the directory and creates an empty index there;
// recreated says so, and the caller must then index every item. To avoid
// deleting something that is not an index, it refuses to delete a directory
// that does not look like a bleve index.
func OpenOrRecreate(dir string) (idx *Index, recreated bool, err error) {
	idx, err = Open(dir)
	if err == nil || !errors.Is(err, ErrNeedsRebuild) {
		return idx, false, err
	}
	if !looksLikeIndex(dir) {
		return nil, false, fmt.Errorf("search index %s is unreadable and does not look like a bleve index, not deleting it: %w", dir, err)
	}
	if rerr := os.RemoveAll(dir); rerr != nil {
		return nil, false, fmt.Errorf("delete search index %s to rebuild it: %w", dir, rerr)
	}
	idx, err = create(dir)
	return idx, err == nil, err
}

// create makes a new, empty index in dir, which must be missing or empty.
func create(dir string) (*Index, error) {
	if err := os.Remove(dir); err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("create search index: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return nil, fmt.Errorf("create search index: %w", err)
	}
	bi, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, storeConfig())
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", dir, err)
	}
	if err := bi.SetInternal(keyMappingVersion, []byte(strconv.Itoa(MappingVersion))); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("create search index %s: %w", dir, err)
	}
	x, err := wrap(bi, dir)
	if err != nil {
		_ = bi.Close()
		return nil, err
	}
	return x, nil
}

func wrap(bi bleve.Index, dir string) (*Index, error) {
	an := bi.Mapping().AnalyzerNamed(textAnalyzer)
	if an == nil {
		return nil, fmt.Errorf("open search index %s: %w: analyzer %s missing", dir, ErrNeedsRebuild, textAnalyzer)
	}
	db, err := newDocBuilder(bi.Mapping())
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %w: %w", dir, ErrNeedsRebuild, err)
	}
	return &Index{bi: bi, dir: dir, analyzer: an, docs: db}, nil
}

// check verifies the mapping version and that the index can be read.
func (x *Index) check() (err error) {
	defer x.recoverPanic(&err)
	v, err := x.bi.GetInternal(keyMappingVersion)
	if err != nil {
		return fmt.Errorf("open search index %s: %w: %w", x.dir, ErrNeedsRebuild, err)
	}
	if string(v) != strconv.Itoa(MappingVersion) {
		return fmt.Errorf("open search index %s: %w: mapping version %q, want %d", x.dir, ErrNeedsRebuild, v, MappingVersion)
	}
	if _, err := x.bi.DocCount(); err != nil {
		return fmt.Errorf("open search index %s: %w: %w", x.dir, ErrNeedsRebuild, err)
	}
	if _, err := x.Generation(); err != nil {
		return fmt.Errorf("open search index %s: %w: %w", x.dir, ErrNeedsRebuild, err)
	}
	// Read one stored document: it touches the segment files.
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	req.Fields = []string{fieldTitle}
	if _, err := x.bi.Search(req); err != nil {
		return fmt.Errorf("open search index %s: %w: %w", x.dir, ErrNeedsRebuild, err)
	}
	return nil
}

// recoverPanic turns a panic inside bleve (seen with damaged segment files)
// into an error wrapping ErrNeedsRebuild.
func (x *Index) recoverPanic(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("search index %s: %w: panic: %v", x.dir, ErrNeedsRebuild, r)
	}
}

// isEmptyOrMissing reports whether dir does not exist or is an empty
// directory.
func isEmptyOrMissing(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return len(entries) == 0, nil
}

// looksLikeIndex reports whether dir holds only what a bleve scorch index
// holds: index_meta.json and the store directory.
func looksLikeIndex(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return false
	}
	for _, e := range entries {
		switch e.Name() {
		case "index_meta.json", "store":
		default:
			return false
		}
	}
	return true
}

// Index adds or replaces items, in batches of BatchSize. Turning bodies
// into plain text for the next batch overlaps with bleve indexing the
// current one. A cancelled ctx stops it between batches; batches already
// sent stay indexed.
func (x *Index) Index(ctx context.Context, items []*inflow.Item) (err error) {
	defer x.recoverPanic(&err)
	if len(items) == 0 {
		return nil
	}
	defer x.changed()
	type prepared struct {
		batch *bleve.Batch
		n     int
	}
	next := make(chan prepared, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(next)
		docs := make([]itemDoc, min(BatchSize, len(items)))
		for start := 0; start < len(items); start += BatchSize {
			chunk := items[start:min(start+BatchSize, len(items))]
			buildDocuments(chunk, docs)
			b := x.bi.NewBatch()
			for i, it := range chunk {
				if it != nil && it.ID != "" {
					// IndexAdvanced only fails on an empty ID.
					_ = b.IndexAdvanced(x.docs.build(it.ID, &docs[i]))
				}
			}
			select {
			case next <- prepared{b, len(chunk)}:
			case <-stop:
				return
			}
		}
	}()
	for p := range next {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := x.bi.Batch(p.batch); err != nil {
			return fmt.Errorf("index %d items: %w", p.n, err)
		}
	}
	return nil
}

// buildDocuments fills docs[i] for items[i], turning bodies into plain text
// on all CPUs; that is the costly part.
func buildDocuments(items []*inflow.Item, docs []itemDoc) {
	workers := min(runtime.GOMAXPROCS(0), len(items))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(items); i += workers {
				if items[i] != nil {
					docs[i] = newDocument(items[i])
				}
			}
		})
	}
	wg.Wait()
}

func newDocument(it *inflow.Item) itemDoc {
	body := render.PlainText(it.Body)
	var b strings.Builder
	b.Grow(len(it.Title) + len(it.Summary) + len(body) + 64)
	b.WriteString(it.Title)
	b.WriteByte('\n')
	b.WriteString(it.Summary)
	for _, kp := range it.KeyPoints {
		b.WriteByte('\n')
		b.WriteString(kp)
	}
	b.WriteByte('\n')
	b.WriteString(body)
	text := b.String()
	d := itemDoc{
		Text:     text,
		Title:    it.Title,
		Prefixes: it.Title,
		Kind:     string(it.Kind),
		Topic:    it.Topic,
		Tags:     it.Tags,
		Language: it.Language,
		Pack:     it.Pack,
		Tier:     prominenceTier(it.Prominence),
		TitleKey: titleKey(it.Title),
		group:    languageGroup(it.Language),
	}
	if it.Summary != "" {
		d.Lead = append(d.Lead, it.Summary)
	}
	for _, kp := range it.KeyPoints {
		if kp != "" {
			d.Lead = append(d.Lead, kp)
		}
	}
	if len(d.Lead) == 0 {
		d.Excerpt = excerpt(body, excerptLen)
	}
	return d
}

// excerpt returns about the first n bytes of s on one line, cut at a word.
func excerpt(s string, n int) string {
	b := make([]byte, 0, min(len(s), n+3))
	space := false
	for _, r := range s {
		if r == '\n' || r == '\t' || r == '\r' {
			r = ' '
		}
		if r == ' ' {
			if space || len(b) == 0 {
				continue
			}
			space = true
		} else {
			space = false
		}
		if len(b)+utf8.RuneLen(r) > n {
			if i := lastSpace(b); i > n/2 {
				b = b[:i]
			}
			return string(b) + "…"
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

func lastSpace(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == ' ' {
			return i
		}
	}
	return -1
}

// Delete removes items by ID; unknown IDs are ignored.
func (x *Index) Delete(ctx context.Context, ids []string) (err error) {
	defer x.recoverPanic(&err)
	defer x.changed()
	for start := 0; start < len(ids); start += BatchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := x.bi.NewBatch()
		for _, id := range ids[start:min(start+BatchSize, len(ids))] {
			b.Delete(id)
		}
		if err := x.bi.Batch(b); err != nil {
			return fmt.Errorf("delete %d items from the search index: %w", b.Size(), err)
		}
	}
	return nil
}

// Generation returns the store generation recorded with SetGeneration, or 0
// for a new index.
func (x *Index) Generation() (uint64, error) {
	v, err := x.bi.GetInternal(keyGeneration)
	if err != nil {
		return 0, fmt.Errorf("read search index generation: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("read search index generation: %w: %d bytes", ErrNeedsRebuild, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// SetGeneration records the store generation the index now reflects.
func (x *Index) SetGeneration(gen uint64) error {
	if err := x.bi.SetInternal(keyGeneration, binary.BigEndian.AppendUint64(nil, gen)); err != nil {
		return fmt.Errorf("write search index generation: %w", err)
	}
	return nil
}

// Count returns the number of indexed documents.
func (x *Index) Count() (n uint64, err error) {
	defer x.recoverPanic(&err)
	n, err = x.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count search index: %w", err)
	}
	return n, nil
}

// Compact merges the index into one segment, which makes it smaller (about
// a tenth for the tldr pages) and searches a little faster. bleve merges in
// the background anyway, but leaves several segments; call Compact after
// indexing many items at once, such as a rebuild. It blocks until the
// merge is done; the files it replaces are deleted shortly after, or when
// the index is next opened.
func (x *Index) Compact(ctx context.Context) (err error) {
	defer x.recoverPanic(&err)
	ai, err := x.bi.Advanced()
	if err != nil {
		return fmt.Errorf("compact search index: %w", err)
	}
	s, ok := ai.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(ctx, &opts); err != nil {
		return fmt.Errorf("compact search index: %w", err)
	}
	return nil
}

// Close closes the index; it must not be used afterwards. Closing again
// returns the first result.
func (x *Index) Close() error {
	x.closeOnce.Do(func() { x.closeErr = x.bi.Close() })
	return x.closeErr
}
