package syncclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// packOf makes a pack whose items are titled by the given titles.
func packOf(id string, titles ...string) *inflow.Pack {
	items := make([]*inflow.Item, len(titles))
	for i, title := range titles {
		items[i] = inflowtest.Item(id+"/"+strings.ToLower(title), title)
	}
	return inflowtest.Pack(id, items...)
}

// withCatalog gives the client a catalog sink.
func withCatalog(cat CatalogSink) func(*Config) {
	return func(c *Config) { c.Catalog = cat }
}

func TestCatalogPagesAfterItsCursor(t *testing.T) {
	e := newEnv(t)
	for i := range 5 {
		e.srv.publish(false, packOf(fmt.Sprintf("p%d", i+1), "A", "B"))
	}
	e.srv.store("ada", events("dev-b", t0, 0, 3)...)
	st, cat := newMemStore(), newMemCatalog()
	c := e.client(st, "dev-a", withCatalog(cat))
	c.catalogPage = 2

	res := mustSync(t, c)
	if res.Catalog != 5 || res.Pulled != 3 || len(res.CatalogRejected) != 0 {
		t.Fatalf("Result %+v, want 5 catalog changes and 3 events", res)
	}
	if got := e.srv.catalogCursors(); !slices.Equal(got, []string{"", "k2", "k4"}) {
		t.Fatalf("catalog cursors %v", got)
	}
	if got := st.setting(".catalogCursor"); got != `"k5"` {
		t.Fatalf("saved cursor %s", got)
	}
	if len(cat.packs) != 5 || cat.origins["p1"] != e.srv.URL() {
		t.Fatalf("packs %v, origins %v", cat.titles(), cat.origins)
	}

	// A new version of p2 (B gone, A changed) and p3 removed: only these
	// two changes travel.
	e.srv.publish(false, packOf("p2", "A2"))
	e.srv.publish(true, &inflow.Pack{ID: "p3"})
	res = mustSync(t, c)
	if res.Catalog != 2 {
		t.Fatalf("Result %+v, want 2 catalog changes", res)
	}
	if got := e.srv.catalogCursors()[3:]; !slices.Equal(got, []string{"k5"}) {
		t.Fatalf("catalog cursors of the second sync %v", got)
	}
	titles := cat.titles()
	if !slices.Equal(titles["p2"], []string{"A2"}) || titles["p3"] != nil || len(titles) != 4 {
		t.Fatalf("after the second sync: %v", titles)
	}

	// Nothing new: one request, nothing applied.
	if res = mustSync(t, c); res.Catalog != 0 {
		t.Fatalf("idle sync applied %d changes", res.Catalog)
	}
	if got := e.srv.catalogCursors()[4:]; !slices.Equal(got, []string{"k7"}) {
		t.Fatalf("catalog cursors of the idle sync %v", got)
	}
}

func TestCatalogCutMidPageResumesAtTheLastAppliedPage(t *testing.T) {
	e := newEnv(t)
	for i := range 5 {
		e.srv.publish(false, packOf(fmt.Sprintf("p%d", i+1), "A"))
	}
	e.srv.store("ada", events("dev-b", t0, 0, 3)...)
	e.srv.set(func(s *fakeServer) { s.cutCatalog = func(n int) bool { return n == 2 } })
	st, cat := newMemStore(), newMemCatalog()
	c := e.client(st, "dev-a", withCatalog(cat))
	c.catalogPage = 2

	res, err := c.SyncOnce(context.Background())
	if !errors.Is(err, ErrOffline) {
		t.Fatalf("SyncOnce = %v, want offline", err)
	}
	if res.Pulled != 3 || res.Catalog != 2 {
		t.Fatalf("Result %+v: events must sync before the catalog, and the first page apply", res)
	}
	if got := st.setting(".catalogCursor"); got != `"k2"` {
		t.Fatalf("cursor after the cut %s, want the first page's", got)
	}
	if len(cat.packs) != 2 {
		t.Fatalf("packs after the cut %v, want the first page only", cat.titles())
	}

	res = mustSync(t, c)
	if got := e.srv.catalogCursors()[2:]; !slices.Equal(got, []string{"k2", "k4"}) {
		t.Fatalf("catalog cursors of the resumed sync %v", got)
	}
	if res.Catalog != 3 || len(cat.packs) != 5 {
		t.Fatalf("Result %+v, packs %v", res, cat.titles())
	}
}

func TestCatalogPageAppliedAgainAfterACrash(t *testing.T) {
	e := newEnv(t)
	e.srv.publish(false, packOf("p1", "A"), packOf("p2", "B"))
	e.srv.publish(true, &inflow.Pack{ID: "p1"})
	st, cat := newMemStore(), newMemCatalog()
	crash := true
	st.failSet = func(key string) error {
		if crash && strings.HasSuffix(key, ".catalogCursor") {
			return errors.New("crash before the cursor was saved")
		}
		return nil
	}
	c := e.client(st, "dev-a", withCatalog(cat))
	if _, err := c.SyncOnce(context.Background()); err == nil {
		t.Fatal("SyncOnce succeeded without saving its cursor")
	}
	if st.setting(".catalogCursor") != "" || len(cat.packs) != 1 {
		t.Fatalf("cursor %s, packs %v", st.setting(".catalogCursor"), cat.titles())
	}
	// The page comes again: the put is the same, the removal finds p1 gone.
	crash = false
	res := mustSync(t, c)
	if res.Catalog != 2 || len(res.CatalogRejected) != 0 || !slices.Equal(cat.titles()["p2"], []string{"B"}) || len(cat.packs) != 1 {
		t.Fatalf("Result %+v, packs %v", res, cat.titles())
	}
}

func TestCatalogPassesPacksTheLibraryRefuses(t *testing.T) {
	e := newEnv(t)
	st, cat := newMemStore(), newMemCatalog()
	// A pack imported here from a file, with an item id the catalog reuses.
	mine := packOf("mine", "X")
	mine.Origin = "/home/ada/mine"
	cat.ApplyPack(context.Background(), mine)
	c := e.client(st, "dev-a", withCatalog(cat))
	e.srv.publish(false, packOf("good", "Old"))
	mustSync(t, c)

	bad := packOf("good", "New", "Broken")
	bad.Items[1].Title = "" // invalid
	clash := packOf("clash", "Y")
	clash.Items[0].ID = "mine/x"
	e.srv.publish(false, bad, clash, packOf("fine", "F"))
	e.srv.publish(true, &inflow.Pack{ID: "mine"}) // someone else's pack of that id
	st.record(events("dev-a", t0, 0, 2)...)

	res, err := c.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Pushed != 2 || res.Catalog != 2 {
		t.Fatalf("Result %+v, want 2 pushed and 2 catalog changes (fine, mine kept)", res)
	}
	if len(res.CatalogRejected) != 2 || res.CatalogRejected[0].ID != "good" || res.CatalogRejected[0].Code != inflow.EINVALID ||
		res.CatalogRejected[1].ID != "clash" || res.CatalogRejected[1].Code != inflow.ECONFLICT {
		t.Fatalf("CatalogRejected %+v", res.CatalogRejected)
	}
	titles := cat.titles()
	if !slices.Equal(titles["good"], []string{"Old"}) || !slices.Equal(titles["mine"], []string{"X"}) || titles["fine"] == nil || titles["clash"] != nil {
		t.Fatalf("packs %v: the previous copy of good and the local mine must stay", titles)
	}
	if got := st.setting(".catalogCursor"); got != `"k5"` {
		t.Fatalf("cursor %s: refused packs must be passed", got)
	}
	s := c.Status(context.Background())
	if !strings.Contains(s.LastError, "2 catalog pack(s) could not be applied: good invalid: ") || s.LastSuccess.IsZero() {
		t.Fatalf("Status %+v", s)
	}
}

func TestCatalogStoreFailureStopsAndRetriesThePage(t *testing.T) {
	e := newEnv(t)
	e.srv.publish(false, packOf("p1", "A"))
	st, cat := newMemStore(), newMemCatalog()
	cat.fail = errors.New("disk full")
	st.record(events("dev-a", t0, 0, 2)...)
	c := e.client(st, "dev-a", withCatalog(cat))
	res, err := c.SyncOnce(context.Background())
	if inflow.ErrorCode(err) != inflow.EINTERNAL || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("SyncOnce = %v", err)
	}
	if res.Pushed != 2 || st.setting(".catalogCursor") != "" {
		t.Fatalf("Result %+v, cursor %s", res, st.setting(".catalogCursor"))
	}
	cat.fail = nil
	if res := mustSync(t, c); res.Catalog != 1 || len(cat.packs) != 1 {
		t.Fatalf("retry: %+v, packs %v", res, cat.titles())
	}
}

func TestCatalogHalvesAPageTooLargeToRead(t *testing.T) {
	e := newEnv(t)
	for i := range 4 {
		e.srv.publish(false, packOf(fmt.Sprintf("p%d", i+1), "A"))
	}
	st, cat := newMemStore(), newMemCatalog()
	c := e.client(st, "dev-a", withCatalog(cat))
	c.catalogPage = 4
	one, _ := json.Marshal(syncproto.CatalogResponse{Changes: []syncproto.CatalogChange{{PackID: "p1", Pack: packOf("p1", "A")}}, Cursor: "k1", More: true})
	c.maxAnswer = len(one) * 3 / 2 // a page of one pack fits, of two does not
	res := mustSync(t, c)
	if res.Catalog != 4 || len(cat.packs) != 4 {
		t.Fatalf("Result %+v, packs %v", res, cat.titles())
	}
	// 4 too large, then 2 too large, then pages of one.
	if got := e.srv.catalogCursors(); !slices.Equal(got, []string{"", "", "", "k1", "k2", "k3"}) {
		t.Fatalf("catalog cursors %v", got)
	}
}

func TestNoCatalogSinkNoCatalog(t *testing.T) {
	e := newEnv(t)
	e.srv.publish(false, packOf("p1", "A"))
	mustSync(t, e.client(newMemStore(), "dev-a"))
	if got := e.srv.catalogCursors(); len(got) != 0 {
		t.Fatalf("catalog requested without a sink: %v", got)
	}
}

// The status tells of refused packs only until a sync without any.
func TestCatalogLastErrorClears(t *testing.T) {
	e := newEnv(t)
	bad := packOf("p1", "A")
	bad.Items[0].Title = ""
	e.srv.publish(false, bad)
	cat := newMemCatalog()
	c := e.client(newMemStore(), "dev-a", withCatalog(cat))
	mustSync(t, c)
	if s := c.Status(context.Background()); !strings.Contains(s.LastError, "p1") {
		t.Fatalf("Status %+v", s)
	}
	e.clock.advance(time.Minute)
	mustSync(t, c)
	if s := c.Status(context.Background()); s.LastError != "" {
		t.Fatalf("Status after a clean sync %+v", s)
	}
}
