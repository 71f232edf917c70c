package syncclient

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// timerReq is a wait Run asked for; the test fires it.
type timerReq struct {
	d    time.Duration
	fire chan time.Time
}

// fakeTimers replaces Run's timers: every wait is handed to the test,
// which decides when it ends, so no test sleeps.
func fakeTimers(t *testing.T, c *Client) <-chan timerReq {
	reqs := make(chan timerReq)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	c.timer = func(d time.Duration) (<-chan time.Time, func() bool) {
		ch := make(chan time.Time, 1)
		select {
		case reqs <- timerReq{d: d, fire: ch}:
		case <-done:
		}
		return ch, func() bool { return true }
	}
	return reqs
}

// nextWait returns Run's next wait. The deadline only guards against a hang.
func nextWait(t *testing.T, reqs <-chan timerReq) timerReq {
	t.Helper()
	select {
	case r := <-reqs:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("Run asked for no timer")
		return timerReq{}
	}
}

// fire lets the wait pass on the fake clock and ends it.
func (e *testEnv) fire(r timerReq) {
	e.clock.advance(r.d)
	r.fire <- e.clock.Now()
}

// startRun runs c.Run until the test ends.
func startRun(t *testing.T, c *Client, changes <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, changes); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

type statusLog struct {
	mu sync.Mutex
	ss []Status
}

func (l *statusLog) add(s Status) { l.mu.Lock(); l.ss = append(l.ss, s); l.mu.Unlock() }
func (l *statusLog) all() []Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Status(nil), l.ss...)
}

func TestRunSyncsAtStartAfterChangesAndPeriodically(t *testing.T) {
	e := newEnv(t)
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 3)...)
	c := e.client(st, "dev-a")
	reqs := fakeTimers(t, c)
	var log statusLog
	c.OnStatus(log.add)
	changes := make(chan struct{})
	startRun(t, c, changes)

	r := nextWait(t, reqs)
	if r.d != 0 {
		t.Fatalf("first wait %s, want an immediate sync", r.d)
	}
	e.fire(r)
	if r = nextWait(t, reqs); r.d != 5*time.Minute {
		t.Fatalf("wait after a sync %s, want 5m", r.d)
	}
	if got := e.srv.pushes(); len(got) != 1 || got[0] != 3 {
		t.Fatalf("pushes %v after start, want [3]", got)
	}

	// Three changes a second apart: one sync, 2 s after the last.
	e.clock.advance(time.Second) // the new events' ids sort after the cursor
	for i := range 3 {
		st.record(newEvent("dev-a", e.clock.Now(), 10+i))
		changes <- struct{}{}
		if r = nextWait(t, reqs); r.d != 2*time.Second {
			t.Fatalf("wait after change %d: %s, want 2s", i, r.d)
		}
		if i < 2 {
			e.clock.advance(time.Second)
		}
	}
	if got := e.srv.pushes(); len(got) != 1 {
		t.Fatalf("synced before the debounce ended: %v", got)
	}
	var pendings []int
	for _, s := range log.all() {
		pendings = append(pendings, s.Pending)
	}
	if !slices.Contains(pendings, 1) || !slices.Contains(pendings, 2) || !slices.Contains(pendings, 3) {
		t.Fatalf("status Pending went %v, want it to count the changes 1,2,3", pendings)
	}
	e.fire(r)
	if r = nextWait(t, reqs); r.d != 5*time.Minute {
		t.Fatalf("wait after the change sync %s, want 5m", r.d)
	}
	if got := e.srv.pushes(); len(got) != 2 || got[1] != 3 {
		t.Fatalf("pushes %v, want one more with the 3 changes", got)
	}

	// The periodic sync pulls what other devices pushed meanwhile.
	e.srv.store("ada", events("dev-b", e.clock.Now(), 0, 4)...)
	e.fire(r)
	nextWait(t, reqs)
	if st.len() != 10 {
		t.Fatalf("store has %d events after the periodic sync, want 10", st.len())
	}
	if s := c.Status(context.Background()); !s.Online || s.Pending != 0 || s.LastError != "" {
		t.Fatalf("Status %+v", s)
	}
}

func TestRunDebounceHasACeiling(t *testing.T) {
	e := newEnv(t)
	c := e.client(newMemStore(), "dev-a")
	reqs := fakeTimers(t, c)
	changes := make(chan struct{})
	startRun(t, c, changes)
	e.fire(nextWait(t, reqs))
	nextWait(t, reqs)

	// A change every 1.9 s never lets 2 s pass; the sync still comes 30 s
	// after the first change.
	first := e.clock.Now()
	var r timerReq
	for i := 0; ; i++ {
		changes <- struct{}{}
		r = nextWait(t, reqs)
		if r.d < 2*time.Second {
			break
		}
		if i > 20 {
			t.Fatal("the debounce never ended")
		}
		e.clock.advance(1900 * time.Millisecond)
	}
	if due := e.clock.Now().Add(r.d); !due.Equal(first.Add(30 * time.Second)) {
		t.Fatalf("sync due %s after the first change, want 30s", due.Sub(first))
	}
	e.fire(r)
	if r = nextWait(t, reqs); r.d != 5*time.Minute {
		t.Fatalf("wait after the capped sync %s", r.d)
	}
}

func TestRunBacksOffWhileOfflineAndResumes(t *testing.T) {
	e := newEnv(t)
	e.srv.set(func(s *fakeServer) { s.drop = true }) // connections die: offline
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 2)...)
	c := e.client(st, "dev-a")
	reqs := fakeTimers(t, c)
	changes := make(chan struct{})
	startRun(t, c, changes)

	e.fire(nextWait(t, reqs))
	// Jitter 0.5 of a ceiling doubling from 2 s to 5 min; never under 1 s.
	want := []time.Duration{
		time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second,
		32 * time.Second, 64 * time.Second, 128 * time.Second, 150 * time.Second, 150 * time.Second,
	}
	var r timerReq
	for i, w := range want {
		r = nextWait(t, reqs)
		if r.d != w {
			t.Fatalf("backoff %d = %s, want %s", i+1, r.d, w)
		}
		if i < len(want)-1 {
			e.fire(r)
		}
	}
	s := c.Status(context.Background())
	if s.Online || !strings.Contains(s.LastError, "cannot reach") || s.Pending != 2 {
		t.Fatalf("Status while offline %+v", s)
	}

	// A local change does not cut the backoff short.
	changes <- struct{}{}
	if r2 := nextWait(t, reqs); r2.d != 150*time.Second {
		t.Fatalf("wait after a change while backing off: %s, want the rest of the backoff", r2.d)
	} else {
		r = r2
	}

	// The server is back: the next try succeeds and the schedule returns
	// to normal.
	e.srv.set(func(s *fakeServer) { s.drop = false })
	e.fire(r)
	if r = nextWait(t, reqs); r.d != 5*time.Minute {
		t.Fatalf("wait after recovery %s, want 5m", r.d)
	}
	s = c.Status(context.Background())
	if !s.Online || s.LastError != "" || s.Pending != 0 || !s.LastSuccess.Equal(e.clock.Now()) {
		t.Fatalf("Status after recovery %+v", s)
	}
	// The failed attempts never reached the handler; one sync pushed.
	if got := e.srv.pushes(); len(got) != 1 || got[0] != 2 {
		t.Fatalf("pushes %v", got)
	}
}

func TestBackoff(t *testing.T) {
	c := New(Config{Store: newMemStore(), Device: "d"})
	offline := &offlineError{err: errors.New("connection refused")}
	for _, tc := range []struct {
		n    int
		rand float64
		err  error
		want time.Duration
	}{
		{1, 0.0, offline, time.Second}, // floor
		{1, 0.9, offline, 1800 * time.Millisecond},
		{2, 0.9, offline, 3600 * time.Millisecond},
		{3, 0.3, offline, 2400 * time.Millisecond},
		{5, 0.99, offline, 31680 * time.Millisecond},
		{8, 1.0, offline, 256 * time.Second},
		{9, 1.0, offline, 5 * time.Minute}, // ceiling reached
		{60, 0.5, offline, 150 * time.Second},
		{1, 0.5, &ServerError{Status: http.StatusTooManyRequests, RetryAfter: 30 * time.Second}, 30 * time.Second},
		{6, 0.9, &ServerError{Status: http.StatusTooManyRequests, RetryAfter: 30 * time.Second}, 57600 * time.Millisecond},
		{1, 0.1, &ServerError{Status: http.StatusUnauthorized}, 5 * time.Minute},
		{1, 0.1, ErrSignedOut, 5 * time.Minute},
	} {
		c.rand = func() float64 { return tc.rand }
		if got := c.backoff(tc.n, tc.err); got != tc.want {
			t.Errorf("backoff(%d) with rand %.2f, %v = %s, want %s", tc.n, tc.rand, tc.err, got, tc.want)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	e := newEnv(t)
	c := e.client(newMemStore(), "dev-a")
	c.interval = time.Hour // real timers: it would wait an hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	synced := make(chan struct{}, 1)
	c.OnStatus(func(s Status) {
		if !s.LastSuccess.IsZero() {
			select {
			case synced <- struct{}{}:
			default:
			}
		}
	})
	go func() { c.Run(ctx, nil); close(done) }()
	<-synced // the sync at start happened
	cancel()
	<-done
}
