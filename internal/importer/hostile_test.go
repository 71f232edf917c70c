package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// zipFile is one entry of a test archive.
type zipFile struct {
	name string
	body string
	mode os.FileMode // 0: a regular file
}

// makeZip builds an archive in memory from entries, in order.
func makeZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate}
		if f.mode != 0 {
			h.SetMode(f.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, f.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadZipBytes(data []byte, opts Options) ([]*inflow.Pack, error) {
	return loadZip(context.Background(), bytes.NewReader(data), int64(len(data)), "test", opts.withDefaults())
}

// wantFileError checks err is a *FileError for file and line with code, and
// that the message carries the location and want.
func wantFileError(t *testing.T, packs []*inflow.Pack, err error, code, file string, line int, want string) {
	t.Helper()
	if packs != nil {
		t.Errorf("got %d packs with the error, want none", len(packs))
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v (%T), want a *FileError", err, err)
	}
	if fe.File != file || fe.Line != line {
		t.Errorf("got file %q line %d, want %q line %d (%v)", fe.File, fe.Line, file, line, err)
	}
	if got := inflow.ErrorCode(err); got != code {
		t.Errorf("code %q, want %q (%v)", got, code, err)
	}
	msg := inflow.ErrorMessage(err)
	if !strings.HasPrefix(msg, file) || !strings.Contains(msg, want) {
		t.Errorf("message %q, want %q…%q", msg, file, want)
	}
}

func TestZipUnsafeNames(t *testing.T) {
	tests := []struct{ name, shown, why string }{
		{"../evil.md", "../evil.md", `".." leads out`},
		{"notes/../../evil.md", "notes/../../evil.md", `".." leads out`},
		{"/etc/evil.md", "/etc/evil.md", "absolute path"},
		{`notes\..\..\evil.md`, `notes\..\..\evil.md`, "backslash"},
		{"C:/evil.md", "C:/evil.md", "drive letter"},
		{"c:evil.md", "c:evil.md", "drive letter"},
		{"notes/./a.md", "notes/./a.md", "not clean"},
		{"notes//a.md", "notes//a.md", "not clean"},
		{"bad\xffname.md", "bad\uFFFDname.md", "not UTF-8"},
		{"nul\x00.md", "nul\uFFFD.md", "control character"},
		{"esc\x1b[31m.md", "esc\uFFFD[31m.md", "control character"},
		{".hidden/../../evil.md", ".hidden/../../evil.md", `".." leads out`},
		{"../ignored.png", "../ignored.png", `".." leads out`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := makeZip(t, zipFile{name: "ok.md", body: "# OK\n"}, zipFile{name: tt.name, body: "# Evil\n"})
			packs, err := loadZipBytes(data, testOptions())
			wantFileError(t, packs, err, inflow.EINVALID, tt.shown, 0, "unsafe name in zip: ")
			if !strings.Contains(err.Error(), tt.why) {
				t.Errorf("got %v, want %q", err, tt.why)
			}
		})
	}
}

func TestZipDuplicateEntry(t *testing.T) {
	data := makeZip(t, zipFile{name: "a.md", body: "# A\n"}, zipFile{name: "a.md", body: "# B\n"})
	packs, err := loadZipBytes(data, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "a.md", 0, "holds this name twice")
}

func TestZipSymlinkEntry(t *testing.T) {
	data := makeZip(t, zipFile{name: "a.md", body: "# A\n"}, zipFile{name: "link.md", body: "/etc/passwd", mode: os.ModeSymlink | 0o777})
	packs, err := loadZipBytes(data, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "link.md", 0, "symbolic link")

	// A link that would not be read anyway is skipped.
	data = makeZip(t, zipFile{name: "a.md", body: "# A\n"}, zipFile{name: "img.png", body: "/etc/passwd", mode: os.ModeSymlink | 0o777})
	if _, err := loadZipBytes(data, testOptions()); err != nil {
		t.Error(err)
	}
}

func TestZipEncryptedEntry(t *testing.T) {
	data := makeZip(t, zipFile{name: "a.md", body: "# A\n"})
	// Set the "encrypted" flag in the central directory.
	i := bytes.LastIndex(data, []byte("PK\x01\x02"))
	flags := binary.LittleEndian.Uint16(data[i+8:])
	binary.LittleEndian.PutUint16(data[i+8:], flags|1)
	packs, err := loadZipBytes(data, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "a.md", 0, "encrypted")
}

func TestZipCorrupt(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not a zip"), makeZip(t, zipFile{name: "a.md", body: "# A\n"})[:30]} {
		packs, err := loadZipBytes(data, testOptions())
		if packs != nil || inflow.ErrorCode(err) != inflow.EINVALID || !strings.Contains(err.Error(), "test.zip is not a valid zip file") {
			t.Errorf("got %v", err)
		}
	}
	// A damaged entry: flip a byte in the compressed data so the checksum fails.
	data := makeZip(t, zipFile{name: "a.md", body: strings.Repeat("# A\n\nSome text here.\n", 50)})
	data[40] ^= 0xff
	packs, err := loadZipBytes(data, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "a.md", 0, "cannot be read")
}

// zipBomb returns an archive holding one entry of size zero bytes,
// compressed as well as deflate can (about 1,000 to 1). If claim >= 0 the
// central directory is patched to claim that uncompressed size instead.
func zipBomb(t testing.TB, size int64, claim int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create("bomb.md")
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for n := size; n > 0; n -= int64(len(zero)) {
		w.Write(zero[:min(n, int64(len(zero)))])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if claim >= 0 {
		i := bytes.LastIndex(data, []byte("PK\x01\x02"))
		binary.LittleEndian.PutUint32(data[i+24:], uint32(claim))
	}
	return data
}

func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("building a 1 GiB zip bomb takes a second")
	}
	const gib = 1 << 30
	honest := zipBomb(t, gib, -1)
	t.Logf("1 GiB of zeros compressed to %d bytes", len(honest))

	// The header's size is checked before anything is decompressed.
	start := time.Now()
	packs, err := loadZipBytes(honest, testOptions())
	wantFileError(t, packs, err, inflow.ETOOLARGE, "bomb.md", 0, "file is larger than 1 MiB (1073741824 bytes)")
	if took := time.Since(start); took > time.Second {
		t.Errorf("rejecting the bomb took %v", took)
	}

	// With generous size limits, the ratio stops it after MaxRatio times
	// its compressed size, however large the header says it is.
	big := testOptions()
	big.Limits = Limits{MaxFileSize: 2 * gib, MaxTotalSize: 4 * gib}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	packs, err = loadZipBytes(honest, big)
	runtime.ReadMemStats(&after)
	wantFileError(t, packs, err, inflow.ETOOLARGE, "bomb.md", 0, "expands more than 100 times its compressed size")
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 400<<20 {
		t.Errorf("allocated %d MiB reading the bomb", grew>>20)
	}

	// A header that lies about the size does not get past the limits.
	for _, claim := range []int64{100, 1<<20 - 1} {
		packs, err = loadZipBytes(zipBomb(t, 64<<20, claim), testOptions())
		if packs != nil || err == nil {
			t.Fatalf("claim %d: no error", claim)
		}
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != "bomb.md" {
			t.Errorf("claim %d: got %v", claim, err)
		}
	}
	big.Limits.MaxRatio = 1 << 20 // no ratio limit: the total limit holds
	big.Limits.MaxTotalSize = 8 << 20
	packs, err = loadZipBytes(zipBomb(t, 64<<20, 0xFFFFFFF), big)
	wantFileError(t, packs, err, inflow.ETOOLARGE, "bomb.md", 0, "the files add up to more than 8 MiB")
}

func TestZipRatio(t *testing.T) {
	bomb := zipBomb(t, 10<<20, -1)
	opts := testOptions()
	opts.Limits.MaxFileSize = 64 << 20
	packs, err := loadZipBytes(bomb, opts)
	wantFileError(t, packs, err, inflow.ETOOLARGE, "bomb.md", 0, "zip bomb")

	// Small, very repetitive files are below the ratio floor.
	data := makeZip(t, zipFile{name: "a.md", body: "# A\n\n" + strings.Repeat("-", 60<<10)})
	if _, err := loadZipBytes(data, testOptions()); err != nil {
		t.Error(err)
	}
}

func TestLimits(t *testing.T) {
	files := []zipFile{{name: "a.md", body: "# A\n" + strings.Repeat("a", 600)}, {name: "b.md", body: "# B\n" + strings.Repeat("b", 600)}, {name: "c.png", body: "x"}}
	data := makeZip(t, files...)

	opts := testOptions()
	opts.Limits.MaxTotalSize = 1000
	packs, err := loadZipBytes(data, opts)
	wantFileError(t, packs, err, inflow.ETOOLARGE, "b.md", 0, "the files add up to more than 1000 bytes")

	opts = testOptions()
	opts.Limits.MaxFiles = 2
	packs, err = loadZipBytes(data, opts)
	if packs != nil || inflow.ErrorCode(err) != inflow.ETOOLARGE || !strings.Contains(err.Error(), "test holds more than 2 files") {
		t.Errorf("zip file count: got %v", err)
	}
	dir := filepath.Join(t.TempDir(), "notes")
	writeFiles(t, dir, map[string]string{"a.md": "# A\n", "b.md": "# B\n", "c/d.png": "x", ".git/1": "", ".git/2": "", ".git/3": ""})
	packs, err = Load(context.Background(), dir, opts)
	if packs != nil || inflow.ErrorCode(err) != inflow.ETOOLARGE || !strings.Contains(err.Error(), "notes holds more than 2 files") {
		t.Errorf("folder file count: got %v", err)
	}
	opts.Limits.MaxFiles = 3 // hidden folders are not counted
	if _, err := Load(context.Background(), dir, opts); err != nil {
		t.Error(err)
	}

	opts = testOptions()
	opts.Limits.MaxFileSize = 500
	packs, err = loadZipBytes(data, opts)
	wantFileError(t, packs, err, inflow.ETOOLARGE, "a.md", 0, "file is larger than 500 bytes (604 bytes)")
}

func TestOversizedFileOnDisk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.md": "# A\n", "big/b.md": "# B\n" + strings.Repeat("b", DefaultMaxFileSize)})
	packs, err := Load(context.Background(), dir, testOptions())
	wantFileError(t, packs, err, inflow.ETOOLARGE, "big/b.md", 0, "file is larger than 1 MiB (1048580 bytes)")
	// A single file is held to the same limit.
	packs, err = Load(context.Background(), filepath.Join(dir, "big", "b.md"), testOptions())
	wantFileError(t, packs, err, inflow.ETOOLARGE, "b.md", 0, "file is larger than 1 MiB")
}

func TestSymlinks(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "pack")
	writeFiles(t, base, map[string]string{"secret.md": "# Secret\n", "outside/x.md": "# X\n", "pack/a.md": "# A\n", "pack/sub/b.md": "# B\n"})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("cannot make symbolic links: %v", err)
		}
	}
	link("sub/b.md", "inside.md")   // followed: the target is in the folder
	link("../outside", "outdir")    // not followed: links to folders are skipped
	link("/etc", "etc")             // not followed
	link("../secret.md", "img.png") // not read: not a content file
	packs, err := Load(context.Background(), root, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := itemIDs(packs[0]); strings.Join(got, " ") != "pack/a pack/inside pack/sub/b" {
		t.Errorf("items %q", got)
	}

	link("../secret.md", "escape.md")
	packs, err = Load(context.Background(), root, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "escape.md", 0, "symbolic link points outside the imported folder")
	os.Remove(filepath.Join(root, "escape.md"))

	link("/etc/hostname", "abs.md")
	packs, err = Load(context.Background(), root, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "abs.md", 0, "symbolic link points outside the imported folder")
	os.Remove(filepath.Join(root, "abs.md"))

	link("missing.md", "dangling.md")
	packs, err = Load(context.Background(), root, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "dangling.md", 0, "does not exist")
	os.Remove(filepath.Join(root, "dangling.md"))

	link("sub", "dir.md")
	packs, err = Load(context.Background(), root, testOptions())
	wantFileError(t, packs, err, inflow.EINVALID, "dir.md", 0, "does not point to a regular file")
}

func TestHostileContent(t *testing.T) {
	tests := []struct {
		name  string
		files []zipFile
		file  string
		line  int
		code  string
		msg   string
	}{
		{"invalid utf8", []zipFile{{name: "a.md", body: "# A\n"}, {name: "notes/b.md", body: "# B\n\nok\n\xc3\x28 bad\n"}}, "notes/b.md", 4, inflow.EINVALID, "text is not valid UTF-8"},
		{"utf16", []zipFile{{name: "a.md", body: "\xff\xfe#\x00 \x00A\x00"}}, "a.md", 1, inflow.EINVALID, "not valid UTF-8"},
		{"unterminated front matter", []zipFile{{name: "guides/vpn.md", body: "---\ntitle: VPN\n\n# VPN\n"}}, "guides/vpn.md", 1, inflow.EINVALID, `front matter: no closing "---" line`},
		{"typo", []zipFile{{name: "guides/vpn.md", body: "---\nkind: how-to\ntittle: VPN\n---\n"}}, "guides/vpn.md", 3, inflow.EINVALID, `front matter: unknown key "tittle"`},
		{"invalid yaml", []zipFile{{name: "a.md", body: "---\ntitle: [a\n---\n"}}, "a.md", 2, inflow.EINVALID, "front matter: did not find expected"},
		{"wrong type", []zipFile{{name: "a.md", body: "---\ntitle: A\ntags: {a: 1}\n---\n"}}, "a.md", 3, inflow.EINVALID, "tags must be a list"},
		{"bad kind", []zipFile{{name: "a.md", body: "---\ntitle: A\nkind: poem\n---\n"}}, "a.md", 3, inflow.EINVALID, `kind "poem" is not one of`},
		{"bad id", []zipFile{{name: "a.md", body: "---\nid: ../../etc\n---\n# A\n"}}, "a.md", 2, inflow.EINVALID, `id "../../etc"`},
		{"no title", []zipFile{{name: "a.md", body: "text\n"}}, "a.md", 0, inflow.EINVALID, "no title"},
		{"duplicate id", []zipFile{{name: "a.md", body: "---\nid: x\n---\n# A\n"}, {name: "b/c.md", body: "---\nid: x\n---\n# C\n"}}, "b/c.md", 0, inflow.EINVALID, `item id "x" is also used by a.md`},
		{"duplicate derived id", []zipFile{{name: "A B.md", body: "# A\n"}, {name: "a-b.md", body: "# B\n"}}, "a-b.md", 0, inflow.EINVALID, `item id "test/a-b" is also used by A B.md`},
		{"bad pack file", []zipFile{{name: "pack.yaml", body: "id: [\n"}, {name: "a.md", body: "# A\n"}}, "pack.yaml", 1, inflow.EINVALID, ""},
		{"bad tldr page", []zipFile{{name: "tldr/pages/common/a.md", body: "# a\n"}, {name: "tldr/pages/common/b.md", body: "no heading\n"}}, "tldr/pages/common/b.md", 1, inflow.EINVALID, "must start with"},
		{"tldr too many examples", []zipFile{{name: "pages/common/a.md", body: "# a\n" + strings.Repeat("- x:\n", 51)}}, "pages/common/a.md", 0, inflow.EINVALID, "more than 50 key points"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			packs, err := loadZipBytes(makeZip(t, tt.files...), testOptions())
			wantFileError(t, packs, err, tt.code, tt.file, tt.line, tt.msg)
		})
	}
}

// TestErrorFormat pins the message format the brief and the docs promise.
func TestErrorFormat(t *testing.T) {
	data := makeZip(t, zipFile{name: "guides/vpn.md", body: "---\nkind: how-to\ntittle: VPN\n---\n# VPN\n"}, zipFile{name: "other.md", body: "# O\n"})
	_, err := loadZipBytes(data, testOptions())
	if got, want := inflow.ErrorMessage(err), `guides/vpn.md:3: front matter: unknown key "tittle" (did you mean "title"?)`; got != want {
		t.Errorf("message %q\nwant    %q", got, want)
	}
	if got := err.Error(); !strings.HasPrefix(got, "invalid: guides/vpn.md:3: ") {
		t.Errorf("Error() = %q", got)
	}
	var de *inflow.Error
	if !errors.As(err, &de) || de.Code != inflow.EINVALID {
		t.Errorf("errors.As *inflow.Error: %v", de)
	}
}
