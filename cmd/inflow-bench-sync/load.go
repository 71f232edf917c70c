package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// loadBench runs c.clients devices against one server for c.duration, all
// at once: two devices per user, each pushing c.batch new events and then
// pulling until the server has no more (its own events and its partner's),
// over and over. The clients are raw HTTP clients speaking syncproto with
// no local store, so that the client side costs little besides HTTP and
// JSON and the measurement is about the server; they run in this process,
// so they share its two cores with the server.
func loadBench(ctx context.Context, c config, out *emitter, b backend) error {
	srv, err := startServer(ctx, c, b, "load-"+string(b))
	if reason, ok := skipReason(err); ok {
		out.emit(result{Bench: "sync_load", Backend: string(b), Skipped: reason})
		logf("load, %s: skipped: %s", b, reason)
		return nil
	} else if err != nil {
		return err
	}
	defer srv.close()
	setPhase("load_" + string(b))
	w := &wire{}
	httpc := w.client(c.clients)
	clients := make([]*loadClient, c.clients)
	for i := range clients {
		if i%2 == 0 {
			u, err := srv.createUser(ctx, fmt.Sprintf("load%04d", i/2))
			if err != nil {
				return err
			}
			clients[i] = &loadClient{}
			clients[i].token, err = srv.token(ctx, u, fmt.Sprintf("load-%04d-a", i/2))
			if err != nil {
				return err
			}
			if i+1 < len(clients) {
				clients[i+1] = &loadClient{}
				clients[i+1].token, err = srv.token(ctx, u, fmt.Sprintf("load-%04d-b", i/2))
				if err != nil {
					return err
				}
			}
		}
		dev := fmt.Sprintf("load-%04d-%c", i/2, 'a'+i%2)
		clients[i].gen = newHistory(dev, uint64(i+10))
		clients[i].http, clients[i].url, clients[i].batch = httpc, srv.url, c.batch
	}
	logf("load, %s: %d clients for %s", b, c.clients, c.duration)
	w.reset()
	base := time.Now().Add(-24 * time.Hour).Truncate(time.Millisecond)
	startGate := make(chan struct{})
	var wg sync.WaitGroup
	var deadline time.Time
	for _, cl := range clients {
		wg.Go(func() {
			<-startGate
			cl.run(ctx, base, deadline)
		})
	}
	t := time.Now()
	deadline = t.Add(c.duration)
	close(startGate)
	wg.Wait()
	elapsed := time.Since(t)
	wc := w.counts()

	var pushes, pulls []time.Duration
	stored, pulled, errs := 0, 0, 0
	var firstErr error
	for _, cl := range clients {
		pushes, pulls = append(pushes, cl.pushes...), append(pulls, cl.pulls...)
		stored, pulled, errs = stored+cl.stored, pulled+cl.pulled, errs+cl.errors
		if firstErr == nil {
			firstErr = cl.firstErr
		}
	}
	if firstErr != nil {
		logf("load, %s: %d failed requests, the first: %v", b, errs, firstErr)
	}
	all := summarise(append(append([]time.Duration{}, pushes...), pulls...))
	note := fmt.Sprintf("%d raw HTTP clients (2 devices per user), each: push %d new events, pull until no more; repeat for %s", c.clients, c.batch, c.duration)
	if b == backendPostgres {
		note += "; pgxpool as the DSN says (its default: 4 connections here)"
	} else {
		note += "; badger on disk, synced writes"
	}
	out.emit(result{Bench: "sync_load", Engine: "inflow", Backend: string(b), Value: val(float64(stored) / elapsed.Seconds()), Unit: "events/s",
		Events: stored, Seconds: elapsed.Seconds(), EventsPerSec: float64(stored) / elapsed.Seconds(), PulledPerSec: float64(pulled) / elapsed.Seconds(),
		Clients: c.clients, Requests: len(pushes) + len(pulls), P50ms: all.p50, P95ms: all.p95, P99ms: all.p99, MaxMs: all.max,
		BytesUp: wc.up, BytesDown: wc.down, CPUSeconds: wc.cpu.Seconds(), Errors: errs, Note: note + "; eventsPerSec counts events stored, pulledPerSec events delivered"})
	for _, l := range []struct {
		name string
		ds   []time.Duration
	}{{"sync_load_push", pushes}, {"sync_load_pull", pulls}} {
		s := summarise(l.ds)
		out.emit(result{Bench: l.name, Engine: "inflow", Backend: string(b), Value: val(s.p99), Unit: "ms", Clients: c.clients,
			Requests: len(l.ds), P50ms: s.p50, P95ms: s.p95, P99ms: s.p99, MaxMs: s.max})
	}
	logf("load, %s: %.0f events/s stored, %.0f pulled, p99 %.1f ms, %d errors", b, float64(stored)/elapsed.Seconds(), float64(pulled)/elapsed.Seconds(), all.p99, errs)
	return nil
}

// loadClient is one device of the load test.
type loadClient struct {
	http  *http.Client
	url   string
	token string
	batch int
	gen   *history

	cursor         string
	pushes, pulls  []time.Duration
	stored, pulled int
	errors         int
	firstErr       error
}

func (l *loadClient) run(ctx context.Context, base, deadline time.Time) {
	for k := 0; time.Now().Before(deadline); {
		evs := make([]inflow.Event, l.batch)
		for i := range evs {
			evs[i] = *l.gen.next(base.Add(time.Duration(k) * time.Millisecond))
			k++
		}
		body, _ := json.Marshal(syncproto.PushRequest{Events: evs})
		var resp syncproto.PushResponse
		t := time.Now()
		err := l.do(ctx, http.MethodPost, "/api/v1/events", nil, body, &resp)
		l.pushes = append(l.pushes, time.Since(t))
		if l.failed(err) {
			continue
		}
		l.stored += resp.Stored
		for {
			var page struct {
				Events []json.RawMessage `json:"events"`
				Cursor string            `json:"cursor"`
				More   bool              `json:"more"`
			}
			q := url.Values{"after": {l.cursor}, "limit": {strconv.Itoa(syncproto.MaxBatch)}}
			t := time.Now()
			err := l.do(ctx, http.MethodGet, "/api/v1/events", q, nil, &page)
			l.pulls = append(l.pulls, time.Since(t))
			if l.failed(err) {
				break
			}
			l.pulled += len(page.Events)
			l.cursor = page.Cursor
			if !page.More {
				break
			}
		}
	}
}

func (l *loadClient) failed(err error) bool {
	if err != nil {
		l.errors++
		if l.firstErr == nil {
			l.firstErr = err
		}
	}
	return err != nil
}

// do sends one request and decodes a 200 answer into v.
func (l *loadClient) do(ctx context.Context, method, path string, q url.Values, body []byte, v any) error {
	u := l.url + path
	if q != nil {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+l.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b)
	}
	return json.Unmarshal(b, v)
}
