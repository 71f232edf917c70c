// Command inflow-bench-reviews measures spaced review at scale and prints
// one JSON object per line ({"name", "value", "unit", ...}), beside the same
// work done the way Anki does it: cards and a review log in SQLite.
//
//   - due queue: picking the next card and counting the session over 100k
//     cards (Service.Next, Service.Home), against an indexed SQLite query;
//   - answer: recording one answer including the durable write (fsync),
//     against an UPDATE plus revlog INSERT in SQLite with synchronous=FULL;
//   - replay: turning 1M review-log entries into card states, pure
//     (review.Replay) and through the store (Store.Reschedule).
//
// Usage: go run ./cmd/inflow-bench-reviews [-cards 100000] [-answers 1000000] [-runs 3]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"time"
)

type metric struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Engine  string  `json:"engine,omitempty"`
	Formula string  `json:"formula,omitempty"`
	N       int     `json:"n,omitempty"`
	Runs    int     `json:"runs,omitempty"`
}

var out = json.NewEncoder(os.Stdout)

func emit(m metric) {
	m.Value = math.Round(m.Value*1e4) / 1e4
	_ = out.Encode(m)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "inflow-bench-reviews: "+format+"\n", args...)
}

type config struct {
	cards, answers, runs, samples int
	dir                           string
}

func main() {
	var c config
	flag.IntVar(&c.cards, "cards", 100_000, "cards in the store")
	flag.IntVar(&c.answers, "answers", 1_000_000, "review-log entries to replay")
	flag.IntVar(&c.runs, "runs", 3, "runs per latency measurement; medians are reported")
	flag.IntVar(&c.samples, "samples", 200, "samples per run")
	flag.StringVar(&c.dir, "dir", "", "work directory (default: a new temporary directory, removed after)")
	flag.Parse()
	if c.dir == "" {
		d, err := os.MkdirTemp("", "inflow-bench-reviews-")
		if err != nil {
			logf("%v", err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		c.dir = d
	}
	if err := run(context.Background(), c); err != nil {
		logf("%v", err)
		os.Exit(1)
	}
}

// latency summarises samples in milliseconds.
type latency struct{ p50, p99 float64 }

func measure(n int, fn func(i int) error) (latency, error) {
	xs := make([]float64, 0, n)
	for i := range n {
		t := time.Now()
		if err := fn(i); err != nil {
			return latency{}, err
		}
		xs = append(xs, float64(time.Since(t).Microseconds())/1000)
	}
	sort.Float64s(xs)
	return latency{p50: pct(xs, 0.50), p99: pct(xs, 0.99)}, nil
}

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

// medianOf runs measure runs times and keeps the median p50 and p99.
func medianOf(runs, n int, fn func(i int) error) (latency, error) {
	var p50s, p99s []float64
	for range runs {
		l, err := measure(n, fn)
		if err != nil {
			return l, err
		}
		p50s, p99s = append(p50s, l.p50), append(p99s, l.p99)
	}
	sort.Float64s(p50s)
	sort.Float64s(p99s)
	return latency{p50: p50s[len(p50s)/2], p99: p99s[len(p99s)/2]}, nil
}

func emitLatency(name, engine string, l latency, n, runs int) {
	emit(metric{Name: name + "_p50", Value: l.p50, Unit: "ms", Engine: engine, N: n, Runs: runs})
	emit(metric{Name: name + "_p99", Value: l.p99, Unit: "ms", Engine: engine, N: n, Runs: runs})
}

func emitRatio(name string, sqlite, inflow latency) {
	emit(metric{Name: name + "_p99_ratio", Value: sqlite.p99 / inflow.p99, Unit: "x", Formula: "sqlite p99 / inflow p99 (>1: inflow faster)"})
}
