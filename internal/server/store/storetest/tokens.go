package storetest

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

func hashOf(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func mustToken(t *testing.T, s store.Store, userID, secret, device string) store.Token {
	t.Helper()
	tok, err := s.CreateToken(ctx, store.Token{UserID: userID, Hash: hashOf(secret), DeviceID: device, DeviceName: device + " (linux)"})
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	return tok
}

// sameToken compares tokens field by field (Hash is a slice).
func sameToken(t *testing.T, what string, got, want store.Token) {
	t.Helper()
	if got.ID != want.ID || got.UserID != want.UserID || string(got.Hash) != string(want.Hash) ||
		got.DeviceID != want.DeviceID || got.DeviceName != want.DeviceName || !got.Created.Equal(want.Created) ||
		!got.LastUsed.Equal(want.LastUsed) || got.Revoked != want.Revoked {
		t.Fatalf("%s = %+v, want %+v", what, got, want)
	}
}

func tokenIDs(ts []store.Token) map[string]bool {
	m := map[string]bool{}
	for _, t := range ts {
		m[t.ID] = true
	}
	return m
}

func testTokens(t *testing.T, s store.Store) {
	a, b := mustUser(t, s, "alice"), mustUser(t, s, "bob")
	a1 := mustToken(t, s, a.ID, "secret-a1", "dev-a1")
	if a1.ID == "" || a1.Created.IsZero() || a1.Revoked || a1.UserID != a.ID {
		t.Fatalf("created token = %+v", a1)
	}
	a2 := mustToken(t, s, a.ID, "secret-a2", "dev-a2")
	b1 := mustToken(t, s, b.ID, "secret-b1", "dev-b1")

	got, err := s.TokenByHash(ctx, hashOf("secret-a2"))
	if err != nil {
		t.Fatal(err)
	}
	sameToken(t, "TokenByHash", got, a2)
	_, err = s.TokenByHash(ctx, hashOf("unknown"))
	wantCode(t, "TokenByHash(unknown)", err, inflow.ENOTFOUND)

	mine, err := s.Tokens(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ids := tokenIDs(mine); len(mine) != 2 || !ids[a1.ID] || !ids[a2.ID] {
		t.Fatalf("Tokens(alice) = %+v", mine)
	}
	for _, tok := range mine {
		if tok.ID == a1.ID {
			sameToken(t, "listed token", tok, a1)
		}
	}
	theirs, err := s.Tokens(ctx, b.ID)
	if err != nil || len(theirs) != 1 || theirs[0].ID != b1.ID {
		t.Fatalf("Tokens(bob) = %+v, %v", theirs, err)
	}
	all, err := s.Tokens(ctx, "")
	if ids := tokenIDs(all); err != nil || len(all) != 3 || !ids[a1.ID] || !ids[a2.ID] || !ids[b1.ID] {
		t.Fatalf("Tokens(\"\") = %+v, %v", all, err)
	}
	if none, err := s.Tokens(ctx, uuid.Must(uuid.NewV7()).String()); err != nil || len(none) != 0 {
		t.Fatalf("Tokens(unknown user) = %+v, %v", none, err)
	}
}

func testTokenValidation(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	mustToken(t, s, u.ID, "secret", "dev")
	_, err := s.CreateToken(ctx, store.Token{UserID: u.ID, Hash: hashOf("secret"), DeviceID: "dev2"})
	wantCode(t, "CreateToken(same hash)", err, inflow.ECONFLICT)
	_, err = s.CreateToken(ctx, store.Token{UserID: u.ID, Hash: []byte("short"), DeviceID: "dev"})
	wantCode(t, "CreateToken(short hash)", err, inflow.EINVALID)
	_, err = s.CreateToken(ctx, store.Token{UserID: uuid.Must(uuid.NewV7()).String(), Hash: hashOf("other"), DeviceID: "dev"})
	wantCode(t, "CreateToken(unknown user)", err, inflow.ENOTFOUND)
	if all, _ := s.Tokens(ctx, ""); len(all) != 1 {
		t.Fatalf("%d tokens after failures, want 1", len(all))
	}
}

func testRevokeToken(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	tok := mustToken(t, s, u.ID, "secret", "dev")
	keep := mustToken(t, s, u.ID, "secret-2", "dev2")
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.TokenByHash(ctx, hashOf("secret"))
	wantCode(t, "TokenByHash(revoked)", err, inflow.ENOTFOUND)
	if _, err := s.TokenByHash(ctx, hashOf("secret-2")); err != nil {
		t.Fatalf("another token was revoked too: %v", err)
	}
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatalf("revoking twice: %v", err)
	}
	wantCode(t, "RevokeToken(unknown)", s.RevokeToken(ctx, uuid.Must(uuid.NewV7()).String()), inflow.ENOTFOUND)
	list, err := s.Tokens(ctx, u.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("Tokens = %+v, %v; the revoked token should still be listed", list, err)
	}
	for _, got := range list {
		if got.Revoked != (got.ID == tok.ID) {
			t.Fatalf("listed %+v; only %s is revoked", got, tok.ID)
		}
	}
	_ = keep
}

func testTouchToken(t *testing.T, s store.Store) {
	u := mustUser(t, s, "alice")
	tok := mustToken(t, s, u.ID, "secret", "dev")
	at := time.Date(2026, 4, 5, 6, 7, 8, 123456000, time.UTC)
	if err := s.TouchToken(ctx, tok.ID, at); err != nil {
		t.Fatal(err)
	}
	got, err := s.TokenByHash(ctx, hashOf("secret"))
	if err != nil || !got.LastUsed.Equal(at) {
		t.Fatalf("LastUsed = %v, %v; want %v", got.LastUsed, err, at)
	}
	// A late touch from a slower request does not move it back.
	if err := s.TouchToken(ctx, tok.ID, at.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TokenByHash(ctx, hashOf("secret")); !got.LastUsed.Equal(at) {
		t.Fatalf("LastUsed moved back to %v", got.LastUsed)
	}
	later := at.Add(time.Minute)
	if err := s.TouchToken(ctx, tok.ID, later); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Tokens(ctx, u.ID)
	if len(list) != 1 || !list[0].LastUsed.Equal(later) {
		t.Fatalf("listed after touch = %+v, want LastUsed %v", list, later)
	}
	wantCode(t, "TouchToken(unknown)", s.TouchToken(ctx, uuid.Must(uuid.NewV7()).String(), at), inflow.ENOTFOUND)
}
