package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const radioCourseYAML = `id: field/radio
version: "1"
title: Radio basics
modules:
  - id: m1
    title: Start
    lessons:
      - id: power
        title: Power on
        blocks:
          - type: text
            src: power.md
          - type: image
            src: panel.png
            alt: The front panel
`

func writeCourse(t *testing.T, manifest string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "radio")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "course.yaml"), []byte(manifest), 0o644)
	os.WriteFile(filepath.Join(dir, "power.md"), []byte("Hold PWR for two seconds."), 0o644)
	os.WriteFile(filepath.Join(dir, "panel.png"), []byte("\x89PNG panel"), 0o644)
	return dir
}

// TestImportCourse: inflow import recognises a course folder and installs
// it; a broken new version is refused and the installed one stays.
func TestImportCourse(t *testing.T) {
	data := t.TempDir()
	dir := writeCourse(t, radioCourseYAML)
	r := run(t, "--data-dir", data, "import", dir)
	if r.code != 0 || !strings.Contains(r.stdout, `field/radio: course "Radio basics" version 1 installed: 1 lessons, 1 files`) {
		t.Fatalf("import: %+v", r)
	}
	broken := writeCourse(t, strings.Replace(strings.Replace(radioCourseYAML, `version: "1"`, `version: "2"`, 1), "panel.png", "../panel.png", 1))
	r = run(t, "--data-dir", data, "import", broken)
	if r.code == 0 || !strings.Contains(r.stderr, "relative path inside the package") {
		t.Fatalf("broken import: %+v", r)
	}
	r = run(t, "--data-dir", data, "courses", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"installed": "1"`) || !strings.Contains(r.stdout, `"storage": 10`) {
		t.Fatalf("after a refused import the installed course changed: %+v", r)
	}
	r = run(t, "--data-dir", data, "courses")
	if r.code != 0 || !strings.Contains(r.stdout, "field/radio") || !strings.Contains(r.stdout, "0/1 lessons") {
		t.Fatalf("courses: %+v", r)
	}
	if r = run(t, "--data-dir", data, "courses", "remove", "field/radio"); r.code != 0 || !strings.Contains(r.stdout, "freed 10 bytes") {
		t.Fatalf("remove: %+v", r)
	}
	if r = run(t, "--data-dir", data, "courses", "remove", "field/radio"); r.code == 0 || !strings.Contains(r.stderr, "not installed") {
		t.Fatalf("remove twice: %+v", r)
	}
}
