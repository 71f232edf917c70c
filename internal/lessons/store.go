package lessons

import "context"

// Store reads the folded progress; the library store folds lesson events
// as it records them. Implementations pass lessonstest.Run.
type Store interface {
	// LessonState returns a lesson's progress (zero if never opened).
	LessonState(ctx context.Context, courseID, lessonID string) (*State, error)
	// CourseStates returns the progress of every lesson of a course that
	// has any.
	CourseStates(ctx context.Context, courseID string) ([]*State, error)
	// AllStates returns every lesson's progress, of all courses.
	AllStates(ctx context.Context) ([]*State, error)
}
