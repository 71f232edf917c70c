package profile_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/presence"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/review"
)

func open(t *testing.T, dir string) *profile.Profile {
	t.Helper()
	p, err := profile.Open(t.Context(), dir, profile.Options{})
	if err != nil {
		t.Fatalf("open profile: %v", err)
	}
	return p
}

func TestFirstRunSeedsGettingStarted(t *testing.T) {
	p := open(t, t.TempDir())
	defer p.Close()
	packs, err := p.Store.Packs(t.Context())
	if err != nil || len(packs) != 1 || packs[0].ID != "inflow.getting-started" || packs[0].ItemCount < 3 {
		t.Fatalf("packs = %+v, %v", packs, err)
	}
	res, err := p.Library.Search(t.Context(), inflow.SearchRequest{Query: "keyboard"})
	if err != nil || res.Total == 0 {
		t.Fatalf("the built-in pack is not searchable: %+v, %v", res, err)
	}
}

func TestSecondProcessGetsLockedError(t *testing.T) {
	dir := t.TempDir()
	p := open(t, dir)
	_, err := profile.Open(t.Context(), dir, profile.Options{})
	if inflow.ErrorCode(err) != inflow.ELOCKED || !profile.IsLocked(err) {
		t.Fatalf("second open: err = %v, want locked", err)
	}
	p.Close()
	p = open(t, dir) // released on close
	p.Close()
}

func addPack(t *testing.T, p *profile.Profile) {
	t.Helper()
	if _, err := p.Library.ApplyPack(t.Context(), inflowtest.Pack("p1", inflowtest.Item("p1/a", "Zanzibar ferry times"))); err != nil {
		t.Fatal(err)
	}
}

func hits(t *testing.T, p *profile.Profile, q string) uint64 {
	t.Helper()
	res, err := p.Library.Search(t.Context(), inflow.SearchRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestIndexRebuiltWhenMissingOrCorrupt(t *testing.T) {
	for name, damage := range map[string]func(dir string) error{
		"missing": func(dir string) error { return os.RemoveAll(filepath.Join(dir, "index")) },
		"corrupt": func(dir string) error {
			return filepath.Walk(filepath.Join(dir, "index"), func(path string, info os.FileInfo, err error) error {
				if err != nil || info.IsDir() {
					return err
				}
				return os.WriteFile(path, []byte("not an index"), 0o600)
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := open(t, dir)
			addPack(t, p)
			p.Close()
			if err := damage(dir); err != nil {
				t.Fatal(err)
			}
			p = open(t, dir)
			defer p.Close()
			if !p.IndexRebuilt {
				t.Fatal("index was not rebuilt")
			}
			if hits(t, p, "zanzibar") != 1 {
				t.Fatal("rebuilt index lost the item")
			}
		})
	}
}

func TestIndexRebuiltWhenOutdated(t *testing.T) {
	dir := t.TempDir()
	p := open(t, dir)
	addPack(t, p)
	// Simulate a crash between the store commit and the index update: the
	// store moves on, the index is left stamped with an older generation.
	if err := p.Index.SetGeneration(1); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.RemovePack(t.Context(), "p1"); err != nil {
		t.Fatal(err)
	}
	p.Close()
	p = open(t, dir)
	defer p.Close()
	if !p.IndexRebuilt || p.IndexRebuildReason != "outdated" {
		t.Fatalf("rebuilt=%v reason=%q", p.IndexRebuilt, p.IndexRebuildReason)
	}
	if hits(t, p, "zanzibar") != 0 {
		t.Fatal("an item removed from the store is still found")
	}
}

func TestReopenKeepsIndex(t *testing.T) {
	dir := t.TempDir()
	p := open(t, dir)
	addPack(t, p)
	p.Close()
	p = open(t, dir)
	defer p.Close()
	if p.IndexRebuilt {
		t.Fatalf("a clean reopen rebuilt the index (%s)", p.IndexRebuildReason)
	}
	if hits(t, p, "zanzibar") != 1 {
		t.Fatal("item not found after reopen")
	}
}

func TestDataDirFromEnvironment(t *testing.T) {
	t.Setenv(profile.EnvDataDir, "/tmp/somewhere")
	if got := profile.DefaultDir(); got != "/tmp/somewhere" {
		t.Fatalf("DefaultDir = %q", got)
	}
	t.Setenv(profile.EnvDataDir, "")
	if got := profile.DefaultDir(); filepath.Base(got) != "inflow" || !filepath.IsAbs(got) {
		t.Fatalf("DefaultDir without override = %q, want an absolute per-user .../inflow", got)
	}
}

func TestSyncedSettingKeysNameTheRealSettings(t *testing.T) {
	for _, k := range []string{review.SettingsKey, presence.SettingsKey} {
		if !slices.Contains(profile.SyncedSettingKeys, k) {
			t.Errorf("%q does not sync", k)
		}
	}
}
