package serverbadger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PutCourse makes m the course's current version; see store.Store. The
// types the manifest gives its files are recorded on blobs that have none.
func (s *Store) PutCourse(ctx context.Context, m *course.Manifest, by string) (store.CourseInfo, error) {
	body, digest, err := rules.CheckCourse(m)
	if err != nil {
		return store.CourseInfo{}, err
	}
	s.courseMu.Lock()
	defer s.courseMu.Unlock()
	var info store.CourseInfo
	err = s.update(func(txn *badger.Txn) error {
		have := map[string]rules.StoredBlob{}
		for _, h := range rules.Hashes(m) {
			var b rules.StoredBlob
			if err := getJSON(txn, blobKey(h), &b); err == nil {
				have[h] = b
			} else if !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
		}
		if err := rules.CheckBlobsPresent(m, have); err != nil {
			return err
		}
		var cur store.CourseInfo
		var curp *store.CourseInfo
		if err := getJSON(txn, courseKey(m.ID), &cur); err == nil {
			curp = &cur
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		unchanged, err := rules.Republish(curp, m.Version, digest)
		if err != nil {
			return err
		} else if unchanged {
			info = cur
			return nil
		}
		for _, f := range m.Files {
			if b := have[f.SHA256]; b.Type == "" && f.Type != "" {
				b.Type = f.Type
				have[f.SHA256] = b
				if err := setJSON(txn, blobKey(f.SHA256), b); err != nil {
					return err
				}
			}
		}
		info = rules.CourseInfo(m, digest, by, rules.Now(time.Time{}))
		if err := setJSON(txn, courseKey(m.ID), info); err != nil {
			return err
		}
		return txn.Set(manifestKey(m.ID), body)
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return store.CourseInfo{}, inflow.Errorf(inflow.ETOOLARGE, "course %s is too large to publish in one step", m.ID)
	} else if err != nil {
		if inflow.ErrorCode(err) != inflow.EINTERNAL {
			return store.CourseInfo{}, err
		}
		return store.CourseInfo{}, fmt.Errorf("put course %s: %w", m.ID, err)
	}
	return info, nil
}

// Courses lists the published courses by id.
func (s *Store) Courses(ctx context.Context) ([]store.CourseInfo, error) {
	out := []store.CourseInfo{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preCourse), PrefetchValues: true, PrefetchSize: 16})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var c store.CourseInfo
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &c) }); err != nil {
				return fmt.Errorf("course %q: %w", it.Item().Key(), err)
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("courses: %w", err)
	}
	return out, nil
}

// Course returns a course's current manifest and summary.
func (s *Store) Course(ctx context.Context, id string) (*course.Manifest, store.CourseInfo, error) {
	var info store.CourseInfo
	var m *course.Manifest
	err := s.db.View(func(txn *badger.Txn) error {
		if err := getJSON(txn, courseKey(id), &info); err != nil {
			return err
		}
		item, err := txn.Get(manifestKey(id))
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) (err error) {
			m, err = rules.DecodeCourse(b)
			return err
		})
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, store.CourseInfo{}, rules.CourseNotFound(id)
	} else if err != nil {
		return nil, store.CourseInfo{}, fmt.Errorf("course %s: %w", id, err)
	}
	return m, info, nil
}

// RemoveCourse unpublishes a course. Its blobs stay (other courses and
// versions may share them).
func (s *Store) RemoveCourse(ctx context.Context, id, by string) error {
	s.courseMu.Lock()
	defer s.courseMu.Unlock()
	err := s.update(func(txn *badger.Txn) error {
		if ok, err := exists(txn, courseKey(id)); err != nil {
			return err
		} else if !ok {
			return rules.CourseNotFound(id)
		}
		if err := txn.Delete(courseKey(id)); err != nil {
			return err
		}
		return txn.Delete(manifestKey(id))
	})
	if err != nil && inflow.ErrorCode(err) == inflow.EINTERNAL {
		return fmt.Errorf("remove course %s: %w", id, err)
	}
	return err
}
