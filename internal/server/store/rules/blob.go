package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// CheckBlob validates a blob's name (64 lowercase hex digits) and size.
func CheckBlob(sha string, size int64) error {
	if !hashPattern.MatchString(sha) {
		return inflow.Errorf(inflow.EINVALID, "blob %q: a SHA-256 is 64 lowercase hex digits", sha)
	}
	if size < 0 || size > course.MaxFileBytes {
		return inflow.Errorf(inflow.EINVALID, "blob %s: size %d is not 0 to %d bytes", sha, size, int64(course.MaxFileBytes))
	}
	return nil
}

// ValidHash reports whether h is a SHA-256 in lowercase hex.
func ValidHash(h string) bool { return hashPattern.MatchString(h) }

// Chunks is how many chunks of chunk bytes a blob of size bytes has.
func Chunks(size, chunk int64) int64 { return (size + chunk - 1) / chunk }

// WriteChunks reads a blob from r in chunks of chunk bytes (a backend's
// choice, store.BlobChunk unless it has a reason) and hands
// each to put, numbered from 0. It returns EINVALID unless r holds
// exactly size bytes whose SHA-256 is sha; the caller then discards what
// put stored. put must not keep data after it returns: the buffer is
// reused.
func WriteChunks(sha string, size, chunk int64, r io.Reader, put func(n int64, data []byte) error) error {
	h := sha256.New()
	buf := make([]byte, min(size, chunk))
	var done int64
	for n := int64(0); done < size; n++ {
		part := buf[:min(size-done, chunk)]
		got, err := io.ReadFull(r, part)
		done += int64(got)
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return inflow.Errorf(inflow.EINVALID, "blob %s: the file has %d bytes, not the %d its size says", sha, done, size)
		} else if err != nil {
			return fmt.Errorf("blob %s: read: %w", sha, err)
		}
		h.Write(part)
		if err := put(n, part); err != nil {
			return fmt.Errorf("blob %s: store chunk %d: %w", sha, n, err)
		}
	}
	var extra [1]byte
	if got, _ := io.ReadFull(r, extra[:]); got > 0 {
		return inflow.Errorf(inflow.EINVALID, "blob %s: the file has more than the %d bytes its size says", sha, size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		return inflow.Errorf(inflow.EINVALID, "blob %s: the file's SHA-256 is %s; it does not match", sha, got)
	}
	return nil
}

// ChunkReader reads a stored blob through fetch, which returns chunk n
// whole. It keeps the last chunk it fetched, so sequential reads fetch
// each chunk once. It implements store.Blob.
type ChunkReader struct {
	ctx   context.Context
	sha   string
	size  int64
	chunk int64
	typ   string
	fetch func(ctx context.Context, n int64) ([]byte, error)
	off   int64  // Read's position
	n     int64  // number of the chunk in cur, -1 if none
	cur   []byte // the chunk last fetched
}

// NewChunkReader returns a reader of a blob of size bytes and media type
// typ, stored in chunks of chunk bytes that fetch returns; ctx bounds
// every fetch.
func NewChunkReader(ctx context.Context, sha string, size, chunk int64, typ string, fetch func(ctx context.Context, n int64) ([]byte, error)) *ChunkReader {
	return &ChunkReader{ctx: ctx, sha: sha, size: size, chunk: chunk, typ: typ, fetch: fetch, n: -1}
}

var _ store.Blob = (*ChunkReader)(nil)

// Size is the blob's length in bytes.
func (c *ChunkReader) Size() int64 { return c.size }

// Type is the blob's media type, or "".
func (c *ChunkReader) Type() string { return c.typ }

// Close releases the cached chunk.
func (c *ChunkReader) Close() error {
	c.cur, c.n = nil, -1
	return nil
}

// get returns chunk n, fetching it unless it is the one kept.
func (c *ChunkReader) get(n int64) ([]byte, error) {
	if n == c.n {
		return c.cur, nil
	}
	data, err := c.fetch(c.ctx, n)
	if err != nil {
		return nil, fmt.Errorf("blob %s chunk %d: %w", c.sha, n, err)
	}
	want := min(c.size-n*c.chunk, c.chunk)
	if int64(len(data)) != want {
		return nil, fmt.Errorf("blob %s chunk %d: %d bytes stored, want %d", c.sha, n, len(data), want)
	}
	c.cur, c.n = data, n
	return data, nil
}

// ReadAt reads len(p) bytes at off; fewer only at the end, with io.EOF.
func (c *ChunkReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	read := 0
	for read < len(p) {
		pos := off + int64(read)
		if pos >= c.size {
			return read, io.EOF
		}
		data, err := c.get(pos / c.chunk)
		if err != nil {
			return read, err
		}
		read += copy(p[read:], data[pos%c.chunk:])
	}
	return read, nil
}

// Read reads from the current position.
func (c *ChunkReader) Read(p []byte) (int, error) {
	if c.off >= c.size {
		return 0, io.EOF
	}
	// Stop at the end of the chunk, so one Read fetches at most one.
	end := min(c.size, (c.off/c.chunk+1)*c.chunk)
	p = p[:min(int64(len(p)), end-c.off)]
	n, err := c.ReadAt(p, c.off)
	c.off += int64(n)
	if errors.Is(err, io.EOF) && n > 0 {
		err = nil
	}
	return n, err
}

// Seek sets the position of the next Read.
func (c *ChunkReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += c.off
	case io.SeekEnd:
		offset += c.size
	default:
		return 0, errors.New("bad whence")
	}
	if offset < 0 {
		return 0, errors.New("seek before the start")
	}
	c.off = offset
	return offset, nil
}
