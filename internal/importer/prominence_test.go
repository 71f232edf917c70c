package importer

import (
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestProminenceCountsReferringPages(t *testing.T) {
	page := func(title, body string) *inflow.Item {
		return &inflow.Item{ID: "x/" + title, Title: title, Body: body}
	}
	items := []*inflow.Item{
		page("tar", "- Create:\n\n`tar cf a.tar dir`\n"),
		page("gzip", "- Compress:\n\n`gzip file`\n\n- With tar:\n\n`tar czf a.tgz dir`\n"),
		page("zstd", "See also `tar`, `gzip`. And `tar` again does not count twice.\n"),
		page("git commit", "`git commit -m msg`\n"),
		page("git", "See `git commit` and `tar`.\n"),
		page("lonely", "`lonely --help`\n"),
	}
	setProminence(items)
	got := map[string]float64{}
	for _, it := range items {
		got[it.Title] = it.Prominence
		if it.Hash != contentHash(it) {
			t.Fatalf("%s: hash not recomputed", it.Title)
		}
	}
	// tar is referred to by gzip, zstd and git (3 pages); gzip and git commit by one each.
	if got["tar"] != 1 {
		t.Fatalf("tar = %v, want 1 (most referenced)", got["tar"])
	}
	if !(got["gzip"] > 0 && got["gzip"] < got["tar"]) || got["git commit"] != got["gzip"] {
		t.Fatalf("prominence = %v", got)
	}
	if got["lonely"] != 0 || got["git"] != 0 {
		t.Fatalf("self references must not count: %v", got)
	}
}

func TestForEachCodeSpan(t *testing.T) {
	var spans []string
	forEachCodeSpan("a `one` b `two words` `unclosed\n`three`", func(s string) { spans = append(spans, s) })
	if len(spans) != 3 || spans[0] != "one" || spans[1] != "two words" || spans[2] != "three" {
		t.Fatalf("spans = %q", spans)
	}
}
