// Command inflow-bench measures the search index (internal/bleveindex)
// against SQLite FTS5 (internal/sqlitefts) on the tldr-pages corpus, every
// language (~38k pages), and on a 100k-document corpus made from it (see
// synth.go), and prints one JSON object per line on stdout:
//
//	{"name": "latency_word2_p99", "value": 3.2, "unit": "ms", "corpus": "tldr", "engine": "bleve", ...}
//
// It measures, per corpus and engine: the index build rate (docs/s; open,
// Index in batches of 2000 as the library's rebuild does, Close), the
// index size on disk relative to the text (title + summary + key points +
// Markdown body), as built and compacted; p50 and p99 search latency for
// queries of 1, 2 and 3 words and for every keystroke of typed queries
// (prefixes of 1, 2 and 3+ characters), through the inflow.SearchIndex
// Search API with Limit 20 and Language "en"; the peak RSS of the search
// process; and, on tldr, the share of pages found in the top 3 when
// searching for their title or for words of their description. Ratios
// named fts5_vs_bleve_* compare the engines; above 1 means bleve is better
// (faster, smaller, leaner).
//
// Each build and each search phase runs in a child process of this same
// binary, so the peak RSS of searching (VmHWM) is that of a process which
// only opened the index and ran the queries. Queries come from the corpus
// with a fixed seed (queries.go). One-line summaries go to stderr.
//
// Usage (from the repository root; `make bench` runs the default):
//
//	go run ./cmd/inflow-bench [-quick] [-runs 3] [-corpora tldr,100k] [-engines bleve,fts5]
//
// The corpus is $INFLOW_CORPORA/tldr-pages.tar.gz, else
// ../shared/corpora/tldr-pages.tar.gz next to the repository root, or
// -corpus PATH. Without it the benchmark prints a "skipped" line and exits
// with status 0.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// metric is one line of output.
type metric struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Corpus  string  `json:"corpus,omitempty"`
	Engine  string  `json:"engine,omitempty"`
	Formula string  `json:"formula,omitempty"` // for ratios
	N       int     `json:"n,omitempty"`       // samples per run
	Runs    int     `json:"runs,omitempty"`    // median of this many runs
	Reason  string  `json:"reason,omitempty"`  // for "skipped"
}

var stdout = json.NewEncoder(os.Stdout)

func emit(m metric) {
	m.Value = round4(m.Value)
	if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
		m.Value = -1
	}
	_ = stdout.Encode(m)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "inflow-bench: "+format+"\n", args...)
}

type config struct {
	corpus          string
	corpora         []string
	engines         []string
	runs            int
	buildRuns       int
	perWords        int
	typed           int
	relevance       int
	queryLang       string
	seed            uint64
	workdir         string
	keep            bool
	searchCompacted bool
	slowest         int

	// child process flags
	child      string
	engine     string
	corpusName string
	tldrDir    string
	dir        string
	queries    string
}

func main() {
	var c config
	quick := flag.Bool("quick", false, "short run: by default tldr only, 1 latency run, fewer queries (flags given explicitly win)")
	corpora := flag.String("corpora", "tldr,100k", "corpora to measure: tldr, 100k")
	engines := flag.String("engines", "bleve,fts5", "engines to measure: bleve, fts5")
	flag.StringVar(&c.corpus, "corpus", defaultCorpus(), "the tldr-pages .tar.gz")
	flag.IntVar(&c.runs, "runs", 3, "latency runs (each runs every query once); medians are reported")
	flag.IntVar(&c.buildRuns, "build-runs", 1, "index builds per engine and corpus; the median rate is reported")
	flag.IntVar(&c.perWords, "queries", 300, "word queries of each length (1, 2, 3 words)")
	flag.IntVar(&c.typed, "typed", 100, "typed queries (every keystroke is a query)")
	flag.IntVar(&c.relevance, "relevance", 1000, "pages sampled for relevance (tldr only)")
	flag.StringVar(&c.queryLang, "query-lang", "en", "language of the pages queries are drawn from (\"\" for all)")
	seed := flag.Uint64("seed", 1, "seed for the 100k corpus and the queries")
	flag.StringVar(&c.workdir, "workdir", "", "where to extract the corpus and build indexes (default: a new temporary directory)")
	flag.BoolVar(&c.keep, "keep", false, "keep the work directory")
	flag.BoolVar(&c.searchCompacted, "search-compacted", false, "search the compacted indexes (the app searches them as built)")
	flag.IntVar(&c.slowest, "slowest", 0, "log the N slowest queries of each engine's last run to stderr")
	flag.StringVar(&c.child, "child", "", "internal: run one phase (build or search) and print its result")
	flag.StringVar(&c.engine, "engine", "", "internal: engine of the phase")
	flag.StringVar(&c.corpusName, "corpus-name", "", "internal: corpus of the phase")
	flag.StringVar(&c.tldrDir, "tldr-dir", "", "internal: the extracted corpus")
	flag.StringVar(&c.dir, "dir", "", "internal: the index directory")
	flag.StringVar(&c.queries, "queries-file", "", "internal: the queries")
	flag.Parse()
	c.seed = *seed
	c.corpora = splitList(*corpora)
	c.engines = splitList(*engines)
	if *quick {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name, v := range map[string]string{"corpora": "tldr", "runs": "1", "queries": "100", "typed": "30", "relevance": "300"} {
			if !set[name] {
				_ = flag.Set(name, v)
			}
		}
		c.corpora = splitList(*corpora)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if c.child != "" {
		if err := runChild(ctx, &c); err != nil {
			logf("%s %s %s: %v", c.child, c.corpusName, c.engine, err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, &c); err != nil {
		logf("%v", err)
		os.Exit(1)
	}
}

func splitList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// runChild runs one phase and prints its result as JSON on stdout.
func runChild(ctx context.Context, c *config) error {
	var res any
	var err error
	switch c.child {
	case "build":
		res, err = runBuild(ctx, c.engine, c.corpusName, c.tldrDir, c.dir, c.seed, c.searchCompacted)
	case "search":
		res, err = runSearch(ctx, c.engine, c.corpusName, c.dir, c.queries, c.runs, c.slowest)
	default:
		err = fmt.Errorf("unknown phase %q", c.child)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// child runs a phase in a child process and decodes its result into v.
func child(ctx context.Context, v any, args ...string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	logf("(phase %s took %.0fs)", strings.Join(args[1:2], ""), time.Since(start).Seconds())
	return json.Unmarshal(out, v)
}

func run(ctx context.Context, c *config) error {
	began := time.Now()
	if _, err := os.Stat(c.corpus); err != nil {
		reason := fmt.Sprintf("tldr corpus not found (%v); set INFLOW_CORPORA to the directory holding %s, or pass -corpus", err, corpusFile)
		logf("skipped: %s", reason)
		emit(metric{Name: "skipped", Value: 0, Unit: "none", Corpus: "tldr", Reason: reason})
		return nil
	}
	for _, e := range c.engines {
		if e != engineBleve && e != engineFTS5 {
			return fmt.Errorf("unknown engine %q (want bleve or fts5)", e)
		}
	}
	for _, name := range c.corpora {
		if name != "tldr" && name != "100k" {
			return fmt.Errorf("unknown corpus %q (want tldr or 100k)", name)
		}
	}
	work := c.workdir
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "inflow-bench-"); err != nil {
			return err
		}
	}
	if !c.keep {
		defer os.RemoveAll(work)
	} else {
		defer logf("work directory kept: %s", work)
	}
	tldrDir := filepath.Join(work, "tldr-pages")
	if err := os.RemoveAll(tldrDir); err != nil {
		return err
	}
	if err := extract(c.corpus, tldrDir); err != nil {
		return fmt.Errorf("extract the corpus: %w", err)
	}
	pages, err := loadPages(ctx, tldrDir)
	if err != nil {
		return fmt.Errorf("load the corpus: %w", err)
	}
	logf("corpus %s: %d pages; runs %d, %d queries per word count, %d typed queries, %d relevance pages, query language %q, seed %d",
		c.corpus, len(pages), c.runs, c.perWords, c.typed, c.relevance, c.queryLang, c.seed)

	for _, corpus := range c.corpora {
		var items = pages
		switch corpus {
		case "tldr":
		case "100k":
			items = synthesize(pages, 100_000, c.seed)
		default:
			return fmt.Errorf("unknown corpus %q (want tldr or 100k)", corpus)
		}
		cdir := filepath.Join(work, corpus)
		if err := os.MkdirAll(cdir, 0o700); err != nil {
			return err
		}
		text, ndocs := textBytes(items), len(items)
		emit(metric{Name: "corpus_docs", Value: float64(len(items)), Unit: "docs", Corpus: corpus})
		emit(metric{Name: "corpus_text", Value: float64(text) / 1e6, Unit: "MB", Corpus: corpus})
		qcfg := queryConfig{Seed: c.seed, Language: c.queryLang, PerWords: c.perWords, Typed: c.typed}
		if corpus == "tldr" {
			qcfg.Relevance = c.relevance
		}
		qs := generateQueries(eligible(items, c.queryLang), qcfg)
		items = nil
		qfile := filepath.Join(cdir, "queries.json")
		b, err := json.Marshal(qs)
		if err != nil {
			return err
		}
		if err := os.WriteFile(qfile, b, 0o600); err != nil {
			return err
		}
		keystrokes := 0
		for _, s := range qs.Typed {
			keystrokes += len(s)
		}
		logf("%s: %d docs, %.1f MB of text; queries: %d+%d+%d words, %d typed (%d keystrokes), %d relevance",
			corpus, ndocs, float64(text)/1e6, len(qs.Words[0]), len(qs.Words[1]), len(qs.Words[2]), len(qs.Typed), keystrokes, len(qs.Relevance))

		builds := map[string]*buildResult{}
		searches := map[string]*searchResult{}
		for _, engine := range c.engines {
			dir := filepath.Join(cdir, engine)
			var rates []float64
			var br *buildResult
			for range max(c.buildRuns, 1) {
				br = &buildResult{}
				args := []string{"-child", "build", "-engine", engine, "-corpus-name", corpus, "-tldr-dir", tldrDir,
					"-dir", dir, "-seed", strconv.FormatUint(c.seed, 10), "-search-compacted=" + strconv.FormatBool(c.searchCompacted)}
				if err := child(ctx, br, args...); err != nil {
					return err
				}
				rates = append(rates, float64(br.Docs)/br.BuildSeconds)
			}
			builds[engine] = br
			emitBuild(br, median(rates), len(rates))

			sr := &searchResult{}
			if err := child(ctx, sr, "-child", "search", "-engine", engine, "-corpus-name", corpus,
				"-dir", dir, "-queries-file", qfile, "-runs", strconv.Itoa(c.runs), "-slowest", strconv.Itoa(c.slowest)); err != nil {
				return err
			}
			searches[engine] = sr
			emitSearch(sr)
			if !c.keep { // free the disk space for the next engine
				if err := os.RemoveAll(dir); err != nil {
					return err
				}
			}
		}
		if builds[engineBleve] != nil && builds[engineFTS5] != nil {
			emitRatios(corpus, builds, searches)
		}
	}
	wall := time.Since(began).Seconds()
	emit(metric{Name: "bench_wall_time", Value: wall, Unit: "s"})
	logf("done in %.0fs", wall)
	return ctx.Err()
}

func mb(b int64) float64 {
	if b < 0 {
		return math.NaN()
	}
	return float64(b) / (1 << 20)
}

func emitBuild(br *buildResult, rate float64, runs int) {
	c, e := br.Corpus, br.Engine
	emit(metric{Name: "build_rate", Value: rate, Unit: "docs/s", Corpus: c, Engine: e, N: br.Docs, Runs: runs})
	emit(metric{Name: "build_time", Value: br.BuildSeconds, Unit: "s", Corpus: c, Engine: e, N: br.Docs})
	emit(metric{Name: "index_size", Value: float64(br.SizeBytes) / 1e6, Unit: "MB", Corpus: c, Engine: e})
	emit(metric{Name: "index_size_ratio", Value: float64(br.SizeBytes) / float64(br.TextBytes), Unit: "ratio", Corpus: c, Engine: e,
		Formula: "index bytes on disk / text bytes"})
	if br.CompactedBytes >= 0 {
		emit(metric{Name: "index_size_ratio_compacted", Value: float64(br.CompactedBytes) / float64(br.TextBytes), Unit: "ratio", Corpus: c, Engine: e,
			Formula: "compacted index bytes / text bytes"})
		emit(metric{Name: "compact_time", Value: br.CompactSeconds, Unit: "s", Corpus: c, Engine: e})
	}
	emit(metric{Name: "build_peak_rss", Value: mb(br.PeakRSS), Unit: "MiB", Corpus: c, Engine: e})
	compacted := "n/a"
	if br.CompactedBytes >= 0 {
		compacted = fmt.Sprintf("%.2fx compacted in %.1fs", float64(br.CompactedBytes)/float64(br.TextBytes), br.CompactSeconds)
	}
	logf("%s %s build: %d docs in %.1fs = %.0f docs/s; %.1f MB on disk = %.2fx the text (%s); build RSS peak %.0f MiB",
		c, e, br.Docs, br.BuildSeconds, rate, float64(br.SizeBytes)/1e6, float64(br.SizeBytes)/float64(br.TextBytes), compacted, mb(br.PeakRSS))
}

func emitSearch(sr *searchResult) {
	c, e := sr.Corpus, sr.Engine
	var parts []string
	for _, g := range groupNames {
		gs, ok := sr.Groups[g]
		if !ok {
			continue
		}
		emit(metric{Name: "latency_" + g + "_p50", Value: gs.P50ms, Unit: "ms", Corpus: c, Engine: e, N: gs.Queries, Runs: sr.Runs})
		emit(metric{Name: "latency_" + g + "_p99", Value: gs.P99ms, Unit: "ms", Corpus: c, Engine: e, N: gs.Queries, Runs: sr.Runs})
		parts = append(parts, fmt.Sprintf("%s %.2f/%.2f ms (%.1f hits, %.0f%% none)", g, gs.P50ms, gs.P99ms, gs.MeanHits, 100*gs.ZeroHits))
	}
	emit(metric{Name: "search_peak_rss", Value: mb(sr.PeakRSS), Unit: "MiB", Corpus: c, Engine: e})
	for _, k := range []string{"title", "description"} {
		if rs, ok := sr.Relevance[k]; ok {
			emit(metric{Name: "relevance_" + k + "_top3", Value: rs.Top3, Unit: "share", Corpus: c, Engine: e, N: rs.Queries})
			parts = append(parts, fmt.Sprintf("%s in top 3: %.1f%% (top 1: %.1f%%)", k, 100*rs.Top3, 100*rs.Top1))
		}
	}
	logf("%s %s search (p50/p99, median of %d runs): %s; search RSS peak %.0f MiB",
		c, e, sr.Runs, strings.Join(parts, "; "), mb(sr.PeakRSS))
}

// emitRatios compares FTS5 with bleve; every ratio is above 1 when bleve
// is better.
func emitRatios(corpus string, builds map[string]*buildResult, searches map[string]*searchResult) {
	b, f := builds[engineBleve], builds[engineFTS5]
	ratio := func(name string, v float64, formula string) {
		emit(metric{Name: "fts5_vs_bleve_" + name, Value: v, Unit: "ratio", Corpus: corpus, Engine: "fts5/bleve", Formula: formula})
	}
	var parts []string
	ratio("build_rate", (float64(b.Docs)/b.BuildSeconds)/(float64(f.Docs)/f.BuildSeconds), "bleve_docs_per_s / fts5_docs_per_s")
	ratio("index_size", float64(f.SizeBytes)/float64(b.SizeBytes), "fts5_bytes / bleve_bytes")
	if b.CompactedBytes > 0 && f.CompactedBytes > 0 {
		ratio("index_size_compacted", float64(f.CompactedBytes)/float64(b.CompactedBytes), "fts5_bytes / bleve_bytes")
	}
	bs, fs := searches[engineBleve], searches[engineFTS5]
	for _, g := range groupNames {
		bg, ok1 := bs.Groups[g]
		fg, ok2 := fs.Groups[g]
		if !ok1 || !ok2 {
			continue
		}
		for _, p := range []struct {
			name   string
			bv, fv float64
		}{{"p50", bg.P50ms, fg.P50ms}, {"p99", bg.P99ms, fg.P99ms}} {
			ratio("latency_"+g+"_"+p.name, p.fv/p.bv, "fts5_"+p.name+" / bleve_"+p.name)
		}
		parts = append(parts, fmt.Sprintf("%s p99 %.2fx", g, fg.P99ms/bg.P99ms))
	}
	if bs.PeakRSS > 0 && fs.PeakRSS > 0 {
		ratio("search_peak_rss", float64(fs.PeakRSS)/float64(bs.PeakRSS), "fts5_rss / bleve_rss")
	}
	logf("%s fts5 vs bleve (>1: bleve better): build rate %.2fx, size %.2fx, %s, search RSS %.2fx",
		corpus, (float64(b.Docs)/b.BuildSeconds)/(float64(f.Docs)/f.BuildSeconds), float64(f.SizeBytes)/float64(b.SizeBytes),
		strings.Join(parts, ", "), float64(fs.PeakRSS)/float64(bs.PeakRSS))
}
