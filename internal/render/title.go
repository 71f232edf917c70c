package render

import "strings"

// WithoutTitle drops a leading "# heading" line from md when it repeats
// title, so the reader does not show the title twice (tldr pages and
// Markdown files whose title came from their heading keep it in the body).
func WithoutTitle(md, title string) string {
	rest := strings.TrimLeft(md, " \t\r\n")
	line, after, _ := strings.Cut(rest, "\n")
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "# ") {
		return md
	}
	if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(line, "# ")), strings.TrimSpace(title)) {
		return after
	}
	return md
}
