package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/secret"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

const annPassword = "ann-password-1"

// syncServer is a real sync server on 127.0.0.1 with the user ann.
func syncServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, _ := syncServerWithStore(t)
	return srv
}

// syncServerWithStore is syncServer, also returning its store, where
// tests publish packs.
func syncServerWithStore(t *testing.T) (*httptest.Server, *serverbadger.Store) {
	t.Helper()
	st, err := serverbadger.Open("", serverbadger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, _ := auth.HashPassword(annPassword)
	if _, err := st.CreateUser(context.Background(), store.User{ID: uuid.NewString(), Name: "ann", Role: store.RoleLearner, PasswordHash: hash, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(api.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	return srv, st
}

// eventShell is a fakeShell that also hands every event to the test as it
// happens, with its data.
type eventShell struct {
	*fakeShell
	ch chan emitted
}

type emitted struct {
	name string
	data any
}

func (s *eventShell) Emit(event string, data any) {
	s.fakeShell.Emit(event, data)
	s.ch <- emitted{event, data}
}

// next waits for an event that satisfies ok, passing the others.
func (s *eventShell) next(t *testing.T, what string, ok func(emitted) bool) emitted {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e := <-s.ch:
			if ok(e) {
				return e
			}
		case <-timeout:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// status waits for a sync:status event that satisfies ok.
func (s *eventShell) status(t *testing.T, what string, ok func(SyncStatus) bool) SyncStatus {
	t.Helper()
	e := s.next(t, "status: "+what, func(e emitted) bool {
		st, isStatus := e.data.(SyncStatus)
		return e.name == EventSyncStatus && isStatus && ok(st)
	})
	return e.data.(SyncStatus)
}

func openProfile(t *testing.T) *profile.Profile {
	t.Helper()
	p, err := profile.Open(t.Context(), t.TempDir(), profile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// syncedApp is the app's core over a fresh profile with background sync
// started, its token in the profile's file.
func syncedApp(t *testing.T) (*Core, *eventShell, *profile.Profile, secret.Store, *trayLines) {
	t.Helper()
	shell := &eventShell{fakeShell: &fakeShell{}, ch: make(chan emitted, 10000)}
	core := NewCore(shell, nil, "test")
	p := openProfile(t)
	core.SetLibrary(p.Library, p.Dir)
	core.SetReviews(p.Reviews)
	secrets := secret.New(p.Dir, secret.Options{DisableKeyring: true})
	tray := &trayLines{}
	s := newSyncer(core, p, syncConfig{
		Secrets: func() secret.Store { return secrets },
		Tray:    tray.set,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	core.bgSync = s
	s.start()
	t.Cleanup(s.stop) // before the profile closes
	return core, shell, p, secrets, tray
}

// trayLines records what the tray menu was told about sync.
type trayLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *trayLines) set(text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, text)
}

func (l *trayLines) seen(text string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.lines, text)
}

// otherDevice is a second profile of ann's, synced by a plain client.
func otherDevice(t *testing.T, url string) (*profile.Profile, *syncclient.Client) {
	t.Helper()
	p := openProfile(t)
	var token string
	c := syncclient.New(syncclient.Config{
		Token:  func() (string, error) { return token, nil },
		Store:  syncclient.Local(p.Store, p.Library.RecordMany),
		Device: p.Library.Device(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	resp, err := c.SignIn(t.Context(), url, "ann", annPassword, "", "device b")
	if err != nil {
		t.Fatal(err)
	}
	token = resp.Token
	return p, c
}

const (
	itemA = "inflow.getting-started/bookmarks"
	itemB = "inflow.getting-started/search"
)

func TestBackgroundSync(t *testing.T) {
	srv := syncServer(t)
	core, shell, p, secrets, tray := syncedApp(t)
	svc := NewSyncService(core)
	ctx := t.Context()

	shell.status(t, "signed out at start", func(st SyncStatus) bool { return !st.SignedIn })
	if _, err := svc.SyncNow(); err == nil || !strings.HasPrefix(err.Error(), "invalid: not signed in") {
		t.Fatalf("sync signed out: %v", err)
	}
	if _, err := svc.SignIn(srv.URL, "ann", "wrong"); err == nil || err.Error() != "invalid: wrong user name or password" {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := svc.SignIn(" ", "ann", annPassword); err == nil || !strings.HasPrefix(err.Error(), "invalid: ") {
		t.Fatalf("no server: %v", err)
	}

	// Signing in stores the token and syncs at once.
	st, err := svc.SignIn(srv.URL, "ann", annPassword)
	if err != nil || !st.SignedIn || st.User != "ann" || st.Server != srv.URL {
		t.Fatalf("sign in: %+v %v", st, err)
	}
	if tok, err := secrets.Get(syncclient.TokenKey); err != nil || tok == "" {
		t.Fatalf("token: %q %v", tok, err)
	}
	first := shell.status(t, "synced after sign-in", func(st SyncStatus) bool {
		return st.SignedIn && st.Online && !st.Syncing && !st.LastSuccess.IsZero() && st.LastError == ""
	})

	// A local change is counted pending, then pushed by the background loop.
	if err := p.Library.SetBookmark(ctx, itemA, true); err != nil {
		t.Fatal(err)
	}
	shell.status(t, "a change pending", func(st SyncStatus) bool { return st.Pending > 0 })
	shell.status(t, "the change pushed", func(st SyncStatus) bool {
		return st.Pending == 0 && !st.Syncing && st.LastSuccess.After(first.LastSuccess)
	})
	if !tray.seen("up to date") {
		t.Errorf("tray after a sync: %q", tray.lines)
	}
	pb, b := otherDevice(t, srv.URL)
	if res, err := b.SyncOnce(ctx); err != nil || res.Pulled == 0 {
		t.Fatalf("device b: %+v %v", res, err)
	}
	if on, _ := pb.Library.IsBookmarked(ctx, itemA); !on {
		t.Fatal("the bookmark did not reach device b")
	}

	// Events from the other device reach the views.
	if err := pb.Library.SetBookmark(ctx, itemB, true); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SyncNow(); err != nil {
		t.Fatalf("sync now: %v", err)
	}
	if on, _ := p.Library.IsBookmarked(ctx, itemB); !on {
		t.Fatal("the bookmark of device b did not arrive")
	}
	shell.next(t, "library:changed", func(e emitted) bool { return e.name == EventLibraryChanged })
	shell.next(t, "review:changed", func(e emitted) bool { return e.name == EventReviewChanged })

	// Signing out forgets the token and stops syncing.
	st, err = svc.SignOut()
	if err != nil || st.SignedIn {
		t.Fatalf("sign out: %+v %v", st, err)
	}
	if _, err := secrets.Get(syncclient.TokenKey); !errors.Is(err, secret.ErrNotFound) {
		t.Fatalf("token after sign-out: %v", err)
	}
	if got, err := svc.Status(); err != nil || got.SignedIn || got.User != "ann" {
		t.Fatalf("status after sign-out: %+v %v", got, err)
	}
	if _, err := svc.SyncNow(); err == nil {
		t.Fatal("synced while signed out")
	}

	// Signed in again, an unreachable server shows as offline.
	if _, err := svc.SignIn(srv.URL, "ann", annPassword); err != nil {
		t.Fatal(err)
	}
	shell.status(t, "online again", func(st SyncStatus) bool { return st.SignedIn && st.Online && !st.Syncing })
	srv.Close()
	if _, err := svc.SyncNow(); err == nil || !strings.Contains(err.Error(), "cannot reach the sync server") {
		t.Fatalf("sync with the server down: %v", err)
	}
	shell.status(t, "offline", func(st SyncStatus) bool { return st.SignedIn && !st.Online && !st.Syncing })
	if !tray.seen("offline") {
		t.Errorf("tray offline: %q", tray.lines)
	}
}

// TestSyncBringsTheCatalog: a pack published on the server reaches the
// library, and the views are told.
func TestSyncBringsTheCatalog(t *testing.T) {
	srv, st := syncServerWithStore(t)
	core, shell, _, _, _ := syncedApp(t)
	svc := NewSyncService(core)
	if _, err := svc.SignIn(srv.URL, "ann", annPassword); err != nil {
		t.Fatal(err)
	}
	shell.status(t, "synced after sign-in", func(st SyncStatus) bool { return st.Online && !st.Syncing && !st.LastSuccess.IsZero() })
	if _, err := st.PutPack(t.Context(), inflowtest.Pack("handbook", inflowtest.Item("handbook/ladder", "Ladder inspection checklist")), "carl"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SyncNow(); err != nil {
		t.Fatal(err)
	}
	shell.next(t, "library:changed", func(e emitted) bool { return e.name == EventLibraryChanged })
	if v, err := NewLibraryService(core).Open("handbook/ladder"); err != nil || v.Title != "Ladder inspection checklist" {
		t.Fatalf("published item: %+v %v", v, err)
	}
}

func TestSyncServiceBeforeReady(t *testing.T) {
	svc := NewSyncService(NewCore(nil, nil, "test"))
	if _, err := svc.Status(); err == nil || !strings.HasPrefix(err.Error(), "conflict: ") {
		t.Fatalf("err = %v", err)
	}
	if _, err := svc.SyncNow(); err == nil {
		t.Fatal("synced before the profile opened")
	}
}

func TestSyncText(t *testing.T) {
	on := func(s syncclient.Status) SyncStatus { return SyncStatus{Status: s, SignedIn: true} }
	for _, c := range []struct {
		st   SyncStatus
		want string
	}{
		{SyncStatus{Status: syncclient.Status{Online: true}}, ""},
		{on(syncclient.Status{Syncing: true, Pending: 3}), "syncing…"},
		{on(syncclient.Status{Pending: 3}), "offline, 3 pending"},
		{on(syncclient.Status{}), "offline"},
		{on(syncclient.Status{Online: true, LastError: "x"}), "problem (see Settings)"},
		{on(syncclient.Status{Online: true, Pending: 2}), "2 pending"},
		{on(syncclient.Status{Online: true}), "up to date"},
	} {
		if got := syncText(c.st); got != c.want {
			t.Errorf("syncText(%+v) = %q, want %q", c.st, got, c.want)
		}
	}
}
