package app

import (
	"sync"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
)

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
func (s *ImportService) Import(paths []string) (*library.ImportReport, error) {
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
	rep := lib.Import(bg(), s.core.loader, paths, func(p library.Progress) {
		s.core.emit(EventImportProgress, p)
	})
	if len(rep.Packs) > 0 {
		s.core.emit(EventLibraryChanged, nil)
	}
	return rep, nil
}
