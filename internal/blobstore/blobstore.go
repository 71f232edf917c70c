// Package blobstore keeps course files on disk, named by their SHA-256, so
// a file shared by two courses or two versions of one is stored once and a
// new version downloads only the files that changed.
//
// A blob is written to a partial file first and becomes visible only by
// an atomic rename after its hash checked out, so a crash, a full disk or
// a dropped connection never leaves a wrong file under a blob's name.
// Partial files survive restarts: a download resumes where it stopped.
package blobstore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Store is a folder of blobs: blobs/<2 hex>/<64 hex>, partial/<64 hex>.part.
type Store struct{ dir string }

var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Open returns the store in dir, creating it if needed.
func Open(dir string) (*Store, error) {
	for _, d := range []string{"blobs", "partial"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, fmt.Errorf("blob store: %w", err)
		}
	}
	return &Store{dir: dir}, nil
}

func check(sha string) error {
	if !hashPattern.MatchString(sha) {
		return inflow.Errorf(inflow.EINVALID, "%q is not a SHA-256", sha)
	}
	return nil
}

// Path is where a blob lives (it may not exist).
func (s *Store) Path(sha string) string {
	return filepath.Join(s.dir, "blobs", sha[:2], sha)
}

func (s *Store) partialPath(sha string) string {
	return filepath.Join(s.dir, "partial", sha+".part")
}

// Has reports whether a complete blob is stored.
func (s *Store) Has(sha string) bool {
	if check(sha) != nil {
		return false
	}
	_, err := os.Stat(s.Path(sha))
	return err == nil
}

// Open opens a stored blob.
func (s *Store) Open(sha string) (*os.File, error) {
	if err := check(sha); err != nil {
		return nil, err
	}
	f, err := os.Open(s.Path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "file %s… is not stored", sha[:12])
	}
	return f, err
}

// Put stores a blob read from r, checking its size and hash. A blob that
// is already stored is not read again.
func (s *Store) Put(sha string, size int64, r io.Reader) error {
	if err := check(sha); err != nil {
		return err
	}
	if s.Has(sha) {
		return nil
	}
	w, err := s.Resume(sha)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Truncate(); err != nil {
		return err
	}
	if _, err := io.Copy(w, io.LimitReader(r, size+1)); err != nil {
		return err
	}
	return w.Commit(size)
}

// Writer appends to a blob's partial file; Commit checks and publishes it.
type Writer struct {
	s    *Store
	sha  string
	f    *os.File
	size int64 // bytes in the partial file
}

// Resume opens a blob's partial file for appending; Offset says how much
// an earlier attempt already wrote.
func (s *Store) Resume(sha string) (*Writer, error) {
	if err := check(sha); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(s.partialPath(sha), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("blob store: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Writer{s: s, sha: sha, f: f, size: st.Size()}, nil
}

// Offset is the bytes already written.
func (w *Writer) Offset() int64 { return w.size }

// Write appends to the partial file.
func (w *Writer) Write(b []byte) (int, error) {
	n, err := w.f.Write(b)
	w.size += int64(n)
	return n, err
}

// Truncate discards what was written, to start over.
func (w *Writer) Truncate() error {
	if err := w.f.Truncate(0); err != nil {
		return err
	}
	w.size = 0
	return nil
}

// Commit checks the partial file has the size and hash expected and makes
// it the blob. On a mismatch the partial file is deleted (a resumed
// download that went wrong must start over) and the error says so.
func (w *Writer) Commit(size int64) error {
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("blob store: %w", err)
	}
	if w.size != size {
		if w.size > size {
			w.discard()
			return inflow.Errorf(inflow.EINVALID, "file %s… is larger than its %d bytes", w.sha[:12], size)
		}
		return inflow.Errorf(inflow.EINVALID, "file %s… is incomplete: %d of %d bytes", w.sha[:12], w.size, size)
	}
	got, err := hashFile(w.s.partialPath(w.sha))
	if err != nil {
		return err
	}
	if got != w.sha {
		w.discard()
		return inflow.Errorf(inflow.EINVALID, "file %s… is damaged: its SHA-256 is %s…", w.sha[:12], got[:12])
	}
	dst := w.s.Path(w.sha)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	if err := os.Rename(w.s.partialPath(w.sha), dst); err != nil {
		return fmt.Errorf("blob store: %w", err)
	}
	return syncDir(filepath.Dir(dst))
}

// Close closes the partial file, keeping it for a later Resume.
func (w *Writer) Close() error { return w.f.Close() }

func (w *Writer) discard() {
	w.f.Close()
	os.Remove(w.s.partialPath(w.sha))
	w.size = 0
}

// Remove deletes a blob and any partial download of it.
func (s *Store) Remove(sha string) error {
	if err := check(sha); err != nil {
		return err
	}
	os.Remove(s.partialPath(sha))
	if err := os.Remove(s.Path(sha)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Collect removes every blob and partial file not in keep and returns the
// bytes freed.
func (s *Store) Collect(keep map[string]bool) (int64, error) {
	var freed int64
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		sha := strings.TrimSuffix(d.Name(), ".part")
		if !hashPattern.MatchString(sha) || keep[sha] {
			return nil
		}
		if info, err := d.Info(); err == nil {
			freed += info.Size()
		}
		return os.Remove(p)
	})
	return freed, err
}

// Usage is the bytes stored, partial downloads included.
func (s *Store) Usage() (int64, error) {
	var n int64
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := d.Info(); err == nil {
			n += info.Size()
		}
		return nil
	})
	return n, err
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // not supported everywhere (Windows); best effort
	return nil
}
