package syncclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// assertSameLog fails unless the store holds exactly the server's events
// of the user, with the same content.
func assertSameLog(t *testing.T, srv *fakeServer, user string, stores ...*memStore) {
	t.Helper()
	want, entries := srv.log(user)
	if entries != len(want) {
		t.Fatalf("server log has %d entries for %d events: doubled", entries, len(want))
	}
	for i, st := range stores {
		got := st.snapshot()
		if len(got) != len(want) {
			t.Fatalf("store %d has %d events, server %d", i, len(got), len(want))
		}
		for id, w := range want {
			if got[id] != w {
				t.Fatalf("store %d: event %s is %q, server has %q", i, id, got[id], w)
			}
		}
	}
}

func TestFirstSyncPushesOwnEventsInBatchesAndPullsOthers(t *testing.T) {
	e := newEnv(t)
	others := events("dev-b", t0.Add(-time.Hour), 0, 1500)
	e.srv.store("ada", others...)

	st := newMemStore()
	own := events("dev-a", t0, 0, 2500)
	st.record(own...)
	st.record(others[:10]...) // pulled earlier by some other route: not pushed again
	e.clock.advance(time.Minute)
	c := e.client(st, "dev-a")

	if got := c.Status(context.Background()).Pending; got != 2500 {
		t.Fatalf("Pending before sync = %d, want 2500", got)
	}
	res := mustSync(t, c)
	if got := e.srv.pushes(); !slices.Equal(got, []int{1000, 1000, 500}) {
		t.Fatalf("push batches %v, want [1000 1000 500]", got)
	}
	local := st.snapshot()
	e.srv.mu.Lock()
	pushed := slices.Concat(e.srv.pushIDs...)
	e.srv.mu.Unlock()
	for _, id := range pushed {
		if !strings.Contains(local[id], `"device":"dev-a"`) {
			t.Fatalf("pushed another device's event %s", id)
		}
	}
	if res.Pushed != 2500 || res.Duplicates != 0 || res.Pulled != 1490 || len(res.Rejected) != 0 {
		t.Fatalf("Result %+v, want 2500 pushed, 1490 pulled", res)
	}
	assertSameLog(t, e.srv, "ada", st)
	s := c.Status(context.Background())
	if !s.Online || s.Pending != 0 || s.LastError != "" || s.Syncing || !s.LastSuccess.Equal(e.clock.Now()) || s.Server != e.srv.URL() {
		t.Fatalf("Status %+v", s)
	}
	// 4000 events in pages of at most 1000: 4 pulls.
	if got := e.srv.pullCursors(); !slices.Equal(got, []string{"", "c1000", "c2000", "c3000"}) {
		t.Fatalf("pull cursors %v", got)
	}
}

func TestIncrementalSync(t *testing.T) {
	e := newEnv(t)
	a, b := newMemStore(), newMemStore()
	ca, cb := e.client(a, "dev-a"), e.client(b, "dev-b")
	a.record(events("dev-a", t0, 0, 20)...)
	b.record(events("dev-b", t0, 0, 5)...)
	mustSync(t, ca)
	mustSync(t, cb)
	mustSync(t, ca)

	// More on both sides; only the new ones travel.
	e.clock.advance(time.Hour)
	a.record(events("dev-a", e.clock.Now(), 20, 3)...)
	b.record(events("dev-b", e.clock.Now(), 5, 2)...)
	mustSync(t, cb)
	before := len(e.srv.pushes())
	res := mustSync(t, ca)
	if got := e.srv.pushes()[before:]; !slices.Equal(got, []int{3}) {
		t.Fatalf("incremental pushes %v, want [3]", got)
	}
	if res.Pushed != 3 || res.Pulled != 2 || res.Duplicates != 0 {
		t.Fatalf("Result %+v, want 3 pushed, 2 pulled", res)
	}
	mustSync(t, cb)
	assertSameLog(t, e.srv, "ada", a, b)

	// Nothing new: no push at all, nothing pulled.
	before = len(e.srv.pushes())
	res = mustSync(t, ca)
	if len(e.srv.pushes()) != before || res.Pushed+res.Pulled != 0 {
		t.Fatalf("idle sync pushed %v, result %+v", e.srv.pushes()[before:], res)
	}
}

func TestResumesAfterAFailedBatch(t *testing.T) {
	e := newEnv(t)
	// The second push is stored but its answer is a 500: the client must
	// not advance past it, and the server deduplicates the resend.
	e.srv.set(func(s *fakeServer) {
		s.onPush = func(n int) *pushFault {
			if n == 2 {
				return &pushFault{status: http.StatusInternalServerError, afterStore: true}
			}
			return nil
		}
	})
	st := newMemStore()
	own := events("dev-a", t0, 0, 2500)
	st.record(own...)
	c := e.client(st, "dev-a")

	res, err := c.SyncOnce(context.Background())
	if err == nil || inflow.ErrorCode(err) != inflow.EINTERNAL {
		t.Fatalf("SyncOnce = %v, want the server's failure", err)
	}
	if res.Pushed != 1000 {
		t.Fatalf("Pushed %d before the failure, want 1000", res.Pushed)
	}
	if got := st.setting(".pushCursor"); got != `"`+own[999].ID+`"` {
		t.Fatalf("push cursor %s, want the 1000th event", got)
	}
	if s := c.Status(context.Background()); s.LastError == "" || !s.Online || s.Pending != 1500 {
		t.Fatalf("Status after failure %+v", s)
	}

	res = mustSync(t, c)
	if got := e.srv.pushes(); !slices.Equal(got, []int{1000, 1000, 1000, 500}) {
		t.Fatalf("pushes %v, want the 2nd batch again then the 3rd", got)
	}
	if res.Pushed != 500 || res.Duplicates != 1000 {
		t.Fatalf("Result %+v, want 500 pushed, 1000 duplicates", res)
	}
	assertSameLog(t, e.srv, "ada", st)
}

func TestPullPageAppliedButCursorNotSaved(t *testing.T) {
	e := newEnv(t)
	e.srv.store("ada", events("dev-b", t0, 0, 1500)...)
	st := newMemStore()
	failed := false
	st.failSet = func(key string) error {
		if strings.HasSuffix(key, ".pullCursor") && !failed {
			failed = true
			return errors.New("crash")
		}
		return nil
	}
	c := e.client(st, "dev-a")
	res, err := c.SyncOnce(context.Background())
	if err == nil {
		t.Fatal("SyncOnce succeeded through a failed cursor save")
	}
	if res.Pulled != 1000 || st.len() != 1000 {
		t.Fatalf("after crash: pulled %d, store has %d; want the first page applied", res.Pulled, st.len())
	}
	res = mustSync(t, c)
	if res.Pulled != 500 {
		t.Fatalf("second sync pulled %d new, want 500", res.Pulled)
	}
	if got := e.srv.pullCursors(); !slices.Equal(got, []string{"", "", "c1000"}) {
		t.Fatalf("pull cursors %v, want the first page again", got)
	}
	if st.applied != 1500 {
		t.Fatalf("%d events applied as new, want 1500", st.applied)
	}
	assertSameLog(t, e.srv, "ada", st)
}

func TestRejectedEventIsSkippedAndReported(t *testing.T) {
	e := newEnv(t)
	own := events("dev-a", t0, 0, 5)
	clash := *own[2]
	clash.Data = []byte(`{"other":true}`)
	e.srv.store("ada", &clash) // same id, other content: a conflict
	st := newMemStore()
	st.record(own...)
	c := e.client(st, "dev-a")

	res := mustSync(t, c)
	if len(res.Rejected) != 1 || res.Rejected[0].ID != own[2].ID || res.Rejected[0].Code != inflow.ECONFLICT {
		t.Fatalf("Rejected %+v, want the clashing event", res.Rejected)
	}
	if res.Pushed != 4 {
		t.Fatalf("Pushed %d, want 4", res.Pushed)
	}
	if s := c.Status(context.Background()); !strings.Contains(s.LastError, own[2].ID) || s.Pending != 0 {
		t.Fatalf("Status %+v does not report the rejection", s)
	}
	before := len(e.srv.pushes())
	res = mustSync(t, c)
	if len(e.srv.pushes()) != before || len(res.Rejected) != 0 {
		t.Fatalf("the rejected event was pushed again: %v", e.srv.pushes()[before:])
	}
	if s := c.Status(context.Background()); s.LastError != "" {
		t.Fatalf("LastError %q after a clean sync", s.LastError)
	}
}

func TestUnauthorized(t *testing.T) {
	e := newEnv(t)
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 3)...)
	c := e.client(st, "dev-a")
	e.srv.revoke(e.token)

	_, err := c.SyncOnce(context.Background())
	if !errors.Is(err, ErrSignedOut) || inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("SyncOnce = %v, want ErrSignedOut (invalid)", err)
	}
	s := c.Status(context.Background())
	if !strings.Contains(s.LastError, "run inflow login") || !s.Online || s.Pending != 3 {
		t.Fatalf("Status %+v", s)
	}

	// No token at all: the same, without asking the server.
	c = e.client(st, "dev-a", func(c *Config) { c.Token = func() (string, error) { return "", nil } })
	if _, err := c.SyncOnce(context.Background()); !errors.Is(err, ErrSignedOut) {
		t.Fatalf("SyncOnce without token = %v", err)
	}
}

func TestOffline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	e := newEnv(t)
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 2)...)
	c := e.client(st, "dev-a", func(c *Config) { c.Server = "http://" + addr })
	var seen []Status
	c.OnStatus(func(s Status) { seen = append(seen, s) })

	_, err = c.SyncOnce(context.Background())
	if !errors.Is(err, ErrOffline) {
		t.Fatalf("SyncOnce = %v, want ErrOffline", err)
	}
	s := c.Status(context.Background())
	if s.Online || !strings.Contains(s.LastError, "cannot reach") || s.Pending != 2 || s.Syncing {
		t.Fatalf("Status %+v", s)
	}
	if len(seen) < 2 || !seen[0].Syncing || seen[len(seen)-1].Syncing || seen[len(seen)-1].LastError == "" {
		t.Fatalf("OnStatus saw %+v, want syncing then the failure", seen)
	}
}

func TestConnectionCutMidResponse(t *testing.T) {
	e := newEnv(t)
	e.srv.store("ada", events("dev-b", t0, 0, 1500)...)
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 5)...)

	// One request per connection: 1 push (cut after its events are
	// stored), 2 push again, 3 first pull page (cut in its body), then
	// everything passes.
	proxy := newCutProxy(t, e.srv.URL(), func(conn int) int {
		switch conn {
		case 1:
			return 10
		case 3:
			return 5000
		}
		return -1
	})
	c := e.client(st, "dev-a", func(c *Config) {
		c.Server = proxy.URL()
		c.HTTP = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	})

	res1, err := c.SyncOnce(context.Background())
	if !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "push") {
		t.Fatalf("first SyncOnce = %v, want the push cut off", err)
	}
	if c.Status(context.Background()).Online {
		t.Fatal("Online after a cut connection")
	}
	res2, err := c.SyncOnce(context.Background())
	if !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), "pull") {
		t.Fatalf("second SyncOnce = %v, want the pull cut off", err)
	}
	if res2.Duplicates != 5 || res2.Pushed != 0 {
		t.Fatalf("second sync %+v: the resent push should be all duplicates", res2)
	}
	res3 := mustSync(t, c)
	if total := res1.Pulled + res2.Pulled + res3.Pulled; total != 1500 {
		t.Fatalf("pulled %d new events in all, want 1500", total)
	}
	assertSameLog(t, e.srv, "ada", st)
	if !c.Status(context.Background()).Online {
		t.Fatal("not Online after a clean sync")
	}
}

func TestEventsBelowThePushCursor(t *testing.T) {
	e := newEnv(t)
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 10)...)
	c := e.client(st, "dev-a")
	mustSync(t, c)

	// Committed out of id order: an id a little below the cursor, in
	// its bucket. The next sync finds it.
	late := newEvent("dev-a", t0.Add(5*time.Millisecond), 100)
	st.record(late)
	res := mustSync(t, c)
	if res.Pushed != 1 {
		t.Fatalf("late event in the cursor's bucket: pushed %d, want 1", res.Pushed)
	}

	// Imported history, dated a year ago: found by a full check, which
	// Recheck asks for (and a restarted client does first).
	old := events("dev-a", t0.AddDate(-1, 0, 0), 200, 3)
	st.record(old...)
	if res := mustSync(t, c); res.Pushed != 0 {
		t.Fatalf("pushed %d old events without a full check", res.Pushed)
	}
	c.Recheck()
	if res := mustSync(t, c); res.Pushed != 3 {
		t.Fatalf("after Recheck pushed %d, want 3", res.Pushed)
	}
	assertSameLog(t, e.srv, "ada", st)

	more := events("dev-a", t0.AddDate(0, -6, 0), 300, 2)
	st.record(more...)
	restarted := e.client(st, "dev-a")
	if res := mustSync(t, restarted); res.Pushed != 2 {
		t.Fatalf("restarted client pushed %d, want 2", res.Pushed)
	}
	// Checked buckets are not pushed again.
	before := len(e.srv.pushes())
	restarted.Recheck()
	mustSync(t, restarted)
	if got := e.srv.pushes()[before:]; len(got) != 0 {
		t.Fatalf("a full check with nothing missing pushed %v", got)
	}
	assertSameLog(t, e.srv, "ada", st)
}

func TestPushCursorPassesOnlyOldEventsOfOtherDevices(t *testing.T) {
	e := newEnv(t)
	st := newMemStore()
	old := events("dev-b", t0.Add(-72*time.Hour), 0, 5)
	recent := events("dev-b", t0.Add(-5*time.Minute), 5, 2) // within passMargin
	st.record(old...)
	st.record(recent...)
	c := e.client(st, "dev-a")
	mustSync(t, c)
	if got := st.setting(".pushCursor"); got != `"`+old[4].ID+`"` {
		t.Fatalf("push cursor %s, want the last old event %s", got, old[4].ID)
	}
	// An own event after them moves the cursor to it.
	mine := newEvent("dev-a", t0, 0)
	st.record(mine)
	mustSync(t, c)
	if got := st.setting(".pushCursor"); got != `"`+mine.ID+`"` {
		t.Fatalf("push cursor %s, want own event %s", got, mine.ID)
	}
}

func TestPushSplitsWhatTheServerFindsTooLarge(t *testing.T) {
	e := newEnv(t)
	e.srv.set(func(s *fakeServer) { s.maxBody = 4000 })
	st := newMemStore()
	own := events("dev-a", t0, 0, 40) // about 230 bytes each
	big := newEvent("dev-a", t0.Add(time.Second), 99)
	big.Data = []byte(`{"text":"` + strings.Repeat("x", 5000) + `"}`)
	st.record(own...)
	st.record(big)
	c := e.client(st, "dev-a")
	res := mustSync(t, c)
	if res.Pushed != 40 || len(res.Rejected) != 1 || res.Rejected[0].ID != big.ID || res.Rejected[0].Code != inflow.ETOOLARGE {
		t.Fatalf("Result %+v, want 40 pushed and the big one refused", res)
	}
	// Only bodies under the limit reach the push log; together they
	// carry every event that fits.
	if got := e.srv.pushes(); len(got) < 2 || sum(got) != 40 {
		t.Fatalf("pushes %v, want the 40 events split over several", got)
	}
}

func TestMalformedPulledEventIsSkipped(t *testing.T) {
	e := newEnv(t)
	good := events("dev-b", t0, 0, 3)
	bad := *newEvent("dev-b", t0, 9)
	bad.Device = ""
	e.srv.store("ada", good...)
	e.srv.set(func(s *fakeServer) { s.logs["ada"] = append(s.logs["ada"], bad) }) // slipped past validation
	st := newMemStore()
	res := mustSync(t, e.client(st, "dev-a"))
	if res.Pulled != 3 || len(res.Rejected) != 1 || res.Rejected[0].ID != bad.ID {
		t.Fatalf("Result %+v, want 3 pulled and the malformed one refused", res)
	}
	if st.len() != 3 {
		t.Fatalf("store has %d events", st.len())
	}
}

func TestRateLimited(t *testing.T) {
	e := newEnv(t)
	e.srv.set(func(s *fakeServer) { s.retryAfter = 7 })
	c := e.client(newMemStore(), "dev-a")
	_, err := c.SyncOnce(context.Background())
	var se *ServerError
	if !errors.As(err, &se) || se.Status != http.StatusTooManyRequests || se.RetryAfter != 7*time.Second {
		t.Fatalf("SyncOnce = %v, want a 429 with Retry-After 7s", err)
	}
	if d := c.backoff(1, err); d != 7*time.Second {
		t.Fatalf("backoff after a 429 = %s, want the server's 7s", d)
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	st := newMemStore()
	var tok string
	c := e.client(st, "dev-a", func(c *Config) {
		c.Server = ""
		c.Token = func() (string, error) { return tok, nil }
	})
	if _, err := c.SyncOnce(context.Background()); !errors.Is(err, ErrNoServer) {
		t.Fatalf("SyncOnce before sign-in = %v, want ErrNoServer", err)
	}
	_, err := c.SignIn(context.Background(), e.srv.URL(), "ada", "wrong", "", "laptop")
	if inflow.ErrorCode(err) != inflow.EINVALID || !strings.Contains(err.Error(), "wrong user name or password") {
		t.Fatalf("SignIn with a wrong password = %v", err)
	}
	resp, err := c.SignIn(context.Background(), e.srv.URL()+"/", "ada", "pw", "", "laptop (linux)")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Token == "" || resp.User != "ada" || !strings.Contains(resp.Token, "dev-a") {
		t.Fatalf("SignIn = %+v", resp)
	}
	tok = resp.Token
	st.record(events("dev-a", t0, 0, 2)...)
	if res := mustSync(t, c); res.Pushed != 2 {
		t.Fatalf("Pushed %d after sign-in", res.Pushed)
	}
	s := c.Status(context.Background())
	if s.Server != e.srv.URL() || s.User != "ada" {
		t.Fatalf("Status %+v, want the signed-in account", s)
	}

	// Signing in as someone else starts that account from the beginning.
	e.srv.addUser("bob", "pw2")
	resp, err = c.SignIn(context.Background(), e.srv.URL(), "bob", "pw2", "", "laptop")
	if err != nil {
		t.Fatal(err)
	}
	tok = resp.Token
	if res := mustSync(t, c); res.Pushed != 2 {
		t.Fatalf("new account: pushed %d, want all 2 again", res.Pushed)
	}
	if err := c.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyncOnce(context.Background()); !errors.Is(err, ErrSignedOut) {
		t.Fatalf("SyncOnce after sign-out = %v", err)
	}
}

func TestServerAddress(t *testing.T) {
	for _, tc := range []struct {
		in, want  string
		allowHTTP bool
	}{
		{in: "https://sync.example.com/", want: "https://sync.example.com"},
		{in: "HTTPS://Sync.Example.com:8443/inflow", want: "https://sync.example.com:8443/inflow"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{in: "http://localhost:8080", want: "http://localhost:8080"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080"},
		{in: "http://sync.example.com"},
		{in: "http://sync.example.com", want: "http://sync.example.com", allowHTTP: true},
		{in: "sync.example.com"},
		{in: "ftp://sync.example.com"},
		{in: "https://sync.example.com/?x=1"},
	} {
		got, err := normalizeServer(tc.in, tc.allowHTTP)
		if tc.want == "" {
			if err == nil || inflow.ErrorCode(err) != inflow.EINVALID {
				t.Errorf("normalizeServer(%q) = %q, %v; want an invalid error", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("normalizeServer(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestErrorMapping(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		status int
		body   string
		code   string
	}{
		{400, `{"code":"invalid","message":"bad"}`, inflow.EINVALID},
		{409, `{"code":"not_found","message":"odd but the server's"}`, inflow.ENOTFOUND},
		{429, `{"code":"rate_limited","message":"slow down"}`, inflow.EINTERNAL},
		{403, ``, inflow.EINVALID},
		{404, `not json`, inflow.ENOTFOUND},
		{409, ``, inflow.ECONFLICT},
		{413, ``, inflow.ETOOLARGE},
		{500, ``, inflow.EINTERNAL},
		{502, `<html>`, inflow.EINTERNAL},
	} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			fmt.Fprint(w, tc.body)
		})
		ts := newTestServer(t, h)
		c := e.client(newMemStore(), "dev-a", func(c *Config) { c.Server = ts })
		_, err := c.SyncOnce(context.Background())
		var se *ServerError
		if !errors.As(err, &se) || se.Status != tc.status || inflow.ErrorCode(err) != tc.code || se.Message == "" {
			t.Errorf("HTTP %d %s: error %v (code %s), want code %s", tc.status, tc.body, err, inflow.ErrorCode(err), tc.code)
		}
	}
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}
