package render

import (
	"strings"
	"unicode/utf8"
)

// goldmark's parsing is quadratic in a few shapes of input: container
// nesting within one line ("> > > …", "- - - …"), very long lines, and many
// link brackets within one paragraph. Micro content never needs these, but a
// hostile pack could use them to stall rendering or indexing for minutes, so
// harden rewrites such input before parsing:
//
//   - a line is broken at its last space or tab before maxLine bytes (in a
//     paragraph that renders the same, a soft line break being white space),
//     or at maxLine if it has none;
//   - a line opens at most maxNesting block containers (block quotes and list
//     items); further markers are backslash-escaped and show as text;
//   - a run of lines without a blank line, a new bullet or "1." list item or
//     a heading holds at most maxBrackets "[", further ones are
//     backslash-escaped (so a long list of links is fine, but a paragraph or
//     table with more than maxBrackets links shows the rest as text).
//
// This keeps parse time roughly linear: a crafted 1 MiB body takes a few
// seconds at worst instead of up to tens of minutes.
const (
	maxNesting  = 16
	maxLine     = 4 << 10
	maxBrackets = 128
)

// harden applies the limits above; it returns src itself when no line needs
// rewriting, which is the case for all ordinary Markdown.
func harden(src string) string {
	var b *strings.Builder
	start := 0    // start of the part of src not yet copied to b
	brackets := 0 // '[' seen in the current run of non-blank lines
	for pos := 0; pos < len(src); {
		end := strings.IndexByte(src[pos:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += pos
		}
		line := src[pos:end]
		n := strings.Count(line, "[")
		if n == 0 && strings.TrimSpace(line) == "" || startsInline(line) {
			brackets = 0
		}
		if len(line) > maxLine || brackets+n > maxBrackets || nestingCut(line) >= 0 {
			if b == nil {
				b = new(strings.Builder)
				b.Grow(len(src) + len(src)/maxLine + 16)
			}
			b.WriteString(src[start:pos])
			brackets = writeHardened(b, line, brackets)
			start = end
		} else {
			brackets += n
		}
		pos = end + 1
	}
	if b == nil {
		return src
	}
	b.WriteString(src[start:])
	return b.String()
}

// writeHardened writes line to b, broken into pieces of at most maxLine
// bytes, preferably at a space or tab and never inside a UTF-8 sequence,
// with each piece's container markers beyond maxNesting escaped.
func writeHardened(b *strings.Builder, line string, brackets int) int {
	for {
		piece, rest := line, ""
		if len(line) > maxLine {
			cut := strings.LastIndexAny(line[:maxLine], " \t")
			if cut > 0 {
				piece, rest = line[:cut], line[cut+1:]
			} else {
				cut = maxLine
				for cut > 0 && !utf8.RuneStart(line[cut]) {
					cut--
				}
				if cut == 0 {
					cut = maxLine
				}
				piece, rest = line[:cut], line[cut:]
			}
		}
		if esc := nestingCut(piece); esc >= 0 {
			b.WriteString(piece[:esc])
			b.WriteByte('\\')
			piece = piece[esc:]
		}
		for {
			i := strings.IndexByte(piece, '[')
			if i < 0 {
				break
			}
			if brackets++; brackets > maxBrackets && (i == 0 || piece[i-1] != '\\') {
				b.WriteString(piece[:i])
				b.WriteString("\\[")
			} else {
				b.WriteString(piece[:i+1])
			}
			piece = piece[i+1:]
		}
		b.WriteString(piece)
		if rest == "" {
			return brackets
		}
		b.WriteByte('\n')
		line = rest
	}
}

// nestingCut scans the block-container markers at the start of line. If
// there are more than maxNesting, it returns the byte offset at which a
// backslash must be inserted to make the next marker literal text; else -1.
func nestingCut(line string) int {
	markers, i := 0, 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			break
		}
		c := line[i]
		switch {
		case c == '>':
			if markers == maxNesting {
				return i
			}
			markers++
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			if markers == maxNesting {
				return i
			}
			markers++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				if markers == maxNesting {
					return j
				}
				markers++
				i = j + 1
				continue
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}

// startsInline reports whether line certainly starts a new unit of inline
// parsing: a bullet or "1." list item or an ATX heading indented by at most
// three spaces, each of which can interrupt a paragraph.
func startsInline(line string) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i+1 >= len(line) {
		return false
	}
	switch c := line[i]; {
	case c == '-' || c == '*' || c == '+':
		return line[i+1] == ' '
	case c == '#':
		return true
	case c == '1':
		return i+2 < len(line) && (line[i+1] == '.' || line[i+1] == ')') && line[i+2] == ' '
	}
	return false
}
