package coursepkg_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/inflow"
)

var png = []byte("\x89PNG\r\n\x1a\n fake image bytes")

const manifest = `id: field/radio
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
            src: lessons/power.md
          - type: image
            src: media/radio.png
            alt: The radio
          - id: q
            type: quiz
            question: {kind: short, prompt: "Which word ends a call?", accepted: [out]}
`

// writeTree writes files under dir.
func writeTree(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func radioFiles() map[string]string {
	return map[string]string{
		"course.yaml":         manifest,
		"lessons/power.md":    "# Power\nHold PWR.\n\n![panel](../media/panel.png)\n",
		"media/radio.png":     string(png),
		"media/panel.png":     string(png) + "panel",
		"notes/unused.txt":    "not part of the course",
		".git/config":         "hidden",
		"lessons/.draft.md":   "hidden",
		"media/.DS_Store":     "hidden",
		"media/sub/other.png": "unused",
	}
}

// zipOf writes files into a zip, each under prefix.
func zipOf(t *testing.T, prefix string, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for p, body := range files {
		w, err := zw.Create(prefix + p)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	out := filepath.Join(t.TempDir(), "course.zip")
	os.WriteFile(out, buf.Bytes(), 0o644)
	return out
}

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func checkRadio(t *testing.T, pkg *coursepkg.Package) {
	t.Helper()
	m := pkg.Manifest
	b := m.Modules[0].Lessons[0].Blocks[0]
	if b.Src != "" || !strings.Contains(b.Markdown, "Hold PWR") || !strings.Contains(b.Markdown, "](media/panel.png)") {
		t.Fatalf("text block not inlined with package paths: %+v", b)
	}
	if len(m.Files) != 2 || m.Files[0].Path != "media/panel.png" || m.Files[1].Path != "media/radio.png" {
		t.Fatalf("files = %+v", m.Files)
	}
	if m.Files[1].SHA256 != sum(png) || m.Files[1].Size != int64(len(png)) || m.Files[1].Type != "image/png" {
		t.Fatalf("radio.png = %+v", m.Files[1])
	}
	rc, err := pkg.Open("media/radio.png")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, png) {
		t.Fatal("Open returned other bytes")
	}
	if _, err := pkg.Open("notes/unused.txt"); inflow.ErrorCode(err) != inflow.ENOTFOUND {
		t.Fatalf("open an unlisted file: %v", err)
	}
}

func TestLoadFolderAndZip(t *testing.T) {
	dir := writeTree(t, t.TempDir(), radioFiles())
	for name, p := range map[string]string{
		"folder":         dir,
		"zip":            zipOf(t, "", radioFiles()),
		"zip top folder": zipOf(t, "radio-course/", radioFiles()),
	} {
		t.Run(name, func(t *testing.T) {
			if !coursepkg.IsCourse(p) {
				t.Fatal("not recognised as a course")
			}
			pkg, err := coursepkg.Load(t.Context(), p, coursepkg.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer pkg.Close()
			checkRadio(t, pkg)
		})
	}
}

func TestLoadRefusesHostilePackages(t *testing.T) {
	with := func(change func(f map[string]string)) map[string]string {
		f := radioFiles()
		change(f)
		return f
	}
	cases := map[string]struct {
		files map[string]string
		code  string
		want  string
	}{
		"missing media":     {with(func(f map[string]string) { delete(f, "media/radio.png") }), inflow.EINVALID, "media/radio.png: is missing"},
		"missing markdown":  {with(func(f map[string]string) { delete(f, "lessons/power.md") }), inflow.EINVALID, "lessons/power.md: is missing"},
		"image escapes":     {with(func(f map[string]string) { f["lessons/power.md"] = "![x](../../etc/passwd.png)" }), inflow.EINVALID, "leads out of the course"},
		"image not picture": {with(func(f map[string]string) { f["lessons/power.md"] = "![x](../course.yaml)" }), inflow.EINVALID, "not a picture"},
		"hash mismatch": {with(func(f map[string]string) {
			f["course.yaml"] = manifest + "files:\n  - {path: media/radio.png, sha256: '" + strings.Repeat("0", 64) + "'}\n  - {path: media/panel.png, sha256: " + sum([]byte(string(png)+"panel")) + "}\n"
		}), inflow.EINVALID, "does not match the manifest"},
		"bad manifest":    {with(func(f map[string]string) { f["course.yaml"] = "id: [" }), inflow.EINVALID, "course.yaml: not valid YAML"},
		"huge markdown":   {with(func(f map[string]string) { f["lessons/power.md"] = strings.Repeat("x", course.MaxTextBytes+1) }), inflow.ETOOLARGE, "lessons/power.md"},
		"not a course":    {map[string]string{"README.md": "hi"}, inflow.EINVALID, "not a course"},
		"hidden manifest": {map[string]string{".hidden/course.yaml": manifest}, inflow.EINVALID, "not a course"},
		"src in hidden dir": {with(func(f map[string]string) {
			f["course.yaml"] = strings.Replace(manifest, "media/radio.png", ".secret/radio.png", 1)
			f[".secret/radio.png"] = string(png)
		}), inflow.EINVALID, ".secret/radio.png: is missing"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			for kind, p := range map[string]string{"folder": writeTree(t, t.TempDir(), c.files), "zip": zipOf(t, "", c.files)} {
				pkg, err := coursepkg.Load(t.Context(), p, coursepkg.Options{})
				if err == nil {
					pkg.Close()
					t.Fatalf("%s: accepted", kind)
				}
				if inflow.ErrorCode(err) != c.code || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: error %q (code %s), want %s containing %q", kind, err, inflow.ErrorCode(err), c.code, c.want)
				}
			}
		})
	}
}

func TestLoadRefusesUnsafeZipNames(t *testing.T) {
	for _, name := range []string{"../evil.md", "/abs/course.yaml", `dir\course.yaml`, "C:/course.yaml", "a/../../b.png", "a//b.png", "bad\x00name"} {
		files := radioFiles()
		files[name] = "x"
		_, err := coursepkg.Load(t.Context(), zipOf(t, "", files), coursepkg.Options{})
		if err == nil || !strings.Contains(err.Error(), "unsafe name in zip") {
			t.Errorf("%q: %v", name, err)
		}
	}
}

func TestLoadIgnoresSymlinksInFolders(t *testing.T) {
	dir := writeTree(t, t.TempDir(), radioFiles())
	secret := filepath.Join(t.TempDir(), "secret.png")
	os.WriteFile(secret, []byte("secret"), 0o600)
	os.Remove(filepath.Join(dir, "media/radio.png"))
	if err := os.Symlink(secret, filepath.Join(dir, "media/radio.png")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, err := coursepkg.Load(t.Context(), dir, coursepkg.Options{})
	if err == nil || !strings.Contains(err.Error(), "media/radio.png: is missing") {
		t.Fatalf("a symlink was followed: %v", err)
	}
}

// TestLoadRefusesZipBombs: an entry that expands far beyond its compressed
// size, and one whose header lies about its size, are refused without
// being inflated.
func TestLoadRefusesZipBombs(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for p, body := range radioFiles() {
		if p == "media/radio.png" {
			continue
		}
		w, _ := zw.Create(p)
		w.Write([]byte(body))
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "media/radio.png", Method: zip.Deflate})
	zeros := make([]byte, 1<<20)
	for range 64 { // 64 MiB of zeros deflates to ~64 KiB
		w.Write(zeros)
	}
	zw.Close()
	bomb := filepath.Join(t.TempDir(), "bomb.zip")
	os.WriteFile(bomb, buf.Bytes(), 0o644)
	_, err := coursepkg.Load(t.Context(), bomb, coursepkg.Options{})
	if inflow.ErrorCode(err) != inflow.ETOOLARGE || !strings.Contains(err.Error(), "zip bomb") {
		t.Fatalf("bomb: %v", err)
	}
}
