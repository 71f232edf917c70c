package badgerstore

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
)

var _ courses.Store = (*Store)(nil)

// InstalledCourse returns an installed course record.
func (s *Store) InstalledCourse(ctx context.Context, id string) (*courses.Installed, error) {
	var c courses.Installed
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, courseKey(id), &c) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "course %s is not installed", id)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// InstalledCourses lists the installed courses by id.
func (s *Store) InstalledCourses(ctx context.Context) ([]*courses.Installed, error) {
	out := []*courses.Installed{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preCourse), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var c courses.Installed
			if err := it.Item().Value(func(b []byte) error { return jsonUnmarshal(b, &c) }); err != nil {
				return err
			}
			out = append(out, &c)
		}
		return nil
	})
	return out, err
}

// PutInstalledCourse installs or replaces a course record in one write.
func (s *Store) PutInstalledCourse(ctx context.Context, c *courses.Installed) error {
	if c.Manifest == nil || c.Manifest.ID == "" {
		return inflow.Errorf(inflow.EINVALID, "an installed course needs a manifest with an id")
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return setJSON(txn, courseKey(c.Manifest.ID), c) }); err != nil {
		return err
	}
	return s.db.Sync()
}

// DeleteInstalledCourse removes a course record.
func (s *Store) DeleteInstalledCourse(ctx context.Context, id string) error {
	return s.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(courseKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
			return inflow.Errorf(inflow.ENOTFOUND, "course %s is not installed", id)
		} else if err != nil {
			return err
		}
		return txn.Delete(courseKey(id))
	})
}
