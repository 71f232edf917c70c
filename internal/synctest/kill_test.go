package synctest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/syncclient"
)

// TestServerKilledDuringPush runs the built server as a process and kills
// it (SIGKILL) twice while a device pushes 20,000 events: once after it
// stored a batch but before the device read the answer, once while the
// device was still sending a batch. After restarts on the same data
// directory, syncing again completes; the server holds every event exactly
// once, what was stored before a kill is counted as duplicates when sent
// again, the device has nothing pending, and a fresh device pulls the same
// log. (5,000 events under -short and -race.)
func TestServerKilledDuringPush(t *testing.T) {
	bin := buildServer(t)
	forEachBackend(t, func(t *testing.T, backend string) { killedDuringPush(t, bin, backend) })
}

func killedDuringPush(t *testing.T, bin, backend string) {
	total := 20_000
	if testing.Short() || raceDetector {
		total = 5_000
	}
	srv := newServerProcess(t, bin, backend)
	srv.addUser(user, password)
	srv.start()

	w := newWorld()
	a := newDevice(t, "laptop", w, 0, 1)
	killer := &killSwitch{base: &http.Transport{}, kill: srv.kill}
	a.signIn(t, srv.URL(), user, password, &http.Client{Transport: killer, Timeout: time.Minute})
	a.views(t, total)
	ctx := context.Background()

	// 1. The second batch is stored, then the server dies before the
	// device reads the answer.
	killer.arm(2, afterAnswer)
	res, err := a.client.SyncOnce(ctx)
	if !errors.Is(err, syncclient.ErrOffline) {
		t.Fatalf("sync while the server is killed: %v, want ErrOffline", err)
	}
	if res.Pushed != 1000 {
		t.Fatalf("pushed %d before the kill, want the first batch of 1000", res.Pushed)
	}
	if st := a.client.Status(ctx); st.Online || st.Pending != total-1000 {
		t.Fatalf("status after the kill: %+v, want offline with %d pending", st, total-1000)
	}
	pushed, duplicates := res.Pushed, res.Duplicates

	// 2. Restarted; the device sends the second batch again (all
	// duplicates), and the server dies half way through the third.
	srv.start()
	killer.arm(2, midBody)
	res, err = a.client.SyncOnce(ctx)
	if !errors.Is(err, syncclient.ErrOffline) {
		t.Fatalf("sync while the server is killed: %v, want ErrOffline", err)
	}
	if res.Pushed != 0 || res.Duplicates != 1000 {
		t.Fatalf("after the restart: %+v, want the second batch again as 1000 duplicates", res)
	}
	pushed, duplicates = pushed+res.Pushed, duplicates+res.Duplicates

	// 3. Restarted again: sync until it succeeds (at once).
	srv.start()
	killer.arm(0, 0)
	for i := 0; ; i++ {
		res, err = a.client.SyncOnce(ctx)
		pushed, duplicates = pushed+res.Pushed, duplicates+res.Duplicates
		if err == nil {
			break
		}
		if i == 3 || !errors.Is(err, syncclient.ErrOffline) {
			t.Fatalf("sync after the restart: %v", err)
		}
	}
	if len(res.Rejected) != 0 {
		t.Fatalf("rejected %+v", res.Rejected)
	}
	// The batch stored before its answer was lost comes back as
	// duplicates; every other event is stored by exactly one push.
	if pushed != total-1000 || duplicates != 1000 {
		t.Errorf("%d stored and %d duplicates over all syncs, want %d and 1000", pushed, duplicates, total-1000)
	}
	if st := a.client.Status(ctx); st.Pending != 0 || !st.Online || st.LastError != "" {
		t.Errorf("status after the last sync: %+v, want nothing pending", st)
	}

	log := a.events(t)
	if len(log) != total {
		t.Fatalf("the device has %d events, want %d", len(log), total)
	}
	assertServerHoldsOnce(t, srv.URL(), a.token, log)
	b := newDevice(t, "desktop", w, 0, 2)
	b.signIn(t, srv.URL(), user, password, nil)
	if res := b.sync(t); res.Pulled != total {
		t.Errorf("a fresh device pulled %d events, want %d", res.Pulled, total)
	}
	assertConverged(t, a, b)
}

// When a killSwitch kills the server during a push.
type killMoment int

const (
	afterAnswer killMoment = iota + 1 // the server answered; the device never reads it
	midBody                           // half the request body is sent
)

// killSwitch is the device's HTTP transport; armed, it kills the server
// during the nth push from then on.
type killSwitch struct {
	base http.RoundTripper
	kill func()

	mu     sync.Mutex
	nth    int
	moment killMoment
}

func (k *killSwitch) arm(nth int, m killMoment) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.nth, k.moment = nth, m
}

// due counts a push and says whether to kill during it, and when.
func (k *killSwitch) due() killMoment {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.nth == 0 {
		return 0
	}
	if k.nth--; k.nth > 0 {
		return 0
	}
	return k.moment
}

func (k *killSwitch) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || req.URL.Path != "/api/v1/events" {
		return k.base.RoundTrip(req)
	}
	switch k.due() {
	case afterAnswer:
		resp, err := k.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, errors.New("the push to kill the server in failed: " + resp.Status)
		}
		k.kill()
		return nil, io.ErrUnexpectedEOF // the answer never arrived
	case midBody:
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = &killingReader{data: body, at: len(body) / 2, kill: k.kill}
		req.GetBody = nil
		return k.base.RoundTrip(req)
	}
	return k.base.RoundTrip(req)
}

// killingReader is a request body that kills the server once the
// transport has read the first at bytes of it.
type killingReader struct {
	data   []byte
	off    int
	at     int
	kill   func()
	killed bool
}

func (r *killingReader) Read(p []byte) (int, error) {
	if r.off >= len(r.data) {
		return 0, io.EOF
	}
	if r.off >= r.at && !r.killed {
		r.killed = true
		r.kill()
	}
	end := len(r.data)
	if !r.killed {
		end = r.at
	}
	n := copy(p, r.data[r.off:end])
	r.off += n
	return n, nil
}

func (r *killingReader) Close() error { return nil }
