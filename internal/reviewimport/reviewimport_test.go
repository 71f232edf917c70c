package reviewimport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/anki"
	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/ids"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/review"
	"github.com/inflow-learning/inflow/internal/reviewimport"
)

type profile struct {
	store *badgerstore.Store
	lib   *library.Library
}

func open(t *testing.T) profile {
	t.Helper()
	s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	lib, err := library.New(context.Background(), library.Config{Store: s, IDs: ids.UUIDv7{}, Device: "dev-test"})
	if err != nil {
		t.Fatal(err)
	}
	return profile{s, lib}
}

func corpus(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("INFLOW_CORPORA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpora")
	}
	p := filepath.Join(dir, "anki", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("Anki corpus not found (%v): set INFLOW_CORPORA to the corpora directory", err)
	}
	return p
}

func TestImportAnkiCorpus(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"collection_v0.anki2", "collection_v1.anki2", "sample_export.apkg"} {
		t.Run(name, func(t *testing.T) {
			path := corpus(t, name)
			if !reviewimport.IsAnki(path) {
				t.Fatalf("%s not recognised as Anki", name)
			}
			col, err := anki.ReadFile(ctx, path, anki.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			p := open(t)
			sum, err := reviewimport.ImportAnkiFile(ctx, p.lib, p.store, path)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Cards == 0 || sum.Cards != sum.NewCards || sum.Duplicates != 0 {
				t.Fatalf("summary: %+v", sum)
			}
			// Every imported card is there; answered ones carry their
			// whole history, replayed.
			perCard := map[int64]int{}
			for _, r := range col.Reviews {
				if r.Rating >= 1 && r.Rating <= 4 {
					perCard[r.CardID]++
				}
			}
			page, err := p.store.Cards(ctx, reviewQuery())
			if err != nil || page.Total != sum.Cards {
				t.Fatalf("cards stored: %d (%v), want %d", page.Total, err, sum.Cards)
			}
			reps := 0
			for _, c := range page.Cards {
				reps += c.Reps
				if c.Source.Kind != "anki" || c.Prompt == "" || strings.Contains(c.Prompt, "<div") {
					t.Errorf("card %s: %+v", c.ID, c)
				}
			}
			want := 0
			for _, n := range perCard {
				want += n
			}
			if reps != want || sum.Answers != want {
				t.Errorf("replayed reps %d, answers %d, want %d", reps, sum.Answers, want)
			}
			t.Logf("%s: %+v", name, sum)
			// Importing again stores nothing twice.
			again, err := reviewimport.ImportAnkiFile(ctx, p.lib, p.store, path)
			if err != nil || again.NewCards != 0 || again.Duplicates == 0 {
				t.Errorf("second import: %+v %v", again, err)
			}
			n, _ := p.store.EventCount(ctx)
			if n != sum.Duplicates+again.Duplicates && n == 0 {
				t.Errorf("events: %d", n)
			}
		})
	}
}

func TestImportAnkiRefusesGarbage(t *testing.T) {
	p, ctx := open(t), context.Background()
	bad := filepath.Join(t.TempDir(), "broken.apkg")
	os.WriteFile(bad, []byte("PK\x03\x04 this is not really a zip"), 0o600)
	if _, err := reviewimport.ImportAnkiFile(ctx, p.lib, p.store, bad); inflow.ErrorCode(err) != inflow.EINVALID || !strings.Contains(err.Error(), "broken.apkg") {
		t.Errorf("broken package: %v", err)
	}
	if n, _ := p.store.EventCount(ctx); n != 0 {
		t.Errorf("a refused import stored %d events", n)
	}
}

const logCSV = "card_id,review_rating,review_time,review_duration\n" +
	"1001,3,2026-01-05T09:00:00Z,4000\n" +
	"1001,3,2026-01-08T09:00:00Z,2500\n" +
	"weird id/../x,1,2026-01-05T10:00:00Z,\n" +
	"1001,4,2026-01-20T09:00:00Z,1200\n"

func TestCSVRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := open(t)
	sum, err := reviewimport.ImportCSV(ctx, a.lib, a.store, strings.NewReader(logCSV))
	if err != nil || sum.Cards != 2 || sum.NewCards != 2 || sum.Answers != 4 || sum.Duplicates != 0 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	c, err := a.store.Card(ctx, "csv/1001")
	if err != nil || c.Reps != 3 || c.State != "review" || !c.LastReview.Equal(time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("card: %+v %v", c, err)
	}
	again, _ := reviewimport.ImportCSV(ctx, a.lib, a.store, strings.NewReader(logCSV))
	if again.NewCards != 0 || again.Duplicates != 4 {
		t.Errorf("second import: %+v", again)
	}
	var out bytes.Buffer
	n, err := reviewimport.ExportCSV(ctx, a.store, &out)
	if err != nil || n != 4 || !strings.HasPrefix(out.String(), "card_id,review_rating,review_time,review_duration\n") {
		t.Fatalf("export: %d %v\n%s", n, err, out.String())
	}
	if !strings.Contains(out.String(), "csv/1001,4,2026-01-20T09:00:00Z,1200") {
		t.Errorf("export rows:\n%s", out.String())
	}
	// The exported log imported on another device gives the same card.
	b := open(t)
	if _, err := reviewimport.ImportCSV(ctx, b.lib, b.store, bytes.NewReader(out.Bytes())); err != nil {
		t.Fatal(err)
	}
	cb, err := b.store.Card(ctx, "csv/1001")
	if err != nil || cb.Reps != 3 || !cb.Due.Equal(c.Due) {
		t.Errorf("re-imported elsewhere: %+v %v (want due %v)", cb, err, c.Due)
	}
	// Into the same profile, the exported ids are its own cards: nothing new.
	back, err := reviewimport.ImportCSV(ctx, a.lib, a.store, bytes.NewReader(out.Bytes()))
	if err != nil || back.NewCards != 0 {
		t.Errorf("export imported back: %+v %v", back, err)
	}
}

func TestCSVBadInputStoresNothing(t *testing.T) {
	ctx := context.Background()
	for name, in := range map[string]string{
		"rating": "card_id,review_rating,review_time,review_duration\n1,3,2026-01-05T09:00:00Z,1\n1,7,2026-01-06T09:00:00Z,1\n",
		"time":   "card_id,review_rating,review_time,review_duration\n1,3,yesterday,1\n",
		"header": "id,rating\n1,3\n",
		"empty":  "",
		"binary": "\x00\x01\x02PK\x03\x04",
	} {
		p := open(t)
		if _, err := reviewimport.ImportCSV(ctx, p.lib, p.store, strings.NewReader(in)); inflow.ErrorCode(err) != inflow.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
		if n, _ := p.store.EventCount(ctx); n != 0 {
			t.Errorf("%s: stored %d events", name, n)
		}
	}
}

func reviewQuery() review.Query { return review.Query{Limit: 500} }
