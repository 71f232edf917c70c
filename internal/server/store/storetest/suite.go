package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// Opener returns a new, empty store; the suite closes nothing, so the
// opener registers cleanup with t.Cleanup.
type Opener func(t *testing.T) store.Store

// Run runs the conformance suite against stores from open, one fresh store
// per subtest.
func Run(t *testing.T, open Opener) {
	tests := map[string]func(*testing.T, store.Store){
		"UsersCreateAndFind":              testUsersCreateAndFind,
		"UserNamesUniqueIgnoringCase":     testUserNamesUnique,
		"UserNamesRaceOneWins":            testUserNamesRace,
		"UserValidation":                  testUserValidation,
		"UserNotFound":                    testUserNotFound,
		"UpdateUser":                      testUpdateUser,
		"Tokens":                          testTokens,
		"TokenValidation":                 testTokenValidation,
		"RevokeToken":                     testRevokeToken,
		"TouchToken":                      testTouchToken,
		"PushCountsDuplicates":            testPushDuplicates,
		"PushConflictRejectedAlone":       testPushConflict,
		"PushConflictWithinBatch":         testPushConflictInBatch,
		"PushInvalidRejectedAlone":        testPushInvalid,
		"PushUnknownUser":                 testPushUnknownUser,
		"PushFullBatch":                   testPushFullBatch,
		"UsersAreIsolated":                testIsolation,
		"PullPaging":                      testPullPaging,
		"PullCursors":                     testPullCursors,
		"ConcurrentPushers":               func(t *testing.T, s store.Store) { ConcurrentPushers(t, s) },
		"CatalogPutAndChanges":            testCatalogPut,
		"CatalogKeepsLatestChangePerPack": testCatalogLatest,
		"CatalogRemove":                   testCatalogRemove,
		"CatalogValidation":               testCatalogValidation,
		"CatalogPaging":                   testCatalogPaging,
		"ConcurrentPublishers":            func(t *testing.T, s store.Store) { ConcurrentPublishers(t, s) },
		"Blobs":                           testBlobs,
		"BlobMismatch":                    testBlobMismatch,
		"BlobIdempotent":                  testBlobIdempotent,
		"HasBlobs":                        testHasBlobs,
		"CoursePut":                       testCoursePut,
		"CourseRefused":                   testCourseRefused,
		"CourseVersions":                  testCourseVersions,
		"CourseRemove":                    testCourseRemove,
		"CoursesOrder":                    testCoursesOrder,
	}
	names := make([]string, 0, len(tests))
	for n := range tests {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) { tests[n](t, open(t)) })
	}
}

var ctx = context.Background()

// base is the wall clock of the events the suite makes.
var base = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// EventID returns the n-th event id of the suite: a UUIDv7-shaped id in
// canonical form, so runs are repeatable.
func EventID(n int) string { return fmt.Sprintf("%08x-0000-7000-8000-%012x", base.Unix(), n) }

// Event returns a valid event numbered n, made on device.
func Event(n int, device string) inflow.Event {
	at := base.Add(time.Duration(n) * time.Millisecond)
	return inflow.Event{ID: EventID(n), Type: inflow.EventItemViewed, Subject: fmt.Sprintf("pack/item-%d", n),
		Device: device, HLC: inflow.HLC{Wall: at.UnixMilli()}, Time: at,
		Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, n))}
}

// events returns valid events numbered from..to-1.
func events(from, to int, device string) []inflow.Event {
	out := make([]inflow.Event, 0, to-from)
	for n := from; n < to; n++ {
		out = append(out, Event(n, device))
	}
	return out
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := inflow.ErrorCode(err); got != code {
		t.Fatalf("%s: err = %v, want code %q", what, err, code)
	}
}

func mustUser(t *testing.T, s store.Store, name string) store.User {
	t.Helper()
	u, err := s.CreateUser(ctx, store.User{Name: name, Role: store.RoleLearner, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

func mustPush(t *testing.T, s store.Store, userID string, evs []inflow.Event) store.PushResult {
	t.Helper()
	r, err := s.PushEvents(ctx, userID, evs)
	if err != nil {
		t.Fatalf("PushEvents: %v", err)
	}
	return r
}

// pullAll pulls a user's events from cursor to the end in pages of limit,
// and returns them with the final cursor.
func pullAll(t *testing.T, s store.Store, userID, cursor string, limit int) ([]inflow.Event, string) {
	t.Helper()
	var out []inflow.Event
	for range 100000 {
		evs, next, err := s.PullEvents(ctx, userID, cursor, limit)
		if err != nil {
			t.Fatalf("PullEvents(%q): %v", cursor, err)
		}
		if limit > 0 && len(evs) > limit {
			t.Fatalf("PullEvents returned %d events, limit %d", len(evs), limit)
		}
		if len(evs) == 0 {
			if next != cursor {
				t.Fatalf("an empty page moved the cursor from %q to %q", cursor, next)
			}
			return out, cursor
		}
		if next == cursor {
			t.Fatalf("a page of %d events left the cursor at %q", len(evs), cursor)
		}
		out = append(out, evs...)
		cursor = next
	}
	t.Fatal("PullEvents never reached the end")
	return nil, ""
}

// sameEvents fails unless got and want hold the same events in the same
// order, compared by their JSON.
func sameEvents(t *testing.T, what string, got, want []inflow.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d events, want %d", what, len(got), len(want))
	}
	for i := range got {
		g, _ := json.Marshal(got[i])
		w, _ := json.Marshal(want[i])
		if string(g) != string(w) {
			t.Fatalf("%s: event %d = %s, want %s", what, i, g, w)
		}
	}
}
