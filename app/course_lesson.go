package app

import (
	"net/url"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/lessons"
	"github.com/inflow-learning/inflow/internal/render"
)

// mediaPrefix is where the webview loads course files from (see
// MediaHandler): /course-media/<sha256>?course=<course id>.
const mediaPrefix = "/course-media/"

// MediaURL is the local URL of a course file, served from the profile.
func MediaURL(courseID, sha string) string {
	return mediaPrefix + sha + "?course=" + url.QueryEscape(courseID)
}

// LessonPage is a lesson as the player shows it: Markdown rendered to
// sanitised HTML, media pointing at local URLs, quiz answers left out.
type LessonPage struct {
	CourseID    string         `json:"courseId"`
	CourseTitle string         `json:"courseTitle"`
	ModuleTitle string         `json:"moduleTitle"`
	LessonID    string         `json:"lessonId"`
	Title       string         `json:"title"`
	Minutes     int            `json:"minutes"`
	KeyPoints   []string       `json:"keyPoints"`
	Blocks      []BlockView    `json:"blocks"`
	Progress    LessonProgress `json:"progress"`
	Prev        string         `json:"prev"` // lesson ids; "" at either end
	Next        string         `json:"next"`
}

// LessonProgress is the learner's state in a lesson.
type LessonProgress struct {
	Completed bool                     `json:"completed"`
	Seconds   int                      `json:"seconds"`
	Block     string                   `json:"block"` // the block last in view
	Quiz      map[string]QuizAttempted `json:"quiz"`  // by block id
}

// QuizAttempted is what happened to a quiz question so far.
type QuizAttempted struct {
	Attempts int  `json:"attempts"`
	Correct  bool `json:"correct"` // the latest attempt
}

// BlockView is one block for the player.
type BlockView struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Title string `json:"title"`
	// HTML is the rendered text of text, exercise and case blocks;
	// SolutionHTML an exercise's solution.
	HTML         string `json:"html"`
	SolutionHTML string `json:"solutionHtml"`
	// URL is the local URL of an image, audio or video file, MediaType
	// its type.
	URL       string        `json:"url"`
	MediaType string        `json:"mediaType"`
	Alt       string        `json:"alt"`
	Caption   string        `json:"caption"`
	Prompts   []string      `json:"prompts"`
	Question  *QuestionView `json:"question,omitempty"`
}

// QuestionView is a quiz question without its answers.
type QuestionView struct {
	Kind    string       `json:"kind"` // single, multiple, short
	Prompt  string       `json:"prompt"`
	Choices []ChoiceView `json:"choices"`
}

// ChoiceView is one choice of a question.
type ChoiceView struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// lessonPage converts the player's view of a lesson, rendering its
// Markdown with r.
func lessonPage(v *lessons.LessonView, r *render.Renderer) (*LessonPage, error) {
	l := v.Lesson
	pg := &LessonPage{CourseID: v.CourseID, CourseTitle: v.CourseTitle, ModuleTitle: v.ModuleTitle,
		LessonID: l.ID, Title: l.Title, Minutes: l.Minutes, KeyPoints: nonNil(l.KeyPoints),
		Blocks: make([]BlockView, 0, len(l.Blocks)), Prev: v.Prev, Next: v.Next,
		Progress: LessonProgress{Quiz: map[string]QuizAttempted{}}}
	if st := v.State; st != nil {
		pg.Progress.Completed, pg.Progress.Seconds, pg.Progress.Block = st.Completed, st.Seconds, st.Block
		for id, q := range st.Quiz {
			pg.Progress.Quiz[id] = QuizAttempted{Attempts: q.Attempts, Correct: q.Correct}
		}
	}
	html := func(md string) (string, error) {
		if md == "" {
			return "", nil
		}
		md, _ = course.RewriteImageRefs(md, func(target string) (string, error) {
			if f, ok := v.Files[target]; ok {
				return MediaURL(v.CourseID, f.SHA256), nil
			}
			return target, nil
		})
		return r.HTML(md)
	}
	for _, b := range l.Blocks {
		bv := BlockView{ID: b.ID, Type: string(b.Type), Title: b.Title, Alt: b.Alt, Caption: b.Caption, Prompts: nonNil(b.Prompts)}
		var err error
		if bv.HTML, err = html(b.Markdown); err != nil {
			return nil, err
		}
		if bv.SolutionHTML, err = html(b.Solution); err != nil {
			return nil, err
		}
		if f, ok := v.Files[b.Src]; ok && b.Src != "" {
			bv.URL, bv.MediaType = MediaURL(v.CourseID, f.SHA256), f.Type
			if bv.MediaType == "" {
				bv.MediaType = course.MediaType(b.Src)
			}
		}
		if q := b.Question; q != nil {
			qv := &QuestionView{Kind: string(q.Kind), Prompt: q.Prompt, Choices: []ChoiceView{}}
			for _, c := range q.Choices {
				qv.Choices = append(qv.Choices, ChoiceView{ID: c.ID, Text: c.Text})
			}
			bv.Question = qv
		}
		pg.Blocks = append(pg.Blocks, bv)
	}
	return pg, nil
}
