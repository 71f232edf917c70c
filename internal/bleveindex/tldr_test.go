package bleveindex

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// corporaDir is $INFLOW_CORPORA, or ../shared/corpora next to the repository
// root (the directory holding go.mod).
func corporaDir(t testing.TB) string {
	if d := os.Getenv("INFLOW_CORPORA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpora")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// mnemonic matches tldr's single-letter mnemonic brackets: E[x]tract.
var mnemonic = regexp.MustCompile(`\[(\p{L}|\p{N})\]`)

// loadTLDR reads the pages of one language ("" for English, else e.g. "es")
// from the tldr tarball, parsing just enough for search: title from "# ",
// summary from "> " lines, body the whole file, mnemonic brackets removed.
// It skips the test when the corpus is absent.
func loadTLDR(t testing.TB, lang string) (items []*inflow.Item, rawBytes int) {
	path := filepath.Join(corporaDir(t), "tldr-pages.tar.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("tldr corpus not available (%v); set INFLOW_CORPORA to the directory holding tldr-pages.tar.gz", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := "pages"
	itemLang := "en"
	if lang != "" {
		dir += "." + lang
		itemLang = strings.ReplaceAll(lang, "_", "-")
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(strings.TrimPrefix(h.Name, "./"), "/")
		if len(parts) != 3 || parts[0] != dir || !strings.HasSuffix(parts[2], ".md") || h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		rawBytes += len(b)
		body := mnemonic.ReplaceAllString(string(b), "$1")
		var title string
		var summary []string
		for line := range strings.SplitSeq(body, "\n") {
			switch {
			case strings.HasPrefix(line, "# ") && title == "":
				title = strings.TrimSpace(line[2:])
			case strings.HasPrefix(line, "> "):
				summary = append(summary, strings.TrimSpace(line[2:]))
			}
		}
		if title == "" {
			continue
		}
		platform, name := parts[1], strings.TrimSuffix(parts[2], ".md")
		items = append(items, &inflow.Item{
			ID:       "tldr:" + itemLang + ":" + platform + "/" + name,
			Pack:     "tldr-" + itemLang,
			Kind:     inflow.KindSnippet,
			Title:    title,
			Summary:  strings.Join(summary, " "),
			Body:     body,
			Topic:    platform,
			Language: itemLang,
		})
	}
	if len(items) == 0 {
		t.Skipf("no tldr pages for %q in %s", lang, path)
	}
	return items, rawBytes
}

func dirSize(t testing.TB, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTLDR(t *testing.T) {
	items, raw := loadTLDR(t, "")
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	start := time.Now()
	if err := x.Index(ctx, items); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	size := dirSize(t, dir)
	t.Logf("indexed %d English pages (%.1f MB raw text) in %v: %.0f docs/s on %d CPUs; index %.1f MB on disk = %.2fx the text",
		len(items), float64(raw)/1e6, took.Round(time.Millisecond), float64(len(items))/took.Seconds(), runtime.GOMAXPROCS(0),
		float64(size)/1e6, float64(size)/float64(raw))

	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := x.Count(); err != nil || n != uint64(len(items)) {
		t.Fatalf("Count = %d, %v; want %d", n, err, len(items))
	}
	for _, c := range []struct{ q, want string }{
		{"extract archive", "tldr:en:common/tar"},
		{"list files", "tldr:en:common/ls"},
		{"tar ext", "tldr:en:common/tar"},
	} {
		res, err := x.Search(ctx, inflow.SearchRequest{Query: c.q, Language: "en", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		rank := -1
		var top []string
		for i, h := range res.Hits {
			if h.ID == c.want && rank < 0 {
				rank = i
			}
			if i < 5 {
				top = append(top, h.ID)
			}
		}
		t.Logf("%q: %d hits in %.2f ms, %s at rank %d; top: %v", c.q, res.Total, res.TookMs, c.want, rank+1, top)
		if rank < 0 || rank >= 5 {
			t.Errorf("%q: %s not in the top 5: %v", c.q, c.want, top)
		}
	}
}
