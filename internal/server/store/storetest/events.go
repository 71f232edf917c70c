package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

func wantResult(t *testing.T, what string, got store.PushResult, stored, dups int, rejected map[string]string) {
	t.Helper()
	if got.Stored != stored || got.Duplicates != dups || len(got.Rejected) != len(rejected) {
		t.Fatalf("%s = %+v; want stored %d, duplicates %d, rejected %v", what, got, stored, dups, rejected)
	}
	for _, r := range got.Rejected {
		if code, ok := rejected[r.ID]; !ok || r.Code != code || r.Message == "" {
			t.Fatalf("%s: rejected %+v; want %v (with a message)", what, r, rejected)
		}
	}
}

func testPushDuplicates(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	wantResult(t, "first push", mustPush(t, s, u.ID, events(0, 3, "dev")), 3, 0, nil)
	wantResult(t, "same again plus one", mustPush(t, s, u.ID, events(0, 4, "dev")), 1, 3, nil)
	// Whitespace inside Data is not content: the same event, spaced out.
	spaced := Event(1, "dev")
	spaced.Data = json.RawMessage("{ \"n\" :\n 1 }")
	wantResult(t, "respaced data", mustPush(t, s, u.ID, []inflow.Event{spaced}), 0, 1, nil)
	got, _ := pullAll(t, s, u.ID, "", 0)
	sameEvents(t, "pulled", got, events(0, 4, "dev"))
	wantResult(t, "empty push", mustPush(t, s, u.ID, nil), 0, 0, nil)
}

func testPushConflict(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	mustPush(t, s, u.ID, events(0, 2, "dev"))
	changed := Event(1, "dev")
	changed.Subject = "pack/other"
	later := Event(0, "dev")
	later.HLC.Logical++
	batch := []inflow.Event{Event(2, "dev"), changed, Event(3, "dev"), later, Event(4, "dev")}
	wantResult(t, "push with conflicts", mustPush(t, s, u.ID, batch), 3, 0,
		map[string]string{EventID(1): inflow.ECONFLICT, EventID(0): inflow.ECONFLICT})
	got, _ := pullAll(t, s, u.ID, "", 0)
	sameEvents(t, "pulled (originals kept)", got, events(0, 5, "dev"))
}

func testPushConflictInBatch(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	changed := Event(0, "dev")
	changed.Data = json.RawMessage(`{"n":-1}`)
	batch := []inflow.Event{Event(0, "dev"), changed, Event(1, "dev"), Event(1, "dev")}
	wantResult(t, "push", mustPush(t, s, u.ID, batch), 2, 1, map[string]string{EventID(0): inflow.ECONFLICT})
	got, _ := pullAll(t, s, u.ID, "", 0)
	sameEvents(t, "pulled", got, events(0, 2, "dev"))
}

func testPushInvalid(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	bad := func(n int, id string, change func(*inflow.Event)) inflow.Event {
		ev := Event(n, "dev")
		if id != "" {
			ev.ID = id
		}
		change(&ev)
		return ev
	}
	upper := strings.ToUpper(EventID(11))
	batch := []inflow.Event{
		Event(0, "dev"),
		bad(10, "not-a-uuid", func(*inflow.Event) {}),
		bad(11, upper, func(*inflow.Event) {}),
		bad(12, "", func(e *inflow.Event) { e.Type = "" }),
		bad(13, "", func(e *inflow.Event) { e.Device = "" }),
		bad(14, "", func(e *inflow.Event) { e.Time = time.Time{} }),
		bad(15, "", func(e *inflow.Event) { e.HLC = inflow.HLC{} }),
		bad(16, "", func(e *inflow.Event) { e.Data = json.RawMessage(`{"n":`) }),
		bad(17, "", func(e *inflow.Event) { e.Subject = strings.Repeat("s", 1000) }),
		Event(1, "dev"),
	}
	want := map[string]string{"not-a-uuid": inflow.EINVALID, upper: inflow.EINVALID}
	for n := 12; n <= 17; n++ {
		want[EventID(n)] = inflow.EINVALID
	}
	wantResult(t, "push", mustPush(t, s, u.ID, batch), 2, 0, want)
	got, _ := pullAll(t, s, u.ID, "", 0)
	sameEvents(t, "pulled", got, events(0, 2, "dev"))
	wantResult(t, "only invalid", mustPush(t, s, u.ID, batch[1:3]), 0, 0,
		map[string]string{"not-a-uuid": inflow.EINVALID, upper: inflow.EINVALID})
}

func testPushUnknownUser(t *testing.T, s store.Store) {
	mustUser(t, s, "alice")
	_, err := s.PushEvents(ctx, uuid.Must(uuid.NewV7()).String(), events(0, 1, "dev"))
	wantCode(t, "PushEvents(unknown user)", err, inflow.ENOTFOUND)
}

func testPushFullBatch(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	batch := events(0, 1000, "dev")
	start := time.Now()
	wantResult(t, "push of 1000", mustPush(t, s, u.ID, batch), 1000, 0, nil)
	t.Logf("push of 1000 new events: %v", time.Since(start))
	start = time.Now()
	wantResult(t, "again", mustPush(t, s, u.ID, batch), 0, 1000, nil)
	t.Logf("push of 1000 duplicates: %v", time.Since(start))
	start = time.Now()
	got, next, err := s.PullEvents(ctx, u.ID, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pull of 1000 events: %v", time.Since(start))
	sameEvents(t, "pulled", got, batch)
	if more, _, _ := s.PullEvents(ctx, u.ID, next, 1000); len(more) != 0 {
		t.Fatalf("%d events after the end", len(more))
	}
}

// testIsolation pushes the same event ids for two users: ids are per user,
// so both are stored, and neither user ever sees the other's.
func testIsolation(t *testing.T, s store.Store) {
	a, b := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	mustPush(t, s, a.ID, events(0, 5, "dev-a"))
	wantResult(t, "same ids for bob", mustPush(t, s, b.ID, events(0, 5, "dev-b")), 5, 0, nil)
	wantResult(t, "bob again", mustPush(t, s, b.ID, events(3, 8, "dev-b")), 3, 2, nil)
	gotA, _ := pullAll(t, s, a.ID, "", 2)
	sameEvents(t, "alice's", gotA, events(0, 5, "dev-a"))
	gotB, _ := pullAll(t, s, b.ID, "", 3)
	sameEvents(t, "bob's", gotB, events(0, 8, "dev-b"))
	if evs, _, err := s.PullEvents(ctx, uuid.Must(uuid.NewV7()).String(), "", 0); err != nil && inflow.ErrorCode(err) != inflow.ENOTFOUND || len(evs) != 0 {
		t.Fatalf("an unknown user pulled %d events, %v", len(evs), err)
	}
}

func testPullPaging(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	mustPush(t, s, u.ID, events(20, 30, "dev"))
	mustPush(t, s, u.ID, events(30, 31, "dev"))
	// A second device's batch, older by the clock: the order is the
	// server's (arrival), not the events' time.
	mustPush(t, s, u.ID, events(0, 14, "dev2"))
	want := append(events(20, 31, "dev"), events(0, 14, "dev2")...)

	all, end := pullAll(t, s, u.ID, "", 0)
	sameEvents(t, "one page", all, want)
	for _, limit := range []int{1, 7, 25, 1000} {
		got, c := pullAll(t, s, u.ID, "", limit)
		sameEvents(t, "pages", got, want)
		if c != end {
			t.Fatalf("limit %d ended at cursor %q, the one-page pull at %q", limit, c, end)
		}
	}
	// A cursor from the middle goes on from there.
	first, mid, err := s.PullEvents(ctx, u.ID, "", 4)
	if err != nil {
		t.Fatal(err)
	}
	rest, _ := pullAll(t, s, u.ID, mid, 6)
	sameEvents(t, "resumed", append(first, rest...), want)
	// New events appear after the old end.
	mustPush(t, s, u.ID, events(100, 103, "dev"))
	more, _ := pullAll(t, s, u.ID, end, 0)
	sameEvents(t, "after the end", more, events(100, 103, "dev"))
}

func testPullCursors(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	evs, c, err := s.PullEvents(ctx, u.ID, "", 10)
	if err != nil || len(evs) != 0 || c != "" {
		t.Fatalf("empty log: %d events, cursor %q, %v; want none and \"\"", len(evs), c, err)
	}
	mustPush(t, s, u.ID, events(0, 3, "dev"))
	_, end := pullAll(t, s, u.ID, "", 0)
	for range 2 {
		evs, c, err := s.PullEvents(ctx, u.ID, end, 10)
		if err != nil || len(evs) != 0 || c != end {
			t.Fatalf("at the end: %d events, cursor %q, %v; want none and %q", len(evs), c, err, end)
		}
	}
	for _, bad := range []string{"x", "-1", "1.5", " 1", "+1", "99999999999999999999999"} {
		_, _, err := s.PullEvents(ctx, u.ID, bad, 10)
		wantCode(t, "PullEvents(cursor "+bad+")", err, inflow.EINVALID)
	}
}
