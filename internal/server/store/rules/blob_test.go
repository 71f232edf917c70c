package rules_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestWriteChunks(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 25) // 250 bytes: chunks of 100, 100, 50
	sha := hashOf(data)
	for _, c := range []struct {
		what   string
		size   int64
		body   []byte
		code   string
		chunks []int
	}{
		{"exact", 250, data, "", []int{100, 100, 50}},
		{"short", 250, data[:249], inflow.EINVALID, []int{100, 100}},
		{"long", 250, append(append([]byte{}, data...), 'x'), inflow.EINVALID, []int{100, 100, 50}},
		{"other bytes", 250, bytes.Repeat([]byte("x"), 250), inflow.EINVALID, []int{100, 100, 50}},
		{"empty", 0, nil, inflow.EINVALID, nil}, // the hash is of data, not of nothing
	} {
		var got []int
		err := rules.WriteChunks(sha, c.size, 100, bytes.NewReader(c.body), func(n int64, b []byte) error {
			if int(n) != len(got) {
				t.Errorf("%s: chunk %d out of order", c.what, n)
			}
			got = append(got, len(b))
			return nil
		})
		if inflow.ErrorCode(err) != c.code {
			t.Errorf("%s: err = %v, want code %q", c.what, err, c.code)
		}
		if !slices.Equal(got, c.chunks) {
			t.Errorf("%s: chunks %v, want %v", c.what, got, c.chunks)
		}
	}
}

// TestChunkReaderFetchesOnlyWhatItSends serves a range from the middle
// of a 10-chunk blob with http.ServeContent, as the API does: only the
// chunks the range covers are fetched, each once.
func TestChunkReaderFetchesOnlyWhatItSends(t *testing.T) {
	const chunk = 1000
	data := make([]byte, 10*chunk)
	for i := range data {
		data[i] = byte(i * 7)
	}
	fetched := map[int64]int{}
	blob := rules.NewChunkReader(context.Background(), hashOf(data), int64(len(data)), chunk, "video/mp4", func(_ context.Context, n int64) ([]byte, error) {
		fetched[n]++
		return data[n*chunk : min(int64(len(data)), (n+1)*chunk)], nil
	})
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", blob.Type())
	req := httptest.NewRequest("GET", "/blob", nil)
	req.Header.Set("Range", "bytes=2500-4499")
	http.ServeContent(rec, req, "", time.Time{}, blob)
	if rec.Code != 206 || !bytes.Equal(rec.Body.Bytes(), data[2500:4500]) {
		t.Fatalf("range: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if len(fetched) != 3 || fetched[2] != 1 || fetched[3] != 1 || fetched[4] != 1 {
		t.Fatalf("fetched chunks %v; want 2, 3 and 4 once each", fetched)
	}

	// Whole, through Read: every chunk once.
	clear(fetched)
	blob.Seek(0, io.SeekStart)
	all, err := io.ReadAll(blob)
	if err != nil || !bytes.Equal(all, data) {
		t.Fatalf("ReadAll: %d bytes, %v", len(all), err)
	}
	for n := range int64(10) {
		if fetched[n] != 1 {
			t.Fatalf("fetched chunks %v; want each once", fetched)
		}
	}
}

// TestChunkReaderRefusesShortChunks: a chunk of the wrong length (a
// damaged store) is an error, not silently wrong bytes.
func TestChunkReaderRefusesShortChunks(t *testing.T) {
	blob := rules.NewChunkReader(context.Background(), "x", 150, 100, "", func(_ context.Context, n int64) ([]byte, error) {
		return make([]byte, 40), nil
	})
	if _, err := io.ReadAll(blob); err == nil {
		t.Fatal("a short chunk was read without an error")
	}
}
