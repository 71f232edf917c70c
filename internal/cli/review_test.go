package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type dueCard struct {
	ID, Deck, Prompt, State string
	Reps                    int
}

func dueCards(t *testing.T, dir string) []dueCard {
	t.Helper()
	r := run(t, "--data-dir", dir, "review", "--due", "--json")
	if r.code != 0 {
		t.Fatalf("review --due: %+v", r)
	}
	var cards []dueCard
	if err := json.Unmarshal([]byte(r.stdout), &cards); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	return cards
}

const reviewLog = "card_id,review_rating,review_time,review_duration\n" +
	"42,3,2026-01-05T09:00:00Z,4000\n" +
	"42,1,2026-01-09T09:00:00Z,9000\n" +
	"43,4,2026-01-06T09:00:00Z,1000\n"

func TestReviewLogImportAnswerExport(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(logFile, []byte(reviewLog), 0o600)
	r := run(t, "--data-dir", dir, "review", "--import-log", logFile)
	if r.code != 0 || !strings.Contains(r.stdout, "Read 3 answers for 2 cards: 2 new cards") {
		t.Fatalf("import-log: %+v", r)
	}
	cards := dueCards(t, dir)
	if len(cards) != 2 || cards[0].ID != "csv/42" && cards[1].ID != "csv/42" {
		t.Fatalf("due after import (both are overdue): %+v", cards)
	}
	r = run(t, "--data-dir", dir, "review", "--answer", "csv/42", "--rating", "good", "--at", "2026-02-01T10:00:00Z", "--json")
	var res struct {
		EventID string
		Card    struct {
			Reps  int
			State string
		}
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &res) != nil || res.Card.Reps != 3 || res.EventID == "" {
		t.Fatalf("answer: %+v", r)
	}
	for _, bad := range [][]string{
		{"review", "--answer", "csv/42"},
		{"review", "--answer", "csv/42", "--rating", "great"},
		{"review", "--answer", "csv/42", "--rating", "good", "--at", "yesterday"},
		{"review", "--answer", "nope", "--rating", "good"},
		{"review", "--rating", "good"},
		{"review", "--due", "--export-log", "x.csv"},
	} {
		if r := run(t, append([]string{"--data-dir", dir}, bad...)...); r.code == 0 || r.stderr == "" {
			t.Errorf("%v: %+v", bad, r)
		}
	}
	out := filepath.Join(t.TempDir(), "out.csv")
	r = run(t, "--data-dir", dir, "review", "--export-log", out)
	data, _ := os.ReadFile(out)
	if r.code != 0 || strings.Count(string(data), "\n") != 5 || !strings.Contains(string(data), "csv/42,3,2026-02-01T10:00:00Z,0") {
		t.Fatalf("export: %+v\n%s", r, data)
	}
	r = run(t, "--data-dir", dir, "review", "--export-log", "-")
	if r.stdout != string(data) {
		t.Errorf("export to stdout differs:\n%s", r.stdout)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("card_id,review_rating,review_time,review_duration\n1,3,2026-01-05T09:00:00Z,1\n1,9,2026-01-05T09:00:00Z,1\n"), 0o600)
	if r := run(t, "--data-dir", dir, "review", "--import-log", bad); r.code == 0 || !strings.Contains(r.stderr, "line 3") {
		t.Errorf("bad log: %+v", r)
	}
}

func TestReviewSessionInTerminal(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, "import", "testdata/pack", "--data-dir", dir); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	logFile := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(logFile, []byte(reviewLog), 0o600)
	run(t, "--data-dir", dir, "review", "--import-log", logFile)
	// Reveal, answer good; reveal, try a bad key, undo, answer easy twice
	// over; then quit.
	r := runIn(t, "\n3\n\nx\nu\n\n4\n\n4\nq\n", "--data-dir", dir, "review")
	if r.code != 0 {
		t.Fatalf("session: %+v", r)
	}
	for _, want := range []string{"Card 42", "1 again", "Type 1, 2, 3 or 4", "Undone: that card comes back.", "Reviewed 3 cards"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("session output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := runIn(t, "", "--data-dir", t.TempDir(), "review"); r.code != 0 || !strings.Contains(r.stdout, "Nothing to review now.") {
		t.Errorf("empty session: %+v", r)
	}
}

func TestImportAnkiFromCLI(t *testing.T) {
	apkg := filepath.Join("..", "..", "..", "shared", "corpora", "anki", "sample_export.apkg")
	if c := os.Getenv("INFLOW_CORPORA"); c != "" {
		apkg = filepath.Join(c, "anki", "sample_export.apkg")
	}
	if _, err := os.Stat(apkg); err != nil {
		t.Skipf("Anki corpus not found: %v", err)
	}
	dir := t.TempDir()
	r := run(t, "--data-dir", dir, "import", apkg, "testdata/pack")
	if r.code != 0 || !strings.Contains(r.stdout, "sample_export.apkg: ") || !strings.Contains(r.stdout, "2 added") {
		t.Fatalf("import: %+v", r)
	}
	r = run(t, "--data-dir", dir, "import", apkg, "--json")
	var rep struct {
		Reviews []struct {
			Path                string
			Cards, NewCards     int
			Duplicates, Answers int
		}
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rep) != nil || len(rep.Reviews) != 1 || rep.Reviews[0].NewCards != 0 || rep.Reviews[0].Cards == 0 {
		t.Errorf("second import: %+v", r)
	}
	broken := filepath.Join(t.TempDir(), "broken.apkg")
	os.WriteFile(broken, []byte("not a zip"), 0o600)
	if r := run(t, "--data-dir", dir, "import", broken); r.code == 0 || !strings.Contains(r.stderr, "broken.apkg") {
		t.Errorf("broken apkg: %+v", r)
	}
}
