package secret

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := New(dir, Options{DisableKeyring: true})
	if got := s.Backend(); got != BackendFile {
		t.Fatalf("Backend = %q, want file", got)
	}
	if _, err := s.Get("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty store: %v, want ErrNotFound", err)
	}
	mustSet(t, s, "token", "abc")
	mustSet(t, s, "other", "x")
	mustSet(t, s, "token", "def") // replaces
	if v := mustGet(t, s, "token"); v != "def" {
		t.Fatalf("Get = %q, want def", v)
	}

	// Another store over the same profile reads what the first wrote.
	s2 := New(dir, Options{DisableKeyring: true})
	if v := mustGet(t, s2, "other"); v != "x" {
		t.Fatalf("reopened Get = %q, want x", v)
	}
	if err := s2.Delete("token"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v, want ErrNotFound", err)
	}
	if v := mustGet(t, s, "other"); v != "x" {
		t.Fatalf("Delete touched another key: %q", v)
	}
}

func TestFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	dir := filepath.Join(t.TempDir(), "profile") // does not exist yet
	s := New(dir, Options{DisableKeyring: true})
	mustSet(t, s, "token", "abc")
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Fatalf("secrets file mode %04o, want 0600", perm)
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Fatalf("created profile directory mode %04o, want 0700", perm)
	}
}

func TestFileRefusesWideMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte(`{"token":"leaked"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask did
		t.Fatal(err)
	}
	s := New(dir, Options{DisableKeyring: true})
	_, err := s.Get("token")
	if err == nil || errors.Is(err, ErrNotFound) {
		t.Fatalf("Get from a 0644 file: %v, want a refusal", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "chmod 600") || !strings.Contains(msg, "0644") {
		t.Fatalf("error %q does not say how to fix it", msg)
	}
	if err := s.Set("token", "new"); err == nil {
		t.Fatal("Set over a 0644 file succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != `{"token":"leaked"}` {
		t.Fatalf("refused file was changed: %s", b)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if v := mustGet(t, s, "token"); v != "leaked" {
		t.Fatalf("after chmod 600 Get = %q", v)
	}
}

func TestFileWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	fs := newFileStore(filepath.Join(dir, FileName))
	mustSet(t, fs, "token", "old")
	before, err := os.Stat(fs.path)
	if err != nil {
		t.Fatal(err)
	}

	// A failure after the new content is written but before it replaces
	// the file leaves the old file whole and no temporary file behind.
	boom := errors.New("crash before rename")
	var tmpSeen string
	fs.beforeRename = func(tmp string) error {
		tmpSeen = tmp
		if b, err := os.ReadFile(tmp); err != nil || !strings.Contains(string(b), "new") {
			t.Errorf("temporary file holds %q, %v", b, err)
		}
		return boom
	}
	if err := fs.Set("token", "new"); !errors.Is(err, boom) {
		t.Fatalf("Set = %v, want the injected failure", err)
	}
	if v := mustGet(t, fs, "token"); v != "old" {
		t.Fatalf("after failed write Get = %q, want old", v)
	}
	if _, err := os.Stat(tmpSeen); !os.IsNotExist(err) {
		t.Fatalf("temporary file %s left behind: %v", tmpSeen, err)
	}

	// A successful write replaces the file by rename (a new file, not the
	// old one rewritten in place) and leaves only secrets.json.
	fs.beforeRename = nil
	mustSet(t, fs, "token", "new")
	after, err := os.Stat(fs.path)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, after) {
		t.Fatal("secrets file was rewritten in place, not replaced")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != FileName {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("directory holds %v, want only %s", names, FileName)
	}
}

func mustSet(t *testing.T, s Store, k, v string) {
	t.Helper()
	if err := s.Set(k, v); err != nil {
		t.Fatalf("Set(%q): %v", k, err)
	}
}

func mustGet(t *testing.T, s Store, k string) string {
	t.Helper()
	v, err := s.Get(k)
	if err != nil {
		t.Fatalf("Get(%q): %v", k, err)
	}
	return v
}
