package importer

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// utf8BOM is the byte-order mark some editors put at the start of files.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkUTF8 returns a problem naming the line of the first byte sequence in
// data that is not UTF-8, or nil.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return problemf(1+bytes.Count(data[:i], []byte{'\n'}), "text is not valid UTF-8")
		}
		i += n
	}
	return nil // not reached: utf8.Valid said there is a bad sequence
}

// normalizeText checks data is UTF-8 and returns it as a string without a
// byte-order mark and with CRLF line ends turned into LF, so a file saved on
// Windows parses and hashes like the same file saved elsewhere.
func normalizeText(data []byte) (string, error) {
	if err := checkUTF8(data); err != nil {
		return "", err
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	s := string(data)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return s, nil
}

// collapseSpace trims s and turns every run of white space in it (including
// line ends) into one space, for fields shown on one line. Text that needs
// no change is returned without copying.
func collapseSpace(s string) string {
	if s = strings.TrimSpace(s); isCollapsed(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			space = len(b) > 0
		} else {
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// isCollapsed reports whether s has no leading, trailing, repeated or
// non-space white space.
func isCollapsed(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			switch {
			case c == ' ' && prevSpace:
				return false
			case c == ' ':
				prevSpace = true
			case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			return false
		}
		prevSpace = false
		i += n
	}
	return !prevSpace || s == ""
}

// isSpace is unicode.IsSpace.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// nextLine returns the line of s starting at off, without its line end, and
// the offset of the line after it (len(s) at the end).
func nextLine(s string, off int) (line string, next int) {
	if i := strings.IndexByte(s[off:], '\n'); i >= 0 {
		return s[off : off+i], off + i + 1
	}
	return s[off:], len(s)
}
