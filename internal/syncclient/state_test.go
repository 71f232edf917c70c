package syncclient

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/secret"
)

func TestCrashBetweenDigestAndCursorSave(t *testing.T) {
	e := newEnv(t)
	st := newMemStore()
	st.record(events("dev-a", t0, 0, 1500)...)
	crashed := false
	st.failSet = func(key string) error {
		if strings.HasSuffix(key, ".pushCursor") && !crashed {
			crashed = true
			return errors.New("crash")
		}
		return nil
	}
	c := e.client(st, "dev-a")
	if _, err := c.SyncOnce(context.Background()); err == nil {
		t.Fatal("SyncOnce succeeded through a failed cursor save")
	}
	res := mustSync(t, c)
	if res.Duplicates != 1000 || res.Pushed != 500 {
		t.Fatalf("resumed sync %+v, want the first batch again as duplicates", res)
	}
	// The resent batch was not counted twice in the digests: a full
	// check finds nothing to push.
	before := len(e.srv.pushes())
	c.Recheck()
	mustSync(t, c)
	if got := e.srv.pushes()[before:]; len(got) != 0 {
		t.Fatalf("full check pushed %v: digests counted the resent batch twice", got)
	}
	assertSameLog(t, e.srv, "ada", st)
}

func TestBelow(t *testing.T) {
	for _, p := range []string{"0190ab", "a", "e4", "x\x00", "\x00", ""} {
		b := below(p)
		if p != "" && !(b < p) {
			t.Errorf("below(%q) = %q, not before the prefix", p, b)
		}
		if p != "" && strings.HasPrefix(b, p) {
			t.Errorf("below(%q) = %q has the prefix", p, b)
		}
	}
	// Listing after below(prefix) starts at the prefix's first id, even
	// one equal to the prefix.
	st := newMemStore()
	for _, id := range []string{"e3", "e4", "e40", "e5"} {
		st.record(&inflow.Event{ID: id})
	}
	evs, _ := st.Events(context.Background(), below("e4"), 10)
	if len(evs) != 3 || evs[0].ID != "e4" {
		t.Fatalf("after below(e4): %v", ids(evs))
	}
}

func TestLocalRecordsThroughTheLibrary(t *testing.T) {
	st := newMemStore()
	var seen []string
	l := Local(st, func(ctx context.Context, evs []*inflow.Event) (int, error) {
		for _, ev := range evs {
			seen = append(seen, ev.ID)
		}
		return st.RecordMany(ctx, evs)
	})
	if n, err := l.RecordMany(context.Background(), events("dev-b", t0, 0, 2)); n != 2 || err != nil {
		t.Fatalf("RecordMany = %d, %v", n, err)
	}
	if len(seen) != 2 {
		t.Fatalf("recorder saw %v", seen)
	}
	if evs, _ := l.Events(context.Background(), "", 10); len(evs) != 2 {
		t.Fatalf("Events through Local: %d", len(evs))
	}
}

func TestTokenFrom(t *testing.T) {
	s := secret.New(t.TempDir(), secret.Options{DisableKeyring: true})
	tok := TokenFrom(s)
	if v, err := tok(); v != "" || err != nil {
		t.Fatalf("no token = %q, %v; want signed out", v, err)
	}
	if err := s.Set(TokenKey, "abc"); err != nil {
		t.Fatal(err)
	}
	if v, err := tok(); v != "abc" || err != nil {
		t.Fatalf("token = %q, %v", v, err)
	}
}
