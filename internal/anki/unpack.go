package anki

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// File signatures used to tell inputs apart.
var (
	zipMagic      = []byte("PK\x03\x04")
	zipEmptyMagic = []byte("PK\x05\x06") // a zip with no entries
	sqliteMagic   = []byte("SQLite format 3\x00")
	zstdMagic     = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Collection entries of a package, newest format first. collection.anki21b
// is zstd-compressed; packages that have it also hold a stub
// collection.anki2 telling old Anki versions to upgrade.
var packageEntries = []string{"collection.anki21b", "collection.anki21", "collection.anki2"}

// maxZstdWindow bounds the memory a zstd frame may ask the decoder for.
// Anki compresses with the default level, whose window is a few MiB.
const maxZstdWindow = 128 << 20

// unpack returns the path of a SQLite database holding the collection in
// f (named path, size bytes long) and a function that removes any
// temporary file made for it.
func unpack(ctx context.Context, path string, f *os.File, size int64, lim Limits) (string, func(), error) {
	var head [16]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	h := head[:n]
	switch {
	case bytes.HasPrefix(h, sqliteMagic):
		return path, func() {}, nil
	case bytes.HasPrefix(h, zipMagic), bytes.HasPrefix(h, zipEmptyMagic):
		return unpackZip(ctx, path, f, size, lim)
	case bytes.HasPrefix(h, zstdMagic):
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return "", nil, fmt.Errorf("%s: %w", path, err)
		}
		return extract(ctx, path, "", f, true, lim)
	default:
		return "", nil, fmt.Errorf("%s: not an Anki collection or package", path)
	}
}

// unpackZip finds the newest collection in the package and extracts it.
func unpackZip(ctx context.Context, path string, f *os.File, size int64, lim Limits) (string, func(), error) {
	zr, err := zip.NewReader(f, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return "", nil, fmt.Errorf("%s: damaged package: %v", path, err)
	}
	found := make(map[string]*zip.File, len(packageEntries))
	for _, zf := range zr.File {
		if !safeEntryName(zf.Name) {
			return "", nil, fmt.Errorf("%s: package entry %q has an unsafe name", path, zf.Name)
		}
		for _, name := range packageEntries {
			if zf.Name == name && found[name] == nil {
				found[name] = zf
			}
		}
	}
	for _, name := range packageEntries {
		zf := found[name]
		if zf == nil {
			continue
		}
		if zf.Mode().IsDir() {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return "", nil, fmt.Errorf("%s: %s: %v", path, name, err)
		}
		dbPath, cleanup, err := extract(ctx, path, name, rc, strings.HasSuffix(name, ".anki21b"), lim)
		rc.Close()
		return dbPath, cleanup, err
	}
	return "", nil, fmt.Errorf("%s: package has no collection", path)
}

// safeEntryName reports whether a zip entry name is a plain relative path:
// not absolute, no drive letter, no backslash, no ".." element. Names are
// never used as paths here; an unsafe one means the file was not written by
// Anki and the whole package is refused.
func safeEntryName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	if len(name) >= 2 && name[1] == ':' {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == ".." {
			return false
		}
	}
	return true
}

// extract copies r (zstd-decompressed when compressed is set) to a new
// temporary file, stopping once more than lim.MaxUncompressedBytes have
// been written, and checks that the result is a SQLite database. entry is
// the package entry name, or "" for a bare compressed file.
func extract(ctx context.Context, path, entry string, r io.Reader, compressed bool, lim Limits) (string, func(), error) {
	where := path
	if entry != "" {
		where = path + ": " + entry
	}
	if compressed {
		window := max(min(uint64(maxZstdWindow), uint64(lim.MaxUncompressedBytes)), zstd.MinWindowSize)
		dec, err := zstd.NewReader(r,
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(window),
			zstd.WithDecoderMaxMemory(uint64(lim.MaxUncompressedBytes)),
		)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %v", where, err)
		}
		defer dec.Close()
		r = dec
	}
	tmp, err := os.CreateTemp("", "inflow-anki-*.sqlite")
	if err != nil {
		return "", nil, fmt.Errorf("%s: temporary file: %w", path, err)
	}
	cleanup := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	n, err := copyLimited(ctx, tmp, r, lim.MaxUncompressedBytes)
	if err == nil {
		err = tmp.Close()
	}
	switch {
	case errors.Is(err, errTooBig), errors.Is(err, zstd.ErrDecoderSizeExceeded):
		cleanup()
		return "", nil, fmt.Errorf("%s: unpacked collection exceeds %d bytes", path, lim.MaxUncompressedBytes)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		cleanup()
		return "", nil, fmt.Errorf("%s: %w", path, err)
	case err != nil:
		cleanup()
		return "", nil, fmt.Errorf("%s: damaged collection: %v", where, err)
	}
	if n < int64(len(sqliteMagic)) || !hasSQLiteMagic(tmp.Name()) {
		cleanup()
		return "", nil, fmt.Errorf("%s: not an Anki collection or package", where)
	}
	return tmp.Name(), cleanup, nil
}

// errTooBig reports that copyLimited reached its limit.
var errTooBig = errors.New("too big")

// copyLimited copies src to dst, failing with errTooBig as soon as more
// than max bytes would be written, and checking ctx between chunks.
func copyLimited(ctx context.Context, dst io.Writer, src io.Reader, max int64) (int64, error) {
	buf := make([]byte, 256<<10)
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		n, err := src.Read(buf)
		if n > 0 {
			if int64(n) > max-total {
				return total, errTooBig
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
		}
		if errors.Is(err, io.EOF) {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// hasSQLiteMagic reports whether the file at p starts with the SQLite
// header string.
func hasSQLiteMagic(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [16]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	return bytes.Equal(head[:], sqliteMagic)
}
