//go:build !windows && !darwin

package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGEntry(t *testing.T) {
	dir := t.TempDir()
	e := Entry{Name: "Inflow", Exec: "/opt/my apps/inflow", Args: []string{"--background", `--data-dir=/x/"q"`}, Dir: dir}
	if on, err := Enabled(e); on || err != nil {
		t.Fatalf("enabled before: %v %v", on, err)
	}
	if err := Enable(e); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "inflow.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Name=Inflow\n", `Exec="/opt/my apps/inflow" --background "--data-dir=/x/\"q\""` + "\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("entry lacks %q:\n%s", want, b)
		}
	}
	if fi, _ := os.Stat(filepath.Join(dir, "inflow.desktop")); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	if on, err := Enabled(e); !on || err != nil {
		t.Errorf("enabled after: %v %v", on, err)
	}
	other := e
	other.Exec = "/usr/bin/other"
	if on, _ := Enabled(other); on {
		t.Error("an entry for another binary counts as ours")
	}
	if err := Disable(e); err != nil {
		t.Fatal(err)
	}
	if err := Disable(e); err != nil {
		t.Errorf("disable twice: %v", err)
	}
	if on, _ := Enabled(e); on {
		t.Error("still enabled")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestRefusesBadEntries(t *testing.T) {
	dir := t.TempDir()
	for _, e := range []Entry{
		{Name: "Inflow", Exec: "relative/inflow", Dir: dir},
		{Name: "../evil", Exec: "/bin/inflow", Dir: dir},
		{Name: "Inflow", Exec: "/bin/inflow", Args: []string{"a\nExec=/bin/rm"}, Dir: dir},
	} {
		if err := Enable(e); err == nil {
			t.Errorf("accepted %+v", e)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused entries wrote files: %v", entries)
	}
}

func TestDefaultsToXDGConfigHome(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	e := Entry{Name: "Inflow", Exec: "/usr/bin/inflow"}
	if err := Enable(e); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(cfg, "autostart", "inflow.desktop")); err != nil {
		t.Error(err)
	}
}
