package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/pgstore"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// backend names a server store.
type backend string

const (
	backendBadger   backend = "badger"   // serverbadger on disk, as `inflow-server --data DIR` opens it
	backendPostgres backend = "postgres" // pgstore in a fresh schema, as `inflow-server --postgres DSN` opens it
)

// errSkip says a backend cannot run here; its message is the reason.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return e.reason }

// benchServer is a real Inflow server on 127.0.0.1 with the full-copy
// endpoints beside the API.
type benchServer struct {
	url   string
	store store.Store
	close func()
}

// startServer opens a store of the given backend and serves it. The
// server logs nothing (a discarding logger), so log output is not measured.
func startServer(ctx context.Context, c config, b backend, name string) (*benchServer, error) {
	var st store.Store
	var cleanups []func()
	switch b {
	case backendBadger:
		s, err := serverbadger.Open(filepath.Join(c.dir, name), serverbadger.Options{})
		if err != nil {
			return nil, err
		}
		st = s
	case backendPostgres:
		dsn, drop, err := freshSchema(ctx, c.postgres)
		if err != nil {
			return nil, err
		}
		cleanups = append(cleanups, drop)
		s, err := pgstore.Open(ctx, dsn)
		if err != nil {
			drop()
			return nil, errSkip{fmt.Sprintf("open the store: %v", err)}
		}
		st = s
	}
	cleanups = append(cleanups, func() { st.Close() })
	log := slog.New(slog.DiscardHandler)
	mux := http.NewServeMux()
	mux.Handle("/", api.New(api.Config{Store: st, Logger: log}).Handler())
	fc := &fullCopyServer{store: st, dir: filepath.Join(c.dir, name+"-fullcopy")}
	mux.Handle("/fullcopy/", fc.handler())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		return nil, err
	}
	// The timeouts of cmd/inflow-server.
	srv := &http.Server{Handler: labelled(mux), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	go srv.Serve(ln)
	return &benchServer{url: "http://" + ln.Addr().String(), store: st, close: func() {
		srv.Close()
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}}, nil
}

// passwordHash is one argon2id hash shared by every bench user: hashing
// is slow on purpose, and only sign-in checks it.
var passwordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(benchPassword) })

const benchPassword = "bench-password-1"

func (s *benchServer) createUser(ctx context.Context, name string) (store.User, error) {
	hash, err := passwordHash()
	if err != nil {
		return store.User{}, err
	}
	return s.store.CreateUser(ctx, store.User{Name: name, Role: store.RoleLearner, PasswordHash: hash})
}

// token gives a device a token straight from the store, as sign-in would
// (sign-in is rate-limited per address, so 200 devices cannot all use it).
func (s *benchServer) token(ctx context.Context, u store.User, device string) (string, error) {
	tok, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	now := time.Now()
	_, err = s.store.CreateToken(ctx, store.Token{UserID: u.ID, Hash: hash, DeviceID: device, DeviceName: device, Created: now, LastUsed: now})
	return tok, err
}

// wire counts what crosses the clients' TCP connections, the requests,
// the time spent in them (sent until the answer's body is read), and the
// process's CPU time.
type wire struct {
	up, down atomic.Int64
	requests atomic.Int64
	inHTTP   atomic.Int64 // nanoseconds, summed over requests
	mu       sync.Mutex
	cpu      time.Duration // at reset
	first    wireCounts    // at the first GET since reset
}

// wireCounts are the counts since reset, and at the first GET (a sync's
// first pull request: its push phase is over).
type wireCounts struct {
	up, down                      int64
	requests                      int
	http                          time.Duration // in requests, summed
	cpu                           time.Duration // of the process
	firstGet                      time.Time
	upAtFirstGet, downAtFirstGet  int64
	requestsAtFirstGet            int
	httpAtFirstGet, cpuAtFirstGet time.Duration
}

func (w *wire) reset() {
	w.up.Store(0)
	w.down.Store(0)
	w.requests.Store(0)
	w.inHTTP.Store(0)
	w.mu.Lock()
	w.first = wireCounts{}
	w.cpu = cpuTime()
	w.mu.Unlock()
}

func (w *wire) counts() wireCounts {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.first
	c.up, c.down, c.requests = w.up.Load(), w.down.Load(), int(w.requests.Load())
	c.http, c.cpu = time.Duration(w.inHTTP.Load()), cpuTime()-w.cpu
	if c.firstGet.IsZero() {
		c.firstGet = time.Now()
		c.upAtFirstGet, c.downAtFirstGet, c.requestsAtFirstGet = c.up, c.down, c.requests
		c.httpAtFirstGet, c.cpuAtFirstGet = c.http, c.cpu
	}
	return c
}

// client returns an HTTP client whose connections are counted, with up to
// conns kept open to the server.
func (w *wire) client(conns int) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &countedConn{Conn: c, w: w}, nil
		},
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{
		Timeout:       10 * time.Minute,
		Transport:     roundTripFunc(w.roundTrip(tr)),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func (w *wire) roundTrip(tr http.RoundTripper) func(r *http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodGet {
			w.mu.Lock()
			if w.first.firstGet.IsZero() {
				w.first = wireCounts{firstGet: time.Now(), upAtFirstGet: w.up.Load(), downAtFirstGet: w.down.Load(),
					requestsAtFirstGet: int(w.requests.Load()), httpAtFirstGet: time.Duration(w.inHTTP.Load()), cpuAtFirstGet: cpuTime() - w.cpu}
			}
			w.mu.Unlock()
		}
		w.requests.Add(1)
		t := time.Now()
		resp, err := tr.RoundTrip(r)
		if err != nil {
			w.inHTTP.Add(int64(time.Since(t)))
			return nil, err
		}
		resp.Body = &timedBody{ReadCloser: resp.Body, start: t, w: w}
		return resp, nil
	}
}

// timedBody adds the time from sending a request to the end of its
// answer (EOF or Close, whichever is first) to wire.inHTTP.
type timedBody struct {
	io.ReadCloser
	start time.Time
	w     *wire
	done  bool
}

func (b *timedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.finish()
	}
	return n, err
}

func (b *timedBody) Close() error {
	b.finish()
	return b.ReadCloser.Close()
}

func (b *timedBody) finish() {
	if !b.done {
		b.done = true
		b.w.inHTTP.Add(int64(time.Since(b.start)))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type countedConn struct {
	net.Conn
	w *wire
}

func (c *countedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.w.down.Add(int64(n))
	return n, err
}

func (c *countedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.w.up.Add(int64(n))
	return n, err
}

// skipReason returns the reason of an errSkip in err's chain.
func skipReason(err error) (string, bool) {
	var s errSkip
	if errors.As(err, &s) {
		return s.reason, true
	}
	return "", false
}
