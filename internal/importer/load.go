package importer

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Pack formats, as stored in inflow.Pack.Format.
const (
	FormatMarkdown = "markdown"
	FormatTldr     = "tldr"
)

// Load reads path — a folder, a .zip file or a single .md file — and
// returns its packs, validated and ready to store: one pack for a Markdown
// pack, one per language for a tldr-pages tree. Nothing is stored.
//
// Loading is all or nothing: if any file is malformed or breaks a limit,
// Load returns an error and no packs. Errors about the input are
// *inflow.Error values (EINVALID, ETOOLARGE or ENOTFOUND), usually inside a
// *FileError naming the file and line; a cancelled ctx returns ctx.Err().
// Each pack's Origin is path made absolute.
func Load(ctx context.Context, path string, opts Options) ([]*inflow.Pack, error) {
	opts = opts.withDefaults()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "%s: %v", path, err)
	}
	base := filepath.Base(abs)
	st, err := os.Stat(abs)
	if err != nil {
		return nil, ioError(path, err)
	}
	var packs []*inflow.Pack
	switch {
	case st.IsDir():
		packs, err = loadFolder(ctx, abs, opts)
	case !st.Mode().IsRegular():
		return nil, inflow.Errorf(inflow.EINVALID, "%s is not a folder, a .zip file or a .md file", base)
	case strings.EqualFold(filepath.Ext(base), ".zip"):
		packs, err = loadZipFile(ctx, abs, opts)
	case isMarkdownName(base):
		packs, err = loadMarkdownFile(ctx, abs, opts)
	default:
		return nil, inflow.Errorf(inflow.EINVALID, "%s is not a folder, a .zip file or a .md file", base)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range packs {
		p.Origin = abs
	}
	return packs, nil
}

// LoadFS reads a folder given as a file system, such as an embed.FS, like
// Load reads a folder on disk; name stands for the folder's name, from
// which a pack without pack.yaml takes its id and title. Origin is left
// empty for the caller to set.
func LoadFS(ctx context.Context, fsys fs.FS, name string, opts Options) ([]*inflow.Pack, error) {
	opts = opts.withDefaults()
	t, err := walkFS(ctx, fsys, name, opts.Limits)
	if err != nil {
		return nil, err
	}
	return loadTree(ctx, t, opts)
}

// loadFolder reads a folder through an os.Root, so that no symbolic link
// inside it can make the importer read a file outside it.
func loadFolder(ctx context.Context, dir string, opts Options) ([]*inflow.Pack, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, ioError(filepath.Base(dir), err)
	}
	defer root.Close()
	t, err := walkFS(ctx, root.FS(), filepath.Base(dir), opts.Limits)
	if err != nil {
		return nil, err
	}
	return loadTree(ctx, t, opts)
}

// loadZipFile reads a zip archive; its base name without ".zip" stands for
// the folder name.
func loadZipFile(ctx context.Context, file string, opts Options) ([]*inflow.Pack, error) {
	base := filepath.Base(file)
	f, err := os.Open(file)
	if err != nil {
		return nil, ioError(base, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, ioError(base, err)
	}
	return loadZip(ctx, f, st.Size(), strings.TrimSuffix(base, filepath.Ext(base)), opts)
}

// loadZip reads a zip archive of size bytes from r; name stands for the
// folder name.
func loadZip(ctx context.Context, r io.ReaderAt, size int64, name string, opts Options) ([]*inflow.Pack, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		// Insecure names are reported by zipTree, naming the entry.
		return nil, inflow.Errorf(inflow.EINVALID, "%s.zip is not a valid zip file: %v", name, err)
	}
	t, err := zipTree(ctx, zr, name, opts.Limits)
	if err != nil {
		return nil, err
	}
	return loadTree(ctx, t, opts)
}

// loadMarkdownFile reads one Markdown file as a pack of one item, named
// after the file.
func loadMarkdownFile(ctx context.Context, file string, opts Options) ([]*inflow.Pack, error) {
	base := filepath.Base(file)
	e := &entry{path: base, compressed: -1, open: func() (io.ReadCloser, int64, error) {
		f, err := os.Open(file)
		if err != nil {
			return nil, 0, ioError(base, err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, ioError(base, err)
		}
		return f, st.Size(), nil
	}}
	t := newTree(strings.TrimSuffix(base, filepath.Ext(base)), []*entry{e}, false)
	p, err := loadMarkdown(ctx, t, "", &reader{lim: opts.Limits}, opts, opts.Now())
	if err != nil {
		return nil, err
	}
	return []*inflow.Pack{p}, nil
}

// loadTree recognises a tree's format and reads it. A tree is a tldr-pages
// tree when it has no pack.yaml and holds pages/<platform>/<name>.md or
// pages.<lang>/<platform>/<name>.md, at its root or in its only top-level
// folder, or when it is itself a folder named pages or pages.<lang> that
// holds only <platform>/<name>.md files (see tldrIn). Otherwise it is a
// Markdown pack, read from the root — or from the only top-level folder
// when that folder holds pack.yaml, or when the tree is a zip archive
// (archivers put a folder's files in a folder of its name).
func loadTree(ctx context.Context, t *tree, opts Options) ([]*inflow.Pack, error) {
	rd := &reader{lim: opts.Limits}
	now := opts.Now()
	prefix := ""
	rootLang, rootIsPages := tldrLanguage(t.name)
	top, single := topFolder(t)
	switch {
	case t.byPath[packFileName] != nil:
	case tldrIn(t, tldrLayout{}):
		return loadTldr(ctx, t, tldrLayout{}, rd, opts, now)
	case rootIsPages && tldrIn(t, tldrLayout{lang: rootLang}):
		return loadTldr(ctx, t, tldrLayout{lang: rootLang}, rd, opts, now)
	case single && t.byPath[top+packFileName] != nil:
		prefix = top
	case single && tldrIn(t, tldrLayout{prefix: top}):
		return loadTldr(ctx, t, tldrLayout{prefix: top}, rd, opts, now)
	case single && t.zip:
		prefix = top
	}
	p, err := loadMarkdown(ctx, t, prefix, rd, opts, now)
	if err != nil {
		return nil, err
	}
	return []*inflow.Pack{p}, nil
}

// topFolder returns "name/" when every file of t but hidden ones is inside
// the one folder name, and single is true.
func topFolder(t *tree) (prefix string, single bool) {
	for _, f := range t.files {
		if f.hidden {
			continue
		}
		dir, _, ok := strings.Cut(f.path, "/")
		if !ok || (prefix != "" && prefix != dir+"/") {
			return "", false
		}
		prefix = dir + "/"
	}
	return prefix, prefix != ""
}

// loadMarkdown reads the Markdown pack whose root is the folder prefix
// ("" or "name/") of t.
func loadMarkdown(ctx context.Context, t *tree, prefix string, rd *reader, opts Options, now time.Time) (*inflow.Pack, error) {
	meta := defaultPackMeta(t.name)
	if e := t.byPath[prefix+packFileName]; e != nil {
		data, err := rd.read(e)
		if err != nil {
			return nil, err
		}
		if meta, err = parsePackFile(data, t.name); err != nil {
			return nil, inFile(e.path, err)
		}
	}
	var files []*entry
	for _, f := range t.files {
		if !f.hidden && strings.HasPrefix(f.path, prefix) && isMarkdownName(path.Base(f.path)) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, inflow.Errorf(inflow.EINVALID, "%s holds no Markdown (.md) files", t.name)
	}
	p := &inflow.Pack{
		ID:     meta.ID,
		Title:  meta.Title,
		Format: FormatMarkdown,
		Source: meta.Source,
		Items:  make([]*inflow.Item, 0, len(files)),
	}
	owners := make(map[string]string, len(files))
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := rd.read(f)
		if err != nil {
			return nil, err
		}
		it, err := markdownItem(strings.TrimPrefix(f.path, prefix), data, meta, now)
		if err != nil {
			return nil, inFile(f.path, err)
		}
		if prev, ok := owners[it.ID]; ok {
			return nil, fileErrorf(f.path, 0, inflow.EINVALID, "item id %q is also used by %s", it.ID, prev)
		}
		owners[it.ID] = f.path
		p.Items = append(p.Items, it)
		opts.Progress(i+1, len(files), f.path)
	}
	return p, nil
}
