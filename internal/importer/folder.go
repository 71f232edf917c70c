package importer

import (
	"context"
	"errors"
	"io"
	"io/fs"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// walkFS lists the files of fsys, skipping hidden folders. For a
// folder on disk, fsys is an os.Root's FS, so nothing outside the folder
// can be opened: a symbolic link is followed only if its target is inside.
// Links to folders are not followed. Other special files are skipped.
func walkFS(ctx context.Context, fsys fs.FS, name string, lim Limits) (*tree, error) {
	var (
		files []*entry
		count int
	)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return ioError(name, err)
			}
			return ioError(p, err)
		}
		if p == "." {
			return nil
		}
		if d.IsDir() {
			if ignoredDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if count++; count > lim.MaxFiles {
			return inflow.Errorf(inflow.ETOOLARGE, "%s holds more than %d files", name, lim.MaxFiles)
		}
		if count%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch {
		case d.Type().IsRegular():
			files = append(files, fsEntry(fsys, p, false))
		case d.Type()&fs.ModeSymlink != 0:
			files = append(files, fsEntry(fsys, p, true))
		default:
			return nil
		}
		files[len(files)-1].hidden = hiddenFile(d.Name())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return newTree(name, files, false), nil
}

// fsEntry is a file of fsys; link says it is a symbolic link.
func fsEntry(fsys fs.FS, p string, link bool) *entry {
	return &entry{path: p, compressed: -1, open: func() (io.ReadCloser, int64, error) {
		if link {
			// Stat through the root before opening, so a link to
			// something outside fails and a link to a pipe cannot block.
			st, err := fs.Stat(fsys, p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return nil, 0, newFileError(p, 0, inflow.EINVALID, "symbolic link points to a file that does not exist")
			case errors.Is(err, fs.ErrPermission):
				return nil, 0, ioError(p, err)
			case err != nil:
				return nil, 0, newFileError(p, 0, inflow.EINVALID, "symbolic link points outside the imported folder")
			case !st.Mode().IsRegular():
				return nil, 0, newFileError(p, 0, inflow.EINVALID, "symbolic link does not point to a regular file")
			}
		}
		f, err := fsys.Open(p)
		if err != nil {
			return nil, 0, ioError(p, err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, ioError(p, err)
		}
		if !st.Mode().IsRegular() {
			f.Close()
			return nil, 0, newFileError(p, 0, inflow.EINVALID, "is not a regular file")
		}
		return f, st.Size(), nil
	}}
}
