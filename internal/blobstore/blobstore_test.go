package blobstore_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/blobstore"
	"github.com/inflow-learning/inflow/internal/inflow"
)

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestPutOpenRemove(t *testing.T) {
	s, err := blobstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("a video, honestly")
	sha := sum(data)
	if s.Has(sha) {
		t.Fatal("has before put")
	}
	if err := s.Put(sha, int64(len(data)), bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	f, err := s.Open(sha)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, data) {
		t.Fatal("other bytes")
	}
	if err := s.Remove(sha); err != nil || s.Has(sha) {
		t.Fatalf("remove: %v", err)
	}
	if _, err := s.Open(sha); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("open removed: %v", err)
	}
	if _, err := s.Open("../../etc/passwd"); inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("traversal: %v", err)
	}
}

func TestWrongBytesNeverBecomeABlob(t *testing.T) {
	s, _ := blobstore.Open(t.TempDir())
	data := []byte("the real content")
	sha := sum(data)
	if err := s.Put(sha, int64(len(data)), strings.NewReader("the evil content")); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("wrong content: %v", err)
	}
	if err := s.Put(sha, int64(len(data)), strings.NewReader("short")); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Fatalf("short content: %v", err)
	}
	if err := s.Put(sha, int64(len(data)), strings.NewReader(string(data)+"and more")); err == nil || !strings.Contains(err.Error(), "larger") {
		t.Fatalf("long content: %v", err)
	}
	if s.Has(sha) {
		t.Fatal("a wrong file became the blob")
	}
}

func TestResumeAcrossAttempts(t *testing.T) {
	dir := t.TempDir()
	s, _ := blobstore.Open(dir)
	data := bytes.Repeat([]byte("0123456789"), 1000)
	sha := sum(data)
	w, _ := s.Resume(sha)
	w.Write(data[:4000])
	if err := w.Commit(int64(len(data))); err == nil {
		t.Fatal("committed a partial file")
	}
	w.Close()
	s2, _ := blobstore.Open(dir) // as after a restart
	w2, err := s2.Resume(sha)
	if err != nil || w2.Offset() != 4000 {
		t.Fatalf("resume at %d, %v", w2.Offset(), err)
	}
	w2.Write(data[4000:])
	if err := w2.Commit(int64(len(data))); err != nil {
		t.Fatal(err)
	}
	w2.Close()
	if !s2.Has(sha) {
		t.Fatal("not stored")
	}
	n, _ := s2.Usage()
	if n != int64(len(data)) {
		t.Fatalf("usage %d", n)
	}
	freed, err := s2.Collect(map[string]bool{})
	if err != nil || freed != int64(len(data)) || s2.Has(sha) {
		t.Fatalf("collect freed %d, %v", freed, err)
	}
}
