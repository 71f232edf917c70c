package syncclient

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// Config holds what a Client is built from. Store and Device are required.
type Config struct {
	Server string                 // base URL, http(s)://host[:port][/path]; "" means the one signed in to
	Token  func() (string, error) // the device token; "" means signed out (see TokenFrom)
	Store  LocalStore
	Device string       // this device's id: its events are the ones pushed
	HTTP   *http.Client // nil: 60 s overall, 10 s dial, no redirects
	Clock  inflow.Clock
	Logger *slog.Logger
	Rand   func() float64 // jitter source in [0, 1); nil: math/rand/v2
	// Catalog, if set, receives the server's published packs on every
	// sync (see the package doc); nil: the catalog is not pulled.
	Catalog CatalogSink

	// AllowPlainHTTP allows http:// servers other than this machine.
	AllowPlainHTTP bool
}

// Status is what the UI shows about sync.
type Status struct {
	Online      bool      `json:"online"`  // the server answered the last request
	Pending     int       `json:"pending"` // own events not pushed yet (counted up to PendingScanLimit events)
	LastSuccess time.Time `json:"lastSuccess"`
	LastError   string    `json:"lastError"` // of the last sync: its error, or the events the server rejected
	Syncing     bool      `json:"syncing"`
	Server      string    `json:"server"`
	User        string    `json:"user"`
}

// Result says what one sync did.
type Result struct {
	Pushed     int                   `json:"pushed"`     // events the server stored
	Pulled     int                   `json:"pulled"`     // pulled events that were new here
	Duplicates int                   `json:"duplicates"` // pushed events the server had already
	Rejected   []syncproto.Rejection `json:"rejected"`   // refused by the server, too large, or malformed when pulled
	Catalog    int                   `json:"catalog"`    // catalog changes applied (packs put or removed), also ones found applied already
	// CatalogRejected are catalog packs the library refused (ID is the
	// pack id); each was passed, keeping the copy the library had.
	CatalogRejected []syncproto.Rejection `json:"catalogRejected"`
}

// PendingScanLimit bounds the events Status reads to count pending ones.
const PendingScanLimit = 20000

// Client syncs one profile with one server. Its methods are safe for
// concurrent use; syncs run one at a time.
type Client struct {
	store     LocalStore
	token     func() (string, error)
	device    string
	http      *http.Client
	clock     inflow.Clock
	log       *slog.Logger
	rand      func() float64
	allowHTTP bool
	catalog   CatalogSink

	catalogPage int // catalog changes asked for per request; tests lower it
	maxAnswer   int // bytes of a 2xx answer read at most: maxResponseBytes; tests lower it

	// Schedule of Run and the digest checks; tests shorten them.
	debounce       time.Duration // wait after a change for more changes
	maxDebounce    time.Duration // but sync at most this long after the first
	interval       time.Duration // between syncs when all is well
	backoffMin     time.Duration // first backoff ceiling, doubled per failure
	backoffMax     time.Duration
	fullCheckEvery time.Duration
	timer          func(time.Duration) (<-chan time.Time, func() bool)

	syncMu        sync.Mutex // held by a sync; guards lastFullCheck and lastCheck
	lastFullCheck time.Time
	lastCheck     time.Time // this device's clock at the last check

	mu        sync.Mutex // guards the fields below
	server    string     // configured or signed in to; "" = read sync.account
	serverErr error      // Config.Server was malformed
	st        Status
	online    bool
	recheck   bool
	listeners []func(Status)

	notifyMu sync.Mutex // serialises listener calls, in order of change
	notified Status
}

// New returns a client. It does no I/O.
func New(c Config) *Client {
	if c.Store == nil || c.Device == "" {
		panic("syncclient: Config.Store and Config.Device are required")
	}
	cl := &Client{
		store: c.Store, token: c.Token, device: c.Device, http: c.HTTP,
		clock: c.Clock, log: c.Logger, rand: c.Rand, allowHTTP: c.AllowPlainHTTP,
		catalog: c.Catalog, catalogPage: defaultCatalogPage, maxAnswer: maxResponseBytes,
		debounce: 2 * time.Second, maxDebounce: 30 * time.Second, interval: 5 * time.Minute,
		backoffMin: 2 * time.Second, backoffMax: 5 * time.Minute, fullCheckEvery: 6 * time.Hour,
		timer: func(d time.Duration) (<-chan time.Time, func() bool) {
			t := time.NewTimer(d)
			return t.C, t.Stop
		},
	}
	if cl.token == nil {
		cl.token = func() (string, error) { return "", nil }
	}
	if cl.http == nil {
		cl.http = defaultHTTP()
	}
	if cl.clock == nil {
		cl.clock = inflow.SystemClock{}
	}
	if cl.log == nil {
		cl.log = slog.Default()
	}
	if cl.rand == nil {
		cl.rand = rand.Float64
	}
	if c.Server != "" {
		cl.server, cl.serverErr = normalizeServer(c.Server, c.AllowPlainHTTP)
	}
	return cl
}

// account is whom sync state belongs to: a server and a user on it.
type account struct {
	Server string `json:"server"`
	User   string `json:"user"`
}

// accountKey is the setting holding the account of the last sign-in.
const accountKey = "sync.account"

// key names a setting of this account's sync state.
func (a account) key(name string) string {
	sum := sha256.Sum256([]byte(a.Server + "\n" + a.User))
	return "sync." + hex.EncodeToString(sum[:6]) + "." + name
}

// account returns the account to sync: the configured or signed-in
// server, and the user signed in to it, if known.
func (c *Client) account(ctx context.Context) (account, error) {
	c.mu.Lock()
	server, serr := c.server, c.serverErr
	c.mu.Unlock()
	if serr != nil {
		return account{}, serr
	}
	var saved account
	if _, err := c.store.Setting(ctx, accountKey, &saved); err != nil {
		return account{}, err
	}
	if server == "" {
		server = saved.Server
	}
	if server == "" {
		return account{}, ErrNoServer
	}
	a := account{Server: server}
	if saved.Server == server {
		a.User = saved.User
	}
	return a, nil
}

// OnStatus registers f to be called with the new status after every
// change. Calls come in order, from the goroutine that made the change (a
// sync, Run), so f must return quickly; it may call Status but not
// SyncOnce.
func (c *Client) OnStatus(f func(Status)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listeners = append(c.listeners, f)
}

// Status returns the current status, with Pending counted afresh.
func (c *Client) Status(ctx context.Context) Status {
	if a, err := c.account(ctx); err == nil {
		pending, perr := c.pending(ctx, a)
		last := c.loadLastSuccess(ctx, a)
		c.mu.Lock()
		c.st.Server, c.st.User = a.Server, a.User
		if perr == nil {
			c.st.Pending = pending
		}
		if c.st.LastSuccess.IsZero() {
			c.st.LastSuccess = last
		}
		c.mu.Unlock()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.st
}

// Recheck makes the next sync compare every bucket of the local log with
// what was pushed, to find events recorded below the push cursor. Call it
// after importing history (its events carry ids dated in the past).
func (c *Client) Recheck() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recheck = true
}

func (c *Client) setOnline(v bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.online = v
}

// update changes the status and tells the listeners if it differs from
// what they were last told.
func (c *Client) update(fn func(st *Status)) {
	c.notifyMu.Lock()
	defer c.notifyMu.Unlock()
	c.mu.Lock()
	fn(&c.st)
	st, listeners := c.st, c.listeners
	c.mu.Unlock()
	if sameStatus(st, c.notified) {
		return
	}
	c.notified = st
	for _, f := range listeners {
		f(st)
	}
}

func sameStatus(a, b Status) bool {
	return a.Online == b.Online && a.Pending == b.Pending && a.LastSuccess.Equal(b.LastSuccess) &&
		a.LastError == b.LastError && a.Syncing == b.Syncing && a.Server == b.Server && a.User == b.User
}

// loadLastSuccess reads the saved time of the last complete sync.
func (c *Client) loadLastSuccess(ctx context.Context, a account) time.Time {
	var t time.Time
	if _, err := c.store.Setting(ctx, a.key("lastSuccess"), &t); err != nil {
		c.log.Warn("sync: read last success", "err", err)
	}
	return t
}
