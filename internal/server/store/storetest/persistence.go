package storetest

import (
	"testing"

	"github.com/inflow-learning/inflow/internal/server/store"
)

// Persistence stores users, a token, events, a pack, a blob and a course in s, closes it,
// and checks that the store reopen returns holds them all and carries on
// from where s stopped. reopen registers its own cleanup.
func Persistence(t *testing.T, s store.Store, reopen func(t *testing.T) store.Store) {
	u := mustUser(t, s, "keeper")
	tok := mustToken(t, s, u.ID, "kept-secret", "dev")
	mustPush(t, s, u.ID, events(0, 50, "dev"))
	_, cursor := pullAll(t, s, u.ID, "", 0)
	mustPut(t, s, Pack("kept", Item("kept/a", "A")))
	_, catCursor := changesFrom(t, s, "", 0)
	img, sha := BlobData(99, 2*store.BlobChunk+5)
	mustBlob(t, s, img, sha)
	kept := mustCourse(t, s, Course("kept", "1", FileOf("a.png", img, sha)), "keeper")
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = reopen(t)
	got, err := s.UserByName(ctx, "keeper")
	if err != nil || !sameUser(got, u) {
		t.Fatalf("user after reopen = %+v, %v; want %+v", got, err, u)
	}
	gotTok, err := s.TokenByHash(ctx, hashOf("kept-secret"))
	if err != nil {
		t.Fatalf("token after reopen: %v", err)
	}
	sameToken(t, "token after reopen", gotTok, tok)
	evs, end := pullAll(t, s, u.ID, "", 0)
	sameEvents(t, "events after reopen", evs, events(0, 50, "dev"))
	if end != cursor {
		t.Fatalf("cursor after reopen %q, before %q", end, cursor)
	}
	wantResult(t, "push after reopen", mustPush(t, s, u.ID, events(40, 60, "dev")), 10, 10, nil)
	more, _ := pullAll(t, s, u.ID, cursor, 0)
	sameEvents(t, "new events after reopen", more, events(50, 60, "dev"))
	cs, _ := changesFrom(t, s, "", 0)
	wantChanges(t, "catalog after reopen", cs, "kept put [kept/a]")
	mustPut(t, s, Pack("new", Item("new/a", "A")))
	cs, _ = changesFrom(t, s, catCursor, 0)
	wantChanges(t, "catalog changes after reopen", cs, "new put [new/a]")
	if got := readBlob(t, s, sha); string(got) != string(img) {
		t.Fatal("blob after reopen differs")
	}
	if _, info, err := s.Course(ctx, "kept"); err != nil || info.Digest != kept.Digest || !info.Updated.Equal(kept.Updated) {
		t.Fatalf("course after reopen = %+v, %v; want %+v", info, err, kept)
	}
}
