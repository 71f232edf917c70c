package bleveindex

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func terms(s string) []string {
	var out []string
	for _, t := range (wordAnalyzer{}).Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

func TestWordAnalyzer(t *testing.T) {
	cases := map[string][]string{
		"":                              nil,
		"  ,.; ":                        nil,
		"Hello, World!":                 {"hello", "world"},
		"tar.gz snake_case x-y 3.14":    {"tar", "gz", "snake", "case", "x", "y", "3", "14"},
		"Ärger über ÉTÉ naïve":          {"ärger", "über", "été", "naïve"},
		"cafe\u0301 x":                  {"cafe\u0301", "x"}, // a combining accent stays in the word
		"日本語のテキスト":                      {"日", "本", "語", "の", "テ", "キ", "ス", "ト"},
		"abc漢字def":                      {"abc", "漢", "字", "def"},
		"한국어 텍스트":                       {"한국어", "텍스트"},
		"Привет МИР":                    {"привет", "мир"},
		"E[x]tract {{path/to/file}}":    {"e", "x", "tract", "path", "to", "file"},
		"\xff\xfeabc\x00def":            {"abc", "def"},
		strings.Repeat("a", 101) + " b": {"b"},
	}
	for in, want := range cases {
		if got := terms(in); !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestWordAnalyzerOffsets(t *testing.T) {
	in := "Größe: ÜBER 日本 tar.GZ"
	for i, tok := range (wordAnalyzer{}).Analyze([]byte(in)) {
		if tok.Position != i+1 {
			t.Errorf("token %d position %d", i, tok.Position)
		}
		orig := in[tok.Start:tok.End]
		if strings.ToLower(orig) != string(tok.Term) {
			t.Errorf("token %q at %d:%d covers %q", tok.Term, tok.Start, tok.End, orig)
		}
	}
}

func FuzzWordAnalyzer(f *testing.F) {
	f.Add("Hello, World! tar.gz 日本語 Ärger")
	f.Fuzz(func(t *testing.T, in string) {
		for _, tok := range (wordAnalyzer{}).Analyze([]byte(in)) {
			if tok.Start < 0 || tok.End > len(in) || tok.Start >= tok.End || len(tok.Term) == 0 || len(tok.Term) > maxTokenLen {
				t.Fatalf("bad token %+v for %q", tok, in)
			}
			if !utf8.Valid(tok.Term) {
				t.Fatalf("invalid UTF-8 term %q", tok.Term)
			}
		}
	})
}

func BenchmarkWordAnalyzer(b *testing.B) {
	text := []byte(strings.Repeat("Extract a (compressed) archive file into the current directory verbosely: tar xvf source.tar.gz\n", 20))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		_ = wordAnalyzer{}.Analyze(text)
	}
}
