package inflowtest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Opener returns a new, empty store; the suite closes nothing, so the
// opener registers cleanup with t.Cleanup.
type Opener func(t *testing.T) inflow.LibraryStore

// TestLibraryStore runs the conformance suite against stores from open.
func TestLibraryStore(t *testing.T, open Opener) {
	tests := map[string]func(*testing.T, inflow.LibraryStore){
		"ApplyPackAddsItems":          testApplyAdds,
		"ReapplyUpdatesInPlace":       testReapply,
		"ConflictStoresNothing":       testConflictAtomic,
		"InvalidItemStoresNothing":    testInvalidAtomic,
		"BrowseByFieldOrderedByTitle": testBrowse,
		"FacetsAndLanguages":          testFacets,
		"RemovePack":                  testRemovePack,
		"RecordIsIdempotent":          testRecordIdempotent,
		"BookmarkLastWriterWins":      testBookmarkLWW,
		"RecentViews":                 testRecentViews,
		"EventsPaging":                testEventsPaging,
		"Settings":                    testSettings,
		"SettingLastWriterWins":       testSettingLWW,
	}
	names := make([]string, 0, len(tests))
	for n := range tests {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) { tests[n](t, open(t)) })
	}
}

// Item returns a valid item for tests.
func Item(id, title string) *inflow.Item {
	return &inflow.Item{ID: id, Kind: inflow.KindHowTo, Title: title, Body: "Body of " + title,
		Topic: "general", Tags: []string{"t1"}, Language: "en", Hash: "h-" + title,
		Updated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Pack returns a pack holding items.
func Pack(id string, items ...*inflow.Item) *inflow.Pack {
	return &inflow.Pack{ID: id, Title: "Pack " + id, Format: "markdown", Items: items}
}

var ctx = context.Background()

func mustApply(t *testing.T, s inflow.LibraryStore, p *inflow.Pack) *inflow.PackResult {
	t.Helper()
	r, err := s.ApplyPack(ctx, p)
	if err != nil {
		t.Fatalf("ApplyPack(%s): %v", p.ID, err)
	}
	return r
}

func gen(t *testing.T, s inflow.LibraryStore) uint64 {
	t.Helper()
	g, err := s.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func testApplyAdds(t *testing.T, s inflow.LibraryStore) {
	g0 := gen(t, s)
	r := mustApply(t, s, Pack("p1", Item("p1/a", "Alpha"), Item("p1/b", "Beta")))
	if len(r.Added) != 2 || len(r.Updated) != 0 || len(r.Removed) != 0 {
		t.Fatalf("result = %+v, want 2 added", r)
	}
	it, err := s.Item(ctx, "p1/a")
	if err != nil {
		t.Fatal(err)
	}
	if it.Title != "Alpha" || it.Pack != "p1" || it.Version != 1 {
		t.Fatalf("item = %+v", it)
	}
	if _, err := s.Item(ctx, "nope"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("missing item: err = %v, want not_found", err)
	}
	if gen(t, s) <= g0 {
		t.Fatal("generation did not advance")
	}
	packs, err := s.Packs(ctx)
	if err != nil || len(packs) != 1 || packs[0].ItemCount != 2 {
		t.Fatalf("Packs = %v, %v", packs, err)
	}
	n := 0
	for it, err := range s.AllItems(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if it.ID == "" {
			t.Fatal("empty item")
		}
		n++
	}
	if n != 2 {
		t.Fatalf("AllItems yielded %d, want 2", n)
	}
}

func testReapply(t *testing.T, s inflow.LibraryStore) {
	mustApply(t, s, Pack("p1", Item("p1/a", "Alpha"), Item("p1/b", "Beta"), Item("p1/c", "Gamma")))
	g1 := gen(t, s)
	r := mustApply(t, s, Pack("p1", Item("p1/a", "Alpha"), Item("p1/b", "Beta"), Item("p1/c", "Gamma")))
	if r.Unchanged != 3 || len(r.Added)+len(r.Updated)+len(r.Removed) != 0 {
		t.Fatalf("unchanged re-import = %+v", r)
	}
	if gen(t, s) != g1 {
		t.Fatal("an unchanged re-import advanced the generation")
	}
	b := Item("p1/b", "Beta v2")
	r = mustApply(t, s, Pack("p1", Item("p1/a", "Alpha"), b, Item("p1/d", "Delta")))
	if !slices.Equal(r.Updated, []string{"p1/b"}) || !slices.Equal(r.Added, []string{"p1/d"}) || !slices.Equal(r.Removed, []string{"p1/c"}) {
		t.Fatalf("result = %+v", r)
	}
	it, err := s.Item(ctx, "p1/b")
	if err != nil || it.Title != "Beta v2" || it.Version != 2 {
		t.Fatalf("updated item = %+v, %v", it, err)
	}
	if _, err := s.Item(ctx, "p1/c"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("removed item still there: %v", err)
	}
	// The old title must be gone from the browse order.
	page, err := s.Items(ctx, inflow.ItemFilter{Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(page); !slices.Equal(got, []string{"Alpha", "Beta v2", "Delta"}) {
		t.Fatalf("browse = %v", got)
	}
}

func testConflictAtomic(t *testing.T, s inflow.LibraryStore) {
	mustApply(t, s, Pack("p1", Item("shared", "Owned by p1")))
	g := gen(t, s)
	_, err := s.ApplyPack(ctx, Pack("p2", Item("p2/new", "New"), Item("shared", "Stolen")))
	if inflow.ErrorCode(err) != inflow.ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
	if _, err := s.Item(ctx, "p2/new"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatal("a failed pack left an item behind")
	}
	if it, _ := s.Item(ctx, "shared"); it.Title != "Owned by p1" {
		t.Fatalf("conflicting pack changed an item: %q", it.Title)
	}
	if gen(t, s) != g {
		t.Fatal("a failed pack advanced the generation")
	}
	packs, _ := s.Packs(ctx)
	if len(packs) != 1 {
		t.Fatalf("packs after failure = %d, want 1", len(packs))
	}
}

func testInvalidAtomic(t *testing.T, s inflow.LibraryStore) {
	bad := Item("p1/bad", "Bad")
	bad.Kind = "podcast"
	_, err := s.ApplyPack(ctx, Pack("p1", Item("p1/ok", "OK"), bad))
	if inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
	_, err = s.ApplyPack(ctx, Pack("p1", Item("p1/x", "X"), Item("p1/x", "X again")))
	if inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("duplicate ids: err = %v, want invalid", err)
	}
	if _, err := s.Item(ctx, "p1/ok"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatal("an invalid pack stored an item")
	}
}

func titles(p *inflow.ItemPage) []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.Title)
	}
	return out
}

func testBrowse(t *testing.T, s inflow.LibraryStore) {
	var items []*inflow.Item
	for i := range 30 {
		it := Item(fmt.Sprintf("p/%02d", i), fmt.Sprintf("Item %02d", 29-i))
		if i%3 == 0 {
			it.Kind = inflow.KindRule
			it.Topic = "safety"
			it.Tags = []string{"ppe", "site"}
		}
		if i == 29 {
			it.Language = "de"
		}
		items = append(items, it)
	}
	mustApply(t, s, Pack("p", items...))
	page, err := s.Items(ctx, inflow.ItemFilter{Language: "en", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 29 || !slices.Equal(titles(page), []string{"Item 01", "Item 02", "Item 03", "Item 04", "Item 05"}) {
		t.Fatalf("page 1 = %d %v", page.Total, titles(page))
	}
	page, _ = s.Items(ctx, inflow.ItemFilter{Language: "en", Offset: 25, Limit: 10})
	if len(page.Items) != 4 {
		t.Fatalf("last page has %d items, want 4", len(page.Items))
	}
	for _, f := range []inflow.ItemFilter{
		{Language: "en", Kind: inflow.KindRule},
		{Language: "en", Topic: "safety"},
		{Language: "en", Tag: "ppe"},
	} {
		page, err := s.Items(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 10 {
			t.Fatalf("%+v: total %d, want 10", f, page.Total)
		}
		for _, it := range page.Items {
			if it.Kind != inflow.KindRule {
				t.Fatalf("%+v returned %s of kind %s", f, it.ID, it.Kind)
			}
		}
	}
	page, _ = s.Items(ctx, inflow.ItemFilter{Language: "de"})
	if page.Total != 1 {
		t.Fatalf("de total = %d", page.Total)
	}
}

func testFacets(t *testing.T, s inflow.LibraryStore) {
	a, b, c := Item("p/a", "A"), Item("p/b", "B"), Item("p/c", "C")
	b.Kind, b.Topic, b.Tags = inflow.KindRule, "safety", []string{"ppe"}
	c.Language = "fr"
	mustApply(t, s, Pack("p", a, b, c))
	f, err := s.Facets(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 2 {
		t.Fatalf("total = %d", f.Total)
	}
	want := map[string]int{"how-to": 1, "rule": 1}
	for _, k := range f.Kinds {
		if want[k.Value] != k.Count {
			t.Fatalf("kinds = %v", f.Kinds)
		}
	}
	if len(f.Topics) != 2 || len(f.Tags) != 2 {
		t.Fatalf("topics %v tags %v", f.Topics, f.Tags)
	}
	langs, err := s.Languages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(langs) != 2 || langs[0] != (inflow.Facet{Value: "en", Count: 2}) {
		t.Fatalf("languages = %v", langs)
	}
	// Counts follow changes.
	mustApply(t, s, Pack("p", a))
	f, _ = s.Facets(ctx, "en")
	if f.Total != 1 {
		t.Fatalf("after removal total = %d", f.Total)
	}
}

func testRemovePack(t *testing.T, s inflow.LibraryStore) {
	mustApply(t, s, Pack("p1", Item("p1/a", "A")))
	mustApply(t, s, Pack("p2", Item("p2/a", "B")))
	r, err := s.RemovePack(ctx, "p1")
	if err != nil || !slices.Equal(r.Removed, []string{"p1/a"}) {
		t.Fatalf("RemovePack = %+v, %v", r, err)
	}
	if _, err := s.Item(ctx, "p1/a"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatal("item of removed pack remains")
	}
	if _, err := s.RemovePack(ctx, "p1"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("second remove: %v", err)
	}
	page, _ := s.Items(ctx, inflow.ItemFilter{Language: "en"})
	if page.Total != 1 {
		t.Fatalf("browse total = %d", page.Total)
	}
}

func event(id string, typ inflow.EventType, subject, device string, wall int64) *inflow.Event {
	return &inflow.Event{ID: id, Type: typ, Subject: subject, Device: device,
		HLC: inflow.HLC{Wall: wall}, Time: time.UnixMilli(wall).UTC()}
}

func testRecordIdempotent(t *testing.T, s inflow.LibraryStore) {
	ev := event("01-a", inflow.EventBookmarkSet, "x", "d1", 1000)
	for range 3 {
		if err := s.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.Events(ctx, "", 10)
	if err != nil || len(evs) != 1 {
		t.Fatalf("events = %d, %v", len(evs), err)
	}
	if err := s.Record(ctx, &inflow.Event{ID: "bad id!", Type: inflow.EventItemViewed}); inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("bad id: %v", err)
	}
	// The latest stamp is kept with the events, an older one never lowers it.
	n, err := s.RecordMany(ctx, []*inflow.Event{ev, event("05-e", inflow.EventItemViewed, "y", "d1", 5000), event("06-f", inflow.EventItemViewed, "y", "d1", 4000)})
	if err != nil || n != 2 {
		t.Fatalf("record many: %d %v", n, err)
	}
	var last inflow.HLC
	if _, err := s.Setting(ctx, inflow.HLCSettingKey, &last); err != nil || last.Wall != 5000 {
		t.Fatalf("latest stamp %+v, %v; want wall 5000", last, err)
	}
}

func testBookmarkLWW(t *testing.T, s inflow.LibraryStore) {
	// Applied out of order: the later HLC must win whatever the arrival order.
	set := event("02-b", inflow.EventBookmarkSet, "x", "d1", 2000)
	clear := event("01-a", inflow.EventBookmarkCleared, "x", "d2", 1000)
	for _, ev := range []*inflow.Event{set, clear} {
		if err := s.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	on, err := s.IsBookmarked(ctx, "x")
	if err != nil || !on {
		t.Fatalf("bookmarked = %v, %v; want true (later set wins)", on, err)
	}
	// Equal stamps: the higher device id wins, on every device.
	if err := s.Record(ctx, event("03-c", inflow.EventBookmarkCleared, "x", "d9", 2000)); err != nil {
		t.Fatal(err)
	}
	if on, _ := s.IsBookmarked(ctx, "x"); on {
		t.Fatal("tie not broken by device id")
	}
	if err := s.Record(ctx, event("04-d", inflow.EventBookmarkSet, "y", "d1", 3000)); err != nil {
		t.Fatal(err)
	}
	bms, err := s.Bookmarks(ctx)
	if err != nil || len(bms) != 1 || bms[0].ItemID != "y" {
		t.Fatalf("bookmarks = %v, %v", bms, err)
	}
}

func testRecentViews(t *testing.T, s inflow.LibraryStore) {
	for i, id := range []string{"a", "b", "c", "a"} {
		if err := s.Record(ctx, event(fmt.Sprintf("0%d", i), inflow.EventItemViewed, id, "d1", int64(1000*(i+1)))); err != nil {
			t.Fatal(err)
		}
	}
	views, err := s.RecentViews(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 2 || views[0].ItemID != "a" || views[1].ItemID != "c" {
		t.Fatalf("recent = %v", views)
	}
}

func testEventsPaging(t *testing.T, s inflow.LibraryStore) {
	for i := range 25 {
		if err := s.Record(ctx, event(fmt.Sprintf("%03d", i), inflow.EventItemViewed, "x", "d1", int64(i))); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	after := ""
	for {
		evs, err := s.Events(ctx, after, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			got = append(got, e.ID)
		}
		if len(evs) < 10 {
			break
		}
		after = evs[len(evs)-1].ID
	}
	if len(got) != 25 || got[0] != "000" || got[24] != "024" || !slices.IsSorted(got) {
		t.Fatalf("paged events = %v", got)
	}
}

func testSettings(t *testing.T, s inflow.LibraryStore) {
	var v struct{ A int }
	ok, err := s.Setting(ctx, "k", &v)
	if err != nil || ok {
		t.Fatalf("unset setting: ok=%v err=%v", ok, err)
	}
	if err := s.SetSetting(ctx, "k", struct{ A int }{7}); err != nil {
		t.Fatal(err)
	}
	ok, err = s.Setting(ctx, "k", &v)
	if err != nil || !ok || v.A != 7 {
		t.Fatalf("setting = %v %v %v", v, ok, err)
	}
}

func testSettingLWW(t *testing.T, s inflow.LibraryStore) {
	set := func(id, device string, wall int64, value string) *inflow.Event {
		ev := event(id, inflow.EventSettingChanged, "review.settings", device, wall)
		ev.Data = []byte(value)
		return ev
	}
	// Arrival order differs from HLC order: the later write wins anyway.
	for _, ev := range []*inflow.Event{
		set("02-b", "d1", 2000, `{"A":2}`),
		set("01-a", "d2", 1000, `{"A":1}`),
	} {
		if err := s.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	var v struct{ A int }
	if ok, err := s.Setting(ctx, "review.settings", &v); err != nil || !ok || v.A != 2 {
		t.Fatalf("setting = %+v ok=%v err=%v; want A=2 (the latest write)", v, ok, err)
	}
	// Equal stamps: the higher device id wins, on every device.
	if err := s.Record(ctx, set("04-d", "d9", 2000, `{"A":9}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Setting(ctx, "review.settings", &v); err != nil || v.A != 9 {
		t.Fatalf("tie: setting = %+v, %v; want A=9", v, err)
	}
	if err := s.Record(ctx, set("05-e", "d0", 2000, `{"A":0}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Setting(ctx, "review.settings", &v); err != nil || v.A != 9 {
		t.Fatalf("tie lost by lower device id still applied: %+v", v)
	}
}
