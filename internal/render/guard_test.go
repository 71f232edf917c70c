package render

import (
	"strings"
	"testing"
	"time"
)

func TestHardenLeavesOrdinaryMarkdown(t *testing.T) {
	for _, s := range []string{typicalItem, "", "x", "- a\n  - b\n    - c", "> > > q", strings.Repeat("[a](b) ", 100)} {
		if got := harden(s); got != s {
			t.Errorf("harden changed ordinary input %.40q", s)
		}
	}
	// A list of many links keeps them all: each item is its own paragraph.
	var b strings.Builder
	for range 500 {
		b.WriteString("- [a](https://example.com/)\n")
	}
	if got := harden(b.String()); got != b.String() {
		t.Errorf("harden escaped a long list of links")
	}
}

func TestHardenLimits(t *testing.T) {
	deep := strings.Repeat("> ", 40) + "x"
	got := harden(deep)
	if want := strings.Repeat("> ", maxNesting) + `\` + strings.Repeat("> ", 40-maxNesting) + "x"; got != want {
		t.Errorf("nesting:\n got %q\nwant %q", got, want)
	}
	if got := harden(strings.Repeat("1. ", 20) + "x"); !strings.Contains(got, strings.Repeat("1. ", maxNesting-1)+`1\. `) {
		t.Errorf("ordered nesting not escaped: %q", got)
	}

	long := strings.Repeat("word ", 3000)
	for _, line := range strings.Split(harden(long), "\n") {
		if len(line) > maxLine {
			t.Fatalf("line of %d bytes left", len(line))
		}
	}
	if got := strings.ReplaceAll(harden(long), "\n", " "); got != long {
		t.Errorf("breaking a long line lost text")
	}
	noSpace := strings.Repeat("é", 5000)
	for _, line := range strings.Split(harden(noSpace), "\n") {
		if len(line) > maxLine || !strings.HasPrefix(line, "é") {
			t.Fatalf("bad break of a line without spaces: %d bytes", len(line))
		}
	}

	brackets := harden(strings.Repeat("[", 300))
	if n := strings.Count(brackets, `\[`); n != 300-maxBrackets {
		t.Errorf("escaped %d brackets, want %d", n, 300-maxBrackets)
	}
}

// TestHardenStopsSlowInputs runs shapes of input that are quadratic in
// goldmark without harden (minutes for 1 MiB) and requires each to finish
// quickly.
func TestHardenStopsSlowInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 256 << 10
	shapes := map[string]string{
		"nested quotes":   strings.Repeat("> ", n/2),
		"nested markers":  strings.Repeat(">", n),
		"nested lists":    strings.Repeat("- ", n/2),
		"nested ordered":  strings.Repeat("1. ", n/3),
		"brackets":        strings.Repeat("[", n/2) + strings.Repeat("]", n/2),
		"bracket lines":   strings.Repeat("[\n", n/4) + strings.Repeat("]\n", n/4),
		"open links":      strings.Repeat("[a](", n/4),
		"link lines":      strings.Repeat("[a](b\n", n/6),
		"lazy link lines": "- x\n" + strings.Repeat("[a](b\n", n/6),
		"images":          strings.Repeat("![", n/2),
		"emphasis":        strings.Repeat("*a", n/2),
		"raw html":        strings.Repeat("<a", n/2),
		"table rows":      "|a|b|\n|-|-|\n" + strings.Repeat("|x|[y|\n", n/7),
	}
	for name, in := range shapes {
		start := time.Now()
		if _, err := Markdown(in); err != nil {
			t.Fatal(err)
		}
		_ = PlainText(in)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %d bytes took %v", name, len(in), d)
		} else {
			t.Logf("%-15s %d bytes in %v", name, len(in), d)
		}
	}
}
