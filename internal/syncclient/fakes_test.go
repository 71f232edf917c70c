package syncclient

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// ---- local store ----

// memStore is an in-memory LocalStore: a log in id order, applied
// idempotently, and JSON settings.
type memStore struct {
	mu       sync.Mutex
	byID     map[string]*inflow.Event
	ids      []string // sorted
	settings map[string][]byte
	applied  int // events RecordMany found new, over all calls
	// failSet, if set, may fail a SetSetting (a crash before the write).
	failSet func(key string) error
}

var _ LocalStore = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{byID: map[string]*inflow.Event{}, settings: map[string][]byte{}}
}

func cloneEvent(ev *inflow.Event) *inflow.Event {
	c := *ev
	c.Data = slices.Clone(ev.Data)
	return &c
}

func (m *memStore) Events(ctx context.Context, after string, limit int) ([]*inflow.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, found := slices.BinarySearch(m.ids, after)
	if found {
		i++
	}
	var out []*inflow.Event
	for ; i < len(m.ids) && len(out) < limit; i++ {
		out = append(out, cloneEvent(m.byID[m.ids[i]]))
	}
	return out, nil
}

func (m *memStore) RecordMany(ctx context.Context, evs []*inflow.Event) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, ev := range evs {
		if m.insert(ev) {
			n++
		}
	}
	m.applied += n
	return n, nil
}

// record stores events made on this device (as the library would).
func (m *memStore) record(evs ...*inflow.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ev := range evs {
		m.insert(ev)
	}
}

func (m *memStore) insert(ev *inflow.Event) bool {
	if _, ok := m.byID[ev.ID]; ok {
		return false
	}
	i, _ := slices.BinarySearch(m.ids, ev.ID)
	m.ids = slices.Insert(m.ids, i, ev.ID)
	m.byID[ev.ID] = cloneEvent(ev)
	return true
}

func (m *memStore) Setting(ctx context.Context, key string, v any) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.settings[key]
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal(b, v)
}

func (m *memStore) SetSetting(ctx context.Context, key string, v any) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failSet != nil {
		if err := m.failSet(key); err != nil {
			return err
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	m.settings[key] = b
	return nil
}

// setting returns a setting whose key ends with suffix (sync keys carry
// an account hash), as JSON text.
func (m *memStore) setting(suffix string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, v := range m.settings {
		if strings.HasSuffix(k, suffix) {
			return string(v)
		}
	}
	return ""
}

// snapshot returns id → JSON of every event.
func (m *memStore) snapshot() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]string{}
	for id, ev := range m.byID {
		b, _ := json.Marshal(ev)
		out[id] = string(b)
	}
	return out
}

func (m *memStore) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.ids)
}

// ---- events ----

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// eventID is a UUIDv7 whose time is at and whose other bits hash parts.
func eventID(at time.Time, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	var u uuid.UUID
	copy(u[:], sum[:])
	ms := uint64(at.UnixMilli())
	for i := range 6 {
		u[i] = byte(ms >> (40 - 8*i))
	}
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}

// newEvent makes the n-th event of a device, at the given time.
func newEvent(device string, at time.Time, n int) *inflow.Event {
	return &inflow.Event{
		ID:      eventID(at, device, strconv.Itoa(n)),
		Type:    inflow.EventItemViewed,
		Subject: fmt.Sprintf("item-%d", n%17),
		Device:  device,
		HLC:     inflow.HLC{Wall: at.UnixMilli(), Logical: uint32(n)},
		Time:    at,
		Data:    json.RawMessage(fmt.Sprintf(`{"n":%d}`, n)),
	}
}

// events makes count events of a device, one millisecond apart from start.
func events(device string, start time.Time, first, count int) []*inflow.Event {
	evs := make([]*inflow.Event, count)
	for i := range evs {
		evs[i] = newEvent(device, start.Add(time.Duration(i)*time.Millisecond), first+i)
	}
	return evs
}

// ---- clock ----

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// ---- server ----

// pushFault makes the server fail one push.
type pushFault struct {
	status     int  // HTTP status to answer
	afterStore bool // store the events first (the answer is what fails)
}

// fakeServer implements the syncproto endpoints over an in-memory log per
// user, with faults to inject.
type fakeServer struct {
	t   *testing.T
	srv *httptest.Server

	mu        sync.Mutex
	passwords map[string]string            // user → password
	tokens    map[string]string            // token → user
	logs      map[string][]inflow.Event    // user → log in server order
	content   map[string]map[string][]byte // user → id → canonical JSON
	pushSizes []int                        // events per push request, in order
	pushIDs   [][]string
	pulls     []string // the after cursor of every pull

	// The catalog: the latest change of each pack, in order (see publish).
	catalogLog  []fakeChange
	catalogSeq  int
	catalogGets []string // the after cursor of every catalog request
	// cutCatalog, if set, cuts the answer to the n-th catalog request
	// (from 1) half way through its body when it returns true.
	cutCatalog func(n int) bool

	// Faults.
	onPush     func(n int) *pushFault // n counts push requests from 1
	down       bool                   // answer 503 to everything
	drop       bool                   // close connections without answering
	retryAfter int                    // answer 429 with this Retry-After
	maxBody    int                    // refuse larger push bodies with 413
}

func newFakeServer(t *testing.T) *fakeServer {
	s := &fakeServer{
		t: t, passwords: map[string]string{}, tokens: map[string]string{},
		logs: map[string][]inflow.Event{}, content: map[string]map[string][]byte{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/signin", s.signin)
	mux.HandleFunc("POST /api/v1/signout", s.auth(s.signout))
	mux.HandleFunc("POST /api/v1/events", s.auth(s.push))
	mux.HandleFunc("GET /api/v1/events", s.auth(s.pull))
	mux.HandleFunc("GET /api/v1/catalog", s.auth(s.catalog))
	s.srv = httptest.NewServer(s.faults(mux)) // listens on 127.0.0.1
	t.Cleanup(s.srv.Close)
	return s
}

func (s *fakeServer) URL() string { return s.srv.URL }

// addUser creates a user and returns a token for it.
func (s *fakeServer) addUser(user, password string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.passwords[user] = password
	tok := "tok-" + user + "-" + strconv.Itoa(len(s.tokens))
	s.tokens[tok] = user
	return tok
}

func (s *fakeServer) revoke(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, tok)
}

func (s *fakeServer) set(f func(s *fakeServer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// store appends events to a user's log as if another device pushed them.
func (s *fakeServer) store(user string, evs ...*inflow.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range evs {
		s.storeLocked(user, *ev)
	}
}

func (s *fakeServer) storeLocked(user string, ev inflow.Event) (stored bool, rej *syncproto.Rejection) {
	if ev.ID == "" || ev.Type == "" || ev.Device == "" || ev.HLC == (inflow.HLC{}) {
		return false, &syncproto.Rejection{ID: ev.ID, Code: inflow.EINVALID, Message: "malformed event"}
	}
	b, _ := json.Marshal(ev)
	if s.content[user] == nil {
		s.content[user] = map[string][]byte{}
	}
	if old, ok := s.content[user][ev.ID]; ok {
		if string(old) == string(b) {
			return false, nil
		}
		return false, &syncproto.Rejection{ID: ev.ID, Code: inflow.ECONFLICT, Message: "another event has this id"}
	}
	s.content[user][ev.ID] = b
	s.logs[user] = append(s.logs[user], ev)
	return true, nil
}

// log returns id → JSON of a user's events, and how many entries the log has.
func (s *fakeServer) log(user string) (map[string]string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for _, ev := range s.logs[user] {
		b, _ := json.Marshal(ev)
		out[ev.ID] = string(b)
	}
	return out, len(s.logs[user])
}

func (s *fakeServer) pushes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.pushSizes)
}

func (s *fakeServer) pullCursors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.pulls)
}

func (s *fakeServer) faults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		down, drop, retry := s.down, s.drop, s.retryAfter
		s.mu.Unlock()
		switch {
		case drop:
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		case down:
			writeError(w, http.StatusServiceUnavailable, inflow.EINTERNAL, "maintenance")
		case retry > 0:
			w.Header().Set("Retry-After", strconv.Itoa(retry))
			writeError(w, http.StatusTooManyRequests, inflow.EINVALID, "slow down")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(syncproto.ErrorResponse{Code: code, Message: msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

type userKey struct{}

func (s *fakeServer) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		user, known := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !known {
			writeError(w, http.StatusUnauthorized, inflow.EINVALID, "token revoked")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), userKey{}, user)))
	}
}

func (s *fakeServer) signin(w http.ResponseWriter, r *http.Request) {
	var req syncproto.SignInRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, inflow.EINVALID, err.Error())
		return
	}
	s.mu.Lock()
	pw, ok := s.passwords[req.User]
	tok := fmt.Sprintf("tok-%s-%s-%d", req.User, req.DeviceID, len(s.tokens))
	if ok && pw == req.Password {
		s.tokens[tok] = req.User
	}
	s.mu.Unlock()
	if !ok || pw != req.Password {
		writeError(w, http.StatusUnauthorized, inflow.EINVALID, "wrong user or password")
		return
	}
	writeJSON(w, syncproto.SignInResponse{Token: tok, User: req.User, Role: "learner"})
}

func (s *fakeServer) signout(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.revoke(tok)
	w.WriteHeader(http.StatusNoContent)
}

func (s *fakeServer) push(w http.ResponseWriter, r *http.Request) {
	user := r.Context().Value(userKey{}).(string)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, syncproto.MaxBodyBytes))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, inflow.ETOOLARGE, err.Error())
		return
	}
	var req syncproto.PushRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, inflow.EINVALID, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maxBody > 0 && len(body) > s.maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, inflow.ETOOLARGE, "body too large")
		return
	}
	if len(req.Events) > syncproto.MaxBatch {
		s.t.Errorf("push of %d events, over MaxBatch", len(req.Events))
	}
	s.pushSizes = append(s.pushSizes, len(req.Events))
	ids := make([]string, len(req.Events))
	for i, ev := range req.Events {
		ids[i] = ev.ID
	}
	s.pushIDs = append(s.pushIDs, ids)
	var fault *pushFault
	if s.onPush != nil {
		fault = s.onPush(len(s.pushSizes))
	}
	if fault != nil && !fault.afterStore {
		writeError(w, fault.status, inflow.EINTERNAL, "injected failure")
		return
	}
	var resp syncproto.PushResponse
	for _, ev := range req.Events {
		stored, rej := s.storeLocked(user, ev)
		switch {
		case rej != nil:
			resp.Rejected = append(resp.Rejected, *rej)
		case stored:
			resp.Stored++
		default:
			resp.Duplicates++
		}
	}
	if fault != nil {
		writeError(w, fault.status, inflow.EINTERNAL, "injected failure after storing")
		return
	}
	writeJSON(w, resp)
}

func (s *fakeServer) pull(w http.ResponseWriter, r *http.Request) {
	user := r.Context().Value(userKey{}).(string)
	after := r.URL.Query().Get("after")
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit < 1 || limit > syncproto.MaxBatch {
		limit = syncproto.MaxBatch
	}
	start := 0
	if after != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(after, "c"))
		if err != nil || !strings.HasPrefix(after, "c") {
			writeError(w, http.StatusBadRequest, inflow.EINVALID, "bad cursor")
			return
		}
		start = n
	}
	s.mu.Lock()
	s.pulls = append(s.pulls, after)
	log := s.logs[user]
	end := min(start+limit, len(log))
	resp := syncproto.PullResponse{Events: slices.Clone(log[min(start, end):end]), Cursor: "c" + strconv.Itoa(end), More: end < len(log)}
	s.mu.Unlock()
	if resp.Events == nil {
		resp.Events = []inflow.Event{}
	}
	writeJSON(w, resp)
}

// fakeChange is a catalog change numbered in the server's order.
type fakeChange struct {
	seq int
	syncproto.CatalogChange
}

// publish puts packs in the catalog, or removes them when removed, as
// an author would: each pack's earlier change is replaced by one at the
// end, as the real server compacts its catalog.
func (s *fakeServer) publish(removed bool, packs ...*inflow.Pack) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range packs {
		s.catalogLog = slices.DeleteFunc(s.catalogLog, func(c fakeChange) bool { return c.PackID == p.ID })
		s.catalogSeq++
		ch := syncproto.CatalogChange{PackID: p.ID, Removed: removed}
		if !removed {
			b, _ := json.Marshal(p)
			ch.Pack = &inflow.Pack{}
			json.Unmarshal(b, ch.Pack)
		}
		s.catalogLog = append(s.catalogLog, fakeChange{seq: s.catalogSeq, CatalogChange: ch})
	}
}

func (s *fakeServer) catalogCursors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.catalogGets)
}

func (s *fakeServer) catalog(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit < 1 || limit > syncproto.MaxBatch {
		limit = syncproto.MaxBatch
	}
	seq := 0
	if after != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(after, "k"))
		if err != nil || !strings.HasPrefix(after, "k") {
			writeError(w, http.StatusBadRequest, inflow.EINVALID, "bad cursor")
			return
		}
		seq = n
	}
	s.mu.Lock()
	s.catalogGets = append(s.catalogGets, after)
	cut := s.cutCatalog != nil && s.cutCatalog(len(s.catalogGets))
	resp := syncproto.CatalogResponse{Changes: []syncproto.CatalogChange{}, Cursor: after}
	for _, c := range s.catalogLog {
		if c.seq <= seq {
			continue
		}
		if len(resp.Changes) == limit {
			resp.More = true
			break
		}
		resp.Changes = append(resp.Changes, c.CatalogChange)
		resp.Cursor = "k" + strconv.Itoa(c.seq)
	}
	s.mu.Unlock()
	if !cut {
		writeJSON(w, resp)
		return
	}
	b, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b[:len(b)/2]) // the server closes the connection short of Content-Length
}

// ---- catalog sink ----

// memCatalog is an in-memory CatalogSink that refuses what the library
// would: a pack with an invalid item, an item of another pack.
type memCatalog struct {
	mu      sync.Mutex
	packs   map[string]*inflow.Pack
	origins map[string]string
	applied int   // successful ApplyPack calls
	fail    error // if set, every call fails with it
}

var _ CatalogSink = (*memCatalog)(nil)

func newMemCatalog() *memCatalog {
	return &memCatalog{packs: map[string]*inflow.Pack{}, origins: map[string]string{}}
}

func (m *memCatalog) ApplyPack(ctx context.Context, p *inflow.Pack) (*library.PackReport, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	for _, it := range p.Items {
		if err := it.Validate(); err != nil {
			return nil, fmt.Errorf("item %s: %w", it.ID, err)
		}
		for id, other := range m.packs {
			if id != p.ID && slices.ContainsFunc(other.Items, func(o *inflow.Item) bool { return o.ID == it.ID }) {
				return nil, inflow.Errorf(inflow.ECONFLICT, "item %s already belongs to pack %s", it.ID, id)
			}
		}
	}
	m.packs[p.ID], m.origins[p.ID] = p, p.Origin
	m.applied++
	return &library.PackReport{PackID: p.ID, Title: p.Title, Added: len(p.Items)}, nil
}

func (m *memCatalog) RemovePack(ctx context.Context, id string) (*library.PackReport, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	p, ok := m.packs[id]
	if !ok {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "pack %s is not in the library", id)
	}
	delete(m.packs, id)
	delete(m.origins, id)
	return &library.PackReport{PackID: id, Removed: len(p.Items)}, nil
}

func (m *memCatalog) Packs(ctx context.Context) ([]*inflow.PackInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*inflow.PackInfo
	for id, p := range m.packs {
		out = append(out, &inflow.PackInfo{ID: id, Title: p.Title, Origin: m.origins[id], ItemCount: len(p.Items)})
	}
	return out, nil
}

// titles returns each pack's item titles, by pack id.
func (m *memCatalog) titles() map[string][]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string][]string{}
	for id, p := range m.packs {
		for _, it := range p.Items {
			out[id] = append(out[id], it.Title)
		}
	}
	return out
}

// ---- cutting proxy ----

// cutProxy forwards TCP connections to a target on 127.0.0.1. On the
// connections cut picks, it passes the response headers and then only
// the given number of body bytes before closing both sides.
type cutProxy struct {
	ln     net.Listener
	target string
	conns  atomic.Int32
	cut    func(conn int) int // body bytes to let through; <0: all
}

func newCutProxy(t *testing.T, target string, cut func(conn int) int) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: strings.TrimPrefix(target, "http://"), cut: cut}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := int(p.conns.Add(1))
			wg.Add(1)
			go func() { defer wg.Done(); p.handle(c, p.cut(n)) }()
		}
	}()
	return p
}

func (p *cutProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *cutProxy) handle(c net.Conn, limit int) {
	defer c.Close()
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer s.Close()
	go func() { io.Copy(s, c); s.Close() }()
	if limit < 0 {
		io.Copy(c, s)
		return
	}
	// Pass the headers, then limit bytes of the body.
	var seen []byte
	buf := make([]byte, 4096)
	for {
		n, err := s.Read(buf)
		if n > 0 {
			seen = append(seen, buf[:n]...)
			if i := strings.Index(string(seen), "\r\n\r\n"); i >= 0 {
				c.Write(seen[:min(len(seen), i+4+limit)])
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// ---- client ----

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

type testEnv struct {
	t     *testing.T
	srv   *fakeServer
	clock *fakeClock
	token string
}

func newEnv(t *testing.T) *testEnv {
	srv := newFakeServer(t)
	return &testEnv{t: t, srv: srv, clock: &fakeClock{now: t0}, token: srv.addUser("ada", "pw")}
}

// client returns a client of device over store, with a fixed jitter of 0.5.
func (e *testEnv) client(store LocalStore, device string, mods ...func(*Config)) *Client {
	tok := e.token
	c := Config{
		Server: e.srv.URL(), Store: store, Device: device, Clock: e.clock, Logger: discard,
		Token: func() (string, error) { return tok, nil },
		Rand:  func() float64 { return 0.5 },
		HTTP:  &http.Client{Timeout: 20 * time.Second},
	}
	for _, m := range mods {
		m(&c)
	}
	return New(c)
}

func mustSync(t *testing.T, c *Client) Result {
	t.Helper()
	res, err := c.SyncOnce(context.Background())
	if err != nil {
		t.Fatalf("SyncOnce: %v", err)
	}
	return res
}

func ids(evs []*inflow.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.ID
	}
	return out
}

// newTestServer serves h on 127.0.0.1 for the test's life.
func newTestServer(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
