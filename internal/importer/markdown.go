package importer

import (
	"path"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// markdownItem turns one Markdown file into an item of the pack described
// by meta. rel is the file's slash-separated path relative to the pack's
// root; it gives the default id and topic. now stamps Updated when the
// front matter has no updated date. Errors are problems or domain errors;
// the caller names the file.
func markdownItem(rel string, data []byte, meta *packMeta, now time.Time) (*inflow.Item, error) {
	fm, body, err := parseFrontMatter(data)
	if err != nil {
		return nil, err
	}
	body = trimBlankLines(body)
	it := &inflow.Item{
		ID:        fm.ID,
		Pack:      meta.ID,
		Kind:      first(fm.Kind, meta.Kind, inflow.KindArticle),
		Title:     fm.Title,
		Summary:   fm.Summary,
		Body:      body,
		Topic:     first(fm.Topic, meta.Topic, topicOf(rel)),
		Tags:      fm.Tags,
		Language:  first(fm.Language, meta.Language, defaultLanguage),
		KeyPoints: fm.KeyPoints,
		Source: inflow.Source{
			Name:    first(fm.Source.Name, meta.Source.Name),
			URL:     first(fm.Source.URL, meta.Source.URL),
			License: first(fm.Source.License, meta.Source.License),
			Author:  first(fm.Source.Author, meta.Source.Author),
		},
		Updated: fm.Updated,
		Media:   fm.Media,
	}
	if it.ID == "" {
		it.ID = meta.ID + "/" + slugPath(strings.TrimSuffix(rel, path.Ext(rel)))
		if len(it.ID) > inflow.MaxIDLen {
			return nil, problemf(0, "the id made from the path, %q, is longer than %d bytes; set a shorter id in the front matter", it.ID, inflow.MaxIDLen)
		}
	}
	if it.Title == "" {
		if it.Title = firstHeading(body); it.Title == "" {
			return nil, problemf(0, "no title: set title in the front matter or start the text with a \"# \" heading")
		}
	}
	if it.Updated.IsZero() {
		it.Updated = now
	}
	it.Hash = contentHash(it)
	if err := it.Validate(); err != nil {
		return nil, err
	}
	return it, nil
}

// first returns the first of vs that is not empty.
func first[T ~string](vs ...T) T {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// topicOf returns the first folder of a relative path, or "" for a file at
// the root.
func topicOf(rel string) string {
	if dir, _, ok := strings.Cut(rel, "/"); ok {
		return collapseSpace(dir)
	}
	return ""
}

// trimBlankLines drops blank lines at the start of s and white space at its
// end, keeping the indentation of the first line that has text.
func trimBlankLines(s string) string {
	s = strings.TrimRight(s, " \t\n\r")
	for s != "" {
		line, next := nextLine(s, 0)
		if strings.TrimSpace(line) != "" {
			break
		}
		s = s[next:]
	}
	return s
}

// firstHeading returns the text of the first level-one ATX heading ("# ")
// in md outside fenced code blocks, or "".
func firstHeading(md string) string {
	var fence string // the opening fence of the code block we are in
	for off := 0; off < len(md); {
		var line string
		line, off = nextLine(md, off)
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) > 3 {
			continue // indented code
		}
		if fence != "" {
			if isClosingFence(t, fence) {
				fence = ""
			}
			continue
		}
		if f := openingFence(t); f != "" {
			fence = f
			continue
		}
		if strings.HasPrefix(t, "#") && (len(t) == 1 || t[1] == ' ' || t[1] == '\t') {
			if h := collapseSpace(trimClosingHashes(t[1:])); h != "" {
				return h
			}
		}
	}
	return ""
}

// openingFence returns the run of three or more backticks or tildes that
// opens a fenced code block on line t, or "".
func openingFence(t string) string {
	if len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || (t[0] == '`' && strings.IndexByte(t[n:], '`') >= 0) {
		return ""
	}
	return t[:n]
}

// isClosingFence reports whether line t closes a block opened by fence.
func isClosingFence(t, fence string) bool {
	n := 0
	for n < len(t) && t[n] == fence[0] {
		n++
	}
	return n >= len(fence) && strings.TrimSpace(t[n:]) == ""
}

// trimClosingHashes removes an ATX heading's optional closing sequence:
// "Title ##" becomes "Title", "C#" stays "C#".
func trimClosingHashes(h string) string {
	h = strings.TrimRight(h, " \t")
	t := strings.TrimRight(h, "#")
	if t == "" || t[len(t)-1] == ' ' || t[len(t)-1] == '\t' {
		return t
	}
	return h
}
