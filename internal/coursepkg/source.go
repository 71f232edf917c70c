package coursepkg

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// source is a folder or an archive, read by slash-separated paths.
type source interface {
	// paths lists the regular files, sorted.
	paths() []string
	// open opens a file and returns the size it claims.
	open(p string) (io.ReadCloser, int64, error)
	Close() error
}

// MaxRatio bounds how much a zip entry may expand: decompressed bytes per
// compressed byte, above a 1 MiB floor (media barely compress; text does).
const MaxRatio = 100

// openSource opens a folder or a .zip file.
func openSource(p string) (source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%s: %v", filepath.Base(p), unwrapPath(err))
	}
	if fi.IsDir() {
		return openDir(p)
	}
	if strings.EqualFold(filepath.Ext(p), ".zip") {
		return openZip(p)
	}
	return nil, inflow.Errorf(inflow.EINVALID, "%s: a course is a folder or a .zip file", filepath.Base(p))
}

// dirSource is a folder. Symbolic links and hidden folders are left out,
// so a link cannot pull a file from elsewhere into a package.
type dirSource struct {
	root  string
	files []string
	sizes map[string]int64
}

func openDir(root string) (*dirSource, error) {
	d := &dirSource{root: root, sizes: map[string]int64{}}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			if rel != "." && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil // links, devices, sockets
		}
		if len(d.files) >= course.MaxFiles*2 {
			return inflow.Errorf(inflow.ETOOLARGE, "the folder holds more than %d files", course.MaxFiles*2)
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		d.files = append(d.files, rel)
		d.sizes[rel] = info.Size()
		return nil
	})
	if err != nil {
		if inflow.ErrorCode(err) != inflow.EINTERNAL {
			return nil, err
		}
		return nil, inflow.Errorf(inflow.EINVALID, "%s: %v", filepath.Base(root), unwrapPath(err))
	}
	slices.Sort(d.files)
	return d, nil
}

func (d *dirSource) paths() []string { return d.files }

func (d *dirSource) open(p string) (io.ReadCloser, int64, error) {
	size, ok := d.sizes[p]
	if !ok {
		return nil, 0, fileError(p, inflow.EINVALID, "is missing from the package")
	}
	f, err := os.Open(filepath.Join(d.root, filepath.FromSlash(p)))
	if err != nil {
		return nil, 0, fileError(p, inflow.EINVALID, "cannot be read: %v", unwrapPath(err))
	}
	return f, size, nil
}

func (d *dirSource) Close() error { return nil }

// zipSource is a zip archive. Every entry name is checked before anything
// is read; entries are decompressed only when opened, through a reader
// that holds them to their size and to MaxRatio.
type zipSource struct {
	f     *os.File
	files []string
	byP   map[string]*zip.File
}

func openZip(name string) (*zipSource, error) {
	base := filepath.Base(name)
	f, err := os.Open(name)
	if err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%s: %v", base, unwrapPath(err))
	}
	st, err := f.Stat()
	if err == nil && st.Size() > course.MaxPackageBytes {
		err = inflow.Errorf(inflow.ETOOLARGE, "%s is larger than %d GiB", base, course.MaxPackageBytes>>30)
	}
	var zr *zip.Reader
	if err == nil {
		zr, err = zip.NewReader(f, st.Size())
		if errors.Is(err, zip.ErrInsecurePath) && zr != nil {
			err = nil // reported below, naming the entry
		} else if err != nil {
			err = inflow.Errorf(inflow.EINVALID, "%s is not a valid zip file: %v", base, err)
		}
	}
	if err == nil && len(zr.File) > course.MaxFiles*2 {
		err = inflow.Errorf(inflow.ETOOLARGE, "%s holds more than %d files", base, course.MaxFiles*2)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	z := &zipSource{f: f, byP: map[string]*zip.File{}}
	for _, e := range zr.File {
		p, isDir, err := checkEntryName(e.Name)
		if err != nil {
			f.Close()
			return nil, err
		}
		if z.byP[p] != nil {
			f.Close()
			return nil, fileError(p, inflow.EINVALID, "the archive holds this name twice")
		}
		if isDir || e.Mode().IsDir() || !e.Mode().IsRegular() || hiddenPath(p) {
			continue // folders, links and hidden files are not part of a course
		}
		z.byP[p] = e
		z.files = append(z.files, p)
	}
	slices.Sort(z.files)
	return z, nil
}

func (z *zipSource) paths() []string { return z.files }

func (z *zipSource) open(p string) (io.ReadCloser, int64, error) {
	e := z.byP[p]
	if e == nil {
		return nil, 0, fileError(p, inflow.EINVALID, "is missing from the package")
	}
	if e.Flags&0x1 != 0 {
		return nil, 0, fileError(p, inflow.EINVALID, "is encrypted; encrypted zip entries are not supported")
	}
	size := int64(min(e.UncompressedSize64, math.MaxInt64))
	limit := size
	if c := int64(min(e.CompressedSize64, math.MaxInt64/MaxRatio)); c*MaxRatio < limit && limit > 1<<20 {
		return nil, 0, fileError(p, inflow.ETOOLARGE, "expands more than %d times its compressed size; it may be a zip bomb", MaxRatio)
	}
	rc, err := e.Open()
	if err != nil {
		return nil, 0, fileError(p, inflow.EINVALID, "cannot be read: %v", err)
	}
	// The header's size is a claim: read one byte more to catch a lie.
	return &limitedReadCloser{r: io.LimitReader(rc, limit+1), c: rc, limit: limit, path: p}, size, nil
}

func (z *zipSource) Close() error { return z.f.Close() }

// limitedReadCloser fails once more than limit bytes come out.
type limitedReadCloser struct {
	r     io.Reader
	c     io.Closer
	n     int64
	limit int64
	path  string
}

func (l *limitedReadCloser) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	l.n += int64(n)
	if l.n > l.limit {
		return n, fileError(l.path, inflow.ETOOLARGE, "holds more than the %d bytes its header claims", l.limit)
	}
	return n, err
}

func (l *limitedReadCloser) Close() error { return l.c.Close() }

// checkEntryName accepts a clean relative name that stays inside the
// archive and returns it without a trailing "/", and whether it is a folder.
func checkEntryName(name string) (string, bool, error) {
	bad := func(why string) (string, bool, error) {
		return "", false, inflow.Errorf(inflow.EINVALID, "unsafe name in zip %q: %s", strings.ToValidUTF8(name, "?"), why)
	}
	isDir := strings.HasSuffix(name, "/")
	p := strings.TrimSuffix(name, "/")
	switch {
	case p == "":
		return bad("empty name")
	case !utf8.ValidString(name):
		return bad("not UTF-8")
	case strings.ContainsFunc(name, unicode.IsControl):
		return bad("control character")
	case strings.Contains(name, `\`):
		return bad("backslash")
	case strings.HasPrefix(name, "/"):
		return bad("absolute path")
	case len(p) >= 2 && p[1] == ':':
		return bad("drive letter")
	case !fs.ValidPath(p) || path.Clean(p) != p:
		return bad(`".." or a path that is not clean`)
	}
	return p, isDir, nil
}

// hiddenPath reports a path with a hidden segment (".git/x", "._x") or
// macOS's __MACOSX folder.
func hiddenPath(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") || seg == "__MACOSX" {
			return true
		}
	}
	return false
}

// fileError is an error about one file of the package.
func fileError(p, code, format string, args ...any) error {
	return inflow.Errorf(code, "%s: %s", p, fmt.Sprintf(format, args...))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
