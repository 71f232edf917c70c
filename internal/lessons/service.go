package lessons

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// Recorder stores events made on this device (the library).
type Recorder interface {
	RecordEvent(ctx context.Context, ev *inflow.Event) error
}

// Installed finds installed courses (courses.Service).
type Installed interface {
	Get(ctx context.Context, id string) (*courses.Installed, error)
	List(ctx context.Context) ([]*courses.Installed, error)
}

// Cards makes review cards (review.Service).
type Cards interface {
	Propose(ctx context.Context, proposed []review.ItemCard) (int, error)
}

// Service is what the course player calls.
type Service struct {
	store     Store
	rec       Recorder
	installed Installed
	cards     Cards
}

// Config holds what a Service is built from.
type Config struct {
	Store     Store
	Recorder  Recorder
	Installed Installed
	Cards     Cards
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, rec: c.Recorder, installed: c.Installed, cards: c.Cards}
}

// lesson finds an installed course and one of its lessons.
func (s *Service) lesson(ctx context.Context, courseID, lessonID string) (*course.Manifest, *course.Module, *course.Lesson, error) {
	c, err := s.installed.Get(ctx, courseID)
	if err != nil {
		return nil, nil, nil, err
	}
	m := c.Manifest
	for i := range m.Modules {
		for j := range m.Modules[i].Lessons {
			if m.Modules[i].Lessons[j].ID == lessonID {
				return m, &m.Modules[i], &m.Modules[i].Lessons[j], nil
			}
		}
	}
	return nil, nil, nil, inflow.Errorf(inflow.ENOTFOUND, "course %s has no lesson %s", courseID, lessonID)
}

func (s *Service) record(ctx context.Context, typ inflow.EventType, courseID, lessonID string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return s.rec.RecordEvent(ctx, &inflow.Event{Type: typ, Subject: Subject(courseID, lessonID), Data: b})
}

// Progress records time spent in a lesson and the block in view. The
// player calls it every half minute or so and when the lesson is left.
func (s *Service) Progress(ctx context.Context, courseID, lessonID, blockID string, seconds int) error {
	if _, _, l, err := s.lesson(ctx, courseID, lessonID); err != nil {
		return err
	} else if blockID != "" && !hasBlock(l, blockID) {
		return inflow.Errorf(inflow.EINVALID, "lesson %s has no block %s", lessonID, blockID)
	}
	if seconds < 0 {
		return inflow.Errorf(inflow.EINVALID, "seconds must not be negative")
	}
	return s.record(ctx, EventProgress, courseID, lessonID, ProgressData{Block: blockID, Seconds: min(seconds, MaxSecondsPerEvent)})
}

// Answer grades a quiz response, records the attempt, and makes the
// question a review card (if it is remembered).
func (s *Service) Answer(ctx context.Context, courseID, lessonID, blockID string, r course.Response) (*course.Grade, error) {
	m, _, l, err := s.lesson(ctx, courseID, lessonID)
	if err != nil {
		return nil, err
	}
	var q *course.Question
	for _, b := range l.Blocks {
		if b.ID == blockID && b.Question != nil {
			q = b.Question
		}
	}
	if q == nil {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "lesson %s has no quiz %s", lessonID, blockID)
	}
	if len(r.Choices) > course.MaxChoices || len(r.Text) > 1000 {
		return nil, inflow.Errorf(inflow.EINVALID, "the answer is too long")
	}
	g := q.Grade(r)
	if err := s.record(ctx, EventAnswered, courseID, lessonID, AnswerData{Block: blockID, Response: r, Correct: g.Correct}); err != nil {
		return nil, err
	}
	if _, err := s.cards.Propose(ctx, QuizCards(m, l, blockID)); err != nil {
		return nil, fmt.Errorf("make the quiz card: %w", err)
	}
	return &g, nil
}

// Complete marks a lesson done and makes its review cards: its quiz
// questions and its key points. It returns how many cards are new.
func (s *Service) Complete(ctx context.Context, courseID, lessonID string) (int, error) {
	m, _, l, err := s.lesson(ctx, courseID, lessonID)
	if err != nil {
		return 0, err
	}
	if err := s.record(ctx, EventCompleted, courseID, lessonID, CompletedData{Version: m.Version}); err != nil {
		return 0, err
	}
	return s.cards.Propose(ctx, LessonCards(m, l))
}

func hasBlock(l *course.Lesson, id string) bool {
	for _, b := range l.Blocks {
		if b.ID == id {
			return true
		}
	}
	return false
}
