package app

import (
	"sync"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/reviewimport"
)

// ImportReport is the library's import report plus the review histories
// (Anki files) imported with it.
type ImportReport struct {
	*library.ImportReport
	Reviews []reviewimport.FileSummary `json:"reviews"`
}

// ImportService imports packs chosen with a file dialog or dropped on the
// window, reporting progress as import:progress events.
type ImportService struct {
	core *Core
	busy sync.Mutex
}

// NewImportService returns the service.
func NewImportService(core *Core) *ImportService { return &ImportService{core: core} }

// ChooseFiles opens a native dialog for Markdown files and zips; it returns
// no paths if the person cancels.
func (s *ImportService) ChooseFiles() ([]string, error) {
	sh := s.core.getShell()
	if sh == nil {
		return nil, inflow.Errorf(inflow.ECONFLICT, "no window to show a dialog in")
	}
	paths, err := sh.ChooseFiles("Import Markdown files or a zip")
	if paths == nil {
		paths = []string{}
	}
	return paths, wrap(err)
}

// ChooseFolder opens a native dialog for a folder; "" if cancelled.
func (s *ImportService) ChooseFolder() (string, error) {
	sh := s.core.getShell()
	if sh == nil {
		return "", inflow.Errorf(inflow.ECONFLICT, "no window to show a dialog in")
	}
	dir, err := sh.ChooseFolder("Import a folder of Markdown or tldr pages")
	return dir, wrap(err)
}

// Import imports the given paths (folders, zips, Markdown files). Each
// path's packs are stored all or nothing; failures are listed in the
// report, not returned as an error. Only one import runs at a time.
func (s *ImportService) Import(paths []string) (*ImportReport, error) {
	lib, err := s.core.library()
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, inflow.Errorf(inflow.EINVALID, "nothing to import")
	}
	if !s.busy.TryLock() {
		return nil, inflow.Errorf(inflow.ECONFLICT, "an import is already running")
	}
	defer s.busy.Unlock()
	ankiPaths, rest := reviewimport.SplitAnki(paths)
	rep := &ImportReport{ImportReport: &library.ImportReport{Packs: []library.PackReport{}, Failed: []library.PathError{}}, Reviews: []reviewimport.FileSummary{}}
	if len(rest) > 0 {
		rep.ImportReport = lib.Import(bg(), s.core.loader, rest, func(p library.Progress) {
			s.core.emit(EventImportProgress, p)
		})
	}
	if r, err := s.core.reviews(); err == nil {
		for _, path := range ankiPaths {
			s.core.emit(EventImportProgress, library.Progress{Path: path, Phase: library.PhaseStoring})
			sum, err := reviewimport.ImportAnkiFile(bg(), lib, r.Store(), path)
			if err != nil {
				rep.Failed = append(rep.Failed, library.PathError{Path: path, Code: inflow.ErrorCode(err), Error: inflow.ErrorMessage(err)})
				continue
			}
			rep.Reviews = append(rep.Reviews, reviewimport.FileSummary{Path: path, Summary: sum})
		}
	}
	if len(rep.Packs) > 0 {
		s.core.emit(EventLibraryChanged, nil)
	}
	if len(rep.Reviews) > 0 {
		s.core.reviewsChanged()
	}
	return rep, nil
}
