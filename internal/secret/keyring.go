package secret

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/zalando/go-keyring"
)

// keyringAPI is the part of go-keyring used here, so tests can stand in a
// keyring that blocks.
type keyringAPI interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// goKeyring is the OS keyring through go-keyring (or its mock after
// keyring.MockInit).
type goKeyring struct{}

func (goKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// keyringStore keeps secrets in the OS keyring, under the service name and
// the account "<key>@<profile id>". Every call is bounded by a timeout,
// because a locked keyring may block without end; the blocked call is left
// behind in its goroutine.
//
// A secret written to the file while the keyring was unavailable is moved
// into the keyring the first time it is read.
type keyringStore struct {
	kr      keyringAPI
	service string
	suffix  string
	timeout time.Duration
	file    *fileStore
}

func (*keyringStore) Backend() string { return BackendKeyring }

// probe checks that the keyring stores and returns a value, within timeout.
func (s *keyringStore) probe(timeout time.Duration) error {
	var b [8]byte
	_, _ = rand.Read(b[:])
	user, value := "probe"+s.suffix, "probe-"+hex.EncodeToString(b[:])
	_, err := s.call(timeout, func() (string, error) {
		if err := s.kr.Set(s.service, user, value); err != nil {
			return "", err
		}
		got, err := s.kr.Get(s.service, user)
		if err != nil {
			return "", err
		}
		if err := s.kr.Delete(s.service, user); err != nil {
			return "", err
		}
		if got != value {
			return "", errors.New("keyring returned another value")
		}
		return "", nil
	})
	return err
}

func (s *keyringStore) Get(key string) (string, error) {
	v, err := s.call(s.timeout, func() (string, error) { return s.kr.Get(s.service, key+s.suffix) })
	if !errors.Is(err, ErrNotFound) {
		return v, err
	}
	v, err = s.file.Get(key)
	if err != nil {
		return "", err
	}
	if s.Set(key, v) == nil { // moves it out of the file
		_ = s.file.Delete(key)
	}
	return v, nil
}

func (s *keyringStore) Set(key, value string) error {
	_, err := s.call(s.timeout, func() (string, error) { return "", s.kr.Set(s.service, key+s.suffix, value) })
	if err != nil {
		return err
	}
	if s.fileExists() {
		if err := s.file.Delete(key); err != nil && !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("remove old copy from %s: %w", s.file.path, err)
		}
	}
	return nil
}

func (s *keyringStore) Delete(key string) error {
	_, err := s.call(s.timeout, func() (string, error) { return "", s.kr.Delete(s.service, key+s.suffix) })
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	found := err == nil
	if s.fileExists() {
		switch ferr := s.file.Delete(key); {
		case ferr == nil:
			found = true
		case !errors.Is(ferr, ErrNotFound):
			return ferr
		}
	}
	if !found {
		return ErrNotFound
	}
	return nil
}

func (s *keyringStore) fileExists() bool {
	_, err := os.Stat(s.file.path)
	return !errors.Is(err, fs.ErrNotExist)
}

// call runs fn in a goroutine and gives up after timeout. keyring's
// ErrNotFound becomes this package's.
func (s *keyringStore) call(timeout time.Duration, fn func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := fn()
		done <- result{v, err}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-done:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", ErrNotFound
		}
		if r.err != nil {
			return "", fmt.Errorf("keyring: %w", r.err)
		}
		return r.v, nil
	case <-t.C:
		return "", fmt.Errorf("keyring: no answer within %s (is it locked?)", timeout)
	}
}
