package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestStripMnemonics(t *testing.T) {
	for in, want := range map[string]string{
		"- E[x]tract a [f]ile [v]erbosely:":             "- Extract a file verbosely:",
		"- [c]reate an archive":                         "- create an archive",
		"[eq]ual/[n]ot [e]qual":                         "equal/not equal",
		"empty value ([z]ero length)":                   "empty value (zero length)",
		"- [Interactief] Sluit de server af:":           "- Interactief Sluit de server af:",
		"- [대화형] 서버 종료:":                                "- 대화형 서버 종료:",
		"[கள்]உப்":                                      "கள்உப்",
		"- [-n] keep flags:":                            "- [-n] keep flags:",
		"default []":                                    "default []",
		"[4 5 *] stays":                                 "[4 5 *] stays",
		"code `tar [c]f {{x}}` kept, outside [c]hanged": "code `tar [c]f {{x}}` kept, outside changed",
		"``a ` [b] ``, [c]":                             "``a ` [b] ``, c",
		"unclosed ` then [x]":                           "unclosed ` then x",
		"[`c`]`upsd.conf`":                              "[`c`]`upsd.conf`",
		"[[x]]":                                         "[x]",
		"no brackets":                                   "no brackets",
		"[":                                             "[",
		"a[b":                                           "a[b",
		"`[a]` ``` [b] ``` [c]":                         "`[a]` ``` [b] ``` c",
		"``` unclosed ``` ``unclosed too [x]":           "``` unclosed ``` ``unclosed too x",
		"` ` `` `` [y]":                                 "` ` `` `` y",
		"mixed `[a]`[b]`[c]`":                           "mixed `[a]`b`[c]`",
		"\xff[x]":                                       "\xffx",
		"[x\xff]":                                       "[x\xff]",
	} {
		if got := stripMnemonics(in); got != want {
			t.Errorf("stripMnemonics(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMoreInfoURL(t *testing.T) {
	for in, want := range map[string]string{
		"More information: <https://www.gnu.org/software/tar/manual/tar.html>.": "https://www.gnu.org/software/tar/manual/tar.html",
		"Mais informações: <https://example.com/x>.":                            "https://example.com/x",
		"Plus d'informations : <https://example.com/x>.":                        "https://example.com/x",
		"更多信息：<https://example.com/x>。":                                         "https://example.com/x",
		"詳細情報: <https://example.com/x>。":                                        "https://example.com/x",
		"More information: <https://example.com/x>":                             "https://example.com/x",
		"For other tools, see <https://example.com/tools>.":                     "",
		"More information: <ftp://example.com/x>.":                              "",
		"More information: <https://example.com/x>. Really.":                    "",
		"This command is an alias of `tar`.":                                    "",
		"More information: https://example.com/x.":                              "",
		"<https://example.com/x>":                                               "",
	} {
		got, ok := moreInfoURL(in)
		if got != want || ok != (want != "") {
			t.Errorf("moreInfoURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestEscapeIDSegment(t *testing.T) {
	for in, want := range map[string]string{
		"tar": "tar", "git-commit": "git-commit", "lsb_release": "lsb_release", "g++": "g++",
		"snap.pkg": "snap.pkg", "[": ":5b", "((": ":28:28", ".": ":2e", "..": ":2e:2e",
		"a..b": "a.:2eb", ":": ":3a", "a b": "a:20b", "é": ":c3:a9", "%": ":25", ".x": ":2ex",
	} {
		got := escapeIDSegment(in)
		if got != want {
			t.Errorf("escapeIDSegment(%q) = %q, want %q", in, got, want)
		}
		if !inflow.ValidID("tldr/en/common/" + got) {
			t.Errorf("escapeIDSegment(%q) = %q is not valid in an id", in, got)
		}
	}
}

func TestParseTldrPage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want tldrPage
	}{
		{"typical", `# tar

> Archiving utility.
> Often combined with a compression method, such as ` + "`gzip`" + `.
> More information: <https://www.gnu.org/software/tar/manual/tar.html>.

- [c]reate an archive and write it to a [f]ile:

` + "`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`" + `

- E[x]tract a (compressed) archive [f]ile into the current directory [v]erbosely:

` + "`tar xvf {{path/to/source.tar[.gz|.bz2|.xz]}}`" + `
`, tldrPage{
			Title:     "tar",
			Summary:   "Archiving utility. Often combined with a compression method, such as `gzip`.",
			InfoURL:   "https://www.gnu.org/software/tar/manual/tar.html",
			KeyPoints: []string{"create an archive and write it to a file", "Extract a (compressed) archive file into the current directory verbosely"},
			Body: `# tar

> Archiving utility.
> Often combined with a compression method, such as ` + "`gzip`" + `.
> More information: <https://www.gnu.org/software/tar/manual/tar.html>.

- create an archive and write it to a file:

` + "`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`" + `

- Extract a (compressed) archive file into the current directory verbosely:

` + "`tar xvf {{path/to/source.tar[.gz|.bz2|.xz]}}`",
		}},
		{"alias page without url", "# ((\n\n> This command is an alias of `let`.\n\n- View documentation for the original command:\n\n`tldr let`\n", tldrPage{
			Title: "((", Summary: "This command is an alias of `let`.", KeyPoints: []string{"View documentation for the original command"},
			Body: "# ((\n\n> This command is an alias of `let`.\n\n- View documentation for the original command:\n\n`tldr let`",
		}},
		{"chinese full-width colons", "# tar\n\n> 归档实用程序。\n> 更多信息：<https://example.com/tar>。\n\n- 创建存档并将其写入文件：\n\n`tar cf {{x}}`\n", tldrPage{
			Title: "tar", Summary: "归档实用程序。", InfoURL: "https://example.com/tar", KeyPoints: []string{"创建存档并将其写入文件"},
			Body: "# tar\n\n> 归档实用程序。\n> 更多信息：<https://example.com/tar>。\n\n- 创建存档并将其写入文件：\n\n`tar cf {{x}}`",
		}},
		{"only the last url line is dropped", "# apt\n\n> Package manager.\n> For other managers, see <https://example.com/rosetta>.\n", tldrPage{
			Title: "apt", Summary: "Package manager. For other managers, see <https://example.com/rosetta>.",
			Body: "# apt\n\n> Package manager.\n> For other managers, see <https://example.com/rosetta>.",
		}},
		{"crlf, bom and leading blank lines", "\ufeff\r\n# x\r\n\r\n> Does x.\r\n\r\n- Do it:\r\n\r\n`x`\r\n", tldrPage{
			Title: "x", Summary: "Does x.", KeyPoints: []string{"Do it"}, Body: "# x\n\n> Does x.\n\n- Do it:\n\n`x`",
		}},
		{"heading only", "# lonely", tldrPage{Title: "lonely", Body: "# lonely"}},
		{"heading with spaces", "#   pacman  -D  \n", tldrPage{Title: "pacman -D", Body: "#   pacman  -D"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTldrPage([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", *got, tt.want)
			}
		})
	}
}

func TestParseTldrPageErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"empty", "", 0, "must start with"},
		{"blank", "\n\n  \n", 0, "must start with"},
		{"no heading", "> description\n", 1, "must start with"},
		{"h2", "\n## tar\n", 2, "must start with"},
		{"no space", "#tar\n", 1, "must start with"},
		{"empty heading", "#   \n", 1, "heading is empty"},
		{"bad utf8", "# x\n\n> a \xc3\x28 b\n", 3, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTldrPage([]byte(tt.in))
			var p *problem
			if !errors.As(err, &p) {
				t.Fatalf("got %v, want a problem", err)
			}
			if p.line != tt.line || !strings.Contains(p.msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d %q", p.line, p.msg, tt.line, tt.msg)
			}
		})
	}
}

func TestSplitTldrPath(t *testing.T) {
	tests := []struct {
		in                   string
		lang, platform, name string
	}{
		{"pages/common/tar.md", "en", "common", "tar"},
		{"pages.pt_BR/linux/apt.md", "pt-BR", "linux", "apt"},
		{"pages.zh_TW/osx/..md", "zh-TW", "osx", "."},
		{"pages.de/common/[.MD", "de", "common", "["},
		{"pages/common/._tar.md", "", "", ""},
		{"pages/tar.md", "", "", ""},
		{"pages/common/sub/tar.md", "", "", ""},
		{"pages/common/tar.txt", "", "", ""},
		{"pages.not a lang/common/tar.md", "", "", ""},
		{"pagesx/common/tar.md", "", "", ""},
		{"docs/common/tar.md", "", "", ""},
	}
	for _, tt := range tests {
		lang, platform, name, ok := splitTldrPath(tt.in)
		if lang != tt.lang || platform != tt.platform || name != tt.name || ok != (tt.lang != "") {
			t.Errorf("splitTldrPath(%q) = %q %q %q %v", tt.in, lang, platform, name, ok)
		}
	}
}

func TestLoadTldrTestdata(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	packs, err := Load(context.Background(), "testdata/tldr", Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if len(packs) != 2 || packs[0].ID != "tldr-pages.en" || packs[1].ID != "tldr-pages.pt-BR" {
		t.Fatalf("packs %v", packIDs(packs))
	}
	en, pt := packs[0], packs[1]
	if en.Title != "tldr-pages (en)" || pt.Title != "tldr-pages (pt-BR)" || en.Format != FormatTldr {
		t.Errorf("titles %q %q, format %q", en.Title, pt.Title, en.Format)
	}
	wantSrc := inflow.Source{Name: "tldr-pages", URL: "https://github.com/tldr-pages/tldr", License: "CC-BY-4.0", Author: "the tldr-pages authors"}
	if en.Source != wantSrc {
		t.Errorf("pack source %+v", en.Source)
	}
	if got := itemIDs(en); !reflect.DeepEqual(got, []string{"tldr/en/common/:2e", "tldr/en/common/:5b", "tldr/en/common/pack", "tldr/en/linux/netcheck"}) {
		t.Errorf("en items %q", got)
	}
	pack := findItem(en, "tldr/en/common/pack")
	want := &inflow.Item{
		ID: "tldr/en/common/pack", Pack: "tldr-pages.en", Kind: inflow.KindSnippet, Title: "pack",
		Summary: "Bundle files into an archive (a made-up command for tests). See also: `unpack`.",
		Topic:   "common", Tags: []string{"common", "cli"}, Language: "en",
		KeyPoints: []string{
			"create an archive from a directory",
			"Extract an archive verbosely, keeping `[brackets]` in code",
			"List the equal/not equal entries (zero length included)",
		},
		Source:  inflow.Source{Name: "tldr-pages", URL: "https://example.com/pack", License: "CC-BY-4.0", Author: "the tldr-pages authors"},
		Updated: now,
	}
	want.Body, want.Hash = pack.Body, pack.Hash
	if !reflect.DeepEqual(pack, want) {
		t.Errorf("got  %+v\nwant %+v", pack, want)
	}
	for _, s := range []string{"- Extract an archive verbosely", "`pack -xv {{path/to/archive.pk}} [--force]`", "> More information: <https://example.com/pack>."} {
		if !strings.Contains(pack.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, pack.Body)
		}
	}
	if net := findItem(en, "tldr/en/linux/netcheck"); net.Source.URL != tldrRepoURL || net.Topic != "linux" {
		t.Errorf("netcheck: %+v", net)
	}
	if p := findItem(pt, "tldr/pt-BR/common/pack"); p == nil || p.Language != "pt-BR" || p.Source.URL != "https://example.com/pt/pack" || p.KeyPoints[0] != "Cria um arquivo a partir de um diretório" {
		t.Errorf("pt-BR pack: %+v", p)
	}
	for _, p := range packs {
		for _, it := range p.Items {
			if err := it.Validate(); err != nil {
				t.Errorf("%s: %v", it.ID, err)
			}
		}
	}
}

func TestTldrLayouts(t *testing.T) {
	tests := []struct {
		path  string
		packs string
		items int
	}{
		{"testdata/tldr", "tldr-pages.en tldr-pages.pt-BR", 5},           // one top-level folder
		{"testdata/tldr/tldr-main", "tldr-pages.en tldr-pages.pt-BR", 5}, // the root
		{"testdata/tldr/tldr-main/pages", "tldr-pages.en", 4},            // a pages folder
		{"testdata/tldr/tldr-main/pages.pt_BR", "tldr-pages.pt-BR", 1},   // a pages.<lang> folder
	}
	for _, tt := range tests {
		packs, err := Load(context.Background(), tt.path, testOptions())
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		n := 0
		for _, p := range packs {
			n += len(p.Items)
		}
		if got := strings.Join(packIDs(packs), " "); got != tt.packs || n != tt.items {
			t.Errorf("%s: packs %q with %d items, want %q with %d", tt.path, got, n, tt.packs, tt.items)
		}
	}

	// The same tree zipped, with and without a top-level folder.
	zipPath := filepath.Join(t.TempDir(), "tldr.zip")
	writeZipOfDir(t, zipPath, "testdata/tldr", "")
	if packs, err := Load(context.Background(), zipPath, testOptions()); err != nil || len(packs) != 2 {
		t.Errorf("zip: %d packs, %v", len(packs), err)
	}

	// An ordinary folder called "pages" is a Markdown pack.
	dir := filepath.Join(t.TempDir(), "pages")
	writeFiles(t, dir, map[string]string{"guides/vpn.md": "# VPN\n", "common/a.md": "# A\n", "index.md": "# Index\n"})
	packs, err := Load(context.Background(), dir, testOptions())
	if err != nil || len(packs) != 1 || packs[0].Format != FormatMarkdown || packs[0].ID != "pages" {
		t.Errorf("pages of notes: %v %v", packIDs(packs), err)
	}
	// pack.yaml makes a tldr-like tree a Markdown pack.
	dir = t.TempDir()
	writeFiles(t, dir, map[string]string{"pack.yaml": "id: mine\n", "pages/common/a.md": "# a\n"})
	packs, err = Load(context.Background(), dir, testOptions())
	if err != nil || packs[0].Format != FormatMarkdown || packs[0].Items[0].ID != "mine/pages/common/a" {
		t.Errorf("pack.yaml: %v %v", packIDs(packs), err)
	}
}

func TestDetectLicense(t *testing.T) {
	for in, want := range map[string]string{
		"licensed under [CC BY](https://creativecommons.org/licenses/by/4.0/)": "CC-BY-4.0",
		"Creative Commons Attribution-ShareAlike 4.0 International":            "CC-BY-SA-4.0",
		"The MIT License (MIT)": "MIT",
		"All rights reserved.":  "default",
	} {
		if got := detectLicense([]byte(in), "default"); got != want {
			t.Errorf("detectLicense(%q) = %q, want %q", in, got, want)
		}
	}
}

func packIDs(packs []*inflow.Pack) []string {
	ids := make([]string, len(packs))
	for i, p := range packs {
		ids[i] = p.ID
	}
	return ids
}

func itemIDs(p *inflow.Pack) []string {
	ids := make([]string, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.ID
	}
	return ids
}

func BenchmarkTldrItem(b *testing.B) {
	data, err := os.ReadFile("testdata/tldr/tldr-main/pages/common/pack.md")
	if err != nil {
		b.Fatal(err)
	}
	src := inflow.Source{Name: tldrSourceName}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tldrItem(data, "en", "common", "pack", src, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// TestStripMnemonicsLinear guards against code-span matching that rescans
// the line for every run of backticks: runs of lengths 1, 2, 3, … with no
// closing run took time quadratic in the line's length.
func TestStripMnemonicsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("slow if broken")
	}
	var b strings.Builder
	for n := 1; b.Len() < 4<<20; n++ {
		b.WriteString(strings.Repeat("`", n) + " [x] ")
	}
	start := time.Now()
	out := stripMnemonics(b.String())
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v for %d bytes", took, b.Len())
	}
	if strings.Contains(out, "[x]") {
		t.Error("brackets outside code were kept")
	}
}
