package anki

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// The real Anki files are not part of the repository. Tests look for them
// in $INFLOW_CORPORA/anki, else in ../shared/corpora/anki next to the
// repository root, and skip when they are absent.

// corpusDir returns the directory holding the Anki corpus, skipping the
// test when there is none.
func corpusDir(t testing.TB) string {
	t.Helper()
	p := findCorpus("collection_v0.anki2")
	if p == "" {
		t.Skip("Anki corpus not found: set INFLOW_CORPORA to the corpora directory (holding anki/collection_v0.anki2) or put it at ../shared/corpora/anki next to the repository root")
	}
	return filepath.Dir(p)
}

// corpusFile returns the path of one corpus file.
func corpusFile(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(corpusDir(t), name)
}

// read reads path with the default limits, failing the test on error.
func read(t testing.TB, path string) *Collection {
	t.Helper()
	c, err := ReadFile(context.Background(), path, Limits{})
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", path, err)
	}
	return c
}

// cardByID finds a card, failing the test when it is missing.
func cardByID(t testing.TB, c *Collection, id int64) Card {
	t.Helper()
	for _, k := range c.Cards {
		if k.AnkiID == id {
			return k
		}
	}
	t.Fatalf("no card %d", id)
	return Card{}
}

// checkInvariants checks what holds for every collection: cards in
// (note id, ord) order, reviews in time order with ratings 1..4, durations
// in [0, 60s], and reviews only for known cards.
func checkInvariants(t *testing.T, c *Collection) {
	t.Helper()
	known := map[int64]bool{}
	for i, k := range c.Cards {
		known[k.AnkiID] = true
		if i > 0 {
			p := c.Cards[i-1]
			if p.NoteID > k.NoteID || p.NoteID == k.NoteID && p.Ord >= k.Ord {
				t.Errorf("cards %d and %d out of (note, ord) order", p.AnkiID, k.AnkiID)
			}
		}
		if k.Deck == "" {
			t.Errorf("card %d has no deck", k.AnkiID)
		}
	}
	for i, r := range c.Reviews {
		if i > 0 && r.Time.Before(c.Reviews[i-1].Time) {
			t.Errorf("review %d before review %d", r.AnkiID, c.Reviews[i-1].AnkiID)
		}
		if r.Rating < 1 || r.Rating > 4 {
			t.Errorf("review %d: rating %d", r.AnkiID, r.Rating)
		}
		if r.Duration < 0 || r.Duration > 60*time.Second {
			t.Errorf("review %d: duration %v", r.AnkiID, r.Duration)
		}
		if !known[r.CardID] {
			t.Errorf("review %d: unknown card %d", r.AnkiID, r.CardID)
		}
		if !r.Time.Equal(time.UnixMilli(r.AnkiID)) || r.Time.Location() != time.UTC {
			t.Errorf("review %d: time %v", r.AnkiID, r.Time)
		}
	}
}

// TestCorpusCollections reads the two loose collections, which hold the
// same 7 notes and 12 cards in the legacy (schema 11) and the table
// (schema 15) layouts. The expectations were checked with the sqlite3 CLI.
func TestCorpusCollections(t *testing.T) {
	for _, tc := range []struct {
		file   string
		schema int
	}{
		{"collection_v0.anki2", 11},
		{"collection_v1.anki2", 15},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c := read(t, corpusFile(t, tc.file))
			checkInvariants(t, c)
			if c.Schema != tc.schema {
				t.Errorf("Schema = %d, want %d", c.Schema, tc.schema)
			}
			if len(c.Cards) != 12 {
				t.Fatalf("%d cards, want 12", len(c.Cards))
			}
			decks := map[string]int{}
			for _, k := range c.Cards {
				decks[k.Deck]++
				if k.Suspended {
					t.Errorf("card %d suspended", k.AnkiID)
				}
			}
			if want := map[string]int{"Testing": 4, "EnglishGerman": 8}; !mapsEqual(decks, want) {
				t.Errorf("cards per deck = %v, want %v", decks, want)
			}

			// "Basic (and reversed card)": ord 0 asks the English word,
			// ord 1 (qfmt {{Back}}) the German one.
			car := cardByID(t, c, 1557223232194)
			if car.Front != "Car" || car.Back != "Auto" || car.Ord != 0 || car.Deck != "EnglishGerman" {
				t.Errorf("card 1557223232194 = %+v", car)
			}
			auto := cardByID(t, c, 1557223232196)
			if auto.Front != "Auto" || auto.Back != "Car" || auto.Ord != 1 {
				t.Errorf("reversed card 1557223232196 = %+v", auto)
			}
			if car.NoteGUID != "E6|k?dR,us" || car.NoteID != 1557223191575 {
				t.Errorf("note of card 1557223232194: id %d guid %q", car.NoteID, car.NoteGUID)
			}
			if want := []string{"adjective", "english", "german", "noun"}; !slices.Equal(car.Tags, want) {
				t.Errorf("tags = %q, want %q", car.Tags, want)
			}
			if want := time.Date(2019, 5, 7, 9, 59, 51, 575e6, time.UTC); !car.Created.Equal(want) {
				t.Errorf("Created = %v, want %v", car.Created, want)
			}
			if w := cardByID(t, c, 1557223253246); w.Front != "White" || w.Back != "Weiß" {
				t.Errorf("card 1557223253246: %q / %q", w.Front, w.Back)
			}
			if b := cardByID(t, c, 1555579345401); b.Front != "Basic: Front" || b.Back != "Basic: Back" || b.Deck != "Testing" {
				t.Errorf("card 1555579345401 = %+v", b)
			}
			if n := cardByID(t, c, 1557223492715); len(n.Tags) != 0 || n.Front != "No tag front" {
				t.Errorf("untagged card = %+v", n)
			}

			if len(c.Reviews) != 6 || c.Skipped != 0 {
				t.Fatalf("%d reviews, %d skipped; want 6, 0", len(c.Reviews), c.Skipped)
			}
			var ratings []int
			for _, r := range c.Reviews {
				ratings = append(ratings, r.Rating)
			}
			if want := []int{2, 1, 3, 2, 3, 3}; !slices.Equal(ratings, want) {
				t.Errorf("ratings = %v, want %v", ratings, want)
			}
			first := c.Reviews[0]
			want := Review{
				AnkiID: 1556706362847, CardID: 1555579345401, Rating: 2,
				Time:     time.Date(2019, 5, 1, 10, 26, 2, 847e6, time.UTC),
				Duration: 2766 * time.Millisecond, Kind: KindLearn,
			}
			if first != want {
				t.Errorf("first review = %+v, want %+v", first, want)
			}
		})
	}
}

// mapsEqual compares two count maps.
func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCorpusPackage reads sample_export.apkg: a zip with collection.anki2
// (schema 11), a media map and one image, 3 cards in "deck-name" and no
// reviews.
func TestCorpusPackage(t *testing.T) {
	c := read(t, corpusFile(t, "sample_export.apkg"))
	checkInvariants(t, c)
	if c.Schema != 11 || len(c.Cards) != 3 || len(c.Reviews) != 0 || c.Skipped != 0 {
		t.Fatalf("schema %d, %d cards, %d reviews, %d skipped; want 11, 3, 0, 0",
			c.Schema, len(c.Cards), len(c.Reviews), c.Skipped)
	}
	fronts := []string{"card #1 front", "card #2 front", "card #3 with image [image]"}
	for i, k := range c.Cards {
		if k.Front != fronts[i] || k.Back != "card #"+string(rune('1'+i))+" back" || k.Deck != "deck-name" {
			t.Errorf("card %d = %+v", i, k)
		}
	}
	first := c.Cards[0]
	if first.NoteGUID != "689533a98392a2f84650550d1bdcf78e87555f0b" || !slices.Equal(first.Tags, []string{"food", "fruit"}) {
		t.Errorf("first card: guid %q tags %q", first.NoteGUID, first.Tags)
	}
	if want := time.Date(2016, 12, 25, 15, 46, 38, 652e6, time.UTC); !first.Created.Equal(want) {
		t.Errorf("Created = %v, want %v", first.Created, want)
	}
}

// TestDetectByContent reads the package and a collection under names that
// say nothing about their content.
func TestDetectByContent(t *testing.T) {
	dir := t.TempDir()
	for src, cards := range map[string]int{"sample_export.apkg": 3, "collection_v0.anki2": 12} {
		data, err := os.ReadFile(corpusFile(t, src))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, src+".bin")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if c := read(t, p); len(c.Cards) != cards {
			t.Errorf("%s renamed: %d cards, want %d", src, len(c.Cards), cards)
		}
	}
}

// zstdBytes compresses data as Anki does for collection.anki21b.
func zstdBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	return enc.EncodeAll(data, nil)
}

// zipEntry is one file of a zip built by a test.
type zipEntry struct {
	name string
	data []byte
}

// writeZip writes a zip (deflated entries) to path.
func writeZip(t testing.TB, path string, entries ...zipEntry) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestNewestCollectionPreferred builds a package like the ones Anki 2.1.50+
// writes: collection.anki21b (zstd) next to a stub collection.anki2. The
// compressed one must be read; here it is the schema 15 corpus file and
// the stub is the schema 11 one. A bare .anki21b file must read too.
func TestNewestCollectionPreferred(t *testing.T) {
	v1, err := os.ReadFile(corpusFile(t, "collection_v1.anki2"))
	if err != nil {
		t.Fatal(err)
	}
	v0, err := os.ReadFile(corpusFile(t, "collection_v0.anki2"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // so leftover temporary files would show
	pkg := filepath.Join(dir, "new.colpkg")
	writeZip(t, pkg,
		zipEntry{"collection.anki2", v0},
		zipEntry{"collection.anki21b", zstdBytes(t, v1)},
		zipEntry{"media", []byte{}},
	)
	if c := read(t, pkg); c.Schema != 15 || len(c.Cards) != 12 || len(c.Reviews) != 6 {
		t.Errorf("anki21b package: schema %d, %d cards, %d reviews; want 15, 12, 6", c.Schema, len(c.Cards), len(c.Reviews))
	}

	old := filepath.Join(dir, "old.apkg")
	writeZip(t, old, zipEntry{"collection.anki2", v1}, zipEntry{"collection.anki21", v0})
	if c := read(t, old); c.Schema != 11 {
		t.Errorf("anki21 preferred over anki2: schema %d, want 11", c.Schema)
	}

	bare := filepath.Join(dir, "collection.anki21b")
	if err := os.WriteFile(bare, zstdBytes(t, v0), 0o600); err != nil {
		t.Fatal(err)
	}
	if c := read(t, bare); c.Schema != 11 || len(c.Cards) != 12 {
		t.Errorf("bare anki21b: schema %d, %d cards", c.Schema, len(c.Cards))
	}
	assertOnly(t, dir, "new.colpkg", "old.apkg", "collection.anki21b")
}

// assertOnly fails unless dir holds exactly the named files: the
// temporary databases ReadFile makes must be gone.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	slices.Sort(got)
	slices.Sort(names)
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}
