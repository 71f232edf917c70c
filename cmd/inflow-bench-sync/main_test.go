package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// TestTinyRun runs the whole bench on a tiny configuration and checks
// that every measurement is printed as a JSON line, so the bench cannot
// rot unnoticed. The PostgreSQL load test runs when INFLOW_TEST_POSTGRES
// is set and prints a "skipped" line otherwise.
func TestTinyRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs real servers and stores for a few seconds")
	}
	c := config{events: 2000, runs: 2, fullRuns: 1, clients: 5, batch: 10, duration: 300 * time.Millisecond,
		gap: 10 * time.Minute, postgres: os.Getenv("INFLOW_TEST_POSTGRES"), dir: t.TempDir()}
	var out bytes.Buffer
	if err := run(context.Background(), c, &out); err != nil {
		t.Fatal(err)
	}
	got := map[string][]result{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r result
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if r.Bench == "" {
			t.Fatalf("line %q has no bench name", sc.Text())
		}
		got[r.Bench] = append(got[r.Bench], r)
	}
	for _, name := range []string{
		"sync_push", "sync_first_sync", "sync_pull", "fullcopy_upload", "fullcopy_download",
		"sync_push_ratio", "sync_pull_ratio", "sync_incremental", "sync_incremental_pull", "sync_background_sweep",
		"fullcopy_incremental", "sync_incremental_ratio", "sync_incremental_p99_ratio",
	} {
		rs := got[name]
		if len(rs) != 1 || rs[0].Value == nil || *rs[0].Value <= 0 || rs[0].Unit == "" {
			t.Errorf("%s: %+v, want one line with a positive value", name, rs)
		}
	}
	for _, name := range []string{"sync_push", "sync_pull"} {
		if r := got[name]; len(r) == 1 && (r[0].Events != c.events || r[0].BytesUp+r[0].BytesDown == 0) {
			t.Errorf("%s: %+v, want %d events and bytes on the wire", name, r[0], c.events)
		}
	}
	if r := got["sync_incremental"]; len(r) == 1 && (r[0].Runs != c.runs || r[0].P99ms < r[0].P50ms) {
		t.Errorf("sync_incremental: %+v", r[0])
	}
	loads := map[string]result{}
	for _, r := range got["sync_load"] {
		loads[r.Backend] = r
	}
	if r := loads["badger"]; r.Skipped != "" || r.EventsPerSec <= 0 || r.P99ms <= 0 || r.Errors != 0 || r.Clients != c.clients {
		t.Errorf("sync_load on badger: %+v", r)
	}
	pg, ok := loads["postgres"]
	switch {
	case !ok:
		t.Error("no sync_load line for postgres")
	case c.postgres == "" && pg.Skipped == "":
		t.Errorf("sync_load on postgres without a database: %+v, want skipped", pg)
	case c.postgres != "" && (pg.Skipped != "" || pg.EventsPerSec <= 0 || pg.Errors != 0):
		t.Errorf("sync_load on postgres: %+v", pg)
	}
	wantLatency := 2
	if pg.Skipped == "" {
		wantLatency = 4
	}
	if n := len(got["sync_load_push"]) + len(got["sync_load_pull"]); n != wantLatency {
		t.Errorf("%d sync_load_push/pull lines, want %d", n, wantLatency)
	}
}

// TestPostgresUnreachable: a database that does not answer is a skipped
// line, not a failure.
func TestPostgresUnreachable(t *testing.T) {
	_, _, err := freshSchema(context.Background(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if _, ok := skipReason(err); !ok {
		t.Fatalf("err = %v, want a skip", err)
	}
	if _, _, err := freshSchema(context.Background(), ""); err == nil {
		t.Fatal("no DSN: want a skip")
	}
}

func TestPercentiles(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[len(ds)-1-i] = time.Duration(i+1) * time.Millisecond
	}
	l := summarise(ds)
	if l.p50 != 50 || l.p95 != 95 || l.p99 != 99 || l.max != 100 {
		t.Fatalf("summarise = %+v", l)
	}
}
