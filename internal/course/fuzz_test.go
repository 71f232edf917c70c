package course_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
)

// FuzzParse: no input makes Parse panic or hang, every refusal has a
// code, and whatever it accepts is valid and survives a JSON round trip.
func FuzzParse(f *testing.F) {
	yml, err := os.ReadFile("testdata/course.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("course.yaml", yml)
	m, err := course.Parse("course.yaml", yml)
	if err != nil {
		f.Fatal(err)
	}
	js, _ := json.Marshal(m)
	f.Add("course.json", js)
	f.Add("course.json", []byte(`{"id":"a","version":"1","title":"t","modules":[{"id":"m","title":"M","lessons":[{"id":"l","title":"L","blocks":[{"type":"text","markdown":"x"}]}]}]}`))
	f.Add("course.yaml", []byte("a: &a [*a]"))
	f.Add("course.json", []byte(`{"files":[{"path":"../x","sha256":"00"}]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		m, err := course.Parse(name, data)
		if err != nil {
			if m != nil {
				t.Fatal("a manifest with an error")
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted but invalid: %v", err)
		}
		js, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := course.Parse("course.json", js); err != nil {
			t.Fatalf("accepted manifest does not re-parse: %v\n%s", err, js)
		}
	})
}
