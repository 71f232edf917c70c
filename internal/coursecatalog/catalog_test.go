package coursecatalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursecatalog"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
	"github.com/inflow-learning/inflow/internal/syncclient"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

type fakeInstalled []*courses.Installed

func (f fakeInstalled) List(context.Context) ([]*courses.Installed, error) { return f, nil }
func (f fakeInstalled) Usage() (int64, error)                              { return 42, nil }

type fakeProgress map[string]int

func (f fakeProgress) Outline(_ context.Context, id string) (*lessons.Outline, error) {
	return &lessons.Outline{CourseID: id, Done: f[id]}, nil
}

type fakeCatalog struct {
	list syncproto.CoursesResponse
	err  error
}

func (f fakeCatalog) Source() string { return "http://127.0.0.1:1" }
func (f fakeCatalog) List(_ context.Context, out any) error {
	if f.err != nil {
		return f.err
	}
	b, _ := json.Marshal(f.list)
	return json.Unmarshal(b, out)
}

func installed(id, version string) *courses.Installed {
	return &courses.Installed{Manifest: &course.Manifest{ID: id, Version: version, Title: "T " + id,
		Modules: []course.Module{{ID: "m", Lessons: []course.Lesson{{ID: "a"}, {ID: "b"}}}},
		Files:   []course.File{{Path: "x.png", Size: 10}}}}
}

func TestList(t *testing.T) {
	inst := fakeInstalled{installed("a", "1"), installed("b", "1")}
	prog := fakeProgress{"a": 1}
	cat := fakeCatalog{list: syncproto.CoursesResponse{Courses: []syncproto.CourseInfo{
		{ID: "a", Version: "1", Title: "T a"}, {ID: "b", Version: "2", Title: "T b"}, {ID: "c", Version: "1", Title: "T c", Lessons: 3, Size: 99},
	}}}
	rep, err := coursecatalog.List(t.Context(), inst, prog, func(context.Context) (coursecatalog.Catalog, error) { return cat, nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []coursecatalog.Line{
		{ID: "a", Title: "T a", Installed: "1", Available: "1", State: coursecatalog.StateInstalled, Lessons: 2, Done: 1, Size: 10},
		{ID: "b", Title: "T b", Installed: "1", Available: "2", State: coursecatalog.StateUpdateAvailable, Lessons: 2, Size: 10},
		{ID: "c", Title: "T c", Available: "1", State: coursecatalog.StateNotDownloaded, Lessons: 3, Size: 99},
	}
	if len(rep.Courses) != len(want) {
		t.Fatalf("courses: %+v", rep.Courses)
	}
	for i := range want {
		if rep.Courses[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, rep.Courses[i], want[i])
		}
	}
	if rep.Storage != 42 || rep.Server != "http://127.0.0.1:1" || rep.Offline != "" {
		t.Fatalf("report: %+v", rep)
	}
}

func TestListWithoutServer(t *testing.T) {
	inst := fakeInstalled{installed("a", "1")}
	for name, c := range map[string]struct {
		remote      func(context.Context) (coursecatalog.Catalog, error)
		wantOffline bool
	}{
		"no remote":   {nil, false},
		"signed out":  {func(context.Context) (coursecatalog.Catalog, error) { return nil, syncclient.ErrSignedOut }, false},
		"unreachable": {func(context.Context) (coursecatalog.Catalog, error) { return nil, errors.New("dial: refused") }, true},
		"list fails": {func(context.Context) (coursecatalog.Catalog, error) {
			return fakeCatalog{err: inflow.Errorf(inflow.EINTERNAL, "boom")}, nil
		}, true},
	} {
		t.Run(name, func(t *testing.T) {
			rep, err := coursecatalog.List(t.Context(), inst, fakeProgress{}, c.remote)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Courses) != 1 || rep.Courses[0].State != coursecatalog.StateInstalled || (rep.Offline != "") != c.wantOffline {
				t.Fatalf("report: %+v", rep)
			}
		})
	}
}
