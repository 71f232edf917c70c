package secret

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// The go-keyring mock is process-wide, so these tests do not run in
// parallel. None of them reaches the real keyring of the machine.

func TestKeyringRoundTrip(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	s := New(dir, Options{})
	if got := s.Backend(); got != BackendKeyring {
		t.Fatalf("Backend = %q, want keyring", got)
	}
	if _, err := s.Get("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty keyring: %v, want ErrNotFound", err)
	}
	mustSet(t, s, "token", "abc")
	if v := mustGet(t, s, "token"); v != "abc" {
		t.Fatalf("Get = %q", v)
	}
	// Stored under the service, per profile; nothing on disk.
	if v, err := keyring.Get("inflow", "token@"+profileID(dir)); err != nil || v != "abc" {
		t.Fatalf("keyring entry = %q, %v", v, err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Fatalf("secrets file exists with a working keyring: %v", err)
	}
	if err := s.Delete("token"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := s.Delete("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v, want ErrNotFound", err)
	}
	// The probe cleaned up after itself.
	if _, err := keyring.Get("inflow", "probe@"+profileID(dir)); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("probe entry left in keyring: %v", err)
	}
}

func TestKeyringSeparatesProfilesAndServices(t *testing.T) {
	keyring.MockInit()
	a := New(t.TempDir(), Options{})
	b := New(t.TempDir(), Options{})
	c := New(t.TempDir(), Options{Service: "inflow-test"})
	mustSet(t, a, "token", "a")
	mustSet(t, b, "token", "b")
	if v := mustGet(t, a, "token"); v != "a" {
		t.Fatalf("profile a sees %q", v)
	}
	if _, err := c.Get("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other service sees a secret: %v", err)
	}
}

func TestKeyringUnavailableFallsBackToFile(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided"))
	dir := t.TempDir()
	s := New(dir, Options{})
	if got := s.Backend(); got != BackendFile {
		t.Fatalf("Backend = %q, want file", got)
	}
	mustSet(t, s, "token", "abc")
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
}

func TestKeyringDisabled(t *testing.T) {
	keyring.MockInit()
	if got := New(t.TempDir(), Options{DisableKeyring: true}).Backend(); got != BackendFile {
		t.Fatalf("Backend = %q, want file", got)
	}
}

// blockingKeyring answers until blocked is set, then does not return until
// release is closed: a locked keyring whose unlock prompt nobody answers.
type blockingKeyring struct {
	mu      sync.Mutex
	blocked bool
	m       map[string]string
	release chan struct{}
}

func (k *blockingKeyring) wait() bool {
	k.mu.Lock()
	b := k.blocked
	k.mu.Unlock()
	if b {
		<-k.release
	}
	return b
}

func (k *blockingKeyring) Set(service, user, pw string) error {
	if k.wait() {
		return errors.New("released")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"/"+user] = pw
	return nil
}

func (k *blockingKeyring) Get(service, user string) (string, error) {
	if k.wait() {
		return "", errors.New("released")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k *blockingKeyring) Delete(service, user string) error {
	if k.wait() {
		return errors.New("released")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, service+"/"+user)
	return nil
}

func TestKeyringProbeTimesOut(t *testing.T) {
	kr := &blockingKeyring{blocked: true, m: map[string]string{}, release: make(chan struct{})}
	t.Cleanup(func() { close(kr.release) })
	s := newStore(t.TempDir(), Options{}, kr, 20*time.Millisecond, time.Second)
	if got := s.Backend(); got != BackendFile {
		t.Fatalf("Backend = %q with a blocking keyring, want file", got)
	}
}

func TestKeyringCallTimesOut(t *testing.T) {
	kr := &blockingKeyring{m: map[string]string{}, release: make(chan struct{})}
	t.Cleanup(func() { close(kr.release) })
	s := newStore(t.TempDir(), Options{}, kr, time.Second, 20*time.Millisecond)
	if s.Backend() != BackendKeyring {
		t.Fatal("probe failed")
	}
	kr.mu.Lock()
	kr.blocked = true // locked after start
	kr.mu.Unlock()
	_, err := s.Get("token")
	if err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Fatalf("Get on a blocked keyring = %v, want a timeout", err)
	}
}

func TestKeyringTakesOverFileSecret(t *testing.T) {
	// A token saved while the keyring was unavailable...
	keyring.MockInitWithError(errors.New("no keyring"))
	dir := t.TempDir()
	mustSet(t, New(dir, Options{}), "token", "from-file")

	// ...is found once the keyring works, and moved into it.
	keyring.MockInit()
	s := New(dir, Options{})
	if s.Backend() != BackendKeyring {
		t.Fatal("keyring not used")
	}
	if v := mustGet(t, s, "token"); v != "from-file" {
		t.Fatalf("Get = %q", v)
	}
	if v, err := keyring.Get("inflow", "token@"+profileID(dir)); err != nil || v != "from-file" {
		t.Fatalf("not moved into keyring: %q, %v", v, err)
	}
	file := New(dir, Options{DisableKeyring: true})
	if _, err := file.Get("token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("file still holds the token: %v", err)
	}
}
