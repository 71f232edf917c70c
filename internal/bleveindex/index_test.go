package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

var sample = []*inflow.Item{
	{ID: "en/tar", Pack: "p", Kind: inflow.KindSnippet, Language: "en", Topic: "cli",
		Title: "tar", Summary: "Archiving utility, often combined with gzip.",
		Body: "# tar\n\n- Extract a (compressed) archive file:\n\n`tar xf archive.tar.gz`\n\n- Create an archive:\n\n`tar cf target.tar files`"},
	{ID: "en/ls", Pack: "p", Kind: inflow.KindSnippet, Language: "en", Topic: "cli",
		Title: "ls", Summary: "List directory contents.",
		Body: "- List files one per line:\n\n`ls -1`\n\n- List all files, including hidden files:\n\n`ls -a`"},
	{ID: "en/unzip", Pack: "p", Kind: inflow.KindSnippet, Language: "en", Topic: "cli",
		Title: "unzip", Summary: "Extract files from Zip archives.",
		Body: "- Extract all files into the current directory:\n\n`unzip archive.zip`"},
	{ID: "en/git-commit", Pack: "p", Kind: inflow.KindHowTo, Language: "en", Topic: "git",
		Title: "Commit your changes", Summary: "Record changes to the repository.",
		KeyPoints: []string{"Stage first with git add", "Write a clear message"},
		Body:      "Use `git commit -m \"message\"` to record the staged changes. A good commit message explains why."},
	{ID: "es/git-commit", Pack: "p", Kind: inflow.KindHowTo, Language: "es", Topic: "git",
		Title: "Confirmar cambios con git commit", Summary: "Registra los cambios en el repositorio.",
		Body: "Usa `git commit -m \"mensaje\"` para registrar los cambios preparados."},
	{ID: "en/rule", Pack: "p", Kind: inflow.KindRule, Language: "en",
		Title: "Rules of <b>HTML</b> & \"quotes\"", Summary: "Never trust <script>alert(1)</script> input & escape it.",
		Body: "Escape output. The quick brown fox jumps over the lazy dog."},
	{ID: "en/nosummary", Pack: "p", Kind: inflow.KindArticle, Language: "en",
		Title: "Long read",
		Body:  "## Intro\n\nThis article has *no summary*, so its snippet comes from the body: a **zebra** appears here.\n\n" + strings.Repeat("More filler text. ", 40)},
}

func openTemp(t *testing.T) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "search")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x, dir
}

func indexed(t *testing.T, items []*inflow.Item) (*Index, string) {
	t.Helper()
	x, dir := openTemp(t)
	if err := x.Index(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	return x, dir
}

func find(t *testing.T, x *Index, q, lang string) *inflow.SearchResult {
	t.Helper()
	res, err := x.Search(context.Background(), inflow.SearchRequest{Query: q, Language: lang})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

func ids(res *inflow.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	x, _ := indexed(t, sample)
	cases := []struct {
		q, lang string
		want    []string // exactly these ids, in any order (nil: no hits)
		first   string   // if set, the top hit
	}{
		{q: "tar", want: []string{"en/tar"}, first: "en/tar"},
		{q: "TAR", want: []string{"en/tar"}},
		{q: "extract archive", want: []string{"en/tar", "en/unzip"}},
		{q: "archive extract", want: []string{"en/tar", "en/unzip"}},
		{q: "tar ext", want: []string{"en/tar"}},         // last word as a prefix
		{q: "dire", want: []string{"en/ls", "en/unzip"}}, // directory
		{q: "list files", first: "en/ls", want: []string{"en/ls"}},
		{q: `"quick brown fox"`, want: []string{"en/rule"}},
		{q: `"brown quick fox"`, want: nil},
		{q: `fox "lazy dog"`, want: []string{"en/rule"}},
		{q: `"lazy`, want: []string{"en/rule"}}, // unbalanced quote ignored
		{q: "how to list files", first: "en/ls", want: []string{"en/ls"}},
		{q: "the", want: []string{"en/rule", "en/unzip", "en/nosummary", "en/git-commit"}}, // stop words alone still search
		{q: "stage message", want: []string{"en/git-commit"}},                              // key points
		{q: "zebra", want: []string{"en/nosummary"}},
		{q: "repositry", want: []string{"en/git-commit"}}, // one typo, five letters or more
		{q: "lss", want: nil},                             // no typos for short words
		{q: "nothing-like-this", want: nil},
	}
	for _, c := range cases {
		res := find(t, x, c.q, c.lang)
		got := ids(res)
		if !sameSet(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.q, got, c.want)
		}
		if c.first != "" && (len(got) == 0 || got[0] != c.first) {
			t.Errorf("%q: first hit %v, want %s", c.q, got, c.first)
		}
		if res.Total != uint64(len(got)) {
			t.Errorf("%q: Total %d, %d hits", c.q, res.Total, len(got))
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestSearchHits(t *testing.T) {
	x, _ := indexed(t, sample)
	res := find(t, x, "commit message", "")
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	h := res.Hits[0]
	if h.ID != "en/git-commit" || h.Title != "Commit your changes" || h.Kind != inflow.KindHowTo ||
		h.Topic != "git" || h.Language != "en" || h.Score <= 0 {
		t.Errorf("hit = %+v", h)
	}
	if res.Query != "commit message" || res.TookMs <= 0 {
		t.Errorf("Query %q TookMs %v", res.Query, res.TookMs)
	}

	res = find(t, x, "escape script", "")
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", ids(res))
	}
	want := "Never trust &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; input &amp; <mark>escape</mark> it."
	if got := res.Hits[0].Snippet; got != want {
		t.Errorf("snippet\n got %s\nwant %s", got, want)
	}
	if got := res.Hits[0].Title; got != `Rules of <b>HTML</b> & "quotes"` {
		t.Errorf("title %q (titles are plain text; the frontend escapes them)", got)
	}

	res = find(t, x, "zebra", "")
	if s := res.Hits[0].Snippet; !strings.Contains(s, "<mark>zebra</mark>") || strings.Contains(s, "**") || strings.Contains(s, "##") {
		t.Errorf("excerpt snippet %q", s)
	}

	res = find(t, x, "ext", "")
	for _, h := range res.Hits {
		if h.ID == "en/unzip" && !strings.Contains(h.Snippet, "<mark>Extract</mark>") {
			t.Errorf("prefix not marked: %q", h.Snippet)
		}
	}
}

func TestSearchLanguage(t *testing.T) {
	x, _ := indexed(t, sample)
	for lang, first := range map[string]string{"es": "es/git-commit", "en": "en/git-commit"} {
		res := find(t, x, "git commit", lang)
		if got := ids(res); len(got) != 2 || got[0] != first {
			t.Errorf("language %s: %v, want %s first", lang, got, first)
		}
	}
	// An unknown language changes nothing.
	if got := ids(find(t, x, "git commit", "fr")); len(got) != 2 {
		t.Errorf("language fr: %v", got)
	}
}

func TestSearchEdgeCases(t *testing.T) {
	x, _ := indexed(t, sample)
	ctx := context.Background()
	for _, q := range []string{"", "   ", "\x00\x01", `""`, `"`, "...", "\xff\xfe", "*", "?", "+-&|!(){}[]^~:\\/"} {
		res, err := x.Search(ctx, inflow.SearchRequest{Query: q})
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if res.Hits == nil || len(res.Hits) != 0 || res.Total != 0 {
			t.Errorf("%q: %+v, want an empty result with non-nil Hits", q, res)
		}
	}
	huge := strings.Repeat("tar ", 100000)
	res, err := x.Search(ctx, inflow.SearchRequest{Query: huge})
	if err != nil || len(res.Query) > MaxQueryLen {
		t.Fatalf("huge query: %v, %d bytes kept", err, len(res.Query))
	}
	if got := ids(res); len(got) != 1 {
		t.Errorf("huge query: %v", got)
	}
	many := ""
	for i := range 300 {
		many += fmt.Sprintf("w%d ", i)
	}
	if _, err := x.Search(ctx, inflow.SearchRequest{Query: many}); err != nil {
		t.Errorf("many words: %v", err)
	}
	if _, err := x.Search(ctx, inflow.SearchRequest{Query: `"a "b "c d" e" "f`}); err != nil {
		t.Errorf("quotes: %v", err)
	}

	// Limits.
	items := make([]*inflow.Item, 250)
	for i := range items {
		items[i] = &inflow.Item{ID: fmt.Sprintf("n%d", i), Kind: inflow.KindRule, Title: "note", Language: "en", Body: "common word"}
	}
	if err := x.Index(ctx, items); err != nil {
		t.Fatal(err)
	}
	for limit, want := range map[int]int{0: DefaultLimit, -5: DefaultLimit, 7: 7, 1000: MaxLimit} {
		res, err := x.Search(ctx, inflow.SearchRequest{Query: "common", Limit: limit})
		if err != nil || len(res.Hits) != want || res.Total != 250 {
			t.Errorf("limit %d: %d hits, total %d, %v; want %d", limit, len(res.Hits), res.Total, err, want)
		}
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := x.Search(cancelled, inflow.SearchRequest{Query: "common"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: %v", err)
	}
	if err := x.Index(cancelled, items[:1]); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled index: %v", err)
	}
}

func TestIndexUpdateDelete(t *testing.T) {
	x, _ := indexed(t, sample)
	ctx := context.Background()
	if n, err := x.Count(); err != nil || n != uint64(len(sample)) {
		t.Fatalf("Count = %d, %v", n, err)
	}

	// Re-indexing replaces: the old words are gone, the new ones found.
	changed := *sample[0]
	changed.Title = "bsdtar"
	changed.Summary = "Archiver with a new summary about walruses."
	changed.Body = "Nothing about the old text."
	if err := x.Index(ctx, []*inflow.Item{&changed}); err != nil {
		t.Fatal(err)
	}
	if got := ids(find(t, x, "walruses", "")); !slices.Equal(got, []string{"en/tar"}) {
		t.Errorf("updated item not found: %v", got)
	}
	if got := ids(find(t, x, "compressed", "")); len(got) != 0 {
		t.Errorf("old text still found: %v", got)
	}
	if h := find(t, x, "walruses", "").Hits[0]; h.Title != "bsdtar" {
		t.Errorf("stored title not updated: %q", h.Title)
	}
	if n, _ := x.Count(); n != uint64(len(sample)) {
		t.Errorf("Count after update = %d", n)
	}

	if err := x.Delete(ctx, []string{"en/ls", "en/unzip", "missing"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(); n != uint64(len(sample)-2) {
		t.Errorf("Count after delete = %d", n)
	}
	if got := ids(find(t, x, "files", "")); len(got) != 0 {
		t.Errorf("deleted items found: %v", got)
	}
	if err := x.Index(ctx, []*inflow.Item{nil, {ID: ""}}); err != nil {
		t.Errorf("nil and id-less items: %v", err)
	}
	if err := x.Delete(ctx, nil); err != nil {
		t.Errorf("Delete(nil): %v", err)
	}
}

func TestManyBatches(t *testing.T) {
	x, _ := openTemp(t)
	items := make([]*inflow.Item, 2*BatchSize+17)
	for i := range items {
		items[i] = &inflow.Item{ID: fmt.Sprintf("i%05d", i), Kind: inflow.KindRule, Title: fmt.Sprintf("item %d", i),
			Language: "en", Body: fmt.Sprintf("body number%d shared", i)}
	}
	if err := x.Index(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(); n != uint64(len(items)) {
		t.Errorf("Count = %d, want %d", n, len(items))
	}
	if got := ids(find(t, x, "number2016", "")); !slices.Equal(got, []string{"i02016"}) {
		t.Errorf("last batch: %v", got)
	}
}

func TestGenerationAndReopen(t *testing.T) {
	x, dir := indexed(t, sample)
	if g, err := x.Generation(); err != nil || g != 0 {
		t.Fatalf("new index generation = %d, %v", g, err)
	}
	if err := x.SetGeneration(1<<40 + 7); err != nil {
		t.Fatal(err)
	}
	if g, _ := x.Generation(); g != 1<<40+7 {
		t.Fatalf("generation = %d", g)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	y, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if g, _ := y.Generation(); g != 1<<40+7 {
		t.Errorf("generation after reopen = %d", g)
	}
	if n, _ := y.Count(); n != uint64(len(sample)) {
		t.Errorf("Count after reopen = %d", n)
	}
	if got := ids(find(t, y, "tar ext", "")); !slices.Equal(got, []string{"en/tar"}) {
		t.Errorf("search after reopen: %v", got)
	}
}

// corrupt overwrites every file under dir, or only those whose name has the
// suffix, with junk.
func corrupt(t *testing.T, dir, suffix string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, suffix) {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		junk := []byte(strings.Repeat("junk\x00\xff", int(info.Size())/6+1))
		n++
		return os.WriteFile(p, junk[:max(info.Size(), 16)], 0o600)
	})
	if err != nil || n == 0 {
		t.Fatalf("corrupt %s*%s: %d files, %v", dir, suffix, n, err)
	}
}

func TestCorruptIndexIsRecreated(t *testing.T) {
	for _, suffix := range []string{"", ".zap", "index_meta.json", "root.bolt"} {
		t.Run("junk in *"+suffix, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "search")
			x, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := x.Index(context.Background(), sample); err != nil {
				t.Fatal(err)
			}
			if err := x.SetGeneration(9); err != nil {
				t.Fatal(err)
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			corrupt(t, dir, suffix)

			y, err := Open(dir)
			switch {
			case errors.Is(err, ErrNeedsRebuild):
			case err == nil:
				// bleve skips snapshots whose segments it cannot read and
				// opens an older one: that is consistent, and its older
				// generation tells the caller to re-index.
				g, gerr := y.Generation()
				_, serr := y.Search(context.Background(), inflow.SearchRequest{Query: "tar"})
				_ = y.Close()
				if gerr != nil || g >= 9 || serr != nil {
					t.Fatalf("Open of a corrupt index gave generation %d (%v), search error %v", g, gerr, serr)
				}
				if suffix != ".zap" {
					t.Fatalf("Open of a corrupt index succeeded")
				}
				return
			default:
				t.Fatalf("Open of a corrupt index: %v, want ErrNeedsRebuild", err)
			}
			y, recreated, err := OpenOrRecreate(dir)
			if err != nil || !recreated {
				t.Fatalf("OpenOrRecreate: recreated %v, %v", recreated, err)
			}
			defer y.Close()
			if n, _ := y.Count(); n != 0 {
				t.Errorf("recreated index has %d documents", n)
			}
			if err := y.Index(context.Background(), sample); err != nil {
				t.Fatal(err)
			}
			if got := ids(find(t, y, "tar", "")); !slices.Equal(got, []string{"en/tar"}) {
				t.Errorf("search after rebuild: %v", got)
			}
		})
	}
}

func TestMappingVersionChangeRecreates(t *testing.T) {
	x, dir := indexed(t, sample)
	if err := x.SetGeneration(5); err != nil {
		t.Fatal(err)
	}
	if err := x.bi.SetInternal(keyMappingVersion, []byte("0")); err != nil {
		t.Fatal(err)
	}
	_ = x.Close()

	if _, err := Open(dir); !errors.Is(err, ErrNeedsRebuild) {
		t.Fatalf("Open with an old mapping version: %v, want ErrNeedsRebuild", err)
	}
	y, recreated, err := OpenOrRecreate(dir)
	if err != nil || !recreated {
		t.Fatalf("OpenOrRecreate: recreated %v, %v", recreated, err)
	}
	if n, _ := y.Count(); n != 0 {
		t.Errorf("recreated index has %d documents", n)
	}
	if g, _ := y.Generation(); g != 0 {
		t.Errorf("recreated index generation %d", g)
	}
	_ = y.Close()

	// A current index is opened as it is.
	z, recreated, err := OpenOrRecreate(dir)
	if err != nil || recreated {
		t.Fatalf("OpenOrRecreate of a good index: recreated %v, %v", recreated, err)
	}
	_ = z.Close()
}

func TestOpenOrRecreateLeavesForeignDirectories(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "thesis.txt")
	if err := os.WriteFile(precious, []byte("years of work"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenOrRecreate(dir); err == nil {
		t.Fatal("OpenOrRecreate opened a directory that is not an index")
	}
	if _, err := os.Stat(precious); err != nil {
		t.Fatalf("file deleted: %v", err)
	}
}

func TestOpenEmptyDirectory(t *testing.T) {
	dir := t.TempDir() // exists, empty
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n, err := x.Count(); err != nil || n != 0 {
		t.Errorf("Count = %d, %v", n, err)
	}
}

func TestOpenLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the lock timeout")
	}
	_, dir := indexed(t, sample)
	start := time.Now()
	y, err := Open(dir)
	if err == nil {
		_ = y.Close()
		t.Fatal("opened an index that is already open")
	}
	if inflow.ErrorCode(err) != inflow.ELOCKED || errors.Is(err, ErrNeedsRebuild) {
		t.Errorf("err = %v, want ELOCKED and not ErrNeedsRebuild", err)
	}
	if _, _, err := OpenOrRecreate(dir); inflow.ErrorCode(err) != inflow.ELOCKED {
		t.Errorf("OpenOrRecreate: %v, want ELOCKED", err)
	}
	t.Logf("lock detected after %v", time.Since(start).Round(time.Millisecond))
}

func TestConcurrentUse(t *testing.T) {
	x, _ := indexed(t, sample)
	ctx := context.Background()
	done := make(chan struct{})
	errs := make(chan error, 8)
	go func() {
		defer close(done)
		for i := range 20 {
			it := *sample[i%len(sample)]
			it.Summary = fmt.Sprintf("revision %d", i)
			if err := x.Index(ctx, []*inflow.Item{&it}); err != nil {
				errs <- err
				return
			}
		}
	}()
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := x.Search(ctx, inflow.SearchRequest{Query: "git rev", Language: "en"}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
