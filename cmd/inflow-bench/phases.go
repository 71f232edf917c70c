package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/inflow-learning/inflow/internal/bleveindex"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/sqlitefts"
)

// The engines compared.
const (
	engineBleve = "bleve"
	engineFTS5  = "fts5"
)

// indexBatch is the number of items per Index call, as the library's
// RebuildIndex sends them.
const indexBatch = 2000

// searchLimit and searchLanguage are what the app asks for.
const (
	searchLimit    = 20
	searchLanguage = "en"
)

// openEngine opens (creating) an engine's index in dir, through the same
// constructors the app (bleve) or the adapter (FTS5) offers.
func openEngine(engine, dir string) (inflow.SearchIndex, error) {
	switch engine {
	case engineBleve:
		return bleveindex.Open(dir)
	case engineFTS5:
		return sqlitefts.Open(dir)
	}
	return nil, fmt.Errorf("unknown engine %q (want bleve or fts5)", engine)
}

// compacter is implemented by indexes that can merge themselves into a
// smaller form (bleve's Compact, FTS5's optimize + VACUUM).
type compacter interface {
	Compact(ctx context.Context) error
}

// buildResult is what the build process reports.
type buildResult struct {
	Engine         string  `json:"engine"`
	Corpus         string  `json:"corpus"`
	Docs           int     `json:"docs"`
	TextBytes      int64   `json:"textBytes"`
	BuildSeconds   float64 `json:"buildSeconds"`   // open, Index in batches, Close
	SizeBytes      int64   `json:"sizeBytes"`      // on disk after Close (and a reopen)
	CompactSeconds float64 `json:"compactSeconds"` // -1 when the engine cannot compact
	CompactedBytes int64   `json:"compactedBytes"` // -1 when the engine cannot compact
	PeakRSS        int64   `json:"peakRSS"`        // of the build process, corpus included
}

// runBuild is the build process: it loads the corpus, builds the index in
// dir from scratch, measures it, and leaves it there for the search
// process (compacted only when searchCompacted).
func runBuild(ctx context.Context, engine, corpus, tldrDir, dir string, seed uint64, searchCompacted bool) (*buildResult, error) {
	items, err := corpusItems(ctx, corpus, tldrDir, seed)
	if err != nil {
		return nil, err
	}
	r := &buildResult{Engine: engine, Corpus: corpus, Docs: len(items), TextBytes: textBytes(items), CompactSeconds: -1, CompactedBytes: -1}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	runtime.GC()
	start := time.Now()
	x, err := openEngine(engine, dir)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(items); i += indexBatch {
		if err := x.Index(ctx, items[i:min(i+indexBatch, len(items))]); err != nil {
			_ = x.Close()
			return nil, err
		}
	}
	if err := x.Close(); err != nil {
		return nil, err
	}
	r.BuildSeconds = time.Since(start).Seconds()
	items = nil

	// Reopen once: bleve deletes segment files obsoleted by merges then.
	if err := checkCount(engine, dir, uint64(r.Docs)); err != nil {
		return nil, err
	}
	if r.SizeBytes, err = dirSize(dir); err != nil {
		return nil, err
	}

	compactDir := dir + ".compacted"
	if err := copyDir(dir, compactDir); err != nil {
		return nil, err
	}
	x, err = openEngine(engine, compactDir)
	if err != nil {
		return nil, err
	}
	if c, ok := x.(compacter); ok {
		start := time.Now()
		if err := c.Compact(ctx); err != nil {
			_ = x.Close()
			return nil, err
		}
		if err := x.Close(); err != nil {
			return nil, err
		}
		r.CompactSeconds = time.Since(start).Seconds()
		if err := checkCount(engine, compactDir, uint64(r.Docs)); err != nil {
			return nil, err
		}
		if r.CompactedBytes, err = dirSize(compactDir); err != nil {
			return nil, err
		}
	} else if err := x.Close(); err != nil {
		return nil, err
	}
	if searchCompacted && r.CompactedBytes >= 0 {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		if err := os.Rename(compactDir, dir); err != nil {
			return nil, err
		}
	} else if err := os.RemoveAll(compactDir); err != nil {
		return nil, err
	}
	r.PeakRSS = peakRSS()
	return r, nil
}

// checkCount opens the index in dir and checks it holds want documents.
func checkCount(engine, dir string, want uint64) error {
	x, err := openEngine(engine, dir)
	if err != nil {
		return err
	}
	n, err := x.Count()
	if cerr := x.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("%s index in %s holds %d documents, want %d", engine, dir, n, want)
	}
	return nil
}

// copyDir copies the regular files of src, recursively, to dst.
func copyDir(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			_ = out.Close()
			return err
		}
		return out.Close()
	})
}

// Latency groups.
var groupNames = []string{"word1", "word2", "word3", "typed1", "typed2", "typed3plus"}

// groupStats are one group's latencies: the median over the runs of each
// run's percentiles.
type groupStats struct {
	Queries  int     `json:"queries"` // per run
	P50ms    float64 `json:"p50ms"`
	P99ms    float64 `json:"p99ms"`
	MeanHits float64 `json:"meanHits"` // hits returned per query (at most the limit)
	ZeroHits float64 `json:"zeroHits"` // share of queries with no hit
}

// relStats is one kind of relevance query's result.
type relStats struct {
	Queries int     `json:"queries"`
	Top3    float64 `json:"top3"` // share of queries whose page is in the top 3
	Top1    float64 `json:"top1"`
}

// searchResult is what the search process reports.
type searchResult struct {
	Engine      string                `json:"engine"`
	Corpus      string                `json:"corpus"`
	Runs        int                   `json:"runs"`
	OpenSeconds float64               `json:"openSeconds"`
	Groups      map[string]groupStats `json:"groups"`
	Relevance   map[string]relStats   `json:"relevance"`
	PeakRSS     int64                 `json:"peakRSS"` // of the search process
}

// runSearch is the search process: it opens the index in dir and runs the
// queries of queriesFile through the inflow.SearchIndex API, with Limit 20
// and Language "en". It loads nothing else, so its peak RSS is the index's
// and the runtime's.
// slowQuery is one query's latency, for -slowest.
type slowQuery struct {
	ms    float64
	group string
	q     string
	hits  int
}

func runSearch(ctx context.Context, engine, corpus, dir, queriesFile string, runs, slowest int) (*searchResult, error) {
	b, err := os.ReadFile(queriesFile)
	if err != nil {
		return nil, err
	}
	var qs QuerySet
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("%s: %w", queriesFile, err)
	}
	b = nil
	runs = max(runs, 1)
	start := time.Now()
	x, err := openEngine(engine, dir)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	res := &searchResult{Engine: engine, Corpus: corpus, Runs: runs, OpenSeconds: time.Since(start).Seconds(),
		Groups: map[string]groupStats{}, Relevance: map[string]relStats{}}

	type sample struct {
		qs   []string
		ms   []float64
		hits int
		zero int
	}
	search := func(q string) (float64, *inflow.SearchResult, error) {
		t := time.Now()
		r, err := x.Search(ctx, inflow.SearchRequest{Query: q, Language: searchLanguage, Limit: searchLimit})
		d := time.Since(t)
		if err != nil {
			return 0, nil, fmt.Errorf("%s: search %q: %w", engine, q, err)
		}
		return float64(d.Nanoseconds()) / 1e6, r, nil
	}
	pass := func(typed bool) (map[string]*sample, error) {
		s := map[string]*sample{}
		for _, g := range groupNames {
			s[g] = &sample{}
		}
		add := func(g, q string) error {
			ms, r, err := search(q)
			if err != nil {
				return err
			}
			gs := s[g]
			gs.ms = append(gs.ms, ms)
			gs.qs = append(gs.qs, q)
			gs.hits += len(r.Hits)
			if len(r.Hits) == 0 {
				gs.zero++
			}
			return nil
		}
		for n, qq := range qs.Words {
			for _, q := range qq {
				if err := add(groupNames[n], q); err != nil {
					return nil, err
				}
			}
		}
		for _, seq := range qs.Typed {
			if !typed {
				break
			}
			for _, q := range seq {
				if err := add(groupNames[2+typedBucket(q)], q); err != nil {
					return nil, err
				}
			}
		}
		return s, nil
	}

	// Warm up (OS page cache, SQLite page cache, bleve's lazy structures)
	// with the word queries; the typed ones are many, and the median over
	// the runs absorbs what is left cold.
	if _, err := pass(false); err != nil {
		return nil, err
	}
	p50s, p99s := map[string][]float64{}, map[string][]float64{}
	var last map[string]*sample
	for range runs {
		s, err := pass(true)
		if err != nil {
			return nil, err
		}
		for g, gs := range s {
			if len(gs.ms) > 0 {
				p50s[g] = append(p50s[g], percentile(gs.ms, 50))
				p99s[g] = append(p99s[g], percentile(gs.ms, 99))
			}
		}
		last = s
	}
	for g, gs := range last {
		if len(gs.ms) == 0 {
			continue
		}
		res.Groups[g] = groupStats{
			Queries:  len(gs.ms),
			P50ms:    median(p50s[g]),
			P99ms:    median(p99s[g]),
			MeanHits: float64(gs.hits) / float64(len(gs.ms)),
			ZeroHits: float64(gs.zero) / float64(len(gs.ms)),
		}
	}

	if slowest > 0 {
		var all []slowQuery
		for g, gs := range last {
			for i, ms := range gs.ms {
				all = append(all, slowQuery{ms, g, gs.qs[i], 0})
			}
		}
		slices.SortFunc(all, func(a, b slowQuery) int { return cmp.Compare(b.ms, a.ms) })
		for _, sq := range all[:min(slowest, len(all))] {
			_, r, err := search(sq.q)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(os.Stderr, "inflow-bench: %s %s slow: %.1f ms %s %q (%d hits, total %d)\n",
				corpus, engine, sq.ms, sq.group, sq.q, len(r.Hits), r.Total)
		}
	}

	rel := map[string]*relStats{}
	for _, rq := range qs.Relevance {
		_, r, err := search(rq.Query)
		if err != nil {
			return nil, err
		}
		st := rel[rq.Kind]
		if st == nil {
			st = &relStats{}
			rel[rq.Kind] = st
		}
		st.Queries++
		for i, h := range r.Hits {
			if i >= 3 {
				break
			}
			if h.ID == rq.Want {
				st.Top3++
				if i == 0 {
					st.Top1++
				}
				break
			}
		}
	}
	for k, st := range rel {
		st.Top3 /= float64(st.Queries)
		st.Top1 /= float64(st.Queries)
		res.Relevance[k] = *st
	}
	res.PeakRSS = peakRSS()
	return res, nil
}
