package importer

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// The real tldr-pages corpus is not part of the repository. Tests look for
// tldr-pages.tar.gz in $INFLOW_CORPORA, else in ../shared/corpora next to
// the repository root, and skip when it is absent.
const corpusFile = "tldr-pages.tar.gz"

// corpusPath returns the tarball's path, or "" when it is not there.
func corpusPath(t testing.TB) string {
	if dir := os.Getenv("INFLOW_CORPORA"); dir != "" {
		p := filepath.Join(dir, corpusFile)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for ; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "corpora", corpusFile)
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

var (
	corpusOnce sync.Once
	corpusData map[string][]byte
	corpusErr  error
)

// readCorpus returns the tarball's regular files by path, skipping the test
// when the tarball is absent.
func readCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	p := corpusPath(t)
	if p == "" {
		t.Skipf("%s not found: set INFLOW_CORPORA to the folder holding it, or put it in ../shared/corpora next to the repository", corpusFile)
	}
	corpusOnce.Do(func() { corpusData, corpusErr = readTarGz(p) })
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusData
}

func readTarGz(p string) (map[string][]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte)
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		} else if err != nil {
			return nil, err
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if h.Typeflag != tar.TypeReg || !filepath.IsLocal(name) {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, 4<<20))
		if err != nil {
			return nil, err
		}
		files[name] = data
	}
}

// writeTree writes files under dir.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	made := make(map[string]bool)
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
			made[d] = true
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// corpusCounts counts the tarball's pages per pack id.
func corpusCounts(files map[string][]byte) map[string]int {
	want := make(map[string]int)
	for name := range files {
		if lang, _, _, ok := splitTldrPath(name); ok {
			want[tldrPackPrefix+lang]++
		}
	}
	return want
}

func checkCorpusPacks(t *testing.T, packs []*inflow.Pack, want map[string]int) {
	t.Helper()
	if len(packs) != len(want) {
		t.Errorf("got %d packs, want %d", len(packs), len(want))
	}
	total := 0
	for _, p := range packs {
		if p.Format != FormatTldr || !inflow.ValidID(p.ID) || p.Title == "" {
			t.Errorf("pack %q: format %q title %q", p.ID, p.Format, p.Title)
		}
		if got := len(p.Items); got != want[p.ID] {
			t.Errorf("pack %s: %d items, want %d", p.ID, got, want[p.ID])
		}
		for _, it := range p.Items {
			if err := it.Validate(); err != nil {
				t.Fatalf("%s: %v", it.ID, err)
			}
			if it.Pack != p.ID || it.Hash == "" || it.Summary == "" && len(it.KeyPoints) == 0 {
				t.Errorf("%s: pack %q hash %q summary %q", it.ID, it.Pack, it.Hash, it.Summary)
			}
		}
		total += len(p.Items)
	}
	t.Logf("%d packs, %d items", len(packs), total)
}

func TestCorpusTldrFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("writing 38k files takes a while")
	}
	files := readCorpus(t)
	dir := t.TempDir()
	writeTree(t, dir, files)
	want := corpusCounts(files)

	var calls, lastDone, lastTotal int
	start := time.Now()
	packs, err := Load(context.Background(), dir, Options{Progress: func(done, total int, name string) {
		calls++
		lastDone, lastTotal = done, total
	}})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded the tldr-pages folder in %v", took)
	checkCorpusPacks(t, packs, want)
	if calls == 0 || lastDone != lastTotal {
		t.Errorf("progress: %d calls, last %d/%d", calls, lastDone, lastTotal)
	}

	en := findPack(packs, "tldr-pages.en")
	if en == nil {
		t.Fatal("no English pack")
	}
	tar := findItem(en, "tldr/en/common/tar")
	if tar == nil {
		t.Fatal("no tar page")
	}
	if tar.Title != "tar" || tar.Topic != "common" || tar.Kind != inflow.KindSnippet ||
		tar.Source.URL != "https://www.gnu.org/software/tar/manual/tar.html" || tar.Source.License != "CC-BY-4.0" ||
		!strings.HasPrefix(tar.Summary, "Archiving utility.") || strings.Contains(tar.Summary, "More information") ||
		!strings.Contains(tar.Body, "Extract a (compressed) archive file") || !strings.Contains(tar.Body, "{{path/to/target.tar}}") {
		t.Errorf("tar page: %+v", tar)
	}
	if findItem(findPack(packs, "tldr-pages.pt-BR"), "tldr/pt-BR/common/tar") == nil {
		t.Error("no pt-BR tar page")
	}
	if findItem(en, "tldr/en/common/:5b") == nil {
		t.Error(`no page for "[" (tldr/en/common/:5b)`)
	}

	// Each pages folder can be imported on its own.
	for _, name := range []string{"pages", "pages.pt_BR", "pages.zh_TW"} {
		packs, err := Load(context.Background(), filepath.Join(dir, name), Options{})
		if err != nil {
			t.Fatal(err)
		}
		lang, _ := tldrLanguage(name)
		if len(packs) != 1 || len(packs[0].Items) != want[tldrPackPrefix+lang] {
			t.Errorf("%s: %v", name, packIDs(packs))
		}
	}
}

func TestCorpusTldrZip(t *testing.T) {
	if testing.Short() {
		t.Skip("zipping the corpus is slow")
	}
	files := readCorpus(t)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "tldr-main/" + name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	packs, err := loadZip(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()), "tldr-main", Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded the tldr-pages zip (%d bytes) in %v", buf.Len(), time.Since(start))
	checkCorpusPacks(t, packs, corpusCounts(files))
}

func findPack(packs []*inflow.Pack, id string) *inflow.Pack {
	for _, p := range packs {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func findItem(p *inflow.Pack, id string) *inflow.Item {
	if p == nil {
		return nil
	}
	for _, it := range p.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}
