package sqlitefts

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func testItems() []*inflow.Item {
	return []*inflow.Item{
		{ID: "en/tar", Kind: inflow.KindSnippet, Title: "tar", Language: "en", Topic: "common",
			Summary: "Archiving utility.", KeyPoints: []string{"Extract an archive"},
			Body: "# tar\n\n- Extract an archive:\n\n`tar xf {{file.tar}}`"},
		{ID: "en/git-commit", Kind: inflow.KindSnippet, Title: "git commit", Language: "en", Topic: "common",
			Summary: "Commit files to the repository.", Body: "# git commit\n\n- Commit staged files:\n\n`git commit -m msg`"},
		{ID: "fr/tar", Kind: inflow.KindSnippet, Title: "tar", Language: "fr", Topic: "common",
			Summary: "Utilitaire d'archivage à extraire.", Body: "# tar\n\n- Extraire une archive :\n\n`tar xf {{fichier.tar}}`"},
		{ID: "en/ls", Kind: inflow.KindSnippet, Title: "ls", Language: "en", Topic: "common",
			Body: "# ls\n\n- List files one per line:\n\n`ls -1`"},
	}
}

func ids(res *inflow.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestIndexSearch(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "fts")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Index(ctx, testItems()); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(); err != nil || n != 4 {
		t.Fatalf("Count = %d, %v; want 4", n, err)
	}
	search := func(q, lang string) *inflow.SearchResult {
		t.Helper()
		res, err := x.Search(ctx, inflow.SearchRequest{Query: q, Language: lang})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		return res
	}

	// The requested language ranks first.
	if got := ids(search("tar", "en")); !slices.Equal(got, []string{"en/tar", "fr/tar"}) {
		t.Errorf("tar/en: %v", got)
	}
	if got := ids(search("tar", "fr")); !slices.Equal(got, []string{"fr/tar", "en/tar"}) {
		t.Errorf("tar/fr: %v", got)
	}
	// Every word must match; the last one also as a prefix.
	if got := ids(search("git comm", "en")); !slices.Equal(got, []string{"en/git-commit"}) {
		t.Errorf("git comm: %v", got)
	}
	if got := ids(search("git xyz", "en")); len(got) != 0 {
		t.Errorf("git xyz: %v", got)
	}
	// Diacritics are removed: "a" finds "à", "extraire" is a prefix match.
	if got := ids(search("Utilitaire a extrai", "")); !slices.Equal(got, []string{"fr/tar"}) {
		t.Errorf("diacritics: %v", got)
	}
	// The body and key points are searched; the body's plain text only.
	if got := ids(search("staged", "en")); !slices.Equal(got, []string{"en/git-commit"}) {
		t.Errorf("staged: %v", got)
	}
	// FTS5 syntax in the query is not syntax.
	for _, q := range []string{`"`, `tar OR`, `NEAR(tar`, `*`, `title:tar`, `-x`, `)(`} {
		if _, err := x.Search(ctx, inflow.SearchRequest{Query: q}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	// Snippets mark the matches and fall back to the body's start.
	res := search("arch", "en")
	if len(res.Hits) == 0 || res.Hits[0].Snippet != "<mark>Archiving</mark> utility." {
		t.Errorf("snippet: %+v", res.Hits)
	}
	if res := search("ls", "en"); len(res.Hits) != 1 || res.Hits[0].Snippet == "" {
		t.Errorf("excerpt: %+v", res.Hits)
	}

	// Re-indexing replaces, Delete removes.
	items := testItems()
	items[0].Summary = "Tape archiver."
	items[0].KeyPoints = nil
	items[0].Body = "# tar"
	if err := x.Index(ctx, items[:1]); err != nil {
		t.Fatal(err)
	}
	if got := ids(search("archiving", "en")); len(got) != 0 {
		t.Errorf("old text still found: %v", got)
	}
	if got := ids(search("tape", "en")); !slices.Equal(got, []string{"en/tar"}) {
		t.Errorf("new text: %v", got)
	}
	if err := x.Delete(ctx, []string{"en/tar", "missing"}); err != nil {
		t.Fatal(err)
	}
	if got := ids(search("tar", "en")); !slices.Equal(got, []string{"fr/tar"}) {
		t.Errorf("after delete: %v", got)
	}
	if err := x.SetGeneration(7); err != nil {
		t.Fatal(err)
	}
	if err := x.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if g, err := x.Generation(); err != nil || g != 7 {
		t.Errorf("Generation = %d, %v; want 7", g, err)
	}
	if n, err := x.Count(); err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
}

func TestCountTotal(t *testing.T) {
	ctx := context.Background()
	x, err := OpenWith(t.TempDir(), Options{CountTotal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Index(ctx, testItems()); err != nil {
		t.Fatal(err)
	}
	res, err := x.Search(ctx, inflow.SearchRequest{Query: "tar", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Hits) != 1 {
		t.Errorf("Total %d, %d hits; want 2 and 1", res.Total, len(res.Hits))
	}
}

func TestMatchQuery(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"", ""},
		{"  ..  ", ""},
		{"g", `"g"`},
		{"gi", `"gi"*`},
		{"git comm", `"git" "comm"*`},
		{"git ", `"git"*`},
		{`tar "OR" x`, `"tar" "OR" "x"`},
		{"git-commit", `"git" "commit"*`},
		{"git git", `"git"*`},
		{"git status git", `"git" "status" "git"*`},
		{"café", `"café"*`},
	} {
		if got := MatchQuery(c.q, 2); got != c.want {
			t.Errorf("MatchQuery(%q) = %s, want %s", c.q, got, c.want)
		}
	}
}
