package main

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6} // 1..10, unsorted
	for _, c := range []struct{ p, want float64 }{
		{50, 5}, {10, 1}, {11, 2}, {90, 9}, {99, 10}, {100, 10}, {0.1, 1},
	} {
		if got := percentile(xs, c.p); got != c.want {
			t.Errorf("percentile(1..10, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if xs[0] != 5 {
		t.Error("percentile sorted its input")
	}
	if !math.IsNaN(percentile(nil, 50)) {
		t.Error("percentile of nothing is not NaN")
	}
	if got := percentile([]float64{7}, 99); got != 7 {
		t.Errorf("percentile of one = %v", got)
	}
	big := make([]float64, 1000)
	for i := range big {
		big[i] = float64(1000 - i) // 1000..1
	}
	if got := percentile(big, 99); got != 990 {
		t.Errorf("p99 of 1..1000 = %v, want 990", got)
	}
	if got := percentile(big, 50); got != 500 {
		t.Errorf("p50 of 1..1000 = %v, want 500", got)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{7}, 7}} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing is not NaN")
	}
}

func TestRound4(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{38404, 38404}, {1234.56, 1235}, {3.14159, 3.142}, {0.0012345, 0.001235}, {0, 0}, {-2.71828, -2.718},
	} {
		if got := round4(c.x); got != c.want {
			t.Errorf("round4(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// testPages is a small corpus shaped like tldr pages.
func testPages() []*inflow.Item {
	var items []*inflow.Item
	for i, p := range []struct{ lang, title, summary string }{
		{"en", "tar", "Archiving utility. Often combined with a compression method."},
		{"en", "git commit", "Commit files to the repository."},
		{"en", "ls", "List directory contents."},
		{"en", "rsync", "Transfer files either to or from a remote host."},
		{"en", "curl", "Transfers data from or to a server."},
		{"fr", "tar", "Utilitaire d'archivage."},
		{"fr", "ls", "Liste le contenu d'un répertoire."},
	} {
		body := fmt.Sprintf("# %s\n\n> %s\n\n- Example %d for %s:\n\n`%s --flag%d`\n\n- Another example:\n\n`%s -x`\n",
			p.title, p.summary, i, p.title, p.title, i, p.title)
		items = append(items, &inflow.Item{
			ID: fmt.Sprintf("tldr/%s/common/%s", p.lang, strings.ReplaceAll(p.title, " ", "-")), Kind: inflow.KindSnippet,
			Title: p.title, Summary: p.summary, Body: body, Language: p.lang, Topic: "common",
			KeyPoints: []string{fmt.Sprintf("Example %d for %s", i, p.title), "Another example"},
		})
	}
	return items
}

func TestGenerateQueriesDeterministic(t *testing.T) {
	docs := eligible(testPages(), "en")
	if len(docs) != 5 {
		t.Fatalf("%d English docs, want 5", len(docs))
	}
	cfg := queryConfig{Seed: 42, Language: "en", PerWords: 20, Typed: 5, Relevance: 3}
	a, b := generateQueries(docs, cfg), generateQueries(docs, cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different queries")
	}
	cfg.Seed = 43
	if c := generateQueries(docs, cfg); reflect.DeepEqual(a, c) {
		t.Error("another seed, same queries")
	}
	for n, qq := range a.Words {
		if len(qq) != 20 {
			t.Errorf("%d queries of %d words, want 20", len(qq), n+1)
		}
		for _, q := range qq {
			words := strings.Fields(q)
			if len(words) != n+1 {
				t.Errorf("query %q: want %d words", q, n+1)
			}
			for _, w := range words {
				if stopWords[w] || len([]rune(w)) < 2 || w != strings.ToLower(w) {
					t.Errorf("query %q: word %q should have been skipped", q, w)
				}
			}
		}
	}
	if len(a.Typed) != 5 {
		t.Fatalf("%d typed queries, want 5", len(a.Typed))
	}
	for _, seq := range a.Typed {
		full := seq[len(seq)-1]
		if len(seq) != len([]rune(full)) {
			t.Errorf("typed %q: %d keystrokes", full, len(seq))
		}
		for i, p := range seq {
			if len([]rune(p)) != i+1 || !strings.HasPrefix(full, p) {
				t.Errorf("typed %q: keystroke %d is %q", full, i, p)
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range a.Relevance {
		seen[r.Want] = true
		if r.Kind == "title" && !strings.HasSuffix(strings.ReplaceAll(r.Want, "-", " "), r.Query) {
			t.Errorf("title query %q for %s", r.Query, r.Want)
		}
	}
	if len(seen) != 3 {
		t.Errorf("relevance covers %d pages, want 3", len(seen))
	}
	// Only the requested language's pages are used.
	for _, r := range a.Relevance {
		if !strings.HasPrefix(r.Want, "tldr/en/") {
			t.Errorf("relevance page %s is not English", r.Want)
		}
	}
}

func TestTypedBucket(t *testing.T) {
	for q, want := range map[string]int{"g": 1, "gi": 2, "git": 3, "git commit": 3, "é": 1, "éa": 2} {
		if got := typedBucket(q); got != want {
			t.Errorf("typedBucket(%q) = %d, want %d", q, got, want)
		}
	}
}

func TestContentWords(t *testing.T) {
	got := contentWords("Commit files to the repository, with `git-commit` (e.g. files).", map[string]bool{})
	want := []string{"commit", "files", "repository", "git"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("contentWords = %q, want %q", got, want)
	}
}

func TestSynthesize(t *testing.T) {
	pages := testPages()
	a, b := synthesize(pages, 50, 1), synthesize(pages, 50, 1)
	if len(a) != 50 {
		t.Fatalf("%d items, want 50", len(a))
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Fatalf("item %d differs between two runs with the same seed", i)
		}
	}
	if c := synthesize(pages, 50, 2); reflect.DeepEqual(a[len(pages):], c[len(pages):]) {
		t.Error("another seed, same variants")
	}
	for i, p := range pages {
		if a[i] != p {
			t.Fatalf("item %d is not the original page", i)
		}
	}
	realText := map[string]bool{}
	for _, p := range pages {
		for _, ex := range examplesOf(p.Body) {
			realText[p.Language+ex.desc] = true
			realText[p.Language+ex.code] = true
		}
		for _, s := range sentencesOf(p.Summary) {
			realText[p.Language+s] = true
		}
	}
	ids := map[string]bool{}
	for _, it := range a[len(pages):] {
		if ids[it.ID] {
			t.Errorf("duplicate id %s", it.ID)
		}
		ids[it.ID] = true
		if err := it.Validate(); err != nil {
			t.Errorf("%s: %v", it.ID, err)
		}
		// Every example and summary sentence is real text of its language.
		for _, ex := range examplesOf(it.Body) {
			if !realText[it.Language+ex.desc] || !realText[it.Language+ex.code] {
				t.Errorf("%s: example %q is not from a %s page", it.ID, ex, it.Language)
			}
		}
		for _, s := range sentencesOf(it.Summary) {
			if !realText[it.Language+s] {
				t.Errorf("%s: sentence %q is not from a %s page", it.ID, s, it.Language)
			}
		}
		if len(it.KeyPoints) == 0 || !strings.HasPrefix(it.Body, "# "+it.Title+"\n") {
			t.Errorf("%s: not shaped like a tldr page: %q", it.ID, it.Body)
		}
	}
	if got := synthesize(pages, 3, 1); len(got) != 3 {
		t.Errorf("synthesize to fewer than the pages: %d items", len(got))
	}
}

func TestSentencesOf(t *testing.T) {
	got := sentencesOf("Archiving utility. Often combined with `gzip`. ")
	want := []string{"Archiving utility.", "Often combined with `gzip`."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sentencesOf = %q, want %q", got, want)
	}
}
