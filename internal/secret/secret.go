package secret

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"time"
)

// ErrNotFound is returned by Get and Delete when the key has no secret.
var ErrNotFound = errors.New("secret not found")

// Store keeps one secret per key. Implementations are safe for concurrent
// use within one process; across processes the profile lock serialises them.
type Store interface {
	// Get returns the secret of key, or ErrNotFound.
	Get(key string) (string, error)
	// Set stores the secret of key, replacing any earlier one.
	Set(key, value string) error
	// Delete removes the secret of key; ErrNotFound if there was none.
	Delete(key string) error
	// Backend names where secrets live: "keyring" or "file".
	Backend() string
}

// Options tune New.
type Options struct {
	Service        string // keyring service name; "" means "inflow"
	DisableKeyring bool   // always use the file
}

// Backend names.
const (
	BackendKeyring = "keyring"
	BackendFile    = "file"
)

// FileName is the fallback file inside the profile directory.
const FileName = "secrets.json"

// Timeouts of keyring calls. A locked keyring can block a call until
// someone unlocks it, or forever when no prompt can be shown.
const (
	probeTimeout = 2 * time.Second  // the probe at New
	opTimeout    = 30 * time.Second // later calls, which may show an unlock prompt
)

// New returns the profile's secret store: the OS keyring when a harmless
// probe (set, get, delete of a throwaway entry) succeeds within 2 s, else
// the file <profileDir>/secrets.json.
func New(profileDir string, opts Options) Store {
	return newStore(profileDir, opts, goKeyring{}, probeTimeout, opTimeout)
}

func newStore(profileDir string, opts Options, kr keyringAPI, probe, op time.Duration) Store {
	if opts.Service == "" {
		opts.Service = "inflow"
	}
	file := newFileStore(filepath.Join(profileDir, FileName))
	if opts.DisableKeyring {
		return file
	}
	ks := &keyringStore{kr: kr, service: opts.Service, suffix: "@" + profileID(profileDir), timeout: op, file: file}
	if err := ks.probe(probe); err != nil {
		return file
	}
	return ks
}

// profileID names a profile in the keyring: a short hash of its absolute
// directory. A profile moved elsewhere gets a new id (and signs in again).
func profileID(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(filepath.Clean(dir)))
	return hex.EncodeToString(sum[:6])
}
