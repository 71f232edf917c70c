package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/cli"
	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/profile"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	return runIn(t, "", args...)
}

// runIn runs the command line with stdin.
func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Version: "1.2.3-test",
		Clock: inflow.SystemClock{},
		Loader: func(ctx context.Context, path string, progress func(int, int, string)) ([]*inflow.Pack, error) {
			return importer.Load(ctx, path, importer.Options{Progress: progress, Now: time.Now})
		},
	}
	code := cli.Execute(t.Context(), env, args)
	return result{code, out.String(), errb.String()}
}

func TestVersion(t *testing.T) {
	r := run(t, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "inflow 1.2.3-test") {
		t.Fatalf("%+v", r)
	}
}

func TestImportSearchStatus(t *testing.T) {
	dir := t.TempDir()
	r := run(t, "import", "testdata/pack", "--data-dir", dir)
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	if !strings.Contains(r.stdout, "2 added") {
		t.Fatalf("import report: %q", r.stdout)
	}
	r = run(t, "--data-dir", dir, "search", "lock", "panel", "--json")
	if r.code != 0 {
		t.Fatalf("search: %+v", r)
	}
	var res struct {
		Total uint64
		Hits  []struct{ ID, Title, Kind, Topic, Snippet string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("search --json is not JSON: %v\n%s", err, r.stdout)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "field/lockout" || res.Hits[0].Kind != "rule" || res.Hits[0].Topic != "safety" {
		t.Fatalf("hits = %+v", res.Hits)
	}
	r = run(t, "--data-dir", dir, "status", "--json")
	var st struct {
		Items        int
		IndexCurrent bool
		Packs        []struct{ ID string }
		Schema       int
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || r.code != 0 {
		t.Fatalf("status: %v %+v", err, r)
	}
	// Two imported items plus the built-in Getting started pack.
	if !st.IndexCurrent || len(st.Packs) != 2 || st.Items < 3 || st.Schema < 1 {
		t.Fatalf("status = %+v", st)
	}
	// Re-import: nothing changes.
	r = run(t, "import", "testdata/pack", "--data-dir", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "0 added, 0 updated, 2 unchanged, 0 removed") {
		t.Fatalf("re-import: %+v", r)
	}
}

func TestImportErrorsGoToStderr(t *testing.T) {
	dir := t.TempDir()
	r := run(t, "--data-dir", dir, "import", filepath.Join(t.TempDir(), "does-not-exist"))
	if r.code == 0 || r.stderr == "" || r.stdout != "" && strings.Contains(r.stdout, "added") {
		t.Fatalf("missing path: %+v", r)
	}
	if !strings.Contains(r.stderr, "does-not-exist") {
		t.Fatalf("error does not name the path: %q", r.stderr)
	}
}

func TestSearchNeedsQuery(t *testing.T) {
	r := run(t, "--data-dir", t.TempDir(), "search")
	if r.code == 0 || !strings.Contains(r.stderr, "arg") {
		t.Fatalf("%+v", r)
	}
}

func TestLockedProfileIsAClearError(t *testing.T) {
	dir := t.TempDir()
	p, err := profile.Open(t.Context(), dir, profile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	r := run(t, "--data-dir", dir, "status")
	if r.code == 0 || !strings.Contains(r.stderr, "in use by another Inflow process") {
		t.Fatalf("%+v", r)
	}
}

func TestNoGUIInHeadlessBuild(t *testing.T) {
	r := run(t, "--data-dir", t.TempDir())
	if r.code == 0 || !strings.Contains(r.stderr, "no desktop app") {
		t.Fatalf("%+v", r)
	}
}

func TestLaunchFlagsReachTheGUI(t *testing.T) {
	var got cli.GUIOptions
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Clock: inflow.SystemClock{},
		RunGUI: func(o cli.GUIOptions) error { got = o; return nil }}
	dir := t.TempDir()
	if code := cli.Execute(t.Context(), env, []string{"--data-dir", dir, "--search", "tar", "extract"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !got.Search || got.Query != "tar extract" || got.DataDir != dir || got.Review {
		t.Errorf("--search: %+v", got)
	}
	got = cli.GUIOptions{}
	cli.Execute(t.Context(), env, []string{"--review"})
	if !got.Review || got.Search {
		t.Errorf("--review: %+v", got)
	}
	got = cli.GUIOptions{}
	cli.Execute(t.Context(), env, []string{"--background"})
	if !got.Background {
		t.Errorf("--background: %+v", got)
	}
	if code := cli.Execute(t.Context(), env, []string{"tar"}); code == 0 {
		t.Error("words without --search were accepted")
	}
}
