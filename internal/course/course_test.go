package course_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

func sample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/course.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseYAMLAndJSONAgree(t *testing.T) {
	m, err := course.Parse("course.yaml", sample(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "field/radio-basics" || m.Lessons() != 2 || m.Language != "en" || m.Format != course.FormatVersion {
		t.Fatalf("manifest = %+v", m)
	}
	l := m.Modules[0].Lessons[0]
	if l.Blocks[0].ID != "b1" || l.Blocks[2].ID != "q1" || !l.Blocks[2].Question.Remembered() || len(l.KeyPoints) != 2 {
		t.Fatalf("lesson = %+v", l)
	}
	js, _ := json.Marshal(m)
	m2, err := course.Parse("course.json", js)
	if err != nil {
		t.Fatal(err)
	}
	js2, _ := json.Marshal(m2)
	if string(js) != string(js2) {
		t.Fatalf("JSON round trip differs:\n%s\n%s", js, js2)
	}
}

func TestParseRefusesBrokenManifests(t *testing.T) {
	base := string(sample(t))
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown field", "keyPoints:", "keyPoint:", `unknown field "keyPoint"`},
		{"newer format", "id: field/radio-basics", "format: 9\nid: field/radio-basics", "newer than this Inflow reads"},
		{"bad course id", "id: field/radio-basics", "id: ../etc", "id \"../etc\""},
		{"no version", `version: "2026.11"`, `version: ""`, "version"},
		{"duplicate lesson", "id: call", "id: power-on", "two lessons have this id"},
		{"duplicate block", "id: q3", "id: q2", "two blocks of the lesson"},
		{"two correct single", "{id: a, text: Half a second}", "{id: a, text: Half a second, correct: true}", "exactly one correct choice"},
		{"image without alt", "alt: The radio's front panel with the PWR key top left", "caption: x", "needs src and alt"},
		{"traversal", "src: media/radio.png", "src: ../../etc/passwd.png", "relative path inside the package"},
		{"absolute", "src: media/radio.png", "src: /etc/radio.png", "relative path inside the package"},
		{"backslash", "src: media/radio.png", `src: 'media\radio.png'`, "use '/'"},
		{"wrong media", "src: media/radio.png", "src: media/radio.svg", "is not image"},
		{"unknown block", "type: case", "type: poll", "unknown block type"},
		{"unknown question kind", "kind: short", "kind: essay", "unknown question kind"},
		{"short without answers", "accepted: [over]", "accepted: []", "1-50 accepted answers"},
		{"wrong type", "minutes: 45", "minutes: lots", "must be a whole number"},
		{"not yaml", "modules:", "modules: [", "not valid YAML"},
		{"two documents", "modules:", "---\nmodules:", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(base, c.old, c.new, 1)
			if src == base {
				t.Fatalf("replacement %q not found", c.old)
			}
			_, err := course.Parse("course.yaml", []byte(src))
			if err == nil {
				t.Fatal("accepted")
			}
			if inflow.ErrorCode(err) != inflow.EINVALID {
				t.Errorf("code %q", inflow.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "course.yaml") {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	big := make([]byte, course.MaxManifestBytes+1)
	if _, err := course.Parse("course.json", big); inflow.ErrorCode(err) != inflow.ETOOLARGE {
		t.Errorf("oversized manifest: %v", err)
	}
	// A YAML alias bomb is refused, not expanded.
	bomb := "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	if _, err := course.Parse("course.yaml", []byte(bomb)); err == nil {
		t.Error("alias bomb accepted")
	}
}

func TestFilesMustCoverSources(t *testing.T) {
	m, err := course.Parse("course.yaml", sample(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.RequireFiles(); err == nil || !strings.Contains(err.Error(), "media/radio.png") {
		t.Fatalf("missing file list: %v", err)
	}
	m.Files = []course.File{{Path: "media/radio.png", SHA256: strings.Repeat("ab", 32), Size: 10, Type: "image/png"}}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := m.RequireFiles(); err != nil {
		t.Fatal(err)
	}
	m.Files = append(m.Files, course.File{Path: "media/radio.png", SHA256: strings.Repeat("cd", 32)})
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Fatalf("duplicate file: %v", err)
	}
	m.Files = []course.File{{Path: "media/radio.png", SHA256: "not-a-hash"}}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("bad hash: %v", err)
	}
}
