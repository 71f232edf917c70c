package importer

import (
	"archive/zip"
	"context"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// zipTree lists the files of a zip archive. Every entry name is checked,
// even of entries that will be ignored: a name that is absolute, has a
// drive letter, a backslash, a control character, an empty, "." or ".."
// segment, or is not UTF-8 fails the whole archive, as does an archive with
// more than MaxFiles entries or with two entries of the same name.
// Directories are skipped, and so are the entries in hidden folders. A
// symbolic link named like a file that could be read (.md, pack.yaml,
// LICENSE.md) is an error; other links are skipped. Nothing is
// decompressed here.
func zipTree(ctx context.Context, zr *zip.Reader, name string, lim Limits) (*tree, error) {
	if len(zr.File) > lim.MaxFiles {
		return nil, inflow.Errorf(inflow.ETOOLARGE, "%s holds more than %d files", name, lim.MaxFiles)
	}
	files := make([]*entry, 0, len(zr.File))
	seen := make(map[string]bool, len(zr.File))
	for i, f := range zr.File {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p, isDir, err := checkZipName(f.Name)
		if err != nil {
			return nil, err
		}
		if seen[p] {
			return nil, fileErrorf(p, 0, inflow.EINVALID, "the archive holds this name twice")
		}
		seen[p] = true
		dir, base := path.Split(p)
		if isDir || f.Mode().IsDir() || hiddenDir(dir) {
			continue
		}
		switch mode := f.Mode(); {
		case mode&fs.ModeSymlink != 0:
			if isContentName(p) {
				return nil, fileErrorf(p, 0, inflow.EINVALID, "is a symbolic link; links are not supported in zip files")
			}
			continue
		case !mode.IsRegular():
			continue
		}
		e := zipEntry(f, p)
		e.hidden = hiddenFile(base)
		files = append(files, e)
	}
	slices.SortFunc(files, func(a, b *entry) int { return strings.Compare(a.path, b.path) })
	return newTree(name, files, true), nil
}

// zipEntry is one file of an archive.
func zipEntry(f *zip.File, p string) *entry {
	compressed := int64(math.MaxInt64)
	if f.CompressedSize64 < math.MaxInt64 {
		compressed = int64(f.CompressedSize64)
	}
	return &entry{path: p, compressed: compressed, open: func() (io.ReadCloser, int64, error) {
		if f.Flags&0x1 != 0 {
			return nil, 0, newFileError(p, 0, inflow.EINVALID, "is encrypted; encrypted zip entries are not supported")
		}
		size := int64(math.MaxInt64)
		if f.UncompressedSize64 < math.MaxInt64 {
			size = int64(f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, 0, fileErrorf(p, 0, inflow.EINVALID, "cannot be read: %v", err)
		}
		return rc, size, nil
	}}
}

// checkZipName checks an entry name is a clean relative path that stays
// inside the archive's folder, and returns it without a trailing "/" and
// whether it names a directory.
func checkZipName(name string) (string, bool, error) {
	bad := func(why string) (string, bool, error) {
		return "", false, fileErrorf(printable(name), 0, inflow.EINVALID, "unsafe name in zip: %s", why)
	}
	isDir := strings.HasSuffix(name, "/")
	p := strings.TrimSuffix(name, "/")
	switch {
	case p == "":
		return bad("empty name")
	case !utf8.ValidString(name):
		return bad("name is not UTF-8")
	case strings.ContainsFunc(name, unicode.IsControl):
		return bad("name holds a control character")
	case strings.Contains(name, `\`):
		return bad(`backslash in name`)
	case strings.HasPrefix(name, "/"):
		return bad("absolute path")
	case len(p) >= 2 && p[1] == ':' && (p[0]|0x20) >= 'a' && (p[0]|0x20) <= 'z':
		return bad("drive letter")
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "..":
			return bad(`".." leads out of the archive`)
		case ".", "":
			return bad("path is not clean")
		}
	}
	if path.Clean(p) != p {
		return bad("path is not clean")
	}
	return p, isDir, nil
}

// hiddenDir reports whether any folder of dir ("a/b/") is ignored.
func hiddenDir(dir string) bool {
	for seg := range strings.SplitSeq(strings.TrimSuffix(dir, "/"), "/") {
		if ignoredDir(seg) {
			return true
		}
	}
	return false
}

// isContentName reports whether a file with this path could be read: a
// Markdown file, pack.yaml or a licence file.
func isContentName(p string) bool {
	base := path.Base(p)
	return isMarkdownName(base) || base == packFileName || base == licenseFileName
}

// isMarkdownName reports whether a file name ends in .md (in any case).
func isMarkdownName(name string) bool {
	return len(name) > 3 && strings.EqualFold(name[len(name)-3:], ".md")
}

// printable makes a name safe to show in a message: bytes that are not
// UTF-8 and control characters become U+FFFD.
func printable(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
}
