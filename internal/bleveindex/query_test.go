package bleveindex

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestParseFilters(t *testing.T) {
	type F = inflow.SearchFilter
	cases := []struct {
		q, rest string
		want    []F
	}{
		{"tar", "tar", nil},
		{"kind:rule ppe", "  ppe", []F{{Field: "kind", Value: "rule"}}},
		{`topic:"field safety" gloves`, "  gloves", []F{{Field: "topic", Value: "field safety"}}},
		{"KIND:Rule Tag:ppe lang:de course:onboarding", "    ", []F{{Field: "kind", Value: "Rule"}, {Field: "tag", Value: "ppe"}, {Field: "lang", Value: "de"}, {Field: "course", Value: "onboarding"}}},
		{"foo:bar x", "foo:bar x", nil},                                            // unknown field: words
		{"kind: x", "kind: x", nil},                                                // no value: words
		{`kind:"" x`, `kind:"" x`, nil},                                            // empty value: words
		{`topic:"unbalanced x`, "  x", []F{{Field: "topic", Value: "unbalanced"}}}, // up to the space
		{"kind:a kind:A kind:b", "   ", []F{{Field: "kind", Value: "a"}, {Field: "kind", Value: "b"}}},
		{"a:b:c kind:x:y", "a:b:c  ", []F{{Field: "kind", Value: "x:y"}}},
		{`"kind:rule"`, `"kind:rule"`, nil}, // inside quotes: text
		{"::: :kind", "::: :kind", nil},
	}
	for _, c := range cases {
		rest, got := parseFilters(c.q)
		if strings.Join(strings.Fields(rest), " ") != strings.Join(strings.Fields(c.rest), " ") || !slices.Equal(got, c.want) {
			t.Errorf("parseFilters(%q) = %q, %v; want %q, %v", c.q, rest, got, c.rest, c.want)
		}
	}
	// Hostile input: many filters, long values, odd bytes.
	for _, q := range []string{"kind:kind:kind:", "tag:\"", `tag:"`, "lang:\xff\xfe", ":::::", `topic:"a"b"c"`, "kind:\x00"} {
		rest, got := parseFilters(cleanQuery(q))
		if len(got) > 1 || len(rest) > len(q)+1 {
			t.Errorf("parseFilters(%q) = %q, %v", q, rest, got)
		}
	}
	var many []string
	for i := range 3 * maxFilters {
		many = append(many, fmt.Sprintf("tag:t%d", i))
	}
	if _, got := parseFilters(strings.Join(many, " ")); len(got) != maxFilters {
		t.Errorf("%d filters kept, want %d", len(got), maxFilters)
	}
	if _, got := parseFilters("topic:" + strings.Repeat("é", 200)); len(got) != 1 || len(got[0].Value) > maxFilterValue {
		t.Errorf("long value: %v", got)
	}
}

var filterSample = []*inflow.Item{
	{ID: "r1", Pack: "onboarding", Kind: inflow.KindRule, Language: "en", Topic: "Field Safety", Tags: []string{"ppe"},
		Title: "Wear gloves", Summary: "Gloves protect hands on site."},
	{ID: "r2", Pack: "onboarding", Kind: inflow.KindRule, Language: "de", Topic: "Field Safety", Tags: []string{"ppe"},
		Title: "Handschuhe tragen", Summary: "Handschuhe schützen die Hände."},
	{ID: "h1", Pack: "advanced", Kind: inflow.KindHowTo, Language: "en", Topic: "Tools", Tags: []string{"ppe", "drill"},
		Title: "Use a drill", Summary: "Wear gloves and goggles when you drill."},
	{ID: "h2", Pack: "advanced", Kind: inflow.KindHowTo, Language: "pt-BR", Topic: "Tools",
		Title: "Usar uma furadeira", Summary: "Use luvas."},
}

func run(t *testing.T, x *Index, req inflow.SearchRequest) *inflow.SearchResult {
	t.Helper()
	res, err := x.Search(t.Context(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	return res
}

func TestSearchFilters(t *testing.T) {
	x, _ := indexed(t, filterSample)
	cases := []struct {
		q    string
		want []string
	}{
		{"gloves", []string{"r1", "h1"}},
		{"gloves kind:rule", []string{"r1"}},
		{"kind:how-to gloves", []string{"h1"}},
		{`topic:"field safety"`, []string{"r1", "r2"}}, // filters alone list everything matching
		{"topic:tools lang:pt", []string{"h2"}},        // lang:pt finds pt-BR
		{"lang:PT-br", []string{"h2"}},
		{"tag:drill", []string{"h1"}},
		{"tag:ppe kind:rule", []string{"r1", "r2"}},
		{"course:advanced", []string{"h1", "h2"}},
		{"kind:rule kind:How-To gloves", []string{"r1", "h1"}}, // same field: OR
		{"kind:nosuchkind gloves", nil},
		{"kind:nosuchkind", nil},
		{"foo:gloves", nil}, // unknown field: searched as the words foo and gloves
	}
	for _, c := range cases {
		res := run(t, x, inflow.SearchRequest{Query: c.q, Language: "en"})
		if got := ids(res); !sameSet(got, c.want) || res.Total != uint64(len(c.want)) {
			t.Errorf("%q: got %v (total %d), want %v", c.q, got, res.Total, c.want)
		}
	}
	res := run(t, x, inflow.SearchRequest{Query: `gloves topic:"Field  safety" tag:ppe`})
	if res.Query != "gloves" || !slices.Equal(res.Filters, []inflow.SearchFilter{{Field: "topic", Value: "Field safety"}, {Field: "tag", Value: "ppe"}}) {
		t.Errorf("Query %q Filters %v", res.Query, res.Filters)
	}
	// Filters alone: the person's language first.
	res = run(t, x, inflow.SearchRequest{Query: "tag:ppe", Language: "de"})
	if got := ids(res); len(got) != 3 || got[0] != "r2" {
		t.Errorf("tag:ppe in de: %v, want r2 first", got)
	}
}

func TestSearchFacets(t *testing.T) {
	x, _ := indexed(t, filterSample)
	res := run(t, x, inflow.SearchRequest{Query: "gloves", Limit: 1, Facets: true})
	if len(res.Hits) != 1 || res.Total != 2 || res.Facets == nil {
		t.Fatalf("%d hits of %d, facets %v", len(res.Hits), res.Total, res.Facets)
	}
	f := res.Facets
	if !slices.Equal(f.Kinds, []inflow.Facet{{Value: "how-to", Count: 1}, {Value: "rule", Count: 1}}) ||
		!slices.Equal(f.Languages, []inflow.Facet{{Value: "en", Count: 2}}) ||
		!slices.Equal(f.Tags, []inflow.Facet{{Value: "ppe", Count: 2}, {Value: "drill", Count: 1}}) ||
		!slices.Equal(f.Topics, []inflow.Facet{{Value: "Field Safety", Count: 1}, {Value: "Tools", Count: 1}}) {
		t.Errorf("facets %+v", f)
	}
	if res := run(t, x, inflow.SearchRequest{Query: "gloves"}); res.Facets != nil {
		t.Errorf("facets not asked for: %+v", res.Facets)
	}
	res = run(t, x, inflow.SearchRequest{Query: "kind:rule", Facets: true})
	if res.Facets == nil || !slices.Equal(res.Facets.Kinds, []inflow.Facet{{Value: "rule", Count: 2}}) ||
		!slices.Equal(res.Facets.Languages, []inflow.Facet{{Value: "de", Count: 1}, {Value: "en", Count: 1}}) {
		t.Errorf("kind:rule facets %+v", res.Facets)
	}
	res = run(t, x, inflow.SearchRequest{Query: "kind:none", Facets: true})
	if res.Facets == nil || len(res.Facets.Kinds) != 0 {
		t.Errorf("no match facets %+v", res.Facets)
	}
}

func TestSearchPaging(t *testing.T) {
	items := make([]*inflow.Item, 45)
	for i := range items {
		items[i] = &inflow.Item{ID: fmt.Sprintf("n%02d", i), Kind: inflow.KindRule, Title: fmt.Sprintf("note %d", i),
			Language: "en", Body: "common word " + strings.Repeat("common ", i%7)}
	}
	x, _ := indexed(t, items)
	var all []string
	for off := 0; off < 60; off += 10 {
		res := run(t, x, inflow.SearchRequest{Query: "common", Limit: 10, Offset: off})
		if res.Total != 45 {
			t.Fatalf("offset %d: total %d", off, res.Total)
		}
		all = append(all, ids(res)...)
	}
	full := ids(run(t, x, inflow.SearchRequest{Query: "common", Limit: 100}))
	if !slices.Equal(all, full) {
		t.Errorf("pages %v\n != one page %v", all, full)
	}
	if res := run(t, x, inflow.SearchRequest{Query: "common", Offset: -3, Limit: 5}); len(res.Hits) != 5 {
		t.Errorf("negative offset: %d hits", len(res.Hits))
	}
	if res := run(t, x, inflow.SearchRequest{Query: "common", Offset: 1 << 40}); len(res.Hits) != 0 || res.Total != 45 {
		t.Errorf("huge offset: %d hits of %d", len(res.Hits), res.Total)
	}
}

func TestSuggestion(t *testing.T) {
	x, _ := indexed(t, sample)
	for q, want := range map[string]string{
		"extrct archive ":  "extract archive", // typo in a word of a summary
		"archivng utility": "archiving utility",
		"tar":              "", // found: no suggestion
		"qwxzv":            "", // nothing close
		"kind:rule escpe ": "kind:rule escape",
	} {
		if got := run(t, x, inflow.SearchRequest{Query: q}).Suggestion; got != want {
			t.Errorf("%q: suggestion %q, want %q", q, got, want)
		}
	}
}

func TestLanguageAnalysis(t *testing.T) {
	x, _ := indexed(t, []*inflow.Item{
		{ID: "de", Kind: inflow.KindRule, Language: "de", Title: "Datei löschen", Body: "Eine Datei entfernen."},
		{ID: "en", Kind: inflow.KindRule, Language: "en", Title: "Delete files", Body: "Remove running processes."},
		{ID: "fr", Kind: inflow.KindRule, Language: "fr", Title: "Supprimer des fichiers", Body: "Effacer."},
		{ID: "pt", Kind: inflow.KindRule, Language: "pt-BR", Title: "Apagar arquivos", Body: "Remover."},
		{ID: "zh", Kind: inflow.KindRule, Language: "zh", Title: "删除文件", Body: "删除"},
	})
	cases := []struct{ q, want string }{
		{"Dateien ", "de"}, // German stemming: Dateien → datei
		{"lang:de Dateien ", "de"},
		{"file ", "en"},
		{"processes run ", "en"},
		{"fichier ", "fr"},
		{"arquivo ", "pt"},
		{"文件", "zh"},
	}
	for _, c := range cases {
		if got := ids(run(t, x, inflow.SearchRequest{Query: c.q})); !slices.Contains(got, c.want) {
			t.Errorf("%q: %v, want %s", c.q, got, c.want)
		}
	}
	if g := languageGroup("pt-BR"); g != "pt" {
		t.Errorf("pt-BR group %q", g)
	}
	for tag, want := range map[string]string{"nb": "no", "zh-TW": "", "DE": "de", "sr": "hr", "x-very-long": "", "": ""} {
		if g := languageGroup(tag); g != want {
			t.Errorf("languageGroup(%q) = %q, want %q", tag, g, want)
		}
	}
}

func TestShortPrefix(t *testing.T) {
	items := make([]*inflow.Item, 0, 2000)
	for i := range 2000 {
		items = append(items, &inflow.Item{ID: fmt.Sprintf("w%04d", i), Kind: inflow.KindRule, Language: "en",
			Title: fmt.Sprintf("word%d", i), Body: fmt.Sprintf("text about tamarind%d and more", i)})
	}
	items = append(items, &inflow.Item{ID: "tar", Kind: inflow.KindSnippet, Language: "en", Title: "tar", Body: "archiving"},
		&inflow.Item{ID: "tee", Kind: inflow.KindSnippet, Language: "en", Title: "tee", Body: "pipes"})
	x, _ := indexed(t, items)
	for q, want := range map[string][]string{"t": {"tar", "tee"}, "ta": {"tar"}, "te": {"tee"}, "arch": {"tar"}} {
		start := time.Now()
		res := run(t, x, inflow.SearchRequest{Query: q, Language: "en"})
		if got := ids(res); !sameSet(got, want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Errorf("%q took %v", q, d)
		}
	}
	// A finished word (space after it) is not a prefix.
	if got := ids(run(t, x, inflow.SearchRequest{Query: "ta "})); len(got) != 0 {
		t.Errorf("\"ta \": %v", got)
	}
}
