package syncclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/bleveindex"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// realServer is the Inflow server (API, auth, badger store) on 127.0.0.1,
// with an author, carl, and a learner, ann. Uploads are "loaded" from
// uploads by file name, so tests publish packs they built.
type realServer struct {
	t       *testing.T
	url     string
	st      *serverbadger.Store
	uploads map[string]*inflow.Pack

	mu          sync.Mutex
	catalogGets []string         // the after cursor of every catalog request
	cut         func(n int) bool // cuts the n-th catalog answer half way
}

func newRealServer(t *testing.T) *realServer {
	st, err := serverbadger.Open("", serverbadger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for name, role := range map[string]string{"carl": store.RoleAuthor, "ann": store.RoleLearner} {
		hash, _ := auth.HashPassword("password-of-" + name)
		if _, err := st.CreateUser(context.Background(), store.User{ID: uuid.NewString(), Name: name, Role: role, PasswordHash: hash, Created: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	s := &realServer{t: t, st: st, uploads: map[string]*inflow.Pack{}}
	h := api.New(api.Config{Store: st, Logger: discard, Loader: func(ctx context.Context, path string) ([]*inflow.Pack, error) {
		p, ok := s.uploads[filepath.Base(path)]
		if !ok {
			return nil, inflow.Errorf(inflow.EINVALID, "no such upload %s", path)
		}
		return []*inflow.Pack{p}, nil
	}}).Handler()
	srv := httptest.NewServer(s.watch(h))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// watch notes catalog requests and cuts the answers s.cut picks.
func (s *realServer) watch(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/catalog" {
			h.ServeHTTP(w, r)
			return
		}
		s.mu.Lock()
		s.catalogGets = append(s.catalogGets, r.URL.Query().Get("after"))
		cut := s.cut != nil && s.cut(len(s.catalogGets))
		s.mu.Unlock()
		if !cut {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		b := rec.Body.Bytes()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b[:len(b)/2])
	})
}

func (s *realServer) catalogCursors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.catalogGets)
}

// token signs a user in and returns the device token.
func (s *realServer) token(user string) string {
	b, _ := json.Marshal(syncproto.SignInRequest{User: user, Password: "password-of-" + user, DeviceID: "dev-" + user, DeviceName: "test"})
	resp, err := http.Post(s.url+"/api/v1/signin", "application/json", bytes.NewReader(b))
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out syncproto.SignInResponse
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
		s.t.Fatalf("sign in %s: %s", user, resp.Status)
	}
	return out.Token
}

// publish uploads a pack through POST /api/v1/catalog/packs with token,
// and returns the HTTP status.
func (s *realServer) publish(token string, p *inflow.Pack) int {
	name := p.ID + ".zip"
	s.uploads[name] = p
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("pack", name)
	fw.Write([]byte("PK not read: the test loader knows this upload"))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.url+"/api/v1/catalog/packs", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// device is a profile's library over a real badger store and bleve index,
// synced as ann.
type device struct {
	lib   *library.Library
	store *badgerstore.Store
	c     *Client
}

func newDevice(t *testing.T, s *realServer) *device {
	st, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	idx, err := bleveindex.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	lib, err := library.New(context.Background(), library.Config{Store: st, Index: idx, IDs: uuidIDs{}, Device: "dev-a", Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{Store: Local(st, lib.RecordMany), Device: "dev-a", Catalog: lib, Logger: discard,
		HTTP: &http.Client{Timeout: 20 * time.Second}})
	tok, err := c.SignIn(context.Background(), s.url, "ann", "password-of-ann", "dev-a", "test")
	if err != nil {
		t.Fatal(err)
	}
	c.token = func() (string, error) { return tok.Token, nil }
	return &device{lib: lib, store: st, c: c}
}

type uuidIDs struct{}

func (uuidIDs) NewID() string { return uuid.Must(uuid.NewV7()).String() }

// hits returns the ids the library's search finds for a query, sorted.
func (d *device) hits(t *testing.T, query string) []string {
	t.Helper()
	res, err := d.lib.Search(context.Background(), inflow.SearchRequest{Query: query})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestCatalogThroughTheRealServer: an author publishes, changes and
// removes a pack; a learner's device follows each step, in its library
// and its search index.
func TestCatalogThroughTheRealServer(t *testing.T) {
	s := newRealServer(t)
	d := newDevice(t, s)
	ctx := context.Background()
	carl := s.token("carl")

	v1 := inflowtest.Pack("safety",
		inflowtest.Item("safety/gloves", "Gloves protect hands"),
		inflowtest.Item("safety/goggles", "Goggles protect eyes"),
		inflowtest.Item("safety/helmet", "Helmet protects heads"))
	if code := s.publish(s.token("ann"), v1); code != http.StatusForbidden {
		t.Fatalf("a learner published: %d", code)
	}
	if code := s.publish(carl, v1); code != http.StatusOK {
		t.Fatalf("publish: %d", code)
	}
	if res := mustSync(t, d.c); res.Catalog != 1 {
		t.Fatalf("Result %+v", res)
	}
	if got := d.hits(t, "protect"); !slices.Equal(got, []string{"safety/gloves", "safety/goggles", "safety/helmet"}) {
		t.Fatalf("search after publishing: %v", got)
	}
	if ok, _ := d.lib.IndexCurrent(ctx); !ok {
		t.Fatal("index not current after the catalog")
	}

	// Version 2: goggles gone, the helmet item rewritten.
	v2 := inflowtest.Pack("safety",
		inflowtest.Item("safety/gloves", "Gloves protect hands"),
		inflowtest.Item("safety/helmet", "Hardhat required on site"))
	if code := s.publish(carl, v2); code != http.StatusOK {
		t.Fatalf("publish v2: %d", code)
	}
	mustSync(t, d.c)
	if got := d.hits(t, "goggles"); len(got) != 0 {
		t.Fatalf("removed item still found: %v", got)
	}
	if got := d.hits(t, "hardhat"); !slices.Equal(got, []string{"safety/helmet"}) {
		t.Fatalf("changed item not found by its new title: %v", got)
	}
	if got := d.hits(t, "heads"); len(got) != 0 {
		t.Fatalf("changed item found by its old title: %v", got)
	}
	if it, err := d.lib.Open(ctx, "safety/helmet"); err != nil || it.Title != "Hardhat required on site" {
		t.Fatalf("library item %+v %v", it, err)
	}

	// Removed: nothing of it is left.
	if err := s.st.RemovePack(ctx, "safety", "carl"); err != nil {
		t.Fatal(err)
	}
	if res := mustSync(t, d.c); res.Catalog != 1 {
		t.Fatalf("Result %+v", res)
	}
	if got := d.hits(t, "protect"); len(got) != 0 {
		t.Fatalf("search after removal: %v", got)
	}
	if _, err := d.lib.Open(ctx, "safety/gloves"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("open after removal: %v", err)
	}
	if packs, _ := d.lib.Packs(ctx); len(packs) != 0 {
		t.Fatalf("packs after removal: %+v", packs)
	}
	if ok, _ := d.lib.IndexCurrent(ctx); !ok {
		t.Fatal("index not current after the removal")
	}
}

// TestCatalogPagesAndResumesWithTheRealServer: pages of one change; an
// answer cut half way leaves the cursor at the last applied page, and the
// next sync goes on from there.
func TestCatalogPagesAndResumesWithTheRealServer(t *testing.T) {
	s := newRealServer(t)
	ctx := context.Background()
	for _, id := range []string{"p1", "p2", "p3", "p4"} {
		if _, err := s.st.PutPack(ctx, inflowtest.Pack(id, inflowtest.Item(id+"/a", "Lesson "+id)), "carl"); err != nil {
			t.Fatal(err)
		}
	}
	d := newDevice(t, s)
	d.c.catalogPage = 1
	s.cut = func(n int) bool { return n == 3 }

	res, err := d.c.SyncOnce(ctx)
	if !errors.Is(err, ErrOffline) || res.Catalog != 2 {
		t.Fatalf("SyncOnce = %+v, %v; want 2 applied, then offline", res, err)
	}
	a := account{Server: s.url, User: "ann"}
	var cursor string
	if _, err := d.store.Setting(ctx, a.key("catalogCursor"), &cursor); err != nil || cursor != "2" {
		t.Fatalf("cursor %q %v, want the second page's", cursor, err)
	}
	if got := d.hits(t, "lesson"); !slices.Equal(got, []string{"p1/a", "p2/a"}) {
		t.Fatalf("search after the cut: %v", got)
	}

	res = mustSync(t, d.c)
	if res.Catalog != 2 {
		t.Fatalf("Result %+v", res)
	}
	if got := s.catalogCursors(); !slices.Equal(got, []string{"", "1", "2", "2", "3", "4"}) {
		t.Fatalf("catalog cursors %v", got)
	}
	if got := d.hits(t, "lesson"); !slices.Equal(got, []string{"p1/a", "p2/a", "p3/a", "p4/a"}) {
		t.Fatalf("search after resuming: %v", got)
	}
}
