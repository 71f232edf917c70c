package coursepkg_test

import (
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/inflow"
)

func mdBook() map[string]string {
	return map[string]string{
		"book.toml": "[book]\ntitle = \"Field Radio Handbook\"\nauthors = [\"Ops\"]\n\n[output.html]\ntitle = \"not this\"\n",
		"src/SUMMARY.md": `# Summary

[Introduction](README.md)

# Basics

- [Power](power.md)
    - [Battery](power/battery.md)
        - [Charging](power/charging.md)
- [Calling](calling.md)
- [Draft chapter]()

---

[Glossary](glossary.md)
`,
		"src/README.md":           "Welcome to the radio handbook.",
		"src/power.md":            "# Power\n\n![front](img/front.png)\n",
		"src/power/battery.md":    "Batteries last a shift. ![level](../img/level.png)",
		"src/power/charging.md":   strings.Repeat("word ", 450),
		"src/calling.md":          "Say over.",
		"src/glossary.md":         "Over: your turn.",
		"src/img/front.png":       "\x89PNG front",
		"src/img/level.png":       "\x89PNG level",
		"src/theme/unrelated.css": "body{}",
	}
}

func TestLoadMdBook(t *testing.T) {
	for name, p := range map[string]string{"folder": writeTree(t, t.TempDir(), mdBook()), "zip": zipOf(t, "handbook/", mdBook())} {
		t.Run(name, func(t *testing.T) {
			if !coursepkg.IsCourse(p) {
				t.Fatal("not a course")
			}
			pkg, err := coursepkg.Load(t.Context(), p, coursepkg.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer pkg.Close()
			m := pkg.Manifest
			if m.ID != "field-radio-handbook" || m.Title != "Field Radio Handbook" || len(m.Version) != 12 {
				t.Fatalf("manifest %s %q %q", m.ID, m.Title, m.Version)
			}
			var got []string
			for _, mod := range m.Modules {
				var ls []string
				for _, l := range mod.Lessons {
					ls = append(ls, l.ID+"="+l.Title)
				}
				got = append(got, mod.Title+": "+strings.Join(ls, ", "))
			}
			want := []string{
				"Introduction: README=Introduction",
				"Power: power=Power, power-battery=Battery, power-charging=Charging",
				"Calling: calling=Calling",
				"Glossary: glossary=Glossary",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("modules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			battery := m.Modules[1].Lessons[1].Blocks[0].Markdown
			if !strings.Contains(battery, "](src/img/level.png)") || len(m.Files) != 2 {
				t.Fatalf("image paths not from the root: %q, files %+v", battery, m.Files)
			}
			if m.Modules[1].Lessons[2].Minutes != 3 || m.Minutes != 8 {
				t.Fatalf("minutes: lesson %d, course %d", m.Modules[1].Lessons[2].Minutes, m.Minutes)
			}
		})
	}
	// The same book gives the same version; a changed page another.
	a, _ := coursepkg.Load(t.Context(), writeTree(t, t.TempDir(), mdBook()), coursepkg.Options{})
	changed := mdBook()
	changed["src/calling.md"] = "Say over and out."
	b, _ := coursepkg.Load(t.Context(), writeTree(t, t.TempDir(), changed), coursepkg.Options{ID: "ops/radio"})
	defer a.Close()
	defer b.Close()
	if a.Manifest.Version == b.Manifest.Version || b.Manifest.ID != "ops/radio" {
		t.Fatalf("versions %s %s, id %s", a.Manifest.Version, b.Manifest.Version, b.Manifest.ID)
	}
}

func TestMdBookRefusals(t *testing.T) {
	cases := map[string]struct{ summary, want string }{
		"escape":   {"- [Evil](../../etc/passwd.md)\n", "leads out of the course"},
		"not md":   {"- [Img](img/front.png)\n", "not a Markdown chapter"},
		"no title": {"- [](power.md)\n", "needs a title"},
		"garbage":  {"- Power\n", "expected a link"},
		"missing":  {"- [Gone](gone.md)\n", "gone.md: is missing"},
		"no pages": {"# Summary\n", "lists no chapters"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			files := mdBook()
			files["src/SUMMARY.md"] = c.summary
			_, err := coursepkg.Load(t.Context(), writeTree(t, t.TempDir(), files), coursepkg.Options{})
			if inflow.ErrorCode(err) != inflow.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
	files := mdBook()
	files["pack.yaml"] = "id: x\n"
	if coursepkg.IsCourse(writeTree(t, t.TempDir(), files)) {
		t.Error("a Markdown pack with a SUMMARY.md taken for a course")
	}
}

func FuzzParseSummary(f *testing.F) {
	f.Add(mdBook()["src/SUMMARY.md"])
	f.Add("- [a](b.md)\n\t- [c](d/e.md)\n  * [x]()\n1. [n](n.md)\n")
	f.Fuzz(func(t *testing.T, summary string) {
		files := map[string]string{"SUMMARY.md": summary, "a.md": "x", "b.md": "y"}
		pkg, err := coursepkg.Load(t.Context(), writeTree(t, t.TempDir(), files), coursepkg.Options{})
		if err == nil {
			if err := pkg.Manifest.Validate(); err != nil {
				t.Fatalf("accepted an invalid book: %v", err)
			}
			pkg.Close()
		} else if inflow.ErrorCode(err) == inflow.EINTERNAL {
			t.Fatalf("internal error: %v", err)
		}
	})
}
