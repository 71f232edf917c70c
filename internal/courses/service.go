package courses

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"

	"github.com/inflow-learning/inflow/internal/blobstore"
	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Service installs, downloads and removes courses of one profile.
// Changes to the installed set are serialised; reading is not.
type Service struct {
	store  Store
	blobs  *blobstore.Store
	search Search
	clock  inflow.Clock
	log    *slog.Logger

	mu sync.Mutex // held while installing, downloading's final step, or removing

	dlMu   sync.Mutex     // guards active
	active map[string]int // blobs being downloaded: never collected
}

// Config holds what a Service is built from.
type Config struct {
	Store  Store
	Blobs  *blobstore.Store
	Search Search // the library, to make lessons searchable; nil: not searchable
	Clock  inflow.Clock
	Logger *slog.Logger
}

// New returns a Service.
func New(c Config) *Service {
	if c.Clock == nil {
		c.Clock = inflow.SystemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return &Service{store: c.Store, blobs: c.Blobs, search: c.Search, clock: c.Clock, log: c.Logger}
}

// Files opens files of a package being installed.
type Files interface {
	Open(path string) (io.ReadCloser, error)
}

// Install makes a course version installed from a package already read
// (see coursepkg): it stores the files not stored yet, verifying each
// against its hash, then switches the installed record in one write, and
// frees the files only the replaced version used. source is "file" or the
// server's URL.
func (s *Service) Install(ctx context.Context, m *course.Manifest, files Files, source string) (*Installed, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := m.RequireFiles(); err != nil {
		return nil, err
	}
	for _, f := range m.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.blobs.Has(f.SHA256) {
			continue
		}
		if err := s.copyIn(f, files); err != nil {
			return nil, err
		}
	}
	return s.activate(ctx, m, source)
}

func (s *Service) copyIn(f course.File, files Files) error {
	rc, err := files.Open(f.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := s.blobs.Put(f.SHA256, f.Size, rc); err != nil {
		return inflow.Errorf(inflow.ErrorCode(err), "%s: %s", f.Path, inflow.ErrorMessage(err))
	}
	return nil
}

// activate checks every file is stored and makes m the installed version.
func (s *Service) activate(ctx context.Context, m *course.Manifest, source string) (*Installed, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range m.Files {
		if !s.blobs.Has(f.SHA256) {
			return nil, inflow.Errorf(inflow.EINVALID, "%s: not stored", f.Path)
		}
	}
	c := &Installed{Manifest: m, Source: source, InstalledAt: s.clock.Now().UTC()}
	if err := s.store.PutInstalledCourse(ctx, c); err != nil {
		return nil, fmt.Errorf("install %s: %w", m.ID, err)
	}
	if err := s.index(ctx, m); err != nil {
		// Installed all the same; Reconcile indexes it at the next start.
		s.log.Warn("courses: lessons not searchable yet", "course", m.ID, "err", err)
	}
	if _, err := s.collect(ctx); err != nil {
		s.log.Warn("courses: freeing unused files", "err", err)
	}
	return c, nil
}

// Remove uninstalls a course and frees the files no other course uses. It
// returns the bytes freed.
func (s *Service) Remove(ctx context.Context, id string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.DeleteInstalledCourse(ctx, id); err != nil {
		return 0, err
	}
	if err := s.unindex(ctx, id); err != nil {
		s.log.Warn("courses: lessons still searchable", "course", id, "err", err)
	}
	return s.collect(ctx)
}

// collect frees files no installed course uses, partial downloads of
// other files included. The caller holds mu.
func (s *Service) collect(ctx context.Context) (int64, error) {
	all, err := s.store.InstalledCourses(ctx)
	if err != nil {
		return 0, err
	}
	keep := map[string]bool{}
	for _, c := range all {
		for _, f := range c.Manifest.Files {
			keep[f.SHA256] = true
		}
	}
	for sha := range s.downloading() {
		keep[sha] = true
	}
	return s.blobs.Collect(keep)
}

// Get returns an installed course.
func (s *Service) Get(ctx context.Context, id string) (*Installed, error) {
	return s.store.InstalledCourse(ctx, id)
}

// List returns the installed courses by title.
func (s *Service) List(ctx context.Context) ([]*Installed, error) {
	all, err := s.store.InstalledCourses(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(all, func(a, b *Installed) int {
		return compareFold(a.Manifest.Title, b.Manifest.Title)
	})
	return all, nil
}

// Usage is the disk space course files take, partial downloads included.
func (s *Service) Usage() (int64, error) { return s.blobs.Usage() }

// OpenFile opens a file of an installed course by its hash, for the
// player; only files of installed courses are served.
func (s *Service) OpenFile(ctx context.Context, courseID, sha string) (io.ReadSeekCloser, course.File, error) {
	c, err := s.store.InstalledCourse(ctx, courseID)
	if err != nil {
		return nil, course.File{}, err
	}
	for _, f := range c.Manifest.Files {
		if f.SHA256 == sha {
			r, err := s.blobs.Open(sha)
			return r, f, err
		}
	}
	return nil, course.File{}, inflow.Errorf(inflow.ENOTFOUND, "course %s has no such file", courseID)
}

// Import installs a course from a folder or zip on disk (see coursepkg).
func (s *Service) Import(ctx context.Context, path string, o coursepkg.Options) (*Installed, error) {
	pkg, err := coursepkg.Load(ctx, path, o)
	if err != nil {
		return nil, err
	}
	defer pkg.Close()
	return s.Install(ctx, pkg.Manifest, pkg, "file")
}
