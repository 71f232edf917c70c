// Package coursestest is the conformance suite every courses.Store passes.
package coursestest

import (
	"context"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Run checks a store made fresh by open for each case.
func Run(t *testing.T, open func(t *testing.T) courses.Store) {
	ctx := context.Background()
	mk := func(id, version string) *courses.Installed {
		return &courses.Installed{Source: "file", InstalledAt: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC),
			Manifest: &course.Manifest{Format: 1, ID: id, Version: version, Title: "T " + id,
				Modules: []course.Module{{ID: "m", Title: "M", Lessons: []course.Lesson{{ID: "l", Title: "L", Blocks: []course.Block{{ID: "b1", Type: course.BlockText, Markdown: "x"}}}}}}}}
	}
	t.Run("PutGetReplaceList", func(t *testing.T) {
		s := open(t)
		if _, err := s.InstalledCourse(ctx, "a/b"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
			t.Fatalf("missing: %v", err)
		}
		for _, c := range []*courses.Installed{mk("z", "1"), mk("a/b", "1"), mk("a/b", "2")} {
			if err := s.PutInstalledCourse(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.InstalledCourse(ctx, "a/b")
		if err != nil || got.Manifest.Version != "2" || got.Source != "file" || !got.InstalledAt.Equal(mk("", "").InstalledAt) {
			t.Fatalf("get: %+v %v", got, err)
		}
		all, err := s.InstalledCourses(ctx)
		if err != nil || len(all) != 2 || all[0].Manifest.ID != "a/b" || all[1].Manifest.ID != "z" {
			t.Fatalf("list: %v %v", all, err)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		s := open(t)
		s.PutInstalledCourse(ctx, mk("a", "1"))
		if err := s.DeleteInstalledCourse(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteInstalledCourse(ctx, "a"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
			t.Fatalf("delete twice: %v", err)
		}
		if all, _ := s.InstalledCourses(ctx); len(all) != 0 {
			t.Fatalf("left: %v", all)
		}
	})
	t.Run("PrefixesDoNotLeak", func(t *testing.T) {
		s := open(t)
		s.PutInstalledCourse(ctx, mk("a", "1"))
		s.PutInstalledCourse(ctx, mk("a/b", "1"))
		if err := s.DeleteInstalledCourse(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InstalledCourse(ctx, "a/b"); err != nil {
			t.Fatalf("deleting a removed a/b: %v", err)
		}
	})
}
