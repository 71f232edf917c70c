package app

import (
	"context"
	"errors"
	"sync"

	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Download states of CourseProgress.
const (
	DownloadRunning = "downloading"
	DownloadPaused  = "paused"
	DownloadDone    = "done"
	DownloadFailed  = "failed"
)

// CourseProgress is the data of EventCourseProgress: how far a download
// is. Bytes and files count only what this version still needs.
type CourseProgress struct {
	CourseID   string `json:"courseId"`
	Done       int64  `json:"done"`
	Total      int64  `json:"total"`
	FilesDone  int    `json:"filesDone"`
	FilesTotal int    `json:"filesTotal"`
	Retries    int    `json:"retries"` // dropped connections recovered from
	State      string `json:"state"`   // one of the Download constants
	Error      string `json:"error,omitempty"`
}

// downloads are the course downloads of this run, by course id: running
// ones, and the last state of paused or failed ones.
type downloads struct {
	mu   sync.Mutex
	all  map[string]*download
	wg   sync.WaitGroup
	stop bool
}

type download struct {
	cancel context.CancelFunc
	paused bool // Pause was asked: a cancelled download is paused, not failed
	last   CourseProgress
}

func (d *downloads) init() { d.all = map[string]*download{} }

// startDownload downloads a course in the background (or resumes it);
// nothing happens when it runs already. Progress goes out as
// EventCourseProgress; the end as one last event with state done, paused
// or failed.
func (c *Core) startDownload(id string) error {
	p, err := c.courseParts()
	if err != nil {
		return err
	}
	if id == "" {
		return inflow.Errorf(inflow.EINVALID, "which course?")
	}
	d := &p.dl
	d.mu.Lock()
	if d.stop {
		d.mu.Unlock()
		return errSyncStopped
	}
	if cur := d.all[id]; cur != nil && cur.cancel != nil {
		d.mu.Unlock()
		return nil // running already
	}
	ctx, cancel := context.WithCancel(context.Background())
	dl := &download{cancel: cancel, last: CourseProgress{CourseID: id, State: DownloadRunning}}
	if old := d.all[id]; old != nil { // resumed: show where it was at once
		dl.last.Done, dl.last.Total = old.last.Done, old.last.Total
		dl.last.FilesDone, dl.last.FilesTotal = old.last.FilesDone, old.last.FilesTotal
	}
	d.all[id] = dl
	d.wg.Add(1)
	d.mu.Unlock()
	c.emit(EventCourseProgress, dl.last)
	go func() {
		defer d.wg.Done()
		defer cancel()
		err := c.runDownload(ctx, p, id, dl)
		d.mu.Lock()
		final := dl.last
		switch {
		case err == nil:
			final.State = DownloadDone
			delete(d.all, id)
		case dl.paused && errors.Is(err, context.Canceled):
			final.State = DownloadPaused
		default:
			final.State, final.Error = DownloadFailed, inflow.ErrorMessage(err)
		}
		dl.last, dl.cancel = final, nil
		d.mu.Unlock()
		c.emit(EventCourseProgress, final)
		if err == nil {
			c.emit(EventLibraryChanged, nil) // its lessons are searchable now
			c.coursesChanged()
		}
	}()
	return nil
}

// runDownload fetches a course from the server signed in to.
func (c *Core) runDownload(ctx context.Context, p *courseParts, id string, dl *download) error {
	if p.remote == nil {
		return inflow.Errorf(inflow.EINVALID, "not signed in: sign in to a sync server first")
	}
	r, err := p.remote(ctx)
	if err != nil {
		return err
	}
	_, err = p.courses.Download(ctx, r, id, func(pr courses.Progress) {
		p.dl.mu.Lock()
		dl.last = CourseProgress{CourseID: id, Done: pr.Done, Total: pr.Total, FilesDone: pr.FilesDone,
			FilesTotal: pr.FilesTotal, Retries: pr.Retries, State: DownloadRunning}
		cp := dl.last
		p.dl.mu.Unlock()
		c.emit(EventCourseProgress, cp)
	})
	return err
}

// pauseDownload stops a running download; its partial files stay, and
// starting it again resumes. Pausing one that does not run does nothing.
func (c *Core) pauseDownload(id string) error {
	p, err := c.courseParts()
	if err != nil {
		return err
	}
	p.dl.mu.Lock()
	defer p.dl.mu.Unlock()
	if dl := p.dl.all[id]; dl != nil && dl.cancel != nil {
		dl.paused = true
		dl.cancel()
	}
	return nil
}

// downloadStates are the downloads of this run that are not done.
func (d *downloads) states() map[string]CourseProgress {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]CourseProgress{}
	for id, dl := range d.all {
		out[id] = dl.last
	}
	return out
}

// forget drops the paused or failed state of a course (it was removed).
func (d *downloads) forget(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if dl := d.all[id]; dl != nil && dl.cancel == nil {
		delete(d.all, id)
	}
}

// stopAll pauses every download and waits until each has returned.
func (d *downloads) stopAll() {
	d.mu.Lock()
	d.stop = true
	for _, dl := range d.all {
		if dl.cancel != nil {
			dl.paused = true
			dl.cancel()
		}
	}
	d.mu.Unlock()
	d.wg.Wait()
}
