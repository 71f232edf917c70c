package courses

import (
	"context"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
)

// Installed is a course version installed in the profile.
type Installed struct {
	Manifest    *course.Manifest `json:"manifest"`
	Source      string           `json:"source"` // the server's URL, or "file" for a local import
	InstalledAt time.Time        `json:"installedAt"`
}

// Store keeps the installed course records. Implementations pass
// coursestest.Run.
type Store interface {
	// InstalledCourse returns one course; ENOTFOUND if not installed.
	InstalledCourse(ctx context.Context, id string) (*Installed, error)
	// InstalledCourses lists every installed course, by id.
	InstalledCourses(ctx context.Context) ([]*Installed, error)
	// PutInstalledCourse installs or replaces a course, atomically.
	PutInstalledCourse(ctx context.Context, c *Installed) error
	// DeleteInstalledCourse removes a course record; ENOTFOUND if absent.
	DeleteInstalledCourse(ctx context.Context, id string) error
}
