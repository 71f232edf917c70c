package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// BlobData returns size bytes that differ with seed, and their SHA-256.
func BlobData(seed uint64, size int) ([]byte, string) {
	b := make([]byte, size)
	r := rand.New(rand.NewPCG(seed, 7))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:])
}

func mustBlob(t *testing.T, s store.Store, data []byte, sha string) {
	t.Helper()
	if err := s.PutBlob(ctx, sha, int64(len(data)), bytes.NewReader(data)); err != nil {
		t.Fatalf("PutBlob(%d bytes): %v", len(data), err)
	}
}

// readBlob reads a stored blob whole through Read.
func readBlob(t *testing.T, s store.Store, sha string) []byte {
	t.Helper()
	b, err := s.OpenBlob(ctx, sha)
	if err != nil {
		t.Fatalf("OpenBlob: %v", err)
	}
	defer b.Close()
	got, err := io.ReadAll(b)
	if err != nil {
		t.Fatalf("read blob: %v", err)
	}
	if int64(len(got)) != b.Size() {
		t.Fatalf("read %d bytes of a blob of %d", len(got), b.Size())
	}
	return got
}

// testBlobs stores blobs around the chunk size and reads them back whole,
// at offsets across chunk boundaries, and after seeks.
func testBlobs(t *testing.T, s store.Store) {
	for i, size := range []int{0, 1, store.BlobChunk - 1, store.BlobChunk, 2*store.BlobChunk + 17} {
		data, sha := BlobData(uint64(i), size)
		mustBlob(t, s, data, sha)
		if got := readBlob(t, s, sha); !bytes.Equal(got, data) {
			t.Fatalf("blob of %d bytes read back differently", size)
		}
		if size < store.BlobChunk*2 {
			continue
		}
		b, err := s.OpenBlob(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][2]int{{0, 10}, {store.BlobChunk - 5, 10}, {store.BlobChunk*2 - 1, 3}, {size - 7, 7}, {100, store.BlobChunk + 200}} {
			p := make([]byte, r[1])
			if n, err := b.ReadAt(p, int64(r[0])); n != r[1] || (err != nil && err != io.EOF) || !bytes.Equal(p, data[r[0]:r[0]+r[1]]) {
				t.Fatalf("ReadAt(%d, %d) = %d, %v or other bytes", r[0], r[1], n, err)
			}
		}
		if n, err := b.ReadAt(make([]byte, 10), int64(size-3)); n != 3 || err != io.EOF {
			t.Fatalf("ReadAt past the end = %d, %v; want 3, EOF", n, err)
		}
		if pos, err := b.Seek(-20, io.SeekEnd); err != nil || pos != int64(size-20) {
			t.Fatalf("Seek from the end = %d, %v", pos, err)
		}
		if rest, err := io.ReadAll(b); err != nil || !bytes.Equal(rest, data[size-20:]) {
			t.Fatalf("read after seek: %d bytes, %v", len(rest), err)
		}
		b.Close()
	}
}

// testBlobMismatch: a blob whose bytes do not match its size or hash is
// refused and leaves nothing behind, and a good upload of it still works.
func testBlobMismatch(t *testing.T, s store.Store) {
	data, sha := BlobData(1, store.BlobChunk+100)
	other, _ := BlobData(2, len(data))
	for what, c := range map[string]struct {
		size int64
		body []byte
	}{
		"other bytes": {int64(len(data)), other},
		"short":       {int64(len(data)), data[:len(data)-1]},
		"long":        {int64(len(data)), append(append([]byte{}, data...), 'x')},
		"wrong size":  {int64(len(data) - 1), data[:len(data)-1]},
	} {
		err := s.PutBlob(ctx, sha, c.size, bytes.NewReader(c.body))
		wantCode(t, "PutBlob("+what+")", err, inflow.EINVALID)
		if !strings.Contains(inflow.ErrorMessage(err), sha) {
			t.Errorf("PutBlob(%s): message %q does not name the blob", what, inflow.ErrorMessage(err))
		}
		has, err := s.HasBlobs(ctx, []string{sha})
		if err != nil || has[sha] {
			t.Fatalf("after a refused PutBlob(%s): HasBlobs = %v, %v", what, has, err)
		}
		_, err = s.OpenBlob(ctx, sha)
		wantCode(t, "OpenBlob after a refused put", err, inflow.ENOTFOUND)
	}
	for _, bad := range []string{"", "ABC", strings.ToUpper(sha), sha + "0"} {
		wantCode(t, "PutBlob(bad hash "+bad+")", s.PutBlob(ctx, bad, 1, strings.NewReader("x")), inflow.EINVALID)
	}
	wantCode(t, "PutBlob(negative size)", s.PutBlob(ctx, sha, -1, strings.NewReader("")), inflow.EINVALID)
	mustBlob(t, s, data, sha)
	if got := readBlob(t, s, sha); !bytes.Equal(got, data) {
		t.Fatal("a good put after refused ones reads back differently")
	}
}

// testBlobIdempotent: a blob that is there is not read or changed again,
// and concurrent puts of one blob all succeed with one result.
func testBlobIdempotent(t *testing.T, s store.Store) {
	data, sha := BlobData(3, 3000)
	mustBlob(t, s, data, sha)
	// The reader would fail the hash: it is not read at all.
	if err := s.PutBlob(ctx, sha, int64(len(data)), strings.NewReader("not it")); err != nil {
		t.Fatalf("PutBlob of a stored blob: %v", err)
	}
	big, bsha := BlobData(4, store.BlobChunk+1)
	bad, _ := BlobData(5, len(big))
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			body := big
			if i%3 == 2 {
				body = bad // a hostile writer racing the good ones
			}
			errs[i] = s.PutBlob(ctx, bsha, int64(len(big)), bytes.NewReader(body))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i%3 != 2 && err != nil {
			t.Fatalf("concurrent PutBlob %d: %v", i, err)
		}
	}
	if got := readBlob(t, s, bsha); !bytes.Equal(got, big) {
		t.Fatal("concurrent puts left other bytes")
	}
}

func testHasBlobs(t *testing.T, s store.Store) {
	a, ash := BlobData(6, 10)
	_, bsh := BlobData(7, 10)
	mustBlob(t, s, a, ash)
	has, err := s.HasBlobs(ctx, []string{ash, bsh, "not-a-hash"})
	if err != nil {
		t.Fatal(err)
	}
	if len(has) != 3 || !has[ash] || has[bsh] || has["not-a-hash"] {
		t.Fatalf("HasBlobs = %v; want only %s", has, ash)
	}
	if has, err := s.HasBlobs(ctx, nil); err != nil || len(has) != 0 {
		t.Fatalf("HasBlobs(nil) = %v, %v", has, err)
	}
	_, err = s.OpenBlob(ctx, bsh)
	wantCode(t, "OpenBlob(absent)", err, inflow.ENOTFOUND)
}
