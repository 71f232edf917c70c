package coursepkg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Package is a course read from disk: its checked manifest (Markdown
// inline, every other file listed with its hash) and access to the files.
// Close it when done.
type Package struct {
	Manifest *course.Manifest
	src      source
	prefix   string // the package root inside the source, "" or "dir/"
}

// Options tune Load.
type Options struct {
	// ID and Version name an mdBook course (they default to the book's
	// title, slugged, and "1"); a course.json or course.yaml has its own.
	ID, Version string
}

// Load reads a course folder or zip: course.json or course.yaml at the
// root (or in the archive's single top folder), or an mdBook (book.toml and
// src/SUMMARY.md, or SUMMARY.md at the root). Every file is read and
// hashed once, so Load of a big course takes as long as reading it.
func Load(ctx context.Context, p string, o Options) (*Package, error) {
	src, err := openSource(p)
	if err != nil {
		return nil, err
	}
	pkg, err := load(ctx, src, o)
	if err != nil {
		src.Close()
		return nil, err
	}
	return pkg, nil
}

// IsCourse reports whether a folder or zip looks like a course rather
// than a pack of micro content: it has a course manifest or an mdBook
// SUMMARY.md at its root or in its single top folder.
func IsCourse(p string) bool {
	src, err := openSource(p)
	if err != nil {
		return false
	}
	defer src.Close()
	_, kind := findRoot(src.paths())
	return kind != ""
}

func load(ctx context.Context, src source, o Options) (*Package, error) {
	prefix, kind := findRoot(src.paths())
	pkg := &Package{src: src, prefix: prefix}
	var err error
	switch kind {
	case course.ManifestJSON, course.ManifestYAML:
		var data []byte
		if data, err = pkg.read(kind, course.MaxManifestBytes); err == nil {
			pkg.Manifest, err = course.Parse(kind, data)
		}
	case "mdbook":
		pkg.Manifest, err = pkg.mdBook(o)
	default:
		return nil, inflow.Errorf(inflow.EINVALID, "not a course: no course.json, course.yaml or mdBook SUMMARY.md at the top")
	}
	if err != nil {
		return nil, err
	}
	if err := pkg.resolve(ctx); err != nil {
		return nil, err
	}
	if kind == "mdbook" {
		if err := finishBook(pkg.Manifest, o.Version != ""); err != nil {
			return nil, err
		}
	}
	return pkg, nil
}

// findRoot finds the manifest or SUMMARY.md at the top, or in the single
// folder everything is in, and says which it is.
func findRoot(paths []string) (prefix, kind string) {
	has := func(p string) bool { _, ok := slices.BinarySearch(paths, p); return ok }
	try := func(prefix string) string {
		switch {
		case has(prefix + course.ManifestJSON):
			return course.ManifestJSON
		case has(prefix + course.ManifestYAML):
			return course.ManifestYAML
		case (has(prefix+"SUMMARY.md") || has(prefix+"src/SUMMARY.md")) && !has(prefix+"pack.yaml"):
			return "mdbook"
		}
		return ""
	}
	if k := try(""); k != "" {
		return "", k
	}
	if len(paths) > 0 {
		top, _, ok := strings.Cut(paths[0], "/")
		if ok && !slices.ContainsFunc(paths, func(p string) bool { return !strings.HasPrefix(p, top+"/") }) {
			if k := try(top + "/"); k != "" {
				return top + "/", k
			}
		}
	}
	return "", ""
}

// read returns a whole file of the package, refusing more than limit bytes.
func (p *Package) read(rel string, limit int64) ([]byte, error) {
	rc, size, err := p.src.open(p.prefix + rel)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if size > limit {
		return nil, fileError(rel, inflow.ETOOLARGE, "is larger than %d KiB", limit>>10)
	}
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fileError(rel, inflow.ErrorCode(err), "cannot be read: %v", inflow.ErrorMessage(err))
	}
	if int64(len(data)) > limit {
		return nil, fileError(rel, inflow.ETOOLARGE, "is larger than %d KiB", limit>>10)
	}
	return data, nil
}

// Open opens a file the manifest lists.
func (p *Package) Open(rel string) (io.ReadCloser, error) {
	if _, ok := p.Manifest.File(rel); !ok {
		return nil, fileError(rel, inflow.ENOTFOUND, "is not a file of the course")
	}
	rc, _, err := p.src.open(p.prefix + rel)
	return rc, err
}

// Close releases the folder or archive.
func (p *Package) Close() error { return p.src.Close() }

// resolve inlines Markdown files, points image references at package
// paths, hashes every file a block uses, and checks the result.
func (p *Package) resolve(ctx context.Context) error {
	m := p.Manifest
	listed := map[string]course.File{}
	for _, f := range m.Files {
		listed[f.Path] = f
	}
	used := map[string]bool{}
	for i := range m.Modules {
		for j := range m.Modules[i].Lessons {
			l := &m.Modules[i].Lessons[j]
			for k := range l.Blocks {
				if err := p.resolveBlock(&l.Blocks[k], used); err != nil {
					return inflow.Errorf(inflow.ErrorCode(err), "lesson %q, block %q: %s", l.ID, l.Blocks[k].ID, inflow.ErrorMessage(err))
				}
			}
		}
	}
	files := make([]course.File, 0, len(used))
	var total int64
	for _, rel := range slices.Sorted(maps.Keys(used)) {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := p.hash(rel)
		if err != nil {
			return err
		}
		if want, ok := listed[rel]; ok && (want.SHA256 != f.SHA256 || (want.Size != 0 && want.Size != f.Size)) {
			return fileError(rel, inflow.EINVALID, "does not match the manifest: its SHA-256 is %s, the manifest says %s", f.SHA256, want.SHA256)
		}
		if total += f.Size; total > course.MaxPackageBytes {
			return inflow.Errorf(inflow.ETOOLARGE, "the files add up to more than %d GiB", course.MaxPackageBytes>>30)
		}
		files = append(files, f)
	}
	m.Files = files
	if err := m.Validate(); err != nil {
		return err
	}
	return m.RequireFiles()
}

// resolveBlock inlines a block's Markdown file and records the files it
// uses, with image paths rewritten from the Markdown file's folder to the
// package root.
func (p *Package) resolveBlock(b *course.Block, used map[string]bool) error {
	dir := ""
	if b.Src != "" && course.MediaKind(b.Src) == course.MediaMarkdown {
		data, err := p.read(b.Src, course.MaxTextBytes)
		if err != nil {
			return err
		}
		dir = path.Dir(b.Src)
		b.Markdown, b.Src = string(data), ""
	} else if b.Src != "" {
		used[b.Src] = true
	}
	rewrite := func(md string) (string, error) {
		return course.RewriteImageRefs(md, func(t string) (string, error) {
			ref, err := packagePath(dir, t)
			if err != nil {
				return "", err
			}
			if course.MediaKind(ref) != course.MediaImage {
				return "", inflow.Errorf(inflow.EINVALID, "image %q is not a picture the player shows (.png, .jpg, .gif, .webp)", t)
			}
			used[ref] = true
			return ref, nil
		})
	}
	var err error
	if b.Markdown, err = rewrite(b.Markdown); err != nil {
		return err
	}
	b.Solution, err = rewrite(b.Solution)
	return err
}

// packagePath resolves a reference made in a file of folder dir to a path
// from the package root, refusing one that leaves the package.
func packagePath(dir, ref string) (string, error) {
	ref, _, _ = strings.Cut(ref, "#")
	ref, _, _ = strings.Cut(ref, "?")
	if strings.HasPrefix(ref, "/") || strings.Contains(ref, `\`) {
		return "", inflow.Errorf(inflow.EINVALID, "image %q must be a relative path inside the course", ref)
	}
	p := path.Join(dir, ref)
	if p == ".." || strings.HasPrefix(p, "../") || p == "." || p == "" {
		return "", inflow.Errorf(inflow.EINVALID, "image %q leads out of the course", ref)
	}
	return p, nil
}

// hash reads a file once for its size and SHA-256.
func (p *Package) hash(rel string) (course.File, error) {
	rc, size, err := p.src.open(p.prefix + rel)
	if err != nil {
		return course.File{}, err
	}
	defer rc.Close()
	if size > course.MaxFileBytes {
		return course.File{}, fileError(rel, inflow.ETOOLARGE, "is larger than %d GiB", course.MaxFileBytes>>30)
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, course.MaxFileBytes+1))
	if err != nil {
		return course.File{}, fileError(rel, inflow.ErrorCode(err), "cannot be read: %s", inflow.ErrorMessage(err))
	}
	if n > course.MaxFileBytes {
		return course.File{}, fileError(rel, inflow.ETOOLARGE, "is larger than %d GiB", course.MaxFileBytes>>30)
	}
	return course.File{Path: rel, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, Type: course.MediaType(rel)}, nil
}
