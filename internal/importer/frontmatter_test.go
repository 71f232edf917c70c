package importer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want frontMatter
		body string
	}{
		{"none", "# Title\n\nText.\n", frontMatter{}, "# Title\n\nText.\n"},
		{"empty", "---\n---\nBody\n", frontMatter{}, "Body\n"},
		{"only comments", "---\n# nothing\n---\nBody", frontMatter{}, "Body"},
		{"null document", "---\n~\n---\nBody", frontMatter{}, "Body"},
		{"unterminated last line", "---\ntitle: T\n---", frontMatter{Title: "T"}, ""},
		{"fence with trailing spaces", "---  \ntitle: T\n--- \nB", frontMatter{Title: "T"}, "B"},
		{"crlf and bom", "\ufeff---\r\ntitle: T\r\n---\r\nBody\r\n", frontMatter{Title: "T"}, "Body\n"},
		{"all fields", `---
id: pack/x
kind: How-To
title: "  A   title "
summary: >
  One line
  and more.
topic: Networking
tags: [a, b, a, 42]
language: pt_br
key_points:
  - First
  - "Second: with colon"
source: {name: N, url: "https://example.com/x", license: MIT, author: A}
updated: 2024-05-31
media: https://example.com/v.mp4
---
Body`, frontMatter{
			ID: "pack/x", Kind: inflow.KindHowTo, Title: "A title", Summary: "One line and more.",
			Topic: "Networking", Tags: []string{"a", "b", "42"}, Language: "pt-BR",
			KeyPoints: []string{"First", "Second: with colon"},
			Source:    inflow.Source{Name: "N", URL: "https://example.com/x", License: "MIT", Author: "A"},
			Updated:   time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC), Media: "https://example.com/v.mp4",
		}, "Body"},
		{"rfc3339", "---\nupdated: 2024-06-01T09:30:00+02:00\n---\n", frontMatter{Updated: time.Date(2024, 6, 1, 7, 30, 0, 0, time.UTC)}, ""},
		{"null values are unset", "---\ntitle:\ntags: ~\nsource:\nkey_points:\n---\n", frontMatter{}, ""},
		{"empty values are unset", "---\ntitle: ''\ntags: \"\"\nsource: ' '\nkind: \"\"\n---\n", frontMatter{}, ""},
		{"scalars as text", "---\ntitle: 2024\nsummary: true\n---\n", frontMatter{Title: "2024", Summary: "true"}, ""},
		{"dashes in body", "---\ntitle: T\n---\ntext\n---\nmore\n", frontMatter{Title: "T"}, "text\n---\nmore\n"},
		{"not front matter", "----\ntitle: T\n", frontMatter{}, "----\ntitle: T\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, err := parseFrontMatter([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !fm.Updated.Equal(tt.want.Updated) {
				t.Errorf("updated %v, want %v", fm.Updated, tt.want.Updated)
			}
			fm.Updated, tt.want.Updated = time.Time{}, time.Time{}
			if got, want := strings.Join(fm.Tags, ","), strings.Join(tt.want.Tags, ","); got != want {
				t.Errorf("tags %q, want %q", got, want)
			}
			if got, want := strings.Join(fm.KeyPoints, "|"), strings.Join(tt.want.KeyPoints, "|"); got != want {
				t.Errorf("key points %q, want %q", got, want)
			}
			fm.Tags, fm.KeyPoints, tt.want.Tags, tt.want.KeyPoints = nil, nil, nil, nil
			if !reflect.DeepEqual(*fm, tt.want) {
				t.Errorf("got  %+v\nwant %+v", *fm, tt.want)
			}
			if body != tt.body {
				t.Errorf("body %q, want %q", body, tt.body)
			}
		})
	}
}

func TestParseFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"unterminated", "---\ntitle: T\nbody\n", 1, `front matter: no closing "---" line`},
		{"unknown key", "---\ntitle: T\ntittle: U\n---\n", 3, `front matter: unknown key "tittle" (did you mean "title"?)`},
		{"unknown key other case", "---\nTitle: T\n---\n", 2, `unknown key "Title" (did you mean "title"?)`},
		{"unknown key far off", "---\ncolour: red\n---\n", 2, `unknown key "colour"`},
		{"invalid yaml", "---\ntitle: T\nsummary: [a\n---\n", 0, "front matter: "},
		{"yaml syntax line", "---\na: 1\nb: 2\nc 2\nd: 3\n---\n", 4, "front matter: could not find expected ':'"},
		{"tab indent", "---\ntags:\n\t- a\n---\n", 0, "front matter"},
		{"not a mapping", "---\n- a\n- b\n---\n", 2, "must be a mapping"},
		{"scalar document", "---\njust text\n---\n", 2, "must be a mapping"},
		{"duplicate key", "---\ntitle: A\ntitle: B\n---\n", 3, `key "title" appears twice (first on line 2)`},
		{"title list", "---\ntitle: [a, b]\n---\n", 2, "title must be text, not a list"},
		{"tags scalar", "---\ntags: go\n---\n", 2, "tags must be a list"},
		{"tags nested", "---\ntags:\n  - a\n  - [b]\n---\n", 4, "tags[1] must be text, not a list"},
		{"tag empty", "---\ntags: [a, '']\n---\n", 2, "tags[1] is empty"},
		{"tag null", "---\ntags: [a, ~]\n---\n", 2, "tags[1] must be text"},
		{"too many tags", "---\ntags: [" + numbered(51) + "]\n---\n", 2, "more than 50 tags"},
		{"too many key points", "---\nkey_points: [" + numbered(51) + "]\n---\n", 2, "more than 50 key points"},
		{"bad kind", "---\nkind: poem\n---\n", 2, `kind "poem" is not one of article, how-to`},
		{"bad id", "---\nid: has space\n---\n", 2, `id "has space" may only use`},
		{"dotdot id", "---\nid: a/../b\n---\n", 2, `id "a/../b"`},
		{"long id", "---\nid: " + strings.Repeat("a", 201) + "\n---\n", 2, "id is longer than 200 bytes"},
		{"long title", "---\ntitle: " + strings.Repeat("a", 301) + "\n---\n", 2, "title is longer than 300 bytes"},
		{"bad language", "---\nlanguage: english please\n---\n", 2, `language "english please" is not a language tag`},
		{"bad date", "---\nupdated: last tuesday\n---\n", 2, `updated "last tuesday" is not a date`},
		{"bad date value", "---\nupdated: 2024-13-45\n---\n", 2, "is not a date"},
		{"bad media", "---\nmedia: file:///etc/passwd\n---\n", 2, "media \"file:///etc/passwd\" is not an http or https URL"},
		{"bad source url", "---\nsource:\n  url: javascript:alert(1)\n---\n", 3, "source.url"},
		{"source unknown key", "---\nsource:\n  licence: MIT\n---\n", 3, `unknown key "source.licence" (did you mean "license"?)`},
		{"source scalar", "---\nsource: tldr\n---\n", 2, "source must be a mapping"},
		{"alias", "---\nx: &a T\ntitle: *a\n---\n", 2, `unknown key "x"`},
		{"alias value", "---\ntitle: &a T\nsummary: *a\n---\n", 3, "aliases"},
		{"merge key", "---\n<<: {title: T}\n---\n", 2, `unknown key "<<"`},
		{"binary tag", "---\ntitle: !!binary aGVsbG8=\n---\n", 2, "title must be text"},
		{"invalid utf8", "---\ntitle: T\n---\nline 4\nbad \xff here\n", 5, "not valid UTF-8"},
		{"invalid utf8 in yaml", "---\ntitle: \xc3\x28\n---\n", 2, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseFrontMatter([]byte(tt.in))
			var p *problem
			if !errors.As(err, &p) {
				t.Fatalf("got %v, want a problem", err)
			}
			if tt.line > 0 && p.line != tt.line {
				t.Errorf("line %d, want %d (%v)", p.line, tt.line, err)
			}
			if !strings.Contains(p.msg, tt.msg) {
				t.Errorf("message %q, want it to contain %q", p.msg, tt.msg)
			}
			if p.code != inflow.EINVALID {
				t.Errorf("code %q", p.code)
			}
		})
	}
}

// TestYAMLErrorLines checks that YAML syntax errors point at the file
// line of the problem, not the front matter line, and that yaml.v3's
// zero-based parser lines are corrected.
func TestYAMLErrorLines(t *testing.T) {
	tests := []struct {
		in   string
		line int
	}{
		{"---\na: 1\nb: 2\nc 2\nd: 3\n---\n", 4},   // scanner error
		{"---\ntitle: T\nsummary: [a\n---\n", 3},   // parser error in a flow sequence
		{"---\nx: 1\n- a\n---\n", 3},               // parser error: expected key
		{"---\ntags:\n\t- a\n---\n", 3},            // tab
		{"---\ntitle: T\n  bad: indent\n---\n", 3}, // mapping in the wrong place
		{"---\nx: 1\nv: [A,\n\n\n---\n", 3},        // error at the end, clamped
		{"---\ntitle: \"unterminated\n---\n", 2},   // unterminated quote
		{"---\nx: 1\nv: {A: 1\ny: 2\n---\n", 3},    // flow mapping
		{"---\nx:\n  - a\n  b: 1\n---\n", 3},       // block sequence
		{"\ufeff---\r\nx: 1\r\n- a\r\n---\r\n", 3}, // CRLF and BOM keep lines
	}
	for _, tt := range tests {
		_, _, err := parseFrontMatter([]byte(tt.in))
		var p *problem
		if !errors.As(err, &p) {
			t.Errorf("%q: got %v, want a problem", tt.in, err)
		} else if p.line != tt.line {
			t.Errorf("%q: line %d, want %d (%v)", tt.in, p.line, tt.line, err)
		}
	}
}

func numbered(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = "t" + strings.Repeat("x", i)
	}
	return strings.Join(s, ", ")
}

func TestNormalizeLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "EN": "en", "pt_BR": "pt-BR", "pt-br": "pt-BR", "zh_TW": "zh-TW",
		"zh-hant-tw": "zh-Hant-TW", "es-419": "es-419", "sr-latn": "sr-Latn", " de ": "de",
		"": "", "e": "", "en--US": "", "en-": "", "1a": "", "en US": "", "toolongsubtag": "", "日本": "",
	} {
		got, ok := normalizeLanguage(in)
		if got != want || ok != (want != "") {
			t.Errorf("normalizeLanguage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"VPN Setup": "vpn-setup", "  a__b  ": "a-b", "Café notes": "caf-notes", "v1.2": "v1-2",
		"---": "x" + slug("---")[1:], "日本語": slug("日本語"),
	} {
		if got := slug(in); got != want || !inflow.ValidID(got) {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if s := slug("日本語"); len(s) != 9 || s[0] != 'x' || slug("中文") == s {
		t.Errorf("fallback slug %q", s)
	}
	if s := slug(strings.Repeat("ab ", 100)); len(s) > maxSlugLen || strings.HasSuffix(s, "-") {
		t.Errorf("long slug %q", s)
	}
}
