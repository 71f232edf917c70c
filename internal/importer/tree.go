package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// tree is the list of files found in a folder or archive, before any is
// read. Both formats are recognised from the paths alone.
type tree struct {
	name   string   // the folder's or archive's base name, for a default pack id
	files  []*entry // in path order
	byPath map[string]*entry
	zip    bool // a Markdown pack may sit in one top-level folder
}

// entry is one file of a tree.
type entry struct {
	path       string // slash-separated, relative to the tree's root
	hidden     bool   // its name starts with "."
	compressed int64  // compressed size of a zip entry, or -1
	// open opens the file and returns its size as stored (for a zip entry,
	// as its header claims); the reader enforces limits on what is read.
	open func() (io.ReadCloser, int64, error)
}

// newTree returns a tree of files, which must be in path order.
func newTree(name string, files []*entry, zip bool) *tree {
	t := &tree{name: name, files: files, byPath: make(map[string]*entry, len(files)), zip: zip}
	for _, f := range files {
		t.byPath[f.path] = f
	}
	return t
}

// ignoredDir reports whether a folder is skipped with all it holds: hidden
// ones (starting with ".") and the __MACOSX folder macOS adds to archives.
func ignoredDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "__MACOSX"
}

// hiddenFile reports whether a file is hidden. Hidden files are listed (and
// counted) but Markdown packs ignore them; in a tldr tree only macOS "._"
// files are ignored, because "..md" is the page for the "." command.
func hiddenFile(name string) bool {
	return strings.HasPrefix(name, ".")
}

// reader reads files while holding them to the limits: each file to
// MaxFileSize, each zip entry to MaxRatio times its compressed size, and
// everything read from one path to MaxTotalSize. Sizes are checked before
// reading and again on the bytes actually read.
type reader struct {
	lim   Limits
	total int64
}

// read returns the content of e, or a *FileError.
func (r *reader) read(e *entry) ([]byte, error) {
	rc, size, err := e.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if size > r.lim.MaxFileSize {
		return nil, fileErrorf(e.path, 0, inflow.ETOOLARGE, "file is larger than %s (%d bytes)", formatSize(r.lim.MaxFileSize), size)
	}
	limit, why := r.lim.MaxFileSize, "file"
	if e.compressed >= 0 && e.compressed <= math.MaxInt64/r.lim.MaxRatio {
		if byRatio := max(e.compressed*r.lim.MaxRatio, ratioFloor); byRatio < limit {
			limit, why = byRatio, "ratio"
		}
	}
	if left := r.lim.MaxTotalSize - r.total; left < limit {
		limit, why = left, "total"
	}
	buf := make([]byte, 0, min(max(size, 0), limit)+1)
	data, err := readAll(io.LimitReader(rc, limit+1), buf)
	r.total += int64(len(data))
	if int64(len(data)) > limit {
		switch why {
		case "ratio":
			return nil, fileErrorf(e.path, 0, inflow.ETOOLARGE, "zip entry expands more than %d times its compressed size (%d bytes); it may be a zip bomb", r.lim.MaxRatio, e.compressed)
		case "total":
			return nil, fileErrorf(e.path, 0, inflow.ETOOLARGE, "the files add up to more than %s", formatSize(r.lim.MaxTotalSize))
		}
		return nil, fileErrorf(e.path, 0, inflow.ETOOLARGE, "file is larger than %s", formatSize(r.lim.MaxFileSize))
	}
	if err != nil {
		return nil, fileErrorf(e.path, 0, inflow.EINVALID, "cannot be read: %v", unwrapPath(err))
	}
	return data, nil
}

// readAll is io.ReadAll into buf, so a known size needs one allocation.
func readAll(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		} else if err != nil {
			return buf, err
		}
	}
}

// unwrapPath drops the path an fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// formatSize writes a byte count the way limits are usually stated.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
