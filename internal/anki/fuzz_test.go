package anki

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzReadBytes writes arbitrary bytes to a file and reads it with small
// limits: ReadFile must return a collection or an error naming the file,
// never panic, and remove its temporary files.
func FuzzReadBytes(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0})
	seedDir := f.TempDir()
	for i, tables := range []bool{false, true} {
		synth := filepath.Join(seedDir, "synth"+strconv.Itoa(i))
		writeSynth(f, synth, tables)
		data, err := os.ReadFile(synth)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		if tables {
			f.Add(zstdBytes(f, data))
			pkg := synth + ".apkg"
			writeZip(f, pkg, zipEntry{"collection.anki2", data})
			z, err := os.ReadFile(pkg)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(z)
		}
	}
	// The corpus files are not seeds: inputs of tens of kilobytes make the
	// fuzzer spend its time minimizing rather than exploring.
	lim := Limits{MaxFileBytes: 1 << 20, MaxUncompressedBytes: 1 << 20, MaxNotes: 1000, MaxCards: 1000, MaxReviews: 1000}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		tmp := filepath.Join(dir, "tmp")
		if err := os.Mkdir(tmp, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv("TMPDIR", tmp)
		p := filepath.Join(dir, "input")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := ReadFile(ctx, p, lim)
		if err != nil {
			if !strings.HasPrefix(err.Error(), p+": ") {
				t.Fatalf("error does not name the file: %v", err)
			}
		} else {
			for _, k := range c.Cards {
				checkPlain(t, "", k.Front)
				checkPlain(t, "", k.Back)
			}
			checkInvariants(t, c)
		}
		if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
			t.Fatalf("temporary files left: %v", ents)
		}
	})
}

// findCorpus returns the path of a corpus file: in $INFLOW_CORPORA/anki (or
// $INFLOW_CORPORA itself) when that is set, else in ../shared/corpora/anki
// next to the repository root; "" when it is not there.
func findCorpus(name string) string {
	var dirs []string
	if env := os.Getenv("INFLOW_CORPORA"); env != "" {
		dirs = append(dirs, filepath.Join(env, "anki"), env) // it alone decides
	} else if wd, err := os.Getwd(); err == nil {
		for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dirs = append(dirs, filepath.Join(d, "..", "shared", "corpora", "anki"))
				break
			}
		}
	}
	for _, d := range dirs {
		if p := filepath.Join(d, name); fileExists(p) {
			return p
		}
	}
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
