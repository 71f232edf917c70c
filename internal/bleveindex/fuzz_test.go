package bleveindex

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// FuzzSearchQuery checks that no query string makes Search fail or panic,
// and that snippets stay escaped.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"tar", "tar ext", `"quick brown"`, `"unbalanced`, "", "\x00", "*?~^", "git commit -m",
		"日本語", "repositry", strings.Repeat("a ", 300), `"a "b" c`, "AND OR NOT", "title:x", "+x -y",
		"kind:how-to commit", `topic:"git" tag:`, `lang:es "git commit"`, "course:p kind:rule", `kind:"`, "lang:\xff t"} {
		f.Add(s, "en")
	}
	f.Add("git", "es")
	dir := filepath.Join(f.TempDir(), "search")
	x, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer x.Close()
	if err := x.Index(context.Background(), sample); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q, lang string) {
		res, err := x.Search(context.Background(), inflow.SearchRequest{Query: q, Language: lang, Limit: 5, Offset: len(lang) % 3, Facets: len(q)%2 == 0})
		if err != nil {
			t.Fatalf("Search(%q, %q): %v", q, lang, err)
		}
		if res.Hits == nil || uint64(len(res.Hits)) > res.Total || len(res.Hits) > 5 || res.Filters == nil {
			t.Fatalf("Search(%q): %d hits of %d", q, len(res.Hits), res.Total)
		}
		for _, f := range res.Filters {
			if filterFields[f.Field] == "" || f.Value == "" || strings.Contains(res.Query, f.Field+":"+f.Value) {
				t.Fatalf("Search(%q): filter %+v, query %q", q, f, res.Query)
			}
		}
		for _, h := range res.Hits {
			s := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
			if strings.ContainsAny(s, "<>\"'") {
				t.Fatalf("unescaped snippet %q", h.Snippet)
			}
		}
	})
}
