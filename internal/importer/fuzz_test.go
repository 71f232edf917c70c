package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Run a target with, for example:
//
//	go test -run x -fuzz FuzzParseFrontMatter -fuzztime 20s ./internal/importer
//
// Plain go test runs only the seeds below (and any saved in testdata/fuzz).

var fuzzNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// checkError fails unless err is one the importer promises: a problem, a
// *FileError or an *inflow.Error with an input code.
func checkError(t *testing.T, err error) {
	t.Helper()
	var p *problem
	if errors.As(err, &p) {
		if p.code != inflow.EINVALID && p.code != inflow.ETOOLARGE {
			t.Fatalf("problem with code %q: %v", p.code, err)
		}
		return
	}
	switch code := inflow.ErrorCode(err); code {
	case inflow.EINVALID, inflow.ETOOLARGE:
	default:
		t.Fatalf("error with code %q (%T): %v", code, err, err)
	}
}

func checkItem(t *testing.T, it *inflow.Item) {
	t.Helper()
	if err := it.Validate(); err != nil {
		t.Fatalf("invalid item %+v: %v", it, err)
	}
	if it.Hash != contentHash(it) || it.Pack == "" || it.Language == "" || it.Updated.IsZero() {
		t.Fatalf("incomplete item %+v", it)
	}
}

func FuzzParseFrontMatter(f *testing.F) {
	for _, s := range []string{
		"",
		"# Title\n\nBody.\n",
		"---\n---\n",
		"---\ntitle: T\n---\nBody",
		"---\nid: a/b\nkind: how-to\ntitle: T\nsummary: S\ntopic: X\ntags: [a, b]\nlanguage: pt_BR\nkey_points:\n  - one\nsource: {name: n, url: 'https://x.org', license: MIT, author: a}\nupdated: 2024-05-31\nmedia: https://x.org/v.mp4\n---\n# H\n",
		"---\ntitle: [unterminated\n---\n",
		"---\ntitle: &a x\nsummary: *a\n---\n",
		"---\n<<: {title: T}\n---\n",
		"---\r\ntitle: T\r\n---\r\n\ufeff",
		"---\ntitle: \"\\uD800\"\n---\n",
		"---\ntags: !!binary aGk=\n---\n# T",
		"```\n# not\n```\n# yes ##\n",
		"---\nupdated: 2024-02-30\n---\n# T",
		"\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	meta := &packMeta{ID: "fuzz", Title: "Fuzz"}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, _, err := parseFrontMatter(data)
		if err != nil {
			checkError(t, err)
			return
		}
		if fm == nil {
			t.Fatal("nil front matter without an error")
		}
		it, err := markdownItem("topic/file.md", data, meta, fuzzNow)
		if err != nil {
			checkError(t, err)
			return
		}
		checkItem(t, it)
	})
}

func FuzzParseTldrPage(f *testing.F) {
	for _, s := range []string{
		"",
		"# tar\n\n> Archiving utility.\n> More information: <https://www.gnu.org/software/tar/manual/tar.html>.\n\n- E[x]tract a [f]ile:\n\n`tar xf {{path/to/file.tar}}`\n",
		"# ((\n\n> This command is an alias of `let`.\n\n- View documentation for the original command:\n\n`tldr let`\n",
		"# tar\n\n> 归档实用程序。\n> 更多信息：<https://example.com/tar>。\n\n- 创建存档：\n\n`tar cf {{x}}`\n",
		"# x\n- ``a [b] `` [c] ``` [d]:\n",
		"#\n",
		"## x\n",
		"\r\n# x\r\n> <http://a>\r\n",
		"# [\n> [[x]] [ä̈] [-n] []\n- [x:\n",
	} {
		f.Add([]byte(s))
	}
	src := inflow.Source{Name: tldrSourceName, URL: tldrRepoURL, License: tldrLicense, Author: tldrAuthor}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := parseTldrPage(data); err != nil {
			checkError(t, err)
		}
		it, err := tldrItem(data, "pt-BR", "common", "[", src, fuzzNow)
		if err != nil {
			checkError(t, err)
			return
		}
		checkItem(t, it)
		if it.ID != "tldr/pt-BR/common/:5b" || it.Pack != "tldr-pages.pt-BR" {
			t.Fatalf("id %q pack %q", it.ID, it.Pack)
		}
	})
}

func FuzzLoadZip(f *testing.F) {
	f.Add(makeZip(f, zipFile{name: "a.md", body: "# A\n"}))
	f.Add(makeZip(f, zipFile{name: "notes/pack.yaml", body: "id: n\nlanguage: de\n"}, zipFile{name: "notes/x/a.md", body: "---\ntags: [t]\n---\n# A\n"}))
	f.Add(makeZip(f, zipFile{name: "tldr-main/pages/common/tar.md", body: "# tar\n\n> Archive.\n\n- [c]reate:\n\n`tar c`\n"}, zipFile{name: "tldr-main/pages.pt_BR/linux/..md", body: "# .\n"}, zipFile{name: "tldr-main/LICENSE.md", body: "MIT License"}))
	f.Add(makeZip(f, zipFile{name: "../evil.md", body: "# E\n"}))
	f.Add(makeZip(f, zipFile{name: "a.md", body: "---\nid: x\n---\n# A\n"}, zipFile{name: "b.md", body: "---\nid: x\n---\n# B\n"}))
	f.Add(makeZip(f, zipFile{name: "l.md", body: "a.md", mode: os.ModeSymlink | 0o777}))
	f.Add(zipBomb(f, 1<<20, 10))
	// Stored entries without a checksum let the fuzzer change content
	// bytes without the archive becoming unreadable.
	f.Add(storedZip(f, map[string]string{
		"n/pack.yaml": "id: n\ntitle: N\nkind: rule\n",
		"n/a.md":      "---\ntitle: A\ntags: [x, y]\nupdated: 2024-01-02\n---\nBody [x]\n",
		"n/b/c.md":    "# C\n\n```\n# code\n```\n",
	}))
	f.Add(storedZip(f, map[string]string{
		"pages/common/tar.md":  "# tar\n\n> Archive.\n> More information: <https://x.org>.\n\n- E[x]tract:\n\n`tar x`\n",
		"pages.zh_TW/osx/a.md": "# a\n\n> 說明。\n\n- 範例：\n\n`a`\n",
	}))
	opts := Options{
		Limits: Limits{MaxFileSize: 64 << 10, MaxFiles: 64, MaxTotalSize: 1 << 20},
		Now:    func() time.Time { return fuzzNow },
	}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		packs, err := loadZip(context.Background(), bytes.NewReader(data), int64(len(data)), "fuzz", opts)
		if err != nil {
			if packs != nil {
				t.Fatal("packs returned with an error")
			}
			checkError(t, err)
			return
		}
		if len(packs) == 0 {
			t.Fatal("no packs and no error")
		}
		for _, p := range packs {
			if !inflow.ValidID(p.ID) || p.Title == "" || len(p.Items) == 0 {
				t.Fatalf("bad pack %+v", p)
			}
			seen := make(map[string]bool)
			for _, it := range p.Items {
				checkItem(t, it)
				if it.Pack != p.ID || seen[it.ID] {
					t.Fatalf("item %s in pack %s (seen %v)", it.ID, p.ID, seen[it.ID])
				}
				seen[it.ID] = true
			}
		}
	})
}

// storedZip builds an archive of uncompressed entries with no CRC-32, which
// archive/zip does not check.
func storedZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		body := files[name]
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: name, Method: zip.Store,
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body)),
		})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
