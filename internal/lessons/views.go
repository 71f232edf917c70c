package lessons

import (
	"context"
	"slices"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Outline is a course with the learner's progress, for its start page.
type Outline struct {
	CourseID    string          `json:"courseId"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Version     string          `json:"version"`
	Minutes     int             `json:"minutes"`
	Modules     []ModuleOutline `json:"modules"`
	Done        int             `json:"done"`  // lessons completed
	Total       int             `json:"total"` // lessons
	Seconds     int             `json:"seconds"`
	// Continue is the lesson to resume: the last one touched if it is not
	// done, else the first one not done after it, else the first one.
	Continue string `json:"continue"`
}

// ModuleOutline is a module with its lessons' progress.
type ModuleOutline struct {
	ID      string          `json:"id"`
	Title   string          `json:"title"`
	Lessons []LessonOutline `json:"lessons"`
}

// LessonOutline is one lesson's line in the outline.
type LessonOutline struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Minutes   int       `json:"minutes"`
	Completed bool      `json:"completed"`
	Seconds   int       `json:"seconds"`
	Touched   time.Time `json:"touched,omitzero"`
}

// Outline returns a course's outline with progress.
func (s *Service) Outline(ctx context.Context, courseID string) (*Outline, error) {
	c, err := s.installed.Get(ctx, courseID)
	if err != nil {
		return nil, err
	}
	states, err := s.store.CourseStates(ctx, courseID)
	if err != nil {
		return nil, err
	}
	by := map[string]*State{}
	for _, st := range states {
		by[st.LessonID] = st
	}
	m := c.Manifest
	o := &Outline{CourseID: m.ID, Title: m.Title, Description: m.Description, Version: m.Version, Minutes: m.Minutes, Modules: []ModuleOutline{}}
	var order []string
	var last *State
	for _, mod := range m.Modules {
		mo := ModuleOutline{ID: mod.ID, Title: mod.Title}
		for _, l := range mod.Lessons {
			lo := LessonOutline{ID: l.ID, Title: l.Title, Minutes: l.Minutes}
			if st := by[l.ID]; st != nil {
				lo.Completed, lo.Seconds, lo.Touched = st.Completed, st.Seconds, st.Touched
				o.Seconds += st.Seconds
				if last == nil || (st.At != nil && last.At != nil && st.At.Supersedes(last.At)) || (last.At == nil && st.At != nil) {
					last = st
				}
			}
			if lo.Completed {
				o.Done++
			}
			o.Total++
			order = append(order, l.ID)
			mo.Lessons = append(mo.Lessons, lo)
		}
		o.Modules = append(o.Modules, mo)
	}
	o.Continue = continueAt(order, by, last)
	return o, nil
}

// continueAt picks the lesson to resume.
func continueAt(order []string, by map[string]*State, last *State) string {
	if len(order) == 0 {
		return ""
	}
	start := 0
	if last != nil {
		if i := slices.Index(order, last.LessonID); i >= 0 {
			if !last.Completed {
				return last.LessonID
			}
			start = i
		}
	}
	for k := range order {
		id := order[(start+k)%len(order)]
		if st := by[id]; st == nil || !st.Completed {
			return id
		}
	}
	return order[0]
}

// LessonView is a lesson as the player shows it. Quiz questions come
// without their answers: the player learns them from Answer.
type LessonView struct {
	CourseID    string          `json:"courseId"`
	CourseTitle string          `json:"courseTitle"`
	ModuleTitle string          `json:"moduleTitle"`
	Lesson      course.Lesson   `json:"lesson"`
	State       *State          `json:"state"`
	Prev        string          `json:"prev,omitempty"`
	Next        string          `json:"next,omitempty"`
	Files       map[string]File `json:"files"` // by path: what the player loads media by
}

// File is a course file as the player addresses it.
type File struct {
	SHA256 string `json:"sha256"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
}

// Lesson returns a lesson for the player.
func (s *Service) Lesson(ctx context.Context, courseID, lessonID string) (*LessonView, error) {
	m, mod, l, err := s.lesson(ctx, courseID, lessonID)
	if err != nil {
		return nil, err
	}
	st, err := s.store.LessonState(ctx, courseID, lessonID)
	if err != nil {
		return nil, err
	}
	v := &LessonView{CourseID: m.ID, CourseTitle: m.Title, ModuleTitle: mod.Title, Lesson: withoutAnswers(*l), State: st, Files: map[string]File{}}
	var order []string
	for _, md := range m.Modules {
		for _, x := range md.Lessons {
			order = append(order, x.ID)
		}
	}
	if i := slices.Index(order, lessonID); i >= 0 {
		if i > 0 {
			v.Prev = order[i-1]
		}
		if i+1 < len(order) {
			v.Next = order[i+1]
		}
	}
	used := map[string]bool{}
	for _, b := range l.Blocks {
		used[b.Src] = true
	}
	l.Texts(func(_ *course.Block, md string) {
		for _, ref := range course.ImageRefs(md) {
			used[ref] = true
		}
	})
	for _, f := range m.Files {
		if used[f.Path] {
			v.Files[f.Path] = File{SHA256: f.SHA256, Type: f.Type, Size: f.Size}
		}
	}
	return v, nil
}

// withoutAnswers copies a lesson with its questions' answers and
// feedback removed.
func withoutAnswers(l course.Lesson) course.Lesson {
	l.Blocks = slices.Clone(l.Blocks)
	for i, b := range l.Blocks {
		if b.Question == nil {
			continue
		}
		q := *b.Question
		q.Accepted, q.Feedback, q.Correct, q.Incorrect = nil, "", "", ""
		q.Choices = slices.Clone(q.Choices)
		for j := range q.Choices {
			q.Choices[j].Correct, q.Choices[j].Feedback = false, ""
		}
		l.Blocks[i].Question = &q
	}
	return l
}

// Started is a course the learner began and has not finished.
type Started struct {
	CourseID, Title, LessonID string
	Touched                   time.Time
	Done, Total               int
}

// Started lists installed courses with progress but unfinished, most
// recently touched first: for "continue where you left off" and for the
// reminder planner's nudge about a course left untouched.
func (s *Service) Started(ctx context.Context) ([]Started, error) {
	all, err := s.store.AllStates(ctx)
	if err != nil {
		return nil, err
	}
	byCourse := map[string][]*State{}
	for _, st := range all {
		byCourse[st.CourseID] = append(byCourse[st.CourseID], st)
	}
	var out []Started
	for id := range byCourse {
		o, err := s.Outline(ctx, id)
		if inflow.ErrorCode(err) == inflow.ENOTFOUND {
			continue // progress of a course not installed here
		} else if err != nil {
			return nil, err
		}
		if o.Done == o.Total {
			continue
		}
		st := Started{CourseID: id, Title: o.Title, LessonID: o.Continue, Done: o.Done, Total: o.Total}
		for _, x := range byCourse[id] {
			if x.Touched.After(st.Touched) {
				st.Touched = x.Touched
			}
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b Started) int { return b.Touched.Compare(a.Touched) })
	return out, nil
}
