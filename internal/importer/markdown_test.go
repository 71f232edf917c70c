package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

var testNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func testOptions() Options {
	return Options{Now: func() time.Time { return testNow }}
}

func TestLoadMarkdownFolder(t *testing.T) {
	var progress []string
	opts := testOptions()
	opts.Progress = func(done, total int, name string) {
		progress = append(progress, fmt.Sprint(done, " ", total, " ", name))
	}
	packs, err := Load(context.Background(), "testdata/mdpack", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(packs) != 1 {
		t.Fatalf("%d packs", len(packs))
	}
	p := packs[0]
	abs, _ := filepath.Abs("testdata/mdpack")
	src := inflow.Source{Name: "Sample Ops Team", URL: "https://example.com/ops", License: "CC-BY-4.0", Author: "Ops"}
	if p.ID != "sample.ops" || p.Title != "Ops notes" || p.Format != FormatMarkdown || p.Origin != abs || p.Source != src {
		t.Errorf("pack %+v", p)
	}
	if got := itemIDs(p); !reflect.DeepEqual(got, []string{"sample.ops/vpn-setup", "sample.ops/networking/dns/flush", "sample.ops/welcome"}) {
		t.Errorf("items %q", got)
	}
	if want := []string{"1 3 guides/vpn.md", "2 3 networking/dns/flush.md", "3 3 welcome.md"}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress %q", progress)
	}

	vpn := p.Items[0]
	want := &inflow.Item{
		ID: "sample.ops/vpn-setup", Pack: "sample.ops", Kind: inflow.KindHowTo, Title: "Connect to the office VPN",
		Summary: "Install the client, import the profile, connect.",
		Body:    "# VPN\n\n1. Install the client.\n2. Import `office.ovpn`.\n3. Connect.",
		Topic:   "guides", Tags: []string{"vpn", "network"}, Language: "en",
		KeyPoints: []string{"Use the profile from the IT portal", "Reconnect after sleeping"},
		Source:    inflow.Source{Name: "Sample Ops Team", URL: "https://example.com/ops/vpn", License: "CC-BY-4.0", Author: "Ops"},
		Updated:   time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC),
	}
	want.Hash = contentHash(want)
	if !reflect.DeepEqual(vpn, want) {
		t.Errorf("vpn\ngot  %+v\nwant %+v", vpn, want)
	}

	flush := p.Items[1]
	if flush.Title != "Flush the DNS cache" || flush.Kind != inflow.KindSnippet || flush.Topic != "networking" ||
		flush.Media != "https://example.com/ops/dns.mp4" || !flush.Updated.Equal(time.Date(2024, 6, 1, 7, 30, 0, 0, time.UTC)) ||
		!strings.HasPrefix(flush.Body, "```sh\n# Flush") || flush.Source != src {
		t.Errorf("flush %+v", flush)
	}
	welcome := p.Items[2]
	if welcome.Title != "Welcome to the ops notes" || welcome.Kind != inflow.KindArticle || welcome.Topic != "" ||
		welcome.Language != "en" || !welcome.Updated.Equal(testNow) || welcome.Tags != nil {
		t.Errorf("welcome %+v", welcome)
	}
}

func TestLoadMarkdownDefaultsWithoutPackFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Kubernetes Notes")
	writeFiles(t, dir, map[string]string{
		"Pods/Restart a Pod.md": "# Restart a pod\n",
		"index.md":              "---\ntitle: Index\nlanguage: de\n---\n",
		"notes.txt":             "ignored",
	})
	packs, err := Load(context.Background(), dir, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := packs[0]
	if p.ID != "kubernetes-notes" || p.Title != "Kubernetes Notes" || p.Source != (inflow.Source{}) {
		t.Errorf("pack %+v", p)
	}
	if got := itemIDs(p); !reflect.DeepEqual(got, []string{"kubernetes-notes/pods/restart-a-pod", "kubernetes-notes/index"}) {
		t.Errorf("items %q", got)
	}
	if it := p.Items[0]; it.Topic != "Pods" || it.Language != "en" {
		t.Errorf("pod item %+v", it)
	}
	if it := p.Items[1]; it.Language != "de" || it.Title != "Index" || it.Body != "" {
		t.Errorf("index item %+v", it)
	}
}

func TestLoadMarkdownPackDefaults(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"pack.yaml": "id: rules\nkind: rule\nlanguage: fr\ntopic: Sécurité\nsource: {license: CC0-1.0}\n",
		"a/one.md":  "# Un\n",
		"two.md":    "---\nkind: article\ntopic: Autre\nlanguage: en\nsource: {author: Moi}\n---\n# Deux\n",
	})
	packs, err := Load(context.Background(), dir, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	one, two := packs[0].Items[0], packs[0].Items[1]
	if one.Kind != inflow.KindRule || one.Language != "fr" || one.Topic != "Sécurité" || one.Source.License != "CC0-1.0" {
		t.Errorf("one %+v", one)
	}
	if two.Kind != inflow.KindArticle || two.Language != "en" || two.Topic != "Autre" || two.Source != (inflow.Source{License: "CC0-1.0", Author: "Moi"}) {
		t.Errorf("two %+v", two)
	}
}

func TestLoadSingleMarkdownFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"VPN Setup.md": "---\ntags: [vpn]\n---\n# Set up the VPN\n"})
	packs, err := Load(context.Background(), filepath.Join(dir, "VPN Setup.md"), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := packs[0]
	if len(packs) != 1 || p.ID != "vpn-setup" || p.Title != "VPN Setup" || len(p.Items) != 1 {
		t.Fatalf("packs %+v", p)
	}
	if it := p.Items[0]; it.ID != "vpn-setup/vpn-setup" || it.Title != "Set up the VPN" || it.Topic != "" {
		t.Errorf("item %+v", it)
	}
}

func TestLoadZipWithTopFolderMatchesFolder(t *testing.T) {
	folder, err := Load(context.Background(), "testdata/mdpack", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "ops.zip")
	writeZipOfDir(t, zipPath, "testdata/mdpack", "mdpack/")
	zipped, err := Load(context.Background(), zipPath, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	folder[0].Origin, zipped[0].Origin = "", ""
	if !reflect.DeepEqual(folder, zipped) {
		t.Errorf("zip differs from folder:\n%+v\n%+v", folder[0], zipped[0])
	}

	// Without pack.yaml, the zip's name gives the pack id and the top
	// folder is not part of item ids.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{"notes/a.md": "# A\n", "notes/sub/b.md": "# B\n", ".DS_Store": "x", "__MACOSX/notes/._a.md": "junk"} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	packs, err := loadZip(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()), "My Notes", testOptions().withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if p := packs[0]; p.ID != "my-notes" || !reflect.DeepEqual(itemIDs(p), []string{"my-notes/a", "my-notes/sub/b"}) || p.Items[1].Topic != "sub" {
		t.Errorf("pack %s items %q", p.ID, itemIDs(p))
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"pack.yaml":      {Data: []byte("id: embedded\ntitle: Embedded\n")},
		"one.md":         {Data: []byte("# One\n")},
		".hidden/two.md": {Data: []byte("broken")},
	}
	packs, err := LoadFS(context.Background(), fsys, "whatever", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if p := packs[0]; p.ID != "embedded" || p.Origin != "" || !reflect.DeepEqual(itemIDs(p), []string{"embedded/one"}) {
		t.Errorf("pack %+v", p)
	}
}

func TestHashStableAndSensitive(t *testing.T) {
	load := func(body string, now time.Time) *inflow.Item {
		t.Helper()
		it, err := markdownItem("a.md", []byte(body), defaultPackMeta("p"), now)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	a := load("# A\n\nText.\n", testNow)
	if b := load("# A\n\nText.\n", testNow.Add(time.Hour)); b.Hash != a.Hash {
		t.Error("hash changed with the clock")
	}
	if b := load("# A\r\n\r\nText.\r\n", testNow); b.Hash != a.Hash {
		t.Error("hash changed with line ends")
	}
	for _, body := range []string{"# A\n\nText!\n", "---\ntags: [x]\n---\n# A\n\nText.\n", "---\nsummary: s\n---\n# A\n\nText.\n", "---\nkind: rule\n---\n# A\n\nText.\n"} {
		if b := load(body, testNow); b.Hash == a.Hash {
			t.Errorf("hash did not change for %q", body)
		}
	}
	if len(a.Hash) != 64 {
		t.Errorf("hash %q", a.Hash)
	}
	// Fields are length-prefixed: moving text between fields changes the hash.
	x := &inflow.Item{Tags: []string{"ab"}, KeyPoints: []string{"c"}}
	y := &inflow.Item{Tags: []string{"a"}, KeyPoints: []string{"bc"}}
	if contentHash(x) == contentHash(y) {
		t.Error("hash is ambiguous")
	}
}

func TestFirstHeading(t *testing.T) {
	for in, want := range map[string]string{
		"# Title\n":                        "Title",
		"Intro\n\n# Title #\n":             "Title",
		"#Not a heading\n# Real\n":         "Real",
		"## Sub\n# Main\n":                 "Main",
		"```\n# comment\n```\n# After\n":   "After",
		"~~~~\n# c\n~~~\n# still code\n":   "",
		"    # indented code\n":            "",
		"   # three spaces\n":              "three spaces",
		"# C#\n":                           "C#",
		"#\n# \n# x\n":                     "x",
		"````md\n```\n# in\n````\n# out\n": "out",
		"``` a`b\n# not a fence\n":         "not a fence",
	} {
		if got := firstHeading(in); got != want {
			t.Errorf("firstHeading(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownItemErrors(t *testing.T) {
	tests := []struct {
		name, rel, in string
		msg           string
	}{
		{"no title", "a.md", "Just text.\n", "no title"},
		{"heading only in code", "a.md", "```\n# x\n```\n", "no title"},
		{"long derived id", strings.Repeat("abcdefghij/", 20) + "x.md", "# T\n", "longer than 200 bytes; set a shorter id"},
		{"long heading", "a.md", "# " + strings.Repeat("x", 301) + "\n", "title is longer than 300 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := markdownItem(tt.rel, []byte(tt.in), defaultPackMeta("p"), testNow)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %v, want %q", err, tt.msg)
			}
		})
	}
}

func TestPackFileErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"id: a b\n", `pack.yaml:1: id "a b" may only use`},
		{"title: T\ntitel: U\n", `pack.yaml:2: unknown key "titel" (did you mean "title"?)`},
		{"kind: movie\n", `pack.yaml:1: kind "movie" is not one of`},
		{"language: xx-\n", `pack.yaml:1: language "xx-" is not a language tag`},
		{"source: [a]\n", "pack.yaml:1: source must be a mapping"},
		{"- a\n", "pack.yaml:1: must be a mapping"},
		{"id: [\n", "pack.yaml:1: "},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"pack.yaml": tt.in, "a.md": "# A\n"})
		_, err := Load(context.Background(), dir, testOptions())
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != "pack.yaml" || !strings.HasPrefix(inflow.ErrorMessage(err), tt.msg) {
			t.Errorf("%q: got %v, want %q", tt.in, err, tt.msg)
		}
	}
}

func TestLoadPathErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"notes.txt": "x", "empty/readme.txt": "x", "hidden/.a.md": "# A"})
	tests := []struct {
		path, code, msg string
	}{
		{filepath.Join(dir, "missing"), inflow.ENOTFOUND, "does not exist"},
		{filepath.Join(dir, "notes.txt"), inflow.EINVALID, "notes.txt is not a folder, a .zip file or a .md file"},
		{filepath.Join(dir, "empty"), inflow.EINVALID, "empty holds no Markdown (.md) files"},
		{filepath.Join(dir, "hidden"), inflow.EINVALID, "hidden holds no Markdown (.md) files"},
	}
	for _, tt := range tests {
		_, err := Load(context.Background(), tt.path, testOptions())
		if inflow.ErrorCode(err) != tt.code || !strings.Contains(inflow.ErrorMessage(err), tt.msg) {
			t.Errorf("%s: got %v, want %s %q", tt.path, err, tt.code, tt.msg)
		}
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, "testdata/mdpack", testOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// writeFiles writes files (slash paths) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeZipOfDir zips the regular files under dir into file, each name
// prefixed with prefix.
func writeZipOfDir(t testing.TB, file, dir, prefix string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(prefix + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
