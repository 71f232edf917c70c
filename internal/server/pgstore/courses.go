package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// PutCourse makes m the course's current version; see store.Store.
// Replicas publishing one course take turns on an advisory lock named for
// it. The types the manifest gives its files are recorded on blobs that
// have none.
func (s *Store) PutCourse(ctx context.Context, m *course.Manifest, by string) (store.CourseInfo, error) {
	body, digest, err := rules.CheckCourse(m)
	if err != nil {
		return store.CourseInfo{}, err
	}
	var info store.CourseInfo
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('inflow course ' || $1))`, m.ID); err != nil {
			return err
		}
		have := map[string]rules.StoredBlob{}
		rows, err := tx.Query(ctx, `SELECT sha256, size, type FROM blobs WHERE sha256 = ANY($1) FOR SHARE`, rules.Hashes(m))
		if err != nil {
			return err
		}
		var h string
		var b rules.StoredBlob
		if _, err := pgx.ForEachRow(rows, []any{&h, &b.Size, &b.Type}, func() error { have[h] = b; return nil }); err != nil {
			return err
		}
		if err := rules.CheckBlobsPresent(m, have); err != nil {
			return err
		}
		var curp *store.CourseInfo
		var cur []byte
		err = tx.QueryRow(ctx, `SELECT info FROM courses WHERE id = $1`, m.ID).Scan(&cur)
		if err == nil {
			curp = new(store.CourseInfo)
			if err := json.Unmarshal(cur, curp); err != nil {
				return err
			}
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		unchanged, err := rules.Republish(curp, m.Version, digest)
		if err != nil {
			return err
		} else if unchanged {
			info = *curp
			return nil
		}
		shas, types := []string{}, []string{}
		for _, f := range m.Files {
			if f.Type != "" && have[f.SHA256].Type == "" {
				shas, types = append(shas, f.SHA256), append(types, f.Type)
			}
		}
		if len(shas) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE blobs SET type = t.type
				FROM (SELECT DISTINCT ON (sha256) sha256, type FROM unnest($1::text[], $2::text[]) AS u(sha256, type)) AS t
				WHERE blobs.sha256 = t.sha256 AND blobs.type = ''`, shas, types); err != nil {
				return err
			}
		}
		info = rules.CourseInfo(m, digest, by, rules.Now(time.Time{}))
		infoJSON, err := json.Marshal(info)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO courses (id, version, digest, info, manifest) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, digest = excluded.digest,
				info = excluded.info, manifest = excluded.manifest`,
			m.ID, m.Version, digest, infoJSON, body)
		return err
	})
	if err != nil {
		if inflow.ErrorCode(err) != inflow.EINTERNAL {
			return store.CourseInfo{}, err
		}
		return store.CourseInfo{}, fmt.Errorf("put course %s: %w", m.ID, err)
	}
	return info, nil
}

// Courses lists the published courses by id, byte by byte (as badger
// orders them), whatever the database's collation.
func (s *Store) Courses(ctx context.Context) ([]store.CourseInfo, error) {
	rows, err := s.pool.Query(ctx, `SELECT info FROM courses ORDER BY id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("courses: %w", err)
	}
	out := []store.CourseInfo{}
	var body []byte
	if _, err := pgx.ForEachRow(rows, []any{&body}, func() error {
		var c store.CourseInfo
		if err := json.Unmarshal(body, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("courses: %w", err)
	}
	return out, nil
}

// Course returns a course's current manifest and summary.
func (s *Store) Course(ctx context.Context, id string) (*course.Manifest, store.CourseInfo, error) {
	var info store.CourseInfo
	var infoJSON, body []byte
	err := s.pool.QueryRow(ctx, `SELECT info, manifest FROM courses WHERE id = $1`, id).Scan(&infoJSON, &body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, info, rules.CourseNotFound(id)
	} else if err != nil {
		return nil, info, fmt.Errorf("course %s: %w", id, err)
	}
	if err := json.Unmarshal(infoJSON, &info); err != nil {
		return nil, info, fmt.Errorf("course %s: %w", id, err)
	}
	m, err := rules.DecodeCourse(body)
	if err != nil {
		return nil, info, fmt.Errorf("course %s: %w", id, err)
	}
	return m, info, nil
}

// RemoveCourse unpublishes a course. Its blobs stay (other courses and
// versions may share them).
func (s *Store) RemoveCourse(ctx context.Context, id, by string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM courses WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("remove course %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return rules.CourseNotFound(id)
	}
	return nil
}
