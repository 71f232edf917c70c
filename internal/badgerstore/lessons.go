package badgerstore

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
)

var _ lessons.Store = (*Store)(nil)

// applyLesson folds a lesson event into lp/<course>\0<lesson>, in the
// event's transaction.
func applyLesson(txn *badger.Txn, ev *inflow.Event) error {
	c, l, ok := lessons.SplitSubject(ev.Subject)
	if !ok {
		return nil // kept in the log only
	}
	var st lessons.State
	if err := getJSON(txn, lessonKey(c, l), &st); err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	lessons.Fold(&st, ev)
	return setJSON(txn, lessonKey(c, l), &st)
}

// LessonState returns a lesson's progress.
func (s *Store) LessonState(ctx context.Context, courseID, lessonID string) (*lessons.State, error) {
	st := &lessons.State{CourseID: courseID, LessonID: lessonID}
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, lessonKey(courseID, lessonID), st) })
	if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return nil, err
	}
	return st, nil
}

// CourseStates returns the progress of a course's lessons.
func (s *Store) CourseStates(ctx context.Context, courseID string) ([]*lessons.State, error) {
	return s.lessonStates([]byte(preLesson + courseID + sep))
}

// AllStates returns every lesson's progress.
func (s *Store) AllStates(ctx context.Context) ([]*lessons.State, error) {
	return s.lessonStates([]byte(preLesson))
}

func (s *Store) lessonStates(prefix []byte) ([]*lessons.State, error) {
	out := []*lessons.State{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var st lessons.State
			if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &st) }); err != nil {
				return err
			}
			out = append(out, &st)
		}
		return nil
	})
	return out, err
}
