package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// Item returns a valid item for tests; its hash follows its title, so a
// new title is new content.
func Item(id, title string) *inflow.Item {
	return &inflow.Item{ID: id, Kind: inflow.KindHowTo, Title: title, Body: "Body of " + title,
		Topic: "general", Tags: []string{"t1"}, Language: "en", Hash: "h-" + title,
		Updated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Pack returns a pack holding items.
func Pack(id string, items ...*inflow.Item) *inflow.Pack {
	return &inflow.Pack{ID: id, Title: "Pack " + id, Format: "markdown", Items: items,
		Source: inflow.Source{Name: "tests", License: "CC0-1.0"}}
}

func mustPut(t *testing.T, s store.Store, p *inflow.Pack) inflow.PackResult {
	t.Helper()
	r, err := s.PutPack(ctx, p, "author")
	if err != nil {
		t.Fatalf("PutPack(%s): %v", p.ID, err)
	}
	return r
}

// changesFrom pulls every catalog change after cursor in pages of limit.
func changesFrom(t *testing.T, s store.Store, cursor string, limit int) ([]store.CatalogChange, string) {
	t.Helper()
	var out []store.CatalogChange
	for range 10000 {
		cs, next, err := s.CatalogChanges(ctx, cursor, limit)
		if err != nil {
			t.Fatalf("CatalogChanges(%q): %v", cursor, err)
		}
		if limit > 0 && len(cs) > limit {
			t.Fatalf("%d changes, limit %d", len(cs), limit)
		}
		if len(cs) == 0 {
			if next != cursor {
				t.Fatalf("an empty page moved the cursor from %q to %q", cursor, next)
			}
			return out, cursor
		}
		out = append(out, cs...)
		cursor = next
	}
	t.Fatal("CatalogChanges never reached the end")
	return nil, ""
}

// describe renders changes as "p1 put [a b], p2 removed" for comparing.
func describe(cs []store.CatalogChange) string {
	var parts []string
	for _, c := range cs {
		switch {
		case c.Removed && c.Pack == nil:
			parts = append(parts, c.PackID+" removed")
		case c.Removed:
			parts = append(parts, c.PackID+" removed but with a pack")
		case c.Pack == nil:
			parts = append(parts, c.PackID+" put without a pack")
		default:
			var items []string
			for _, it := range c.Pack.Items {
				items = append(items, it.ID)
			}
			parts = append(parts, c.PackID+" put ["+strings.Join(items, " ")+"]")
		}
	}
	return strings.Join(parts, ", ")
}

func wantChanges(t *testing.T, what string, got []store.CatalogChange, want string) {
	t.Helper()
	if d := describe(got); d != want {
		t.Fatalf("%s: %s; want %s", what, d, want)
	}
}

func wantPackResult(t *testing.T, what string, r inflow.PackResult, added, updated, removed []string, unchanged int) {
	t.Helper()
	norm := func(s []string) []string { return append([]string{}, s...) }
	if !slices.Equal(norm(r.Added), norm(added)) || !slices.Equal(norm(r.Updated), norm(updated)) ||
		!slices.Equal(norm(r.Removed), norm(removed)) || r.Unchanged != unchanged {
		t.Fatalf("%s = %+v; want added %v, updated %v, removed %v, unchanged %d", what, r, added, updated, removed, unchanged)
	}
}

func testCatalogPut(t *testing.T, s store.Store) {
	p1 := Pack("p1", Item("p1/a", "Alpha"), Item("p1/b", "Beta"))
	r := mustPut(t, s, p1)
	if r.PackID != "p1" {
		t.Fatalf("result for pack %q", r.PackID)
	}
	wantPackResult(t, "first put", r, []string{"p1/a", "p1/b"}, nil, nil, 0)
	mustPut(t, s, Pack("p2", Item("p2/a", "Other")))
	got, cursor := changesFrom(t, s, "", 0)
	wantChanges(t, "from the start", got, "p1 put [p1/a p1/b], p2 put [p2/a]")
	pk := got[0].Pack
	if pk.Title != p1.Title || pk.Format != p1.Format || pk.Source != p1.Source {
		t.Fatalf("pack = %+v, want %+v", pk, p1)
	}
	for _, it := range pk.Items {
		if it.Pack != "p1" || it.Version != 1 || it.Body == "" || it.Language != "en" {
			t.Fatalf("published item = %+v; want pack p1, version 1, all fields", it)
		}
	}

	// A re-put replaces the pack: items updated, added, dropped.
	r = mustPut(t, s, Pack("p1", Item("p1/b", "Beta v2"), Item("p1/c", "Gamma")))
	wantPackResult(t, "re-put", r, []string{"p1/c"}, []string{"p1/b"}, []string{"p1/a"}, 0)
	got, cursor2 := changesFrom(t, s, cursor, 0)
	wantChanges(t, "after the cursor", got, "p1 put [p1/b p1/c]")
	for _, it := range got[0].Pack.Items {
		if want := map[string]int{"p1/b": 2, "p1/c": 1}[it.ID]; it.Version != want || it.Pack != "p1" {
			t.Fatalf("item %s: version %d, pack %q; want %d, p1", it.ID, it.Version, it.Pack, want)
		}
	}
	r = mustPut(t, s, Pack("p1", Item("p1/b", "Beta v2"), Item("p1/c", "Gamma")))
	wantPackResult(t, "same again", r, nil, nil, nil, 2)
	// Whether an unchanged re-put is a change is the backend's choice;
	// if it is, the versions stay.
	got, _ = changesFrom(t, s, cursor2, 1)
	if len(got) > 0 {
		wantChanges(t, "after the same again", got, "p1 put [p1/b p1/c]")
		if got[0].Pack.Items[0].Version != 2 {
			t.Fatalf("an unchanged item's version moved to %d", got[0].Pack.Items[0].Version)
		}
	}
}

// testCatalogLatest: only a pack's latest change is kept, so a client
// starting from scratch gets each pack once, in its current form.
func testCatalogLatest(t *testing.T, s store.Store) {
	mustPut(t, s, Pack("p1", Item("p1/a", "A")))
	mustPut(t, s, Pack("p2", Item("p2/a", "A")))
	mustPut(t, s, Pack("p3", Item("p3/a", "A")))
	mustPut(t, s, Pack("p1", Item("p1/a", "A2"), Item("p1/b", "B")))
	if err := s.RemovePack(ctx, "p2", "admin"); err != nil {
		t.Fatal(err)
	}
	got, _ := changesFrom(t, s, "", 0)
	wantChanges(t, "from the start", got, "p3 put [p3/a], p1 put [p1/a p1/b], p2 removed")
}

func testCatalogRemove(t *testing.T, s store.Store) {
	mustPut(t, s, Pack("p1", Item("p1/a", "A")))
	mustPut(t, s, Pack("p2", Item("p2/a", "A"), Item("p2/b", "B")))
	_, cursor := changesFrom(t, s, "", 0)
	if err := s.RemovePack(ctx, "p2", "admin"); err != nil {
		t.Fatal(err)
	}
	got, cursor := changesFrom(t, s, cursor, 0)
	wantChanges(t, "after removal", got, "p2 removed")
	wantCode(t, "RemovePack(removed)", s.RemovePack(ctx, "p2", "admin"), inflow.ENOTFOUND)
	wantCode(t, "RemovePack(unknown)", s.RemovePack(ctx, "nope", "admin"), inflow.ENOTFOUND)
	// The items are free again: another pack may take one, and p2 comes back new.
	mustPut(t, s, Pack("p3", Item("p2/b", "B")))
	r := mustPut(t, s, Pack("p2", Item("p2/a", "A")))
	wantPackResult(t, "put after removal", r, []string{"p2/a"}, nil, nil, 0)
	got, _ = changesFrom(t, s, cursor, 0)
	wantChanges(t, "after re-put", got, "p3 put [p2/b], p2 put [p2/a]")
}

func testCatalogValidation(t *testing.T, s store.Store) {
	mustPut(t, s, Pack("p1", Item("shared", "Owned by p1")))
	before, _ := changesFrom(t, s, "", 0)
	_, err := s.PutPack(ctx, Pack("p2", Item("p2/new", "New"), Item("shared", "Stolen")), "author")
	wantCode(t, "PutPack(item of another pack)", err, inflow.ECONFLICT)
	badKind := Item("p3/x", "X")
	badKind.Kind = "podcast"
	for what, p := range map[string]*inflow.Pack{
		"bad pack id":   Pack("has space", Item("ok/a", "A")),
		"empty pack id": Pack("", Item("ok/a", "A")),
		"bad item":      Pack("p3", Item("p3/ok", "OK"), badKind),
		"bad item id":   Pack("p3", Item("p3/ok", "OK"), Item("..", "X")),
		"same item id":  Pack("p3", Item("p3/x", "X"), Item("p3/x", "X again")),
	} {
		_, err := s.PutPack(ctx, p, "author")
		wantCode(t, "PutPack("+what+")", err, inflow.EINVALID)
	}
	_, err = s.PutPack(ctx, nil, "author")
	wantCode(t, "PutPack(nil)", err, inflow.EINVALID)
	after, _ := changesFrom(t, s, "", 0)
	if describe(after) != describe(before) {
		t.Fatalf("failed puts changed the catalog: %s", describe(after))
	}
	// The refused pack took nothing: its new item is still free.
	mustPut(t, s, Pack("p4", Item("p2/new", "New")))
}

func testCatalogPaging(t *testing.T, s store.Store) {
	cs, c, err := s.CatalogChanges(ctx, "", 10)
	if err != nil || len(cs) != 0 || c != "" {
		t.Fatalf("empty catalog: %d changes, cursor %q, %v", len(cs), c, err)
	}
	var want []string
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		mustPut(t, s, Pack(id, Item(id+"/1", "One")))
		want = append(want, id+" put ["+id+"/1]")
	}
	all, end := changesFrom(t, s, "", 0)
	wantChanges(t, "one page", all, strings.Join(want, ", "))
	for _, limit := range []int{1, 2, 1000} {
		got, c := changesFrom(t, s, "", limit)
		wantChanges(t, "pages", got, strings.Join(want, ", "))
		if c != end {
			t.Fatalf("limit %d ended at %q, one page at %q", limit, c, end)
		}
	}
	cs, c, err = s.CatalogChanges(ctx, end, 10)
	if err != nil || len(cs) != 0 || c != end {
		t.Fatalf("at the end: %d changes, cursor %q, %v", len(cs), c, err)
	}
	for _, bad := range []string{"x", "-1", "1e3"} {
		_, _, err := s.CatalogChanges(ctx, bad, 10)
		wantCode(t, "CatalogChanges(cursor "+bad+")", err, inflow.EINVALID)
	}
}
