package app

import (
	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursecatalog"
	"github.com/inflow-learning/inflow/internal/lessons"
	"github.com/inflow-learning/inflow/internal/render"
)

// CourseService serves the Courses view and the course player: the list
// of installed and server courses, downloads, and taking lessons. Each
// method is a thin call into the course helpers (courses.go,
// course_downloads.go) and the courses and lessons services.
type CourseService struct {
	core     *Core
	renderer *render.Renderer
}

// NewCourseService returns the service bound to the frontend.
func NewCourseService(core *Core) *CourseService {
	return &CourseService{core: core, renderer: render.New()}
}

// CourseList is the Courses view: installed and server courses, the space
// course files take, and whether the server could be asked.
type CourseList struct {
	Courses  []CourseLine `json:"courses"`
	Storage  int64        `json:"storage"`
	Server   string       `json:"server"`   // "" when not signed in
	Offline  string       `json:"offline"`  // why the server's courses are missing
	SignedIn bool         `json:"signedIn"` // the server was asked (or tried)
}

// CourseLine is one course, with its download if one ran in this session
// and is not done.
type CourseLine struct {
	coursecatalog.Line
	Download *CourseProgress `json:"download,omitempty"`
}

// ContinueCourse is the course to continue where the learner left off.
type ContinueCourse struct {
	CourseID string `json:"courseId"`
	Title    string `json:"title"`
	LessonID string `json:"lessonId"`
	Done     int    `json:"done"`
	Total    int    `json:"total"`
}

// Courses lists installed courses with progress and the server's courses.
func (s *CourseService) Courses() (*CourseList, error) {
	l, err := s.core.courseList()
	return l, wrap(err)
}

// Download starts downloading a course (or its new version) in the
// background; course:progress events follow.
func (s *CourseService) Download(id string) error { return wrap(s.core.startDownload(id)) }

// Pause pauses a download; what was fetched stays for Resume.
func (s *CourseService) Pause(id string) error { return wrap(s.core.pauseDownload(id)) }

// Resume continues a paused or failed download where it stopped.
func (s *CourseService) Resume(id string) error { return wrap(s.core.startDownload(id)) }

// Remove uninstalls a course and returns the bytes freed. Progress and
// review cards stay.
func (s *CourseService) Remove(id string) (int64, error) {
	n, err := s.core.removeCourse(id)
	return n, wrap(err)
}

// Outline returns a course's modules and lessons with progress.
func (s *CourseService) Outline(id string) (*lessons.Outline, error) {
	p, err := s.core.courseParts()
	if err != nil {
		return nil, wrap(err)
	}
	o, err := p.lessons.Outline(bg(), id)
	return o, wrap(err)
}

// Lesson returns a lesson for the player.
func (s *CourseService) Lesson(courseID, lessonID string) (*LessonPage, error) {
	p, err := s.core.courseParts()
	if err != nil {
		return nil, wrap(err)
	}
	v, err := p.lessons.Lesson(bg(), courseID, lessonID)
	if err != nil {
		return nil, wrap(err)
	}
	pg, err := lessonPage(v, s.renderer)
	return pg, wrap(err)
}

// Progress records time spent in a lesson and the block in view.
func (s *CourseService) Progress(courseID, lessonID, blockID string, seconds int) error {
	return wrap(s.core.lessonProgress(courseID, lessonID, blockID, seconds))
}

// Answer grades a quiz answer, records it and makes the question a card.
func (s *CourseService) Answer(courseID, lessonID, blockID string, response course.Response) (*course.Grade, error) {
	g, err := s.core.answerQuiz(courseID, lessonID, blockID, response)
	return g, wrap(err)
}

// Complete marks a lesson done and returns how many review cards it added.
func (s *CourseService) Complete(courseID, lessonID string) (int, error) {
	n, err := s.core.completeLesson(courseID, lessonID)
	return n, wrap(err)
}

// Continue returns the most recently touched unfinished course, or nil.
func (s *CourseService) Continue() *ContinueCourse {
	st := s.core.lastStarted()
	if st == nil {
		return nil
	}
	return &ContinueCourse{CourseID: st.CourseID, Title: st.Title, LessonID: st.LessonID, Done: st.Done, Total: st.Total}
}
