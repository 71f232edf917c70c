package anki

import (
	"strings"
	"testing"
)

func TestRenderCloze(t *testing.T) {
	const capital = "{{c1::Berlin}} is the capital of {{c2::Germany::country}}."
	for _, tc := range []struct {
		in     string
		active int
		want   string
	}{
		{capital, 1, "[...] is the capital of Germany."},
		{capital, 2, "Berlin is the capital of [country]."},
		{capital, 0, "Berlin is the capital of Germany."},
		{capital, 3, "Berlin is the capital of Germany."},
		{"{{c1::a}} {{c1::b}}", 1, "[...] [...]"},
		{"{{c1,2::both}} {{c3::x}}", 2, "[...] x"},
		{"{{c1::outer {{c2::inner}} end}}", 1, "[...]"},
		{"{{c1::outer {{c2::inner}} end}}", 2, "outer [...] end"},
		{"{{c1::outer {{c2::inner}} end}}", 0, "outer inner end"},
		{"{{c1::a::}}", 1, "[...]"},                  // an empty hint is no hint
		{"{{c1::a::hint::more}}", 1, "[hint::more]"}, // the first :: splits
		{"{{c1::<b>bold</b>}}", 0, "<b>bold</b>"},
		{"no clozes {{Field}} }}", 1, "no clozes {{Field}} }}"},
		{"{{c1::unclosed", 1, "{{c1::unclosed"},
		{"{{c1::a {{c2::b}} unclosed", 2, "{{c1::a [...] unclosed"},
		{"{{{c1::x}}}", 1, "{[...]}"},
		{"{{c::x}} {{cx::y}} {{c1:z}}", 1, "{{c::x}} {{cx::y}} {{c1:z}}"},
		{"{{c1234567::x}}", 1, "{{c1234567::x}}"},
		{"}} {{c1::a}} }}", 1, "}} [...] }}"},
	} {
		if got := renderCloze(tc.in, tc.active); got != tc.want {
			t.Errorf("renderCloze(%q, %d) = %q, want %q", tc.in, tc.active, got, tc.want)
		}
	}
}

// TestClozeDepth: nesting beyond maxClozeDepth stays text instead of
// recursing, and long inputs render in linear time.
func TestClozeDepth(t *testing.T) {
	const n = 100_000
	deep := strings.Repeat("{{c1::", n) + "x" + strings.Repeat("}}", n)
	// The outermost maxClozeDepth openings are clozes; the "}}" left over
	// once they are closed is text.
	if got, want := renderCloze(deep, 1), "[...]"+strings.Repeat("}}", n-maxClozeDepth); got != want {
		t.Errorf("deep nesting, active 1: %d bytes %.40q, want %d bytes", len(got), got, len(want))
	}
	if got := renderCloze(deep, 2); len(got) > len(deep) {
		t.Errorf("deep nesting grew: %d bytes out of %d", len(got), len(deep))
	}
	braces := strings.Repeat("{", 1_000_000)
	if got := renderCloze("{{c1::"+braces, 1); len(got) != len(braces)+6 {
		t.Errorf("unclosed cloze full of braces: %d bytes", len(got))
	}
}

func FuzzCloze(f *testing.F) {
	for _, s := range []string{"{{c1::a::b}}", "{{c1::{{c2::x}}}}", "{{c1,2::y", "}}{{", "{{c1::a}}{{c2::b}}"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, active int) {
		out := renderCloze(s, active)
		// Revealing everything removes exactly the markers.
		all := renderCloze(s, 0)
		if len(all) > len(s) {
			t.Fatalf("renderCloze(%q, 0) grew: %q", s, all)
		}
		if !strings.Contains(s, "{{c") && !strings.Contains(s, "{{C") && (out != s || all != s) {
			t.Fatalf("renderCloze(%q) changed text without clozes: %q / %q", s, out, all)
		}
	})
}
