package course_test

import (
	"os"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
)

// TestDocExample parses the course.yaml example of docs/content-format.md,
// so the reference cannot show a manifest the parser rejects.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/content-format.md")
	if err != nil {
		t.Skipf("docs/content-format.md: %v", err)
	}
	_, section, ok := strings.Cut(string(doc), "### course.yaml")
	if !ok {
		t.Fatal("no course.yaml section")
	}
	_, rest, _ := strings.Cut(section, "```yaml\n")
	example, _, _ := strings.Cut(rest, "```")
	m, err := course.Parse("course.yaml", []byte(example))
	if err != nil {
		t.Fatalf("the documented example: %v\n%s", err, example)
	}
	if m.ID != "field/radio-basics" || m.Lessons() != 1 {
		t.Fatalf("parsed %+v", m)
	}
}
