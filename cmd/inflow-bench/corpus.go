package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// corpusFile is the tldr-pages tarball, looked for in $INFLOW_CORPORA, else
// in ../shared/corpora next to the repository root.
const corpusFile = "tldr-pages.tar.gz"

// defaultCorpus returns where the tldr tarball should be.
func defaultCorpus() string {
	if d := os.Getenv("INFLOW_CORPORA"); d != "" {
		return filepath.Join(d, corpusFile)
	}
	dir, err := os.Getwd()
	if err != nil {
		return corpusFile
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpora", corpusFile)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return corpusFile
		}
		dir = parent
	}
}

// extract unpacks the regular files and folders of a .tar.gz into dir,
// refusing names that would land outside it.
func extract(tarball, dir string) error {
	f, err := os.Open(tarball)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", tarball, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", tarball, err)
		}
		name := filepath.FromSlash(strings.TrimPrefix(h.Name, "./"))
		if name == "" || !filepath.IsLocal(name) {
			continue
		}
		dst := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(out, io.LimitReader(tr, 16<<20))
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}

// loadPages reads the extracted tldr tree with the app's importer and
// returns every page of every language, sorted by ID.
func loadPages(ctx context.Context, dir string) ([]*inflow.Item, error) {
	packs, err := importer.Load(ctx, dir, importer.Options{})
	if err != nil {
		return nil, err
	}
	var items []*inflow.Item
	for _, p := range packs {
		items = append(items, p.Items...)
	}
	slices.SortFunc(items, func(a, b *inflow.Item) int { return strings.Compare(a.ID, b.ID) })
	return items, nil
}

// corpusItems returns the documents of a named corpus: "tldr" is every
// page, "100k" the pages plus synthetic variants (see synthesize) up to
// 100,000 documents.
func corpusItems(ctx context.Context, name, tldrDir string, seed uint64) ([]*inflow.Item, error) {
	pages, err := loadPages(ctx, tldrDir)
	if err != nil {
		return nil, err
	}
	switch name {
	case "tldr":
		return pages, nil
	case "100k":
		return synthesize(pages, 100_000, seed), nil
	}
	return nil, fmt.Errorf("unknown corpus %q (want tldr or 100k)", name)
}

// textBytes is the size of the text the index is built from: title,
// summary, key points and body (Markdown) of every item.
func textBytes(items []*inflow.Item) int64 {
	var n int64
	for _, it := range items {
		n += int64(len(it.Title) + len(it.Summary) + len(it.Body))
		for _, kp := range it.KeyPoints {
			n += int64(len(kp))
		}
	}
	return n
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}
