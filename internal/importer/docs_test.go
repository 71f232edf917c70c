package importer

import (
	"os"
	"strings"
	"testing"
)

// TestDocExamples parses the examples in docs/content-format.md, so the
// reference cannot show a file the importer rejects.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/content-format.md")
	if err != nil {
		t.Skipf("docs/content-format.md: %v", err)
	}
	// Courses have their own format, checked by internal/course.
	packs, _, _ := strings.Cut(string(doc), "\n## Courses")
	blocks := codeBlocks(packs)
	var yamls, markdowns int
	for _, b := range blocks {
		switch {
		case b.lang == "yaml":
			yamls++
			if _, err := parsePackFile([]byte(b.text), "example"); err != nil {
				t.Errorf("pack.yaml example: %v\n%s", err, b.text)
			}
		case b.lang == "markdown" && strings.HasPrefix(b.text, "---"):
			markdowns++
			if _, err := markdownItem("guides/vpn.md", []byte(b.text), defaultPackMeta("example"), testNow); err != nil {
				t.Errorf("Markdown example: %v\n%s", err, b.text)
			}
		case b.lang == "markdown" && strings.HasPrefix(b.text, "# "):
			markdowns++
			pg, err := parseTldrPage([]byte(b.text))
			if err != nil || pg.InfoURL == "" || len(pg.KeyPoints) == 0 {
				t.Errorf("tldr example: %+v %v", pg, err)
			}
		}
	}
	if yamls == 0 || markdowns < 2 {
		t.Errorf("found %d yaml and %d markdown examples", yamls, markdowns)
	}
}

type codeBlock struct{ lang, text string }

// codeBlocks returns the ``` fenced blocks of a Markdown document.
func codeBlocks(md string) []codeBlock {
	var (
		out []codeBlock
		cur *codeBlock
	)
	for line := range strings.Lines(md) {
		switch {
		case cur == nil && strings.HasPrefix(line, "```") && !strings.HasPrefix(line, "````"):
			cur = &codeBlock{lang: strings.TrimSpace(line[3:])}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line
		}
	}
	return out
}
