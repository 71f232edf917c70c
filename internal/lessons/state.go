package lessons

import (
	"encoding/json"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// State is the progress of one lesson.
type State struct {
	CourseID    string               `json:"courseId"`
	LessonID    string               `json:"lessonId"`
	Completed   bool                 `json:"completed"`
	CompletedAt time.Time            `json:"completedAt,omitzero"` // earliest completion
	Seconds     int                  `json:"seconds"`
	Block       string               `json:"block,omitempty"` // last position
	Touched     time.Time            `json:"touched,omitzero"`
	Quiz        map[string]QuizState `json:"quiz,omitempty"` // by block id
	// At and BlockAt are the events that set Touched and Block: each is
	// last-writer-wins on its own, so the fold commutes.
	At      *inflow.Event `json:"at,omitempty"`
	BlockAt *inflow.Event `json:"blockAt,omitempty"`
}

// QuizState is what happened to one quiz question.
type QuizState struct {
	Attempts int           `json:"attempts"`
	Correct  bool          `json:"correct"` // of the latest attempt
	Ever     bool          `json:"ever"`    // answered right at least once
	At       *inflow.Event `json:"at,omitempty"`
}

// Fold applies one event to a lesson's state. It is commutative: any
// order of the same events gives the same state. Malformed data is
// ignored (kept in the log only), as a newer client's events may be.
func Fold(st *State, ev *inflow.Event) {
	if c, l, ok := SplitSubject(ev.Subject); ok {
		st.CourseID, st.LessonID = c, l
	}
	stamp := &inflow.Event{ID: ev.ID, Device: ev.Device, HLC: ev.HLC}
	touch := func(block string) {
		if st.At == nil || stamp.Supersedes(st.At) {
			st.At, st.Touched = stamp, ev.Time
		}
		if block != "" && (st.BlockAt == nil || stamp.Supersedes(st.BlockAt)) {
			st.BlockAt, st.Block = stamp, block
		}
	}
	switch ev.Type {
	case EventProgress:
		var d ProgressData
		if json.Unmarshal(ev.Data, &d) != nil {
			return
		}
		st.Seconds += min(max(d.Seconds, 0), MaxSecondsPerEvent)
		touch(d.Block)
	case EventCompleted:
		if !st.Completed || ev.Time.Before(st.CompletedAt) {
			st.CompletedAt = ev.Time
		}
		st.Completed = true
		touch("")
	case EventAnswered:
		var d AnswerData
		if json.Unmarshal(ev.Data, &d) != nil || d.Block == "" {
			return
		}
		if st.Quiz == nil {
			st.Quiz = map[string]QuizState{}
		}
		q := st.Quiz[d.Block]
		q.Attempts++
		q.Ever = q.Ever || d.Correct
		if q.At == nil || stamp.Supersedes(q.At) {
			q.At, q.Correct = stamp, d.Correct
		}
		st.Quiz[d.Block] = q
		touch(d.Block)
	}
}
