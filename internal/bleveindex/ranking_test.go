package bleveindex

import (
	"path/filepath"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func rankingIndex(t *testing.T, items ...*inflow.Item) *Index {
	t.Helper()
	x, err := Open(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Index(t.Context(), items); err != nil {
		t.Fatal(err)
	}
	return x
}

func doc(id, title, summary string, prominence float64) *inflow.Item {
	return &inflow.Item{ID: id, Title: title, Summary: summary, Body: summary, Kind: inflow.KindSnippet,
		Language: "en", Pack: "p", Prominence: prominence}
}

func order(t *testing.T, x *Index, q string) []string {
	t.Helper()
	res, err := x.Search(t.Context(), inflow.SearchRequest{Query: q, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestExactTitleRanksFirst(t *testing.T) {
	x := rankingIndex(t,
		doc("commit-tree", "git commit-tree", "Low level git commit creation: commit a tree object.", 0),
		doc("commit-graph", "git commit-graph", "Write and verify the git commit graph file.", 0),
		doc("commit", "git commit", "Record changes to the repository.", 0),
	)
	if got := order(t, x, "Git  Commit"); len(got) == 0 || got[0] != "commit" {
		t.Fatalf("order = %v, want the page titled exactly \"git commit\" first", got)
	}
}

func TestProminenceReordersSimilarMatches(t *testing.T) {
	items := []*inflow.Item{
		doc("niche", "niche", "Extract files from an archive.", 0),
		doc("tar", "tar", "Extract files from an archive.", 1),
	}
	// Without prominence the two tie; the prior must put tar first.
	if got := order(t, rankingIndex(t, items...), "extract archive"); len(got) != 2 || got[0] != "tar" {
		t.Fatalf("order = %v, want tar first", got)
	}
	items[1].Prominence = 0
	items[0].Prominence = 1
	if got := order(t, rankingIndex(t, items...), "extract archive"); len(got) != 2 || got[0] != "niche" {
		t.Fatalf("order = %v, want niche first once it is the prominent one", got)
	}
}

func TestProminenceTier(t *testing.T) {
	for p, want := range map[float64]string{0: "", 0.01: "p1", 0.25: "p1", 0.26: "p2", 0.5: "p2", 0.99: "p4", 1: "p4"} {
		if got := prominenceTier(p); got != want {
			t.Errorf("prominenceTier(%v) = %q, want %q", p, got, want)
		}
	}
}

// Typing never empties the results between keystrokes: a 1-2 character
// word after other words ranks instead of filtering, and a word typed past
// its stem ("securel" of "securely", indexed as "secur") still matches.
func TestKeystrokesKeepResults(t *testing.T) {
	x := rankingIndex(t,
		doc("ssh", "ssh", "Connect securely to remote hosts.", 0),
		doc("passwd", "passwd", "Change a user's password.", 0),
		// "securel" also starts this unrelated word; ssh must still match.
		doc("bsd", "sysctl", "Raise the securelevel of the kernel.", 0),
	)
	for q, want := range map[string]string{
		"connect securel": "ssh",
		"connect secure":  "ssh",
		"passwd m":        "passwd",
		"passwd ma":       "passwd",
	} {
		if got := order(t, x, q); len(got) == 0 || got[0] != want {
			t.Errorf("%q: got %v, want %s first", q, got, want)
		}
	}
}
