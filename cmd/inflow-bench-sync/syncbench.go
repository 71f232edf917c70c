package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

const (
	deviceA     = "bench-device-a"
	deviceB     = "bench-device-b"
	incremental = 50 // new events per incremental sync
)

// device is a profile on disk with a real sync client.
type device struct {
	name   string
	store  *badgerstore.Store
	client *syncclient.Client
	token  string
}

func openDevice(ctx context.Context, c config, name string, srv *benchServer, w *wire, clock *stepClock) (*device, error) {
	st, err := badgerstore.Open(filepath.Join(c.dir, name), badgerstore.Options{})
	if err != nil {
		return nil, err
	}
	d := &device{name: name, store: st}
	d.client = syncclient.New(syncclient.Config{
		Store: syncclient.Local(st, st.RecordMany), Device: name, HTTP: w.client(4), Clock: clock,
		Logger: slog.New(slog.DiscardHandler), Token: func() (string, error) { return d.token, nil },
	})
	resp, err := d.client.SignIn(ctx, srv.url, "ann", benchPassword, "", name)
	if err != nil {
		st.Close()
		return nil, err
	}
	d.token = resp.Token
	return d, nil
}

// syncBench measures the first sync of a device with a long history, the
// first sync of a second device, and incremental syncs after them, each
// beside the full-copy alternative. The server runs on embedded badger.
func syncBench(ctx context.Context, c config, out *emitter) error {
	srv, err := startServer(ctx, c, backendBadger, "sync-server")
	if err != nil {
		return err
	}
	defer srv.close()
	ann, err := srv.createUser(ctx, "ann")
	if err != nil {
		return err
	}
	// The devices' clock stands still during a sync and moves by c.gap
	// between incremental syncs; the history ends before it starts.
	start := time.Now().UTC().Truncate(time.Millisecond).Add(-time.Duration(c.runs+c.fullRuns+1) * c.gap)
	clock := &stepClock{t: start}
	w := &wire{}
	a, err := openDevice(ctx, c, deviceA, srv, w, clock)
	if err != nil {
		return err
	}
	defer a.store.Close()
	gen := newHistory(deviceA, 1)
	setPhase("history")
	t := time.Now()
	for chunk := range slices.Chunk(gen.spread(c.events, start.AddDate(-1, 0, 0), start.Add(-time.Hour)), 10_000) {
		if _, err := a.store.RecordMany(ctx, chunk); err != nil {
			return fmt.Errorf("record history: %w", err)
		}
	}
	logf("device A: %d events recorded in %s", c.events, time.Since(t).Round(time.Millisecond))

	setPhase("first_sync")
	// (a) First sync of device A: push everything, then pull (the server
	// sends the device's own events back; they are known, so not applied).
	w.reset()
	t = time.Now()
	res, err := a.client.SyncOnce(ctx)
	total := time.Since(t)
	if err != nil {
		return fmt.Errorf("first sync of A: %w", err)
	}
	if res.Pushed != c.events || len(res.Rejected) > 0 {
		return fmt.Errorf("first sync of A pushed %d of %d events, %d rejected", res.Pushed, c.events, len(res.Rejected))
	}
	wc := w.counts()
	push := wc.firstGet.Sub(t)
	out.emit(result{Bench: "sync_push", Engine: "inflow", Backend: "badger", Value: val(push.Seconds()), Unit: "s",
		Events: c.events, Seconds: push.Seconds(), EventsPerSec: float64(c.events) / push.Seconds(),
		BytesUp: wc.upAtFirstGet, BytesDown: wc.downAtFirstGet, Requests: wc.requestsAtFirstGet,
		HTTPSeconds: wc.httpAtFirstGet.Seconds(), CPUSeconds: wc.cpuAtFirstGet.Seconds(),
		Target: "<= 2 s", MeetsTarget: meets(push.Seconds(), 2),
		Note: "first SyncOnce of a device with the whole history, up to its first pull request (push batches and the digest check)"})
	out.emit(result{Bench: "sync_first_sync", Engine: "inflow", Backend: "badger", Value: val(total.Seconds()), Unit: "s",
		Events: c.events, Seconds: total.Seconds(), EventsPerSec: float64(c.events) / total.Seconds(),
		BytesUp: wc.up, BytesDown: wc.down, Requests: wc.requests, HTTPSeconds: wc.http.Seconds(), CPUSeconds: wc.cpu.Seconds(),
		Note: "the same whole SyncOnce, including pulling the device's own events back from the server"})
	logf("first sync of A: %s (push %s)", total.Round(time.Millisecond), push.Round(time.Millisecond))

	// (a) A fresh device signs in and pulls everything.
	setPhase("pull")
	b, err := openDevice(ctx, c, deviceB, srv, w, clock)
	if err != nil {
		return err
	}
	defer b.store.Close()
	w.reset()
	t = time.Now()
	res, err = b.client.SyncOnce(ctx)
	pull := time.Since(t)
	if err != nil {
		return fmt.Errorf("first sync of B: %w", err)
	}
	if res.Pulled != c.events {
		return fmt.Errorf("first sync of B pulled %d of %d events", res.Pulled, c.events)
	}
	wc = w.counts()
	out.emit(result{Bench: "sync_pull", Engine: "inflow", Backend: "badger", Value: val(pull.Seconds()), Unit: "s",
		Events: c.events, Seconds: pull.Seconds(), EventsPerSec: float64(c.events) / pull.Seconds(),
		BytesUp: wc.up, BytesDown: wc.down, Requests: wc.requests, HTTPSeconds: wc.http.Seconds(), CPUSeconds: wc.cpu.Seconds(),
		Target: "<= 2 s", MeetsTarget: meets(pull.Seconds(), 2),
		Note: "first SyncOnce of a fresh device (on-disk store): pull pages of 1000 and record them"})
	logf("first sync of B: %s", pull.Round(time.Millisecond))

	// (a) The alternative: upload the whole collection, download it to a
	// fresh device.
	setPhase("fullcopy_upload")
	fcToken, err := srv.token(ctx, ann, deviceA)
	if err != nil {
		return err
	}
	fc := &fullCopyClient{http: w.client(4), url: srv.url, token: fcToken}
	w.reset()
	t = time.Now()
	n, err := fc.upload(ctx, a.store)
	up := time.Since(t)
	if err != nil {
		return err
	}
	wc = w.counts()
	out.emit(result{Bench: "fullcopy_upload", Engine: "fullcopy", Value: val(up.Seconds()), Unit: "s",
		Events: n, Seconds: up.Seconds(), EventsPerSec: float64(n) / up.Seconds(), BytesUp: wc.up, BytesDown: wc.down, Requests: wc.requests,
		HTTPSeconds: wc.http.Seconds(), CPUSeconds: wc.cpu.Seconds(),
		Note: "read the whole log, gzip JSON while uploading; server decodes every event, writes and fsyncs the blob"})
	setPhase("fullcopy_download")
	cst, err := badgerstore.Open(filepath.Join(c.dir, "device-c"), badgerstore.Options{})
	if err != nil {
		return err
	}
	defer cst.Close()
	w.reset()
	t = time.Now()
	n, err = fc.download(ctx, cst)
	down := time.Since(t)
	if err != nil {
		return err
	}
	wc = w.counts()
	out.emit(result{Bench: "fullcopy_download", Engine: "fullcopy", Value: val(down.Seconds()), Unit: "s",
		Events: n, Seconds: down.Seconds(), EventsPerSec: float64(n) / down.Seconds(), BytesUp: wc.up, BytesDown: wc.down, Requests: wc.requests,
		HTTPSeconds: wc.http.Seconds(), CPUSeconds: wc.cpu.Seconds(),
		Note: "download the blob to a fresh device (on-disk store), decode and record the events 1000 at a time"})
	out.emit(result{Bench: "sync_push_ratio", Value: val(up.Seconds() / push.Seconds()), Unit: "x",
		Formula: "fullcopy_upload s / sync_push s (>1: inflow faster)"})
	out.emit(result{Bench: "sync_pull_ratio", Value: val(down.Seconds() / pull.Seconds()), Unit: "x",
		Formula: "fullcopy_download s / sync_pull s (>1: inflow faster)"})

	return incrementalBench(ctx, c, out, a, b, gen, clock, w, fc)
}

// incrementalBench: device A records 50 new events and syncs, then device
// B syncs and pulls them, c.runs times with the clock moving c.gap each
// time; then the same 50 new events are sent the full-copy way.
func incrementalBench(ctx context.Context, c config, out *emitter, a, b *device, gen *history, clock *stepClock, w *wire, fc *fullCopyClient) error {
	var pushes, pulls, cpus []time.Duration
	var up, down int64
	for range c.runs {
		setPhase("record")
		clock.advance(c.gap)
		now := clock.Now()
		if _, err := a.store.RecordMany(ctx, gen.spread(incremental, now.Add(-c.gap+time.Second), now)); err != nil {
			return err
		}
		setPhase("incremental_a")
		w.reset()
		t, cpu := time.Now(), cpuTime()
		res, err := a.client.SyncOnce(ctx)
		d := time.Since(t)
		cpus = append(cpus, cpuTime()-cpu)
		if err != nil {
			return fmt.Errorf("incremental sync of A: %w", err)
		}
		if res.Pushed != incremental {
			return fmt.Errorf("incremental sync of A pushed %d, want %d", res.Pushed, incremental)
		}
		wc := w.counts()
		up, down = up+wc.up, down+wc.down
		pushes = append(pushes, d)
		setPhase("incremental_b")
		t = time.Now()
		res, err = b.client.SyncOnce(ctx)
		d = time.Since(t)
		if err != nil {
			return fmt.Errorf("incremental sync of B: %w", err)
		}
		if res.Pulled != incremental {
			return fmt.Errorf("incremental sync of B pulled %d, want %d", res.Pulled, incremental)
		}
		pulls = append(pulls, d)
	}
	inc, incCPU := summarise(pushes), summarise(cpus)
	out.emit(result{Bench: "sync_incremental", Engine: "inflow", Backend: "badger", Value: val(inc.p99), Unit: "ms",
		Events: incremental, Runs: c.runs, P50ms: inc.p50, P95ms: inc.p95, P99ms: inc.p99, MaxMs: inc.max,
		CPUP50ms: incCPU.p50, CPUP99ms: incCPU.p99,
		BytesUp: up / int64(c.runs), BytesDown: down / int64(c.runs),
		Target: "p99 <= 10 ms", MeetsTarget: meets(inc.p99, 10),
		Note: fmt.Sprintf("device A records %d events, then SyncOnce as after a change (push, digest check of the recent buckets, pull them back); device clock +%s per run; bytes per sync",
			incremental, c.gap)})
	// The sweep that compares every bucket runs in the background every
	// 6 hours (Run's interval syncs); measured apart, forced with Recheck.
	var sweeps []time.Duration
	setPhase("sweep")
	for range max(c.runs/40, 3) {
		a.client.Recheck()
		t := time.Now()
		if _, err := a.client.SyncOnce(ctx); err != nil {
			return fmt.Errorf("sweep of A: %w", err)
		}
		sweeps = append(sweeps, time.Since(t))
	}
	sw := summarise(sweeps)
	out.emit(result{Bench: "sync_background_sweep", Engine: "inflow", Backend: "badger", Value: val(sw.p50), Unit: "ms",
		Runs: len(sweeps), P50ms: sw.p50, P95ms: sw.p95, P99ms: sw.p99, MaxMs: sw.max,
		Note: "a sync that compares every digest bucket with the whole log: at a Client's first sync, after Recheck, and in Run's background syncs every 6 hours, never in a sync made for a change"})
	pl := summarise(pulls)
	out.emit(result{Bench: "sync_incremental_pull", Engine: "inflow", Backend: "badger", Value: val(pl.p99), Unit: "ms",
		Events: incremental, Runs: c.runs, P50ms: pl.p50, P95ms: pl.p95, P99ms: pl.p99, MaxMs: pl.max,
		Target: "p99 <= 10 ms", MeetsTarget: meets(pl.p99, 10),
		Note: "device B, after each run of A: SyncOnce pulls A's new events (its push scan walks A's events of the last 10 minutes)"})
	logf("incremental: A p50 %.1f ms p99 %.1f ms, B p50 %.1f ms p99 %.1f ms", inc.p50, inc.p99, pl.p50, pl.p99)

	// The alternative: every sync after a change uploads the whole
	// collection again.
	setPhase("fullcopy_incremental")
	var uploads []time.Duration
	var n int
	for range c.fullRuns {
		clock.advance(c.gap)
		now := clock.Now()
		if _, err := a.store.RecordMany(ctx, gen.spread(incremental, now.Add(-c.gap+time.Second), now)); err != nil {
			return err
		}
		w.reset()
		t := time.Now()
		var err error
		if n, err = fc.upload(ctx, a.store); err != nil {
			return err
		}
		uploads = append(uploads, time.Since(t))
	}
	fl := summarise(uploads)
	out.emit(result{Bench: "fullcopy_incremental", Engine: "fullcopy", Value: val(fl.p50), Unit: "ms",
		Events: n, Runs: c.fullRuns, P50ms: fl.p50, P95ms: fl.p95, P99ms: fl.p99, MaxMs: fl.max, BytesUp: w.counts().up,
		Note: fmt.Sprintf("%d new events, then upload the whole collection (as fullcopy_upload)", incremental)})
	out.emit(result{Bench: "sync_incremental_ratio", Value: val(fl.p50 / inc.p50), Unit: "x",
		Formula: "fullcopy_incremental p50 / sync_incremental p50 (>1: inflow faster)"})
	out.emit(result{Bench: "sync_incremental_p99_ratio", Value: val(fl.p99 / inc.p99), Unit: "x",
		Formula: "fullcopy_incremental p99 / sync_incremental p99 (>1: inflow faster)"})
	return nil
}
