package anki

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// soundTag matches Anki's audio references, [sound:file.mp3].
var soundTag = regexp.MustCompile(`\[sound:[^\]]*\]`)

// blockTags start and end on a line of their own.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true,
	"center": true, "dd": true, "details": true, "dl": true, "dt": true,
	"div": true, "figcaption": true, "figure": true, "footer": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true,
	"ol": true, "p": true, "pre": true, "section": true, "summary": true,
	"table": true, "tr": true, "ul": true,
}

// rawTextTags are elements whose content is not text to show.
var rawTextTags = map[string]bool{"script": true, "style": true, "title": true, "template": true}

// PlainText turns an Anki field's HTML into readable plain text:
//
//   - <br> is a line break; block elements (div, p, li, headings, list and
//     table rows, ...) start and end lines, and list items start with "- ";
//     table cells are separated by a space;
//   - <img> becomes an image placeholder (see below); [sound:...]
//     references are removed;
//   - every other tag, comments, and the content of script and style
//     elements are dropped;
//   - character references (&amp;, &nbsp;, &#x41;) are decoded;
//   - whitespace, including raw newlines (which HTML does not show), is
//     collapsed to single spaces within each line, lines are trimmed, runs
//     of blank lines become one, and the result is trimmed.
//
// For example:
//
//	<div>Dog</div><div><img src="dog.jpg"> [sound:dog.mp3]</div>  →  "Dog\n[image]"
//	<ul><li>one</li><li>two &amp; three</li></ul>                   →  "- one\n- two & three"
//
// A '<' that cannot start a tag (followed by a space, a digit, ...) is
// text, as in a browser. Text that was written as an escaped tag, such as
// "&lt;b&gt;", decodes to "<b>": it is what the card showed. Invalid UTF-8
// becomes U+FFFD; the result is always valid UTF-8.
func PlainText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = soundTag.ReplaceAllString(s, "")
	w := &textWriter{}
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			w.text(s)
			break
		}
		w.text(s[:i])
		s = s[i:]
		if len(s) < 2 {
			w.text(s)
			break
		}
		switch c := s[1]; {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s[4:], "-->")
			if end < 0 {
				return w.String()
			}
			s = s[4+end+3:]
		case c == '!' || c == '?' || c == '/' || isASCIILetter(c):
			name, closing, rest := readTag(s)
			s = rest
			if !closing && rawTextTags[name] {
				s = skipRawText(s, name)
				continue
			}
			w.tag(name, closing)
		default:
			w.text(s[:1])
			s = s[1:]
		}
	}
	return w.String()
}

// isASCIILetter reports whether c is an ASCII letter, the only characters
// that can follow '<' in a start tag.
func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// readTag reads the tag at the start of s (which begins with '<') up to its
// closing '>', honouring quoted attribute values, and returns its
// lower-case name, whether it is an end tag, and what follows it. A tag
// without a closing '>' runs to the end of s, as in a browser.
func readTag(s string) (name string, closing bool, rest string) {
	i := 1
	if i < len(s) && s[i] == '/' {
		closing = true
		i++
	}
	start := i
	for i < len(s) && (isASCIILetter(s[i]) || '0' <= s[i] && s[i] <= '9' || s[i] == '-' || s[i] == ':') {
		i++
	}
	name = strings.ToLower(s[start:i])
	var quote byte
	afterEquals := false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '>':
			return name, closing, s[i+1:]
		case (c == '"' || c == '\'') && afterEquals:
			quote = c
		}
		switch c {
		case '=':
			afterEquals = true
		case ' ', '\t', '\n', '\r', '\f':
		default:
			afterEquals = false
		}
	}
	return name, closing, ""
}

// skipRawText skips the content of a raw text element (script, style) and
// returns what follows its end tag, or "" when there is none. The end tag
// is matched ignoring ASCII case only, so byte offsets never shift.
func skipRawText(s, name string) string {
	for off := 0; ; {
		i := strings.Index(s[off:], "</")
		if i < 0 {
			return ""
		}
		i += off
		j := i + 2 + len(name)
		if j <= len(s) && equalFoldASCII(s[i+2:j], name) &&
			(j == len(s) || !isASCIILetter(s[j]) && !('0' <= s[j] && s[j] <= '9')) {
			_, _, rest := readTag(s[i:])
			return rest
		}
		off = i + 2
	}
}

// equalFoldASCII reports whether a and b are equal ignoring ASCII case.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// textWriter collects plain text line by line, as a browser lays it out:
// <br> always ends a line (so two in a row leave a blank one), while a block
// boundary ends a line only when the line has text, so nested or adjacent
// blocks do not add blank lines.
type textWriter struct {
	b       strings.Builder
	hasText bool // the current line has a non-space character
}

// text writes decoded text; HTML whitespace, raw newlines included, is a
// space.
func (w *textWriter) text(s string) {
	if s == "" {
		return
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			w.b.WriteByte(' ')
			continue
		}
		w.b.WriteRune(r)
		w.hasText = true
	}
}

// newline ends the current line.
func (w *textWriter) newline() {
	w.b.WriteByte('\n')
	w.hasText = false
}

// block ends the current line if it has text.
func (w *textWriter) block() {
	if w.hasText {
		w.newline()
	}
}

// tag writes what a tag stands for.
func (w *textWriter) tag(name string, closing bool) {
	switch {
	case name == "br":
		w.newline()
	case name == "img" && !closing:
		w.text(" [image] ")
	case name == "li" && !closing:
		w.block()
		w.text("- ")
	case name == "td" || name == "th":
		w.text(" ")
	case blockTags[name]:
		w.block()
	}
}

// String returns the text with whitespace collapsed to single spaces on
// every line, at most one blank line in a row, and no blank lines or spaces
// at either end.
func (w *textWriter) String() string {
	var out strings.Builder
	blank := false // a blank line is pending
	for line := range strings.SplitSeq(w.b.String(), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			blank = out.Len() > 0
			continue
		}
		if out.Len() > 0 {
			out.WriteByte('\n')
			if blank {
				out.WriteByte('\n')
			}
		}
		out.WriteString(line)
		blank = false
	}
	return out.String()
}
