package library

import (
	"context"
	"fmt"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Phases of an import, reported through Progress.
const (
	PhaseReading  = "reading"
	PhaseStoring  = "storing"
	PhaseIndexing = "indexing"
	PhaseDone     = "done"
)

// Progress reports how far an import has come, for progress bars.
type Progress struct {
	Path  string `json:"path"`
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Name  string `json:"name,omitempty"` // the file or pack being worked on
}

// Loader reads a path (folder, zip, file) into validated packs without
// storing anything; progress is called as files are read.
type Loader func(ctx context.Context, path string, progress func(done, total int, name string)) ([]*inflow.Pack, error)

// PackReport says what importing one pack changed.
type PackReport struct {
	Path      string `json:"path"`
	PackID    string `json:"packId"`
	Title     string `json:"title"`
	Added     int    `json:"added"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Removed   int    `json:"removed"`
}

// PathError is an import of one path that failed; nothing of it was stored.
type PathError struct {
	Path  string `json:"path"`
	Code  string `json:"code"`
	Error string `json:"error"`
}

// ImportReport is the outcome of importing several paths: each path's packs
// are stored or fail on their own.
type ImportReport struct {
	Packs  []PackReport `json:"packs"`
	Failed []PathError  `json:"failed"`
}

// Import loads each path and stores its packs. A path that fails to load
// stores nothing; a pack that fails to store leaves the packs before it in
// place. progress may be nil.
func (l *Library) Import(ctx context.Context, load Loader, paths []string, progress func(Progress)) *ImportReport {
	if progress == nil {
		progress = func(Progress) {}
	}
	rep := &ImportReport{Packs: []PackReport{}, Failed: []PathError{}}
	for _, path := range paths {
		packs, err := load(ctx, path, func(done, total int, name string) {
			progress(Progress{Path: path, Phase: PhaseReading, Done: done, Total: total, Name: name})
		})
		if err != nil {
			rep.Failed = append(rep.Failed, pathError(path, err))
			continue
		}
		for i, p := range packs {
			progress(Progress{Path: path, Phase: PhaseStoring, Done: i, Total: len(packs), Name: p.Title})
			pr, err := l.applyPack(ctx, p, func(done, total int) {
				progress(Progress{Path: path, Phase: PhaseIndexing, Done: done, Total: total, Name: p.Title})
			})
			if err != nil {
				rep.Failed = append(rep.Failed, pathError(path, fmt.Errorf("pack %s: %w", p.ID, err)))
				continue
			}
			pr.Path = path
			rep.Packs = append(rep.Packs, *pr)
		}
		progress(Progress{Path: path, Phase: PhaseDone, Done: len(packs), Total: len(packs)})
	}
	return rep
}

func pathError(path string, err error) PathError {
	msg := inflow.ErrorMessage(err)
	if inflow.ErrorCode(err) == inflow.EINTERNAL {
		msg = err.Error()
	}
	return PathError{Path: path, Code: inflow.ErrorCode(err), Error: msg}
}

// ApplyPack stores one pack and brings the search index up to date with it.
func (l *Library) ApplyPack(ctx context.Context, p *inflow.Pack) (*PackReport, error) {
	return l.applyPack(ctx, p, nil)
}

// applyPack is ApplyPack reporting indexing progress (items indexed of
// items changed) when progress is not nil.
func (l *Library) applyPack(ctx context.Context, p *inflow.Pack, progress func(done, total int)) (*PackReport, error) {
	res, err := l.store.ApplyPack(ctx, p)
	if err != nil {
		return nil, err
	}
	changed := make([]*inflow.Item, 0, len(res.Added)+len(res.Updated))
	byID := make(map[string]*inflow.Item, len(p.Items))
	for _, it := range p.Items {
		byID[it.ID] = it
	}
	for _, ids := range [][]string{res.Added, res.Updated} {
		for _, id := range ids {
			changed = append(changed, byID[id])
		}
	}
	if err := l.updateIndex(ctx, changed, res.Removed, progress); err != nil {
		// The store is canonical and already holds the pack; the index is
		// left marked outdated and is rebuilt on the next start.
		l.log.Error("index update failed; index will be rebuilt", "pack", p.ID, "err", err)
	}
	return &PackReport{
		PackID: p.ID, Title: p.Title,
		Added: len(res.Added), Updated: len(res.Updated),
		Unchanged: res.Unchanged, Removed: len(res.Removed),
	}, nil
}
