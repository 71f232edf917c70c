package courses

import (
	"context"
	"errors"
	"io"
	"maps"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Remote is the server, as far as downloads need it.
type Remote interface {
	// CourseManifest fetches a course's current manifest.
	CourseManifest(ctx context.Context, id string) (*course.Manifest, error)
	// FetchBlob returns a file's bytes from offset on.
	FetchBlob(ctx context.Context, sha string, offset int64) (io.ReadCloser, error)
	// Source names the server, recorded with installed courses.
	Source() string
}

// Progress reports a download. Bytes count only the files this version
// needs that were not stored yet: an update downloads what changed.
type Progress struct {
	CourseID   string `json:"courseId"`
	Version    string `json:"version"`
	Done       int64  `json:"done"`
	Total      int64  `json:"total"`
	FilesDone  int    `json:"filesDone"`
	FilesTotal int    `json:"filesTotal"`
	// Retries counts connection failures recovered from so far.
	Retries int `json:"retries"`
}

// Retry policy of a download: a dropped connection is retried from where
// it stopped, after a short pause, up to MaxRetries times in a row without
// progress.
var (
	MaxRetries = 5
	RetryPause = 500 * time.Millisecond
)

func (s *Service) downloading() map[string]int {
	s.dlMu.Lock()
	defer s.dlMu.Unlock()
	return maps.Clone(s.active)
}

func (s *Service) markDownloading(shas []string, on bool) {
	s.dlMu.Lock()
	defer s.dlMu.Unlock()
	if s.active == nil {
		s.active = map[string]int{}
	}
	for _, sha := range shas {
		if on {
			s.active[sha]++
		} else if s.active[sha]--; s.active[sha] <= 0 {
			delete(s.active, sha)
		}
	}
}

// Download installs the server's current version of a course. Files
// already stored are skipped; partial files of an earlier, paused or
// interrupted download are resumed; every file is verified before it is
// stored. Cancelling ctx pauses: what was fetched is kept for the next
// call. The installed version changes only when every file is in.
func (s *Service) Download(ctx context.Context, r Remote, id string, progress func(Progress)) (*Installed, error) {
	m, err := r.CourseManifest(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, inflow.Errorf(inflow.ErrorCode(err), "the server's manifest of %s: %s", id, inflow.ErrorMessage(err))
	}
	if err := m.RequireFiles(); err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "the server's manifest of %s: %s", id, inflow.ErrorMessage(err))
	}
	if m.ID != id {
		return nil, inflow.Errorf(inflow.EINVALID, "the server sent course %s for %s", m.ID, id)
	}
	p := Progress{CourseID: id, Version: m.Version}
	var need []course.File
	seen := map[string]bool{}
	for _, f := range m.Files {
		if !s.blobs.Has(f.SHA256) && !seen[f.SHA256] {
			seen[f.SHA256] = true
			need = append(need, f)
			p.Total += f.Size
		}
	}
	p.FilesTotal = len(need)
	shas := make([]string, len(need))
	for i, f := range need {
		shas[i] = f.SHA256
	}
	s.markDownloading(shas, true)
	defer s.markDownloading(shas, false)
	report := func() {
		if progress != nil {
			progress(p)
		}
	}
	report()
	for _, f := range need {
		if err := s.fetch(ctx, r, f, &p, report); err != nil {
			return nil, err
		}
		p.FilesDone++
		report()
	}
	return s.activate(ctx, m, r.Source())
}

// fetch downloads one file into the blob store, resuming and retrying.
func (s *Service) fetch(ctx context.Context, r Remote, f course.File, p *Progress, report func()) error {
	w, err := s.blobs.Resume(f.SHA256)
	if err != nil {
		return err
	}
	defer func() { w.Close() }()
	if w.Offset() > f.Size {
		if err := w.Truncate(); err != nil {
			return err
		}
	}
	p.Done += w.Offset()
	fails, restarted := 0, false
	for {
		if w.Offset() < f.Size {
			before := w.Offset()
			err := s.copyFrom(ctx, r, f, w, p, report)
			if ctx.Err() != nil {
				return ctx.Err() // paused: the partial file stays
			}
			if w.Offset() > before {
				fails = 0
			}
			if err != nil {
				if fails++; fails > MaxRetries {
					return inflow.Errorf(inflow.EINTERNAL, "%s: download failed %d times in a row: %v", f.Path, fails, err)
				}
				p.Retries++
				report()
				if !sleep(ctx, RetryPause*time.Duration(fails)) {
					return ctx.Err()
				}
				continue
			}
		}
		err := w.Commit(f.Size)
		if err == nil {
			return nil
		}
		if inflow.ErrorCode(err) != inflow.EINVALID || restarted || w.Offset() != 0 {
			return inflow.Errorf(inflow.ErrorCode(err), "%s: %s", f.Path, inflow.ErrorMessage(err))
		}
		// The bytes did not hash right (discarded): start over once.
		p.Done -= f.Size
		restarted = true
		if w, err = s.blobs.Resume(f.SHA256); err != nil {
			return err
		}
		s.log.Warn("courses: file damaged in transfer; downloading it again", "file", f.Path)
	}
}

// copyFrom appends the rest of a file to w.
func (s *Service) copyFrom(ctx context.Context, r Remote, f course.File, w io.Writer, p *Progress, report func()) error {
	type offsetter interface{ Offset() int64 }
	off := w.(offsetter).Offset()
	body, err := r.FetchBlob(ctx, f.SHA256, off)
	if err != nil {
		return err
	}
	defer body.Close()
	buf := make([]byte, 256<<10)
	last := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := body.Read(buf)
		if n > 0 {
			remaining := f.Size - w.(offsetter).Offset()
			if int64(n) > remaining {
				n = int(max(remaining, 0))
				err = errors.New("the server sent more than the file's size")
			}
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
			p.Done += int64(n)
			if time.Since(last) > 100*time.Millisecond {
				report()
				last = time.Now()
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
