package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/auth"
	serverbadger "github.com/inflow-learning/inflow/internal/server/badgerstore"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

type env struct {
	t   *testing.T
	st  store.Store
	srv *httptest.Server
	ids map[string]string // user name → id
}

func setup(t *testing.T) *env {
	t.Helper()
	st, err := serverbadger.Open("", serverbadger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return setupWith(t, st)
}

// setupWith serves st, with users ann, bob (learners) and ada (author).
func setupWith(t *testing.T, st store.Store) *env {
	t.Helper()
	h := api.New(api.Config{Store: st, Loader: func(ctx context.Context, path string) ([]*inflow.Pack, error) {
		return importer.Load(ctx, path, importer.Options{Now: time.Now})
	}, Logger: quietLogger()}).Handler()
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	e := &env{t: t, st: st, srv: srv, ids: map[string]string{}}
	e.user("ann", store.RoleLearner)
	e.user("bob", store.RoleLearner)
	e.user("ada", store.RoleAuthor)
	return e
}

func (e *env) user(name, role string) {
	hash, err := auth.HashPassword("password-of-" + name)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.st.CreateUser(context.Background(), store.User{ID: uuid.Must(uuid.NewV7()).String(), Name: name, Role: role, PasswordHash: hash, Created: time.Now()})
	if err != nil {
		e.t.Fatal(err)
	}
	e.ids[name] = u.ID
}

// call sends a JSON request and decodes the reply into out.
func (e *env) call(method, path, token string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func (e *env) signIn(user, device string) string {
	e.t.Helper()
	var r syncproto.SignInResponse
	if code := e.call("POST", "/api/v1/signin", "", syncproto.SignInRequest{User: user, Password: "password-of-" + user, DeviceID: device, DeviceName: device}, &r); code != 200 {
		e.t.Fatalf("sign in %s: %d", user, code)
	}
	return r.Token
}

// ids maps short test names to stable UUIDv7s.
var ids = map[string]string{}

func event(name, device string) inflow.Event {
	id, ok := ids[name]
	if !ok {
		id = uuid.Must(uuid.NewV7()).String()
		ids[name] = id
	}
	return inflow.Event{ID: id, Type: "item.viewed", Subject: "some/item", Device: device, HLC: inflow.HLC{Wall: 1700000000000}, Time: time.UnixMilli(1700000000000).UTC()}
}

func TestSignIn(t *testing.T) {
	e := setup(t)
	var er syncproto.ErrorResponse
	wrong := syncproto.SignInRequest{User: "ann", Password: "nope-nope-nope", DeviceID: "dev-1"}
	if code := e.call("POST", "/api/v1/signin", "", wrong, &er); code != 401 || er.Message != "wrong user name or password" {
		t.Errorf("wrong password: %d %+v", code, er)
	}
	nobody := syncproto.SignInRequest{User: "zed", Password: "whatever-whatever", DeviceID: "dev-1"}
	var er2 syncproto.ErrorResponse
	if code := e.call("POST", "/api/v1/signin", "", nobody, &er2); code != 401 || er2.Message != er.Message {
		t.Errorf("unknown user must look the same: %d %+v", code, er2)
	}
	// Guessing is slowed down: the 6th attempt on one name within a minute.
	for range 4 {
		e.call("POST", "/api/v1/signin", "", wrong, nil)
	}
	if code := e.call("POST", "/api/v1/signin", "", wrong, nil); code != 429 {
		t.Errorf("rate limit: %d", code)
	}
	tok := e.signIn("bob", "dev-b")
	if len(tok) != 43 {
		t.Errorf("token %q", tok)
	}
	// The token is stored only as a hash.
	ts, _ := e.st.Tokens(context.Background(), e.ids["bob"])
	if len(ts) != 1 || bytes.Contains(ts[0].Hash, []byte(tok)) || !bytes.Equal(ts[0].Hash, auth.HashToken(tok)) {
		t.Errorf("stored token: %+v", ts)
	}
	for _, bad := range []string{`{`, `{"user":"bob","password":"password-of-bob","deviceId":"bad id!"}`} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/signin", strings.NewReader(bad))
		resp, _ := http.DefaultClient.Do(req)
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
		resp.Body.Close()
	}
}

func TestEveryEndpointNeedsAToken(t *testing.T) {
	e := setup(t)
	for _, ep := range [][2]string{{"POST", "/api/v1/events"}, {"GET", "/api/v1/events"}, {"GET", "/api/v1/catalog"}, {"POST", "/api/v1/catalog/packs"}, {"DELETE", "/api/v1/catalog/packs/x"}, {"POST", "/api/v1/signout"},
		{"GET", "/api/v1/courses"}, {"GET", "/api/v1/courses/manifest?id=x"}, {"POST", "/api/v1/courses"}, {"DELETE", "/api/v1/courses?id=x"},
		{"GET", "/api/v1/blobs/" + strings.Repeat("0", 64)}} {
		for _, tok := range []string{"", "forged-token-forged-token-forged-token-xyz"} {
			if code := e.call(ep[0], ep[1], tok, nil, nil); code != 401 {
				t.Errorf("%s %s with %q: %d", ep[0], ep[1], tok, code)
			}
		}
	}
	if code := e.call("GET", "/healthz", "", nil, nil); code != 200 {
		t.Errorf("healthz: %d", code)
	}
}

func TestPushPullIsolation(t *testing.T) {
	e := setup(t)
	ann, bob := e.signIn("ann", "dev-a"), e.signIn("bob", "dev-b")
	var pr syncproto.PushResponse
	push := syncproto.PushRequest{Events: []inflow.Event{event("01a", "dev-a"), event("01b", "dev-a"), event("01c", "dev-x")}}
	if code := e.call("POST", "/api/v1/events", ann, push, &pr); code != 200 || pr.Stored != 2 || len(pr.Rejected) != 1 || pr.Rejected[0].ID != ids["01c"] {
		t.Fatalf("push: %d %+v", code, pr)
	}
	e.call("POST", "/api/v1/events", ann, push, &pr)
	if pr.Stored != 0 || pr.Duplicates != 2 {
		t.Errorf("push again: %+v", pr)
	}
	changed := event("01a", "dev-a")
	changed.Subject = "another/item"
	e.call("POST", "/api/v1/events", ann, syncproto.PushRequest{Events: []inflow.Event{changed, event("01d", "dev-a")}}, &pr)
	if pr.Stored != 1 || len(pr.Rejected) != 1 || pr.Rejected[0].Code != inflow.ECONFLICT {
		t.Errorf("same id, other content: %+v", pr)
	}
	var pull syncproto.PullResponse
	if code := e.call("GET", "/api/v1/events", ann, nil, &pull); code != 200 || len(pull.Events) != 3 {
		t.Fatalf("pull: %d %+v", code, pull)
	}
	// Bob sees none of Ann's events, even asking with her cursor.
	var bp syncproto.PullResponse
	e.call("GET", "/api/v1/events", bob, nil, &bp)
	if len(bp.Events) != 0 {
		t.Errorf("bob sees %d of ann's events", len(bp.Events))
	}
	var paged syncproto.PullResponse
	e.call("GET", "/api/v1/events?limit=2", ann, nil, &paged)
	if len(paged.Events) != 2 || !paged.More {
		t.Errorf("page: %+v", paged)
	}
	e.call("GET", "/api/v1/events?after="+paged.Cursor, ann, nil, &paged)
	if len(paged.Events) != 1 || paged.More {
		t.Errorf("next page: %+v", paged)
	}
	if code := e.call("GET", "/api/v1/events?limit=5000", ann, nil, nil); code != 400 {
		t.Errorf("limit 5000: %d", code)
	}
	// Signing out revokes the token at once.
	if code := e.call("POST", "/api/v1/signout", bob, nil, nil); code != 204 {
		t.Errorf("signout: %d", code)
	}
	if code := e.call("GET", "/api/v1/events", bob, nil, nil); code != 401 {
		t.Errorf("after signout: %d", code)
	}
	// A disabled account is refused with its old token.
	u, _ := e.st.UserByName(context.Background(), "ann")
	u.Disabled = true
	e.st.UpdateUser(context.Background(), u)
	if code := e.call("GET", "/api/v1/events", ann, nil, nil); code != 401 {
		t.Errorf("disabled: %d", code)
	}
}

func TestOversizedPushes(t *testing.T) {
	e := setup(t)
	ann := e.signIn("ann", "dev-a")
	var many []inflow.Event
	for i := range 1001 {
		many = append(many, event(fmt.Sprintf("e%04d", i), "dev-a"))
	}
	if code := e.call("POST", "/api/v1/events", ann, syncproto.PushRequest{Events: many}, nil); code != 413 {
		t.Errorf("1001 events: %d", code)
	}
	big := event("big", "dev-a")
	big.Data = json.RawMessage(`"` + strings.Repeat("x", syncproto.MaxBodyBytes) + `"`)
	if code := e.call("POST", "/api/v1/events", ann, syncproto.PushRequest{Events: []inflow.Event{big}}, nil); code != 413 {
		t.Errorf("9 MB body: %d", code)
	}
	var pull syncproto.PullResponse
	e.call("GET", "/api/v1/events", ann, nil, &pull)
	if len(pull.Events) != 0 {
		t.Errorf("a refused push stored %d events", len(pull.Events))
	}
}

func TestPublish(t *testing.T) {
	e := setup(t)
	upload := func(token string) int {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("pack", "vpn.md")
		fw.Write([]byte("---\nid: field/vpn\ntitle: Connect to the VPN\nkind: how-to\n---\nOpen the VPN app and sign in.\n"))
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/catalog/packs", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		lastBody = string(b)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := upload(e.signIn("ann", "dev-a")); code != 403 {
		t.Errorf("a learner published: %d", code)
	}
	ada := e.signIn("ada", "dev-ada")
	if code := upload(ada); code != 200 {
		t.Fatalf("author publish: %d %s", code, lastBody)
	}
	var cat syncproto.CatalogResponse
	if code := e.call("GET", "/api/v1/catalog", e.signIn("bob", "dev-b"), nil, &cat); code != 200 || len(cat.Changes) != 1 || cat.Changes[0].Pack == nil || len(cat.Changes[0].Pack.Items) != 1 {
		t.Errorf("catalog: %d %+v", code, cat)
	}
	packID := cat.Changes[0].PackID
	if code := e.call("DELETE", "/api/v1/catalog/packs/"+packID, e.signIn("ann", "dev-a2"), nil, nil); code != 403 {
		t.Errorf("a learner unpublished: %d", code)
	}
	if code := e.call("DELETE", "/api/v1/catalog/packs/"+packID, ada, nil, nil); code != 204 {
		t.Fatalf("author unpublish: %d", code)
	}
	if code := e.call("DELETE", "/api/v1/catalog/packs/"+packID, ada, nil, nil); code != 404 {
		t.Errorf("unpublish twice: %d", code)
	}
	var after syncproto.CatalogResponse
	if code := e.call("GET", "/api/v1/catalog?after="+cat.Cursor, ada, nil, &after); code != 200 || len(after.Changes) != 1 || !after.Changes[0].Removed || after.Changes[0].PackID != packID {
		t.Errorf("catalog after unpublish: %d %+v", code, after)
	}
}

var lastBody string

func quietLogger() *slogLogger { return newQuiet() }

var _ = os.Getenv
