package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tldrTree extracts the real tldr-pages corpus into a temporary folder, or
// skips when the corpus is not next to the repository.
func tldrTree(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("imports 38k pages; skipped with -short")
	}
	dir := os.Getenv("INFLOW_CORPORA")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpora")
	}
	tarball := filepath.Join(dir, "tldr-pages.tar.gz")
	if _, err := os.Stat(tarball); err != nil {
		t.Skipf("%s not found: set INFLOW_CORPORA to the folder holding tldr-pages.tar.gz", tarball)
	}
	out := t.TempDir()
	if b, err := exec.Command("tar", "-xzf", tarball, "-C", out).CombinedOutput(); err != nil {
		t.Fatalf("extract corpus: %v\n%s", err, b)
	}
	return out
}

// TestTldrAcceptance is the foundation issue's acceptance check: every
// tldr page imports, and "extract archive" lists the tar page among the
// first results.
func TestTldrAcceptance(t *testing.T) {
	tree := tldrTree(t)
	dir := t.TempDir()
	r := run(t, "--data-dir", dir, "import", tree, "--quiet")
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	var files int
	filepath.WalkDir(tree, func(p string, d os.DirEntry, err error) error {
		// Pages live in pages*/<platform>/<name>.md; LICENSE.md is not one.
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" && strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(p))), "pages") {
			files++
		}
		return nil
	})
	r = run(t, "--data-dir", dir, "status", "--json")
	var st struct {
		Items        int
		Indexed      uint64
		IndexCurrent bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	const builtin = 8
	if st.Items-builtin != files || st.Indexed != uint64(st.Items) || !st.IndexCurrent {
		t.Fatalf("status = %+v, want %d tldr pages + %d built-in, all indexed", st, files, builtin)
	}

	rank := func(query, id string) int {
		r := run(t, "--data-dir", dir, "search", query, "--json", "--limit", "20")
		var res struct{ Hits []struct{ ID string } }
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("search %q: %v\n%s", query, err, r.stdout)
		}
		for i, h := range res.Hits {
			if h.ID == id {
				return i + 1
			}
		}
		return 0
	}
	for _, c := range []struct {
		query, id string
		within    int
	}{
		{"extract archive", "tldr/en/common/tar", 10},
		{"tar", "tldr/en/common/tar", 1},
		{"git commit", "tldr/en/common/git-commit", 1},
		{"list files", "tldr/en/common/ls", 3},
	} {
		got := rank(c.query, c.id)
		t.Logf("%q → %s at rank %d", c.query, c.id, got)
		if got == 0 || got > c.within {
			t.Errorf("%q: %s at rank %d, want within the first %d", c.query, c.id, got, c.within)
		}
	}
}
