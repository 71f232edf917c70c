// Command inflow-bench-sync measures sync against the targets of the sync
// issue and prints one JSON object per measurement on stdout (progress goes
// to stderr). Everything runs in this process on 127.0.0.1: a real Inflow
// server (package api) on a real listener, and real clients.
//
//   - sync_push / sync_pull: a device with -events own events syncs for
//     the first time (syncclient.SyncOnce); then a fresh device signed in
//     as the same person syncs and pulls them all. Target: at most 2 s each.
//   - sync_incremental: that device records 50 new events and syncs, -runs
//     times; p50/p95/p99. Target: p99 at most 10 ms.
//   - sync_load: -clients raw HTTP clients push batches and pull, at once,
//     for -duration, against each backend (embedded badger, PostgreSQL).
//
// Beside them, in the same run, the alternative: a full-copy sync as Anki
// does it ("upload the whole collection"): the client reads its whole log,
// sends it as one gzip JSON blob, and the server validates and stores it
// (fullcopy_upload, fullcopy_download, fullcopy_incremental), with ratios.
//
// Every line has "bench" (the measurement), and for a result "value" and
// "unit"; "cpuSeconds" (process CPU time, server and clients) and
// "httpSeconds" (time inside HTTP requests) tell waiting for a busy
// machine's cores and the wire apart from work. A backend that cannot run
// prints {"bench": ..., "backend": ..., "skipped": reason}.
//
// Usage: go run ./cmd/inflow-bench-sync [-events 100000] [-runs 200]
// [-full-runs 5] [-clients 200] [-batch 50] [-duration 10s] [-gap 10m]
// [-postgres DSN] [-cpuprofile FILE] [-quick]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"
)

// config is what one run measures.
type config struct {
	events   int           // history of the first device
	runs     int           // incremental syncs measured
	fullRuns int           // full-copy uploads measured for the incremental ratio
	clients  int           // concurrent clients of the load test
	batch    int           // events per push in the load test
	duration time.Duration // of the load test, per backend
	gap      time.Duration // device time between two incremental syncs
	postgres string        // "" skips the PostgreSQL load test
	dir      string        // work directory
}

func main() {
	c := config{}
	flag.IntVar(&c.events, "events", 100_000, "events in the first device's history")
	flag.IntVar(&c.runs, "runs", 200, "incremental syncs of 50 events to measure")
	flag.IntVar(&c.fullRuns, "full-runs", 5, "full-copy uploads to measure against the incremental sync")
	flag.IntVar(&c.clients, "clients", 200, "concurrent clients in the load test (two devices per user)")
	flag.IntVar(&c.batch, "batch", 50, "events per push in the load test")
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "length of the load test per backend")
	flag.DurationVar(&c.gap, "gap", 10*time.Minute, "device clock time between two incremental syncs")
	flag.StringVar(&c.postgres, "postgres", defaultPostgres(), "PostgreSQL URL for the load test (default $INFLOW_BENCH_POSTGRES, else $INFLOW_TEST_POSTGRES); a fresh schema is made and dropped")
	flag.StringVar(&c.dir, "dir", "", "work directory (default: a new temporary directory, removed after)")
	quick := flag.Bool("quick", false, "a short run: 20000 events, 50 runs, 2 full runs, 3 s of load")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run (server and clients) to this file")
	flag.Parse()
	if *quick {
		c.events, c.runs, c.fullRuns, c.duration = 20_000, 50, 2, 3*time.Second
	}
	if c.dir == "" {
		d, err := os.MkdirTemp("", "inflow-bench-sync-")
		if err != nil {
			logf("%v", err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		c.dir = d
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			logf("%v", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(context.Background(), c, os.Stdout); err != nil {
		logf("%v", err)
		os.Exit(1)
	}
}

func defaultPostgres() string {
	if v := os.Getenv("INFLOW_BENCH_POSTGRES"); v != "" {
		return v
	}
	return os.Getenv("INFLOW_TEST_POSTGRES")
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "inflow-bench-sync: "+format+"\n", args...)
}

// run measures everything and writes the JSON lines to w.
func run(ctx context.Context, c config, w io.Writer) error {
	out := newEmitter(w)
	if c.events < 1000 || c.runs < 1 || c.clients < 2 || c.batch < 1 || c.fullRuns < 1 {
		return fmt.Errorf("need -events >= 1000, -runs >= 1, -full-runs >= 1, -clients >= 2, -batch >= 1")
	}
	if err := syncBench(ctx, c, out); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if err := loadBench(ctx, c, out, backendBadger); err != nil {
		return fmt.Errorf("load, badger: %w", err)
	}
	if err := loadBench(ctx, c, out, backendPostgres); err != nil {
		return fmt.Errorf("load, postgres: %w", err)
	}
	return nil
}
