package app

import (
	"context"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursecatalog"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
)

// Course events the backend emits to the frontend.
const (
	EventCourseProgress = "course:progress" // CourseProgress, while a download runs and when it ends
	EventCourseChanged  = "course:changed"  // no data: installed courses or progress changed
	EventCourseOpen     = "course:open"     // CourseOpen: show a course (a reminder's "Continue", the tray)
)

// CourseOpen is the data of EventCourseOpen: the lesson to continue.
type CourseOpen struct {
	CourseID string `json:"courseId"`
	LessonID string `json:"lessonId"`
}

// courseRemote is the signed-in server as far as courses need it: its
// catalog and its files (syncclient.CourseRemote).
type courseRemote interface {
	courses.Remote
	coursecatalog.Catalog
}

// courseParts is what the course screens use, set once the profile is
// open: the installed courses, progress through them, and the server.
type courseParts struct {
	courses *courses.Service
	lessons *lessons.Service
	// remote returns the server of the account signed in (nil: no server).
	remote func(ctx context.Context) (courseRemote, error)

	dl downloads
}

// SetCourses makes the course services available. remote may be nil (no
// server); the desktop app passes the background sync client's.
func (c *Core) SetCourses(cs *courses.Service, ls *lessons.Service, remote func(ctx context.Context) (courseRemote, error)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.crs = &courseParts{courses: cs, lessons: ls, remote: remote}
	c.crs.dl.init()
}

func (c *Core) courseParts() (*courseParts, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.crs == nil {
		return nil, inflow.Errorf(inflow.ECONFLICT, "the library is still opening")
	}
	return c.crs, nil
}

// stopCourses pauses running downloads and waits for them; the profile
// can be closed afterwards. Safe when courses were never set.
func (c *Core) stopCourses() {
	c.mu.RLock()
	p := c.crs
	c.mu.RUnlock()
	if p != nil {
		p.dl.stopAll()
	}
}

// coursesChanged tells the frontend and the tray that installed courses or
// progress changed.
func (c *Core) coursesChanged() {
	c.emit(EventCourseChanged, nil)
	if d := c.getDesktop(); d != nil {
		d.coursesChanged()
	}
}

// syncRemote is the remote of the background sync client: the account
// the app is signed in to.
func (c *Core) syncRemote(ctx context.Context) (courseRemote, error) {
	s, err := c.getSync()
	if err != nil {
		return nil, err
	}
	r, err := s.client.Courses(ctx)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// openCourse shows the window with a course's lesson to continue (a
// reminder's "Continue", the tray's Continue entry).
func (c *Core) openCourse(courseID string) {
	lesson := ""
	if p, err := c.courseParts(); err == nil {
		if o, err := p.lessons.Outline(bg(), courseID); err == nil {
			lesson = o.Continue
		}
	}
	c.endQuick()
	if sh := c.getShell(); sh != nil {
		sh.Show()
	}
	c.deliver(Launch{Course: courseID, Lesson: lesson}, EventCourseOpen, CourseOpen{CourseID: courseID, LessonID: lesson})
}

// continueCourse opens the most recently touched unfinished course.
func (c *Core) continueCourse() {
	if st := c.lastStarted(); st != nil {
		c.openCourse(st.CourseID)
	}
}

// lastStarted is the most recently touched unfinished course, or nil.
func (c *Core) lastStarted() *lessons.Started {
	p, err := c.courseParts()
	if err != nil {
		return nil
	}
	all, err := p.lessons.Started(bg())
	if err != nil || len(all) == 0 {
		return nil
	}
	return &all[0]
}

// courseList merges installed and server courses with this run's
// downloads.
func (c *Core) courseList() (*CourseList, error) {
	p, err := c.courseParts()
	if err != nil {
		return nil, err
	}
	var remote func(context.Context) (coursecatalog.Catalog, error)
	if p.remote != nil {
		remote = func(ctx context.Context) (coursecatalog.Catalog, error) { return p.remote(ctx) }
	}
	rep, err := coursecatalog.List(bg(), p.courses, p.lessons, remote)
	if err != nil {
		return nil, err
	}
	out := &CourseList{Courses: make([]CourseLine, 0, len(rep.Courses)), Storage: rep.Storage, Server: rep.Server,
		Offline: rep.Offline, SignedIn: rep.Server != "" || rep.Offline != ""}
	dls := p.dl.states()
	for _, l := range rep.Courses {
		line := CourseLine{Line: l}
		if d, ok := dls[l.ID]; ok {
			line.Download = &d
		}
		out.Courses = append(out.Courses, line)
	}
	return out, nil
}

// removeCourse uninstalls a course and returns the bytes freed.
func (c *Core) removeCourse(id string) (int64, error) {
	p, err := c.courseParts()
	if err != nil {
		return 0, err
	}
	n, err := p.courses.Remove(bg(), id)
	if err != nil {
		return 0, err
	}
	p.dl.forget(id)
	c.emit(EventLibraryChanged, nil) // its lessons left the search index
	c.coursesChanged()
	return n, nil
}

// lessonProgress records time and position in a lesson.
func (c *Core) lessonProgress(courseID, lessonID, blockID string, seconds int) error {
	p, err := c.courseParts()
	if err != nil {
		return err
	}
	if err := p.lessons.Progress(bg(), courseID, lessonID, blockID, seconds); err != nil {
		return err
	}
	if d := c.getDesktop(); d != nil {
		d.coursesChanged()
	}
	return nil
}

// answerQuiz grades and records a quiz answer; its card is new.
func (c *Core) answerQuiz(courseID, lessonID, blockID string, r course.Response) (*course.Grade, error) {
	p, err := c.courseParts()
	if err != nil {
		return nil, err
	}
	g, err := p.lessons.Answer(bg(), courseID, lessonID, blockID, r)
	if err != nil {
		return nil, err
	}
	c.reviewsChanged()
	return g, nil
}

// completeLesson marks a lesson done; its cards are new.
func (c *Core) completeLesson(courseID, lessonID string) (int, error) {
	p, err := c.courseParts()
	if err != nil {
		return 0, err
	}
	n, err := p.lessons.Complete(bg(), courseID, lessonID)
	if err != nil {
		return 0, err
	}
	c.reviewsChanged()
	c.coursesChanged()
	return n, nil
}
