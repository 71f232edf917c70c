package badgerstore_test

import (
	"testing"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/courses/coursestest"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/inflow/inflowtest"
	"github.com/inflow-learning/inflow/internal/review/reviewtest"
)

func TestConformanceOnDisk(t *testing.T) {
	inflowtest.TestLibraryStore(t, func(t *testing.T) inflow.LibraryStore {
		s, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestConformanceInMemory(t *testing.T) {
	inflowtest.TestLibraryStore(t, func(t *testing.T) inflow.LibraryStore {
		s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestReviewConformance(t *testing.T) {
	reviewtest.Run(t, func(t *testing.T) reviewtest.Harness {
		s, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return reviewtest.Harness{Store: s, Events: s, Settings: s}
	})
}

func TestCoursesConformance(t *testing.T) {
	coursestest.Run(t, func(t *testing.T) courses.Store {
		s, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
