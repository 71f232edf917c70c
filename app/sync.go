package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/secret"
	"github.com/inflow-learning/inflow/internal/syncclient"
)

// EventSyncStatus carries a SyncStatus whenever the sync status changes.
const EventSyncStatus = "sync:status"

// SyncStatus is what the app shows about sync: the client's status and
// whether this device holds a token. Server and User stay those of the
// last sign-in after signing out, so the form can offer them again.
type SyncStatus struct {
	syncclient.Status
	SignedIn bool `json:"signedIn"`
}

// syncConfig is what a syncer is built from besides the profile.
type syncConfig struct {
	// Secrets opens the store of the device token. It is called once, off
	// the caller's goroutine: probing the OS keyring can take seconds.
	Secrets func() secret.Store
	Tray    func(text string) // shows a line about sync in the tray menu; nil: no tray
	Logger  *slog.Logger
}

// profileSecrets is the token store the inflow command uses too, so that
// `inflow login` and the app share a sign-in.
func profileSecrets(dir string) func() secret.Store {
	return func() secret.Store {
		return secret.New(dir, secret.Options{Service: "inflow", DisableKeyring: os.Getenv("INFLOW_NO_KEYRING") != ""})
	}
}

// syncer keeps the open profile in sync in the background while the
// device is signed in, and tells the UI: sync status as it changes, and
// a refresh when events pulled from other devices were recorded.
type syncer struct {
	core    *Core
	lib     *library.Library
	client  *syncclient.Client
	secrets func() secret.Store
	tray    func(string)
	log     *slog.Logger

	changes   chan struct{} // local events were recorded: Run syncs soon
	refresh   chan struct{} // pulled events were recorded: views reload
	stopWatch func()
	ctx       context.Context // ends at stop
	cancel    context.CancelFunc
	wg        sync.WaitGroup // Run, the refresher and calls in flight

	mu       sync.Mutex
	stopped  bool
	signedIn bool
	stopRun  context.CancelFunc // ends the running Run; nil when none runs
	runDone  chan struct{}
}

// newSyncer builds the sync client of a profile exactly as the inflow
// command does, and watches the library. Nothing runs until start.
func newSyncer(core *Core, p *profile.Profile, cfg syncConfig) *syncer {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Tray == nil {
		cfg.Tray = func(string) {}
	}
	s := &syncer{
		core: core, lib: p.Library, secrets: sync.OnceValue(cfg.Secrets), tray: cfg.Tray, log: cfg.Logger,
		changes: make(chan struct{}, 1), refresh: make(chan struct{}, 1),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.client = syncclient.New(syncclient.Config{
		Token:   func() (string, error) { return syncclient.TokenFrom(s.secrets())() },
		Store:   syncclient.Local(p.Store, p.RecordPulled),
		Device:  p.Library.Device(),
		Catalog: catalogSink{lib: p.Library, changed: func() { nudge(s.refresh) }},
		Logger:  cfg.Logger,
	})
	s.client.OnStatus(func(st syncclient.Status) { s.publish(s.withSignIn(st)) })
	s.stopWatch = p.Library.Watch(s.watch)
	return s
}

// start reads the token and, when there is one, starts background sync;
// then it publishes the status.
func (s *syncer) start() {
	if !s.begin() {
		return
	}
	go s.refresher()
	if !s.begin() {
		return
	}
	go func() {
		defer s.end()
		token, err := syncclient.TokenFrom(s.secrets())()
		if err != nil {
			s.log.Warn("sync: read the device token", "err", err)
		}
		s.setSignedIn(token != "")
		// Published before Run starts, so it never overtakes what Run reports.
		s.publish(s.status(s.ctx))
		if token != "" {
			s.startRun()
		}
	}()
}

// stop ends background sync and waits for everything it started; the
// profile can be closed afterwards. Safe to call more than once.
func (s *syncer) stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.stopWatch()
	s.cancel()
	s.wg.Wait()
}

// begin counts a call in flight, so stop waits for it; false once stopped.
func (s *syncer) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.wg.Add(1)
	return true
}

func (s *syncer) end() { s.wg.Done() }

var errSyncStopped = inflow.Errorf(inflow.ECONFLICT, "Inflow is shutting down")

// watch hears every stored event. It runs on the recording goroutine (a
// sync, for pulled events), so it only signals.
func (s *syncer) watch(evs []*inflow.Event) {
	local, pulled := false, false
	for _, ev := range evs {
		if s.lib.IsLocal(ev) {
			local = true
		} else {
			pulled = true
		}
	}
	if local {
		nudge(s.changes)
	}
	if pulled {
		nudge(s.refresh)
	}
}

// nudge sends on a channel with a buffer of one without blocking: a
// signal already waiting stands for this one too.
func nudge(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// refresher tells the views to reload after events from other devices
// arrived (library:changed, and review:changed with the tray and reminders,
// course:changed for lesson progress).
func (s *syncer) refresher() {
	defer s.end()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.refresh:
			s.core.emit(EventLibraryChanged, nil)
			s.core.reviewsChanged()
			s.core.coursesChanged() // lesson progress may have come too
		}
	}
}

// catalogSink hands the packs the server publishes to the library, as the
// inflow command does, and tells the views: catalog packs are not events,
// so the watcher does not hear of them.
type catalogSink struct {
	lib     *library.Library
	changed func()
}

var _ syncclient.CatalogSink = catalogSink{}

func (c catalogSink) ApplyPack(ctx context.Context, p *inflow.Pack) (*library.PackReport, error) {
	r, err := c.lib.ApplyPack(ctx, p)
	if err == nil {
		c.changed()
	}
	return r, err
}

func (c catalogSink) RemovePack(ctx context.Context, id string) (*library.PackReport, error) {
	r, err := c.lib.RemovePack(ctx, id)
	if err == nil {
		c.changed()
	}
	return r, err
}

func (c catalogSink) Packs(ctx context.Context) ([]*inflow.PackInfo, error) { return c.lib.Packs(ctx) }

// startRun starts Run (it syncs at once) unless it runs already.
func (s *syncer) startRun() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || s.stopRun != nil {
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan struct{})
	s.stopRun, s.runDone = cancel, done
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(done)
		s.client.Run(ctx, s.changes)
	}()
}

// stopRunning ends Run and waits until it has returned.
func (s *syncer) stopRunning() {
	s.mu.Lock()
	cancel, done := s.stopRun, s.runDone
	s.stopRun, s.runDone = nil, nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (s *syncer) setSignedIn(v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedIn = v
}

func (s *syncer) withSignIn(st syncclient.Status) SyncStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return SyncStatus{Status: st, SignedIn: s.signedIn}
}

// status returns the current status, pending events counted afresh.
func (s *syncer) status(ctx context.Context) SyncStatus {
	return s.withSignIn(s.client.Status(ctx))
}

// publish tells the tray and the frontend.
func (s *syncer) publish(st SyncStatus) {
	if s.ctx.Err() != nil {
		return
	}
	s.tray(syncText(st))
	s.core.emit(EventSyncStatus, st)
}

// syncText is the tray's line about sync ("" hides it: signed out).
func syncText(st SyncStatus) string {
	pending := ""
	if st.Pending > 0 {
		pending = fmt.Sprintf(", %d pending", st.Pending)
	}
	switch {
	case !st.SignedIn:
		return ""
	case st.Syncing:
		return "syncing…"
	case !st.Online:
		return "offline" + pending
	case st.LastError != "":
		return "problem (see Settings)" + pending
	case st.Pending > 0:
		return strings.TrimPrefix(pending, ", ")
	default:
		return "up to date"
	}
}

// shown is called when the window is shown: the person is looking, so
// compare everything on the next sync and sync soon.
func (s *syncer) shown() {
	s.client.Recheck()
	nudge(s.changes)
}

// signIn signs this device in, keeps the token where `inflow login` does,
// and (re)starts background sync, which syncs at once.
func (s *syncer) signIn(server, user, password string) (SyncStatus, error) {
	if !s.begin() {
		return SyncStatus{}, errSyncStopped
	}
	defer s.end()
	server, user = strings.TrimSpace(server), strings.TrimSpace(user)
	if server == "" || user == "" || password == "" {
		return SyncStatus{}, inflow.Errorf(inflow.EINVALID, "enter the server address, your user name and your password")
	}
	host, _ := os.Hostname()
	resp, err := s.client.SignIn(s.ctx, server, user, password, "", fmt.Sprintf("%s (%s, desktop)", host, runtime.GOOS))
	if err != nil {
		return SyncStatus{}, err
	}
	if err := s.secrets().Set(syncclient.TokenKey, resp.Token); err != nil {
		return SyncStatus{}, fmt.Errorf("keep the token: %w", err)
	}
	s.stopRunning() // a new account: no backoff left from the old one
	s.setSignedIn(true)
	st := s.status(s.ctx)
	s.publish(st) // before Run starts, so it never overtakes what Run reports
	s.startRun()
	return st, nil
}

// signOutTimeout bounds telling the server; the token is forgotten here
// anyway.
const signOutTimeout = 10 * time.Second

// signOut stops background sync, asks the server to revoke the token and
// forgets it. Local data stays.
func (s *syncer) signOut() (SyncStatus, error) {
	if !s.begin() {
		return SyncStatus{}, errSyncStopped
	}
	defer s.end()
	s.stopRunning()
	ctx, cancel := context.WithTimeout(s.ctx, signOutTimeout)
	defer cancel()
	if err := s.client.SignOut(ctx); err != nil && !errors.Is(err, syncclient.ErrNoServer) {
		s.log.Warn("sync: the server could not be told of the sign-out; the token is forgotten here anyway", "err", err)
	}
	if err := s.secrets().Delete(syncclient.TokenKey); err != nil && !errors.Is(err, secret.ErrNotFound) {
		return SyncStatus{}, fmt.Errorf("forget the token: %w", err)
	}
	s.setSignedIn(false)
	st := s.status(s.ctx)
	s.publish(st)
	return st, nil
}

// syncNow syncs at once, comparing every bucket of the log (see
// syncclient.Client.Recheck).
func (s *syncer) syncNow() (syncclient.Result, error) {
	if !s.begin() {
		return syncclient.Result{}, errSyncStopped
	}
	defer s.end()
	s.mu.Lock()
	in := s.signedIn
	s.mu.Unlock()
	if !in {
		return syncclient.Result{}, inflow.Errorf(inflow.EINVALID, "not signed in: sign in to a sync server first")
	}
	s.client.Recheck()
	return s.client.SyncOnce(s.ctx)
}

// startSync starts background sync of an open profile.
func (c *Core) startSync(p *profile.Profile, tray func(string), log *slog.Logger) {
	s := newSyncer(c, p, syncConfig{Secrets: profileSecrets(p.Dir), Tray: tray, Logger: log})
	c.mu.Lock()
	c.bgSync = s
	c.mu.Unlock()
	s.start()
}

// stopSync ends background sync; safe when it never started.
func (c *Core) stopSync() {
	c.mu.RLock()
	s := c.bgSync
	c.mu.RUnlock()
	if s != nil {
		s.stop()
	}
}

// getSync returns background sync, once the profile is open.
func (c *Core) getSync() (*syncer, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.bgSync == nil {
		return nil, inflow.Errorf(inflow.ECONFLICT, "the library is still opening")
	}
	return c.bgSync, nil
}

// windowShown is called by the shell whenever the window is shown.
func (c *Core) windowShown() {
	c.mu.RLock()
	s := c.bgSync
	c.mu.RUnlock()
	if s != nil {
		s.shown()
	}
}
