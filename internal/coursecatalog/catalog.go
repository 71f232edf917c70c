package coursecatalog

import (
	"context"
	"errors"

	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
	"github.com/inflow-learning/inflow/internal/syncclient"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// States of a course in the list.
const (
	StateInstalled       = "installed"
	StateUpdateAvailable = "update available"
	StateNotDownloaded   = "not downloaded"
)

// Line is one course: installed here, on the server, or both.
type Line struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Installed   string `json:"installed,omitempty"` // installed version
	Available   string `json:"available,omitempty"` // the server's version
	State       string `json:"state"`               // one of the State constants
	Lessons     int    `json:"lessons"`
	Done        int    `json:"done"` // lessons completed
	Minutes     int    `json:"minutes,omitempty"`
	Size        int64  `json:"size"` // bytes of the course's files
}

// Report is the list with what the device stores and the server's state.
type Report struct {
	Courses []Line `json:"courses"`
	Storage int64  `json:"storage"`          // bytes of course files on this device
	Server  string `json:"server,omitempty"` // "" when not signed in
	// Offline says why the server's courses are missing although the
	// device is signed in (the server cannot be reached, ...).
	Offline string `json:"offline,omitempty"`
}

// Installed is what this device has (courses.Service).
type Installed interface {
	List(ctx context.Context) ([]*courses.Installed, error)
	Usage() (int64, error)
}

// Progress tells how far the learner got in a course (lessons.Service).
type Progress interface {
	Outline(ctx context.Context, courseID string) (*lessons.Outline, error)
}

// Catalog is the server's list of courses (syncclient.CourseRemote).
type Catalog interface {
	Source() string
	List(ctx context.Context, out any) error
}

var _ Catalog = (*syncclient.CourseRemote)(nil)

// List merges the installed courses with the server's catalog. remote
// returns the catalog of the account signed in; being signed out is not
// reported, and an unreachable server is reported in Offline, not as an
// error. remote may be nil (no server at all).
func List(ctx context.Context, inst Installed, prog Progress, remote func(context.Context) (Catalog, error)) (*Report, error) {
	rep := &Report{Courses: []Line{}}
	installed, err := inst.List(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	for _, c := range installed {
		m := c.Manifest
		line := Line{ID: m.ID, Title: m.Title, Description: m.Description, Installed: m.Version, State: StateInstalled,
			Lessons: m.Lessons(), Minutes: m.Minutes, Size: m.TotalSize()}
		if o, err := prog.Outline(ctx, m.ID); err == nil {
			line.Done = o.Done
		}
		byID[m.ID] = len(rep.Courses)
		rep.Courses = append(rep.Courses, line)
	}
	if rep.Storage, err = inst.Usage(); err != nil {
		return nil, err
	}
	if remote == nil {
		return rep, nil
	}
	cat, err := remote(ctx)
	if err != nil {
		if !errors.Is(err, syncclient.ErrSignedOut) && !errors.Is(err, syncclient.ErrNoServer) {
			rep.Offline = inflow.ErrorMessage(err)
		}
		return rep, nil
	}
	rep.Server = cat.Source()
	var list syncproto.CoursesResponse
	if err := cat.List(ctx, &list); err != nil {
		rep.Offline = inflow.ErrorMessage(err)
		return rep, nil
	}
	for _, sc := range list.Courses {
		i, ok := byID[sc.ID]
		if !ok {
			rep.Courses = append(rep.Courses, Line{ID: sc.ID, Title: sc.Title, Description: sc.Description, Available: sc.Version,
				State: StateNotDownloaded, Lessons: sc.Lessons, Minutes: sc.Minutes, Size: sc.Size})
			continue
		}
		rep.Courses[i].Available = sc.Version
		if sc.Version != rep.Courses[i].Installed {
			rep.Courses[i].State = StateUpdateAvailable
		}
	}
	return rep, nil
}
