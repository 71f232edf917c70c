package publish

import (
	"context"
	"fmt"

	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// EFORBIDDEN is the code of an error for a user whose role does not allow
// what they asked; the API answers it with 403.
const EFORBIDDEN = "forbidden"

// Result reports a published course.
type Result struct {
	Course   store.CourseInfo
	Uploaded int // files whose bytes were stored now
	Present  int // files the server already had (from any course or version)
}

// Course publishes the package as its course's current version, by u.
// Only files whose blob the server lacks are read and stored, so a new
// version that changes one file uploads one file.
func Course(ctx context.Context, st store.Store, pkg *coursepkg.Package, u store.User) (Result, error) {
	m := pkg.Manifest
	if err := MayChange(ctx, st, m.ID, u); err != nil {
		return Result{}, err
	}
	hashes := make([]string, 0, len(m.Files))
	for _, f := range m.Files {
		hashes = append(hashes, f.SHA256)
	}
	has, err := st.HasBlobs(ctx, hashes)
	if err != nil {
		return Result{}, err
	}
	var res Result
	for _, f := range m.Files {
		if has[f.SHA256] {
			res.Present++
			continue
		}
		if err := putFile(ctx, st, pkg, f.Path, f.SHA256, f.Size); err != nil {
			return Result{}, err
		}
		has[f.SHA256] = true
		res.Uploaded++
	}
	if res.Course, err = st.PutCourse(ctx, m, u.Name); err != nil {
		return Result{}, err
	}
	return res, nil
}

// putFile streams one file of the package into the store.
func putFile(ctx context.Context, st store.Store, pkg *coursepkg.Package, path, sha string, size int64) error {
	rc, err := pkg.Open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := st.PutBlob(ctx, sha, size, rc); err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	return nil
}

// Remove unpublishes a course, if u may.
func Remove(ctx context.Context, st store.Store, id string, u store.User) error {
	if err := MayChange(ctx, st, id, u); err != nil {
		return err
	}
	return st.RemoveCourse(ctx, id, u.Name)
}

// MayChange reports whether u may publish or remove course id: admins
// may change any course, authors a new one or one they published last,
// learners none. (An author cannot replace a colleague's course; an admin
// can, or can remove it first.)
func MayChange(ctx context.Context, st store.Store, id string, u store.User) error {
	switch u.Role {
	case store.RoleAdmin:
		return nil
	case store.RoleAuthor:
	default:
		return inflow.Errorf(EFORBIDDEN, "%s is a %s; only authors and admins publish courses", u.Name, u.Role)
	}
	_, cur, err := st.Course(ctx, id)
	switch {
	case inflow.ErrorCode(err) == inflow.ENOTFOUND:
		return nil
	case err != nil:
		return err
	case cur.By != u.Name:
		return inflow.Errorf(EFORBIDDEN, "course %s was published by %s; only they or an admin may change it", id, cur.By)
	}
	return nil
}
