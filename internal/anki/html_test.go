package anki

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		// The examples in the PlainText documentation.
		{`<div>Dog</div><div><img src="dog.jpg"> [sound:dog.mp3]</div>`, "Dog\n[image]"},
		{"<ul><li>one</li><li>two &amp; three</li></ul>", "- one\n- two & three"},
		{"  two   words\t\n", "two words"},
		{"<b>bold</b> and <i>italic</i>", "bold and italic"},
		{"a<br>b", "a\nb"},
		{"a<br/>b<BR >c", "a\nb\nc"},
		{"a<br><br>b", "a\n\nb"},
		{"a<br><br><br><br>b", "a\n\nb"},
		{"<div>a</div><div>b</div>", "a\nb"},
		{"<div>a</div><div><br></div><div>b</div>", "a\n\nb"},
		{"a<br><div>b</div>", "a\nb"},
		{"<div><div><p>deep</p></div></div>", "deep"},
		{"<p>one</p><p>two</p>", "one\ntwo"},
		{"<ul><li>x</li><li>y <b>z</b></li></ul>", "- x\n- y z"},
		{"<ol>\n <li>first</li>\n <li>second</li>\n</ol>", "- first\n- second"},
		{"<h1>Title</h1>text", "Title\ntext"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{`<img src="cat.png">`, "[image]"},
		{`see <img src="a.png" alt="x > y"/>here`, "see [image] here"},
		{"Hund [sound:hund.mp3]", "Hund"},
		{"[sound:a.mp3][sound:b.ogg]", ""},
		{"&lt;b&gt; is a tag", "<b> is a tag"},
		{"Tom &amp; Jerry&nbsp;&nbsp;run", "Tom & Jerry run"},
		{"&#x41;&#66;&eacute;", "ABé"},
		{"x < y and y > z", "x < y and y > z"},
		{"1<2", "1<2"},
		{"trailing <", "trailing <"},
		{"a <!-- hidden <b>x</b> --> b", "a b"},
		{"a <!-- unterminated", "a"},
		{"<style>.card { color: red }</style>text", "text"},
		{"<script>if (a<b) alert('</scriptx>')</script>after", "after"},
		{"<SCRIPT>x</SCRIPT >ok", "ok"},
		{"before<script>never closed", "before"},
		{"<style>İİİİİİİİİ</style>after<br>x", "after\nx"}, // lower-casing İ changes byte offsets
		{"<script>x</script", ""},
		{"<span style=\"color: red\">red</span>", "red"},
		{"<a href='x>y'>link</a>", "link"},
		{"unclosed <b tag", "unclosed"},
		{"<!DOCTYPE html><?xml?>text</ >", "text"},
		{"line\r\nbreaks\nare spaces", "line breaks are spaces"},
		{"\xff\xfebad", "\uFFFDbad"},
		{"&#0;&#xD800;", "\uFFFD\uFFFD"},
	} {
		if got := PlainText(tc.in); got != tc.want {
			t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// checkPlain checks the properties every PlainText result has.
func checkPlain(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("PlainText(%q) = %q: invalid UTF-8", in, out)
	}
	if out != strings.TrimSpace(out) {
		t.Fatalf("PlainText(%q) = %q: not trimmed", in, out)
	}
	if strings.Contains(out, "\n\n\n") || strings.ContainsAny(out, "\r\t\v\f") {
		t.Fatalf("PlainText(%q) = %q: whitespace not collapsed", in, out)
	}
	for line := range strings.SplitSeq(out, "\n") {
		if line != strings.Join(strings.Fields(line), " ") {
			t.Fatalf("PlainText(%q) = %q: line %q not collapsed", in, out, line)
		}
	}
	// Without character references, every '<' that can open a tag opens
	// one, so if each '<' of the input does, no '<' can reach the output.
	if !strings.Contains(in, "&") {
		allTags := true
		for i := 0; i < len(in); i++ {
			if in[i] == '<' && (i+1 >= len(in) || !(isASCIILetter(in[i+1]) || strings.IndexByte("/!?", in[i+1]) >= 0)) {
				allTags = false
			}
		}
		if allTags && strings.Contains(out, "<") {
			t.Fatalf("PlainText(%q) = %q: markup left", in, out)
		}
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{
		"", "<b>x</b>", "a<br>b", "<div>a</div><div>b</div>", "&lt;b&gt;", "<img src=x>",
		"[sound:x.mp3]", "<!-- c -->", "<script>x</script>", "<a href='>'>y</a>", "\xff<",
		"<ul><li>a</li></ul>", "<<b>b>", "&#xD800;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := PlainText(in)
		checkPlain(t, in, out)
		// Plain text without markup characters comes back as it is, but on
		// one line: raw newlines are HTML whitespace.
		if again, want := PlainText(out), strings.Join(strings.Fields(out), " "); !strings.ContainsAny(out, "<&[") && again != want {
			t.Fatalf("PlainText(%q) = %q, want %q", out, again, want)
		}
	})
}
