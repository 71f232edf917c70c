package lessons

import (
	"strings"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Event types of course progress.
const (
	EventProgress  inflow.EventType = "lesson.progress"  // Data: ProgressData
	EventCompleted inflow.EventType = "lesson.completed" // Data: CompletedData
	EventAnswered  inflow.EventType = "quiz.answered"    // Data: AnswerData
)

// IsLessonEvent reports whether a type is folded into lesson progress.
func IsLessonEvent(t inflow.EventType) bool {
	return t == EventProgress || t == EventCompleted || t == EventAnswered
}

// ProgressData is time spent in a lesson and where the learner is in it.
type ProgressData struct {
	Block   string `json:"block,omitempty"` // the block in view
	Seconds int    `json:"seconds"`         // time since the last progress event of this visit
}

// CompletedData marks a lesson done, in a version of the course.
type CompletedData struct {
	Version string `json:"version"`
}

// AnswerData is one quiz attempt.
type AnswerData struct {
	Block    string          `json:"block"`
	Response course.Response `json:"response"`
	Correct  bool            `json:"correct"`
}

// MaxSecondsPerEvent caps the time one progress event may add, so a
// lesson left open overnight does not count as a night of learning.
const MaxSecondsPerEvent = 15 * 60

// Subject is the event subject naming a lesson: "<course>:<lesson>"
// (neither course nor lesson ids can hold ':', and it is an id character
// cards accept for their source).
func Subject(courseID, lessonID string) string { return courseID + ":" + lessonID }

// SplitSubject reverses Subject.
func SplitSubject(s string) (courseID, lessonID string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 || i == len(s)-1 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}
