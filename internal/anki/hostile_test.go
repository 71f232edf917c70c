package anki

import (
	"archive/zip"
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// expectError reads path with lim and checks that the error starts with
// the file name and contains want.
func expectError(t *testing.T, path string, lim Limits, want string) {
	t.Helper()
	c, err := ReadFile(context.Background(), path, lim)
	if err == nil {
		t.Fatalf("ReadFile(%s) = %d cards, want error %q", path, len(c.Cards), want)
	}
	if !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), want) {
		t.Fatalf("ReadFile(%s) error %q, want %q after the file name", path, err, want)
	}
}

// hostileDir returns a directory for test inputs and points TMPDIR at an
// empty directory of its own, so assertOnly can check that ReadFile left no
// temporary file behind.
func hostileDir(t *testing.T) (dir, tmp string) {
	dir = t.TempDir()
	tmp = filepath.Join(dir, "tmp", "a", "b")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	return dir, tmp
}

// writeFile writes data to dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNotACollection(t *testing.T) {
	dir, tmp := hostileDir(t)
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	for name, data := range map[string][]byte{
		"empty.apkg":      nil,
		"random.apkg":     random,
		"text.anki2":      []byte("SQLite format 2 is not a thing\n"),
		"short.anki2":     []byte("SQLite"),
		"magic-only.apkg": []byte("PK\x03\x04"),
	} {
		p := writeFile(t, dir, name, data)
		want := "not an Anki collection or package"
		if name == "magic-only.apkg" {
			want = "damaged package"
		}
		t.Run(name, func(t *testing.T) { expectError(t, p, Limits{}, want) })
	}
	expectError(t, writeFile(t, dir, "zstd.anki21b", zstdBytes(t, []byte("plain text, not SQLite"))), Limits{}, "not an Anki collection or package")
	expectError(t, writeFile(t, dir, "badzstd.anki21b", append([]byte{0x28, 0xb5, 0x2f, 0xfd}, random...)), Limits{}, "damaged collection")
	assertOnly(t, tmp)

	if _, err := ReadFile(context.Background(), filepath.Join(dir, "missing.apkg"), Limits{}); err == nil || !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	expectError(t, filepath.Join(dir, "tmp"), Limits{}, "not a regular file")
}

func TestZipWithoutCollection(t *testing.T) {
	dir, tmp := hostileDir(t)
	p := filepath.Join(dir, "nocol.apkg")
	writeZip(t, p,
		zipEntry{"media", []byte("{}")},
		zipEntry{"0", []byte("png")},
		zipEntry{"sub/collection.anki2", []byte("SQLite format 3\x00")}, // not at the root: ignored
		zipEntry{"Collection.anki2", []byte("SQLite format 3\x00")},     // wrong case: ignored
	)
	expectError(t, p, Limits{}, "package has no collection")

	empty := filepath.Join(dir, "empty.apkg")
	writeZip(t, empty)
	expectError(t, empty, Limits{}, "package has no collection")

	dirEntry := filepath.Join(dir, "direntry.apkg")
	writeZip(t, dirEntry, zipEntry{"collection.anki2/", nil})
	expectError(t, dirEntry, Limits{}, "package has no collection")

	notSQLite := filepath.Join(dir, "notsqlite.apkg")
	writeZip(t, notSQLite, zipEntry{"collection.anki2", []byte("hello")})
	expectError(t, notSQLite, Limits{}, "collection.anki2: not an Anki collection or package")
	assertOnly(t, tmp)
}

// TestZipBomb: entries that inflate past MaxUncompressedBytes are stopped
// by counting the bytes written, whatever the zip headers say, and the
// partial temporary file is removed.
func TestZipBomb(t *testing.T) {
	dir, tmp := hostileDir(t)
	const limit = 1 << 20
	zeros := make([]byte, 8<<20)
	copy(zeros, sqliteMagic)

	honest := filepath.Join(dir, "bomb.apkg")
	writeZip(t, honest, zipEntry{"collection.anki2", zeros})
	if fi, _ := os.Stat(honest); fi.Size() > limit/8 {
		t.Fatalf("test bomb is %d bytes, not a bomb", fi.Size())
	}
	expectError(t, honest, Limits{MaxUncompressedBytes: limit}, "unpacked collection exceeds 1048576 bytes")

	// The same deflated data under a header claiming 100 bytes.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "collection.anki2", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(zeros); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	lying := bytes.Clone(buf.Bytes())
	// Patch the uncompressed size (offset 24 in the central directory
	// header, 22 in the local header) to 100.
	cd := bytes.LastIndex(lying, []byte("PK\x01\x02"))
	for _, off := range []int{cd + 24, 22} {
		copy(lying[off:off+4], []byte{100, 0, 0, 0})
	}
	liar := writeFile(t, dir, "liar.apkg", lying)
	expectError(t, liar, Limits{MaxUncompressedBytes: limit}, "collection.anki2: damaged collection: zip: not a valid zip file")

	zstdBomb := writeFile(t, dir, "bomb.anki21b", zstdBytes(t, zeros))
	expectError(t, zstdBomb, Limits{MaxUncompressedBytes: limit}, "unpacked collection exceeds 1048576 bytes")

	// A limit below zstd's smallest window still gives the size error.
	expectError(t, zstdBomb, Limits{MaxUncompressedBytes: 100}, "unpacked collection exceeds 100 bytes")

	pkg := filepath.Join(dir, "zbomb.colpkg")
	writeZip(t, pkg, zipEntry{"collection.anki21b", zstdBytes(t, zeros)})
	expectError(t, pkg, Limits{MaxUncompressedBytes: limit}, "unpacked collection exceeds 1048576 bytes")
	assertOnly(t, tmp)
}

// TestPathTraversal: a package with an entry name reaching outside its
// directory is refused, and nothing is written anywhere.
func TestPathTraversal(t *testing.T) {
	dir, tmp := hostileDir(t)
	src := filepath.Join(t.TempDir(), "c.anki2")
	writeSynth(t, src, false)
	v0, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"../../x", "/etc/x", `..\..\x`, "C:/x", "a/../../x"} {
		p := filepath.Join(dir, "evil"+string(rune('0'+i))+".apkg")
		writeZip(t, p, zipEntry{name, []byte("owned")}, zipEntry{"collection.anki2", v0})
		expectError(t, p, Limits{}, "has an unsafe name")
	}
	for _, p := range []string{filepath.Join(tmp, "..", "..", "x"), filepath.Join(tmp, "x"), filepath.Join(dir, "x"), "x"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
	assertOnly(t, tmp)
}

// TestNotAnAnkiDatabase: SQLite files without Anki's tables, with a view
// in place of a table, or with an empty col table.
func TestNotAnAnkiDatabase(t *testing.T) {
	dir, tmp := hostileDir(t)
	other := filepath.Join(dir, "other.db")
	db := openWritable(t, other)
	exec(t, db, `CREATE TABLE people (name text); INSERT INTO people VALUES ('ann')`)
	db.Close()
	expectError(t, other, Limits{}, "missing table col")

	noNotes := filepath.Join(dir, "nonotes.anki2")
	db = openWritable(t, noNotes)
	exec(t, db, coreSchema+`DROP TABLE notes; CREATE VIEW notes AS SELECT 1 AS id;`)
	db.Close()
	expectError(t, noNotes, Limits{}, "missing table notes")

	emptyCol := filepath.Join(dir, "emptycol.anki2")
	db = openWritable(t, emptyCol)
	exec(t, db, coreSchema)
	db.Close()
	expectError(t, emptyCol, Limits{}, "table col is empty")

	badJSON := filepath.Join(dir, "badjson.anki2")
	db = openWritable(t, badJSON)
	exec(t, db, coreSchema)
	exec(t, db, `INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', '{}', '[1,2', '{}', '{}')`)
	db.Close()
	expectError(t, badJSON, Limits{}, "col.decks: not a JSON object")

	// Packed in a zip, the error names the package.
	pkg := filepath.Join(dir, "other.apkg")
	data, _ := os.ReadFile(other)
	writeZip(t, pkg, zipEntry{"collection.anki2", data})
	expectError(t, pkg, Limits{}, "missing table col")
	assertOnly(t, tmp)
}

// TestTruncated: a collection cut short, loose or packed, fails cleanly;
// so does a package cut short. The synthetic collections are always tried,
// the corpus ones when present.
func TestTruncated(t *testing.T) {
	dir, tmp := hostileDir(t)
	sources := map[string][]byte{}
	for _, tables := range []bool{false, true} {
		p := filepath.Join(t.TempDir(), "c.anki2")
		writeSynth(t, p, tables)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sources[p] = data
	}
	for _, name := range []string{"collection_v0.anki2", "collection_v1.anki2"} {
		if p := findCorpus(name); p != "" {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			sources[name] = data
		}
	}
	for name, data := range sources {
		for _, n := range []int{100, 4096, len(data) / 2, len(data) - 4096} {
			p := writeFile(t, dir, "cut.anki2", data[:n])
			if _, err := ReadFile(context.Background(), p, Limits{}); err == nil {
				t.Errorf("%s cut to %d bytes read without error", name, n)
			}
			pkg := filepath.Join(dir, "cut.apkg")
			writeZip(t, pkg, zipEntry{"collection.anki2", data[:n]}, zipEntry{"media", []byte("{}")})
			if _, err := ReadFile(context.Background(), pkg, Limits{}); err == nil {
				t.Errorf("%s cut to %d bytes in a package read without error", name, n)
			}
			whole := filepath.Join(dir, "whole.apkg")
			writeZip(t, whole, zipEntry{"collection.anki2", data}, zipEntry{"media", []byte("{}")})
			apkg, err := os.ReadFile(whole)
			if err != nil {
				t.Fatal(err)
			}
			expectError(t, writeFile(t, dir, "cut2.apkg", apkg[:len(apkg)*n/len(data)]), Limits{}, "damaged package")
		}
	}
	assertOnly(t, tmp)
}
